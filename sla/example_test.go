package sla_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
)

// A complaint received on Friday 26 September 2025 at 10:00 must be
// finished by the end of 10 October: the make-up Sunday 28 September
// counts, the National Day holiday of 1-8 October does not.
func ExampleEvaluate() {
	cal := cn.Calendar()
	p, err := sla.DefaultPolicies().Lookup(sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal})
	if err != nil {
		panic(err)
	}
	received := time.Date(2025, 9, 26, 10, 0, 0, 0, cal.Location())
	tl := sla.Timeline{
		{Kind: sla.EventReceived, At: received},
		{Kind: sla.EventDispatched, At: received.Add(5 * time.Minute)},
	}
	rs, err := sla.Evaluate(p, cal, tl, received.Add(time.Hour))
	if err != nil {
		panic(err)
	}
	for _, r := range rs {
		warn := "-"
		if !r.WarnAt.IsZero() {
			warn = r.WarnAt.Format("2006-01-02 15:04:05")
		}
		fmt.Printf("%-6s %-12v due %s  warn %s\n", r.Name, r.Clock, r.Due.Format("2006-01-02 15:04"), warn)
	}
	// Output:
	// sign   working_days due 2025-09-28 17:30  warn 2025-09-28 15:30:00
	// return working_days due 2025-09-28 17:30  warn -
	// finish working_days due 2025-10-11 00:00  warn 2025-10-09 14:22:30
}

// Suspending an order stops its finish clock; the days off inside the
// suspension count for nothing.
func ExampleEvaluate_pause() {
	cal := cn.Calendar()
	p, _ := sla.DefaultPolicies().Lookup(sla.Key{Category: hotline.CategoryHelp, Urgency: hotline.UrgencyNormal})
	at := func(m time.Month, d, h int) time.Time { return time.Date(2025, m, d, h, 0, 0, 0, cal.Location()) }
	tl := sla.Timeline{
		{Kind: sla.EventReceived, At: at(9, 29, 9)},
		{Kind: sla.EventSuspended, At: at(9, 30, 15)},
		{Kind: sla.EventResumed, At: at(10, 9, 10)},
	}
	rs, _ := sla.Evaluate(p, cal, tl, at(10, 9, 11))
	f := rs[2]
	fmt.Println("paused", f.PausedTime, "due", f.Due.Format("Mon 2006-01-02 15:04"))
	// Output:
	// paused 4h0m0s due Tue 2025-10-14 14:30
}

func ExampleCheckExtension() {
	p, _ := sla.DefaultPolicies().Lookup(sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal})
	received := time.Date(2025, 9, 26, 10, 0, 0, 0, cn.Calendar().Location())
	tl := sla.Timeline{{Kind: sla.EventReceived, At: received}}
	now := received.Add(72 * time.Hour)

	fmt.Println(sla.CheckExtension(p, tl, sla.TargetFinish, sla.Amount{Days: 5}, now))
	tl = append(tl, sla.Event{Kind: sla.EventExtended, At: now, Target: sla.TargetFinish, Amount: sla.Amount{Days: 5}})
	err := sla.CheckExtension(p, tl, sla.TargetFinish, sla.Amount{Days: 2}, now)
	var xe *sla.ExtensionError
	fmt.Println(errors.Is(err, sla.ErrExtensionLimit), errors.As(err, &xe) && xe.Limit == "max_count")
	fmt.Println(err)
	// Output:
	// <nil>
	// true true
	// sla: policy "complaint": target "finish": extension limit max_count 1 reached (1 granted)
}

func ExampleParse() {
	file := `
policies:
  - name: water-emergency
    urgency: emergency
    unit: water
    targets:
      - name: arrive
        clock: natural
        duration: 45m
        start: dispatched
        met_by: [arrived]
        warnings: [{before: 10m}]
`
	s, err := sla.Parse(strings.NewReader(file))
	if err != nil {
		panic(err)
	}
	p, _ := s.Lookup(sla.Key{Category: hotline.CategoryHelp, Urgency: hotline.UrgencyEmergency, Unit: "water"})
	fmt.Println(p.Name, p.Targets[0].Amount)

	_, err = sla.Parse(strings.NewReader(strings.Replace(file, "45m", "45 minutes", 1)))
	fmt.Println(err)
	// Output:
	// water-emergency 45m
	// sla: policy "water-emergency": targets[0].duration: bad value: want a duration such as "30m" or "2h": time: unknown unit " minutes" in duration "45 minutes" (line 9, column 19)
}

func ExampleWindowOpen() {
	cal := cn.Calendar()
	p, _ := sla.DefaultPolicies().Lookup(sla.Key{Category: hotline.CategoryReport, Urgency: hotline.UrgencyNormal})
	dispatched := time.Date(2025, 9, 30, 10, 0, 0, 0, cal.Location())
	tl := sla.Timeline{{Kind: sla.EventReceived, At: dispatched}, {Kind: sla.EventDispatched, At: dispatched}}
	for _, at := range []time.Time{dispatched.Add(24 * time.Hour), dispatched.Add(10 * 24 * time.Hour)} {
		open, closes, _ := sla.WindowOpen(p, cal, tl, sla.TargetReturn, at)
		fmt.Println(at.Format("01-02"), open, closes.Format("01-02 15:04"))
	}
	// Output:
	// 10-01 true 10-09 17:30
	// 10-10 false 10-09 17:30
}

func ExampleMonitor() {
	cal := cn.Calendar()
	p, _ := sla.DefaultPolicies().Policy("emergency")
	received := time.Date(2025, 10, 1, 9, 0, 0, 0, cal.Location())
	tl := sla.Timeline{{Kind: sla.EventReceived, At: received}, {Kind: sla.EventDispatched, At: received}, {Kind: sla.EventSigned, At: received.Add(3 * time.Minute)}}
	rs, _ := sla.Evaluate(p, cal, tl, received.Add(3*time.Minute))

	m := sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
		fmt.Println(a.Order, a.Target, a.Level, a.At.In(cal.Location()).Format("15:04:05"))
		return nil
	}), nil)
	m.Add("E-1", rs)
	// A service calls m.Run(ctx); here the instants are given by hand.
	m.Fire(context.Background(), received.Add(20*time.Minute))
	m.Fire(context.Background(), received.Add(50*time.Minute))
	// Output:
	// E-1 contact warning 09:15:00
	// E-1 contact overdue 09:30:01
	// E-1 arrive warning 09:45:00
}

// The instants at which a Monitor raises the alerts of a complaint
// dispatched on Friday 26 September 2025 at 10:05, in UTC (Beijing time is
// eight hours ahead).
func ExampleResult_AlertTimes() {
	cal := cn.Calendar()
	p, err := sla.DefaultPolicies().Lookup(sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal})
	if err != nil {
		panic(err)
	}
	received := time.Date(2025, 9, 26, 10, 0, 0, 0, cal.Location())
	tl := sla.Timeline{
		{Kind: sla.EventReceived, At: received},
		{Kind: sla.EventDispatched, At: received.Add(5 * time.Minute)},
	}
	rs, err := sla.Evaluate(p, cal, tl, received.Add(time.Hour))
	if err != nil {
		panic(err)
	}
	for i := range rs {
		warn, overdue, ok := rs[i].AlertTimes()
		if !ok {
			fmt.Printf("%-6s no alerts\n", rs[i].Name)
			continue
		}
		fmt.Printf("%-6s warning %s  overdue %s\n", rs[i].Name, warn.Format(time.DateTime), overdue.Format(time.DateTime))
	}
	// Output:
	// sign   warning 2025-09-28 07:30:00  overdue 2025-09-28 09:30:01
	// return no alerts
	// finish warning 2025-10-09 06:22:30  overdue 2025-10-10 16:00:01
}

// A monitor retries an alert whose handler failed after a doubling wait:
// here 10 seconds, then 20 and 40, never more than a minute.
func ExampleBackoff_Delay() {
	b := sla.Backoff{Initial: 10 * time.Second, Max: time.Minute}
	for failures := 1; failures <= 4; failures++ {
		d, _ := b.Delay(failures)
		fmt.Println(failures, d)
	}
	_, retry := sla.Backoff{Initial: -1}.Delay(1)
	fmt.Println("no retries:", !retry)
	// Output:
	// 1 10s
	// 2 20s
	// 3 40s
	// 4 1m0s
	// no retries: true
}

// Under the Guangdong provincial limits a complaint received on Friday 26
// September 2025 at 10:00 has 15 working days, to the end of 23 October,
// where the town's rules give it 5, to the end of 10 October: the National
// Day holiday of 1-8 October does not count, the make-up days 28 September
// and 11 October do.
func ExampleGuangdongPolicies() {
	received := time.Date(2025, 9, 26, 10, 0, 0, 0, cn.Calendar().Location())
	tl := sla.Timeline{{Kind: sla.EventReceived, At: received}}
	key := sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal}
	for _, set := range []*sla.PolicySet{sla.GuangdongPolicies(), sla.DefaultPolicies()} {
		p, _ := set.Lookup(key)
		rs, _ := sla.Evaluate(p, cn.Calendar(), tl, received)
		for _, r := range rs {
			if r.Name == sla.TargetFinish {
				fmt.Println("finish by", r.Due.Add(-time.Nanosecond).Format("2006-01-02"), "24:00")
			}
		}
	}
	// Output:
	// finish by 2025-10-23 24:00
	// finish by 2025-10-10 24:00
}
