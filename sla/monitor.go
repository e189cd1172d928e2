package sla

import (
	"context"
	"errors"
	"sync"
	"time"
)

// TimeSource tells a Monitor the time and wakes it; tests pass a fake.
// Implementations must be safe for concurrent use.
type TimeSource interface {
	Now() time.Time
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

// SystemTime is the TimeSource of the real clock (time.Now, time.After).
var SystemTime TimeSource = systemTime{}

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

// Handler receives alerts. Implementations must be safe for concurrent
// use if several monitors share them.
type Handler interface {
	Alert(ctx context.Context, a Alert)
}

// HandlerFunc adapts a function to a Handler.
type HandlerFunc func(ctx context.Context, a Alert)

// Alert calls f.
func (f HandlerFunc) Alert(ctx context.Context, a Alert) { f(ctx, a) }

// ErrMonitorRunning reports a second concurrent call of Monitor.Run.
var ErrMonitorRunning = errors.New("sla: monitor already running")

// Monitor raises the warning and overdue alerts of open orders when they
// fall due. It keeps each order's pending alerts, to the second, in a
// min-heap keyed by the next one, so Add, Update and Remove take O(log n)
// time. It raises at most one alert per order, target, level and run of
// the target, even when an order is updated again. Create it with NewMonitor; it is safe for
// concurrent use and starts no goroutine: call Run, or Fire from a loop of
// your own. The zero Monitor is not usable.
//
// Per order it keeps the key, a heap entry and up to four packed alerts
// inline (more spill to a small slice): about 160 bytes per order with a
// million orders.
type Monitor struct {
	mu      sync.Mutex
	clock   TimeSource
	handler Handler
	index   map[string]int32
	slots   []slot
	free    []int32
	heap    []heapEntry
	names   []string
	nameIDs map[string]uint16
	wake    chan struct{}
	running bool
}

// slot is one order: its key, and its alerts, fired or pending, packed as
// seconds<<24 | name<<8 | level<<1 | fired. Up to four live inline.
type slot struct {
	key  string
	inl  [4]uint64
	more *[]uint64
	n    uint8
	pos  int32 // index in the heap, -1 when nothing is pending
}

type heapEntry struct {
	at   int64 // unix seconds of the slot's next pending alert
	slot int32
}

const firedBit = 1

func pack(sec int64, name uint16, l Level) uint64 {
	return uint64(max(sec, 0))<<24 | uint64(name)<<8 | uint64(l)<<1
}

func unpack(a uint64) (sec int64, name uint16, l Level, fired bool) {
	return int64(a >> 24), uint16(a >> 8), Level(a>>1) & 0x7f, a&firedBit != 0
}

func (s *slot) list() []uint64 {
	if s.more != nil {
		return *s.more
	}
	return s.inl[:s.n]
}

// NewMonitor returns a monitor that sends alerts to h (nil discards them)
// and reads the time from clock (nil means SystemTime).
func NewMonitor(h Handler, clock TimeSource) *Monitor {
	if clock == nil {
		clock = SystemTime
	}
	return &Monitor{clock: clock, handler: h, index: map[string]int32{}, nameIDs: map[string]uint16{},
		wake: make(chan struct{}, 1)}
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
// Result.Start, as after a return and a new dispatch, or a reopening)
// alerts again. An unknown order is added.
func (m *Monitor) Update(order string, results []Result) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.index[order]
	if !ok {
		id = m.alloc(order)
	}
	s := &m.slots[id]
	var fresh [16]uint64
	list := fresh[:0]
	for _, a := range s.list() {
		if sec, name, _, fired := unpack(a); fired && !earlierRun(results, m.names[name], sec) {
			list = append(list, a)
		}
	}
	nfired := len(list)
	for i := range results {
		r := &results[i]
		warn, overdue, ok := r.AlertTimes()
		if !ok {
			continue
		}
		name := m.intern(r.Name)
		if !warn.IsZero() {
			list = addPending(list, nfired, pack(warn.Unix(), name, LevelWarning))
		}
		list = addPending(list, nfired, pack(overdue.Unix(), name, LevelOverdue))
	}
	s.set(list)
	m.reschedule(id)
	if s.pos == 0 {
		// The next alert may have come forward: wake Run to look again.
		select {
		case m.wake <- struct{}{}:
		default:
		}
	}
}

// earlierRun reports whether an alert of the target named name, raised for
// instant sec, belongs to a run before the one in results: it fell due
// before that run began. The alerts of a run fall due at or after its
// start.
func earlierRun(results []Result, name string, sec int64) bool {
	for i := range results {
		if r := &results[i]; r.Name == name && r.Started {
			return sec < ceilSec(r.Start)
		}
	}
	return false
}

// addPending appends a unless the same name and level has fired.
func addPending(list []uint64, nfired int, a uint64) []uint64 {
	const key = (1<<24 - 1) &^ firedBit
	for _, f := range list[:nfired] {
		if f&key == a&key {
			return list
		}
	}
	return append(list, a)
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

// ceilSec returns t in Unix seconds, rounded up.
func ceilSec(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

func (s *slot) set(list []uint64) {
	if len(list) <= len(s.inl) {
		s.more = nil
		s.n = uint8(copy(s.inl[:], list))
		return
	}
	if s.more == nil {
		s.more = new([]uint64)
	}
	*s.more = append((*s.more)[:0], list...)
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

func (m *Monitor) intern(name string) uint16 {
	if id, ok := m.nameIDs[name]; ok {
		return id
	}
	id := uint16(len(m.names))
	if len(m.names) == 1<<16-1 {
		return id - 1 // a policy with 65535 target names is not supported
	}
	m.names = append(m.names, name)
	m.nameIDs[name] = id
	return id
}

// next returns the seconds of s's earliest pending alert, or -1.
func (s *slot) next() int64 {
	next := int64(-1)
	for _, a := range s.list() {
		if sec, _, _, fired := unpack(a); !fired && (next < 0 || sec < next) {
			next = sec
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

// collect marks as fired and appends to out every pending alert due at
// now. A warning whose overdue alert is also due is marked without being
// reported.
func (m *Monitor) collect(now time.Time, out []Alert) []Alert {
	sec := now.Unix()
	for len(m.heap) > 0 && m.heap[0].at <= sec {
		id := m.heap[0].slot
		s := &m.slots[id]
		list := s.list()
		for i, a := range list {
			at, name, l, fired := unpack(a)
			if fired || at > sec {
				continue
			}
			list[i] |= firedBit
			if l == LevelWarning && overdueDue(list, name, sec) {
				continue
			}
			out = append(out, Alert{Order: s.key, Target: m.names[name], Level: l, At: time.Unix(at, 0).UTC()})
		}
		m.reschedule(id)
	}
	return out
}

func overdueDue(list []uint64, name uint16, sec int64) bool {
	for _, a := range list {
		if at, n, l, _ := unpack(a); n == name && l == LevelOverdue && at <= sec {
			return true
		}
	}
	return false
}

// Fire raises, through the handler, every alert due at now, in order of
// instant per order, and returns how many it raised. Run calls it; a
// caller with a scheduler of its own may call it instead.
func (m *Monitor) Fire(ctx context.Context, now time.Time) int {
	m.mu.Lock()
	alerts := m.collect(now, nil)
	m.mu.Unlock()
	if m.handler != nil {
		for _, a := range alerts {
			m.handler.Alert(ctx, a)
		}
	}
	return len(alerts)
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
		if m.Fire(ctx, now) > 0 {
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
