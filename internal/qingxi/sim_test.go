package qingxi

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
)

// simulateKept runs cfg on a memory store that keeps every order, and
// returns the report and the store.
func simulateKept(t *testing.T, cfg Config) (*Report, *workorder.MemStore) {
	t.Helper()
	store := workorder.NewMemStore()
	cfg.Store = store
	rep, err := Simulate(context.Background(), cfg)
	require.NoError(t, err)
	return rep, store
}

// listAll returns every order of store, by id.
func listAll(t *testing.T, store workorder.Store) []*workorder.Order {
	t.Helper()
	os, err := store.List(context.Background(), workorder.Filter{})
	require.NoError(t, err)
	return os
}

// TestStreamedSameAsKept checks that streaming the year through the
// simulation's own store, which forgets closed orders, gives the report
// that keeping every order in a memory store gives.
func TestStreamedSameAsKept(t *testing.T) {
	cfg := Config{Seed: 2, Orders: 600, Year: YearDefault}
	kept, store := simulateKept(t, cfg)
	streamed, err := Simulate(context.Background(), cfg)
	require.NoError(t, err)
	assert.Equal(t, kept, streamed)
	assert.Len(t, listAll(t, store), 600)
	var a, b bytes.Buffer
	require.NoError(t, kept.WriteText(&a, language.Chinese))
	require.NoError(t, streamed.WriteText(&b, language.Chinese))
	assert.Equal(t, a.String(), b.String())
	assert.Contains(t, a.String(), "受理工单 600 件")
}

// TestUnitsMatchExample checks that the embedded directory of units is
// the example's file, word for word.
func TestUnitsMatchExample(t *testing.T) {
	for _, name := range []string{"units.yaml", "rules.yaml"} {
		want, err := os.ReadFile(filepath.Join("..", "..", "examples", "qingxi", name))
		require.NoError(t, err)
		got, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s differs from examples/qingxi/%s; copy it again", name, name)
	}
}

// TestConfigValidate names the field out of range.
func TestConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{Orders: 0, Year: YearDefault}, "Orders 0"},
		{Config{Orders: 1, Year: YearMax + 1}, fmt.Sprintf("Year %d", YearMax+1)},
		{Config{Orders: 1, Year: YearMin - 1}, fmt.Sprintf("Year %d", YearMin-1)},
	} {
		err := tt.cfg.Validate()
		require.ErrorIs(t, err, ErrConfig)
		assert.Contains(t, err.Error(), tt.want)
		_, err = Simulate(context.Background(), tt.cfg)
		assert.ErrorIs(t, err, ErrConfig)
	}
	ok := Config{Orders: 1, Year: YearDefault}
	assert.NoError(t, ok.Validate())
}

// TestRulesMatchRoute checks that the embedded rules are the route
// example's file, word for word, under a header saying so.
func TestRulesMatchRoute(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("..", "..", "examples", "route", "qingxi.yaml"))
	require.NoError(t, err)
	header, body, found := strings.Cut(string(rulesYAML), "\n#\n")
	require.True(t, found, "rules.yaml starts with no header paragraph")
	assert.Contains(t, header, "A copy of examples/route/qingxi.yaml")
	assert.Equal(t, string(want), body, "rules.yaml differs from examples/route/qingxi.yaml; copy it again under the header")
}

// TestLateEmergencyExtended follows the emergencies of a year (seed 2,
// which has one) that the unit reaches too late in the evening to repair
// by midnight: each gets its finish target extended by 12 hours, once, is
// replied to the next morning before noon, and is not counted as
// finished the same day.
func TestLateEmergencyExtended(t *testing.T) {
	ctx := context.Background()
	cal := cn.Calendar()
	rep, store := simulateKept(t, Config{Seed: 2, Orders: OrdersDefault, Year: YearDefault})
	extended := 0
	for _, o := range listAll(t, store) {
		if o.Urgency != hotline.UrgencyEmergency || o.Extensions == 0 {
			continue
		}
		extended++
		assert.Equal(t, 1, o.Extensions, o.ID)
		hist, err := store.History(ctx, o.ID)
		require.NoError(t, err)
		received := hist[0].At.In(cal.Location())
		midnight := time.Date(received.Year(), received.Month(), received.Day()+1, 0, 0, 0, 0, cal.Location())
		var approved, replied time.Time
		for _, r := range hist {
			switch {
			case r.Step == workorder.StepApproveExtension:
				approved = r.At
				assert.Contains(t, r.Data, "12h", "%s: extended by %s", o.ID, r.Data)
			case r.Step == workorder.StepReply && replied.IsZero():
				replied = r.At
			}
		}
		assert.True(t, approved.Before(midnight), "%s: extension approved at %s, after the deadline %s", o.ID, approved, midnight)
		assert.True(t, replied.After(midnight) && replied.Before(midnight.Add(12*time.Hour)),
			"%s: replied at %s, want the morning after %s", o.ID, replied, midnight)
	}
	require.Positive(t, extended, "no emergency was extended")
	assert.LessOrEqual(t, rep.Emergency.Finish.Num, rep.Emergency.Finish.Den-extended)
}

// TestLateRedispatch runs years in which some order reaches its last unit
// after its finish deadline (seed 3 has one): the report must still be
// built, with that unit left out of the on-time figures rather than given
// a deadline before it received the order.
func TestLateRedispatch(t *testing.T) {
	ctx := context.Background()
	for _, seed := range []uint64{1, 2, 3, 4} {
		_, err := Simulate(ctx, Config{Seed: seed, Orders: OrdersDefault, Year: YearDefault})
		require.NoError(t, err, "seed %d", seed)
	}
}

// TestHotspotsFromOrders checks the hotspot section built from what the
// orders keep: routing.ParseHotspotKey names the groups of the router's
// own alerts, and
// the report lists every alert an order raised, with at least the rules'
// count of orders.
func TestHotspotsFromOrders(t *testing.T) {
	ctx := context.Background()
	rules, err := routing.Parse(bytes.NewReader(rulesYAML))
	require.NoError(t, err)
	units, err := unit.Parse(bytes.NewReader(unitsYAML))
	require.NoError(t, err)
	rs, _, err := routing.Compile(rules, routing.Options{Units: units})
	require.NoError(t, err)
	router := routing.NewRouter(rs)
	at := time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)
	var alerts []routing.Hotspot
	for i := range rules.Hotspot.Count {
		d, err := router.Route(ctx, &routing.Request{ID: fmt.Sprint("H", i), Category: hotline.CategoryHelp,
			Text: "小区停电了", Region: "清溪镇/罗马村/罗马新村", At: at.Add(time.Duration(i) * time.Minute)})
		require.NoError(t, err)
		alerts = append(alerts, d.Hotspots...)
	}
	require.Len(t, alerts, 2, "a category alert and a keyword alert")
	for _, h := range alerts {
		region, cat, kw, ok := routing.ParseHotspotKey(h.Key)
		assert.True(t, ok, "%q", h.Key)
		assert.Equal(t, []string{h.Region, string(h.Category), h.Keyword}, []string{region, string(cat), kw})
	}
	assert.Equal(t, "清溪镇/罗马村", alerts[0].Region)
	_, _, _, ok := routing.ParseHotspotKey("no separator")
	assert.False(t, ok)

	rep, store := simulateKept(t, Config{Seed: 3, Orders: 1000, Year: YearDefault})
	raised := 0
	for _, o := range listAll(t, store) {
		if o.Routing != nil {
			raised += len(o.Routing.HotspotsRaised)
		}
	}
	require.Positive(t, raised)
	assert.Len(t, rep.Hotspots, raised)
	for _, h := range rep.Hotspots {
		assert.GreaterOrEqual(t, h.Count, rules.Hotspot.Count, "%+v", h)
		assert.Len(t, h.IDs, h.Count)
		assert.NotEmpty(t, h.Units)
		assert.True(t, h.Category != "" || h.Keyword != "", "%+v", h)
	}
}

func TestFill(t *testing.T) {
	value := func(key string) (string, bool) {
		v, ok := map[string]string{"村": "三中村", "路": "振兴路", "路2": "文化路"}[key]
		return v, ok
	}
	for template, want := range map[string]string{
		"":                 "",
		"no placeholder":   "no placeholder",
		"{村}{路}与{路2}交叉口":   "三中村振兴路与文化路交叉口",
		"{未知}{村}":          "{未知}三中村",
		"open { brace {村}": "open { brace 三中村",
		"unclosed {村":      "unclosed {村",
		"{路}{路}":           "振兴路振兴路",
	} {
		assert.Equal(t, want, fill(template, value), template)
	}
}

// BenchmarkSimulate runs years of a few sizes through the streaming
// store; ns/order is the time per order received, which stays flat as the
// year grows when nothing in the run is quadratic.
func BenchmarkSimulate(b *testing.B) {
	for _, n := range []int{500, 5000} {
		b.Run(fmt.Sprint("orders=", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				rep, err := Simulate(context.Background(), Config{Seed: SeedDefault, Orders: n, Year: YearDefault})
				if err != nil {
					b.Fatal(err)
				}
				if rep.Orders != n {
					b.Fatalf("%d orders counted, want %d", rep.Orders, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/order")
		})
	}
}

// TestUntil stops a year at midsummer: the orders in flight stay open in
// the store, none is received after the instant, and the report counts
// the closed ones.
func TestUntil(t *testing.T) {
	until := time.Date(2025, time.July, 1, 10, 0, 0, 0, cn.Calendar().Location())
	rep, store := simulateKept(t, Config{Seed: 2, Orders: 400, Year: YearDefault, Until: until})
	open, closed := 0, 0
	for _, o := range listAll(t, store) {
		assert.False(t, o.Created.After(until), "%s received at %s", o.ID, o.Created)
		if o.State == workorder.StateClosed {
			closed++
		} else {
			open++
		}
	}
	assert.Positive(t, open)
	assert.Greater(t, closed, 100)
	assert.Less(t, open+closed, 400)
	assert.Equal(t, closed, rep.Orders)
}

// TestLateKept checks that the records the report keeps for the
// workbook's late orders are all the late ones: each unit's list holds
// every miss of its on-time rate and every overdue record, a record that
// is both once.
func TestLateKept(t *testing.T) {
	rep, err := Simulate(context.Background(), Config{Seed: 3, Orders: 1500, Year: YearDefault})
	require.NoError(t, err)
	late, err := assess.LateOrders(rep.records, rep.Units.Period, assess.LateOptions{})
	require.NoError(t, err)
	perUnit := map[string]int{}
	for _, o := range late.Orders {
		perUnit[o.Unit]++
	}
	total := 0
	for _, row := range rep.Units.Rows {
		misses := row.OnTime.Den - row.OnTime.Num
		assert.GreaterOrEqual(t, perUnit[row.Name], max(misses, row.Overdue), row.Name)
		assert.LessOrEqual(t, perUnit[row.Name], misses+row.Overdue, row.Name)
		total += misses
	}
	assert.Positive(t, total, "no late record in the year")
	assert.Len(t, rep.records, len(late.Orders), "the report keeps other records than the late ones")
}

// TestCountingError: an order the report cannot count stops the run with
// an error naming it, which wait returns.
func TestCountingError(t *testing.T) {
	ctx := context.Background()
	svc, err := workorder.NewService(workorder.Config{Store: workorder.NewMemStore(), Calendar: cn.Calendar()})
	require.NoError(t, err)
	o, err := svc.Accept(ctx, operator, &workorder.Order{Category: hotline.CategoryComplaint, Title: "噪音", Text: "夜间施工噪音",
		Caller: workorder.Caller{Phone: "13800000000"}, Channel: hotline.ChannelPhone})
	require.NoError(t, err)
	hist, err := svc.History(ctx, operator, o.ID)
	require.NoError(t, err)
	tl := &tally{svc: svc, byCat: map[hotline.Category]*counts{}} // knows no category
	c := startCounting(tl)
	require.NoError(t, c.add(o, hist, o.Created))
	err = c.wait()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "counting order "+o.ID)
	assert.Contains(t, err.Error(), "unknown category")
	assert.Equal(t, err, c.wait(), "wait again")
}

// TestDrawsFit: the draws of an order keep list positions in bytes.
func TestDrawsFit(t *testing.T) {
	for name, n := range map[string]int{"roads": len(roads), "shops": len(shops), "plants": len(plants),
		"estates": len(estates), "venues": len(venues), "surnames": len(surnames)} {
		assert.LessOrEqual(t, n, 256, name)
	}
}

// TestQueueOrder pushes events at instants drawn from a few, some equal,
// popping some on the way, and checks that they come out by instant and,
// at one instant, in the order they were scheduled.
func TestQueueOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2025, time.March, 1, 9, 0, 0, 0, cn.Calendar().Location())
	var q queue
	var popped []event
	var ats []time.Time // by event number, from 1
	seq := uint64(0)
	for range 2000 {
		if q.len() > 0 && rng.IntN(3) == 0 {
			popped = append(popped, q.pop())
			continue
		}
		seq++
		at := base.Add(time.Duration(rng.IntN(40)) * time.Minute)
		ats = append(ats, at)
		q.push(event{at: at, seq: seq})
	}
	// What is left comes out in order.
	var rest []event
	for q.len() > 0 {
		rest = append(rest, q.pop())
	}
	require.NotEmpty(t, popped)
	require.Greater(t, len(rest), 100)
	for i := 1; i < len(rest); i++ {
		a, b := rest[i-1], rest[i]
		if a.at.After(b.at) || a.at.Equal(b.at) && a.seq > b.seq {
			t.Fatalf("event %d (%s, #%d) came out after %d (%s, #%d)", i, b.at, b.seq, i-1, a.at, a.seq)
		}
	}
	// Every event comes out once, itself: the slots of popped events are
	// reused.
	out := map[uint64]time.Time{}
	for _, e := range append(popped, rest...) {
		if _, twice := out[e.seq]; twice {
			t.Fatalf("event #%d came out twice", e.seq)
		}
		out[e.seq] = e.at
	}
	assert.Len(t, out, int(seq), "events out of the %d pushed", seq)
	for n, at := range out {
		assert.Equal(t, ats[n-1], at, "instant of event #%d", n)
	}
}
