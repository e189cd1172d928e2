// Command quickstart takes one 12345 work order from receipt to closing,
// printing each step, the state it leaves the order in and the next
// deadline. The complaint arrives on Friday 26 September 2025, just before
// the National Day holiday, so China's official calendar decides the
// deadlines: the make-up working Sunday 28 September counts, 1-8 October
// do not.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(stdout io.Writer) error {
	cal := cn.Calendar()
	zone := cal.Location()
	now := time.Date(2025, 9, 26, 10, 0, 0, 0, zone)
	svc, err := workorder.NewService(workorder.Config{
		Store:    workorder.NewMemStore(),
		Calendar: cal,
		Clock:    workorder.ClockFunc(func() time.Time { return now }),
		IDs:      workorder.Sequence("QX"),
	})
	if err != nil {
		return err
	}
	ctx := context.Background()
	centre := workorder.Centre("agent-7")
	unit := workorder.Unit("清溪镇城管办")

	o, err := svc.Accept(ctx, centre, &workorder.Order{
		Channel:  hotline.ChannelPhone,
		Category: hotline.CategoryComplaint,
		Text:     "三中村工地凌晨仍在施工，噪音扰民。",
		Caller:   workorder.Caller{Name: "李女士", Phone: "138 1234 5678"},
		Location: workorder.Location{Region: "清溪镇/三中村", Address: "工业路8号"},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "work order %s (%s): %s\n", o.ID, o.Category.Name(language.Chinese), o.Text)
	show(stdout, o, "accept")

	// Each step: when it happens, and who takes it.
	steps := []struct {
		at   time.Time
		name string
		take func() (*workorder.Order, error)
	}{
		{time.Date(2025, 9, 26, 10, 10, 0, 0, zone), "dispatch", func() (*workorder.Order, error) {
			return svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: unit.ID})
		}},
		{time.Date(2025, 9, 28, 9, 0, 0, 0, zone), "sign", func() (*workorder.Order, error) {
			return svc.Sign(ctx, unit, o.ID)
		}},
		{time.Date(2025, 10, 9, 16, 0, 0, 0, zone), "reply", func() (*workorder.Order, error) {
			return svc.Reply(ctx, unit, o.ID, "已责令工地夜间停工，并处罚款。")
		}},
		{time.Date(2025, 10, 9, 17, 0, 0, 0, zone), "approve", func() (*workorder.Order, error) {
			return svc.ApproveReply(ctx, centre, o.ID, "")
		}},
		{time.Date(2025, 10, 10, 10, 0, 0, 0, zone), "callback", func() (*workorder.Order, error) {
			return svc.CallbackWith(ctx, centre, o.ID, workorder.CallbackAnswer{
				Satisfaction: hotline.Satisfied, Resolution: hotline.Resolved, Remark: "来电人表示满意，问题已解决",
			})
		}},
		{time.Date(2025, 10, 10, 10, 5, 0, 0, zone), "close", func() (*workorder.Order, error) {
			return svc.Close(ctx, centre, o.ID, "")
		}},
	}
	for _, st := range steps {
		now = st.at
		if o, err = st.take(); err != nil {
			return err
		}
		show(stdout, o, st.name)
	}

	records, err := svc.History(ctx, centre, o.ID)
	if err != nil {
		return err
	}
	if err := svc.Verify(ctx, o.ID); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit trail: %d records, hash chain verified\n", len(records))
	return nil
}

// show prints the time of the order's last step, the step, the next
// deadline and the state the order is in, in English and Chinese. An end
// of day shows as 24:00 of that day.
func show(w io.Writer, o *workorder.Order, step string) {
	due := "no open deadline"
	if !o.Due.IsZero() {
		due = "next deadline " + hotline.FormatDeadline(o.Due, language.English)
	}
	fmt.Fprintf(w, "%s  %-8s  %-34s  %s %s\n",
		o.Updated.Format("2006-01-02 15:04"), step, due, o.State, o.State.Name(language.Chinese))
}
