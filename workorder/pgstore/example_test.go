package pgstore_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
)

// Open the store on each application node, with alerts planned from the
// default sla policies, and run a monitor per node: each due alert is
// raised by exactly one of them.
func Example() {
	ctx := context.Background()
	policies, cal := sla.DefaultPolicies(), cn.Calendar()
	store, err := pgstore.Open(ctx, os.Getenv("HOTLINE_POSTGRES"),
		pgstore.WithSchema("hotline"),
		pgstore.WithAlerts(pgstore.PolicyPlanner(policies, cal)))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	svc, err := workorder.NewService(workorder.Config{Store: store, Calendar: cal, Policies: policies})
	if err != nil {
		log.Fatal(err)
	}
	host, _ := os.Hostname()
	monitor, err := pgstore.NewMonitor(store, pgstore.MonitorConfig{
		Node: host,
		Handler: sla.HandlerFunc(func(ctx context.Context, a sla.Alert) error {
			fmt.Printf("order %s: %s %s at %s\n", a.Order, a.Target, a.Level, a.At)
			return nil
		}),
	})
	if err != nil {
		log.Fatal(err)
	}
	go monitor.Run(ctx)

	o, err := svc.Accept(ctx, workorder.Centre("agent-7"), &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
		Text: "三中村工业路工地凌晨两点仍在施工。",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("accepted", o.ID)
}
