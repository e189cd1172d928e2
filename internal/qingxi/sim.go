package qingxi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
)

// The shape of the simulated year. Shares are of the orders that can take
// the path in question; the figures in the report come out of the run.
const (
	// emergenciesDefault of OrdersDefault orders are emergencies; other
	// order counts get the same share.
	emergenciesDefault = 25
	// tick is how often the platform's sweep raises due sla alerts.
	tick = 10 * time.Minute
	// workday is the working time of one working day of the calendar.
	workday = 7 * time.Hour

	shareWorkingHours = 0.72 // of daytime arrivals, inside office hours
	shareReturned     = 0.03 // of ordinary orders, returned by the first unit
	shareFallback     = 0.35 // of returned orders, returned again and designated
	shareExtension    = 0.05 // of ordinary orders, an extension requested
	shareApproved     = 0.70 // of extension requests, approved
	shareSuspended    = 0.02 // of ordinary orders, suspended for a while
	shareRejected     = 0.03 // of replies, sent back by the centre once
	shareSignLate     = 0.03 // of signatures, after the sign deadline
	shareOpinionLate  = 0.06 // of assisting opinions, after their deadline
	shareOpinionNever = 0.03 // of assisting opinions, never given and waived
	shareReopened     = 0.60 // of dissatisfied callbacks, reopened once
)

// The town's measures: how units answer the warnings and the supervision
// ladder, which orders their leaders take themselves (领办), how the
// centre reviews bad verdicts (差评甄别), and how callers answer. These are
// the simulation's assumptions, calibrated so that the default run lands
// near the town's reported year (TownReport): its on-time completion and
// satisfaction come out of them, counted by package assess from what the
// service recorded.
const (
	// shareReplyLate of replies are planned after the finish deadline:
	// the units' own pace, before the town's measures.
	shareReplyLate = 0.06
	// A late reply is planned lateMin to lateMax working days after the
	// deadline.
	lateMin, lateMax = 0.1, 7
	// shareHeedWarning of units about to reply late hurry when the
	// finish target warns (预警, at 75% of its time) and reply before the
	// deadline.
	shareHeedWarning = 0.94
	// shareHeedUrge of units still late reply within a working day of
	// the urge at the deadline (催办).
	shareHeedUrge = 0.35
	// shareStubborn of the units given a supervision order (督办单, two
	// working days after the deadline) explain late and reply only after
	// a supervisor decides on a talk or a criticism; the others explain
	// within the time given and reply within a working day or so.
	shareStubborn = 0.30
	// shareCriticism of the supervisors' decisions are a public
	// criticism (通报批评) rather than a talk (约谈).
	shareCriticism = 0.35
	// shareLedHard of complaints and reports, and shareLedJoint of joint
	// orders, are difficult enough for the lead unit's leader to take
	// them personally (领办); so are repeats and every order designated
	// to the fallback unit, which its leader owns to the end.
	shareLedHard  = 0.20
	shareLedJoint = 0.35
	// shareReplyLateLed of replies to leader-led orders are planned late.
	shareReplyLateLed = 0.01
	// shareExempt of the dissatisfied verdicts that stand are found, on
	// the centre's review, to be an unreasonable demand, a matter outside
	// the government's power or a malicious call, and are left out of
	// assessment with a supervisor's approval (Service.Exempt).
	shareExempt = 0.15
)

// The callers' verdicts at callback (满意, 基本满意, 不满意, 未接通), by how
// the order went, and the share of each verdict answering 问题已解决.
var (
	verdictsOnTime = [4]float64{0.595, 0.15, 0.195, 0.06}
	verdictsLed    = [4]float64{0.78, 0.135, 0.025, 0.06}
	verdictsLate   = [4]float64{0.45, 0.20, 0.27, 0.08}
	solvedShare    = map[hotline.Satisfaction]float64{hotline.Satisfied: 0.985, hotline.BasicallySatisfied: 0.9, hotline.Dissatisfied: 0.25}
	// solvedLed is added to the share solved of a leader-led order.
	solvedLed = 0.05
)

// The actors of the centre.
var (
	operator   = workorder.Centre("话务组")
	supervisor = workorder.Supervisor("督查室")
	// reviewer is the centre's operator who reviews bad verdicts.
	reviewer = "话务组回访员"
)

// Config is what a run simulates. The zero values of Calendar, Rules,
// Units and Store take the defaults their comments name; Orders and Year
// must be set (see Validate).
type Config struct {
	// Seed seeds the random draws: the same Config gives the same year.
	Seed uint64
	// Orders is how many orders are received in the year, at least 1.
	Orders int
	// Year is the year simulated, YearMin to YearMax.
	Year int
	// Calendar is the working calendar; nil means cn.Calendar().
	Calendar *calendar.Calendar
	// Rules are the routing rules; nil means the town's (RulesYAML).
	Rules *routing.Config
	// Units is the directory of units the rules are checked against, which
	// names the fallback unit; nil means the town's (UnitsYAML).
	Units *unit.Directory
	// From and To bound the period the orders are received in, [From,
	// To): days, as midnight in the calendar's zone (other instants are
	// taken as their day's midnight); the report covers the period. Both
	// zero means the calendar year Year. When From is set, Year is its
	// year, which names the orders (QX2025-00001).
	From, To time.Time
	// Until, when set, stops the year at that instant: the orders in
	// flight then stay open in the Store, as on any working day, and the
	// report counts only the orders closed by then. The zero value runs
	// until every order is closed.
	Until time.Time
	// Store receives the orders. nil streams the year through a store
	// that keeps only the open orders in full and forgets each order's
	// trail once it is closed and counted, so memory stays a few hundred
	// bytes per order however long the year; any other store keeps them
	// all (a SQLite file to look at later, say).
	Store workorder.Store
}

// Validate reports the first field of c out of range, naming it.
func (c *Config) Validate() error {
	switch {
	case c.Orders < 1:
		return fmt.Errorf("qingxi: Orders %d: want at least 1: %w", c.Orders, ErrConfig)
	case c.From.IsZero() != c.To.IsZero():
		return fmt.Errorf("qingxi: From and To: set both or neither: %w", ErrConfig)
	case c.From.IsZero() && (c.Year < YearMin || c.Year > YearMax):
		return fmt.Errorf("qingxi: Year %d: want %d to %d, the years the calendar computes: %w", c.Year, YearMin, YearMax, ErrConfig)
	case c.From.IsZero():
		return nil
	case c.From.Year() < YearMin || c.To.Year() > YearMax:
		return fmt.Errorf("qingxi: From %s, To %s: want days of %d to %d, the years the calendar computes: %w",
			c.From.Format(time.DateOnly), c.To.Format(time.DateOnly), YearMin, YearMax, ErrConfig)
	case !c.To.After(c.From):
		return fmt.Errorf("qingxi: To %s: want a day after From %s: %w", c.To.Format(time.DateOnly), c.From.Format(time.DateOnly), ErrConfig)
	}
	return nil
}

// period returns the period of receipt, [from, to), in loc: From and To
// at midnight, or the calendar year Year.
func (c *Config) period(loc *time.Location) (from, to time.Time) {
	if c.From.IsZero() {
		return time.Date(c.Year, time.January, 1, 0, 0, 0, 0, loc), time.Date(c.Year+1, time.January, 1, 0, 0, 0, 0, loc)
	}
	day := func(t time.Time) time.Time {
		t = t.In(loc)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	}
	return day(c.From), day(c.To)
}

// ErrConfig is wrapped by the errors of Config.Validate.
var ErrConfig = errors.New("invalid simulation config")

// spec is an order as the caller raises it, with what will happen to it.
type spec struct {
	at      time.Time
	cat     hotline.Category
	urgency hotline.Urgency
	title   string
	region  string
	channel hotline.Channel
	// The text, address and caller are written when the order is
	// received (text, addressText, callerOf), from the template and the
	// draws: the orders still to come hold a few numbers each, not
	// strings, which a city's year of them would fill gigabytes with.
	tmpl    string
	address string // when drawn whole, as noise complaints' are
	draws   draws

	returns int  // returns planned: 0, 1, or 2 (then the fallback unit)
	extend  bool // the lead asks for more time
	suspend bool // the lead suspends handling for a while
	reject  bool // the centre sends the first reply back
}

// journey is one order during the simulation.
type journey struct {
	spec *spec
	id   string
	// opinions holds when each assisting unit will give its opinion; the
	// zero time means never (the centre waives it).
	opinions map[string]time.Time
	waiving  bool // the centre has been asked to waive missing opinions

	// planned is set while the lead's reply waits in the queue as
	// planReply planned it, late when planned after the deadline; gen
	// numbers the plans, so that a reply moved earlier (the unit hurries
	// when warned, urged or supervised) leaves the one planned before
	// undone.
	planned, late bool
	at            time.Time
	gen           int
	// ledBy is the unit whose leader leads the order (领办); handler the
	// handler each unit gave it (an index of its staff).
	ledBy   string
	handler map[string]int
	// sups are the supervision orders issued about the order, and
	// stubborn is set when its unit answers them only after a decision.
	sups     []string
	stubborn bool
}

// event is an action due at a simulated instant; seq numbers the events
// in the order they were scheduled.
type event struct {
	at  time.Time
	seq uint64
	do  func() error
}

// queue holds the events waiting, the earliest first and, at one
// instant, the first scheduled first. It is a binary heap of small
// entries without pointers, the events kept aside in slots: ordering
// them then moves 24 bytes at a time and no pointer the garbage collector
// would have to be told of (a city's year has tens of thousands waiting,
// and container/heap would also box each event on its way in and out).
type queue struct {
	heap  []queued
	slots []event
	free  []int32 // slots of events popped, to reuse
}

// queued is an event in the heap: its instant in Unix nanoseconds, its
// number and its slot.
type queued struct {
	due  int64
	seq  uint64
	slot int32
}

func (q *queue) len() int { return len(q.heap) }

// first returns the instant of the first event; q must not be empty.
func (q *queue) first() time.Time { return q.slots[q.heap[0].slot].at }

func (q *queue) less(i, j int) bool {
	a, b := &q.heap[i], &q.heap[j]
	if a.due != b.due {
		return a.due < b.due
	}
	return a.seq < b.seq
}

// push adds e.
func (q *queue) push(e event) {
	var slot int32
	if n := len(q.free); n > 0 {
		slot, q.free = q.free[n-1], q.free[:n-1]
		q.slots[slot] = e
	} else {
		slot = int32(len(q.slots))
		q.slots = append(q.slots, e)
	}
	q.heap = append(q.heap, queued{due: e.at.UnixNano(), seq: e.seq, slot: slot})
	h := q.heap
	for i := len(h) - 1; i > 0; {
		up := (i - 1) / 2
		if !q.less(i, up) {
			break
		}
		h[i], h[up] = h[up], h[i]
		i = up
	}
}

// pop removes and returns the first event; q must not be empty.
func (q *queue) pop() event {
	h := q.heap
	slot := h[0].slot
	n := len(h) - 1
	h[0] = h[n]
	q.heap = h[:n]
	for i := 0; ; {
		least, l := i, 2*i+1
		if l < n && q.less(l, least) {
			least = l
		}
		if r := l + 1; r < n && q.less(r, least) {
			least = r
		}
		if least == i {
			break
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
	e := q.slots[slot]
	q.slots[slot] = event{}
	q.free = append(q.free, slot)
	return e
}

// sim is an event-driven simulation: actions wait in a queue by simulated
// time, and the service's clock is the instant of the action being taken.
type sim struct {
	ctx      context.Context
	cfg      Config
	rng      *rand.Rand
	cal      *calendar.Calendar
	loc      *time.Location
	policies *sla.PolicySet
	rules    *routing.Config
	ruleSet  *routing.RuleSet
	router   *routing.Router
	svc      *workorder.Service
	fallback string

	now    time.Time
	q      queue
	seq    uint64
	nextID int

	runs     map[string]*journey
	staff    map[string]*staff
	tally    *tally
	count    *counting  // counts closed orders in tally
	year     *yearStore // the store, when the year streams through it
	total    int
	closed   int
	warnings int
}

// Simulate runs a year of orders through the service on cfg.Store and
// returns the year's report, counted from the orders as they close.
// Errors wrap ErrConfig for a Config out of range, and those of the
// service when a step of the simulation fails.
func Simulate(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var err error
	if cfg.Calendar == nil {
		cfg.Calendar = cn.Calendar()
	}
	if !cfg.From.IsZero() {
		cfg.From, cfg.To = cfg.period(cfg.Calendar.Location())
		cfg.Year = cfg.From.Year()
	}
	policies, err := townPolicies()
	if err != nil {
		return nil, err
	}
	if cfg.Rules == nil {
		if cfg.Rules, err = routing.Parse(bytes.NewReader(rulesYAML)); err != nil {
			return nil, err
		}
	}
	if cfg.Units == nil {
		if cfg.Units, err = unit.Parse(bytes.NewReader(unitsYAML)); err != nil {
			return nil, err
		}
	}
	cal, rules, units := cfg.Calendar, cfg.Rules, cfg.Units
	// The rules name only the directory's active units and take its
	// fallback unit.
	rs, _, err := routing.Compile(rules, routing.Options{Language: language.Chinese, Units: units})
	if err != nil {
		return nil, err
	}
	s := &sim{
		ctx: ctx, cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 12345)),
		cal: cal, loc: cal.Location(), policies: policies,
		rules: rules, ruleSet: rs, router: routing.NewRouter(rs),
		fallback: units.Fallback(),
		runs:     map[string]*journey{},
		staff:    map[string]*staff{},
	}
	store := cfg.Store
	if store == nil {
		s.year = newYearStore()
		store = newLadderStore(s.year)
	}
	// The router finds repeats and hotspots among the stored orders, which
	// keep what it decided for each of them (Order.Routing).
	s.router.SetHistory(store)
	s.svc, err = workorder.NewService(workorder.Config{
		Store:    store,
		Calendar: cal,
		Policies: s.policies,
		Clock:    workorder.ClockFunc(func() time.Time { return s.now }),
		IDs:      workorder.IDFunc(s.newID),
		Observer: observer{ObserverFuncs: workorder.ObserverFuncs{OnWarning: s.onWarning, OnOverdue: s.onOverdue}, s: s},
		Watch:    true,
		// One order's alerts after another's, in the order they fall
		// due: the same seed gives the same year.
		AlertWorkers: 1,
		Router:       s.router,
		Units:        units,
	})
	if err != nil {
		return nil, err
	}
	if s.tally, err = newTally(&cfg, s.svc); err != nil {
		return nil, err
	}

	s.count = startCounting(s.tally)
	defer s.count.wait()
	specs := newGenerator(s.rng, cal, rules, cfg).orders()
	s.total = len(specs)
	s.now = specs[0].at
	s.at(s.now, s.sweep)
	_, end := cfg.period(s.loc)
	deadline := end.AddDate(1, 0, 0)
	// The arrivals, in time order, are taken from specs as they fall due
	// rather than queued all at once: an arrival goes before any queued
	// action of the same instant, as it would have been queued first.
	next := 0
	for next < len(specs) || s.q.len() > 0 {
		var do func() error
		arrival := next < len(specs) && (s.q.len() == 0 || !specs[next].at.After(s.q.first()))
		if !cfg.Until.IsZero() {
			at := specs[min(next, len(specs)-1)].at
			if !arrival {
				at = s.q.first()
			}
			if at.After(cfg.Until) {
				break
			}
		}
		if arrival {
			sp := specs[next]
			specs[next] = nil // forgotten once accepted
			next++
			s.now = sp.at
			do = func() error { return s.accept(sp) }
		} else {
			e := s.q.pop()
			s.now, do = e.at, e.do
		}
		if s.now.After(deadline) {
			return nil, fmt.Errorf("simulation: %d of %d orders still open at %s", s.total-s.closed, s.total, deadline.Format(time.DateOnly))
		}
		if err := do(); err != nil {
			return nil, err
		}
	}
	if err := s.count.wait(); err != nil {
		return nil, err
	}
	return s.tally.finish(ctx, &cfg, s.svc, store, s.now, s.warnings)
}

// townOf returns the rules' top region: the shortest jurisdiction prefix.
func townOf(rules *routing.Config) string {
	town := ""
	for p := range rules.Jurisdictions {
		if !strings.Contains(p, "/") && (town == "" || p < town) {
			town = p
		}
	}
	return town
}

// at schedules do at t (never before now).
func (s *sim) at(t time.Time, do func() error) {
	if t.Before(s.now) {
		t = s.now
	}
	s.seq++
	s.q.push(event{at: t, seq: s.seq, do: do})
}

// work returns the instant d of working time after t.
func (s *sim) work(t time.Time, d time.Duration) time.Time {
	return s.cal.AddWorkTime(t, d)
}

// minutes draws a duration of lo to hi minutes.
func (s *sim) minutes(lo, hi int) time.Duration {
	return time.Duration(lo+s.rng.IntN(hi-lo+1)) * time.Minute
}

// share draws a fraction of d from [lo, hi).
func (s *sim) share(d time.Duration, lo, hi float64) time.Duration {
	return time.Duration(float64(d) * (lo + (hi-lo)*s.rng.Float64()))
}

// chance reports true with probability p.
func (s *sim) chance(p float64) bool { return s.rng.Float64() < p }

// newID names orders in acceptance order: QX2025-00001.
func (s *sim) newID(time.Time) string {
	s.nextID++
	return fmt.Sprintf("QX%d-%05d", s.cfg.Year, s.nextID)
}

// sweep raises the sla alerts due by now, as a platform's timer would.
func (s *sim) sweep() error {
	s.svc.Fire(s.ctx)
	if s.closed < s.total {
		s.at(s.now.Add(tick), s.sweep)
	}
	return nil
}

// onWarning has a unit about to reply late hurry, mostly, when its
// finish target warns: it replies before the deadline.
func (s *sim) onWarning(_ context.Context, o *workorder.Order, r sla.Result) {
	s.warnings++
	rn := s.runs[o.ID]
	if r.Name != sla.TargetFinish || rn == nil || !rn.planned || !rn.late || !s.chance(shareHeedWarning) {
		return
	}
	s.moveReply(rn, s.work(s.now, s.share(s.cal.WorkTimeBetween(s.now, r.Due), 0.2, 0.9)), false)
}

// onOverdue has a unit still late reply within a working day of the
// urge at the deadline (催办), mostly; the others are left to the ladder.
func (s *sim) onOverdue(_ context.Context, o *workorder.Order, r sla.Result) {
	rn := s.runs[o.ID]
	if r.Name != sla.TargetFinish || rn == nil || !rn.planned || !rn.late || !s.chance(shareHeedUrge) {
		return
	}
	s.moveReply(rn, s.work(s.now, s.share(workday, 0.1, 1)), true)
}

// onLadder answers a step of the supervision ladder: a supervision order
// (督办单) is explained by the unit, in time unless it is stubborn, which
// then replies; a decision put to a supervisor ends in a talk (约谈) or a
// public criticism (通报批评), and the unit's leader takes the order and
// replies within a working day.
func (s *sim) onLadder(o *workorder.Order, a sla.Action, sup *workorder.Supervision) {
	rn := s.runs[o.ID]
	if rn == nil || sup == nil {
		return
	}
	id, unit := sup.ID, sup.Unit
	switch a {
	case sla.ActionSupervise:
		rn.sups = append(rn.sups, id)
		rn.stubborn = s.chance(shareStubborn)
		at := s.work(s.now, s.share(workday, 0.1, 0.9))
		if rn.stubborn {
			at = s.work(sup.Due, s.share(workday, 0.2, 2))
		}
		s.at(at, func() error {
			got, err := s.svc.Supervisions(s.ctx, workorder.SupervisionFilter{Order: rn.id, Open: true})
			if err != nil || len(got) == 0 || got[len(got)-1].ID != id || !got[len(got)-1].Explained.IsZero() {
				return err
			}
			_, err = s.svc.ExplainSupervision(s.ctx, s.by(rn, unit), id, explanation(rn.stubborn))
			return step(rn.id, err)
		})
		switch {
		case !rn.planned:
		case rn.stubborn:
			// Not before a supervisor has decided (three working days
			// on), unless the unit hurries then.
			s.replyAt(rn, s.work(s.now, 8*workday), true)
		default:
			s.moveReply(rn, s.work(s.now, s.share(workday, 1, 2)), true)
		}
	case sla.ActionDecide:
		s.at(s.work(s.now, s.minutes(60, 300)), func() error {
			outcome, why := workorder.OutcomeTalk, "超期五个工作日仍未办结，约谈单位主要负责人"
			if s.chance(shareCriticism) {
				outcome, why = workorder.OutcomeCriticism, "超期五个工作日仍未办结，予以通报批评"
			}
			if err := s.closeSupervision(id, outcome, why); err != nil {
				return step(rn.id, err)
			}
			rn.ledBy = unit
			s.moveReply(rn, s.work(s.now, s.share(workday, 0.3, 1)), true)
			return nil
		})
	}
}

// closeSupervision closes supervision order id with outcome, unless it
// is closed already.
func (s *sim) closeSupervision(id string, outcome workorder.SupervisionOutcome, why string) error {
	_, err := s.svc.CloseSupervision(s.ctx, supervisor, id, outcome, why)
	if errors.Is(err, workorder.ErrInvalidTransition) {
		return nil
	}
	return err
}

// closeSupervisions has a supervisor close the supervision orders of rn
// still open when its reply is approved: the explanation accepted when
// the unit gave it in time, else a talk.
func (s *sim) closeSupervisions(rn *journey) error {
	for _, id := range rn.sups {
		got, err := s.svc.Supervisions(s.ctx, workorder.SupervisionFilter{Order: rn.id, Open: true})
		if err != nil {
			return err
		}
		for _, sup := range got {
			if sup.ID != id {
				continue
			}
			outcome, why := workorder.OutcomeAccepted, "情况说明属实，已整改办结"
			if sup.Explained.IsZero() || sup.Late(s.now) {
				outcome, why = workorder.OutcomeTalk, "未按期报送情况说明，约谈单位主要负责人"
			}
			if err := s.closeSupervision(id, outcome, why); err != nil {
				return err
			}
		}
	}
	rn.sups = nil
	return nil
}

// explanation is a unit's written explanation of a late order.
func explanation(late bool) string {
	if late {
		return "因人手紧张未能按期办理，现已安排专人跟进，尽快办结。"
	}
	return "因需协调多个部门现场核实导致超期，现已落实整改措施，近日办结。"
}

// step wraps an error of a simulated step with the order.
func step(id string, err error) error {
	if err != nil {
		return fmt.Errorf("simulation: order %s: %w", id, err)
	}
	return nil
}

func (s *sim) accept(sp *spec) error {
	o, err := s.svc.Accept(s.ctx, operator, &workorder.Order{
		Channel: sp.channel, Category: sp.cat, Urgency: sp.urgency, Title: sp.title, Text: sp.text(),
		Caller: sp.callerOf(), Location: workorder.Location{Region: sp.region, Address: sp.addressText()},
	})
	if err != nil {
		return step(sp.title, err)
	}
	rn := &journey{spec: sp, id: o.ID}
	s.runs[o.ID] = rn
	delay := s.minutes(3, 25)
	if sp.urgency == hotline.UrgencyEmergency {
		delay = s.minutes(1, 4)
	}
	s.at(s.now.Add(delay), func() error { return s.dispatch(rn) })
	return nil
}

func (s *sim) emergency(rn *journey) bool { return rn.spec.urgency == hotline.UrgencyEmergency }

// dispatch lets the router choose the units, then plans each unit's part.
func (s *sim) dispatch(rn *journey) error {
	o, err := s.svc.Dispatch(s.ctx, operator, rn.id, workorder.Assignment{})
	if err != nil {
		return step(rn.id, err)
	}
	s.planOpinions(rn, o)
	if rn.spec.returns > 0 {
		if alt := s.alternative(o); alt != "" && len(o.Assists) == 0 {
			s.planReturn(rn, o, alt)
			return nil
		}
		rn.spec.returns = 0
	}
	s.planSign(rn, o)
	return nil
}

// alternative is the unit the centre turns to when the lead returns the
// order: the village or community in charge of the place, by the rules'
// jurisdictions. It is "" when that is the lead or the fallback unit.
func (s *sim) alternative(o *workorder.Order) string {
	d, err := s.ruleSet.Decide(&routing.Request{ID: o.ID, Region: o.Location.Region})
	if err != nil || d.LeadBy != routing.ByJurisdiction || d.Lead == o.Lead || d.Lead == s.fallback {
		return ""
	}
	return d.Lead
}

// planOpinions plans when each new assisting unit gives its opinion.
func (s *sim) planOpinions(rn *journey, o *workorder.Order) {
	if len(o.Assists) == 0 {
		return
	}
	if rn.opinions == nil {
		rn.opinions = map[string]time.Time{}
	}
	for _, a := range o.Assists {
		if _, ok := rn.opinions[a.Unit]; ok || a.Status != workorder.AssistPending {
			continue
		}
		var t time.Time
		switch {
		case s.emergency(rn):
			t = s.now.Add(s.minutes(20, 150))
		case s.chance(shareOpinionNever):
			rn.opinions[a.Unit] = time.Time{}
			continue
		case s.chance(shareOpinionLate):
			t = s.work(s.now, s.share(s.cal.WorkTimeBetween(s.now, a.Due), 1.05, 1.6))
		default:
			t = s.work(s.now, s.share(s.cal.WorkTimeBetween(s.now, a.Due), 0.1, 0.95))
		}
		rn.opinions[a.Unit] = t
		unit := a.Unit
		s.at(t, func() error { return s.opinion(rn, unit) })
	}
}

func (s *sim) opinion(rn *journey, unit string) error {
	_, err := s.svc.SubmitOpinion(s.ctx, s.by(rn, unit), rn.id, unit+"已配合现场核查，同意主办单位处理意见。")
	return step(rn.id, err)
}

// planReturn has the lead send the order back inside the return window.
func (s *sim) planReturn(rn *journey, o *workorder.Order, alt string) {
	lead, again := o.Lead, o.Returns > 0
	s.at(s.work(s.now, s.minutes(20, 300)), func() error {
		reason := "经核实，该事项属" + alt + "管理范围，非本单位职责，申请退回改派。"
		if again {
			reason = "本单位无相应执法权限，需由镇统筹处理，申请退回。"
		}
		if _, err := s.svc.Return(s.ctx, s.by(rn, lead), rn.id, workorder.ReturnRequest{Code: "not_our_duty", Text: reason}); err != nil {
			return step(rn.id, err)
		}
		s.at(s.work(s.now, s.minutes(10, 90)), func() error { return s.reassign(rn, alt) })
		return nil
	})
}

// reassign approves the lead's return and redispatches the order to alt
// or, once the order has been returned as often as allowed, designates the
// fallback unit (兜底).
func (s *sim) reassign(rn *journey, alt string) error {
	if _, err := s.svc.ApproveReturn(s.ctx, operator, rn.id, "退单理由属实"); err != nil {
		return step(rn.id, err)
	}
	o, err := s.svc.Redispatch(s.ctx, operator, rn.id, workorder.Assignment{Lead: alt, Remark: "根据退单理由改派" + alt})
	if errors.Is(err, workorder.ErrReturnLimit) {
		o, err = s.svc.Designate(s.ctx, operator, rn.id, "", "退单次数已满，按兜底机制指定"+s.fallback+"办理")
	}
	if err != nil {
		return step(rn.id, err)
	}
	if o.Fallback {
		rn.ledBy = o.Lead // the fallback unit's leader owns it to the end
	}
	if o.Returns < rn.spec.returns {
		s.planReturn(rn, o, alt)
		return nil
	}
	s.planSign(rn, o)
	return nil
}

// planSign has the lead sign: an emergency within minutes, an ordinary
// order within its sign limit, mostly.
func (s *sim) planSign(rn *journey, o *workorder.Order) {
	lead := o.Lead
	if rn.ledBy == "" && s.difficult(rn, o) {
		rn.ledBy = lead
	}
	var t time.Time
	switch {
	case s.emergency(rn):
		t = s.now.Add(s.minutes(2, 13))
	case s.chance(shareSignLate):
		t = s.work(s.now, s.share(s.cal.WorkTimeBetween(s.now, o.Due), 1.05, 1.5))
	default:
		t = s.work(s.now, s.share(s.cal.WorkTimeBetween(s.now, o.Due), 0.02, 0.8))
	}
	s.at(t, func() error {
		o, err := s.svc.Sign(s.ctx, s.by(rn, lead), rn.id)
		if err != nil {
			return step(rn.id, err)
		}
		if s.emergency(rn) {
			return s.planEmergency(rn, o)
		}
		s.planHandling(rn, o)
		return nil
	})
}

// planEmergency plans the milestones of an emergency: contact within 30
// minutes and arrival within an hour of receipt, mostly, then a reply.
func (s *sim) planEmergency(rn *journey, o *workorder.Order) error {
	lead, received := o.Lead, rn.spec.at
	contact := received.Add(s.minutes(5, 28))
	if s.chance(0.08) {
		contact = received.Add(s.minutes(31, 50))
	}
	contact = later(contact, s.now.Add(time.Minute))
	arrive := received.Add(s.minutes(20, 56))
	if s.chance(0.1) {
		arrive = received.Add(s.minutes(62, 95))
	}
	arrive = later(arrive, contact.Add(5*time.Minute))
	reply := arrive.Add(s.minutes(60, 240))
	s.at(contact, func() error {
		_, err := s.svc.Contact(s.ctx, s.by(rn, lead), rn.id, "已电话联系来电人，确认具体位置")
		return step(rn.id, err)
	})
	s.at(arrive, func() error {
		o, err := s.svc.Arrive(s.ctx, s.by(rn, lead), rn.id, "已到场设置警示围蔽")
		if err != nil {
			return step(rn.id, err)
		}
		// Late in the day the repair cannot be finished by midnight: the
		// unit makes the site safe and asks for the morning.
		if ask := s.now.Add(s.minutes(15, 40)); !o.Due.IsZero() && reply.After(o.Due) && ask.Before(o.Due) {
			due := o.Due
			s.at(ask, func() error { return s.extendEmergency(rn, lead, due) })
			return nil
		}
		s.at(reply, func() error { return s.reply(rn) })
		return nil
	})
	return nil
}

// extendEmergency has the lead of an emergency made safe late in the day
// ask for 12 more hours to repair it; the centre grants them, and the
// lead replies the next morning, before the new deadline (noon, 12 hours
// after due).
func (s *sim) extendEmergency(rn *journey, lead string, due time.Time) error {
	if _, err := s.svc.RequestExtension(s.ctx, s.by(rn, lead), rn.id, workorder.ExtensionRequest{
		Target: sla.TargetFinish, Amount: sla.Amount{Duration: 12 * time.Hour},
		Reason: "已设置围蔽警示，险情已排除，夜间无法完成修复，申请延期至次日中午",
	}); err != nil {
		return step(rn.id, err)
	}
	s.at(s.now.Add(s.minutes(5, 30)), func() error {
		if _, err := s.svc.ApproveExtension(s.ctx, operator, rn.id, "同意延期，次日中午前完成修复"); err != nil {
			return step(rn.id, err)
		}
		s.at(due.Add(s.minutes(8*60, 11*60+30)), func() error { return s.reply(rn) })
		return nil
	})
	return nil
}

// planHandling plans an ordinary order's handling after it is signed:
// a suspension, an extension request, or straight to the reply.
func (s *sim) planHandling(rn *journey, o *workorder.Order) {
	lead := o.Lead
	left := s.cal.WorkTimeBetween(s.now, o.Due)
	switch {
	case rn.spec.suspend:
		rn.spec.suspend = false
		s.at(s.work(s.now, s.share(left, 0.2, 0.5)), func() error {
			if _, err := s.svc.Suspend(s.ctx, s.by(rn, lead), rn.id, suspendReason(s.rng)); err != nil {
				return step(rn.id, err)
			}
			s.at(s.work(s.now, time.Duration(2+s.rng.IntN(7))*workday), func() error {
				actor, remark := s.by(rn, lead), "挂起原因消除，恢复办理"
				if s.chance(0.3) {
					actor, remark = workorder.System(), "挂起期满，系统自动恢复"
				}
				o, err := s.svc.Resume(s.ctx, actor, rn.id, remark)
				if err != nil {
					return step(rn.id, err)
				}
				s.planReply(rn, o)
				return nil
			})
			return nil
		})
	case rn.spec.extend:
		rn.spec.extend = false
		s.at(s.work(s.now, s.share(left, 0.5, 0.8)), func() error { return s.requestExtension(rn, lead) })
	default:
		s.planReply(rn, o)
	}
}

// requestExtension asks for more working days, within the policy's
// limit, and has the centre decide a few hours later.
func (s *sim) requestExtension(rn *journey, lead string) error {
	p, err := s.policies.Lookup(sla.Key{Category: rn.spec.cat, Urgency: rn.spec.urgency})
	if err != nil {
		return step(rn.id, err)
	}
	limit := p.Target(sla.TargetFinish).Extension.MaxTotal.Days
	days := min(limit, 2+s.rng.IntN(max(1, limit-1)))
	if _, err := s.svc.RequestExtension(s.ctx, s.by(rn, lead), rn.id, workorder.ExtensionRequest{
		Amount: sla.Amount{Days: days}, Reason: "需协调多方现场核实，申请延期" + fmt.Sprint(days) + "个工作日",
	}); err != nil {
		return step(rn.id, err)
	}
	s.at(s.work(s.now, s.minutes(30, 240)), func() error {
		var o *workorder.Order
		var err error
		if s.chance(shareApproved) {
			o, err = s.svc.ApproveExtension(s.ctx, operator, rn.id, "同意延期")
		} else {
			o, err = s.svc.RefuseExtension(s.ctx, operator, rn.id, "延期理由不充分，请按期办结")
		}
		if err != nil {
			return step(rn.id, err)
		}
		s.planReply(rn, o)
		return nil
	})
	return nil
}

// planReply has the lead reply within the time left, mostly: a unit
// keeps shareReplyLate of its replies past the deadline unless warned,
// urged or supervised into hurrying (a leader-led order,
// shareReplyLateLed).
func (s *sim) planReply(rn *journey, o *workorder.Order) {
	left := s.cal.WorkTimeBetween(s.now, o.Due)
	p := shareReplyLate
	if rn.ledBy == o.Lead {
		p = shareReplyLateLed
	}
	if s.chance(p) && !o.Due.IsZero() {
		s.replyAt(rn, s.work(o.Due, s.share(workday, lateMin, lateMax)), true)
		return
	}
	s.replyAt(rn, s.work(s.now, max(s.share(left, 0.15, 0.97), 10*time.Minute)), false)
}

// replyAt plans the lead's reply at t, late when after the deadline, in
// place of the one planned before.
func (s *sim) replyAt(rn *journey, t time.Time, late bool) {
	rn.gen++
	gen := rn.gen
	rn.planned, rn.late, rn.at = true, late, t
	s.at(t, func() error {
		if rn.gen != gen || !rn.planned {
			return nil // planned again since
		}
		rn.planned = false
		return s.reply(rn)
	})
}

// moveReply moves the planned reply of rn earlier, to t; a reply planned
// before t stays.
func (s *sim) moveReply(rn *journey, t time.Time, late bool) {
	if rn.planned && t.Before(rn.at) {
		s.replyAt(rn, t, late)
	}
}

// difficult reports whether the lead's leader takes the order of rn
// personally (领办): orders designated to the fallback unit and repeats
// always, joint orders and complaints and reports often.
func (s *sim) difficult(rn *journey, o *workorder.Order) bool {
	switch {
	case s.emergency(rn):
		return false
	case o.Fallback, o.Routing != nil && o.Routing.Repeat:
		return true
	case len(o.Assists) > 0:
		return s.chance(shareLedJoint)
	case o.Category == hotline.CategoryComplaint || o.Category == hotline.CategoryReport:
		return s.chance(shareLedHard)
	}
	return false
}

// reply has the lead answer once every assisting unit has given its
// opinion; while some have not, the lead waits, and opinions that will
// never come are waived by the centre.
func (s *sim) reply(rn *journey) error {
	o, err := s.read(rn.id)
	if err != nil {
		return step(rn.id, err)
	}
	var pending, never []string
	for _, a := range o.Assists {
		if a.Status == workorder.AssistPending {
			pending = append(pending, a.Unit)
			if rn.opinions[a.Unit].IsZero() {
				never = append(never, a.Unit)
			}
		}
	}
	if len(pending) > 0 {
		if len(never) > 0 && !rn.waiving {
			rn.waiving = true
			s.at(s.work(s.now, s.minutes(30, 120)), func() error {
				for _, u := range never {
					if _, err := s.svc.WaiveOpinion(s.ctx, operator, rn.id, u, u+"逾期未反馈，经协调免于反馈"); err != nil {
						return step(rn.id, err)
					}
				}
				return s.reply(rn)
			})
			return nil
		}
		if len(never) == 0 {
			next := time.Time{}
			for _, u := range pending {
				next = later(next, rn.opinions[u])
			}
			s.at(next.Add(s.minutes(10, 60)), func() error { return s.reply(rn) })
		}
		return nil
	}
	if _, err := s.svc.Reply(s.ctx, s.by(rn, o.Lead), rn.id, replyText(o)); err != nil {
		return step(rn.id, err)
	}
	s.at(s.centreTime(rn, 10, 180), func() error { return s.review(rn) })
	return nil
}

// centreTime is lo to hi minutes after now: of natural time for an
// emergency, of working time otherwise.
func (s *sim) centreTime(rn *journey, lo, hi int) time.Time {
	if s.emergency(rn) {
		return s.now.Add(s.minutes(lo, hi))
	}
	return s.work(s.now, s.minutes(lo, hi))
}

// review has the centre approve the reply, or send it back once.
func (s *sim) review(rn *journey) error {
	if rn.spec.reject {
		rn.spec.reject = false
		if _, err := s.svc.RejectReply(s.ctx, operator, rn.id, "答复未说明处理结果，请补充办理情况"); err != nil {
			return step(rn.id, err)
		}
		s.at(s.work(s.now, s.share(workday, 0.5, 2)), func() error { return s.reply(rn) })
		return nil
	}
	if err := s.closeSupervisions(rn); err != nil {
		return step(rn.id, err)
	}
	if _, err := s.svc.ApproveReply(s.ctx, operator, rn.id, "答复内容完整，审核通过"); err != nil {
		return step(rn.id, err)
	}
	s.at(s.work(s.now, s.minutes(30, 720)), func() error { return s.callback(rn) })
	return nil
}

// read returns order id for the simulation to look at before its next
// step: the year's store's own copy when the year streams through it,
// else the service's. The caller neither changes nor keeps it.
func (s *sim) read(id string) (*workorder.Order, error) {
	if s.year == nil {
		return s.svc.Get(s.ctx, operator, id)
	}
	return s.year.peek(id)
}

// callback calls the caller back; the verdict is drawn, worse for a late
// order. The answer to 是否解决 goes in the remark.
func (s *sim) callback(rn *journey) error {
	o, err := s.read(rn.id)
	if err != nil {
		return step(rn.id, err)
	}
	late, err := s.late(o)
	if err != nil {
		return step(rn.id, err)
	}
	weights, led, redone := verdictsOnTime, rn.ledBy != "" && rn.ledBy == o.Lead, o.Reopenings > 0
	switch {
	case late:
		weights = verdictsLate
	case led:
		weights = verdictsLed
	}
	verdicts := [4]hotline.Satisfaction{hotline.Satisfied, hotline.BasicallySatisfied, hotline.Dissatisfied, hotline.Unreachable}
	verdict := verdicts[pick(s.rng, weights[:])]
	ans := workorder.CallbackAnswer{Satisfaction: verdict, Remark: "回访未接通"}
	if verdict != hotline.Unreachable {
		solved := solvedShare[verdict]
		if led {
			solved += solvedLed
		}
		ans.Resolution, ans.Remark = hotline.Unresolved, "回访：问题未解决"
		if s.chance(solved) {
			ans.Resolution, ans.Remark = hotline.Resolved, "回访：问题已解决"
		}
	}
	if _, err := s.svc.CallbackWith(s.ctx, operator, rn.id, ans); err != nil {
		return step(rn.id, err)
	}
	if verdict == hotline.Dissatisfied && !redone && s.chance(shareReopened) {
		s.at(s.now.Add(s.minutes(5, 60)), func() error {
			o, err := s.svc.Reopen(s.ctx, operator, rn.id, "来电人对处理结果不满意，退回重办")
			if err != nil {
				return step(rn.id, err)
			}
			// The redo is difficult: the lead's leader takes it.
			rn.ledBy = o.Lead
			s.planReply(rn, o)
			return nil
		})
		return nil
	}
	closeAt := s.now.Add(s.minutes(1, 10))
	if verdict == hotline.Dissatisfied && s.chance(shareExempt) {
		closeAt = s.work(s.now, s.minutes(60, 600))
		s.at(closeAt.Add(-time.Minute), func() error { return s.exempt(rn) })
	}
	s.at(closeAt, func() error {
		if _, err := s.svc.Close(s.ctx, operator, rn.id, "办结"); err != nil {
			return step(rn.id, err)
		}
		s.closed++
		return s.retire(rn)
	})
	return nil
}

// exemptReasons are the reasons the centre's review finds, weighted.
var exemptReasons = []struct {
	code, remark string
	weight       float64
}{
	{assess.ExemptUnreasonable, "经甄别，来电人诉求超出政策规定，属不合理诉求，报督查室审核同意不纳入考核", 0.5},
	{assess.ExemptOutOfPower, "经甄别，诉求事项属司法程序或上级事权，超出镇职权范围，报督查室审核同意不纳入考核", 0.3},
	{assess.ExemptMalicious, "经甄别，来电人多次无理纠缠、辱骂工作人员，属恶意来电，报督查室审核同意不纳入考核", 0.2},
}

// exempt has the centre review a dissatisfied verdict (差评甄别) and a
// supervisor approve leaving it out of assessment.
func (s *sim) exempt(rn *journey) error {
	w := make([]float64, len(exemptReasons))
	for i, r := range exemptReasons {
		w[i] = r.weight
	}
	r := exemptReasons[pick(s.rng, w)]
	_, err := s.svc.Exempt(s.ctx, supervisor, rn.id, workorder.Exemption{
		Scope: assess.ExemptVerdict, Reason: r.code, RequestedBy: reviewer, Remark: r.remark,
	})
	return step(rn.id, err)
}

// retire counts a closed order in the report and, when the year streams
// through the simulation's own store, forgets it.
func (s *sim) retire(rn *journey) error {
	delete(s.runs, rn.id)
	var o *workorder.Order
	var hist []workorder.Record
	var err error
	if s.year != nil {
		var ok bool
		if o, hist, ok = s.year.retire(rn.id, s.loc); !ok {
			err = workorder.NotFound(rn.id)
		}
	} else if o, err = s.svc.Get(s.ctx, operator, rn.id); err == nil {
		hist, err = s.svc.History(s.ctx, operator, rn.id)
	}
	if err != nil {
		return step(rn.id, err)
	}
	return s.count.add(o, hist, s.now)
}

// late reports whether o's finish target was breached, by the service's
// own evaluation of its deadlines.
func (s *sim) late(o *workorder.Order) (bool, error) {
	rs, err := s.svc.Deadlines(o, s.now)
	if err != nil {
		return false, err
	}
	for _, r := range rs {
		if r.Name == sla.TargetFinish {
			return r.Breached, nil
		}
	}
	return false, nil
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// pick draws an index with the given weights.
func pick(rng *rand.Rand, weights []float64) int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	x := rng.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func suspendReason(rng *rand.Rand) string {
	reasons := []string{
		"等待第三方检测机构出具检测报告",
		"当事人外出，约定返回后现场处理",
		"需待雨季过后方可施工维修",
		"涉及司法程序，待法院裁定后处理",
	}
	return reasons[rng.IntN(len(reasons))]
}

// replyText is the lead's answer, by category.
func replyText(o *workorder.Order) string {
	done := map[hotline.Category]string{
		hotline.CategoryConsultation: "已向来电人详细解答相关政策和办理流程，来电人表示清楚。",
		hotline.CategoryHelp:         "已安排人员现场处理，问题已解决。",
		hotline.CategoryComplaint:    "已到现场核查，责令相关方整改，并将持续跟进。",
		hotline.CategoryReport:       "已依法调查核实，对违法行为依法处理。",
		hotline.CategorySuggestion:   "已认真研究来电人建议，将纳入下一步工作计划。",
		hotline.CategoryPraise:       "已将来电人的表扬转达相关工作人员。",
		hotline.CategoryOther:        "已按职责核实处理。",
	}
	return o.Lead + "已联系来电人。" + done[o.Category]
}
