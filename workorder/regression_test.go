package workorder

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
)

// This file holds one regression test per bug found after the package was
// first written, each named after the bug.

// TestExtensionBreaksOtherSteps: after an approved extension of "finish",
// every later step while another target was open failed with `extension of
// "finish": unknown target`, because each open target was evaluated alone
// on a timeline naming a target its one-target policy lacked.
//
// The emergency is received Monday 15 September 10:00: contact by 10:30,
// arrive by 11:00, finish by 24:00 (moved to 02:00 by two hours of
// extension), feedback by the end of Wednesday 17th.
func TestExtensionBreaksOtherSteps(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	m := must(t)
	d := draft()
	d.Urgency, d.Category, d.Text = hotline.UrgencyEmergency, hotline.CategoryHelp, "三中村水管爆裂，街道被淹。"
	o := m(s.Accept(ctx, centre, d))
	lead := Unit(police)
	clk.Advance(2 * time.Minute)
	m(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: police}))
	clk.Advance(3 * time.Minute)
	m(s.Sign(ctx, lead, o.ID))
	clk.Advance(time.Minute)
	m(s.RequestExtension(ctx, lead, o.ID, ExtensionRequest{Amount: sla.Amount{Duration: 2 * time.Hour}, Reason: "需调抢修车"}))
	clk.Advance(time.Minute)
	o = m(s.ApproveExtension(ctx, centre, o.ID, "同意"))
	sameTime(t, "due after the extension (contact)", o.Due, at(2025, 9, 15, 10, 30))

	clk.Set(at(2025, 9, 15, 10, 10))
	o = m(s.Contact(ctx, lead, o.ID, "已电话联系"))
	sameTime(t, "due after contact (arrive)", o.Due, at(2025, 9, 15, 11, 0))
	clk.Set(at(2025, 9, 15, 10, 30))
	o = m(s.Arrive(ctx, lead, o.ID, "已到场"))
	sameTime(t, "due after arrival (finish, extended)", o.Due, at(2025, 9, 16, 2, 0))
	clk.Set(at(2025, 9, 15, 11, 0))
	m(s.Urge(ctx, super, o.ID, "尽快恢复供水"))
	o = m(s.Reply(ctx, lead, o.ID, "已关阀抢修，恢复供水。"))
	sameTime(t, "due after the reply (feedback)", o.Due, at(2025, 9, 18, 0, 0))
	m(s.ApproveReply(ctx, centre, o.ID, ""))
	o = m(s.Callback(ctx, centre, o.ID, hotline.Satisfied, ""))
	if !o.Due.IsZero() || o.Overdue {
		t.Errorf("after the callback: due %v, overdue %v", o.Due, o.Overdue)
	}
	o = m(s.Close(ctx, centre, o.ID, ""))
	if o.State != StateClosed || o.Extensions != 1 {
		t.Errorf("closed: %s with %d extensions", o.State, o.Extensions)
	}
	if err := s.Verify(ctx, o.ID); err != nil {
		t.Error(err)
	}
}

// TestExtensionBreaksOtherStepsComplaint: the same bug on a normal
// complaint. Its finish target (5 working days from Monday 15th: the end
// of Monday 22nd) is extended by 3 working days to the end of Thursday
// 25th; a redispatch on Tuesday 16th then restarts the sign target (by the
// close of work on Wednesday 17th) beside the extended finish target.
func TestExtensionBreaksOtherStepsComplaint(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	m := must(t)
	o := handling(t, s, draft())
	lead := Unit(cityMgmt)
	m(s.RequestExtension(ctx, lead, o.ID, ExtensionRequest{Amount: sla.Amount{Days: 3}, Reason: "需协调施工方"}))
	o = m(s.ApproveExtension(ctx, centre, o.ID, "同意"))
	sameTime(t, "due after the extension", o.Due, at(2025, 9, 26, 0, 0))

	clk.Set(at(2025, 9, 16, 10, 0))
	o = m(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur, Remark: "属环保职责"}))
	sameTime(t, "due after the redispatch (sign)", o.Due, at(2025, 9, 17, 17, 30))
	lead = Unit(envBur)
	o = m(s.Sign(ctx, lead, o.ID))
	sameTime(t, "due after signing (finish, extended)", o.Due, at(2025, 9, 26, 0, 0))
	o = m(s.Suspend(ctx, lead, o.ID, "等待检测报告"))
	if !o.Due.IsZero() {
		t.Errorf("suspended: due %v, want none (finish paused)", o.Due)
	}
	// Suspended from Tuesday 10:00 to 14:30: 2.5 working hours, lunch
	// left out, so the finish deadline moves to Friday 26th 11:00.
	clk.Set(at(2025, 9, 16, 14, 30))
	o = m(s.Resume(ctx, lead, o.ID, "报告已出"))
	sameTime(t, "due after resuming", o.Due, at(2025, 9, 26, 11, 0))
	m(s.Urge(ctx, super, o.ID, "请加快"))
	m(s.Reply(ctx, lead, o.ID, "已责令工地夜间停工。"))
	m(s.ApproveReply(ctx, centre, o.ID, ""))
	m(s.Callback(ctx, centre, o.ID, hotline.Satisfied, ""))
	o = m(s.Close(ctx, centre, o.ID, ""))
	if o.State != StateClosed || o.Overdue {
		t.Errorf("closed: %s, overdue %v", o.State, o.Overdue)
	}
}

// closable returns a service whose store holds others received orders
// and masters called-back orders, each with one order merged into it; it
// returns the masters' ids.
func closable(t testing.TB, others, masters int) (*Service, []string) {
	t.Helper()
	s, _ := newService(t)
	return closableOn(t, s, others, masters)
}

// closableOn is closable on an existing service.
func closableOn(t testing.TB, s *Service, others, masters int) (*Service, []string) {
	t.Helper()
	ctx := context.Background()
	m := must(t)
	for range others {
		m(s.Accept(ctx, centre, draft()))
	}
	ids := make([]string, masters)
	for i := range ids {
		o := handling(t, s, draft())
		kid := m(s.Accept(ctx, centre, draft()))
		m(s.Merge(ctx, centre, kid.ID, o.ID, "重复来电"))
		m(s.Reply(ctx, Unit(cityMgmt), o.ID, "已处理"))
		m(s.ApproveReply(ctx, centre, o.ID, ""))
		m(s.Callback(ctx, centre, o.ID, hotline.Satisfied, ""))
		ids[i] = o.ID
	}
	return s, ids
}

// TestCloseListsWholeStore: closing an order listed the whole store to
// find the orders merged into it, and MemStore decoded every order to
// answer, so a year of orders made each close slower. Closing a master
// (and its merged order) must now cost the same allocations beside 3,000
// other orders as beside 10, and so must listing a master's merged orders.
func TestCloseListsWholeStore(t *testing.T) {
	ctx := context.Background()
	const runs = 4
	cost := func(others int) (closeAllocs, listAllocs float64) {
		s, masters := closable(t, others, runs+1)
		next := 0
		closeAllocs = testing.AllocsPerRun(runs, func() {
			o := must(t)(s.Close(ctx, centre, masters[next], ""))
			if o.State != StateClosed {
				t.Fatalf("%s: %s", o.ID, o.State)
			}
			next++
		})
		listAllocs = testing.AllocsPerRun(runs, func() {
			kids, err := s.store.List(ctx, Filter{MergedInto: masters[0]})
			if err != nil || len(kids) != 1 || kids[0].State != StateClosed {
				t.Fatalf("merged into %s: %v, %v", masters[0], kids, err)
			}
		})
		return closeAllocs, listAllocs
	}
	smallClose, smallList := cost(10)
	bigClose, bigList := cost(3000)
	if bigClose != smallClose {
		t.Errorf("closing a master allocates %.0f times beside 3,000 orders, %.0f beside 10", bigClose, smallClose)
	}
	if bigList != smallList {
		t.Errorf("listing merged orders allocates %.0f times beside 3,000 orders, %.0f beside 10", bigList, smallList)
	}
}

// TestRouterSeesUTC: RouteRequest.At came from the store in UTC, so a
// routing rule reading the local hour (night-time noise) saw 18:10 for an
// order received at 02:10 in Shanghai. The Router, and everything else the
// service hands out, must see times in the calendar's zone, whatever zone
// the clock reads in.
func TestRouterSeesUTC(t *testing.T) {
	var req *routing.Request
	router := RouterFunc(func(ctx context.Context, r *routing.Request) (routing.Decision, error) {
		req = r
		if r.At.Hour() < 6 {
			return routing.Decision{Lead: police, Assist: []string{cityMgmt}, Reason: "夜间噪音"}, nil
		}
		return routing.Decision{Lead: cityMgmt, Reason: "噪音"}, nil
	})
	var seen []*Order
	var recs []Record
	obs := ObserverFuncs{OnStep: func(ctx context.Context, o *Order, r Record) {
		seen, recs = append(seen, o), append(recs, r)
	}}
	s, clk := newService(t, func(c *Config) { c.Router, c.Observer = router, obs })
	zone := s.cal.Location()
	ctx := context.Background()
	m := must(t)
	clk.Set(at(2025, 9, 15, 2, 10).UTC()) // 2025-09-14 18:10 UTC
	o := m(s.Accept(ctx, centre, draft()))
	clk.Set(at(2025, 9, 15, 2, 15).UTC())
	o = m(s.Dispatch(ctx, centre, o.ID, Assignment{}))

	if !req.At.Equal(at(2025, 9, 15, 2, 10)) || req.At.Location() != zone || req.At.Hour() != 2 {
		t.Errorf("router saw At %v (hour %d), want 02:10 in %s", req.At, req.At.Hour(), zone)
	}
	if o.Lead != police {
		t.Errorf("routed to %s, want the night rule's %s", o.Lead, police)
	}
	inZone := func(what string, tm time.Time) {
		t.Helper()
		if !tm.IsZero() && tm.Location() != zone {
			t.Errorf("%s %v is in %s, want %s", what, tm, tm.Location(), zone)
		}
	}
	orderInZone := func(what string, o *Order) {
		t.Helper()
		inZone(what+" Created", o.Created)
		inZone(what+" Updated", o.Updated)
		inZone(what+" Due", o.Due)
		for i, a := range o.Assists {
			inZone(fmt.Sprintf("%s Assists[%d].Since", what, i), a.Since)
			inZone(fmt.Sprintf("%s Assists[%d].Due", what, i), a.Due)
		}
		for i, e := range o.Timeline {
			inZone(fmt.Sprintf("%s Timeline[%d]", what, i), e.At)
		}
	}
	orderInZone("dispatched", o)
	orderInZone("read", m(s.Get(ctx, centre, o.ID)))
	list, err := s.List(ctx, centre, Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("List: %v, %v", list, err)
	}
	orderInZone("listed", list[0])
	for i, o := range seen {
		orderInZone(fmt.Sprintf("observed[%d]", i), o)
	}
	for i, r := range append(recs, history(t, s, o.ID)...) {
		inZone(fmt.Sprintf("record %d", i), r.At)
	}
}

// TestCallbackHasNoResolution: the callback had no place for the caller's
// answer to 是否解决 (resolved or not), which assessment schemes count
// apart from satisfaction. CallbackWith records it on the order and in the
// record's data; a merged order takes its master's, and reopening clears
// it.
func TestCallbackHasNoResolution(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	m := must(t)
	lead := Unit(cityMgmt)
	called := func(ans CallbackAnswer) (*Order, error) {
		t.Helper()
		o := handling(t, s, draft())
		m(s.Reply(ctx, lead, o.ID, "已处理"))
		m(s.ApproveReply(ctx, centre, o.ID, ""))
		return s.CallbackWith(ctx, centre, o.ID, ans)
	}
	cases := []struct {
		name     string
		ans      CallbackAnswer
		err      error
		want     hotline.Resolution
		wantData string
	}{
		{"resolved", CallbackAnswer{Satisfaction: hotline.Satisfied, Resolution: hotline.Resolved, Remark: "已解决"}, nil, hotline.Resolved,
			"satisfaction=satisfied&resolution=resolved"},
		{"unresolved but satisfied with the attitude", CallbackAnswer{Satisfaction: hotline.BasicallySatisfied, Resolution: hotline.Unresolved}, nil, hotline.Unresolved,
			"satisfaction=basically_satisfied&resolution=unresolved"},
		{"not asked", CallbackAnswer{Satisfaction: hotline.Dissatisfied}, nil, 0, "satisfaction=dissatisfied"},
		{"unknown answer", CallbackAnswer{Satisfaction: hotline.Satisfied, Resolution: 3}, ErrInvalidArgument, 0, ""},
		{"answer from an unreachable caller", CallbackAnswer{Satisfaction: hotline.Unreachable, Resolution: hotline.Resolved}, ErrInvalidArgument, 0, ""},
		{"no verdict", CallbackAnswer{Resolution: hotline.Resolved}, ErrInvalidArgument, 0, ""},
	}
	for _, tc := range cases {
		o, err := called(tc.ans)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		stored := m(s.Get(ctx, centre, o.ID))
		if o.Resolution != tc.want || stored.Resolution != tc.want || stored.Satisfaction != tc.ans.Satisfaction {
			t.Errorf("%s: resolution %s, stored %s/%s, want %s", tc.name, o.Resolution, stored.Satisfaction, stored.Resolution, tc.want)
		}
		rs := history(t, s, o.ID)
		if last := rs[len(rs)-1]; last.Step != StepCallback || last.Data != tc.wantData || last.Remark != tc.ans.Remark {
			t.Errorf("%s: callback record %q (remark %q), want %q", tc.name, last.Data, last.Remark, tc.wantData)
		}
	}

	// A merged order takes its master's answer when the master closes.
	master := handling(t, s, draft())
	kid := m(s.Accept(ctx, centre, draft()))
	m(s.Merge(ctx, centre, kid.ID, master.ID, "重复来电"))
	m(s.Reply(ctx, lead, master.ID, "已处理"))
	m(s.ApproveReply(ctx, centre, master.ID, ""))
	m(s.CallbackWith(ctx, centre, master.ID, CallbackAnswer{Satisfaction: hotline.Satisfied, Resolution: hotline.Resolved}))
	m(s.Close(ctx, centre, master.ID, ""))
	if k := m(s.Get(ctx, centre, kid.ID)); k.State != StateClosed || k.Resolution != hotline.Resolved {
		t.Errorf("merged order: %s, resolution %s", k.State, k.Resolution)
	}

	// Reopening clears the answer with the verdict.
	o, err := called(CallbackAnswer{Satisfaction: hotline.Dissatisfied, Resolution: hotline.Unresolved})
	if err != nil {
		t.Fatal(err)
	}
	o = m(s.Reopen(ctx, centre, o.ID, "仍未解决"))
	if o.Satisfaction != 0 || o.Resolution != 0 {
		t.Errorf("reopened: verdict %s, resolution %s", o.Satisfaction, o.Resolution)
	}
}

// TestSequenceCounterPerProcess: Sequence's comment said its counter
// starts at 1 in each process; each generator has its own counter, so two
// generators with one prefix give the same ids. One generator shared by
// goroutines gives each number once.
func TestSequenceCounterPerProcess(t *testing.T) {
	a, b := Sequence("QX"), Sequence("QX")
	cases := []struct {
		g    IDGenerator
		want string
	}{
		{a, "QX000001"}, {a, "QX000002"}, {b, "QX000001"}, {a, "QX000003"}, {b, "QX000002"},
	}
	for i, tc := range cases {
		if got := tc.g.NewID(time.Time{}); got != tc.want {
			t.Errorf("call %d: %q, want %q", i, got, tc.want)
		}
	}
	g := Sequence("WO")
	const workers, each = 8, 250
	got := make(chan string, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				got <- g.NewID(time.Time{})
			}
		})
	}
	wg.Wait()
	close(got)
	seen := map[string]bool{}
	for id := range got {
		if seen[id] {
			t.Fatalf("%s given twice", id)
		}
		seen[id] = true
	}
	if len(seen) != workers*each || !seen["WO000001"] || !seen["WO002000"] {
		t.Errorf("%d ids, first and last present: %v %v", len(seen), seen["WO000001"], seen["WO002000"])
	}
}

// TestRestartUrgesAgain: a monitor started after a restart raises the
// overdue alerts of targets already past due again, and each restart
// recorded another system urge for the same breach (a late order ended
// with 3 urges after two restarts). A breach is urged once per run of its
// target: the order dispatched Monday 10:00 (sign due Tuesday 17:30) keeps
// 1 urge through two restarts; redispatched Wednesday 10:00 (sign due
// Thursday 17:30) and late again, it gets a second, which a further
// restart does not repeat.
func TestRestartUrgesAgain(t *testing.T) {
	ctx := context.Background()
	store := NewMemStore()
	var mu sync.Mutex
	var overdue []string
	obs := ObserverFuncs{OnOverdue: func(ctx context.Context, o *Order, r sla.Result) {
		mu.Lock()
		overdue = append(overdue, fmt.Sprintf("%s v%d", r.Name, o.Version))
		mu.Unlock()
	}}
	// start starts a service on the store, as after a restart, with its
	// clock at now, and fires the alerts due then: want of them are
	// delivered, the others dropped as urged already.
	start := func(now time.Time, want int) *Service {
		t.Helper()
		s, clk := newService(t, func(c *Config) { c.Store = store; c.Watch = true; c.Observer = obs })
		clk.Set(now)
		if n, err := s.WatchOpen(ctx); err != nil || n != 1 {
			t.Fatalf("WatchOpen = %d, %v", n, err)
		}
		if n := s.Fire(ctx); n != want {
			t.Fatalf("%d alerts delivered at %v, want %d", n, now, want)
		}
		return s
	}
	urges := func(s *Service, id string, want int) {
		t.Helper()
		o := must(t)(s.Get(ctx, centre, id))
		if o.Urges != want || !o.Overdue {
			t.Fatalf("urges %d, overdue %v; want %d urges", o.Urges, o.Overdue, want)
		}
	}

	s, _ := newService(t, func(c *Config) { c.Store = store })
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	s = start(at(2025, 9, 17, 9, 0), 1)
	urges(s, o.ID, 1)
	s = start(at(2025, 9, 17, 9, 10), 0)
	urges(s, o.ID, 1)
	s = start(at(2025, 9, 17, 9, 20), 0)
	urges(s, o.ID, 1)

	s, clk := newService(t, func(c *Config) { c.Store = store })
	clk.Set(at(2025, 9, 17, 10, 0))
	must(t)(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur}))
	s = start(at(2025, 9, 18, 17, 31), 1)
	urges(s, o.ID, 2)
	s = start(at(2025, 9, 18, 17, 40), 0)
	urges(s, o.ID, 2)

	var got []string
	for _, r := range history(t, s, o.ID) {
		if r.Step == StepUrge {
			target, _ := r.Value("target")
			got = append(got, fmt.Sprintf("%s %s %s", r.At.Format("01-02 15:04"), r.Actor, target))
		}
	}
	want := []string{"09-17 09:00 system:system sign", "09-18 17:31 system:system sign"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("urges %q, want %q", got, want)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"sign v3", "sign v5"}; strings.Join(overdue, "; ") != strings.Join(want, "; ") {
		t.Errorf("observed overdue %q, want %q", overdue, want)
	}
}

// hookStore runs after once, the first time an update holding a record of
// step lands.
type hookStore struct {
	Store
	step  Step
	after func()
	done  atomic.Bool
}

func (h *hookStore) Update(ctx context.Context, o *Order, v int64, rs []Record) error {
	err := h.Store.Update(ctx, o, v, rs)
	if err == nil && rs[0].Step == h.step && h.done.CompareAndSwap(false, true) {
		h.after()
	}
	return err
}

// TestMergeFailsAfterMerging: when the master closed while a merge
// landed, the master's Close closed the merged order, Merge's own Close
// of it then failed with ErrForbidden, and Merge reported an error for a
// merge that had succeeded. It returns the merged order, closed.
func TestMergeFailsAfterMerging(t *testing.T) {
	ctx := context.Background()
	hs := &hookStore{Store: NewMemStore(), step: StepMerge}
	s, _ := newService(t, func(c *Config) { c.Store = hs })
	m := must(t)
	master := handling(t, s, draft())
	m(s.Reply(ctx, Unit(cityMgmt), master.ID, "已处理"))
	m(s.ApproveReply(ctx, centre, master.ID, ""))
	m(s.Callback(ctx, centre, master.ID, hotline.Satisfied, ""))
	kid := m(s.Accept(ctx, centre, draft()))
	hs.after = func() { m(s.Close(ctx, centre, master.ID, "办结")) }

	k, err := s.Merge(ctx, centre, kid.ID, master.ID, "重复来电")
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	if k.ID != kid.ID || k.State != StateClosed || k.MergedInto != master.ID || k.Reply != "已处理" {
		t.Errorf("merged order %s: %s into %q, reply %q", k.ID, k.State, k.MergedInto, k.Reply)
	}
	if got := steps(history(t, s, kid.ID)); got != "accept merge close" {
		t.Errorf("merged order's history: %s", got)
	}
}

// failStore fails every update of the orders in fail with ErrConflict.
type failStore struct {
	Store
	mu   sync.Mutex
	fail map[string]bool
}

func (f *failStore) Update(ctx context.Context, o *Order, v int64, rs []Record) error {
	f.mu.Lock()
	fail := f.fail[o.ID]
	f.mu.Unlock()
	if fail {
		return fmt.Errorf("injected: %w", ErrConflict)
	}
	return f.Store.Update(ctx, o, v, rs)
}

// TestCloseChildErrorLooksLikeMasters: when closing a merged order failed,
// Close returned the closed master with the merged order's own error (such
// as ErrConflict), which read as the master failing, and nothing could
// close the merged order later. The error is now a *ChildrenError naming
// the orders left open, and Close on the master closes them.
func TestCloseChildErrorLooksLikeMasters(t *testing.T) {
	ctx := context.Background()
	fs := &failStore{Store: NewMemStore(), fail: map[string]bool{}}
	s, _ := newService(t, func(c *Config) { c.Store = fs })
	m := must(t)
	master := handling(t, s, draft())
	kid1 := m(s.Accept(ctx, centre, draft()))
	kid2 := m(s.Accept(ctx, centre, draft()))
	m(s.Merge(ctx, centre, kid1.ID, master.ID, "重复来电"))
	m(s.Merge(ctx, centre, kid2.ID, master.ID, "重复来电"))
	m(s.Reply(ctx, Unit(cityMgmt), master.ID, "已处理"))
	m(s.ApproveReply(ctx, centre, master.ID, ""))
	m(s.Callback(ctx, centre, master.ID, hotline.Satisfied, ""))
	state := func(id string) State { return m(s.Get(ctx, centre, id)).State }

	fs.fail[kid1.ID] = true
	for range 2 { // the first Close, then a retry that fails again
		o, err := s.Close(ctx, centre, master.ID, "办结")
		var ce *ChildrenError
		if !errors.As(err, &ce) || ce.ID != master.ID || len(ce.Open) != 1 || ce.Open[0] != kid1.ID || len(ce.Errs) != 1 {
			t.Fatalf("Close: %v, want a *ChildrenError for %s", err, kid1.ID)
		}
		if !errors.Is(err, ErrConflict) || errors.Is(err, ErrInvalidTransition) {
			t.Errorf("error %v does not match only the merged order's cause", err)
		}
		if o == nil || o.ID != master.ID || o.State != StateClosed {
			t.Fatalf("Close returned %+v, want the closed master", o)
		}
	}
	if state(master.ID) != StateClosed || state(kid1.ID) != StateMerged || state(kid2.ID) != StateClosed {
		t.Fatalf("master %s, %s, %s", state(master.ID), state(kid1.ID), state(kid2.ID))
	}
	if got := steps(history(t, s, master.ID)); got != "accept dispatch sign reply approve_reply callback close" {
		t.Errorf("the retries changed the master: %s", got)
	}

	fs.fail[kid1.ID] = false
	o, err := s.Close(ctx, centre, master.ID, "")
	if err != nil || o.ID != master.ID || o.State != StateClosed {
		t.Fatalf("retry: %+v, %v", o, err)
	}
	if k := m(s.Get(ctx, centre, kid1.ID)); k.State != StateClosed || k.Reply != "已处理" || k.Satisfaction != hotline.Satisfied {
		t.Errorf("merged order after the retry: %s, reply %q, verdict %s", k.State, k.Reply, k.Satisfaction)
	}
	_, err = s.Close(ctx, centre, master.ID, "")
	wantTransition(t, err, StateClosed, StepClose)
	_, err = s.Close(ctx, Unit(cityMgmt), master.ID, "")
	wantForbidden(t, err, Unit(cityMgmt), StepClose)
}

// historyStore calls before ahead of each History and passes the history
// through bend.
type historyStore struct {
	Store
	before func()
	bend   func([]Record) []Record
}

func (h *historyStore) History(ctx context.Context, id string) ([]Record, error) {
	if h.before != nil {
		h.before()
	}
	rs, err := h.Store.History(ctx, id)
	if err == nil && h.bend != nil {
		rs = h.bend(rs)
	}
	return rs, err
}

// TestVerifyRacesSteps: Service.Verify read the order and then its
// history, and wanted exactly one record per version, so a step landing
// between the two reads was reported as tampering. Records after the
// order's version are the steps since; missing ones still fail.
func TestVerifyRacesSteps(t *testing.T) {
	ctx := context.Background()
	hs := &historyStore{Store: NewMemStore()}
	s, _ := newService(t, func(c *Config) { c.Store = hs })
	o := handling(t, s, draft()) // version 3
	cases := []struct {
		name   string
		before func()
		bend   func([]Record) []Record
		seq    int64 // of the TamperError; 0: none
	}{
		{"a step lands between the reads", func() { must(t)(s.Urge(ctx, super, o.ID, "请加快")) }, nil, 0},
		{"two steps land between the reads", func() {
			must(t)(s.Urge(ctx, super, o.ID, "请加快"))
			must(t)(s.Supervise(ctx, super, o.ID, "督办"))
		}, nil, 0},
		{"last record missing", nil, func(rs []Record) []Record { return rs[:len(rs)-1] }, 5},
		{"last record's state changed and rehashed", nil, func(rs []Record) []Record {
			r := &rs[len(rs)-1]
			r.To = StateSuspended
			prev := rs[len(rs)-2].Hash
			r.Hash = r.ComputeHash(prev)
			return rs
		}, 6},
	}
	for _, tc := range cases {
		hs.before, hs.bend = tc.before, tc.bend
		err := s.Verify(ctx, o.ID)
		hs.before, hs.bend = nil, nil
		var te *TamperError
		switch {
		case tc.seq == 0 && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.seq != 0 && (!errors.As(err, &te) || te.Seq != tc.seq || te.ID != o.ID):
			t.Errorf("%s: %v, want a TamperError at record %d", tc.name, err, tc.seq)
		}
	}
	if got := must(t)(s.Get(ctx, centre, o.ID)); got.Version != 6 {
		t.Errorf("version %d after three steps", got.Version)
	}
}

// TestRetriedDispatchLosesRouterReason: Dispatch wrote the router's
// choice into the assignment it was given, so a dispatch retried after a
// version conflict did not ask the router again and lost its reason, the
// record's remark. The router's reason also skipped the checks a remark
// gets.
func TestRetriedDispatchLosesRouterReason(t *testing.T) {
	ctx := context.Background()
	var asked atomic.Int32
	reason := "规则: 噪音"
	router := RouterFunc(func(ctx context.Context, r *routing.Request) (routing.Decision, error) {
		asked.Add(1)
		return routing.Decision{Lead: cityMgmt, Assist: []string{envBur}, Reason: reason}, nil
	})
	cs := &conflictStore{Store: NewMemStore()}
	s, _ := newService(t, func(c *Config) { c.Store = cs; c.Router = router })
	o := must(t)(s.Accept(ctx, centre, draft()))
	cs.n = 1
	o = must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{}))
	if n := asked.Load(); n != 2 {
		t.Errorf("router asked %d times, want 2 (once per attempt)", n)
	}
	if o.Lead != cityMgmt || len(o.Assists) != 1 || o.Assists[0].Unit != envBur {
		t.Errorf("routed to %q with %+v", o.Lead, o.Assists)
	}
	if rs := history(t, s, o.ID); len(rs) != 2 || rs[1].Remark != reason || rs[1].Data != "lead="+cityMgmt+"&assist="+envBur {
		t.Errorf("dispatch record %+v, want the router's reason as its remark", rs[len(rs)-1])
	}

	for _, bad := range []string{"规则\xff", strings.Repeat("因", MaxTextLen+1)} {
		reason = bad
		o := must(t)(s.Accept(ctx, centre, draft()))
		_, err := s.Dispatch(ctx, centre, o.ID, Assignment{})
		if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "route: reason") {
			t.Errorf("router reason of %d bytes: %v, want ErrInvalidArgument", len(bad), err)
		}
		if g := must(t)(s.Get(ctx, centre, o.ID)); g.State != StateReceived || g.Version != 1 {
			t.Errorf("a refused dispatch changed the order: %s v%d", g.State, g.Version)
		}
	}
}

// TestManyAssistsSlowSteps: a dispatch took any number of assisting
// units, checked for repeats in quadratic time, and every later step
// carried them (20,000 units made each step take 33 ms). A dispatch,
// routed or not, and a redispatch take at most MaxAssists.
func TestManyAssistsSlowSteps(t *testing.T) {
	ctx := context.Background()
	var routed []string
	router := RouterFunc(func(ctx context.Context, r *routing.Request) (routing.Decision, error) {
		return routing.Decision{Lead: cityMgmt, Assist: routed}, nil
	})
	s, _ := newService(t, func(c *Config) { c.Router = router; c.Units = nil })
	units := func(n int) []string {
		out := make([]string, n)
		for i, a := range assists(n) {
			out[i] = a.Unit
		}
		return out
	}
	cases := []struct {
		name string
		as   Assignment
		ok   bool
	}{
		{"at the limit", Assignment{Lead: cityMgmt, Assist: units(MaxAssists)}, true},
		{"one more", Assignment{Lead: cityMgmt, Assist: units(MaxAssists + 1)}, false},
		{"20,000", Assignment{Lead: cityMgmt, Assist: units(20000)}, false},
		{"routed, one more", Assignment{}, false},
	}
	routed = units(MaxAssists + 1)
	for _, tc := range cases {
		o := must(t)(s.Accept(ctx, centre, draft()))
		got, err := s.Dispatch(ctx, centre, o.ID, tc.as)
		switch {
		case tc.ok && (err != nil || len(got.Assists) != MaxAssists):
			t.Errorf("%s: %v", tc.name, err)
		case !tc.ok && !errors.Is(err, ErrInvalidArgument):
			t.Errorf("%s: %v, want ErrInvalidArgument", tc.name, err)
		}
	}
	o := handling(t, s, draft(), envBur)
	_, err := s.Redispatch(ctx, centre, o.ID, Assignment{Lead: police, Assist: units(MaxAssists + 1)})
	wantErr(t, err, ErrInvalidArgument)
	if g := must(t)(s.Get(ctx, centre, o.ID)); g.Lead != cityMgmt || len(g.Assists) != 1 {
		t.Errorf("a refused redispatch changed the order: lead %s, %d assisting", g.Lead, len(g.Assists))
	}
}

// TestFireCountAfterRestart is the regression test of Fire counting the
// alerts a restarted service re-raised and then dropped, as already urged
// (a new user saw Fire report 23 against 1 observer call): Fire counts
// the alerts delivered, one per Observer Warning or Overdue call.
func TestFireCountAfterRestart(t *testing.T) {
	ctx := context.Background()
	store := NewMemStore()
	var mu sync.Mutex
	observed := 0
	obs := ObserverFuncs{
		OnWarning: func(context.Context, *Order, sla.Result) { mu.Lock(); observed++; mu.Unlock() },
		OnOverdue: func(context.Context, *Order, sla.Result) { mu.Lock(); observed++; mu.Unlock() },
	}
	calls := func() int { mu.Lock(); defer mu.Unlock(); n := observed; observed = 0; return n }
	watch := func(c *Config) { c.Store = store; c.Watch = true; c.Observer = obs }

	// 22 orders dispatched Monday 10:00, signed by nobody: sign is due
	// Tuesday 17:30 and urged then.
	s, clk := newService(t, watch)
	for range 22 {
		o := must(t)(s.Accept(ctx, centre, draft()))
		must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	}
	clk.Set(at(2025, 9, 16, 17, 31))
	if n, c := s.Fire(ctx), calls(); n != 22 || c != 22 {
		t.Fatalf("first run: Fire = %d, observer calls %d; want 22 and 22", n, c)
	}
	// One more, dispatched then: its sign is due Wednesday 17:30.
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))

	// A restart on Wednesday 17:31 re-raises the 22 urged breaches, which
	// the service drops, and raises the new one.
	s, clk = newService(t, watch)
	clk.Set(at(2025, 9, 17, 17, 31))
	if n, err := s.WatchOpen(ctx); err != nil || n != 23 {
		t.Fatalf("WatchOpen = %d, %v", n, err)
	}
	if n, c := s.Fire(ctx), calls(); n != 1 || c != 1 {
		t.Errorf("after a restart: Fire = %d, observer calls %d; want 1 and 1", n, c)
	}
}

// urgeFailStore fails the next fails updates that record an urge.
type urgeFailStore struct {
	Store
	mu    sync.Mutex
	fails int
}

var errDiskFull = errors.New("disk full")

func (f *urgeFailStore) Update(ctx context.Context, o *Order, v int64, rs []Record) error {
	f.mu.Lock()
	fail := f.fails > 0 && rs[0].Step == StepUrge
	if fail {
		f.fails--
	}
	f.mu.Unlock()
	if fail {
		return errDiskFull
	}
	return f.Store.Update(ctx, o, v, rs)
}

// TestOverdueAlertNotLostOnStoreError is the regression test of an
// overdue alert lost when the store failed while the service urged the
// order: the monitor had marked it fired. The failure now reaches the
// observer, and the alert is tried again after the backoff until the urge
// is recorded, once.
func TestOverdueAlertNotLostOnStoreError(t *testing.T) {
	ctx := context.Background()
	fs := &urgeFailStore{Store: NewMemStore(), fails: 2}
	var mu sync.Mutex
	var events []string
	obs := ObserverFuncs{
		OnOverdue: func(_ context.Context, o *Order, r sla.Result) {
			mu.Lock()
			events = append(events, fmt.Sprintf("overdue %s urges=%d", r.Name, o.Urges))
			mu.Unlock()
		},
		OnAlertFailed: func(_ context.Context, a sla.Alert, err error) {
			mu.Lock()
			events = append(events, fmt.Sprintf("failed %s %s disk full=%v", a.Target, a.Level, errors.Is(err, errDiskFull)))
			mu.Unlock()
		},
	}
	s, clk := newService(t, func(c *Config) {
		c.Store = fs
		c.Watch = true
		c.Observer = obs
		c.AlertBackoff = sla.Backoff{Initial: time.Minute, Max: time.Hour}
	})
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))

	// Sign is due Tuesday 17:30: the first two tries fail, a minute and
	// then two minutes apart; the third records the urge.
	steps := []struct {
		at   time.Time
		want int
	}{
		{at(2025, 9, 16, 17, 31), 0},
		{at(2025, 9, 16, 17, 31).Add(59 * time.Second), 0}, // waiting
		{at(2025, 9, 16, 17, 32), 0},
		{at(2025, 9, 16, 17, 33).Add(59 * time.Second), 0}, // waiting
		{at(2025, 9, 16, 17, 34), 1},
		{at(2025, 9, 16, 18, 0), 0},
	}
	for _, st := range steps {
		clk.Set(st.at)
		if n := s.Fire(ctx); n != st.want {
			t.Errorf("at %v: Fire = %d, want %d", st.at.Format("15:04:05"), n, st.want)
		}
	}
	g := must(t)(s.Get(ctx, centre, o.ID))
	if g.Urges != 1 || !g.Overdue {
		t.Errorf("urges %d, overdue %v; want 1 urge", g.Urges, g.Overdue)
	}
	mu.Lock()
	defer mu.Unlock()
	want := "failed sign overdue disk full=true; failed sign overdue disk full=true; overdue sign urges=1"
	if got := strings.Join(events, "; "); got != want {
		t.Errorf("observed %q\nwant     %q", got, want)
	}
}

// TestAlertResultsMatchDeadlines: AlertResults, for a store that plans
// alerts before any service exists, gives what Service.Deadlines gives,
// the assisting units' targets included.
func TestAlertResultsMatchDeadlines(t *testing.T) {
	s, _ := newService(t)
	o := handling(t, s, draft(), envBur, village)
	want, err := s.Deadlines(o, o.Updated)
	if err != nil {
		t.Fatal(err)
	}
	got, err := AlertResults(sla.DefaultPolicies(), s.cal, sla.Target{}, o, o.Updated)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(got) < 2 || got[len(got)-1].Name != village+"/assist" {
		t.Fatalf("AlertResults %d results, Deadlines %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Name != want[i].Name || !got[i].Due.Equal(want[i].Due) || !got[i].WarnAt.Equal(want[i].WarnAt) {
			t.Errorf("result %d: %s due %v, want %s due %v", i, got[i].Name, got[i].Due, want[i].Name, want[i].Due)
		}
	}
	if _, err := AlertResults(sla.DefaultPolicies(), s.cal, sla.Target{}, nil, o.Updated); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("nil order: %v", err)
	}
}

// TestRegionPolicyCoversSubregions: a policy for 清溪镇 was not used for
// an order in 清溪镇/三中村, as a policy's region matched exactly. The
// service (and its lookup cache) now serves the order with it, and one in
// 清溪镇外 with the catch-all.
func TestRegionPolicyCoversSubregions(t *testing.T) {
	finish := func(days int) sla.Target {
		return sla.Target{Name: sla.TargetFinish, Clock: sla.ClockWorkingDays, Amount: sla.Amount{Days: days},
			Start: sla.EventReceived, MetBy: []sla.EventKind{sla.EventClosed}}
	}
	ps, err := sla.NewPolicySet(
		sla.Policy{Name: "any", Targets: []sla.Target{finish(10)}},
		sla.Policy{Name: "town", Region: "清溪镇", Targets: []sla.Target{finish(3)}},
	)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newService(t, func(c *Config) { c.Policies = ps })
	ctx := context.Background()
	for _, tc := range []struct {
		region string
		due    time.Time
	}{
		{"清溪镇/三中村", at(2025, 9, 19, 0, 0)}, // 3 working days after Monday 15th
		{"清溪镇", at(2025, 9, 19, 0, 0)},
		{"清溪镇外", at(2025, 9, 29, 0, 0)},    // 10 working days, the make-up Sunday 28th the last
		{"清溪镇/三中村", at(2025, 9, 19, 0, 0)}, // again, from the cache
	} {
		d := draft()
		d.Location.Region = tc.region
		o := must(t)(s.Accept(ctx, centre, d))
		if !o.Due.Equal(tc.due) {
			t.Errorf("order in %s due %v, want %v", tc.region, o.Due, tc.due)
		}
	}
}
