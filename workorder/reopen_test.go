package workorder

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
)

// closedAt takes a new order through to closing at instant t.
func closedAt(t *testing.T, s *Service, clk *testClock, when time.Time) *Order {
	t.Helper()
	ctx := context.Background()
	clk.Set(when.Add(-time.Hour))
	o := handling(t, s, draft())
	must(t)(s.Reply(ctx, Unit(cityMgmt), o.ID, "已处理"))
	must(t)(s.ApproveReply(ctx, centre, o.ID, ""))
	must(t)(s.Callback(ctx, centre, o.ID, hotline.Satisfied, ""))
	clk.Set(when)
	return must(t)(s.Close(ctx, centre, o.ID, ""))
}

func TestReopenClosed(t *testing.T) {
	days2, hours48 := sla.Amount{Days: 2}, sla.Amount{Duration: 48 * time.Hour}
	monday := at(2025, 9, 15, 10, 0)
	cases := []struct {
		name   string
		window sla.Amount
		closed time.Time
		reopen time.Time
		a      Actor
		want   error
	}{
		{"no window", sla.Amount{}, monday, monday.Add(time.Minute), centre, ErrReopenWindowClosed},
		{"two working days, the next day", days2, monday, at(2025, 9, 16, 9, 0), centre, nil},
		{"two working days, last minute", days2, monday, at(2025, 9, 17, 23, 59), centre, nil},
		{"two working days, at midnight", days2, monday, at(2025, 9, 18, 0, 0), centre, nil},
		{"two working days, after", days2, monday, at(2025, 9, 18, 0, 1), centre, ErrReopenWindowClosed},
		// Closed on the eve of the National Day holidays (1 to 8 October
		// 2025): the window runs to the end of the second working day after.
		{"over National Day", days2, at(2025, 9, 30, 16, 0), at(2025, 10, 10, 17, 0), centre, nil},
		{"after National Day", days2, at(2025, 9, 30, 16, 0), at(2025, 10, 11, 0, 1), centre, ErrReopenWindowClosed},
		{"48 hours, inside", hours48, monday, monday.Add(48 * time.Hour), centre, nil},
		{"48 hours, after", hours48, monday, monday.Add(48*time.Hour + time.Second), centre, ErrReopenWindowClosed},
		{"by the unit", days2, monday, monday.Add(time.Hour), Unit(cityMgmt), ErrForbidden},
		{"by a supervisor", days2, monday, monday.Add(time.Hour), super, ErrForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, clk := newService(t, func(c *Config) { c.ReopenWindow = tc.window })
			ctx := context.Background()
			o := closedAt(t, s, clk, tc.closed)
			clk.Set(tc.reopen)
			got, err := s.Reopen(ctx, tc.a, o.ID, "来电人反映问题复发")
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("Reopen: %v, want %v", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.State != StateHandling || got.Reopenings != 1 || got.Reply != "" || got.Satisfaction != 0 || got.Due.IsZero() || !got.Due.After(tc.reopen) {
				t.Errorf("reopened: state %s, reopenings %d, reply %q, verdict %s, due %v", got.State, got.Reopenings, got.Reply, got.Satisfaction, got.Due)
			}
			rs, err := s.Deadlines(got, got.Updated)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.Name == sla.TargetFinish && (!r.Open() || r.Start.Before(tc.reopen)) {
					t.Errorf("finish target after reopening: %+v, want restarted at %v", r, tc.reopen)
				}
			}
			hist, _ := s.History(ctx, centre, o.ID)
			last := hist[len(hist)-1]
			if v, _ := last.Value("closed"); last.Step != StepReopen || v != tc.closed.Format(time.RFC3339) {
				t.Errorf("record %s closed=%q, want reopen closed=%s", last.Step, v, tc.closed.Format(time.RFC3339))
			}
			if err := s.Verify(ctx, o.ID); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestReopenClosedAgain: a reopened order closes again and its window
// runs from the new closing.
func TestReopenClosedAgain(t *testing.T) {
	s, clk := newService(t, func(c *Config) { c.ReopenWindow = sla.Amount{Duration: 24 * time.Hour} })
	ctx := context.Background()
	o := closedAt(t, s, clk, at(2025, 9, 15, 10, 0))
	clk.Set(at(2025, 9, 16, 9, 0))
	must(t)(s.Reopen(ctx, centre, o.ID, "问题复发"))
	must(t)(s.Reply(ctx, Unit(cityMgmt), o.ID, "已再次处理"))
	must(t)(s.ApproveReply(ctx, centre, o.ID, ""))
	must(t)(s.Callback(ctx, centre, o.ID, hotline.Satisfied, ""))
	clk.Set(at(2025, 9, 17, 10, 0))
	must(t)(s.Close(ctx, centre, o.ID, ""))
	clk.Set(at(2025, 9, 18, 9, 0)) // 47 hours after the first closing, 23 after the second
	got := must(t)(s.Reopen(ctx, centre, o.ID, "再次复发"))
	if got.Reopenings != 2 {
		t.Errorf("reopenings %d, want 2", got.Reopenings)
	}
	// A reason is required, as for any reopening.
	clk.Set(at(2025, 9, 18, 10, 0))
	o2 := closedAt(t, s, clk, at(2025, 9, 18, 11, 0))
	_, err := s.Reopen(ctx, centre, o2.ID, "")
	wantErr(t, err, ErrInvalidArgument)
}

// TestReopenMergedClosed: an order closed with its master is not reopened
// by itself; the master is.
func TestReopenMergedClosed(t *testing.T) {
	s, _ := newService(t, func(c *Config) { c.ReopenWindow = sla.Amount{Days: 5} })
	ctx := context.Background()
	master := handling(t, s, draft())
	child := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Merge(ctx, centre, child.ID, master.ID, ""))
	must(t)(s.Reply(ctx, Unit(cityMgmt), master.ID, "已处理"))
	must(t)(s.ApproveReply(ctx, centre, master.ID, ""))
	must(t)(s.Callback(ctx, centre, master.ID, hotline.Satisfied, ""))
	must(t)(s.Close(ctx, centre, master.ID, ""))
	_, err := s.Reopen(ctx, centre, child.ID, "问题复发")
	wantErr(t, err, ErrInvalidArgument)
	if got := must(t)(s.Reopen(ctx, centre, master.ID, "问题复发")); got.State != StateHandling {
		t.Errorf("master reopened to %s", got.State)
	}
	if got := must(t)(s.Get(ctx, centre, child.ID)); got.State != StateClosed {
		t.Errorf("merged order %s after its master reopened, want it to stay closed", got.State)
	}
}

func TestReopenWindowConfig(t *testing.T) {
	for _, w := range []sla.Amount{{Days: -1}, {Duration: -time.Hour}, {Days: 1, Duration: time.Hour}, {Days: sla.MaxDays + 1}} {
		_, err := NewService(Config{Store: NewMemStore(), Calendar: cn.Calendar(), ReopenWindow: w})
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Field != "ReopenWindow" {
			t.Errorf("ReopenWindow %v: %v, want a ConfigError on ReopenWindow", w, err)
		}
	}
}
