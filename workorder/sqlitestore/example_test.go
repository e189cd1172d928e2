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
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// Open a store on a file, run a service on it, and read the order and its
// audit trail back from the database.
func Example() {
	dir, err := os.MkdirTemp("", "hotline")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	store, err := sqlitestore.Open(ctx, filepath.Join(dir, "orders.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	shanghai := time.FixedZone("CST", 8*3600)
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
	svc, err := workorder.NewService(workorder.Config{
		Store: store, Calendar: cn.Calendar(), IDs: workorder.Sequence("QX"),
		Clock: workorder.ClockFunc(func() time.Time { return now }),
	})
	if err != nil {
		log.Fatal(err)
	}
	o, err := svc.Accept(ctx, workorder.Centre("agent-7"), &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
		Text:     "三中村工业路工地凌晨两点仍在施工。",
		Location: workorder.Location{Region: "清溪镇/三中村"},
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := svc.Dispatch(ctx, workorder.Centre("agent-7"), o.ID, workorder.Assignment{Lead: "清溪镇城管办"}); err != nil {
		log.Fatal(err)
	}

	open, err := store.List(ctx, workorder.Filter{Unit: "清溪镇城管办", Open: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range open {
		fmt.Println(o.ID, o.State, "version", o.Version)
	}
	history, err := store.History(ctx, o.ID)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range history {
		fmt.Println(r.Seq, r.Step, r.From, "→", r.To, r.At.In(shanghai).Format("2006-01-02 15:04"))
	}
	// Output:
	// QX000001 dispatched version 2
	// 1 accept new → received 2025-09-15 10:00
	// 2 dispatch received → dispatched 2025-09-15 10:00
}
