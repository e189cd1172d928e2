package qingxi

import (
	"bytes"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
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
	shareReplyLate    = 0.06 // of replies, after the finish deadline
	shareOpinionLate  = 0.06 // of assisting opinions, after their deadline
	shareOpinionNever = 0.03 // of assisting opinions, never given and waived
	shareReopened     = 0.60 // of dissatisfied callbacks, reopened once
)

// The actors of the centre.
var (
	operator   = workorder.Centre("话务组")
	supervisor = workorder.Supervisor("督查室")
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
	case c.Year < YearMin || c.Year > YearMax:
		return fmt.Errorf("qingxi: Year %d: want %d to %d, the years the calendar computes: %w", c.Year, YearMin, YearMax, ErrConfig)
	}
	return nil
}

// ErrConfig is wrapped by the errors of Config.Validate.
var ErrConfig = errors.New("invalid simulation config")

// spec is an order as the caller raises it, with what will happen to it.
type spec struct {
	at      time.Time
	cat     hotline.Category
	urgency hotline.Urgency
	title   string
	text    string
	region  string
	address string
	channel hotline.Channel
	caller  workorder.Caller

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
	watched  bool // a supervisor is following the order
}

// event is an action due at a simulated instant.
type event struct {
	at  time.Time
	seq uint64
	do  func() error
}

// queue orders events by instant, then by scheduling order.
type queue []*event

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(*event)) }
func (q *queue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
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
	tally    *tally
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
		cal: cal, loc: cal.Location(), policies: sla.DefaultPolicies(),
		rules: rules, ruleSet: rs, router: routing.NewRouter(rs),
		fallback: units.Fallback(),
		runs:     map[string]*journey{},
	}
	store := cfg.Store
	if store == nil {
		s.year = newYearStore()
		store = s.year
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
		Observer: workorder.ObserverFuncs{OnWarning: s.onWarning, OnOverdue: s.onOverdue},
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
	s.tally = newTally(&cfg, s.svc)

	specs := newGenerator(s.rng, cal, rules, cfg).orders()
	s.total = len(specs)
	s.now = specs[0].at
	s.at(s.now, s.sweep)
	deadline := time.Date(cfg.Year+2, 1, 1, 0, 0, 0, 0, s.loc)
	// The arrivals, in time order, are taken from specs as they fall due
	// rather than queued all at once: an arrival goes before any queued
	// action of the same instant, as it would have been queued first.
	next := 0
	for next < len(specs) || s.q.Len() > 0 {
		var do func() error
		arrival := next < len(specs) && (s.q.Len() == 0 || !specs[next].at.After(s.q[0].at))
		if !cfg.Until.IsZero() {
			at := specs[min(next, len(specs)-1)].at
			if !arrival {
				at = s.q[0].at
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
			e := heap.Pop(&s.q).(*event)
			s.now, do = e.at, e.do
		}
		if s.now.After(deadline) {
			return nil, fmt.Errorf("simulation: %d of %d orders still open at %s", s.total-s.closed, s.total, deadline.Format(time.DateOnly))
		}
		if err := do(); err != nil {
			return nil, err
		}
	}
	return s.tally.finish(ctx, &cfg, store, s.now, s.warnings)
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
	heap.Push(&s.q, &event{at: t, seq: s.seq, do: do})
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

func (s *sim) onWarning(context.Context, *workorder.Order, sla.Result) { s.warnings++ }

// onOverdue has a supervisor follow an order whose finish target is
// overdue a working day later (the service has urged the unit already).
func (s *sim) onOverdue(_ context.Context, o *workorder.Order, r sla.Result) {
	rn := s.runs[o.ID]
	if r.Name != sla.TargetFinish || rn == nil || rn.watched {
		return
	}
	rn.watched = true
	s.at(s.work(s.now, workday), func() error {
		o, err := s.svc.Get(s.ctx, supervisor, rn.id)
		if errors.Is(err, workorder.ErrNotFound) && s.runs[rn.id] == nil {
			return nil // closed and retired
		}
		if err != nil || !o.State.Open() {
			return err
		}
		_, err = s.svc.Supervise(s.ctx, supervisor, rn.id, "超期未办结，列入督办")
		return err
	})
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
		Channel: sp.channel, Category: sp.cat, Urgency: sp.urgency, Title: sp.title, Text: sp.text,
		Caller: sp.caller, Location: workorder.Location{Region: sp.region, Address: sp.address},
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
	_, err := s.svc.SubmitOpinion(s.ctx, workorder.Unit(unit), rn.id, unit+"已配合现场核查，同意主办单位处理意见。")
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
		if _, err := s.svc.Return(s.ctx, workorder.Unit(lead), rn.id, workorder.ReturnRequest{Code: "not_our_duty", Text: reason}); err != nil {
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
		o, err := s.svc.Sign(s.ctx, workorder.Unit(lead), rn.id)
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
		_, err := s.svc.Contact(s.ctx, workorder.Unit(lead), rn.id, "已电话联系来电人，确认具体位置")
		return step(rn.id, err)
	})
	s.at(arrive, func() error {
		o, err := s.svc.Arrive(s.ctx, workorder.Unit(lead), rn.id, "已到场设置警示围蔽")
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
	if _, err := s.svc.RequestExtension(s.ctx, workorder.Unit(lead), rn.id, workorder.ExtensionRequest{
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
			if _, err := s.svc.Suspend(s.ctx, workorder.Unit(lead), rn.id, suspendReason(s.rng)); err != nil {
				return step(rn.id, err)
			}
			s.at(s.work(s.now, time.Duration(2+s.rng.IntN(7))*workday), func() error {
				actor, remark := workorder.Unit(lead), "挂起原因消除，恢复办理"
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
	if _, err := s.svc.RequestExtension(s.ctx, workorder.Unit(lead), rn.id, workorder.ExtensionRequest{
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

// planReply has the lead reply within the time left, mostly.
func (s *sim) planReply(rn *journey, o *workorder.Order) {
	left := s.cal.WorkTimeBetween(s.now, o.Due)
	lo, hi := 0.15, 0.97
	if s.chance(shareReplyLate) {
		lo, hi = 1.03, 1.8
	}
	s.at(s.work(s.now, max(s.share(left, lo, hi), 10*time.Minute)), func() error { return s.reply(rn) })
}

// reply has the lead answer once every assisting unit has given its
// opinion; while some have not, the lead waits, and opinions that will
// never come are waived by the centre.
func (s *sim) reply(rn *journey) error {
	o, err := s.svc.Get(s.ctx, operator, rn.id)
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
	if _, err := s.svc.Reply(s.ctx, workorder.Unit(o.Lead), rn.id, replyText(o)); err != nil {
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
	if _, err := s.svc.ApproveReply(s.ctx, operator, rn.id, "答复内容完整，审核通过"); err != nil {
		return step(rn.id, err)
	}
	s.at(s.work(s.now, s.minutes(30, 720)), func() error { return s.callback(rn) })
	return nil
}

// callback calls the caller back; the verdict is drawn, worse for a late
// order. The answer to 是否解决 goes in the remark.
func (s *sim) callback(rn *journey) error {
	o, err := s.svc.Get(s.ctx, operator, rn.id)
	if err != nil {
		return step(rn.id, err)
	}
	late, err := s.late(o)
	if err != nil {
		return step(rn.id, err)
	}
	weights := [4]float64{0.80, 0.11, 0.03, 0.06} // satisfied, basically, dissatisfied, unreachable
	if late {
		weights = [4]float64{0.52, 0.20, 0.20, 0.08}
	}
	verdicts := [4]hotline.Satisfaction{hotline.Satisfied, hotline.BasicallySatisfied, hotline.Dissatisfied, hotline.Unreachable}
	verdict := verdicts[pick(s.rng, weights[:])]
	ans := workorder.CallbackAnswer{Satisfaction: verdict, Remark: "回访未接通"}
	if verdict != hotline.Unreachable {
		solved := map[hotline.Satisfaction]float64{hotline.Satisfied: 0.93, hotline.BasicallySatisfied: 0.7, hotline.Dissatisfied: 0.15}
		ans.Resolution, ans.Remark = hotline.Unresolved, "回访：问题未解决"
		if s.chance(solved[verdict]) {
			ans.Resolution, ans.Remark = hotline.Resolved, "回访：问题已解决"
		}
	}
	if _, err := s.svc.CallbackWith(s.ctx, operator, rn.id, ans); err != nil {
		return step(rn.id, err)
	}
	if verdict == hotline.Dissatisfied && o.Reopenings == 0 && s.chance(shareReopened) {
		s.at(s.now.Add(s.minutes(5, 60)), func() error {
			o, err := s.svc.Reopen(s.ctx, operator, rn.id, "来电人对处理结果不满意，退回重办")
			if err != nil {
				return step(rn.id, err)
			}
			s.planReply(rn, o)
			return nil
		})
		return nil
	}
	s.at(s.now.Add(s.minutes(1, 10)), func() error {
		if _, err := s.svc.Close(s.ctx, operator, rn.id, "办结"); err != nil {
			return step(rn.id, err)
		}
		s.closed++
		return s.retire(rn)
	})
	return nil
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
	if err == nil {
		err = s.tally.add(o, hist, s.now)
	}
	return step(rn.id, err)
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
