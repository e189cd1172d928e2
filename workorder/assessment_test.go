package workorder

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/sla"
)

// TestAssessmentRecords drives orders through the service from Monday
// 15 September 2025 10:00 (a complaint: sign by Tuesday 17:30, finish by
// the end of Monday 22nd) and checks the records of each, as of the
// instant the case ends.
func TestAssessmentRecords(t *testing.T) {
	ctx := context.Background()
	lead := Unit(cityMgmt)
	// Times used by several cases.
	received := at(2025, 9, 15, 10, 0)
	signDue := at(2025, 9, 16, 17, 30)
	due := at(2025, 9, 23, 0, 0)
	type steps func(t *testing.T, s *Service, clk *testClock, id string)
	// reply has the lead reply at t and the centre approve it.
	reply := func(t *testing.T, s *Service, clk *testClock, id string, at time.Time) {
		t.Helper()
		clk.Set(at)
		must(t)(s.Reply(ctx, lead, id, "已处理"))
		must(t)(s.ApproveReply(ctx, centre, id, ""))
	}
	callback := func(t *testing.T, s *Service, clk *testClock, id string, at time.Time, v hotline.Satisfaction, r hotline.Resolution) {
		t.Helper()
		clk.Set(at)
		must(t)(s.CallbackWith(ctx, centre, id, CallbackAnswer{Satisfaction: v, Resolution: r}))
	}
	cases := []struct {
		name   string
		assist []string
		steps  steps
		want   []assess.Record
	}{{
		name: "dispatched, signed, closed on time, satisfied",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 11, 0))
			must(t)(s.Sign(ctx, lead, id))
			reply(t, s, clk, id, at(2025, 9, 18, 15, 0))
			callback(t, s, clk, id, at(2025, 9, 19, 9, 0), hotline.Satisfied, hotline.Resolved)
			must(t)(s.Close(ctx, centre, id, ""))
		},
		want: []assess.Record{{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 15, 11, 0),
			Due: due, Closed: at(2025, 9, 18, 15, 0),
			Satisfaction: hotline.Satisfied, Resolution: hotline.Resolved, Rated: at(2025, 9, 19, 9, 0)}},
	}, {
		name: "returned unsigned, redispatched: the first unit is out of the response rate",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 14, 0))
			must(t)(s.Return(ctx, lead, id, ReturnRequest{Code: "not_our_duty", Text: "不属本单位职责"}))
			must(t)(s.ApproveReturn(ctx, centre, id, ""))
			clk.Set(at(2025, 9, 16, 9, 0))
			must(t)(s.Redispatch(ctx, centre, id, Assignment{Lead: envBur}))
			clk.Set(at(2025, 9, 16, 10, 0))
			must(t)(s.Sign(ctx, Unit(envBur), id))
		},
		want: []assess.Record{
			{Unit: cityMgmt, Received: received, Returns: 1},
			// Signed by the close of work of the day after its dispatch.
			{Unit: envBur, Received: at(2025, 9, 16, 9, 0), SignDue: at(2025, 9, 17, 17, 30), Signed: at(2025, 9, 16, 10, 0), Due: due},
		},
	}, {
		name: "signed, then returned: the unit keeps its sign",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 11, 0))
			must(t)(s.Sign(ctx, lead, id))
			clk.Set(at(2025, 9, 15, 15, 0))
			must(t)(s.Return(ctx, lead, id, ReturnRequest{Code: "not_our_duty", Text: "不属本单位职责"}))
			must(t)(s.ApproveReturn(ctx, centre, id, ""))
			clk.Set(at(2025, 9, 15, 16, 0))
			must(t)(s.Designate(ctx, centre, id, "", "兜底"))
		},
		want: []assess.Record{
			{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 15, 11, 0), Returns: 1},
			{Unit: fallback, Received: at(2025, 9, 15, 16, 0), SignDue: signDue, Due: due},
		},
	}, {
		name: "a refused return counts against the unit, whose sign deadline stands",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 14, 0))
			must(t)(s.Return(ctx, lead, id, ReturnRequest{Code: "outside_area"}))
			must(t)(s.RefuseReturn(ctx, centre, id, "工业路属本镇"))
			clk.Set(at(2025, 9, 15, 15, 0))
			must(t)(s.Return(ctx, lead, id, ReturnRequest{Code: "duplicate"}))
			must(t)(s.RefuseReturn(ctx, centre, id, "不是重复件"))
			clk.Set(at(2025, 9, 16, 9, 0))
			must(t)(s.Sign(ctx, lead, id))
		},
		want: []assess.Record{
			{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 16, 9, 0), Due: due,
				Returns: 2, ImproperReturns: 2},
		},
	}, {
		name: "redispatched while handled: the first unit is judged on its sign only",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 11, 0))
			must(t)(s.Sign(ctx, lead, id))
			clk.Set(at(2025, 9, 17, 9, 0))
			must(t)(s.Redispatch(ctx, centre, id, Assignment{Lead: police}))
		},
		want: []assess.Record{
			{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 15, 11, 0)},
			{Unit: police, Received: at(2025, 9, 17, 9, 0), SignDue: at(2025, 9, 18, 17, 30), Due: due},
		},
	}, {
		name: "handed to a unit after the deadline: left out of the on-time figures",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 14, 0))
			must(t)(s.Return(ctx, lead, id, ReturnRequest{Code: "not_our_duty", Text: "不属本单位职责"}))
			must(t)(s.ApproveReturn(ctx, centre, id, ""))
			clk.Set(at(2025, 9, 24, 9, 0))
			must(t)(s.Redispatch(ctx, centre, id, Assignment{Lead: envBur}))
		},
		want: []assess.Record{
			{Unit: cityMgmt, Received: received, Returns: 1},
			{Unit: envBur, Received: at(2025, 9, 24, 9, 0), SignDue: at(2025, 9, 25, 17, 30)},
		},
	}, {
		name: "reopened after a dissatisfied callback: the last verdict and reply count",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 11, 0))
			must(t)(s.Sign(ctx, lead, id))
			reply(t, s, clk, id, at(2025, 9, 16, 15, 0))
			callback(t, s, clk, id, at(2025, 9, 17, 9, 0), hotline.Dissatisfied, hotline.Unresolved)
			must(t)(s.Reopen(ctx, centre, id, "来电人不满意"))
			reply(t, s, clk, id, at(2025, 9, 19, 15, 0))
			callback(t, s, clk, id, at(2025, 9, 22, 9, 0), hotline.BasicallySatisfied, 0)
			must(t)(s.Close(ctx, centre, id, ""))
		},
		want: []assess.Record{{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 15, 11, 0),
			// The finish target restarts at the reopening: 5 working days
			// from Wednesday 17th 09:00.
			Due: at(2025, 9, 25, 0, 0), Closed: at(2025, 9, 19, 15, 0), Reopenings: 1,
			Satisfaction: hotline.BasicallySatisfied, Rated: at(2025, 9, 22, 9, 0)}},
	}, {
		name: "reopened and not yet called back again: unrated",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 11, 0))
			must(t)(s.Sign(ctx, lead, id))
			reply(t, s, clk, id, at(2025, 9, 16, 15, 0))
			callback(t, s, clk, id, at(2025, 9, 17, 9, 0), hotline.Dissatisfied, 0)
			must(t)(s.Reopen(ctx, centre, id, "来电人不满意"))
		},
		want: []assess.Record{{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 15, 11, 0),
			Due: at(2025, 9, 25, 0, 0), Reopenings: 1}},
	}, {
		name:   "joint order: the assisting unit gets no record",
		assist: []string{envBur},
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 11, 0))
			must(t)(s.Sign(ctx, lead, id))
			must(t)(s.SubmitOpinion(ctx, Unit(envBur), id, "噪音超标"))
			reply(t, s, clk, id, at(2025, 9, 17, 15, 0))
		},
		want: []assess.Record{{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 15, 11, 0),
			Due: due, Closed: at(2025, 9, 17, 15, 0)}},
	}, {
		name: "closed late, caller unreachable",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 17, 9, 0))
			must(t)(s.Sign(ctx, lead, id))
			reply(t, s, clk, id, at(2025, 9, 24, 10, 0))
			callback(t, s, clk, id, at(2025, 9, 24, 15, 0), hotline.Unreachable, 0)
			must(t)(s.Close(ctx, centre, id, ""))
		},
		want: []assess.Record{{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 17, 9, 0),
			Due: due, Closed: at(2025, 9, 24, 10, 0)}},
	}, {
		name: "extended by 2 working days",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 11, 0))
			must(t)(s.Sign(ctx, lead, id))
			must(t)(s.RequestExtension(ctx, lead, id, ExtensionRequest{Amount: sla.Amount{Days: 2}, Reason: "需协调施工方"}))
			must(t)(s.ApproveExtension(ctx, centre, id, ""))
			reply(t, s, clk, id, at(2025, 9, 24, 10, 0))
		},
		want: []assess.Record{{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 15, 11, 0),
			Due: at(2025, 9, 25, 0, 0), Closed: at(2025, 9, 24, 10, 0), Extensions: 1}},
	}, {
		name: "open, not yet due",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 11, 0))
			must(t)(s.Sign(ctx, lead, id))
			clk.Set(at(2025, 9, 19, 12, 0))
		},
		want: []assess.Record{{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 15, 11, 0), Due: due}},
	}, {
		name: "open and overdue, never signed",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 26, 12, 0))
		},
		want: []assess.Record{{Unit: cityMgmt, Received: received, SignDue: signDue, Due: due}},
	}, {
		name: "cancelled: no deadline to meet",
		steps: func(t *testing.T, s *Service, clk *testClock, id string) {
			clk.Set(at(2025, 9, 15, 11, 0))
			must(t)(s.Sign(ctx, lead, id))
			clk.Set(at(2025, 9, 16, 11, 0))
			must(t)(s.Cancel(ctx, centre, id, CodedReason{Code: "duplicate", Text: "重复来电，无效工单"}))
		},
		want: []assess.Record{{Unit: cityMgmt, Received: received, SignDue: signDue, Signed: at(2025, 9, 15, 11, 0)}},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, clk := newService(t)
			o := must(t)(s.Accept(ctx, centre, draft()))
			must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Assist: tc.assist}))
			tc.steps(t, s, clk, o.ID)
			o = must(t)(s.Get(ctx, centre, o.ID))
			trail, err := s.History(ctx, centre, o.ID)
			require.NoError(t, err)
			got, err := s.AssessmentRecords(o, trail, clk.Now())
			require.NoError(t, err)
			for i := range tc.want {
				w := &tc.want[i]
				w.OrderID, w.Category = o.ID, string(hotline.CategoryComplaint)
			}
			assertRecords(t, tc.want, got)
			for i := range got {
				assert.NoError(t, got[i].Validate())
			}
		})
	}
}

// assertRecords compares records, times by instant.
func assertRecords(t *testing.T, want, got []assess.Record) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		for _, f := range []struct {
			name string
			w, g time.Time
		}{
			{"Received", w.Received, g.Received}, {"SignDue", w.SignDue, g.SignDue}, {"Signed", w.Signed, g.Signed},
			{"Due", w.Due, g.Due}, {"Closed", w.Closed, g.Closed}, {"Rated", w.Rated, g.Rated},
		} {
			assert.True(t, f.w.Equal(f.g), "record %d (%s): %s %v, want %v", i, g.Unit, f.name, f.g, f.w)
		}
		w.Received, w.SignDue, w.Signed, w.Due, w.Closed, w.Rated = g.Received, g.SignDue, g.Signed, g.Due, g.Closed, g.Rated
		assert.Equal(t, w, g, "record %d", i)
	}
}

// TestAssessmentRecordsAsOf: records of the trail after the instant asked
// about are ignored, so an earlier instant gives the records as they were.
func TestAssessmentRecordsAsOf(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	o := handling(t, s, draft())
	clk.Set(at(2025, 9, 17, 15, 0))
	o = must(t)(s.Reply(ctx, Unit(cityMgmt), o.ID, "已处理"))
	trail, err := s.History(ctx, centre, o.ID)
	require.NoError(t, err)

	got, err := s.AssessmentRecords(o, trail, at(2025, 9, 16, 12, 0))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.True(t, got[0].Closed.IsZero(), "not replied yet on the 16th")
	assert.True(t, got[0].Due.Equal(at(2025, 9, 23, 0, 0)))

	got, err = s.AssessmentRecords(o, trail, at(2025, 9, 15, 9, 0))
	require.NoError(t, err)
	assert.Empty(t, got, "not yet dispatched")
}

// TestAssessmentRecordsErrors: a trail that does not fit its order is an
// error, never a panic or a silently wrong record.
func TestAssessmentRecordsErrors(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	o := handling(t, s, draft())
	trail, err := s.History(ctx, centre, o.ID)
	require.NoError(t, err)
	now := clk.Now()

	_, err = s.AssessmentRecords(nil, trail, now)
	assert.ErrorIs(t, err, ErrInvalidArgument)

	cases := []struct {
		name  string
		trail func() []Record
	}{
		{"another order's record", func() []Record {
			tr := append([]Record(nil), trail...)
			tr[1].OrderID = "WO999"
			return tr
		}},
		{"sign before any dispatch", func() []Record { return []Record{trail[0], trail[2]} }},
		{"dispatch without a lead", func() []Record {
			tr := append([]Record(nil), trail...)
			tr[1].Data = ""
			return tr
		}},
		{"unknown verdict", func() []Record {
			return append(append([]Record(nil), trail...), Record{OrderID: o.ID, Seq: 4, At: now, Step: StepCallback, Data: "satisfaction=thrilled"})
		}},
		{"more dispatches than the timeline has", func() []Record {
			return append(append([]Record(nil), trail...), Record{OrderID: o.ID, Seq: 4, At: now, Step: StepRedispatch, Data: "lead=" + police})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := s.AssessmentRecords(o, tc.trail(), now)
			assert.ErrorIs(t, err, ErrInvalidArgument)
			assert.Nil(t, recs)
			assert.Contains(t, err.Error(), `order "`+o.ID+`"`)
		})
	}

	bad := o.Clone()
	bad.Category = "weather"
	_, err = s.AssessmentRecords(bad, trail, now)
	assert.ErrorIs(t, err, sla.ErrNoPolicy)
}

// TestAssessmentNotYetDue reads the month of September 2025 on Friday
// 19th at noon: the order received on Monday and due at the end of
// Monday 22nd is open but not yet due, so the period is cut at noon and
// the order is neither late nor overdue. The one received the week
// before and due on the 16th is.
func TestAssessmentNotYetDue(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	clk.Set(at(2025, 9, 8, 10, 0))
	late := handling(t, s, draft())
	clk.Set(at(2025, 9, 15, 10, 0))
	open := handling(t, s, draft())
	clk.Set(at(2025, 9, 19, 12, 0))

	september := assess.Month(2025, time.September, shanghai)
	recs, p, err := s.Assessment(ctx, september)
	require.NoError(t, err)
	assert.True(t, p.From.Equal(september.From))
	assert.True(t, p.To.Equal(at(2025, 9, 19, 12, 0)), "period cut at now: %v", p.To)
	require.Len(t, recs, 2)
	assert.Equal(t, late.ID, recs[0].OrderID)
	assert.Equal(t, open.ID, recs[1].OrderID)

	a, err := assess.New(assess.SchemeTown())
	require.NoError(t, err)
	rep, err := a.Compute(recs, p)
	require.NoError(t, err)
	assert.Equal(t, assess.Rate{Num: 0, Den: 1}, rep.Total.OnTime, "only the order due on the 16th was due")
	assert.Equal(t, 1, rep.Total.Overdue)

	// The month to date gives the same figures.
	rep2, err := a.Compute(recs, assess.MonthToDate(clk.Now()))
	require.NoError(t, err)
	assert.Equal(t, rep.Total, rep2.Total)
}

// TestAssessmentPeriod: orders that cannot count in the period are
// skipped, a past period is kept whole, and a period that has not begun
// is an error.
func TestAssessmentPeriod(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	// Closed in August: skipped from September on.
	clk.Set(at(2025, 8, 11, 10, 0))
	closed := handling(t, s, draft())
	clk.Set(at(2025, 8, 12, 10, 0))
	must(t)(s.Reply(ctx, Unit(cityMgmt), closed.ID, "已处理"))
	must(t)(s.ApproveReply(ctx, centre, closed.ID, ""))
	must(t)(s.Callback(ctx, centre, closed.ID, hotline.Satisfied, ""))
	must(t)(s.Close(ctx, centre, closed.ID, ""))
	// Open since August: part of September's backlog.
	clk.Set(at(2025, 8, 20, 10, 0))
	backlog := handling(t, s, draft())
	// Received in October.
	clk.Set(at(2025, 10, 9, 10, 0))
	october := handling(t, s, draft())
	clk.Set(at(2025, 10, 10, 10, 0))

	ids := func(recs []assess.Record) []string {
		var out []string
		for _, r := range recs {
			out = append(out, r.OrderID)
		}
		return out
	}
	september := assess.Month(2025, time.September, shanghai)
	recs, p, err := s.Assessment(ctx, september)
	require.NoError(t, err)
	assert.Equal(t, september, p, "a past period is kept whole")
	assert.Equal(t, []string{backlog.ID}, ids(recs))

	recs, _, err = s.Assessment(ctx, assess.Year(2025, shanghai))
	require.NoError(t, err)
	assert.Equal(t, []string{closed.ID, backlog.ID, october.ID}, ids(recs))

	_, _, err = s.Assessment(ctx, assess.Month(2025, time.November, shanghai))
	assert.ErrorIs(t, err, assess.ErrInvalidPeriod)
	_, _, err = s.Assessment(ctx, assess.Period{})
	assert.ErrorIs(t, err, assess.ErrInvalidPeriod)
}

// TestAssessmentStoreError: a store that fails is reported, not skipped.
func TestAssessmentStoreError(t *testing.T) {
	boom := errors.New("disk on fire")
	s, _ := newService(t, func(c *Config) { c.Store = failingList{Store: c.Store, err: boom} })
	_, _, err := s.Assessment(context.Background(), assess.Month(2025, time.September, shanghai))
	assert.ErrorIs(t, err, boom)
}

// failingList is a store whose List fails.
type failingList struct {
	Store
	err error
}

func (f failingList) List(context.Context, Filter) ([]*Order, error) { return nil, f.err }
