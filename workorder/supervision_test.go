package workorder

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline/sla"
)

// ladderPolicies returns the default policies, each climbing the default
// ladder on its finish target.
func ladderPolicies(t testing.TB) *sla.PolicySet {
	t.Helper()
	ps := sla.DefaultPolicies().Policies()
	for i := range ps {
		ps[i].Ladder = sla.DefaultLadder()
		ps[i].Ladder.Targets = []string{sla.TargetFinish}
	}
	set, err := sla.NewPolicySet(ps...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// supFailStore fails CreateSupervision while fails > 0.
type supFailStore struct {
	*MemStore
	mu    sync.Mutex
	fails int
}

var errSupDisk = errors.New("disk full")

func (s *supFailStore) CreateSupervision(ctx context.Context, sup *Supervision) error {
	s.mu.Lock()
	fail := s.fails > 0
	s.fails--
	s.mu.Unlock()
	if fail {
		return errSupDisk
	}
	return s.MemStore.CreateSupervision(ctx, sup)
}

type ladderLog struct {
	mu     sync.Mutex
	events []string
}

func (l *ladderLog) Supervised(_ context.Context, o *Order, a sla.Action, sup *Supervision) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := a.String() + " level=" + strconv.Itoa(o.Supervision)
	if sup != nil {
		e += " " + sup.ID + " due " + sup.Due.Format("01-02 15:04")
	}
	l.events = append(l.events, e)
}

func (l *ladderLog) StepTaken(context.Context, *Order, Record)     {}
func (l *ladderLog) Warning(context.Context, *Order, sla.Result)   {}
func (l *ladderLog) Overdue(context.Context, *Order, sla.Result)   {}
func (l *ladderLog) AlertFailed(context.Context, sla.Alert, error) {}

// TestLadderOverNationalDay climbs the default ladder on a complaint
// whose finish target falls due at the end of Wednesday 30 September
// 2026, the last working day before National Day (1 to 7 October): the
// overdue urge at midnight, the supervision order after 2 working days
// overdue (the end of Friday 9 October), its first try failing and the
// retry issuing it, the decision after 5 (the end of Tuesday 13 October,
// the make-up Saturday 10 October counted). A service started again on
// the same store raises nothing twice.
func TestLadderOverNationalDay(t *testing.T) {
	ctx := context.Background()
	store := &supFailStore{MemStore: NewMemStore(), fails: 1}
	log := &ladderLog{}
	cfg := func(c *Config) {
		c.Store = store
		c.Policies = ladderPolicies(t)
		c.Watch = true
		c.Observer = log
		c.AlertBackoff = sla.Backoff{Initial: time.Minute}
	}
	s, clk := newService(t, cfg)
	clk.Set(at(2026, 9, 22, 10, 0))
	o := handling(t, s, draft())
	ds, err := s.Deadlines(o, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if d := ds[len(ds)-1]; d.Name != sla.TargetFinish || !d.Due.Equal(at(2026, 10, 1, 0, 0)) {
		t.Fatalf("finish due %v, want the end of 30 September", d.Due)
	}
	ticks := []struct {
		at   time.Time
		want int
	}{
		{at(2026, 10, 1, 0, 0).Add(time.Second), 1}, // overdue urge
		{at(2026, 10, 9, 23, 59), 0},
		{at(2026, 10, 10, 0, 0), 0}, // supervision order: the store fails
		{at(2026, 10, 10, 0, 1), 1}, // tried again
		{at(2026, 10, 13, 23, 59), 0},
		{at(2026, 10, 14, 0, 0), 1}, // decision
		{at(2026, 10, 20, 0, 0), 0},
	}
	for _, tk := range ticks {
		clk.Set(tk.at)
		if n := s.Fire(ctx); n != tk.want {
			t.Errorf("at %v: Fire = %d, want %d", tk.at, n, tk.want)
		}
	}
	id := o.ID + "/finish/" + strconv.FormatInt(at(2026, 9, 22, 10, 0).Unix(), 10)
	want := []string{"supervise level=1 " + id + " due 10-14 00:00", "decide level=2 " + id + " due 10-14 00:00"}
	if got := strings.Join(log.events, "; "); got != strings.Join(want, "; ") {
		t.Errorf("observed %q\nwant     %q", got, strings.Join(want, "; "))
	}

	// A second service on the same store, as after a restart, raises the
	// steps again: each is dropped.
	s2, clk2 := newService(t, cfg)
	clk2.Set(at(2026, 10, 20, 0, 0))
	if _, err := s2.WatchOpen(ctx); err != nil {
		t.Fatal(err)
	}
	if n := s2.Fire(ctx); n != 0 {
		t.Errorf("after a restart Fire = %d, want 0", n)
	}

	sups, err := s.Supervisions(ctx, SupervisionFilter{Unit: cityMgmt})
	if err != nil {
		t.Fatal(err)
	}
	if len(sups) != 1 {
		t.Fatalf("supervisions %+v, want 1", sups)
	}
	sup := sups[0]
	if sup.ID != id || sup.Order != o.ID || sup.Target != sla.TargetFinish || sup.IssuedBy != System() ||
		!sup.Issued.Equal(at(2026, 10, 10, 0, 1)) || !sup.Escalated.Equal(at(2026, 10, 14, 0, 0)) || !sup.Open() {
		t.Errorf("supervision %+v", sup)
	}

	// The unit explains, late; a supervisor decides on a talk.
	if _, err := s.ExplainSupervision(ctx, Unit(envBur), id, "人手不足"); !errors.Is(err, ErrForbidden) {
		t.Errorf("another unit explains: %v, want ErrForbidden", err)
	}
	got, err := s.ExplainSupervision(ctx, Unit(cityMgmt), id, "国庆假期人手不足，已于10月15日复工处理")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Late(clk.Now()) || got.Version != 3 {
		t.Errorf("explained %+v: want late, version 3", got)
	}
	if _, err := s.ExplainSupervision(ctx, Unit(cityMgmt), id, "再说明"); !errors.Is(err, ErrInvalidTransition) {
		t.Errorf("second explanation: %v, want ErrInvalidTransition", err)
	}
	if _, err := s.CloseSupervision(ctx, centre, id, OutcomeTalk, "超期且说明迟交"); !errors.Is(err, ErrForbidden) {
		t.Errorf("centre closes: %v, want ErrForbidden", err)
	}
	if _, err := s.CloseSupervision(ctx, super, id, OutcomeTalk, "超期且说明迟交"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSupervision(ctx, super, id, OutcomeCriticism, "again"); !errors.Is(err, ErrInvalidTransition) {
		t.Errorf("second close: %v, want ErrInvalidTransition", err)
	}
	sns, err := s.Sanctions(ctx, SanctionFilter{Unit: cityMgmt})
	if err != nil {
		t.Fatal(err)
	}
	if len(sns) != 1 || sns[0].Kind != SanctionTalk || sns[0].DecidedBy != super || sns[0].Reason != "超期且说明迟交" || sns[0].Supervision != id {
		t.Errorf("sanctions %+v, want one talk decided by %v", sns, super)
	}

	// The assessment counts the supervision order and its talk against
	// the unit.
	recs, err := s.AssessmentRecords(must(t)(s.Get(ctx, centre, o.ID)), h0(t, store, o.ID), clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if last := recs[len(recs)-1]; last.Unit != cityMgmt || last.Supervisions != 1 || last.Talks != 1 || last.Criticisms != 0 {
		t.Errorf("assessment record %+v: want 1 supervision, 1 talk", last)
	}

	// The audit trail: the overdue urge, the supervision order, the
	// decision put to a supervisor, the supervisor's outcome.
	h, err := store.History(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	var trail []string
	for _, r := range h[3:] {
		trail = append(trail, r.Actor.Role.String()+" "+r.Step.String()+" "+r.Data)
	}
	wantTrail := []string{
		"system urge urges=1&target=finish&level=overdue",
		"system supervise level=1&target=finish&ladder=finish#2:supervise&supervision=" + id,
		"system supervise level=2&target=finish&ladder=finish#3:decide&supervision=" + id,
		"supervisor supervise level=2&supervision=" + id + "&outcome=talk",
	}
	if strings.Join(trail, "\n") != strings.Join(wantTrail, "\n") {
		t.Errorf("trail:\n%s\nwant:\n%s", strings.Join(trail, "\n"), strings.Join(wantTrail, "\n"))
	}
}

func TestIssueSupervisionByHand(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	o := handling(t, s, draft())
	if _, err := s.IssueSupervision(ctx, centre, o.ID, "群众反映强烈"); !errors.Is(err, ErrForbidden) {
		t.Errorf("centre issues: %v, want ErrForbidden", err)
	}
	if _, err := s.IssueSupervision(ctx, super, o.ID, " "); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("no reason: %v, want ErrInvalidArgument", err)
	}
	sup, err := s.IssueSupervision(ctx, super, o.ID, "群众反映强烈")
	if err != nil {
		t.Fatal(err)
	}
	// Issued Monday 15 September 2025 10:00: 3 working days.
	if sup.Unit != cityMgmt || sup.IssuedBy != super || !sup.Due.Equal(at(2025, 9, 18, 10, 0)) {
		t.Errorf("supervision %+v", sup)
	}
	g := must(t)(s.Get(ctx, centre, o.ID))
	if g.Supervision != 1 {
		t.Errorf("level %d, want 1", g.Supervision)
	}
	if _, err := s.CloseSupervision(ctx, super, sup.ID, OutcomeAccepted, "说明属实"); err != nil {
		t.Fatal(err)
	}
	if sns, _ := s.Sanctions(ctx, SanctionFilter{}); len(sns) != 0 {
		t.Errorf("an accepted explanation sanctions: %+v", sns)
	}
}

func TestSupervisionNeedsStore(t *testing.T) {
	s, _ := newService(t, func(c *Config) { c.Store = struct{ Store }{NewMemStore()} })
	if _, err := s.Supervisions(context.Background(), SupervisionFilter{}); !errors.Is(err, ErrNoSupervisionStore) {
		t.Errorf("err = %v, want ErrNoSupervisionStore", err)
	}
}

func h0(t *testing.T, s Store, id string) []Record {
	t.Helper()
	h, err := s.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestAssessmentSupervisedBeforeDispatch: a supervision before any
// dispatch concerns no unit and counts against none.
func TestAssessmentSupervisedBeforeDispatch(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Supervise(ctx, super, o.ID, "来电多次"))
	// No supervision order is issued before there is a unit to answer it.
	if _, err := s.IssueSupervision(ctx, super, o.ID, "来电多次"); !errors.Is(err, ErrNoLeadUnit) {
		t.Fatalf("supervision order before dispatch: %v, want ErrNoLeadUnit", err)
	}
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	g := must(t)(s.Get(ctx, centre, o.ID))
	h, err := s.store.History(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := s.AssessmentRecords(g, h, g.Updated)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Supervisions != 0 {
		t.Errorf("records %+v: want one, with no supervision", recs)
	}
}
