package sqlitestore

import (
	"context"
	"encoding/json"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
)

func BenchmarkScratchHold(b *testing.B) {
	copyFile(b, "/tmp/monstall/due-5000-1-1000.db", b.TempDir()+"/x.db")
	s, err := Open(context.Background(), b.TempDir()+"/../001/x.db", WithAlerts(PolicyPlanner(nil, cn.Calendar())))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	m, _ := NewMonitor(s, MonitorConfig{Name: "x", Handler: sla.HandlerFunc(func(context.Context, sla.Alert) error { return nil })})
	now := time.Date(2025, 9, 15, 2, 1, 0, 0, time.UTC)
	var claim, mark time.Duration
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	var nb int
	for {
		t := cpu()
		cs, _, err := m.claim(context.Background(), now)
		claim += cpu() - t
		if err != nil {
			b.Fatal(err)
		}
		if len(cs) == 0 {
			break
		}
		nb++
		t = cpu()
		var fired []any
		for _, c := range cs {
			fired = append(fired, []any{c.alert.Order, c.alert.Target, c.level, flag(c.superseded)})
		}
		keys, _ := json.Marshal(fired)
		err = m.tx(context.Background(), func(t *wtx) error {
			_, err := t.exec(markSQL, now.UnixMicro(), "x", string(keys))
			return err
		})
		mark += cpu() - t
		if err != nil {
			b.Fatal(err)
		}
	}
	fmt.Println("held", time.Duration(m.held.Load()), "batches", nb, "claim avg", claim/time.Duration(nb), "mark avg", mark/time.Duration(nb))
}
