package sla

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// TimeSource tells a Monitor the time and wakes it; tests pass a fake.
// Implementations must be safe for concurrent use.
type TimeSource interface {
	Now() time.Time
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

// SystemTime returns the TimeSource of the real clock (time.Now,
// time.After).
func SystemTime() TimeSource { return systemTime{} }

type systemTime struct{}

func (systemTime) Now() time.Time                         { return time.Now() }
func (systemTime) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Alert reports that a target of an order reached a level. It is a plain
// value.
type Alert struct {
	Order  string
	Target string
	Level  Level // LevelWarning or LevelOverdue
	// At is when the level was reached, rounded up to the second, in UTC:
	// the warning threshold, or the first second after the due instant, as
	// Result.AlertTimes gives them.
	At time.Time
}

// Handler receives alerts. It returns nil once it has dealt with the
// alert, an error wrapping ErrAlertDropped when the alert no longer
// applies (the order closed, the target met, the alert already dealt with
// before a restart), and any other error when it failed: a monitor keeps a
// failed alert due and tries it again later (see Backoff), so that no alert
// is lost to a passing fault. A handler that panics has failed too: the
// monitor recovers (see HandlerPanicError). Implementations must be safe
// for concurrent use if several monitors share them.
type Handler interface {
	Alert(ctx context.Context, a Alert) error
}

// HandlerFunc adapts a function to a Handler.
type HandlerFunc func(ctx context.Context, a Alert) error

// Alert calls f.
func (f HandlerFunc) Alert(ctx context.Context, a Alert) error { return f(ctx, a) }

// ErrAlertDropped is wrapped by a Handler's error for an alert that no
// longer applies: the monitor counts it as dealt with, without raising it,
// and does not try it again.
var ErrAlertDropped = errors.New("sla: alert dropped")

// ErrHandlerPanic is wrapped by every *HandlerPanicError.
var ErrHandlerPanic = errors.New("sla: alert handler panicked")

// HandlerPanicError is the error a monitor records for a Handler that
// panicked: it recovers and treats the alert as failed, to be tried again
// after the backoff's wait. It wraps [ErrHandlerPanic] and Value when that
// is an error.
type HandlerPanicError struct {
	Value any // what the handler passed to panic
}

// Error returns "sla: alert handler panicked: " and the value.
func (e *HandlerPanicError) Error() string {
	return fmt.Sprintf("%v: %v", ErrHandlerPanic, e.Value)
}

// Unwrap returns ErrHandlerPanic, and Value when it is an error.
func (e *HandlerPanicError) Unwrap() []error {
	if err, ok := e.Value.(error); ok {
		return []error{ErrHandlerPanic, err}
	}
	return []error{ErrHandlerPanic}
}

// Defaults for Backoff fields left zero.
const (
	// BackoffInitialDefault is the wait after an alert's first failure.
	BackoffInitialDefault = 5 * time.Second
	// BackoffMaxDefault is the longest wait between two tries of an alert.
	BackoffMaxDefault = 5 * time.Minute
)

// Backoff says when a monitor tries again an alert whose handler failed:
// Initial after the first failure, twice as long after each further one,
// never longer than Max. The zero value waits BackoffInitialDefault, then
// up to BackoffMaxDefault. Initial < 0 means no retries: a failed alert is
// given up at once. A zero Max means BackoffMaxDefault, and a Max below
// Initial means Initial. It is a plain value.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
}

// Delay returns how long to wait after the failures-th failure (1 for the
// first) before trying the alert again, and false when it is not tried
// again (Initial < 0).
func (b Backoff) Delay(failures int) (time.Duration, bool) {
	if b.Initial < 0 {
		return 0, false
	}
	d, limit := b.Initial, b.Max
	if d == 0 {
		d = BackoffInitialDefault
	}
	if limit == 0 {
		limit = BackoffMaxDefault
	}
	limit = max(limit, d)
	for i := 1; i < failures && d < limit; i++ {
		if d > limit/2 {
			return limit, true
		}
		d *= 2
	}
	return min(d, limit), true
}

// ErrMonitorRunning reports a second concurrent call of Monitor.Run.
var ErrMonitorRunning = errors.New("sla: monitor already running")

// Monitor raises the warning and overdue alerts of open orders when they
// fall due. It keeps each order's pending alerts, to the second, in a
// min-heap keyed by the next one, so Add, Update and Remove take O(log n)
// time. It raises at most one alert per order, target, level and run of
// the target, even when an order is updated again. An alert whose handler
// fails stays due and is tried again after a wait (see Backoff and
// SetBackoff). Create it with NewMonitor; it is safe for concurrent use and
// starts no goroutine: call Run, or Fire from a loop of your own. The zero
// Monitor is not usable.
//
// Per order it keeps the key, a heap entry and a 48-byte record of each
// alert, fired or pending, holding the target's name itself (the policy's
// string; an assisting unit's target name is built once per evaluation),
// so that any number of target names is told apart, a failed alert keeps
// its retry state and an alert knows its run: about 300 bytes per order
// with four alerts, measured with a million orders (BenchmarkMonitor).
type Monitor struct {
	mu      sync.Mutex
	clock   TimeSource
	handler Handler
	backoff Backoff
	index   map[string]int32
	slots   []slot
	free    []int32
	heap    []heapEntry
	wake    chan struct{}
	running bool
	workers int // see SetWorkers; 0 means 1
}

// slot is one order: its key, and its alerts, fired or pending.
type slot struct {
	key  string
	recs []record
	pos  int32 // index in the heap, -1 when nothing is pending
}

// record is one alert of an order.
type record struct {
	name string
	at   int64 // the alert's instant, Unix seconds
	// next is, while pending, when it is tried next: at, or after a
	// failure later; while sent, the instant the latest results raise it
	// at, -1 when they raise it no more.
	next  int64
	run   int64 // the start of the target's run, Unix seconds
	fails int32 // failed tries so far
	level Level
	state state
}

// state is where an alert is: pending (due at next), sent (its handler is
// running) or done (raised, superseded, dropped or given up).
type state uint8

const (
	pending state = iota
	sent
	done
)

type heapEntry struct {
	at   int64 // unix seconds of the slot's next pending alert
	slot int32
}

// NewMonitor returns a monitor that sends alerts to h (nil discards them)
// and reads the time from clock (nil means SystemTime). It retries failed
// alerts with the zero Backoff until SetBackoff says otherwise.
func NewMonitor(h Handler, clock TimeSource) *Monitor {
	if clock == nil {
		clock = SystemTime()
	}
	return &Monitor{clock: clock, handler: h, index: map[string]int32{}, wake: make(chan struct{}, 1)}
}

// SetBackoff sets how the monitor retries alerts whose handler failed,
// from the next failure on.
func (m *Monitor) SetBackoff(b Backoff) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.backoff = b
}

// Len returns the number of orders the monitor holds.
func (m *Monitor) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.index)
}

// Next returns the instant of the earliest pending alert, in UTC, and
// false when there is none.
func (m *Monitor) Next() (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.heap) == 0 {
		return time.Time{}, false
	}
	return time.Unix(m.heap[0].at, 0).UTC(), true
}

// Add starts watching order with its current results (as from Evaluate):
// each raises its alerts at the instants of Result.AlertTimes, and met,
// paused and unstarted targets and windows raise nothing. Adding an order
// the monitor holds updates it.
func (m *Monitor) Add(order string, results []Result) { m.Update(order, results) }

// Update replaces order's pending alerts with those of results, keeping
// the record of the alerts raised in each target's current run so that
// none is raised twice in a run. A target that starts a new run (a later
// Result.Start, to the second, as after a return and a new dispatch, or a
// reopening) alerts again. An alert that failed and is pending keeps its wait. An
// alert whose handler is running counts as raised; should the handler
// fail, it is due again at the instant the latest results raise it at,
// as a new alert, or, when they raise it no more (the target paused, say),
// once an update raises it again. An unknown order is added.
func (m *Monitor) Update(order string, results []Result) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.index[order]
	if !ok {
		id = m.alloc(order)
	}
	s := &m.slots[id]
	old := s.recs
	var buf [16]record
	list := buf[:0]
	for _, r := range old {
		if r.state == pending || earlierRun(results, r.name, r.run) {
			continue
		}
		if r.state == sent {
			r.next = alertAt(results, r.name, r.level)
		}
		list = append(list, r)
	}
	nkept := len(list)
	for i := range results {
		res := &results[i]
		warn, overdue, ok := res.AlertTimes()
		if !ok {
			continue
		}
		run := res.Start.Unix()
		if !warn.IsZero() {
			list = addPending(list, nkept, old, res.Name, warn.Unix(), LevelWarning, run)
		}
		list = addPending(list, nkept, old, res.Name, overdue.Unix(), LevelOverdue, run)
	}
	if cap(s.recs) < len(list) || cap(s.recs) > 2*len(list)+4 {
		s.recs = make([]record, 0, len(list))
	}
	s.recs = append(s.recs[:0], list...)
	m.reschedule(id)
	if s.pos == 0 {
		// The next alert may have come forward: wake Run to look again.
		select {
		case m.wake <- struct{}{}:
		default:
		}
	}
}

// earlierRun reports whether an alert of the target named name, raised in
// the run that began at run (Unix seconds), belongs to a run before the
// one in results.
func earlierRun(results []Result, name string, run int64) bool {
	for i := range results {
		if r := &results[i]; r.Name == name && r.Started {
			return run < r.Start.Unix()
		}
	}
	return false
}

// alertAt returns the instant at which results raise the alert of name
// and level, as addPending records it, or -1 when they do not raise it.
func alertAt(results []Result, name string, l Level) int64 {
	for i := range results {
		r := &results[i]
		if r.Name != name {
			continue
		}
		warn, overdue, ok := r.AlertTimes()
		switch {
		case !ok || l == LevelWarning && warn.IsZero():
			return -1
		case l == LevelWarning:
			return max(warn.Unix(), 0)
		default:
			return max(overdue.Unix(), 0)
		}
	}
	return -1
}

// addPending appends the alert of name and level at sec, in the run that
// began at run, unless one of the first nkept (raised or being raised)
// has that name and level. A pending alert of old with the same instant
// and run keeps its failures and wait.
func addPending(list []record, nkept int, old []record, name string, sec int64, l Level, run int64) []record {
	for _, r := range list[:nkept] {
		if r.name == name && r.level == l {
			return list
		}
	}
	sec = max(sec, 0)
	for _, r := range old {
		if r.state == pending && r.name == name && r.level == l && r.at == sec && r.run == run {
			return append(list, r)
		}
	}
	return append(list, record{name: name, at: sec, next: sec, run: run, level: l})
}

// AlertTimes returns when a Monitor raises r's alerts, in UTC and to the
// second: warn is WarnAt rounded up to a whole second, zero when r has no
// warning; overdue is the first whole second after Due. ok is false, with
// zero instants, when r raises no alert: not started, met, paused, or a
// window. The Monitor skips a warning that falls due together with its
// overdue alert.
func (r *Result) AlertTimes() (warn, overdue time.Time, ok bool) {
	if !r.Open() || r.Paused {
		return time.Time{}, time.Time{}, false
	}
	if !r.WarnAt.IsZero() {
		warn = time.Unix(ceilSec(r.WarnAt), 0).UTC()
	}
	return warn, time.Unix(r.Due.Unix()+1, 0).UTC(), true
}

// EachAlert calls f for every alert results plan, in order: each target's
// warning, when it has one, then its overdue alert, at the instants a
// Monitor raises them (see Result.AlertTimes). Results that raise no alert
// are skipped.
func EachAlert(results []Result, f func(target string, level Level, at time.Time)) {
	for i := range results {
		r := &results[i]
		warn, overdue, ok := r.AlertTimes()
		if !ok {
			continue
		}
		if !warn.IsZero() {
			f(r.Name, LevelWarning, warn)
		}
		f(r.Name, LevelOverdue, overdue)
	}
}

// ceilSec returns t in Unix seconds, rounded up.
func ceilSec(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// Remove stops watching order and forgets its alerts.
func (m *Monitor) Remove(order string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.index[order]
	if !ok {
		return
	}
	s := &m.slots[id]
	if s.pos >= 0 {
		m.heapRemove(int(s.pos))
	}
	*s = slot{pos: -1}
	delete(m.index, order)
	m.free = append(m.free, id)
}

func (m *Monitor) alloc(order string) int32 {
	var id int32
	if n := len(m.free); n > 0 {
		id = m.free[n-1]
		m.free = m.free[:n-1]
	} else {
		id = int32(len(m.slots))
		m.slots = append(m.slots, slot{})
	}
	m.slots[id] = slot{key: order, pos: -1}
	m.index[order] = id
	return id
}

// next returns the seconds of s's earliest pending alert, or -1.
func (s *slot) next() int64 {
	next := int64(-1)
	for _, r := range s.recs {
		if r.state == pending && (next < 0 || r.next < next) {
			next = r.next
		}
	}
	return next
}

// reschedule puts slot id at its place in the heap after its alerts changed.
func (m *Monitor) reschedule(id int32) {
	s := &m.slots[id]
	next := s.next()
	switch {
	case next < 0 && s.pos >= 0:
		m.heapRemove(int(s.pos))
	case next < 0:
	case s.pos < 0:
		m.heap = append(m.heap, heapEntry{next, id})
		s.pos = int32(len(m.heap) - 1)
		m.up(len(m.heap) - 1)
	default:
		i := int(s.pos)
		m.heap[i].at = next
		if !m.down(i) {
			m.up(i)
		}
	}
}

func (m *Monitor) swap(i, j int) {
	h := m.heap
	h[i], h[j] = h[j], h[i]
	m.slots[h[i].slot].pos = int32(i)
	m.slots[h[j].slot].pos = int32(j)
}

func (m *Monitor) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if m.heap[p].at <= m.heap[i].at {
			return
		}
		m.swap(i, p)
		i = p
	}
}

func (m *Monitor) down(i int) bool {
	start, n := i, len(m.heap)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && m.heap[r].at < m.heap[l].at {
			j = r
		}
		if m.heap[i].at <= m.heap[j].at {
			break
		}
		m.swap(i, j)
		i = j
	}
	return i > start
}

func (m *Monitor) heapRemove(i int) {
	last := len(m.heap) - 1
	id := m.heap[i].slot
	if i != last {
		m.swap(i, last)
	}
	m.heap = m.heap[:last]
	m.slots[id].pos = -1
	if i != last && !m.down(i) {
		m.up(i)
	}
}

// collect marks as sent and appends to out the pending alerts due at now,
// order by order, until out holds limit alerts or more. A warning whose
// overdue alert is also due is marked done without being reported.
func (m *Monitor) collect(now time.Time, out []Alert, limit int) []Alert {
	sec := now.Unix()
	for len(m.heap) > 0 && m.heap[0].at <= sec && len(out) < limit {
		id := m.heap[0].slot
		s := &m.slots[id]
		for i := range s.recs {
			r := &s.recs[i]
			if r.state != pending || r.next > sec {
				continue
			}
			if r.level == LevelWarning && overdueDue(s.recs, r.name, sec) {
				r.state = done
				continue
			}
			r.state, r.next = sent, r.at
			out = append(out, Alert{Order: s.key, Target: r.name, Level: r.level, At: time.Unix(r.at, 0).UTC()})
		}
		m.reschedule(id)
	}
	return out
}

func overdueDue(recs []record, name string, sec int64) bool {
	for _, r := range recs {
		if r.name == name && r.level == LevelOverdue && r.at <= sec {
			return true
		}
	}
	return false
}

// settle records the outcome of a sent alert: done when err is nil or
// wraps ErrAlertDropped. A failed alert that an update moved meanwhile is
// pending at its new instant as a new alert, and one that an update no
// longer raises is forgotten, so that the next update raising it queues
// it; any other is pending again after the backoff's wait, or done when
// the backoff gives up. An alert that is no longer sent (its order
// removed, or its target started a new run meanwhile) is left as it is.
func (m *Monitor) settle(a Alert, now time.Time, err error) {
	id, ok := m.index[a.Order]
	if !ok {
		return
	}
	s := &m.slots[id]
	at := a.At.Unix()
	for i := range s.recs {
		r := &s.recs[i]
		if r.state != sent || r.name != a.Target || r.level != a.Level || r.at != at {
			continue
		}
		r.state = done
		if err != nil && !errors.Is(err, ErrAlertDropped) {
			switch {
			case r.next < 0:
				s.recs = append(s.recs[:i], s.recs[i+1:]...)
			case r.next != r.at:
				r.at, r.fails, r.state = r.next, 0, pending
			default:
				r.fails++
				if d, ok := m.backoff.Delay(int(r.fails)); ok {
					r.state = pending
					r.next = ceilSec(now.Add(d))
				}
			}
		}
		m.reschedule(id)
		return
	}
}

// Fire raises, through the handler, every alert due at now, in order of
// instant per order, and returns how many the handler dealt with: those
// for which it returned nil. An alert the handler failed stays due and is
// tried again after the monitor's Backoff (from now); one it dropped is
// not tried again. Fire works in batches of at most FireBatch alerts (all
// the due alerts of an order go in one batch): it holds the monitor's lock
// only to take a batch and to record its outcome, a few dozen alerts at a
// time, and calls the handler without it, so that Add, Update and Remove,
// and the handler itself, go on while a long Fire runs. An alert an Update brings due during Fire may
// be raised by it too. With SetWorkers above 1 the handler is called for
// several orders at once. Run calls it; a caller with a scheduler of its
// own may call it instead.
func (m *Monitor) Fire(ctx context.Context, now time.Time) int {
	n, _ := m.fire(ctx, now)
	return n
}

// FireBatch is the most alerts Fire takes from the monitor at once, more
// only when one order has more due.
const FireBatch = 256

// SetWorkers sets for how many orders at most Fire calls the handler at
// once; n below 1 means 1, the default: one alert at a time. The alerts
// of one order are raised in turn, by one worker. The handler must be
// safe for concurrent use when n is above 1.
func (m *Monitor) SetWorkers(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.workers = max(n, 1)
}

// fire is Fire, and returns as well how many alerts it tried.
func (m *Monitor) fire(ctx context.Context, now time.Time) (raised, tried int) {
	var alerts []Alert
	var errs []error
	for {
		alerts = alerts[:0]
		var workers int
		for more := true; more && len(alerts) < FireBatch; {
			m.mu.Lock()
			n := len(alerts)
			alerts = m.collect(now, alerts, min(n+lockAlerts, FireBatch))
			more = len(alerts) > n
			workers = m.workers
			m.mu.Unlock()
		}
		if len(alerts) == 0 {
			return raised, tried
		}
		errs = append(errs[:0], make([]error, len(alerts))...)
		if m.handler != nil {
			m.handle(ctx, alerts, errs, workers)
		}
		for from := 0; from < len(alerts); from += lockAlerts {
			m.mu.Lock()
			for i := from; i < min(from+lockAlerts, len(alerts)); i++ {
				m.settle(alerts[i], now, errs[i])
				if errs[i] == nil {
					raised++
				}
			}
			m.mu.Unlock()
		}
		tried += len(alerts)
	}
}

// lockAlerts is the most alerts Fire takes or settles under one hold of
// the monitor's lock: at a million orders each costs a walk down the
// heap, a few microseconds, so that Add, Update and Remove wait for at
// most a few hundred microseconds of work.
const lockAlerts = 64

// handle calls the handler for each alert and keeps its error in errs,
// with up to workers goroutines, each taking the alerts of one order at a
// time (collect puts them next to each other).
func (m *Monitor) handle(ctx context.Context, alerts []Alert, errs []error, workers int) {
	run := func(from, to int) {
		for i := from; i < to; i++ {
			errs[i] = m.call(ctx, alerts[i])
		}
	}
	if workers <= 1 {
		run(0, len(alerts))
		return
	}
	var next atomic.Int64 // start of the next order's run in alerts
	var wg sync.WaitGroup
	take := func() (int, int, bool) {
		for {
			from := int(next.Load())
			if from >= len(alerts) {
				return 0, 0, false
			}
			to := from + 1
			for to < len(alerts) && alerts[to].Order == alerts[from].Order {
				to++
			}
			if next.CompareAndSwap(int64(from), int64(to)) {
				return from, to, true
			}
		}
	}
	for range min(workers, len(alerts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				from, to, ok := take()
				if !ok {
					return
				}
				run(from, to)
			}
		}()
	}
	wg.Wait()
}

// call calls the handler for a, turning a panic into a *HandlerPanicError.
func (m *Monitor) call(ctx context.Context, a Alert) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &HandlerPanicError{Value: v}
		}
	}()
	return m.handler.Alert(ctx, a)
}

// Run raises alerts as they fall due until ctx is done, then returns nil.
// It waits on the monitor's TimeSource and wakes early when an Add or
// Update brings the next alert forward. A second concurrent Run returns
// ErrMonitorRunning.
func (m *Monitor) Run(ctx context.Context) error {
	m.mu.Lock()
	if m.running {
		m.mu.Unlock()
		return ErrMonitorRunning
	}
	m.running = true
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.running = false
		m.mu.Unlock()
	}()
	for {
		if ctx.Err() != nil {
			return nil
		}
		// The heap is read below: a wake-up sent before this point is
		// answered already.
		select {
		case <-m.wake:
		default:
		}
		now := m.clock.Now()
		if _, tried := m.fire(ctx, now); tried > 0 {
			continue
		}
		var timer <-chan time.Time
		m.mu.Lock()
		if len(m.heap) > 0 {
			timer = m.clock.After(time.Unix(m.heap[0].at, 0).Sub(now))
		}
		m.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil
		case <-timer:
		case <-m.wake:
		}
	}
}
