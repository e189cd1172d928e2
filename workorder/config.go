package workorder

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/kb"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/unit"
)

// Clock tells the service the time. Tests inject a fixed or stepping clock;
// the default reads the system clock. Implementations must be safe for
// concurrent use.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// IDGenerator names new orders. at is the acceptance instant in the
// service's calendar zone. Implementations must be safe for concurrent use.
// An id that already exists makes the service ask again, a few times.
type IDGenerator interface {
	NewID(at time.Time) string
}

// IDFunc adapts a function to IDGenerator.
type IDFunc func(at time.Time) string

// NewID calls f.
func (f IDFunc) NewID(at time.Time) string { return f(at) }

// Sequence returns an IDGenerator producing prefix followed by 1, 2, 3 …
// zero-padded to six digits ("WO000001"); past 999999 the numbers grow
// longer. Each generator has its own counter, starting at 1 when it is
// created and kept nowhere else: two generators with the same prefix give
// the same ids, and a generator made after a restart starts again. Use it
// for tests, examples and stores created afresh; the service asks again
// when an id is taken, but only a few times. It is safe for concurrent
// use.
func Sequence(prefix string) IDGenerator {
	var n atomic.Int64
	return IDFunc(func(time.Time) string {
		var buf [64]byte
		b := append(buf[:0], prefix...)
		v := n.Add(1)
		for p := int64(100000); p > 1 && v < p; p /= 10 {
			b = append(b, '0')
		}
		return string(strconv.AppendInt(b, v, 10))
	})
}

// randomIDs is the default generator: the acceptance date and 8 random
// base-32 characters, such as "20250926-K3F9QZ7M".
type randomIDs struct{}

func (randomIDs) NewID(at time.Time) string {
	var r [5]byte
	_, _ = rand.Read(r[:]) // never fails
	var buf [32]byte
	b := at.AppendFormat(buf[:0], "20060102")
	b = append(b, '-')
	b = base32.StdEncoding.AppendEncode(b, r[:])
	return string(b)
}

// Observer hears about what the service does. StepTaken is called after a
// step is stored, on the goroutine that took it; Warning and Overdue when
// an alert is raised, and AlertFailed when raising one failed (see
// Service.Alert). A slow observer slows the
// service. The order passed is a full, unredacted copy the observer may
// keep. An observer with a method ObservesSteps() bool that returns false
// when the service is made (NewService asks once) is never called with
// StepTaken, nor is an [ObserverFuncs] without OnStep, and the service
// then does not copy the order on every step. A nil pointer with that
// method is not asked, and observes no steps.
// Implementations must be safe for concurrent use.
type Observer interface {
	// StepTaken is called once per stored step.
	StepTaken(ctx context.Context, o *Order, r Record)
	// Warning is called when a target of an open order reaches its
	// warning threshold; r is that target as evaluated then.
	Warning(ctx context.Context, o *Order, r sla.Result)
	// Overdue is called when a target of an open order passes its due
	// instant, after the service has recorded it as a system urge, once
	// per run of the target; r is that target as evaluated then.
	Overdue(ctx context.Context, o *Order, r sla.Result)
	// AlertFailed is called when the service failed to handle alert a
	// (it could not read the order or record the urge, or the order has
	// no policy), with the error; the monitor tries the alert again
	// later, and Warning or Overdue follows once it succeeds. Alerts that
	// no longer apply are dropped without a call.
	AlertFailed(ctx context.Context, a sla.Alert, err error)
}

// ObserverFuncs adapts functions to Observer; nil fields are skipped. The
// zero value observes nothing.
type ObserverFuncs struct {
	OnStep    func(ctx context.Context, o *Order, r Record)
	OnWarning func(ctx context.Context, o *Order, r sla.Result)
	OnOverdue func(ctx context.Context, o *Order, r sla.Result)
	// OnAlertFailed hears AlertFailed.
	OnAlertFailed func(ctx context.Context, a sla.Alert, err error)
}

// StepTaken calls f.OnStep if set.
func (f ObserverFuncs) StepTaken(ctx context.Context, o *Order, r Record) {
	if f.OnStep != nil {
		f.OnStep(ctx, o, r)
	}
}

// Warning calls f.OnWarning if set.
func (f ObserverFuncs) Warning(ctx context.Context, o *Order, r sla.Result) {
	if f.OnWarning != nil {
		f.OnWarning(ctx, o, r)
	}
}

// Overdue calls f.OnOverdue if set.
func (f ObserverFuncs) Overdue(ctx context.Context, o *Order, r sla.Result) {
	if f.OnOverdue != nil {
		f.OnOverdue(ctx, o, r)
	}
}

// AlertFailed calls f.OnAlertFailed if set.
func (f ObserverFuncs) AlertFailed(ctx context.Context, a sla.Alert, err error) {
	if f.OnAlertFailed != nil {
		f.OnAlertFailed(ctx, a, err)
	}
}

// Router chooses the units of an order dispatched without a named lead.
// *routing.Router implements it; RouterFunc adapts a function. The service
// builds the request from the order: its id, category, urgency, text,
// region, address and tags, and its acceptance time in the zone of the
// service's calendar as At, so that a rule reading the hour reads the
// local hour. Implementations must be safe for concurrent use.
type Router interface {
	Route(ctx context.Context, req *routing.Request) (routing.Decision, error)
}

// RouterFunc adapts a function to Router.
type RouterFunc func(ctx context.Context, req *routing.Request) (routing.Decision, error)

// Route calls f.
func (f RouterFunc) Route(ctx context.Context, req *routing.Request) (routing.Decision, error) {
	return f(ctx, req)
}

// Defaults for Config fields left zero.
const (
	// MaxReturnsDefault is how many times an order may be returned before
	// the centre must designate the fallback unit.
	MaxReturnsDefault = 2
	// RetriesDefault is how many times a step is retried after a version
	// conflict before ErrConflict is returned.
	RetriesDefault = 3
	// ExtendTargetDefault is the sla target an extension extends when the
	// request names none.
	ExtendTargetDefault = sla.TargetFinish
	// ReturnWindowDefault is the sla window target that bounds returns.
	ReturnWindowDefault = sla.TargetReturn
)

// None, in a count of Config (MaxReturns, Retries), means none: no
// returns allowed, no retries. Any negative count means the same.
const None = -1

// NoTarget, in a target name of Config (ExtendTarget, ReturnWindow), means
// no target: extension requests must name theirs, returns have no time
// limit.
const NoTarget = "-"

// AssistTargetDefault returns each assisting unit's own deadline: its
// opinion within 3 working days of being added, paused while the order is
// suspended, warning at 75%. Each call returns a new copy.
func AssistTargetDefault() sla.Target {
	return sla.Target{
		Name: "assist", Clock: sla.ClockWorkingDays, Amount: sla.Amount{Days: 3},
		Start: sla.EventDispatched, MetBy: []sla.EventKind{sla.EventFinished},
		Pausable: true, Warnings: []sla.Warning{{Fraction: 0.75}},
	}
}

// Config configures a Service. Store and Calendar are required, so the zero
// Config is refused. Every other field left zero takes the default its
// comment names: zero counts and empty target names take the ...Default
// values, and a nil Observer or Router does nothing. To say "none", counts
// take None (no returns allowed, no retries) and target names NoTarget.
// NewService copies the Config.
type Config struct {
	// Store keeps the orders. Required.
	Store Store
	// Calendar is the working calendar deadlines are counted on. Its zone
	// is the zone of every time the service hands out: orders, records,
	// sla results, and what the Router, the IDGenerator and the Observer
	// are given, whatever zone the Clock and the Store use. Required.
	Calendar *calendar.Calendar
	// Policies are the sla policies; nil means sla.DefaultPolicies().
	Policies *sla.PolicySet
	// Clock defaults to the system clock.
	Clock Clock
	// IDs names new orders; nil means a date and 8 random characters.
	IDs IDGenerator
	// Observer hears about steps and deadlines; nil ignores everything
	// (as does the zero ObserverFuncs).
	Observer Observer
	// Watch keeps an sla.Monitor of the open orders this service touches,
	// so that Run and Fire raise their warnings and overdue alerts. Off,
	// alerts come only from Service.Alert, fed by a monitor of the
	// platform's own. The monitor holds every open order in memory, and
	// WatchOpen reads and evaluates them all when the service starts:
	// tens of microseconds of CPU and a few hundred bytes per open order,
	// tens of seconds at a million. For a city, keep the alerts in the
	// store instead (sqlitestore or pgstore WithAlerts, and their
	// Monitor, with the service as its handler): such a monitor is ready
	// at once and holds nothing per order.
	Watch bool
	// AlertBackoff is how the monitor of Watch tries again an alert that
	// Service.Alert failed to handle; the zero value waits
	// sla.BackoffInitialDefault, doubling up to sla.BackoffMaxDefault,
	// and a negative Initial gives a failed alert up at once.
	AlertBackoff sla.Backoff
	// AlertWorkers is for how many orders at once the monitor of Watch
	// handles alerts (see sla.Monitor.SetWorkers), so that the Observer
	// hears alerts of that many orders at once; 0 or less means
	// AlertWorkersDefault. 1 handles them one order after another in
	// the order they fall due, as a repeatable simulation needs.
	AlertWorkers int
	// Router picks the units of a dispatch that names no lead, such as a
	// *routing.Router; nil means every dispatch must name its lead. What it
	// decided is kept as Order.Routing and in the dispatch's audit record.
	// With Units naming a fallback unit, NewService refuses a
	// *routing.Router whose rule set has another fallback unit (compile
	// the rules with routing.Options.Units to take the directory's); a
	// rule set given later with Swap, or a Router of another type, is not
	// checked.
	// A *routing.Router given the Store as its History (SetHistory) finds
	// repeats and counts hotspots among the stored orders, across
	// restarts and nodes.
	Router Router
	// MaxReturns is how many times an order may be returned before only
	// the fallback unit can be designated: 0 means MaxReturnsDefault, None
	// (or any negative number) no returns at all.
	MaxReturns int
	// Units is the directory of units. With one, every unit a Dispatch,
	// Redispatch or Designate names as the lead, or adds as an assisting
	// unit, must be one of its active units (else an error matching
	// unit.ErrUnknown or unit.ErrInactive, and ErrInvalidArgument), and
	// Designate without a unit names the directory's fallback unit
	// (unit.Directory.Fallback), configured there and nowhere else. nil
	// accepts any well-formed unit name and has no fallback unit: Designate
	// must then name the unit.
	Units *unit.Directory
	// Retries is how many times a step is retried after a version
	// conflict: 0 means RetriesDefault, None (or any negative number)
	// none.
	Retries int
	// ExtendTarget is the sla target an extension request naming none
	// extends: "" means ExtendTargetDefault, NoTarget that every request
	// must name its target.
	ExtendTarget string
	// InstantReturn, when true, makes a unit's return take effect at once
	// (StepReturn), for platforms whose centre does not review returns.
	// The default, false, reviews them (退单审核): Service.Return is an
	// application (StepRequestReturn) that the centre approves
	// (Service.ApproveReturn) or refuses (Service.RefuseReturn, counted as
	// an improper return, 不当退单).
	InstantReturn bool
	// Reasons holds the coded reasons a return (classify.ReasonReturn), a
	// cancellation (classify.ReasonCancel) and a decline
	// (classify.ReasonNotAccepted) must give; nil means
	// classify.DefaultReasons().
	Reasons *classify.Reasons
	// ExemptReasons are the coded reasons an exemption from assessment
	// (Service.Exempt, 不纳入考核) may give; nil means
	// assess.ExemptReasonsDefault().
	ExemptReasons []assess.ExemptReason
	// ReturnWindow is the sla window target that bounds returns: ""
	// means ReturnWindowDefault, NoTarget no time limit on returns. A
	// policy without a target of that name puts no time limit on returns
	// either.
	ReturnWindow string
	// AssistTarget is each assisting unit's deadline, started by the
	// dispatch that adds it and met by its opinion or waiver; the zero
	// value means AssistTargetDefault(). Every assisting unit has one:
	// there is no "none".
	AssistTarget sla.Target
	// RevealCaller reports whether unit may see the caller's identity on
	// a confidential order (see Order.Confidential). nil never reveals it.
	RevealCaller func(o *Order, unit string) bool
	// ReopenWindow is how long after closing a closed order may be
	// reopened (Service.Reopen): Days counts working days on Calendar
	// (the window ends at midnight after the Days-th working day after the
	// day of closing), Duration elapsed time. The zero value, the default,
	// allows no reopening after closing.
	ReopenWindow sla.Amount
	// QueryKey is the secret key of the callers' query codes (查询码, see
	// Service.AcceptWithCode and Service.Lookup), at least
	// MinQueryKeyLen bytes; the store keeps only an HMAC-SHA256 of each
	// code under it. nil turns query codes off. Changing it makes the
	// codes issued before unusable. NewService copies it.
	QueryKey []byte
	// Guesses limits wrong query codes (see Service.Lookup); nil means
	// NewGuessLimiter(GuessBurstDefault, GuessEveryDefault), which keeps
	// its counts in this process: nodes sharing a store should share a
	// limiter too.
	Guesses GuessLimiter
	// Classes is the request classification (诉求分类) an order's Code
	// must come from; nil means classify.Default(). An order without a
	// code is accepted whatever the tree.
	Classes *classify.Tree
	// Knowledge is the knowledge base (知识库) the centre answers orders
	// from (Service.AnswerDirectly); nil refuses every direct answer with
	// ErrNoKnowledge. The service reads it as it is at each step: entries
	// added or edited later are used from then on.
	Knowledge *kb.Base
	// Bodies are the bodies an order can be transferred to (转办,
	// Service.Transfer); nil means BodiesDefault(), and an empty non-nil
	// slice none. Keys must be unique; see Body.
	Bodies []Body
}

// ErrInvalidConfig is wrapped by every *ConfigError.
var ErrInvalidConfig = errors.New("invalid config")

// ConfigError names the Config field NewService rejected. It matches
// ErrInvalidConfig and its cause.
type ConfigError struct {
	Field string
	Err   error
}

// Error names the field and the cause:
// "workorder: config Calendar: <cause>".
func (e *ConfigError) Error() string { return "workorder: config " + e.Field + ": " + e.Err.Error() }

// Unwrap returns the cause and ErrInvalidConfig.
func (e *ConfigError) Unwrap() []error { return []error{e.Err, ErrInvalidConfig} }

func (c *Config) fill() error {
	bad := func(field string, err error) error { return &ConfigError{Field: field, Err: err} }
	if c.Store == nil {
		return bad("Store", errors.New("required"))
	}
	if c.Calendar == nil {
		return bad("Calendar", errors.New("required"))
	}
	if c.Policies == nil {
		c.Policies = sla.DefaultPolicies()
	}
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	if c.IDs == nil {
		c.IDs = randomIDs{}
	}
	if c.Reasons == nil {
		c.Reasons = classify.DefaultReasons()
	}
	if c.Classes == nil {
		c.Classes = classify.Default()
	}
	if err := c.fillBodies(); err != nil {
		return bad("Bodies", err)
	}
	if err := c.fillLookup(); err != nil {
		return err
	}
	if w := c.ReopenWindow; w.Days < 0 || w.Duration < 0 || w.Days > sla.MaxDays || w.Duration > sla.MaxDuration || w.Days > 0 && w.Duration > 0 {
		return bad("ReopenWindow", fmt.Errorf("%v: want working days or a duration, not both, neither negative nor past the sla limits", w))
	}
	c.MaxReturns = count(c.MaxReturns, MaxReturnsDefault)
	c.Retries = count(c.Retries, RetriesDefault)
	if c.ExtendTarget == "" {
		c.ExtendTarget = ExtendTargetDefault
	}
	if c.ReturnWindow == "" {
		c.ReturnWindow = ReturnWindowDefault
	}
	if c.AssistTarget.Name == "" && c.AssistTarget.Clock == 0 {
		c.AssistTarget = AssistTargetDefault()
	}
	if err := c.AssistTarget.Validate(); err != nil {
		return bad("AssistTarget", err)
	}
	if r, ok := c.Router.(*routing.Router); ok && r == nil {
		return bad("Router", errors.New("a nil *routing.Router; leave Router nil for no router"))
	} else if ok && c.Units.Fallback() != "" {
		if rs := r.RuleSet(); rs != nil && rs.Fallback() != c.Units.Fallback() {
			return bad("Router", fmt.Errorf("the rule set's fallback unit %q is not the unit directory's %q (compile the rules with routing.Options.Units)",
				rs.Fallback(), c.Units.Fallback()))
		}
	}
	return nil
}

// count returns the count n stands for: def for 0, 0 for None.
func count(n, def int) int {
	switch {
	case n < 0:
		return 0
	case n == 0:
		return def
	}
	return n
}
