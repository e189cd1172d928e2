package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// Run runs the conformance suite against the stores newStore returns. Each
// subtest calls newStore once and expects an empty store.
func Run(t *testing.T, newStore func(t *testing.T) workorder.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s workorder.Store)
	}{
		{"CreateGet", testCreateGet},
		{"RoundTripEveryField", testRoundTrip},
		{"ZeroValues", testZeroValues},
		{"CopiesInAndOut", testCopies},
		{"NotFound", testNotFound},
		{"CreateExisting", testCreateExisting},
		{"CreateBatch", testCreateBatch},
		{"CreateInvalid", testCreateInvalid},
		{"Update", testUpdate},
		{"UpdateSeveralRecords", testUpdateSeveral},
		{"UpdateConflict", testUpdateConflict},
		{"UpdateInvalid", testUpdateInvalid},
		{"History", testHistory},
		{"ListFilters", testList},
		{"ListPaging", testPaging},
		{"ListSortsAndCursors", testSorts},
		{"ListBadCursor", testBadCursor},
		{"Counts", testCounts},
		{"ListMergedAfterUpdate", testMergedMoves},
		{"ListByCode", testListCode},
		{"RecentByRepeatKey", testRecent},
		{"RecentAfterUpdate", testRecentMoves},
		{"RecentGroup", testRecentGroup},
		{"CancelledContext", testCancelled},
		{"ConcurrentUpdates", testConcurrent},
		{"AtomicWrites", testAtomic},
		{"RefusesNUL", testRefusesNUL},
		{"EvidenceAndLookup", testEvidence},
		{"Keys", testKeys},
		{"KeyReused", testKeyReused},
		{"ServiceKeys", testServiceKeys},
		{"ConcurrentKeys", testConcurrentKeys},
		{"OutcomeUnknown", testOutcomeUnknown},
		{"PersonsAndExemptions", testPersons},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

var (
	shanghai = time.FixedZone("CST", 8*3600)
	t0       = time.Date(2025, 9, 26, 10, 0, 0, 123456000, shanghai)
)

// at returns t0 plus n minutes.
func at(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }

// newOrder returns a received order at version 1 with its first record.
func newOrder(id string) (*workorder.Order, []workorder.Record) {
	o := &workorder.Order{
		ID: id, Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal,
		Title: "噪音扰民", Text: "三中村夜间施工噪音，凌晨两点仍在作业。",
		Caller:   workorder.Caller{Name: "李女士", Phone: "13812345678"},
		Location: workorder.Location{Region: "清溪镇/三中村", Address: "三中村工业路8号"},
		State:    workorder.StateReceived,
		Timeline: sla.Timeline{{Kind: sla.EventReceived, At: at(0)}},
		Version:  1, Created: at(0), Updated: at(0),
	}
	r := record(o, workorder.Centre("agent-7"), workorder.StepAccept, workorder.StateNew, workorder.StateReceived, at(0))
	return o, []workorder.Record{r}
}

// record builds the record that takes o from one state to another, and
// moves o's version, state, time and hash along.
func record(o *workorder.Order, a workorder.Actor, step workorder.Step, from, to workorder.State, when time.Time) workorder.Record {
	r := workorder.Record{
		OrderID: o.ID, Seq: o.Version, At: when, Actor: a, Step: step, From: from, To: to,
		Remark: "备注 " + step.String(), Data: "k=v&n=" + strconv.FormatInt(o.Version, 10),
	}
	var prev [32]byte
	if o.Version > 1 {
		prev = o.LastHash
	}
	r.Hash = r.ComputeHash(prev)
	o.LastHash = r.Hash
	return r
}

// step advances o by one step and returns the record.
func step(o *workorder.Order, to workorder.State, when time.Time) workorder.Record {
	return stepNoted(o, to, when, "")
}

// stepNoted is step with the record's remark set to remark when not empty.
func stepNoted(o *workorder.Order, to workorder.State, when time.Time, remark string) workorder.Record {
	prev := o.LastHash
	from := o.State
	o.Version++
	o.State, o.Updated = to, when
	r := record(o, workorder.Centre("agent-7"), workorder.StepUrge, from, to, when)
	if remark != "" {
		r.Remark = remark
		r.Hash = r.ComputeHash(prev)
		o.LastHash = r.Hash
	}
	return r
}

func create(t *testing.T, s workorder.Store, o *workorder.Order, rs []workorder.Record) {
	t.Helper()
	if err := s.Create(context.Background(), o, rs); err != nil {
		t.Fatalf("Create(%q): %v", o.ID, err)
	}
}

func get(t *testing.T, s workorder.Store, id string) *workorder.Order {
	t.Helper()
	o, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get(%q): %v", id, err)
	}
	return o
}

func history(t *testing.T, s workorder.Store, id string) []workorder.Record {
	t.Helper()
	rs, err := s.History(context.Background(), id)
	if err != nil {
		t.Fatalf("History(%q): %v", id, err)
	}
	return rs
}

// normal returns a copy of o comparable with reflect.DeepEqual: times in
// UTC, empty slices nil.
func normal(o *workorder.Order) *workorder.Order {
	c := o.Clone()
	utc := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.UTC()
		}
	}
	utc(&c.Created)
	utc(&c.Updated)
	utc(&c.Due)
	if len(c.Tags) == 0 {
		c.Tags = nil
	}
	if len(c.Assists) == 0 {
		c.Assists = nil
	}
	for i := range c.Assists {
		utc(&c.Assists[i].Since)
		utc(&c.Assists[i].Due)
		utc(&c.Assists[i].At)
	}
	if len(c.Timeline) == 0 {
		c.Timeline = nil
	}
	for i := range c.Timeline {
		utc(&c.Timeline[i].At)
	}
	if c.Pending != nil {
		utc(&c.Pending.At)
	}
	if c.Answer != nil {
		utc(&c.Answer.At)
	}
	if c.Transfer != nil {
		utc(&c.Transfer.At)
	}
	if r := c.Routing; r != nil {
		for _, ss := range []*[]string{&r.Assist, &r.RepeatOf, &r.Rules} {
			if len(*ss) == 0 {
				*ss = nil
			}
		}
	}
	return c
}

func sameOrder(t *testing.T, want, got *workorder.Order) {
	t.Helper()
	w, g := normal(want), normal(got)
	if !reflect.DeepEqual(w, g) {
		t.Errorf("order %q differs:\nwant %+v\n got %+v", want.ID, *w, *g)
	}
}

func sameRecords(t *testing.T, want, got []workorder.Record) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("history has %d records, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if !w.At.Equal(g.At) {
			t.Errorf("record %d: At %v, want %v", i+1, g.At, w.At)
		}
		w.At, g.At = time.Time{}, time.Time{}
		if w != g {
			t.Errorf("record %d differs:\nwant %+v\n got %+v", i+1, w, g)
		}
	}
}

func testCreateGet(t *testing.T, s workorder.Store) {
	o, rs := newOrder("WO-1")
	create(t, s, o, rs)
	sameOrder(t, o, get(t, s, "WO-1"))
	sameRecords(t, rs, history(t, s, "WO-1"))
}

// full returns an order with every field set.
func full(id string) (*workorder.Order, []workorder.Record) {
	o, rs := newOrder(id)
	o.Channel = hotline.ChannelMiniProgram
	o.Category, o.Urgency = hotline.CategoryReport, hotline.UrgencyEmergency
	o.Caller = workorder.Caller{Phone: "0769-22123456", Anonymous: true, Confidential: true}
	o.Tags = []string{"夜间", "施工", "a=b&c%d"}
	o.Lead, o.Fallback = "清溪镇城管办", true
	o.Assists = []workorder.Assist{
		{Unit: "清溪镇环保分局", Status: workorder.AssistSubmitted, Opinion: "已现场检测 72 分贝", Since: at(5), Due: at(4325), At: at(60)},
		{Unit: "三中村委会", Status: workorder.AssistWaived, Opinion: "无需村委意见", Since: at(5), At: at(61)},
		{Unit: "清溪派出所", Since: at(5), Due: at(4325)},
	}
	o.Timeline = sla.Timeline{
		{Kind: sla.EventReceived, At: at(0)},
		{Kind: sla.EventDispatched, At: at(5)},
		{Kind: sla.EventSigned, At: at(6)},
		{Kind: sla.EventExtended, At: at(7), Target: sla.TargetFinish, Amount: sla.Amount{Days: 3}},
		{Kind: sla.EventExtended, At: at(8), Target: "arrive", Amount: sla.Amount{Duration: 90 * time.Minute}},
	}
	o.Returns, o.ImproperReturns, o.Extensions, o.Reopenings, o.Urges, o.Supervision = 2, 1, 2, 1, 5, 3
	o.Pending = &workorder.Extension{Target: sla.TargetFinish, Amount: sla.Amount{Days: 2}, Reason: "等待检测报告", At: at(9)}
	o.Reply, o.Satisfaction, o.Resolution = "已责令停工，夜间不再施工。", hotline.BasicallySatisfied, hotline.Unresolved
	o.MergedInto = "WO-0"
	o.Routing = &workorder.Routing{
		Lead: "清溪镇城管办", Assist: []string{"清溪镇环保分局", "三中村委会"}, Joint: true, Coordinator: "政务服务中心",
		Repeat: true, RepeatOf: []string{"WO-a", "WO-b"}, RepeatKey: "三中村工业路8号\x1freport\x1f",
		HotspotKeys:    []string{"清溪镇/三中村\x1fcreport", "清溪镇/三中村\x1fk噪音"},
		HotspotsRaised: []string{"清溪镇/三中村\x1fk噪音"},
		Rules:          []string{"夜间施工", "噪音, 扰民"}, Reason: "命中规则「夜间施工」", LeadBy: routing.ByRule,
	}
	o.Code = "01.02.03"
	o.Answer = &workorder.DirectAnswer{Entry: "QX-001", Version: 3, At: at(10)}
	o.Transfer = &workorder.Transfer{Body: "110", Decision: "警情 & 转110", ThreeWay: true, Reference: "JQ-0012", At: at(11)}
	o.Due, o.Level, o.Overdue = at(600), sla.LevelWarning, true
	o.Updated = at(9)
	o.State = workorder.StateHandling
	return o, rs
}

func testRoundTrip(t *testing.T, s workorder.Store) {
	o, rs := full("WO-full")
	create(t, s, o, rs)
	sameOrder(t, o, get(t, s, "WO-full"))
	got := get(t, s, "WO-full")
	if got.Timeline[4].Amount.Duration != 90*time.Minute || got.Pending.Amount.Days != 2 {
		t.Errorf("amounts lost: %+v, %+v", got.Timeline[4], got.Pending)
	}
	if !got.Created.Equal(at(0)) || got.Created.Nanosecond() != 123456000 {
		t.Errorf("Created %v, want %v to the microsecond", got.Created, at(0))
	}
}

func testZeroValues(t *testing.T, s workorder.Store) {
	o := &workorder.Order{ID: "WO-min", Channel: hotline.ChannelWeb, Category: hotline.CategoryPraise,
		Urgency: hotline.UrgencyNormal, Text: "x", State: workorder.StateReceived, Version: 1, Created: at(0), Updated: at(0)}
	r := record(o, workorder.System(), workorder.StepAccept, workorder.StateNew, workorder.StateReceived, at(0))
	create(t, s, o, []workorder.Record{r})
	got := get(t, s, "WO-min")
	sameOrder(t, o, got)
	if !got.Due.IsZero() || got.Pending != nil || len(got.Assists) != 0 || len(got.Tags) != 0 {
		t.Errorf("zero fields came back set: Due %v Pending %v Assists %v Tags %v", got.Due, got.Pending, got.Assists, got.Tags)
	}
}

func testCopies(t *testing.T, s workorder.Store) {
	o, rs := full("WO-copy")
	want := o.Clone()
	create(t, s, o, rs)
	// Changing what was passed in must not change the store.
	o.Tags[0], o.Assists[0].Opinion, o.Timeline[0].At, o.Pending.Reason = "changed", "changed", at(99), "changed"
	o.Routing.Rules[0], o.Routing.RepeatOf[0] = "changed", "changed"
	rs[0].Remark = "changed"
	sameOrder(t, want, get(t, s, "WO-copy"))
	if h := history(t, s, "WO-copy"); h[0].Remark == "changed" {
		t.Error("history shares the caller's records")
	}
	// Changing what came out must not change the store either.
	g := get(t, s, "WO-copy")
	g.Tags[0], g.Assists[0].Opinion, g.Timeline[0].At, g.Pending.Reason, g.Text = "x", "x", at(99), "x", "x"
	g.Routing.Assist[0], g.Routing.Reason = "x", "x"
	h := history(t, s, "WO-copy")
	h[0].Remark = "x"
	sameOrder(t, want, get(t, s, "WO-copy"))
	if h := history(t, s, "WO-copy"); h[0].Remark == "x" {
		t.Error("history hands out its own records")
	}
}

// testNotFound: an unknown order is workorder.NotFound, word for word,
// whatever the store (messages used to name the store's package).
func testNotFound(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	want := workorder.NotFound("nope").Error()
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, workorder.ErrNotFound) || err.Error() != want {
		t.Errorf("Get: %v, want %s", err, want)
	}
	if _, err := s.History(ctx, "nope"); !errors.Is(err, workorder.ErrNotFound) || err.Error() != want {
		t.Errorf("History: %v, want %s", err, want)
	}
	o, _ := newOrder("nope")
	r := step(o, workorder.StateReceived, at(1))
	if err := s.Update(ctx, o, 1, []workorder.Record{r}); !errors.Is(err, workorder.ErrNotFound) || err.Error() != want {
		t.Errorf("Update: %v, want %s", err, want)
	}
	if list, err := s.List(ctx, workorder.Filter{}); err != nil || len(list) != 0 {
		t.Errorf("List on an empty store: %v, %v", list, err)
	}
	// No order holds a NUL: an id naming one finds none, whatever the store.
	nul := workorder.NotFound("no\x00pe").Error()
	if _, err := s.Get(ctx, "no\x00pe"); !errors.Is(err, workorder.ErrNotFound) || err.Error() != nul {
		t.Errorf("Get of an id with a NUL: %v, want %s", err, nul)
	}
	if _, err := s.History(ctx, "no\x00pe"); !errors.Is(err, workorder.ErrNotFound) || err.Error() != nul {
		t.Errorf("History of an id with a NUL: %v, want %s", err, nul)
	}
}

func testCreateExisting(t *testing.T, s workorder.Store) {
	o, rs := newOrder("WO-1")
	create(t, s, o, rs)
	o2, rs2 := newOrder("WO-1")
	o2.Text = "another"
	if err := s.Create(context.Background(), o2, rs2); !errors.Is(err, workorder.ErrConflict) {
		t.Fatalf("second Create: %v, want ErrConflict", err)
	}
	sameOrder(t, o, get(t, s, "WO-1"))
	sameRecords(t, rs, history(t, s, "WO-1"))
}

func testCreateInvalid(t *testing.T, s workorder.Store) {
	cases := []struct {
		name string
		bend func(o *workorder.Order, rs []workorder.Record) []workorder.Record
	}{
		{"no records", func(o *workorder.Order, rs []workorder.Record) []workorder.Record { o.Version = 0; return nil }},
		{"version not len(records)", func(o *workorder.Order, rs []workorder.Record) []workorder.Record { o.Version = 2; return rs }},
		{"record numbered 2", func(o *workorder.Order, rs []workorder.Record) []workorder.Record { rs[0].Seq = 2; return rs }},
		{"record of another order", func(o *workorder.Order, rs []workorder.Record) []workorder.Record {
			rs[0].OrderID = "other"
			return rs
		}},
		{"empty id", func(o *workorder.Order, rs []workorder.Record) []workorder.Record {
			o.ID = ""
			rs[0].OrderID = ""
			return rs
		}},
		{"last hash not the last record's", func(o *workorder.Order, rs []workorder.Record) []workorder.Record {
			o.LastHash[0] ^= 1
			return rs
		}},
		{"no last hash", func(o *workorder.Order, rs []workorder.Record) []workorder.Record {
			o.LastHash = [32]byte{}
			return rs
		}},
		{"id with a NUL", func(o *workorder.Order, rs []workorder.Record) []workorder.Record {
			o.ID = "WO-bad\x00"
			rs[0].OrderID = o.ID
			return rs
		}},
	}
	for _, tc := range cases {
		o, rs := newOrder("WO-bad")
		rs = tc.bend(o, rs)
		if err := s.Create(context.Background(), o, rs); !errors.Is(err, workorder.ErrInvalidArgument) {
			t.Errorf("%s: Create: %v, want ErrInvalidArgument", tc.name, err)
		}
		if _, err := s.Get(context.Background(), "WO-bad"); !errors.Is(err, workorder.ErrNotFound) {
			t.Errorf("%s: order stored anyway (Get: %v)", tc.name, err)
		}
	}
}

func testUpdate(t *testing.T, s workorder.Store) {
	o, rs := newOrder("WO-1")
	create(t, s, o, rs)
	r := step(o, workorder.StateDispatched, at(5))
	o.Lead = "清溪镇城管办"
	o.Timeline = append(o.Timeline, sla.Event{Kind: sla.EventDispatched, At: at(5)})
	if err := s.Update(context.Background(), o, 1, []workorder.Record{r}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	got := get(t, s, "WO-1")
	sameOrder(t, o, got)
	if got.Version != 2 || got.State != workorder.StateDispatched {
		t.Errorf("version %d state %s, want 2 dispatched", got.Version, got.State)
	}
	sameRecords(t, append(rs, r), history(t, s, "WO-1"))
}

func testUpdateSeveral(t *testing.T, s workorder.Store) {
	o, rs := newOrder("WO-1")
	create(t, s, o, rs)
	r2 := step(o, workorder.StateDispatched, at(5))
	r3 := step(o, workorder.StateHandling, at(6))
	if err := s.Update(context.Background(), o, 1, []workorder.Record{r2, r3}); err != nil {
		t.Fatalf("Update with two records: %v", err)
	}
	if v := get(t, s, "WO-1").Version; v != 3 {
		t.Errorf("version %d, want 3", v)
	}
	hist := history(t, s, "WO-1")
	sameRecords(t, []workorder.Record{rs[0], r2, r3}, hist)
	if err := workorder.Verify("WO-1", hist); err != nil {
		t.Errorf("stored history does not verify: %v", err)
	}
}

func testUpdateConflict(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	o, rs := newOrder("WO-1")
	create(t, s, o, rs)
	a := o.Clone()
	ra := step(a, workorder.StateDispatched, at(5))
	if err := s.Update(ctx, a, 1, []workorder.Record{ra}); err != nil {
		t.Fatalf("first Update: %v", err)
	}
	// A second writer that read version 1 too.
	b := o.Clone()
	b.Text = "stale writer"
	rb := step(b, workorder.StateCancelled, at(6))
	if err := s.Update(ctx, b, 1, []workorder.Record{rb}); !errors.Is(err, workorder.ErrConflict) {
		t.Fatalf("stale Update: %v, want ErrConflict", err)
	}
	// Expecting a version from the future conflicts as well.
	c := a.Clone()
	c.Version = 5
	rc := step(c, workorder.StateHandling, at(7))
	if err := s.Update(ctx, c, 5, []workorder.Record{rc}); !errors.Is(err, workorder.ErrConflict) {
		t.Fatalf("Update expecting version 5 of 2: %v, want ErrConflict", err)
	}
	sameOrder(t, a, get(t, s, "WO-1"))
	sameRecords(t, []workorder.Record{rs[0], ra}, history(t, s, "WO-1"))
}

func testUpdateInvalid(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	o, rs := newOrder("WO-1")
	create(t, s, o, rs)
	cases := []struct {
		name string
		bend func(o *workorder.Order, r *workorder.Record) []workorder.Record
	}{
		{"no records", func(o *workorder.Order, r *workorder.Record) []workorder.Record { o.Version = 1; return nil }},
		{"version skips", func(o *workorder.Order, r *workorder.Record) []workorder.Record {
			o.Version = 3
			return []workorder.Record{*r}
		}},
		{"record numbered 3", func(o *workorder.Order, r *workorder.Record) []workorder.Record {
			r.Seq = 3
			return []workorder.Record{*r}
		}},
		{"record of another order", func(o *workorder.Order, r *workorder.Record) []workorder.Record {
			r.OrderID = "WO-2"
			return []workorder.Record{*r}
		}},
		{"last hash not the last record's", func(o *workorder.Order, r *workorder.Record) []workorder.Record {
			o.LastHash[31] ^= 1
			return []workorder.Record{*r}
		}},
		{"last hash still the stored record's", func(o *workorder.Order, r *workorder.Record) []workorder.Record {
			o.LastHash = rs[0].Hash
			return []workorder.Record{*r}
		}},
		{"last hash the first of two records'", func(o *workorder.Order, r *workorder.Record) []workorder.Record {
			r3 := step(o, workorder.StateHandling, at(6))
			o.LastHash = r.Hash
			return []workorder.Record{*r, r3}
		}},
	}
	for _, tc := range cases {
		c := o.Clone()
		r := step(c, workorder.StateDispatched, at(5))
		recs := tc.bend(c, &r)
		if err := s.Update(ctx, c, 1, recs); !errors.Is(err, workorder.ErrInvalidArgument) {
			t.Errorf("%s: Update: %v, want ErrInvalidArgument", tc.name, err)
		}
	}
	sameOrder(t, o, get(t, s, "WO-1"))
	sameRecords(t, rs, history(t, s, "WO-1"))
}

func testHistory(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	o, rs := newOrder("WO-1")
	create(t, s, o, rs)
	other, ors := newOrder("WO-2")
	create(t, s, other, ors)
	want := append([]workorder.Record(nil), rs...)
	for i := 1; i <= 30; i++ {
		r := stepNoted(o, workorder.StateReceived, at(i), fmt.Sprintf("第 %d 次催办 & more=%%", i))
		if err := s.Update(ctx, o, o.Version-1, []workorder.Record{r}); err != nil {
			t.Fatalf("Update %d: %v", i, err)
		}
		want = append(want, r)
	}
	got := history(t, s, "WO-1")
	sameRecords(t, want, got)
	if err := workorder.Verify("WO-1", got); err != nil {
		t.Errorf("history does not verify: %v", err)
	}
	sameRecords(t, ors, history(t, s, "WO-2"))
}

// listSet creates a set of orders for the filter tests and returns them.
func listSet(t *testing.T, s workorder.Store) {
	type spec struct {
		id       string
		state    workorder.State
		lead     string
		assist   []string
		cat      hotline.Category
		region   string
		due      time.Time
		overdue  bool
		mergedTo string
		routing  *workorder.Routing
	}
	var (
		joint  = &workorder.Routing{Lead: "城管办", Assist: []string{"环保分局"}, Joint: true, Coordinator: "中心"}
		repeat = &workorder.Routing{Lead: "环保分局", Joint: true, Coordinator: "中心", Repeat: true, RepeatOf: []string{"A1", "A2"}}
		alone  = &workorder.Routing{Lead: "城管办"}
	)
	specs := []spec{
		{"A1", workorder.StateReceived, "", nil, hotline.CategoryComplaint, "清溪镇/三中村", time.Time{}, false, "", nil},
		{"A2", workorder.StateDispatched, "城管办", []string{"环保分局"}, hotline.CategoryComplaint, "清溪镇/三中村", at(100), false, "", joint},
		{"A3", workorder.StateHandling, "环保分局", nil, hotline.CategoryReport, "清溪镇东/一村", at(50), true, "", repeat},
		{"A4", workorder.StateHandling, "城管办", nil, hotline.CategoryHelp, "清溪镇", at(200), false, "", alone},
		{"A5", workorder.StateClosed, "城管办", nil, hotline.CategoryComplaint, "樟木头镇", time.Time{}, true, "", nil},
		{"A6", workorder.StateMerged, "", nil, hotline.CategoryComplaint, "清溪镇/三中村", time.Time{}, false, "A2", repeat},
		{"A7", workorder.StateMerged, "", nil, hotline.CategoryComplaint, "清溪镇/三中村", time.Time{}, false, "A4", nil},
		{"A8", workorder.StateCancelled, "", nil, hotline.CategoryOther, "", time.Time{}, false, "", nil},
	}
	// Create out of id order so that List has to sort.
	for i := len(specs) - 1; i >= 0; i-- {
		sp := specs[i]
		o, rs := newOrder(sp.id)
		o.State, o.Lead, o.Category, o.Location.Region, o.Due, o.Overdue, o.MergedInto =
			sp.state, sp.lead, sp.cat, sp.region, sp.due, sp.overdue, sp.mergedTo
		o.Routing = sp.routing.Clone()
		for _, u := range sp.assist {
			o.Assists = append(o.Assists, workorder.Assist{Unit: u, Since: at(1)})
		}
		create(t, s, o, rs)
	}
}

func ids(os []*workorder.Order) []string {
	out := []string{}
	for _, o := range os {
		out = append(out, o.ID)
	}
	return out
}

func testList(t *testing.T, s workorder.Store) {
	listSet(t, s)
	cases := []struct {
		name string
		f    workorder.Filter
		want []string
	}{
		{"all", workorder.Filter{}, []string{"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"}},
		{"state", workorder.Filter{State: workorder.StateHandling}, []string{"A3", "A4"}},
		{"open", workorder.Filter{Open: true}, []string{"A1", "A2", "A3", "A4"}},
		{"lead unit", workorder.Filter{Unit: "城管办"}, []string{"A2", "A4", "A5"}},
		{"lead or assisting unit", workorder.Filter{Unit: "环保分局"}, []string{"A2", "A3"}},
		{"unknown unit", workorder.Filter{Unit: "无此单位"}, []string{}},
		{"category", workorder.Filter{Category: hotline.CategoryComplaint}, []string{"A1", "A2", "A5", "A6", "A7"}},
		{"region by segment", workorder.Filter{Region: "清溪镇"}, []string{"A1", "A2", "A4", "A6", "A7"}},
		{"region with trailing slash", workorder.Filter{Region: "清溪镇/"}, []string{"A1", "A2", "A4", "A6", "A7"}},
		{"region village", workorder.Filter{Region: "清溪镇/三中村"}, []string{"A1", "A2", "A6", "A7"}},
		{"region other town", workorder.Filter{Region: "清溪镇东"}, []string{"A3"}},
		{"due before, strictly", workorder.Filter{DueBefore: at(100)}, []string{"A3"}},
		{"due before, later", workorder.Filter{DueBefore: at(101)}, []string{"A2", "A3"}},
		{"overdue", workorder.Filter{Overdue: true}, []string{"A3", "A5"}},
		{"merged into", workorder.Filter{MergedInto: "A2"}, []string{"A6"}},
		{"combined", workorder.Filter{Open: true, Unit: "城管办", Category: hotline.CategoryHelp, Region: "清溪镇", DueBefore: at(300)}, []string{"A4"}},
		{"combined, one condition fails", workorder.Filter{State: workorder.StateHandling, Overdue: true, Category: hotline.CategoryHelp}, []string{}},
		{"joint", workorder.Filter{Joint: true}, []string{"A2", "A3", "A6"}},
		{"repeat", workorder.Filter{Repeat: true}, []string{"A3", "A6"}},
		{"open joint", workorder.Filter{Open: true, Joint: true}, []string{"A2", "A3"}},
		{"repeat of a unit", workorder.Filter{Repeat: true, Unit: "城管办"}, []string{}},
		{"unit with a NUL", workorder.Filter{Unit: "城管办\x00"}, []string{}},
		{"category with a NUL", workorder.Filter{Category: "complaint\x00"}, []string{}},
		{"region with a NUL", workorder.Filter{Region: "清溪镇\x00"}, []string{}},
		{"merged into an id with a NUL", workorder.Filter{MergedInto: "A2\x00"}, []string{}},
	}
	for _, tc := range cases {
		got, err := s.List(context.Background(), tc.f)
		if err != nil {
			t.Errorf("%s: List: %v", tc.name, err)
			continue
		}
		if g := ids(got); !reflect.DeepEqual(g, tc.want) {
			t.Errorf("%s: List(%+v) = %v, want %v", tc.name, tc.f, g, tc.want)
		}
	}
	// Listed orders are complete copies.
	got, _ := s.List(context.Background(), workorder.Filter{MergedInto: "A2"})
	if len(got) == 1 {
		sameOrder(t, get(t, s, "A6"), got[0])
		got[0].Text = "changed"
		if get(t, s, "A6").Text == "changed" {
			t.Error("List hands out the store's own order")
		}
	}
}

// testMergedMoves checks that listing by master follows an order whose
// MergedInto changes: set, moved to another master, and cleared.
func testMergedMoves(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	list := func(master string) []string {
		t.Helper()
		got, err := s.List(ctx, workorder.Filter{MergedInto: master})
		if err != nil {
			t.Fatalf("List merged into %s: %v", master, err)
		}
		return ids(got)
	}
	for _, id := range []string{"M1", "M2"} {
		o, rs := newOrder(id)
		create(t, s, o, rs)
	}
	o, rs := newOrder("K1")
	o.State, o.MergedInto = workorder.StateMerged, "M1"
	create(t, s, o, rs)
	k2, rs2 := newOrder("K2")
	k2.State, k2.MergedInto = workorder.StateMerged, "M1"
	create(t, s, k2, rs2)
	cases := []struct {
		master string // K1's master after the update
		m1, m2 []string
		name   string
	}{
		{"M1", []string{"K1", "K2"}, []string{}, "unchanged"},
		{"M2", []string{"K2"}, []string{"K1"}, "moved"},
		{"", []string{"K2"}, []string{}, "cleared"},
		{"M1", []string{"K1", "K2"}, []string{}, "merged again"},
	}
	for i, tc := range cases {
		r := step(o, workorder.StateMerged, at(i+1))
		o.MergedInto = tc.master
		if err := s.Update(ctx, o, o.Version-1, []workorder.Record{r}); err != nil {
			t.Fatalf("%s: Update: %v", tc.name, err)
		}
		if g := list("M1"); !reflect.DeepEqual(g, tc.m1) {
			t.Errorf("%s: merged into M1: %v, want %v", tc.name, g, tc.m1)
		}
		if g := list("M2"); !reflect.DeepEqual(g, tc.m2) {
			t.Errorf("%s: merged into M2: %v, want %v", tc.name, g, tc.m2)
		}
	}
	// A failed update leaves the index alone.
	stale := o.Clone()
	stale.Version = 1 // as read before the updates above
	r := step(stale, workorder.StateMerged, at(9))
	stale.MergedInto = "M2"
	if err := s.Update(ctx, stale, 1, []workorder.Record{r}); !errors.Is(err, workorder.ErrConflict) {
		t.Fatalf("stale Update: %v, want ErrConflict", err)
	}
	if g := list("M2"); len(g) != 0 {
		t.Errorf("after a refused update, merged into M2: %v", g)
	}
	if g := list("M1"); !reflect.DeepEqual(g, []string{"K1", "K2"}) {
		t.Errorf("after a refused update, merged into M1: %v", g)
	}
}

// keyed creates an order created at minute n whose routing has repeat key
// key ("" for an order routed without one).
func keyed(t *testing.T, s workorder.Store, id, key string, n int) *workorder.Order {
	t.Helper()
	o, rs := newOrder(id)
	o.Created, o.Updated = at(n), at(n)
	o.Routing = &workorder.Routing{Lead: "城管办", RepeatKey: key}
	create(t, s, o, rs)
	return o
}

func recent(t *testing.T, s workorder.Store, key string, since, until time.Time) []string {
	t.Helper()
	seen, err := s.Recent(context.Background(), key, since, until)
	if err != nil {
		t.Fatalf("Recent(%q): %v", key, err)
	}
	out := []string{}
	for i, x := range seen {
		out = append(out, x.ID)
		if i > 0 && x.At.Before(seen[i-1].At) {
			t.Errorf("Recent(%q): %s at %v after %s at %v", key, x.ID, x.At, seen[i-1].ID, seen[i-1].At)
		}
	}
	return out
}

// testRecent checks Recent: one key, created in (since, until], in time
// then id order.
func testRecent(t *testing.T, s workorder.Store) {
	const k1, k2 = "幸福路1号\x1fcomplaint\x1f", "幸福路2号\x1fcomplaint\x1f"
	keyed(t, s, "R3", k1, 30)
	keyed(t, s, "R1", k1, 10)
	keyed(t, s, "R2b", k1, 20)
	keyed(t, s, "R2a", k1, 20)
	keyed(t, s, "S1", k2, 20)
	keyed(t, s, "N1", "", 20)
	o, rs := newOrder("U1") // never routed
	create(t, s, o, rs)
	got := recent(t, s, k1, at(10), at(30))
	if want := []string{"R2a", "R2b", "R3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Recent(k1, (10, 30]) = %v, want %v: since excluded, until included", got, want)
	}
	seen, _ := s.Recent(context.Background(), k1, at(0), at(10))
	if len(seen) != 1 || seen[0].ID != "R1" || !seen[0].At.Equal(at(10)) {
		t.Errorf("Recent(k1, (0, 10]) = %+v, want R1 at %v", seen, at(10))
	}
	if got := recent(t, s, k2, at(0), at(100)); !reflect.DeepEqual(got, []string{"S1"}) {
		t.Errorf("Recent(k2) = %v, want [S1]", got)
	}
	if got := recent(t, s, "", at(0), at(100)); len(got) != 0 {
		t.Errorf("Recent(\"\") = %v, want none", got)
	}
	if got := recent(t, s, k1+"\x00", at(0), at(100)); len(got) != 0 {
		t.Errorf("Recent of a key with a NUL = %v, want none", got)
	}
	if got := recent(t, s, "幸福路", at(0), at(100)); len(got) != 0 {
		t.Errorf("Recent of a prefix of a key = %v, want none", got)
	}
	if got := recent(t, s, k1, at(30), at(100)); len(got) != 0 {
		t.Errorf("Recent after the newest = %v, want none", got)
	}
}

// testRecentMoves checks that Recent follows an order whose repeat key
// changes, and that a refused update changes nothing.
func testRecentMoves(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	const k1, k2 = "a\x1f", "b\x1f"
	o := keyed(t, s, "R1", k1, 5)
	steps := []struct {
		routing *workorder.Routing
		k1, k2  []string
	}{
		{&workorder.Routing{Lead: "x", RepeatKey: k1}, []string{"R1"}, []string{}},
		{&workorder.Routing{Lead: "x", RepeatKey: k2}, []string{}, []string{"R1"}},
		{nil, []string{}, []string{}},
		{&workorder.Routing{Lead: "x", RepeatKey: k1}, []string{"R1"}, []string{}},
	}
	for i, st := range steps {
		r := step(o, workorder.StateReceived, at(10+i))
		o.Routing = st.routing
		if err := s.Update(ctx, o, o.Version-1, []workorder.Record{r}); err != nil {
			t.Fatalf("step %d: Update: %v", i, err)
		}
		if g := recent(t, s, k1, at(0), at(100)); !reflect.DeepEqual(g, st.k1) {
			t.Errorf("step %d: Recent(k1) = %v, want %v", i, g, st.k1)
		}
		if g := recent(t, s, k2, at(0), at(100)); !reflect.DeepEqual(g, st.k2) {
			t.Errorf("step %d: Recent(k2) = %v, want %v", i, g, st.k2)
		}
	}
	stale := o.Clone()
	stale.Version--
	r := step(stale, workorder.StateReceived, at(20))
	stale.Routing = &workorder.Routing{Lead: "x", RepeatKey: k2}
	if err := s.Update(ctx, stale, stale.Version-1, []workorder.Record{r}); !errors.Is(err, workorder.ErrConflict) {
		t.Fatalf("stale Update: %v, want ErrConflict", err)
	}
	if g := recent(t, s, k2, at(0), at(100)); len(g) != 0 {
		t.Errorf("after a refused update, Recent(k2) = %v", g)
	}
}

// group returns what RecentGroup finds under key in (since, until], as
// "id@minute [units]" lines, each order's units sorted, and the ids
// RecentAlerts finds.
func group(t *testing.T, s workorder.Store, key string, since, until time.Time) (orders, alerts []string) {
	t.Helper()
	seen, err := s.RecentGroup(context.Background(), key, since, until)
	if err != nil {
		t.Fatalf("RecentGroup(%q): %v", key, err)
	}
	orders = []string{}
	for _, x := range seen {
		units := slices.Sorted(slices.Values(x.Units))
		orders = append(orders, fmt.Sprintf("%s@%d %v", x.ID, int(x.At.Sub(at(0))/time.Minute), units))
	}
	seen, err = s.RecentAlerts(context.Background(), key, since, until)
	if err != nil {
		t.Fatalf("RecentAlerts(%q): %v", key, err)
	}
	alerts = []string{}
	for _, x := range seen {
		alerts = append(alerts, fmt.Sprintf("%s@%d", x.ID, int(x.At.Sub(at(0))/time.Minute)))
	}
	return orders, alerts
}

// testRecentGroup checks RecentGroup and RecentAlerts: the orders with a
// hotspot key, created in (since, until], in time then id order, with
// their units as they are now, and those that raised that key's alert;
// and that both follow an order whose keys change.
func testRecentGroup(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	const k1, k2 = "清溪镇/三中村\x1fchelp", "清溪镇/三中村\x1fk停水"
	hot := func(id string, n int, raised []string, keys ...string) *workorder.Order {
		o, rs := newOrder(id)
		o.Created, o.Updated = at(n), at(n)
		o.Lead = "自来水公司"
		o.Assists = []workorder.Assist{{Unit: "水务局", Since: at(n)}}
		o.Routing = &workorder.Routing{Lead: "自来水公司", HotspotKeys: keys, HotspotsRaised: raised}
		create(t, s, o, rs)
		return o
	}
	check := func(name, key string, since, until time.Time, orders, alerts []string) {
		t.Helper()
		gotOrders, gotAlerts := group(t, s, key, since, until)
		if !reflect.DeepEqual(gotOrders, orders) {
			t.Errorf("%s: RecentGroup = %v, want %v", name, gotOrders, orders)
		}
		if !reflect.DeepEqual(gotAlerts, alerts) {
			t.Errorf("%s: RecentAlerts = %v, want %v", name, gotAlerts, alerts)
		}
	}
	hot("H3", 30, []string{k2}, k1, k2)
	hot("H1", 10, nil, k1)
	hot("H2b", 20, []string{k1}, k1, k2)
	hot("H2a", 20, nil, k2)
	keyed(t, s, "R1", "幸福路1号\x1fcomplaint\x1f", 20) // a repeat key only
	o, rs := newOrder("U1")                         // never routed
	create(t, s, o, rs)
	const units = " [水务局 自来水公司]"
	check("k1 in (10, 30]: since excluded, until included", k1, at(10), at(30),
		[]string{"H2b@20" + units, "H3@30" + units}, []string{"H2b@20"})
	check("k1 in (20, 30]", k1, at(20), at(30), []string{"H3@30" + units}, []string{})
	check("k2", k2, at(0), at(100), []string{"H2a@20" + units, "H2b@20" + units, "H3@30" + units}, []string{"H3@30"})
	for _, key := range []string{"", "清溪镇/三中村", "幸福路1号\x1fcomplaint\x1f"} {
		check(fmt.Sprintf("%q", key), key, at(0), at(100), []string{}, []string{})
	}

	// H1 is redispatched: its units and keys change, and it raises k2.
	h1, err := s.Get(ctx, "H1")
	if err != nil {
		t.Fatal(err)
	}
	r := step(h1, workorder.StateHandling, at(40))
	h1.Lead, h1.Assists = "供水所", nil
	h1.Routing = &workorder.Routing{Lead: "供水所", HotspotKeys: []string{k2}, HotspotsRaised: []string{k2}}
	if err := s.Update(ctx, h1, h1.Version-1, []workorder.Record{r}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	check("after the update, k1", k1, at(0), at(15), []string{}, []string{})
	check("after the update, k2: created kept", k2, at(0), at(15), []string{"H1@10 [供水所]"}, []string{"H1@10"})
	stale := h1.Clone()
	stale.Version--
	r = step(stale, workorder.StateHandling, at(50))
	stale.Routing = nil
	if err := s.Update(ctx, stale, stale.Version-1, []workorder.Record{r}); !errors.Is(err, workorder.ErrConflict) {
		t.Fatalf("stale Update: %v, want ErrConflict", err)
	}
	check("after a refused update, k2", k2, at(0), at(15), []string{"H1@10 [供水所]"}, []string{"H1@10"})
	h1.Routing.HotspotsRaised = nil
	r = step(h1, workorder.StateHandling, at(60))
	if err := s.Update(ctx, h1, h1.Version-1, []workorder.Record{r}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	check("alert dropped, k2", k2, at(0), at(15), []string{"H1@10 [供水所]"}, []string{})
	h1.Routing = nil
	r = step(h1, workorder.StateHandling, at(70))
	if err := s.Update(ctx, h1, h1.Version-1, []workorder.Record{r}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	check("routing removed, k2", k2, at(0), at(15), []string{}, []string{})
}

func testPaging(t *testing.T, s workorder.Store) {
	listSet(t, s)
	cases := []struct {
		offset, limit int
		want          []string
	}{
		{0, 3, []string{"A1", "A2", "A3"}},
		{3, 3, []string{"A4", "A5", "A6"}},
		{6, 3, []string{"A7", "A8"}},
		{8, 3, []string{}},
		{20, 0, []string{}},
		{2, 0, []string{"A3", "A4", "A5", "A6", "A7", "A8"}},
		{-1, -1, []string{"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"}},
	}
	for _, tc := range cases {
		got, err := s.List(context.Background(), workorder.Filter{Offset: tc.offset, Limit: tc.limit})
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if g := ids(got); !reflect.DeepEqual(g, tc.want) {
			t.Errorf("offset %d limit %d: %v, want %v", tc.offset, tc.limit, g, tc.want)
		}
	}
	got, _ := s.List(context.Background(), workorder.Filter{Category: hotline.CategoryComplaint, Offset: 1, Limit: 2})
	if g := ids(got); !reflect.DeepEqual(g, []string{"A2", "A5"}) {
		t.Errorf("paging after filtering: %v, want [A2 A5]", g)
	}
}

func testCancelled(t *testing.T, s workorder.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o, rs := newOrder("WO-1")
	if err := s.Create(ctx, o, rs); err == nil {
		t.Error("Create with a cancelled context succeeded")
	}
	if _, err := s.Get(context.Background(), "WO-1"); !errors.Is(err, workorder.ErrNotFound) {
		t.Errorf("Get after the cancelled Create: %v, want ErrNotFound", err)
	}
}

// testConcurrent has 8 writers add 40 steps each to one order, re-reading
// and retrying on conflict: every version has exactly one winner, and the
// history holds each writer's steps once, in version order.
func testConcurrent(t *testing.T, s workorder.Store) {
	const writers, each = 8, 40
	o, rs := newOrder("WO-hot")
	create(t, s, o, rs)
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	winners := map[int64]string{}
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for n := 0; n < each; {
				cur, err := s.Get(ctx, "WO-hot")
				if err != nil {
					errs <- err
					return
				}
				prev := cur.Version
				r := stepNoted(cur, workorder.StateReceived, at(1), fmt.Sprintf("w%d-%d", w, n))
				err = s.Update(ctx, cur, prev, []workorder.Record{r})
				if errors.Is(err, workorder.ErrConflict) {
					continue
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				if other, dup := winners[cur.Version]; dup {
					mu.Unlock()
					errs <- fmt.Errorf("version %d won by %s and %s", cur.Version, other, r.Remark)
					return
				}
				winners[cur.Version] = r.Remark
				mu.Unlock()
				n++
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	final := get(t, s, "WO-hot")
	if want := int64(1 + writers*each); final.Version != want {
		t.Fatalf("final version %d, want %d", final.Version, want)
	}
	hist := history(t, s, "WO-hot")
	if len(hist) != int(final.Version) {
		t.Fatalf("history has %d records for version %d", len(hist), final.Version)
	}
	seen := map[string]bool{}
	for i, r := range hist {
		if r.Seq != int64(i+1) {
			t.Fatalf("record %d numbered %d", i+1, r.Seq)
		}
		if i == 0 {
			continue
		}
		if seen[r.Remark] {
			t.Fatalf("step %s recorded twice", r.Remark)
		}
		seen[r.Remark] = true
		if winners[r.Seq] != r.Remark {
			t.Fatalf("record %d is %s, but %s won that version", r.Seq, r.Remark, winners[r.Seq])
		}
	}
	if err := workorder.Verify("WO-hot", hist); err != nil {
		t.Errorf("history does not verify: %v", err)
	}
}

// testAtomic reads while writers update: an order's version never runs
// ahead of its history, nor its history ahead of a later read.
func testAtomic(t *testing.T, s workorder.Store) {
	o, rs := newOrder("WO-1")
	create(t, s, o, rs)
	ctx := context.Background()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(done)
		cur := o.Clone()
		for range 200 {
			prev := cur.Version
			r := step(cur, workorder.StateReceived, at(1))
			if err := s.Update(ctx, cur, prev, []workorder.Record{r}); err != nil {
				t.Errorf("Update: %v", err)
				return
			}
		}
	})
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				g, err := s.Get(ctx, "WO-1")
				if err != nil {
					t.Errorf("Get: %v", err)
					return
				}
				h, err := s.History(ctx, "WO-1")
				if err != nil {
					t.Errorf("History: %v", err)
					return
				}
				if int64(len(h)) < g.Version {
					t.Errorf("read version %d, then a history of only %d records", g.Version, len(h))
					return
				}
				g2, err := s.Get(ctx, "WO-1")
				if err != nil {
					t.Errorf("Get: %v", err)
					return
				}
				if g2.Version < int64(len(h)) {
					t.Errorf("read %d records, then version %d", len(h), g2.Version)
					return
				}
			}
		})
	}
	wg.Wait()
	if v := get(t, s, "WO-1").Version; v != 201 {
		t.Errorf("final version %d, want 201", v)
	}
}

// testListCode checks the Code filter, which selects a classification
// subtree by whole segments, and that it follows an order whose code
// changes.
func testListCode(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	codes := map[string]classify.Code{"C1": "01", "C2": "01.02", "C3": "01.02.03", "C4": "01.020", "C5": "", "C6": "02.01.01", "C7": "01.02.03"}
	for _, id := range []string{"C7", "C6", "C5", "C4", "C3", "C2", "C1"} {
		o, rs := newOrder(id)
		o.Code = codes[id]
		if id == "C7" {
			o.State = workorder.StateClosed
		}
		create(t, s, o, rs)
	}
	cases := []struct {
		f    workorder.Filter
		want []string
	}{
		{workorder.Filter{}, []string{"C1", "C2", "C3", "C4", "C5", "C6", "C7"}},
		{workorder.Filter{Code: "01"}, []string{"C1", "C2", "C3", "C4", "C7"}},
		{workorder.Filter{Code: "01.02"}, []string{"C2", "C3", "C7"}},
		{workorder.Filter{Code: "01.02.03"}, []string{"C3", "C7"}},
		{workorder.Filter{Code: "01.020"}, []string{"C4"}},
		{workorder.Filter{Code: "01.0"}, []string{}},
		{workorder.Filter{Code: "02"}, []string{"C6"}},
		{workorder.Filter{Code: "03"}, []string{}},
		{workorder.Filter{Code: "01.02", Open: true}, []string{"C2", "C3"}},
		{workorder.Filter{Code: "01", Limit: 2, Offset: 1}, []string{"C2", "C3"}},
	}
	for _, tc := range cases {
		got, err := s.List(ctx, tc.f)
		if err != nil {
			t.Errorf("List(%+v): %v", tc.f, err)
			continue
		}
		if g := ids(got); !reflect.DeepEqual(g, tc.want) {
			t.Errorf("List(code %q, open %v) = %v, want %v", tc.f.Code, tc.f.Open, g, tc.want)
		}
	}
	if _, err := s.List(ctx, workorder.Filter{Code: "01.x"}); !errors.Is(err, workorder.ErrInvalidArgument) {
		t.Errorf("List with a malformed code: %v, want ErrInvalidArgument", err)
	}
	// Reclassified: the filter follows.
	o := get(t, s, "C6")
	o.Code = "01.02.04"
	r := step(o, workorder.StateReceived, at(30))
	if err := s.Update(ctx, o, o.Version-1, []workorder.Record{r}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.List(ctx, workorder.Filter{Code: "01.02"})
	if g := ids(got); !reflect.DeepEqual(g, []string{"C2", "C3", "C6", "C7"}) {
		t.Errorf("after reclassifying C6: %v", g)
	}
	got, _ = s.List(ctx, workorder.Filter{Code: "02"})
	if len(got) != 0 {
		t.Errorf("02 after reclassifying C6: %v", ids(got))
	}
}
