package sqlitestore_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// A store that keeps the alerts, and a Monitor raising them through the
// service, which urges an order whose target is overdue.
func ExampleMonitor() {
	dir, err := os.MkdirTemp("", "hotline")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	cal := cn.Calendar()
	store, err := sqlitestore.Open(ctx, filepath.Join(dir, "orders.db"),
		sqlitestore.WithAlerts(sqlitestore.PolicyPlanner(nil, cal)))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	shanghai := time.FixedZone("CST", 8*3600)
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
	svc, err := workorder.NewService(workorder.Config{
		Store: store, Calendar: cal, IDs: workorder.Sequence("QX"),
		Clock: workorder.ClockFunc(func() time.Time { return now }),
	})
	if err != nil {
		log.Fatal(err)
	}
	m, err := sqlitestore.NewMonitor(store, sqlitestore.MonitorConfig{Name: "node-1",
		Handler: sla.HandlerFunc(func(ctx context.Context, a sla.Alert) error {
			fmt.Println(a.Order, a.Target, a.Level, a.At.In(shanghai).Format("15:04:05"))
			return svc.Alert(ctx, a)
		})})
	if err != nil {
		log.Fatal(err)
	}

	o, err := svc.Accept(ctx, workorder.Centre("agent-7"), &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyEmergency,
		Text:     "燃气管道泄漏。",
		Location: workorder.Location{Region: "清溪镇/三中村"},
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := svc.Dispatch(ctx, workorder.Centre("agent-7"), o.ID, workorder.Assignment{Lead: "清溪镇城管办"}); err != nil {
		log.Fatal(err)
	}

	// At 10:20 the unit has not signed: the sign target is overdue (its
	// warning, at 10:07:30, is passed over), and the contact target warns.
	now = now.Add(20 * time.Minute)
	n, err := m.Fire(ctx, now)
	if err != nil {
		log.Fatal(err)
	}
	o, err = store.Get(ctx, o.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "raised; urged", o.Urges, "time(s), overdue:", o.Overdue)
	// Output:
	// QX000001 contact warning 10:15:00
	// QX000001 sign overdue 10:15:01
	// 2 raised; urged 1 time(s), overdue: true
}
