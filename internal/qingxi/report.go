package qingxi

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/digest"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
	"golang.org/x/text/language"
	"golang.org/x/text/number"
)

// Report is the year's report, as printed and as JSON. Every figure is
// counted from the stored orders, their audit trails, their sla
// evaluation and the routing decisions.
type Report struct {
	Town string `json:"town"`
	Year int    `json:"year"`
	// From and To are the period of receipt the report covers, [From,
	// To), midnights in the calendar's zone.
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Reported is the town's own account of its year, printed beside the
	// simulated figures for comparison; nothing of the run reads it.
	Reported TownReport `json:"reported"`
	Seed     uint64     `json:"seed"`
	Orders   int        `json:"orders"` // orders received in the period
	// Provisional is set when the year has no official holiday notice, so
	// deadlines rest on the calendar's provisional rule; ProvisionalAfter
	// when only the following year's does (orders handled after New Year).
	Provisional      bool `json:"provisional"`
	ProvisionalAfter bool `json:"provisional_after"`
	// Departments, Enterprises and Villages count the active units of the
	// town's directory (units.yaml) by kind: departments
	// (unit.KindDepartment), public enterprises (unit.KindEnterprise) and
	// village and community committees (unit.KindCommittee).
	Departments int `json:"departments"`
	Enterprises int `json:"enterprises"`
	Villages    int `json:"villages"`

	// Categories are the totals by category, in sla's order; Totals sums
	// them.
	Categories []counts `json:"categories"`
	Totals     counts   `json:"totals"`

	Callbacks callbacks `json:"callbacks"`
	Handling  handling  `json:"handling"`
	Emergency emergency `json:"emergency"`
	Joint     joint     `json:"joint"`
	// Hotspots are the router's alerts, in time order, as the orders that
	// raised them keep them (see hotspotsOf).
	Hotspots []routing.Hotspot `json:"hotspots"`
	// Units is the assessment of every unit that led orders, by the
	// town's scheme (assess.SchemeTown()), for the calendar year, from the
	// records of the service's Assessment. A record is one dispatch to one
	// unit, so Units.Total.Received is Handling.Dispatches; Overdue counts
	// records due before the end of the year and still open at its end.
	Units  *assess.Report `json:"units"`
	Scheme assess.Scheme  `json:"-"`

	// Ladder counts the steps of the supervision ladder and the
	// supervisors' decisions, from what the service stored: the urges in
	// the audit trails, the supervision orders and the sanctions.
	Ladder ladder `json:"ladder"`
	// PersonsUnit is the unit whose handlers (经办人) Persons scores, by
	// the town's scheme (assess.ByPerson): the unit with the most records.
	// Leaders scores the leader-led records (领办) of every unit
	// (assess.ByLeader).
	PersonsUnit string         `json:"persons_unit"`
	Persons     *assess.Report `json:"persons"`
	Leaders     *assess.Report `json:"leaders"`
	// Digests are the digests (package digest) of the last whole week of
	// the period for the digestsShown departments with the most orders in
	// it.
	Digests []digest.Digest `json:"digests"`

	// records are the records of Units that count late, and cal the
	// calendar of the deadlines, for the workbook's late orders.
	records []assess.Record
	cal     *calendar.Calendar
	// sups are the supervision orders, for the workbook's register.
	sups []workorder.Supervision
}

// ladder counts the supervision ladder of the period's orders.
type ladder struct {
	Urges       int `json:"urges"`        // urges by the system (催办), as Handling.Urges
	UrgedOrders int `json:"urged_orders"` // orders urged at least once
	// Issued counts the supervision orders (督办单); Explained those the
	// unit explained, ExplainedLate of which after the explanation's
	// deadline; Escalated those put to a supervisor's decision; Closed
	// those closed, Accepted of which with the explanation accepted.
	Issued        int `json:"issued"`
	Explained     int `json:"explained"`
	ExplainedLate int `json:"explained_late"`
	Escalated     int `json:"escalated"`
	Closed        int `json:"closed"`
	Accepted      int `json:"accepted"`
	// Talks (约谈) and Criticisms (通报批评) are the sanctions recorded
	// against units.
	Talks      int `json:"talks"`
	Criticisms int `json:"criticisms"`
}

// TownReport is the town's own account of a year: what the default run
// is calibrated to land near. OnTime is reported as close to 100%, given
// here as 1.
type TownReport struct {
	From         time.Time `json:"from"` // the period the account covers, [From, To)
	To           time.Time `json:"to"`
	Orders       int       `json:"orders"`       // orders received
	Emergencies  int       `json:"emergencies"`  // emergencies among them
	OnTime       float64   `json:"on_time"`      // 按期办结率
	Satisfaction float64   `json:"satisfaction"` // 满意率
}

// TownYear returns the town's reported year: 2025 in Asia/Shanghai,
// 2,917 orders, 25 of them emergencies, on-time completion close to 100%
// and satisfaction 93.2%. The default run (SeedDefault, OrdersDefault,
// YearDefault) covers the same period.
func TownYear() TownReport {
	loc := cn.Calendar().Location()
	return TownReport{
		From: time.Date(YearDefault, time.January, 1, 0, 0, 0, 0, loc), To: time.Date(YearDefault+1, time.January, 1, 0, 0, 0, 0, loc),
		Orders: OrdersDefault, Emergencies: emergenciesDefault, OnTime: 1, Satisfaction: 0.932,
	}
}

// counts are the figures of one category, or of all.
type counts struct {
	Category    string `json:"category,omitempty"`
	Orders      int    `json:"orders"`
	Emergencies int    `json:"emergencies"`
	Joint       int    `json:"joint"`    // handled jointly (routing decision)
	Repeats     int    `json:"repeats"`  // repeats of earlier orders (routing decision)
	Returned    int    `json:"returned"` // returned by a unit at least once
	// OnTime and Satisfaction are the assessment's 按期办结率 and 满意率
	// (package assess, by the report's Scheme) of the category's records,
	// one per dispatch, in the year: the rows of a report by category,
	// whose total is the unit scorecards' total (report.Units.Total), so
	// every rate the report prints is assess's. OnTime is records closed
	// by their deadline over records due in the year; Satisfaction the
	// weighted callback answers over the answers rated times the top
	// weight.
	OnTime       assess.Rate `json:"on_time"`
	Satisfaction assess.Rate `json:"satisfaction"`
}

func (c *counts) add(o counts) {
	c.Orders += o.Orders
	c.Emergencies += o.Emergencies
	c.Joint += o.Joint
	c.Repeats += o.Repeats
	c.Returned += o.Returned
}

// callbacks count the final verdicts of the callbacks.
type callbacks struct {
	Satisfied          int `json:"satisfied"`
	BasicallySatisfied int `json:"basically_satisfied"`
	Dissatisfied       int `json:"dissatisfied"`
	Unreachable        int `json:"unreachable"`
}

// handling counts the steps orders took on their way.
type handling struct {
	// Dispatches are the dispatches, redispatches and designations made in
	// the year: the records of the assessment.
	Dispatches     int    `json:"dispatches"`
	Returns        int    `json:"returns"`         // 退单 steps
	Redispatches   int    `json:"redispatches"`    // 改派 steps
	Fallback       int    `json:"fallback"`        // orders designated to the fallback unit
	FallbackUnit   string `json:"fallback_unit"`   // the fallback unit (兜底)
	Extensions     int    `json:"extensions"`      // extension requests
	Approved       int    `json:"approved"`        // of which approved
	Refused        int    `json:"refused"`         // of which refused
	Suspended      int    `json:"suspended"`       // orders suspended at least once
	Rejected       int    `json:"rejected"`        // replies sent back at review
	Reopened       int    `json:"reopened"`        // orders reopened after a dissatisfied callback
	Warnings       int    `json:"warnings"`        // sla warnings raised
	Urges          int    `json:"urges"`           // urges by the system for overdue targets
	UrgedOrders    int    `json:"urged_orders"`    // orders urged at least once
	Supervised     int    `json:"supervised"`      // orders put under supervision
	OverdueOrders  int    `json:"overdue_orders"`  // orders with any target breached
	ProvisionalDue int    `json:"provisional_due"` // orders whose deadline rests on a provisional day
}

// emergency holds the emergency targets met, from the sla evaluation.
type emergency struct {
	Orders  int         `json:"orders"`
	Contact assess.Rate `json:"contact"` // contacted within 30 minutes
	Arrive  assess.Rate `json:"arrive"`  // on site within an hour
	Finish  assess.Rate `json:"finish"`  // replied the same day
}

// joint counts joint handling.
type joint struct {
	Orders      int         `json:"orders"`      // handled jointly
	Coordinator string      `json:"coordinator"` // the centre that coordinates them
	Repeats     int         `json:"repeats"`     // repeats (all of them joint)
	Assists     int         `json:"assists"`     // assisting units asked for an opinion
	Opinions    assess.Rate `json:"opinions"`    // opinions given by their deadline, over opinions given
	Waived      int         `json:"waived"`      // opinions waived by the centre
}

// tally counts the report while the year runs: each order once it is
// closed (add), then the year's totals and scorecards at the end (finish).
type tally struct {
	r      *Report
	svc    *workorder.Service
	period assess.Period
	byCat  map[hotline.Category]*counts
	// The assessment is counted as orders close, one record at a time,
	// so that a year of a city's orders is never held at once: by unit,
	// by category, by leader, and by person for each unit (the report
	// shows the busiest unit's). late keeps the records that count late
	// (assess.Record.Late), which the workbook lists, and dispatches counts the records
	// received in the period.
	assessor             *assess.Assessor
	units, cats, leaders *assess.Tally
	persons              map[string]*assess.Tally
	late                 []assess.Record
	dispatches           int
	// raisers are the orders that raised hotspot alerts.
	raisers []raiser
	// digester builds the digests of the week ending at weekEnd, from
	// the orders received in it or the week before, or finished in it or
	// later (digested).
	digester *digest.Builder
	weekEnd  time.Time
	digested []digest.Order
}

// raiser is an order that raised hotspot alerts: its id, when it was
// created and the keys of the alerts.
type raiser struct {
	id      string
	created time.Time
	keys    []string
}

func newTally(cfg *Config, svc *workorder.Service) (*tally, error) {
	loc := cfg.Calendar.Location()
	from, to := cfg.period(loc)
	t := &tally{svc: svc, period: assess.Period{From: from, To: to}, byCat: map[hotline.Category]*counts{}}
	t.r = &Report{
		Town: townOf(cfg.Rules), Year: cfg.Year, From: from, To: to, Reported: TownYear(), Seed: cfg.Seed,
		Scheme: assess.SchemeTown(),
	}
	for y := from.Year(); y <= to.Add(-time.Nanosecond).Year(); y++ {
		t.r.Provisional = t.r.Provisional || !cfg.Calendar.Known(y)
	}
	var err error
	if t.digester, err = digest.New(digest.Config{}); err != nil {
		return nil, err
	}
	if t.assessor, err = assess.New(t.r.Scheme); err != nil {
		return nil, err
	}
	t.persons = map[string]*assess.Tally{}
	if t.units, err = t.assessor.Tally(t.period, assess.ByUnit); err != nil {
		return nil, err
	}
	if t.cats, err = t.assessor.Tally(t.period, assess.ByCategory); err != nil {
		return nil, err
	}
	if t.leaders, err = t.assessor.Tally(t.period, assess.ByLeader); err != nil {
		return nil, err
	}
	t.weekEnd = t.digester.PeriodEnd(to).In(loc)
	t.r.Handling.FallbackUnit = cfg.Units.Fallback()
	t.r.Joint.Coordinator = cfg.Rules.Centre
	t.r.Departments, t.r.Enterprises, t.r.Villages = unitsOf(cfg.Units)
	for _, c := range hotline.Categories() {
		t.byCat[c] = &counts{Category: string(c)}
	}
	return t, nil
}

// counting counts closed orders in a tally on a goroutine of its own, in
// the order they closed, while the simulation goes on: counting an
// order reads its deadlines and assessment records, a tenth of the time
// a year takes.
type counting struct {
	// Orders are handed over in batches, so that the counting goroutine
	// is woken once for many.
	batch  []closedOrder
	in     chan []closedOrder
	done   chan error
	failed atomic.Bool // an order could not be counted: stop
	err    error
	shut   bool
}

// closedOrder is an order to count: closed at at, with its trail.
type closedOrder struct {
	o    *workorder.Order
	hist []workorder.Record
	at   time.Time
}

// countBatch is how many closed orders are handed over at once.
const countBatch = 64

func startCounting(t *tally) *counting {
	c := &counting{in: make(chan []closedOrder, 16), done: make(chan error, 1)}
	go func() {
		var err error
		for batch := range c.in {
			for _, co := range batch {
				if err == nil {
					if err = t.add(co.o, co.hist, co.at); err != nil {
						err = fmt.Errorf("simulation: counting order %s: %w", co.o.ID, err)
						c.failed.Store(true)
					}
				}
			}
		}
		c.done <- err
	}()
	return c
}

// add hands over order o, closed at instant at, with its trail hist; the
// caller no longer uses them. Once an order could not be counted it
// returns that error (wait's), so that the simulation stops.
func (c *counting) add(o *workorder.Order, hist []workorder.Record, at time.Time) error {
	if c.failed.Load() {
		return c.wait()
	}
	if c.batch == nil {
		c.batch = make([]closedOrder, 0, countBatch)
	}
	c.batch = append(c.batch, closedOrder{o, hist, at})
	if len(c.batch) == countBatch {
		c.in <- c.batch
		c.batch = nil
	}
	return nil
}

// wait returns once every order handed over is counted, with the first
// error counting one. The tally may be read after it; add may not be
// called again.
func (c *counting) wait() error {
	if !c.shut {
		c.shut = true
		if len(c.batch) > 0 {
			c.in <- c.batch
		}
		close(c.in)
		c.err = <-c.done
	}
	return c.err
}

// add counts order o, closed at instant at: its figures, its records of
// the assessment and the hotspot alerts it raised. A closed order's sla
// results and records no longer change, so counting it at its close
// gives what counting it at the end of the year would.
// The order and its trail are as the service hands them out, in the
// calendar's zone.
func (t *tally) add(o *workorder.Order, hist []workorder.Record, at time.Time) error {
	rs, err := t.svc.Deadlines(o, at)
	if err != nil {
		return err
	}
	c := t.byCat[o.Category]
	if c == nil {
		return fmt.Errorf("order %s: unknown category %q", o.ID, o.Category)
	}
	t.r.Orders++
	t.r.count(c, o, hist, rs)
	// As Service.Assessment reads them: orders received before the end
	// of the period and not done before it began.
	if o.Created.Before(t.period.To) && !o.Updated.Before(t.period.From) {
		recs, err := t.svc.AssessmentRecords(o, hist, at)
		if err != nil {
			return err
		}
		if err := t.assess(recs); err != nil {
			return err
		}
	}
	if o.Routing != nil && len(o.Routing.HotspotsRaised) > 0 {
		t.raisers = append(t.raisers, raiser{id: o.ID, created: o.Created, keys: slices.Clone(o.Routing.HotspotsRaised)})
	}
	t.digest(o, rs)
	return nil
}

// assess counts recs, the records of one order, in the assessment.
func (t *tally) assess(recs []assess.Record) error {
	p := t.period
	for i := range recs {
		rec := &recs[i]
		pt := t.persons[rec.Unit]
		if pt == nil {
			var err error
			if pt, err = t.assessor.Tally(p, assess.ByPerson); err != nil {
				return err
			}
			t.persons[rec.Unit] = pt
		}
		for _, tl := range []*assess.Tally{t.units, t.cats, t.leaders, pt} {
			if err := tl.Add(rec); err != nil {
				return err
			}
		}
		if p.Contains(rec.Received) {
			t.dispatches++
		}
		if rec.Late(p) {
			t.late = append(t.late, *rec)
		}
	}
	return nil
}

// digest keeps what the digests of the last week read of o, when it is
// received in that week or the one before, or finished in it or later.
// A closed order has no Due: its finish target's deadline, from rs, is
// given instead.
func (t *tally) digest(o *workorder.Order, rs []sla.Result) {
	d := digest.FromWorkorder(o)
	for _, r := range rs {
		if r.Name == sla.TargetFinish && d.Due.IsZero() {
			d.Due = r.Due.In(t.weekEnd.Location())
		}
	}
	from := t.weekEnd.Add(-t.digester.Period())
	if !d.Received.Before(from.Add(-t.digester.Period())) || d.Closed.IsZero() || !d.Closed.Before(from) {
		t.digested = append(t.digested, d)
	}
}

// finish completes the report at the end of the simulation, at instant
// end, with the store the router counted hotspots in and the warnings
// raised.
func (t *tally) finish(ctx context.Context, cfg *Config, svc *workorder.Service, store workorder.Store, end time.Time, warnings int) (*Report, error) {
	r := t.r
	r.ProvisionalAfter = !r.Provisional && cfg.Calendar.ProvisionalBetween(t.period.To, end)
	r.Handling.Warnings = warnings
	var err error
	if r.Hotspots, err = hotspotsOf(ctx, cfg, store, t.raisers); err != nil {
		return nil, err
	}
	for _, c := range hotline.Categories() {
		r.Categories = append(r.Categories, *t.byCat[c])
		r.Totals.add(*t.byCat[c])
	}
	// One record per dispatch, as of the end of the simulation: the year is
	// over, so the period is the whole year. Exemptions are listed in
	// order id order, as the records would be listed by the store.
	r.Handling.Dispatches = t.dispatches
	r.Units = byOrderID(t.units.Report())
	cats := t.cats.Report()
	for i := range r.Categories {
		if row := cats.Row(r.Categories[i].Category); row != nil {
			r.Categories[i].OnTime, r.Categories[i].Satisfaction = row.OnTime, row.Satisfaction
		}
	}
	r.Totals.OnTime, r.Totals.Satisfaction = r.Units.Total.OnTime, r.Units.Total.Satisfaction
	r.records, r.cal = t.late, cfg.Calendar
	if err := t.ladder(ctx, svc, store); err != nil {
		return nil, err
	}
	if err := t.scorePersons(); err != nil {
		return nil, err
	}
	if err := t.digests(ctx, store); err != nil {
		return nil, err
	}
	return r, nil
}

// ladder counts the supervision orders and sanctions the service stored,
// when the store keeps them (workorder.SupervisionStore).
func (t *tally) ladder(ctx context.Context, svc *workorder.Service, store workorder.Store) error {
	l := &t.r.Ladder
	l.Urges, l.UrgedOrders = t.r.Handling.Urges, t.r.Handling.UrgedOrders
	if _, ok := store.(workorder.SupervisionStore); !ok {
		return nil
	}
	sups, err := svc.Supervisions(ctx, workorder.SupervisionFilter{})
	if err != nil {
		return err
	}
	for i := range sups {
		sup := &sups[i]
		l.Issued++
		if !sup.Explained.IsZero() {
			l.Explained++
			if sup.Late(sup.Explained) {
				l.ExplainedLate++
			}
		}
		if !sup.Escalated.IsZero() {
			l.Escalated++
		}
		if !sup.Open() {
			l.Closed++
			if sup.Outcome == workorder.OutcomeAccepted {
				l.Accepted++
			}
		}
	}
	sanctions, err := svc.Sanctions(ctx, workorder.SanctionFilter{})
	if err != nil {
		return err
	}
	for _, sn := range sanctions {
		switch sn.Kind {
		case workorder.SanctionTalk:
			l.Talks++
		case workorder.SanctionCriticism:
			l.Criticisms++
		}
	}
	t.r.sups = sups
	return nil
}

// scorePersons scores the handlers of the unit with the most records,
// and the leader-led records of every unit.
func (t *tally) scorePersons() error {
	r := t.r
	for _, row := range r.Units.Rows {
		if r.PersonsUnit == "" || row.Received > r.Units.Row(r.PersonsUnit).Received {
			r.PersonsUnit = row.Name
		}
	}
	pt := t.persons[r.PersonsUnit]
	if pt == nil { // no record at all
		var err error
		if pt, err = t.assessor.Tally(t.period, assess.ByPerson); err != nil {
			return err
		}
	}
	r.Persons = byOrderID(pt.Report())
	r.Leaders = byOrderID(t.leaders.Report())
	return nil
}

// byOrderID lists rep's exemptions in order id order, stable.
func byOrderID(rep *assess.Report) *assess.Report {
	slices.SortStableFunc(rep.Exemptions, func(a, b assess.Exempted) int { return strings.Compare(a.OrderID, b.OrderID) })
	return rep
}

// digestsShown is how many departments' digests the report gives.
const digestsShown = 2

// digests builds the digests of the last week of the period, adding the
// orders still open in the store, and keeps those of the departments
// with the most orders in the week.
func (t *tally) digests(ctx context.Context, store workorder.Store) error {
	open, err := store.List(ctx, workorder.Filter{})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, d := range t.digested {
		seen[d.ID] = true
	}
	orders := t.digested
	for _, o := range open {
		if !seen[o.ID] {
			orders = append(orders, digest.FromWorkorder(o))
		}
	}
	ds := t.digester.Build(orders, t.weekEnd)
	slices.SortStableFunc(ds, func(a, b digest.Digest) int { return b.Orders - a.Orders })
	t.r.Digests = ds[:min(digestsShown, len(ds))]
	return nil
}

// hotspotsOf returns the hotspot alerts the orders raised, in time order.
// An order keeps the keys of the alerts it raised
// (Order.Routing.HotspotsRaised); the group's orders inside the window
// ending when it was received come from the store the router counted
// them in (Store.RecentGroup). So Count, IDs and Units are as stored at
// the end of the run: Count may exceed what the router counted when it
// routed the order (an order received earlier but dispatched later was
// not stored with its keys yet), and Units are the units the orders have
// now (a redispatch adds one). The group's region and its category or
// keyword are not kept at all: groupOf reads them from the key.
func hotspotsOf(ctx context.Context, cfg *Config, store workorder.Store, raisers []raiser) ([]routing.Hotspot, error) {
	window := routing.HotspotWindowDefault
	if h := cfg.Rules.Hotspot; h != nil && h.Window > 0 {
		window = h.Window
	}
	loc := cfg.Calendar.Location()
	slices.SortFunc(raisers, func(a, b raiser) int { return strings.Compare(a.id, b.id) })
	out := []routing.Hotspot{}
	for _, o := range raisers {
		for _, key := range o.keys {
			region, cat, kw, ok := routing.ParseHotspotKey(key)
			if !ok {
				return nil, fmt.Errorf("order %s: hotspot key %q: not a group the report can name", o.id, key)
			}
			seen, err := store.RecentGroup(ctx, key, o.created.Add(-window), o.created)
			if err != nil {
				return nil, err
			}
			h := routing.Hotspot{Key: key, Region: region, Category: cat, Keyword: kw, Count: len(seen),
				From: o.created.In(loc), To: o.created.In(loc), IDs: []string{}, Units: []string{}}
			for i, x := range seen {
				if i == 0 {
					h.From = x.At.In(loc)
				}
				h.IDs = append(h.IDs, x.ID)
				for _, u := range x.Units {
					if !slices.Contains(h.Units, u) {
						h.Units = append(h.Units, u)
					}
				}
			}
			out = append(out, h)
		}
	}
	slices.SortStableFunc(out, func(a, b routing.Hotspot) int { return a.To.Compare(b.To) })
	return out, nil
}

// count adds one order to the figures.
func (r *Report) count(c *counts, o *workorder.Order, hist []workorder.Record, rs []sla.Result) {
	c.Orders++
	d := o.Routing
	if d == nil {
		d = &workorder.Routing{}
	}
	if d.Joint {
		c.Joint++
		r.Joint.Orders++
	}
	if d.Repeat {
		c.Repeats++
		r.Joint.Repeats++
	}
	if o.Returns > 0 {
		c.Returned++
	}
	results := map[string]*sla.Result{}
	provisional := false
	for i := range rs {
		results[rs[i].Name] = &rs[i]
		provisional = provisional || rs[i].Provisional
	}
	if provisional {
		r.Handling.ProvisionalDue++
	}
	if o.Urgency == hotline.UrgencyEmergency {
		c.Emergencies++
		e := &r.Emergency
		e.Orders++
		for _, t := range []struct {
			rate *assess.Rate
			name string
		}{{&e.Contact, sla.TargetContact}, {&e.Arrive, sla.TargetArrive}, {&e.Finish, sla.TargetFinish}} {
			if res := results[t.name]; res != nil {
				t.rate.Den++
				// An extended finish was not the same day.
				if res.OnTime && (t.name != sla.TargetFinish || res.Extensions == 0) {
					t.rate.Num++
				}
			}
		}
	}
	switch o.Satisfaction {
	case hotline.Satisfied:
		r.Callbacks.Satisfied++
	case hotline.BasicallySatisfied:
		r.Callbacks.BasicallySatisfied++
	case hotline.Dissatisfied:
		r.Callbacks.Dissatisfied++
	case hotline.Unreachable:
		r.Callbacks.Unreachable++
	}
	for _, a := range o.Assists {
		r.Joint.Assists++
		switch a.Status {
		case workorder.AssistSubmitted:
			r.Joint.Opinions.Den++
			if !a.At.After(a.Due) {
				r.Joint.Opinions.Num++
			}
		case workorder.AssistWaived:
			r.Joint.Waived++
		}
	}
	if o.Overdue {
		r.Handling.OverdueOrders++
	}
	if o.Supervision > 0 {
		r.Handling.Supervised++
	}
	if o.Fallback {
		r.Handling.Fallback++
	}
	if o.Reopenings > 0 {
		r.Handling.Reopened++
	}
	urged, suspended := false, false
	for _, rec := range hist {
		h := &r.Handling
		switch rec.Step {
		case workorder.StepReturn, workorder.StepRequestReturn:
			h.Returns++
		case workorder.StepRedispatch:
			h.Redispatches++
		case workorder.StepRequestExtension:
			h.Extensions++
		case workorder.StepApproveExtension:
			h.Approved++
		case workorder.StepRefuseExtension:
			h.Refused++
		case workorder.StepSuspend:
			suspended = true
		case workorder.StepRejectReply:
			h.Rejected++
		case workorder.StepUrge:
			if rec.Actor.Role == workorder.RoleSystem {
				h.Urges++
				urged = true
			}
		}
	}
	if urged {
		r.Handling.UrgedOrders++
	}
	if suspended {
		r.Handling.Suspended++
	}
}

// unitsOf counts the directory's active departments, public enterprises
// and village and community committees.
func unitsOf(d *unit.Directory) (departments, enterprises, villages int) {
	for _, u := range d.Units() {
		if u.Inactive {
			continue
		}
		switch u.Kind {
		case unit.KindDepartment:
			departments++
		case unit.KindEnterprise:
			enterprises++
		case unit.KindCommittee:
			villages++
		}
	}
	return departments, enterprises, villages
}

// The report's texts.
var (
	msgTitle = i18n.Msg{EN: "%s 12345 hotline: the year %s", ZH: "%s 12345 热线 %s 年度报告"}
	msgScope = i18n.Msg{EN: "Simulated with seed %s: %d orders received; the directory of units lists %d departments, %d public enterprises and %d village and community committees.",
		ZH: "模拟（种子 %s）：受理工单 %d 件；单位目录列部门 %d 个、公共企事业单位 %d 个、村（社区）%d 个。"}
	msgProvisional = i18n.Msg{EN: "Note: the calendar has no holiday notice for %s; deadlines follow its provisional rule (weekends and statutory days off, no make-up days).",
		ZH: "注意：日历中没有 %s 年的放假通知，期限按临时规则计算（周末与法定节日休息，不含调休）。"}
	msgProvisionalAfter = i18n.Msg{EN: "Note: the calendar has no holiday notice for %s; deadlines that run into it follow its provisional rule.",
		ZH: "注意：日历中没有 %s 年的放假通知，延续到该年的期限按临时规则计算。"}
	msgRatio  = i18n.Msg{EN: " (%d/%d)", ZH: "（%d/%d）"}
	msgList   = i18n.Msg{EN: ", ", ZH: "、"}
	msgOrders = i18n.Msg{EN: "%d orders", ZH: "%d 件"}

	msgByCategory  = i18n.Msg{EN: "1. Orders by category", ZH: "一、受理总量（按类别）"}
	msgCategoryRow = [...]i18n.Msg{{EN: "Category", ZH: "类别"}, {EN: "Orders", ZH: "工单"}, {EN: "Emergency", ZH: "紧急"},
		{EN: "Joint", ZH: "联合办理"}, {EN: "Repeats", ZH: "重复件"}, {EN: "Returned", ZH: "退单"},
		{EN: "On time", ZH: "按期办结率"}, {EN: "Satisfied", ZH: "满意率"}}
	msgTotal = i18n.Msg{EN: "Total", ZH: "合计"}

	msgHandling       = i18n.Msg{EN: "2. Handling", ZH: "二、办理质效"}
	msgOnTime         = i18n.Msg{EN: "On-time completion", ZH: "按期办结率"}
	msgSatisfaction   = i18n.Msg{EN: "Satisfaction", ZH: "满意率"}
	msgCallbacks      = i18n.Msg{EN: "Callbacks", ZH: "回访结果"}
	msgCallbackCounts = i18n.Msg{EN: "satisfied %d, basically satisfied %d, dissatisfied %d, unreachable %d",
		ZH: "满意 %d，基本满意 %d，不满意 %d，未接通 %d"}
	msgDispatch       = i18n.Msg{EN: "Dispatch", ZH: "派单"}
	msgDispatchCounts = i18n.Msg{EN: "%d dispatches in the year, %d redispatches; %d orders to the fallback unit %s",
		ZH: "年内派单 %d 次，其中改派 %d 次；兜底 %d 件（%s）"}
	msgReturns          = i18n.Msg{EN: "Returns", ZH: "退单"}
	msgReturnCounts     = i18n.Msg{EN: "%d returns, on %d orders", ZH: "退单 %d 次，涉及 %d 件"}
	msgExtensions       = i18n.Msg{EN: "Extensions", ZH: "延期"}
	msgExtensionCounts  = i18n.Msg{EN: "%d requested: %d approved, %d refused", ZH: "申请 %d 次：批准 %d 次，驳回 %d 次"}
	msgSuspensions      = i18n.Msg{EN: "Suspensions", ZH: "挂起"}
	msgReview           = i18n.Msg{EN: "Review", ZH: "审核与重办"}
	msgReviewCounts     = i18n.Msg{EN: "%d replies sent back; %d orders reopened after a dissatisfied callback", ZH: "审核退回 %d 次；不满意重办 %d 件"}
	msgUrging           = i18n.Msg{EN: "Urging", ZH: "预警催办"}
	msgUrgingCounts     = i18n.Msg{EN: "%d warnings; %d overdue urges on %d orders; %d orders supervised", ZH: "预警 %d 次；超期催办 %d 次，涉及 %d 件；督办 %d 件"}
	msgEmergencies      = i18n.Msg{EN: "3. Emergencies (%d orders)", ZH: "三、紧急工单（%d 件）"}
	msgContact          = i18n.Msg{EN: "Contact within 30 minutes", ZH: "30 分钟内联系"}
	msgArrive           = i18n.Msg{EN: "On site within an hour", ZH: "1 小时内到场"}
	msgFinish           = i18n.Msg{EN: "Replied the same day", ZH: "当日办结"}
	msgJointRepeats     = i18n.Msg{EN: "4. Joint handling and repeats", ZH: "四、联合办理与重复件"}
	msgJoint            = i18n.Msg{EN: "Joint handling", ZH: "联合办理"}
	msgJointCounts      = i18n.Msg{EN: "%d orders, %d of them repeats, coordinated by %s", ZH: "%d 件，其中重复件 %d 件，由%s协调"}
	msgAssists          = i18n.Msg{EN: "Assisting opinions", ZH: "协办意见"}
	msgAssistCounts     = i18n.Msg{EN: "%d requested; on time %s; %d waived", ZH: "征求 %d 份；按时反馈 %s；免于反馈 %d 份"}
	msgHotspots         = i18n.Msg{EN: "5. Hotspot alerts (%d)", ZH: "五、热点预警（%d 条）"}
	msgNone             = i18n.Msg{EN: "none", ZH: "无"}
	msgKeyword          = i18n.Msg{EN: "keyword %s", ZH: "关键词「%s」"}
	msgMore             = i18n.Msg{EN: "... and %d more", ZH: "……另有 %d 条"}
	msgScorecards       = i18n.Msg{EN: "6. Unit scorecards (%s, %s)", ZH: "六、承办单位考核（%s，%s）"}
	msgYearSpan         = i18n.Msg{EN: "%s", ZH: "%s 年"}
	msgScorecardRecords = i18n.Msg{EN: "Each dispatch, redispatch and designation counts once for the unit it went to: %d in the year.",
		ZH: "每次派单、改派、兜底为承办单位各计一条记录，全年共 %d 条。"}
	msgScorecardOverdue = i18n.Msg{EN: "Overdue counts the records past their deadline and still open at the end of %s: %d in all. Records closed after their deadline count against the on-time rate instead: %d of the %d due in the year were not closed by it.",
		ZH: "超期列计入 %s 年底已过期限、仍未办结的记录，共 %d 条；逾期后办结的记录计入按期办结率：年内到期的 %[4]d 条中有 %[3]d 条未按期办结。"}
	msgTitlePeriod = i18n.Msg{EN: "%s 12345 hotline: %s", ZH: "%s 12345 热线报告（%s）"}
	msgPeriodSpan  = i18n.Msg{EN: "%s to %s", ZH: "%s 至 %s"}
	msgPeriodLine  = i18n.Msg{EN: "Period: orders received from %s to %s (Asia/Shanghai), followed until each is closed.",
		ZH: "统计期间：%s 至 %s（北京时间）受理的工单，跟踪至全部办结。"}
	msgVersus     = i18n.Msg{EN: "0. The town's reported figures and the simulation", ZH: "〇、镇报告数字与模拟结果对照"}
	msgVersusRow  = [...]i18n.Msg{{EN: "Figure", ZH: "指标"}, {EN: "Reported by the town", ZH: "镇报告"}, {EN: "Simulated", ZH: "模拟"}}
	msgNearly100  = i18n.Msg{EN: "close to 100%", ZH: "接近 100%"}
	msgEmergency  = i18n.Msg{EN: "Emergencies", ZH: "紧急工单"}
	msgOrdersName = i18n.Msg{EN: "Orders received", ZH: "受理工单"}
	msgVersusNote = i18n.Msg{EN: "  The town's column is the town's own account of %s to %s; every other figure of this report is simulated: the run draws the orders and how units, leaders, the centre and callers act (the assumptions of package internal/qingxi), and counts what the service recorded.",
		ZH: "  “镇报告”栏为该镇对 %s 至 %s 的公开数字；本报告其余数字均为模拟结果：按各单位、领导、中心和来电人的行为假设（见 internal/qingxi）模拟办理，从服务记录中统计。"}

	msgLadder       = i18n.Msg{EN: "7. Supervision ladder (督办)", ZH: "七、督办阶梯"}
	msgLadderUrges  = i18n.Msg{EN: "Urges", ZH: "催办"}
	msgLadderUrgeN  = i18n.Msg{EN: "%d urges by the system on %d orders", ZH: "系统催办 %d 次，涉及 %d 件"}
	msgLadderSups   = i18n.Msg{EN: "Supervision orders", ZH: "督办单"}
	msgLadderSupN   = i18n.Msg{EN: "issued %d; explained %d (after the deadline: %d); closed %d, with the explanation accepted: %d", ZH: "下发 %d 份；已说明 %d 份（逾期说明 %d 份）；已办结 %d 份，其中说明属实 %d 份"}
	msgLadderDecide = i18n.Msg{EN: "Decisions", ZH: "提请研判"}
	msgLadderDecN   = i18n.Msg{EN: "%d put to a supervisor; talks (约谈): %d; public criticisms (通报批评): %d", ZH: "提请督查室研判 %d 份；约谈 %d 次，通报批评 %d 次"}
	msgLadderNote   = i18n.Msg{EN: "  The ladder on the finish target of every normal order: urge at the deadline, a supervision order 2 working days after it with 3 working days for the unit's explanation, a supervisor's decision 5 working days after it (sla.DefaultLadder).",
		ZH: "  普通工单办结时限适用督办阶梯：到期催办，超期 2 个工作日下发督办单（3 个工作日内书面说明），超期 5 个工作日提请研判约谈或通报（sla.DefaultLadder）。"}

	msgExempt  = i18n.Msg{EN: "8. Review of bad verdicts (差评甄别)", ZH: "八、差评甄别"}
	msgExemptN = i18n.Msg{EN: "  %d dissatisfied verdicts left out of assessment after the centre's review, each approved by %s: %s. They are listed after the scorecards of section 6.",
		ZH: "  经中心甄别、%[2]s审核同意，%[1]d 条不满意评价不纳入考核：%[3]s。明细见第六部分考核表后。"}
	msgExemptNone = i18n.Msg{EN: "  No verdict was left out of assessment.", ZH: "  无不纳入考核的评价。"}

	msgPersons     = i18n.Msg{EN: "9. Handlers of %s (经办人, %s)", ZH: "九、%s经办人考核（%s）"}
	msgLeaders     = i18n.Msg{EN: "Orders led by unit leaders (领办)", ZH: "单位负责人领办工单"}
	msgDigests     = i18n.Msg{EN: "10. Digests of the last week (%s to %s)", ZH: "十、末周部门信息摘要（%s 至 %s）"}
	msgDigestsNone = i18n.Msg{EN: "  No department had orders in the week.", ZH: "  该周无工单。"}

	msgScorecardRecordsPeriod = i18n.Msg{EN: "Each dispatch, redispatch and designation counts once for the unit it went to: %d in the period.",
		ZH: "每次派单、改派、兜底为承办单位各计一条记录，期内共 %d 条。"}
	msgScorecardOverduePeriod = i18n.Msg{EN: "Overdue counts the records past their deadline and still open at the end of the period (%s): %d in all. Records closed after their deadline count against the on-time rate instead: %d of the %d due in the period were not closed by it.",
		ZH: "超期列计入统计期末（%s）已过期限、仍未办结的记录，共 %d 条；逾期后办结的记录计入按期办结率：期内到期的 %[4]d 条中有 %[3]d 条未按期办结。"}

	msgRatesNote = i18n.Msg{EN: "  On-time completion and satisfaction, here and in section 1, are the assessment's (section 6): rates of records, one per dispatch, redispatch and designation.",
		ZH: "  本节及第一部分的按期办结率、满意率取自考核（第六部分），按记录计：每次派单、改派、兜底各计一条。"}
)

// hotspotsShown is how many hotspot alerts the text lists.
const hotspotsShown = 12

// WriteText prints the report in lang: Chinese for any Chinese tag,
// English otherwise (i18n.Match). Names of places and units are printed
// as they are.
func (r *Report) WriteText(w io.Writer, lang language.Tag) error {
	p := i18n.NewPrinter(lang)
	var b strings.Builder
	line := func(m i18n.Msg, a ...any) { b.WriteString(p.Sprintf(m, a...) + "\n") }
	rate := func(rt assess.Rate) string {
		if !rt.Defined() {
			return "-"
		}
		return p.Sprint(number.Percent(rt.Value(), number.MinFractionDigits(1), number.MaxFractionDigits(1)))
	}
	pct := func(rt assess.Rate) string {
		if !rt.Defined() {
			return "-"
		}
		return rate(rt) + p.Sprintf(msgRatio, rt.Num, rt.Den)
	}
	list := func(names []string) string { return strings.Join(names, p.Text(msgList)) }
	category := func(c hotline.Category) string {
		if p.Lang() == i18n.Chinese {
			return c.Name(lang)
		}
		return string(c)
	}
	year := fmt.Sprint(r.Year)

	first, last := r.From.Format(time.DateOnly), r.To.AddDate(0, 0, -1).Format(time.DateOnly)
	if r.wholeYear() {
		line(msgTitle, r.Town, year)
	} else {
		line(msgTitlePeriod, r.Town, p.Sprintf(msgPeriodSpan, first, last))
	}
	line(msgScope, fmt.Sprint(r.Seed), r.Orders, r.Departments, r.Enterprises, r.Villages)
	line(msgPeriodLine, first, last)
	switch {
	case r.Provisional:
		line(msgProvisional, year)
	case r.ProvisionalAfter:
		line(msgProvisionalAfter, fmt.Sprint(r.Year+1))
	}

	b.WriteString("\n")
	line(msgVersus)
	tw := r.Reported
	tfirst, tlast := tw.From.Format(time.DateOnly), tw.To.AddDate(0, 0, -1).Format(time.DateOnly)
	share := func(v float64) string {
		return p.Sprint(number.Percent(v, number.MinFractionDigits(1), number.MaxFractionDigits(1)))
	}
	b.WriteString(i18n.Table([][]string{
		{p.Text(msgVersusRow[0]), p.Text(msgVersusRow[1]), p.Text(msgVersusRow[2])},
		{p.Text(msgOrdersName), p.Sprint(tw.Orders), p.Sprint(r.Orders)},
		{p.Text(msgEmergency), p.Sprint(tw.Emergencies), p.Sprint(r.Totals.Emergencies)},
		{p.Text(msgOnTime), p.Text(msgNearly100), rate(r.Totals.OnTime)},
		{p.Text(msgSatisfaction), share(tw.Satisfaction), rate(r.Totals.Satisfaction)},
	}, false))
	line(msgVersusNote, tfirst, tlast)

	b.WriteString("\n")
	line(msgByCategory)
	var header []string
	for _, m := range msgCategoryRow {
		header = append(header, p.Text(m))
	}
	rows := [][]string{header}
	catRow := func(name string, c counts) []string {
		return []string{name, p.Sprint(c.Orders), p.Sprint(c.Emergencies), p.Sprint(c.Joint), p.Sprint(c.Repeats),
			p.Sprint(c.Returned), rate(c.OnTime), rate(c.Satisfaction)}
	}
	for _, c := range r.Categories {
		name := category(hotline.Category(c.Category))
		if p.Lang() == i18n.English {
			name = strings.ToUpper(name[:1]) + name[1:]
		}
		rows = append(rows, catRow(name, c))
	}
	rows = append(rows, catRow(p.Text(msgTotal), r.Totals))
	b.WriteString(i18n.Table(rows, true))

	b.WriteString("\n")
	line(msgHandling)
	h := &r.Handling
	pairs(&b, [][2]string{
		{p.Text(msgOnTime), pct(r.Totals.OnTime)},
		{p.Text(msgSatisfaction), pct(r.Totals.Satisfaction)},
		{p.Text(msgCallbacks), p.Sprintf(msgCallbackCounts,
			r.Callbacks.Satisfied, r.Callbacks.BasicallySatisfied, r.Callbacks.Dissatisfied, r.Callbacks.Unreachable)},
		{p.Text(msgDispatch), p.Sprintf(msgDispatchCounts, h.Dispatches, h.Redispatches, h.Fallback, h.FallbackUnit)},
		{p.Text(msgReturns), p.Sprintf(msgReturnCounts, h.Returns, r.Totals.Returned)},
		{p.Text(msgExtensions), p.Sprintf(msgExtensionCounts, h.Extensions, h.Approved, h.Refused)},
		{p.Text(msgSuspensions), p.Sprintf(msgOrders, h.Suspended)},
		{p.Text(msgReview), p.Sprintf(msgReviewCounts, h.Rejected, h.Reopened)},
		{p.Text(msgUrging), p.Sprintf(msgUrgingCounts, h.Warnings, h.Urges, h.UrgedOrders, h.Supervised)},
	})
	line(msgRatesNote)

	b.WriteString("\n")
	e := &r.Emergency
	line(msgEmergencies, e.Orders)
	pairs(&b, [][2]string{
		{p.Text(msgContact), pct(e.Contact)},
		{p.Text(msgArrive), pct(e.Arrive)},
		{p.Text(msgFinish), pct(e.Finish)},
	})

	b.WriteString("\n")
	line(msgJointRepeats)
	pairs(&b, [][2]string{
		{p.Text(msgJoint), p.Sprintf(msgJointCounts, r.Joint.Orders, r.Joint.Repeats, r.Joint.Coordinator)},
		{p.Text(msgAssists), p.Sprintf(msgAssistCounts, r.Joint.Assists, pct(r.Joint.Opinions), r.Joint.Waived)},
	})

	b.WriteString("\n")
	line(msgHotspots, len(r.Hotspots))
	var hs [][]string
	for i, a := range r.Hotspots {
		if i == hotspotsShown {
			break
		}
		what := category(a.Category)
		if a.Keyword != "" {
			what = p.Sprintf(msgKeyword, a.Keyword)
		}
		place := strings.TrimPrefix(a.Region, r.Town+"/")
		hs = append(hs, []string{"  " + a.To.Format("01-02 15:04"), place, what, p.Sprintf(msgOrders, a.Count), list(a.Units)})
	}
	switch {
	case len(hs) == 0:
		b.WriteString("  " + p.Text(msgNone) + "\n")
	default:
		plain(&b, hs)
		if n := len(r.Hotspots) - len(hs); n > 0 {
			b.WriteString("  " + p.Sprintf(msgMore, n) + "\n")
		}
	}

	b.WriteString("\n")
	span := p.Sprintf(msgYearSpan, year)
	if !r.wholeYear() {
		span = p.Sprintf(msgPeriodSpan, first, last)
	}
	line(msgScorecards, span, r.Scheme.Summary(lang))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if err := r.Units.WriteText(w, lang); err != nil {
		return err
	}
	b.Reset()
	tot := &r.Units.Total
	late, due := tot.OnTime.Den-tot.OnTime.Num, tot.OnTime.Den
	if r.wholeYear() {
		line(msgScorecardRecords, h.Dispatches)
		line(msgScorecardOverdue, year, tot.Overdue, late, due)
	} else {
		line(msgScorecardRecordsPeriod, h.Dispatches)
		line(msgScorecardOverduePeriod, last, tot.Overdue, late, due)
	}

	b.WriteString("\n")
	line(msgLadder)
	l := &r.Ladder
	pairs(&b, [][2]string{
		{p.Text(msgLadderUrges), p.Sprintf(msgLadderUrgeN, l.Urges, l.UrgedOrders)},
		{p.Text(msgLadderSups), p.Sprintf(msgLadderSupN, l.Issued, l.Explained, l.ExplainedLate, l.Closed, l.Accepted)},
		{p.Text(msgLadderDecide), p.Sprintf(msgLadderDecN, l.Escalated, l.Talks, l.Criticisms)},
	})
	line(msgLadderNote)

	b.WriteString("\n")
	line(msgExempt)
	if ex := r.Units.Exemptions; len(ex) > 0 {
		reasons := r.Scheme.Exempt.Reasons
		n := make([]int, len(reasons))
		for _, e := range ex {
			if i := slices.IndexFunc(reasons, func(x assess.ExemptReason) bool { return x.Code == e.Reason }); i >= 0 {
				n[i]++
			}
		}
		var parts []string
		for i, x := range reasons {
			name := x.Name
			if p.Lang() == i18n.English {
				name = x.Code
			}
			parts = append(parts, fmt.Sprintf("%s %d", name, n[i]))
		}
		line(msgExemptN, len(ex), supervisor.ID, list(parts))
	} else {
		line(msgExemptNone)
	}

	b.WriteString("\n")
	line(msgPersons, r.PersonsUnit, r.Scheme.Summary(lang))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	b.Reset()
	if err := r.Persons.WriteText(w, lang); err != nil {
		return err
	}
	b.WriteString("\n")
	line(msgLeaders)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	b.Reset()
	if err := r.Leaders.WriteText(w, lang); err != nil {
		return err
	}

	b.WriteString("\n")
	if len(r.Digests) == 0 {
		line(msgDigests, "-", "-")
		line(msgDigestsNone)
	} else {
		d := r.Digests[0]
		line(msgDigests, d.From.Format(time.DateOnly), d.To.AddDate(0, 0, -1).Format(time.DateOnly))
	}
	for i := range r.Digests {
		b.WriteString("\n")
		if err := r.Digests[i].WriteMarkdown(&b, lang); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wholeYear reports whether the report covers one calendar year.
func (r *Report) wholeYear() bool {
	return r.From.Month() == time.January && r.From.Day() == 1 && r.To.Equal(r.From.AddDate(1, 0, 0))
}

// table writes rows aligned by display width: the first column to the
// left, the others to the right, with a rule under the header and above
// the last row.

// plain writes rows left-aligned by display width, without rules.
func plain(b *strings.Builder, rows [][]string) { b.WriteString(i18n.Columns(rows)) }

// pairs writes indented label-value lines with the values aligned.
func pairs(b *strings.Builder, kv [][2]string) {
	rows := make([][]string, len(kv))
	for i, p := range kv {
		rows[i] = []string{"  " + p[0], p[1]}
	}
	plain(b, rows)
}
