package workorder

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
)

// A caller's progress lookup (查询码): AcceptWithCode issues a short code
// to the accepting caller, the store keeps only its HMAC in the accept
// record, and Lookup answers whoever gives the order's id and that code
// with a Progress, a view that holds nothing but the order's progress.

// Errors of the progress lookup, matched with errors.Is.
var (
	// ErrLookupRefused: no order has that id and query code. It does not
	// tell which of the two was wrong; the guess is counted against the
	// order and the client (see GuessLimiter).
	ErrLookupRefused = errors.New("no order with this id and query code")
	// ErrTooManyGuesses: too many wrong query codes were given for the
	// order or by the client lately; try again later.
	ErrTooManyGuesses = errors.New("too many wrong query codes")
	// ErrQueryCodesOff: the service has no Config.QueryKey, so it issues
	// and checks no query codes.
	ErrQueryCodesOff = errors.New("query codes are off")
)

// Query codes and their key.
const (
	// QueryCodeLen is the number of decimal digits of a query code, easy
	// to read out on the telephone and to key in.
	QueryCodeLen = 8
	// MinQueryKeyLen is the fewest bytes Config.QueryKey may have.
	MinQueryKeyLen = 16
)

// Defaults of the guess limiter NewService makes when Config.Guesses is
// nil: five wrong codes at once, then one more every ten minutes, for each
// order and each client.
const (
	GuessBurstDefault = 5
	GuessEveryDefault = 10 * time.Minute
)

// GuessLimiter limits wrong query codes per key: Service.Lookup asks
// Allow for the order ("order:" and its id) and, when it names one, the
// client ("client:" and the client's key) before it checks a code, and
// calls Failed for both when the code is wrong. t is the service clock's
// time. A deployment of several nodes gives them one limiter that keeps
// its counts where all of them see them, such as in Redis or in the
// database. Implementations must be safe for concurrent use.
type GuessLimiter interface {
	// Allow reports whether a code may be checked for key at t.
	Allow(ctx context.Context, key string, t time.Time) (bool, error)
	// Failed counts a wrong code for key at t.
	Failed(ctx context.Context, key string, t time.Time) error
}

// MemGuessLimiter is a GuessLimiter that keeps its counts in memory, a
// token bucket per key: burst wrong guesses at once, then one more each
// time every passes. Keys whose bucket is full again are forgotten, so it
// holds only the keys guessed wrong lately. Create it with
// NewGuessLimiter; it is safe for concurrent use.
type MemGuessLimiter struct {
	burst float64
	every time.Duration

	mu    sync.Mutex
	keys  map[string]bucket
	sweep int // sweep the map when it grows past this size
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewGuessLimiter returns a limiter allowing burst wrong guesses per key,
// then one more each time every passes. burst below 1 means 1; every of 0
// or less means GuessEveryDefault.
func NewGuessLimiter(burst int, every time.Duration) *MemGuessLimiter {
	if every <= 0 {
		every = GuessEveryDefault
	}
	return &MemGuessLimiter{burst: float64(max(burst, 1)), every: every, keys: make(map[string]bucket), sweep: 1024}
}

// tokens returns key's bucket at t, refilled, and whether it is full.
func (l *MemGuessLimiter) tokens(key string, t time.Time) (bucket, bool) {
	b, ok := l.keys[key]
	if !ok {
		return bucket{tokens: l.burst, at: t}, true
	}
	if d := t.Sub(b.at); d > 0 {
		b.tokens = min(l.burst, b.tokens+float64(d)/float64(l.every))
		b.at = t
	}
	return b, b.tokens >= l.burst
}

// Allow reports whether key has a wrong guess left at t. It never fails.
func (l *MemGuessLimiter) Allow(_ context.Context, key string, t time.Time) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, full := l.tokens(key, t)
	if full {
		delete(l.keys, key)
	}
	return b.tokens >= 1, nil
}

// Failed takes one of key's wrong guesses at t. It never fails.
func (l *MemGuessLimiter) Failed(_ context.Context, key string, t time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, _ := l.tokens(key, t)
	b.tokens = max(b.tokens-1, 0)
	l.keys[key] = b
	if len(l.keys) > l.sweep {
		for k := range l.keys {
			if _, full := l.tokens(k, t); full {
				delete(l.keys, k)
			}
		}
		l.sweep = max(1024, 2*len(l.keys))
	}
	return nil
}

// Len returns how many keys the limiter holds.
func (l *MemGuessLimiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

var _ GuessLimiter = (*MemGuessLimiter)(nil)

// fillLookup checks QueryKey, copies it, and fills in Guesses.
func (c *Config) fillLookup() error {
	if c.QueryKey != nil {
		if len(c.QueryKey) < MinQueryKeyLen {
			return &ConfigError{Field: "QueryKey", Err: fmt.Errorf("%d bytes, want at least %d", len(c.QueryKey), MinQueryKeyLen)}
		}
		c.QueryKey = append([]byte(nil), c.QueryKey...)
	}
	if c.Guesses == nil {
		c.Guesses = NewGuessLimiter(GuessBurstDefault, GuessEveryDefault)
	}
	return nil
}

// queryDigest returns the HMAC-SHA256 of code for order id under the
// service's key, in hexadecimal.
func (s *Service) queryDigest(id, code string) string {
	m := hmac.New(sha256.New, s.cfg.QueryKey)
	m.Write([]byte("hotline query code\x00"))
	m.Write([]byte(id))
	m.Write([]byte{0})
	m.Write([]byte(code))
	return hex.EncodeToString(m.Sum(nil))
}

// queryCode returns a new order's query code: QueryCodeLen decimal
// digits, random, or, when ctx carries an idempotency key (WithKey),
// derived from the key under the service's QueryKey, so that a request
// repeated with its key answers the code the first one issued.
func (s *Service) queryCode(ctx context.Context) (string, error) {
	limit := big.NewInt(1)
	for range QueryCodeLen {
		limit.Mul(limit, big.NewInt(10))
	}
	if key, ok := KeyFrom(ctx); ok && key != "" {
		m := hmac.New(sha256.New, s.cfg.QueryKey)
		m.Write([]byte("hotline query code of key\x00"))
		m.Write([]byte(key))
		n := new(big.Int).SetBytes(m.Sum(nil))
		return fmt.Sprintf("%0*d", QueryCodeLen, n.Mod(n, limit)), nil
	}
	n, err := rand.Int(rand.Reader, limit)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%0*d", QueryCodeLen, n), nil
}

// AcceptWithCode is Accept that also issues the order's query code (查询码),
// QueryCodeLen random digits, returned here and nowhere else: give it to
// the caller, who looks the order up with its id and the code (Lookup).
// Repeated with the same idempotency key (WithKey) it answers the same
// order and the same code.
// The store keeps only the code's HMAC under Config.QueryKey, in the
// accept record's data as query=…. It fails with ErrQueryCodesOff when
// the service has no QueryKey, else with Accept's errors.
func (s *Service) AcceptWithCode(ctx context.Context, a Actor, draft *Order) (*Order, string, error) {
	if s.cfg.QueryKey == nil {
		return nil, "", fmt.Errorf("workorder: accept: %w", ErrQueryCodesOff)
	}
	code, err := s.queryCode(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("workorder: accept: query code: %w", err)
	}
	o, err := s.accept(ctx, a, draft, func(id string) string { return s.queryDigest(id, code) })
	if err != nil {
		return nil, "", err
	}
	return o, code, nil
}

// Progress is what a caller who gives an order's id and query code may
// see of it (Service.Lookup): where it stands, who handles it, by when,
// and the answer once the centre has approved it. It holds nothing about
// the caller, the text of the request, internal remarks or the audit
// trail. Times are in the service calendar's zone. It is a plain value.
type Progress struct {
	ID       string           `json:"id"`
	State    State            `json:"state"`
	Category hotline.Category `json:"category"`
	// Accepted is when the order was accepted, Updated when it last
	// changed.
	Accepted time.Time `json:"accepted"`
	Updated  time.Time `json:"updated"`
	// Units are the names of the units handling the order, the lead
	// first, then the assisting units; none before dispatch. A unit's
	// name is its display name in Config.Units (unit.Unit.Name), else
	// the name the order keeps.
	Units []string `json:"units,omitempty"`
	// Due is the earliest deadline of the order's open sla targets, zero
	// when none; Deadlines lists each open target's deadline.
	Due       time.Time          `json:"due,omitzero"`
	Deadlines []ProgressDeadline `json:"deadlines,omitempty"`
	// Reply is the lead unit's answer once the centre has approved it
	// (from StateReviewed on); empty before.
	Reply string `json:"reply,omitempty"`
}

// ProgressDeadline is one open sla target of an order in a Progress: its
// name in the policy, such as "finish", and its deadline.
type ProgressDeadline struct {
	Target string    `json:"target"`
	Due    time.Time `json:"due"`
}

// normalizeCode returns code with spaces and hyphens dropped and
// full-width digits made ASCII.
func normalizeCode(code string) string {
	var b strings.Builder
	for _, r := range code {
		switch {
		case r == ' ' || r == '-' || r == '\u3000':
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Lookup returns the progress of order id to whoever gives its query code
// (see AcceptWithCode), such as a caller on the web or at a voice menu.
// client identifies who asks, such as the remote address or a session;
// "" puts no limit on the client. The limiter sees at most the first 128
// bytes of client, and of an id at most MaxIDLen. The code may hold spaces, hyphens and
// full-width digits.
//
// A wrong code and an unknown id give the same error, matching
// ErrLookupRefused, and both count as a wrong guess for the order and the
// client; once Config.Guesses allows no more for either, Lookup fails with
// ErrTooManyGuesses without checking the code. It fails with
// ErrQueryCodesOff when the service has no QueryKey, and with the store's
// or the limiter's error when they fail. The error does not tell an
// unknown id from a wrong code; the time taken may, as an order that
// exists is read in full: order ids are not secret, the code is.
func (s *Service) Lookup(ctx context.Context, id, code, client string) (*Progress, error) {
	if s.cfg.QueryKey == nil {
		return nil, fmt.Errorf("workorder: lookup: %w", ErrQueryCodesOff)
	}
	now := s.cfg.Clock.Now()
	// No order has a longer id: an over-long one is counted by its
	// beginning, so that guesses cannot fill the limiter with long keys.
	keys := []string{"order:" + clip(id, MaxIDLen)}
	if client != "" {
		keys = append(keys, "client:"+clip(client, maxClientLen))
	}
	for _, k := range keys {
		ok, err := s.cfg.Guesses.Allow(ctx, k, now)
		if err != nil {
			return nil, fmt.Errorf("workorder: lookup: %w", err)
		}
		if !ok {
			return nil, fmt.Errorf("workorder: lookup: %w", ErrTooManyGuesses)
		}
	}
	o, ok, err := s.checkCode(ctx, id, normalizeCode(code))
	if err != nil {
		return nil, fmt.Errorf("workorder: lookup: %w", err)
	}
	if !ok {
		for _, k := range keys {
			if err := s.cfg.Guesses.Failed(ctx, k, now); err != nil {
				return nil, fmt.Errorf("workorder: lookup: %w", err)
			}
		}
		return nil, fmt.Errorf("workorder: lookup: %w", ErrLookupRefused)
	}
	return s.progress(o)
}

// maxClientLen is the most bytes of a client key the limiter is given.
const maxClientLen = 128

// clip returns s cut to at most n bytes.
func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// checkCode returns order id and true when code is its query code; false
// when the order does not exist, has no code or another one.
func (s *Service) checkCode(ctx context.Context, id, code string) (*Order, bool, error) {
	want := s.queryDigest(id, code) // computed for unknown ids too
	o, err := s.store.Get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	rs, err := s.store.History(ctx, id)
	if err != nil {
		return nil, false, err
	}
	if len(rs) == 0 || rs[0].Step != StepAccept {
		return nil, false, nil
	}
	got, ok := rs[0].Value("query")
	if !ok || len(code) != QueryCodeLen {
		return nil, false, nil
	}
	return o, hmac.Equal([]byte(got), []byte(want)), nil
}

// unitName returns the display name Config.Units gives unit id, or id.
func (s *Service) unitName(id string) string {
	if u, ok := s.cfg.Units.Lookup(id); ok && u.Name != "" {
		return u.Name
	}
	return id
}

// progress builds the caller's view of o.
func (s *Service) progress(o *Order) (*Progress, error) {
	s.localize(o)
	p := &Progress{ID: o.ID, State: o.State, Category: o.Category, Accepted: o.Created, Updated: o.Updated, Due: o.Due}
	if o.Lead != "" {
		p.Units = append(p.Units, s.unitName(o.Lead))
	}
	for _, a := range o.Assists {
		p.Units = append(p.Units, s.unitName(a.Unit))
	}
	switch o.State {
	case StateReviewed, StateCalledBack, StateClosed:
		p.Reply = o.Reply
	}
	if o.State.Open() {
		pol, err := s.policy(o)
		if err != nil {
			return nil, fmt.Errorf("workorder: lookup: order %q: %w", o.ID, err)
		}
		rs, err := sla.Evaluate(pol, s.cal, o.Timeline, s.now(o))
		if err != nil {
			return nil, fmt.Errorf("workorder: lookup: order %q: %w", o.ID, err)
		}
		for _, r := range rs {
			if r.Open() {
				p.Deadlines = append(p.Deadlines, ProgressDeadline{Target: r.Name, Due: r.Due.In(s.loc)})
			}
		}
	}
	return p, nil
}
