package sla

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// Clock is how a target measures time. The zero value is not a valid clock.
type Clock uint8

// Clock kinds.
const (
	// ClockNatural runs 24 hours a day, 7 days a week: due = start + amount.
	ClockNatural Clock = iota + 1
	// ClockWorkingTime runs only inside the calendar's work periods: due is
	// when the amount of working time has passed since the start.
	ClockWorkingTime
	// ClockWorkingDays is due at the end of the N-th working day: counted
	// from the day after the start, or from the start's day when
	// Target.FromStartDay is set (a start on a day off then counts from the
	// next working day).
	ClockWorkingDays
	// ClockSameDay is due at the end of the start's natural day, or of
	// the next day for a start at or after the target's SameDayCutoff.
	ClockSameDay
	clockEnd
)

// Valid reports whether c is a defined clock.
func (c Clock) Valid() bool { return c >= ClockNatural && c < clockEnd }

// String returns the clock's name as written in policy files, e.g.
// "working_days", or "Clock(n)" for an undefined clock.
func (c Clock) String() string {
	if c.Valid() {
		return clockNames.Key(int(c))
	}
	return fmt.Sprintf("Clock(%d)", uint8(c))
}

// Name returns the clock's name in the language best matching t:
// "工作日" for Chinese tags, "working_days" for all others; c.String()
// for an undefined clock.
func (c Clock) Name(t language.Tag) string { return enumName(clockNames, int(c), t, c.String()) }

// ParseClock returns the clock named s: its name as written in policy
// files in any ASCII case ("-" may stand for "_") or its Chinese name
// ("工作日"), surrounding spaces ignored. Anything else gives a
// *hotline.NameError; the error wraps [ErrUnknownClock] too.
func ParseClock(s string) (Clock, error) { return parseClock(s) }

// MarshalText writes the clock's name.
func (c Clock) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, unknownName(clockNames, "clock", c.String(), ErrUnknownClock)
	}
	return []byte(c.String()), nil
}

// UnmarshalText parses a clock's name with ParseClock.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// usesDays reports whether amounts on c are counted in working days.
func (c Clock) usesDays() bool { return c == ClockWorkingDays }

// Amount is a length on a target's clock: Days (working days) for
// ClockWorkingDays, Duration for the other clocks (natural time for
// ClockNatural and ClockSameDay, working time for ClockWorkingTime). The
// zero Amount is nothing.
type Amount struct {
	Duration time.Duration
	Days     int
}

// Limits on an amount, and on the sum of the extensions of one run of a
// target, so that deadlines stay inside the calendar's years.
const (
	MaxDays     = 3660
	MaxDuration = 87600 * time.Hour
)

// IsZero reports whether a is nothing.
func (a Amount) IsZero() bool { return a.Duration == 0 && a.Days == 0 }

// Add returns a + b.
func (a Amount) Add(b Amount) Amount { return Amount{a.Duration + b.Duration, a.Days + b.Days} }

// String formats a as "5 working days", "1 working day", "30m", "1h30m" or
// "0"; with both set, the two joined by "+".
func (a Amount) String() string {
	var parts []string
	switch {
	case a.Days == 1:
		parts = append(parts, "1 working day")
	case a.Days != 0:
		parts = append(parts, strconv.Itoa(a.Days)+" working days")
	}
	if a.Duration != 0 || len(parts) == 0 {
		parts = append(parts, FormatDuration(a.Duration))
	}
	return strings.Join(parts, "+")
}

// FormatDuration formats d like time.Duration.String without zero trailing
// units: "30m", "1h", "1h30m", "1m30s", "0".
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// check reports whether a is a positive amount in clock c's unit.
func (a Amount) check(c Clock) error {
	if c.usesDays() {
		if a.Duration != 0 || a.Days <= 0 || a.Days > MaxDays {
			return fmt.Errorf("%v: want 1 to %d working days for a %v clock: %w", a, MaxDays, c, ErrInvalidAmount)
		}
		return nil
	}
	if a.Days != 0 || a.Duration <= 0 || a.Duration > MaxDuration {
		return fmt.Errorf("%v: want a duration above 0 and up to %v for a %v clock: %w", a, MaxDuration, c, ErrInvalidAmount)
	}
	return nil
}

// fits reports whether a is a positive amount in clock c's unit, as check
// does, without building an error.
func (a Amount) fits(c Clock) bool {
	if c.usesDays() {
		return a.Duration == 0 && a.Days > 0 && a.Days <= MaxDays
	}
	return a.Days == 0 && a.Duration > 0 && a.Duration <= MaxDuration
}

// tooLarge reports whether a, a sum of amounts, is more than MaxDays or
// MaxDuration.
func (a Amount) tooLarge() bool { return a.Days > MaxDays || a.Duration > MaxDuration }

// errTotal is the error of a sum of extensions that is tooLarge.
func (a Amount) errTotal() error {
	limit := FormatDuration(MaxDuration)
	if a.Days > MaxDays {
		limit = Amount{Days: MaxDays}.String()
	}
	return fmt.Errorf("extensions add up to %v, more than %s: %w", a, limit, ErrInvalidAmount)
}

// checkField is check with the file field to blame: the one set in the
// wrong unit, or the one of the clock's unit.
func (a Amount) checkField(c Clock, prefix, durField, daysField string) (string, error) {
	switch {
	case c.usesDays() && a.Duration != 0:
		return prefix + durField, fmt.Errorf("a %v clock counts whole working days, not a duration: %w", c, ErrInvalidAmount)
	case !c.usesDays() && a.Days != 0:
		return prefix + daysField, fmt.Errorf("a %v clock takes a duration, not working days: %w", c, ErrInvalidAmount)
	}
	if err := a.check(c); err != nil {
		if c.usesDays() {
			return prefix + daysField, err
		}
		return prefix + durField, err
	}
	return "", nil
}

func amountField(a Amount, prefix, durField, daysField string) string {
	if a.Days != 0 {
		return prefix + daysField
	}
	return prefix + durField
}

// Warning is one threshold at which a target turns from normal to warning.
// Exactly one field is set. The zero Warning is invalid.
type Warning struct {
	// Fraction is the part of the target's time used, 0 < Fraction < 1
	// (0.75 warns when three quarters are gone).
	Fraction float64
	// Before warns this long before the due instant, measured on the
	// target's clock and skipping paused time: working time for working-time
	// and working-days clocks ("2h" is two working hours), natural time for
	// the others. Before.Days, for working-days clocks only, warns at the
	// close of work that many working days before the last day.
	Before Amount
}

// ExtensionLimit bounds the extensions a target may be granted in one run.
// The zero value allows none.
type ExtensionLimit struct {
	// MaxCount is how many extensions may be granted; 0 allows none.
	MaxCount int
	// MaxTotal caps their sum, in the target's unit; zero means no cap
	// beyond MaxCount.
	MaxTotal Amount
}

// Target is one deadline of an order: how long, on which clock, from which
// event, met by which events. The zero value is invalid; see Validate.
//
// A run of the target begins at the first Start event of the timeline and
// again at each later event listed in RestartOn; each run sees only the
// events from its own start on, and the result describes the latest run.
// The run is met by the first MetBy event after it begins.
type Target struct {
	Name  string
	Clock Clock
	// Amount is the time allowed: Days for ClockWorkingDays, Duration for
	// ClockNatural and ClockWorkingTime, zero for ClockSameDay.
	Amount Amount
	// FromStartDay counts the start's own day as the first working day
	// (ClockWorkingDays only); a start on a day off, or at or after the
	// close of work, counts from the next working day.
	FromStartDay bool
	// CloseOfWork ends the last day at the calendar's close of work instead
	// of 24:00 (ClockWorkingDays and ClockSameDay only). A same-day target
	// starting on a day off or after the close still ends at 24:00.
	CloseOfWork bool
	// SameDayCutoff is the time of day, after midnight in the calendar's
	// zone, at or after which a same-day target (ClockSameDay only) that
	// starts is due at the end of the next day instead of its own. Zero
	// means SameDayCutoffDefault; 24h means no cut-off.
	SameDayCutoff time.Duration
	Start         EventKind
	RestartOn     []EventKind
	MetBy         []EventKind
	// Pausable makes suspensions stop the target's clock.
	Pausable bool
	// Window marks a permission rather than an obligation, such as the
	// time a unit may return a wrong dispatch: it closes at the due instant,
	// is never reported as breached while unused, and raises no alerts.
	Window    bool
	Warnings  []Warning
	Extension ExtensionLimit
}

// SameDayCutoffDefault is the same-day clock's cut-off (see
// Target.SameDayCutoff): 20:00. An emergency must be signed, its caller
// contacted and the site reached (within an hour in the default policies)
// before the work itself begins; an order received after 20:00 would be
// due at midnight with less than four hours for all of it, and one
// received at 23:50 before its own sign and contact deadlines. After the
// cut-off there is not enough of the day left, so the finish target moves
// to the end of the next day.
const SameDayCutoffDefault = 20 * time.Hour

// parseTimeOfDay reads "HH:MM", from "00:01" to "24:00", as the time
// since midnight.
func parseTimeOfDay(s string) (time.Duration, bool) {
	h, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(h) != 2 || len(mm) != 2 {
		return 0, false
	}
	hours, err1 := strconv.Atoi(h)
	mins, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || hours < 0 || mins < 0 || mins > 59 || hours*60+mins > 24*60 || hours+mins == 0 {
		return 0, false
	}
	return time.Duration(hours)*time.Hour + time.Duration(mins)*time.Minute, true
}

// formatTimeOfDay writes d, a time since midnight, as "HH:MM".
func formatTimeOfDay(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// sameDayCutoff returns t's cut-off, its default filled in.
func (t *Target) sameDayCutoff() time.Duration {
	if t.SameDayCutoff == 0 {
		return SameDayCutoffDefault
	}
	return t.SameDayCutoff
}

// kindSet is a set of event kinds as bits.
type kindSet uint32

func (s kindSet) has(k EventKind) bool { return s&(1<<(k&31)) != 0 }

// compiled is what evaluation needs of a target beyond its fields.
type compiled struct {
	restart, metBy kindSet
}

// startables holds the kinds that may start, restart or meet a target.
const startables = kindSet(1<<eventEnd-1) &^ (1 | 1<<EventSuspended | 1<<EventResumed | 1<<EventExtended)

// startableSet returns ks as a set; ok is false when one of them cannot
// start or meet a target.
func startableSet(ks []EventKind) (s kindSet, ok bool) {
	for _, k := range ks {
		if k >= 32 || startables&(1<<k) == 0 {
			return 0, false
		}
		s |= 1 << k
	}
	return s, true
}

// cutoffValid reports whether t's SameDayCutoff is zero, or a time of day
// in (0, 24h] on a same-day clock.
func (t *Target) cutoffValid() bool {
	return t.SameDayCutoff == 0 || (t.Clock == ClockSameDay && t.SameDayCutoff > 0 && t.SameDayCutoff <= 24*time.Hour)
}

// compile checks t in one pass and returns its event sets; ok is false
// when t is invalid, and validate then says why.
func (t *Target) compile() (c compiled, ok bool) {
	if t.Name == "" || !t.Clock.Valid() || !startable(t.Start) || len(t.MetBy) == 0 {
		return c, false
	}
	if t.Clock == ClockSameDay {
		if !t.Amount.IsZero() {
			return c, false
		}
	} else if !t.Amount.fits(t.Clock) {
		return c, false
	}
	if (t.FromStartDay && t.Clock != ClockWorkingDays) || (t.CloseOfWork && t.Clock != ClockWorkingDays && t.Clock != ClockSameDay) ||
		(t.Window && len(t.Warnings) > 0) || !t.cutoffValid() {
		return c, false
	}
	var ok1, ok2 bool
	c.restart, ok1 = startableSet(t.RestartOn)
	c.metBy, ok2 = startableSet(t.MetBy)
	if !ok1 || !ok2 {
		return c, false
	}
	for i := range t.Warnings {
		if !t.Warnings[i].valid(t) {
			return c, false
		}
	}
	x := &t.Extension
	if x.MaxCount < 0 || x.MaxCount > 100 {
		return c, false
	}
	if !x.MaxTotal.IsZero() && (x.MaxCount == 0 || !x.MaxTotal.fits(t.Clock)) {
		return c, false
	}
	return c, true
}

// Validate checks t on its own. Errors are *PolicyError values with an
// empty Policy and Field relative to the target, e.g. "days".
func (t *Target) Validate() error {
	if field, err := t.validate(); err != nil {
		return &PolicyError{Field: field, Err: err}
	}
	return nil
}

func (t *Target) validate() (string, error) {
	if t.Name == "" {
		return "name", fmt.Errorf("empty")
	}
	if !t.Clock.Valid() {
		return "clock", unknownName(clockNames, "clock", t.Clock.String(), ErrUnknownClock)
	}
	if t.Clock == ClockSameDay {
		if !t.Amount.IsZero() {
			return amountField(t.Amount, "", "duration", "days"), fmt.Errorf("a same_day target takes no amount: %w", ErrInvalidAmount)
		}
	} else if field, err := t.Amount.checkField(t.Clock, "", "duration", "days"); err != nil {
		return field, err
	}
	if t.FromStartDay && t.Clock != ClockWorkingDays {
		return "from_start_day", fmt.Errorf("only for a working_days clock")
	}
	if t.CloseOfWork && t.Clock != ClockWorkingDays && t.Clock != ClockSameDay {
		return "close_of_work", fmt.Errorf("only for working_days and same_day clocks")
	}
	if !t.cutoffValid() {
		return "same_day_cutoff", fmt.Errorf("%s: want a time of day after 00:00 up to 24:00, for a same_day clock only", formatTimeOfDay(t.SameDayCutoff))
	}
	if !startable(t.Start) {
		return "start", fmt.Errorf("%v: want an event other than suspended, resumed or extended", t.Start)
	}
	for i, k := range t.RestartOn {
		if !startable(k) {
			return fmt.Sprintf("restart_on[%d]", i), fmt.Errorf("%v: want an event other than suspended, resumed or extended", k)
		}
	}
	if len(t.MetBy) == 0 {
		return "met_by", fmt.Errorf("empty")
	}
	for i, k := range t.MetBy {
		if !startable(k) {
			return fmt.Sprintf("met_by[%d]", i), fmt.Errorf("%v: want an event other than suspended, resumed or extended", k)
		}
	}
	if t.Window && len(t.Warnings) > 0 {
		return "warnings", fmt.Errorf("a window raises no warnings")
	}
	for i, w := range t.Warnings {
		if w.valid(t) {
			continue
		}
		f := fmt.Sprintf("warnings[%d]", i)
		switch {
		case w.Fraction != 0 && !w.Before.IsZero():
			return f, fmt.Errorf("set fraction or before, not both")
		case w.Fraction != 0:
			if !(w.Fraction > 0 && w.Fraction < 1) {
				return f + ".fraction", fmt.Errorf("%v: want 0 < fraction < 1", w.Fraction)
			}
		case w.Before.Days != 0:
			if t.Clock != ClockWorkingDays || w.Before.Duration != 0 || w.Before.Days < 0 || w.Before.Days >= t.Amount.Days {
				return f + ".before_days", fmt.Errorf("%d: want 1 to days-1 on a working_days target: %w", w.Before.Days, ErrInvalidAmount)
			}
		case w.Before.Duration != 0:
			if w.Before.Duration < 0 || w.Before.Duration > MaxDuration {
				return f + ".before", fmt.Errorf("%v: want a positive duration: %w", w.Before.Duration, ErrInvalidAmount)
			}
		default:
			return f, fmt.Errorf("set fraction or before")
		}
	}
	x := t.Extension
	if x.MaxCount < 0 || x.MaxCount > 100 {
		return "extension.max_count", fmt.Errorf("%d: want 0 to 100", x.MaxCount)
	}
	if !x.MaxTotal.IsZero() {
		if x.MaxCount == 0 {
			return amountField(x.MaxTotal, "extension.", "max_duration", "max_days"), fmt.Errorf("set with max_count 0")
		}
		if field, err := x.MaxTotal.checkField(t.Clock, "extension.", "max_duration", "max_days"); err != nil {
			return field, err
		}
	}
	return "", nil
}

// valid is the fast path of the warning checks in validate.
func (w Warning) valid(t *Target) bool {
	switch {
	case w.Fraction != 0:
		return w.Before.IsZero() && w.Fraction > 0 && w.Fraction < 1
	case w.Before.Days != 0:
		return t.Clock == ClockWorkingDays && w.Before.Duration == 0 && w.Before.Days > 0 && w.Before.Days < t.Amount.Days
	}
	return w.Before.Duration > 0 && w.Before.Duration <= MaxDuration
}

func startable(k EventKind) bool {
	return k.Valid() && k != EventSuspended && k != EventResumed && k != EventExtended
}
