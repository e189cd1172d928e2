package calendar

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
)

// Errors that callers can branch on with errors.Is.
var (
	// ErrInvalidConfig is wrapped by every error New returns.
	ErrInvalidConfig = errors.New("invalid calendar config")
	// ErrInvalidPeriod reports a malformed, empty or overlapping work period.
	ErrInvalidPeriod = errors.New("invalid work period")
	// ErrInvalidDate reports a date or day of the week that does not exist,
	// or a year outside MinYear to MaxYear.
	ErrInvalidDate = errors.New("invalid date")
	// ErrDuplicateDate reports a date given twice, such as two overrides of
	// one date.
	ErrDuplicateDate = errors.New("date given twice")
	// ErrInvalidKind reports an override whose Kind is not DayOff, Workday
	// or MakeupWorkday.
	ErrInvalidKind = errors.New("invalid kind of day")
)

// ConfigError names the Config field that New rejected. It wraps
// [ErrInvalidConfig] and the underlying cause.
type ConfigError struct {
	Field string // e.g. "Overrides[3].Periods"
	Err   error
}

// Error names the field, then the cause.
func (e *ConfigError) Error() string { return "calendar: config " + e.Field + ": " + e.Err.Error() }

// Unwrap returns the cause and ErrInvalidConfig.
func (e *ConfigError) Unwrap() []error { return []error{e.Err, ErrInvalidConfig} }

// Kind classifies a day.
type Kind uint8

const (
	// Workday is an ordinary working day of the week.
	Workday Kind = iota + 1
	// Weekend is a rest day of the ordinary week (Saturday or Sunday by default).
	Weekend
	// DayOff is a day off given by an override: a holiday, a 调休 rest
	// day, or a local closure. It may fall on a rest day of the week, as
	// the weekend days inside a Chinese holiday block do.
	DayOff
	// MakeupWorkday is a rest day of the week that is worked (调休上班).
	MakeupWorkday
)

var kindNames = i18n.NewNames(
	[]string{"", "workday", "weekend", "day off", "make-up workday"},
	[]string{"", "工作日", "休息日", "放假", "调休上班"},
	nil)

// String returns the kind in English, e.g. "make-up workday", or "Kind(n)"
// for an undeclared value.
func (k Kind) String() string {
	if n := kindNames.Key(int(k)); n != "" {
		return n
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Name returns the kind's name in the language best matching t: "调休上班"
// for Chinese tags, "make-up workday" (k.String()) for all others;
// k.String() for an undeclared value.
func (k Kind) Name(t language.Tag) string {
	if kindNames.Key(int(k)) == "" {
		return k.String()
	}
	return kindNames.Name(int(k), t)
}

// Working reports whether days of this kind are worked.
func (k Kind) Working() bool { return k == Workday || k == MakeupWorkday }

// Override changes one date: a day off, a worked rest day, or a working day
// with its own hours (a half day).
type Override struct {
	Date Date
	// Kind is DayOff, MakeupWorkday or Workday. Workday and MakeupWorkday
	// mean the same on a rest day of the week; on a working day of the week
	// Workday with Periods sets that day's hours.
	Kind Kind
	// Name and NameEN name the festival or reason (optional).
	Name   string
	NameEN string
	// Statutory marks a day off that the law makes a public holiday
	// (法定节假日), as opposed to a rest day moved by 调休.
	Statutory bool
	// Periods are the working hours on a working day; nil means the
	// ordinary hours for that date. Ignored for DayOff.
	Periods []Period
}

// MonthDay is a day of the year without the year, e.g. {time.July, 1}.
type MonthDay struct {
	Month time.Month
	Day   int
}

// Season gives other working hours for a range of days each year, such as
// summer hours. From and To are inclusive; a range with From after To wraps
// over the new year.
type Season struct {
	Name    string
	From    MonthDay
	To      MonthDay
	Periods []Period
}

// WeekdaysDefault returns the working days of the week New uses when
// Config.Weekdays is nil: Monday to Friday. Each call returns a new slice.
func WeekdaysDefault() []time.Weekday {
	return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
}

// PeriodsDefault returns the working hours New uses when Config.Periods is
// nil: 09:00-12:00 and 13:00-17:00. Each call returns a new slice.
func PeriodsDefault() []Period {
	return []Period{{9 * time.Hour, 12 * time.Hour}, {13 * time.Hour, 17 * time.Hour}}
}

// Index range defaults: the years New precomputes when Config leaves them
// zero and knows no years. Queries outside the index are answered too, only
// more slowly.
const (
	IndexFromDefault = 2000
	IndexToDefault   = 2060
)

// Config describes a calendar. The zero Config is a Monday-to-Friday
// calendar in UTC with [PeriodsDefault] hours and no holidays.
type Config struct {
	// Location is the time zone that dates and hours are read in; nil
	// means UTC.
	Location *time.Location
	// Weekdays are the working days of the week; nil means
	// WeekdaysDefault. A non-nil empty slice means no day of the week works.
	Weekdays []time.Weekday
	// Periods are the working hours of a working day; nil means
	// PeriodsDefault.
	Periods []Period
	// Seasons override Periods for date ranges each year. Later seasons win
	// where two overlap.
	Seasons []Season
	// Overrides change single dates. Two overrides of one date are an error.
	Overrides []Override
	// KnownYears are the years whose days Overrides give in full (the years
	// an official notice covers). When empty, every year is known. A day in
	// another year is Provisional unless an Override names it.
	KnownYears []int
	// OpenEnd is how many days at the end of a known year are provisional
	// when the next year is not known, unless an Override names them: a
	// notice for the next year may still move them (China's notices did
	// at 4 of the 19 year-ends 2007-2025, for the New Year holiday). Zero makes every day of
	// a known year official; it must be 0 to 366.
	OpenEnd int
	// Provisional gives the days off for a year that is not known, such as
	// the statutory holidays of the law in force, with no make-up days
	// guessed. It may be nil. It must be safe for concurrent use; dates
	// outside the year are ignored.
	Provisional func(year int) []Override
	// AlwaysOpen makes a 24x7 calendar: every day works 00:00-24:00 and
	// Weekdays, Periods, Seasons, Overrides and Provisional are ignored.
	AlwaysOpen bool
	// IndexFrom and IndexTo are the first and last year precomputed for
	// fast queries. Zero means from the year before the first known year
	// (or override) to ten years after the last, or IndexFromDefault to
	// IndexToDefault when there are none.
	IndexFrom int
	IndexTo   int
}
