package cn

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"time"
	_ "time/tzdata" // Asia/Shanghai on machines without a zoneinfo database

	"github.com/hotline12345/hotline/calendar"
)

// PeriodsDefault returns the office hours of a working day New uses when
// Config.Periods is nil: 08:30-12:00 and 14:00-17:30, China Standard Time.
// Each call returns a new slice.
func PeriodsDefault() []calendar.Period {
	return []calendar.Period{
		{Start: 8*time.Hour + 30*time.Minute, End: 12 * time.Hour},
		{Start: 14 * time.Hour, End: 17*time.Hour + 30*time.Minute},
	}
}

const (
	// LocationDefault is the IANA zone of the calendar.
	LocationDefault = "Asia/Shanghai"
	// IndexFromDefault and IndexToDefault are the years precomputed for
	// fast queries; other years are answered too, only more slowly.
	IndexFromDefault = calendar.IndexFromDefault
	IndexToDefault   = calendar.IndexToDefault
)

// Config describes a China calendar. The zero Config gives the same
// calendar as [Calendar]. The working week is Monday to Friday, which the
// notices assume.
type Config struct {
	// Location is the zone dates and hours are read in; nil means
	// Asia/Shanghai.
	Location *time.Location
	// Periods are the hours of a working day; nil means PeriodsDefault.
	Periods []calendar.Period
	// Seasons give other hours for a range of days each year, e.g.
	// summer hours.
	Seasons []calendar.Season
	// Overrides are local closures, extra working days and special hours.
	// An override of a date the notices also give replaces the official
	// entry (a typhoon closure on a make-up workday closes it). Two
	// overrides of one date are an error.
	Overrides []calendar.Override
	// Data are more notices, applied in order over the embedded ones: a
	// notice replaces the embedded notice of the same year, a new year is
	// added. Parse a file with [Parse].
	Data []*Schedule
	// AllowIncomplete accepts notices in Data that leave a statutory day
	// as a working day; false (the zero value) refuses them with an
	// *IncompleteError (see [Schedule.CheckStatutory]).
	AllowIncomplete bool
	// IndexFrom and IndexTo are the first and last year precomputed; zero
	// means IndexFromDefault and IndexToDefault.
	IndexFrom int
	IndexTo   int
	// OpenEnd is how many days at the end of the last notice's year are
	// provisional until the next year's notice is added, unless an
	// override names them (calendar.Config.OpenEnd): zero means
	// OpenEndDefault, a negative value none.
	OpenEnd int
}

// OpenEndDefault is Config.OpenEnd's default: the last week of December,
// which the next year's notice changed at 4 of the 19 year-ends 2007-2025
// (2018-12-29 became a working day, 30 and 31 December days off).
const OpenEndDefault = 7

var (
	shanghai = sync.OnceValue(func() *time.Location {
		loc, err := time.LoadLocation(LocationDefault)
		if err != nil {
			// Not reached: time/tzdata is linked in. China has kept
			// UTC+8 without daylight saving since 1991.
			return time.FixedZone("CST", 8*60*60)
		}
		return loc
	})
	official = sync.OnceValues(func() (*Schedule, error) { return Parse(bytes.NewReader(officialJSON)) })
	shared   = sync.OnceValue(buildDefault)
)

// Calendar returns the calendar of the embedded official schedules:
// Asia/Shanghai, Monday to Friday, 08:30-12:00 and 14:00-17:30. It is built
// on first use and shared; it is safe for concurrent use. Years without a
// notice (before 2007 and after 2026 in this release) are provisional:
// weekends and the statutory days of the law in force are off, and no
// make-up days are guessed. So are the last OpenEndDefault days of 2026,
// until 2027's notice is added.
func Calendar() *calendar.Calendar { return shared() }

func buildDefault() *calendar.Calendar {
	c, err := New(Config{})
	if err == nil {
		return c
	}
	// Not reached: the embedded data is checked by the tests. Rather than
	// panic, answer every year provisionally.
	c, _ = calendar.New(calendar.Config{
		Location:    shanghai(),
		Periods:     PeriodsDefault(),
		KnownYears:  []int{0}, // no calendar year is known
		Provisional: statutoryOf,
		IndexFrom:   IndexFromDefault,
		IndexTo:     IndexToDefault,
	})
	return c
}

// New builds a China calendar from cfg: the embedded notices, then
// cfg.Data, then cfg.Overrides. Errors are *calendar.ConfigError values
// naming the field (e.g. "Data[0]" or "Overrides[2]"); bad notices also
// wrap a *DataError and [ErrBadData].
func New(cfg Config) (*calendar.Calendar, error) {
	sched, err := official()
	if err != nil {
		return nil, fmt.Errorf("cn: embedded data: %w", err)
	}
	if len(cfg.Data) > 0 {
		for i, d := range cfg.Data {
			if d == nil {
				return nil, fmt.Errorf("cn: %w", &calendar.ConfigError{Field: fmt.Sprintf("Data[%d]", i), Err: fmt.Errorf("nil schedule: %w", ErrBadData)})
			}
			err := d.Validate()
			if err == nil && !cfg.AllowIncomplete {
				err = d.CheckStatutory()
			}
			if err != nil {
				return nil, fmt.Errorf("cn: %w", &calendar.ConfigError{Field: fmt.Sprintf("Data[%d]", i), Err: err})
			}
			sched = sched.Merge(d)
		}
		if err := sched.Validate(); err != nil {
			return nil, fmt.Errorf("cn: %w", &calendar.ConfigError{Field: "Data", Err: err})
		}
	}
	loc := cfg.Location
	if loc == nil {
		loc = shanghai()
	}
	periods := cfg.Periods
	if periods == nil {
		periods = PeriodsDefault()
	}
	openEnd := cfg.OpenEnd
	switch {
	case openEnd == 0:
		openEnd = OpenEndDefault
	case openEnd < 0:
		openEnd = 0
	}
	lo, hi := cfg.IndexFrom, cfg.IndexTo
	if lo == 0 {
		lo = IndexFromDefault
	}
	if hi == 0 {
		hi = IndexToDefault
	}
	c, err := calendar.New(calendar.Config{
		Location:    loc,
		Periods:     periods,
		Seasons:     cfg.Seasons,
		Overrides:   overrides(sched, cfg.Overrides),
		KnownYears:  sched.Years(),
		OpenEnd:     openEnd,
		Provisional: statutoryOf,
		IndexFrom:   lo,
		IndexTo:     hi,
	})
	if err != nil {
		return nil, fmt.Errorf("cn: %w", err)
	}
	return c, nil
}

// Load returns a calendar of the embedded notices with the notices read
// from r (the format of the embedded file, see [Parse]) added or replacing
// the same years, so that a new year's notice needs no new release. A
// notice that leaves a statutory day as a working day is refused unless
// opts include [AllowIncomplete]. Other settings are the defaults; use
// [Parse] (or [LoadFile]) and [New] to combine.
func Load(r io.Reader, opts ...Option) (*calendar.Calendar, error) {
	s, err := Parse(r, opts...)
	if err != nil {
		return nil, err
	}
	return New(Config{Data: []*Schedule{s}, AllowIncomplete: readOptions(opts).allowIncomplete})
}

// overrides turns the notices into calendar overrides, the local ones
// first (so that the engine's error indexes match Config.Overrides) and the
// official ones they do not replace after them.
func overrides(s *Schedule, local []calendar.Override) []calendar.Override {
	replaced := make(map[calendar.Date]bool, len(local))
	for _, o := range local {
		replaced[o.Date] = true
	}
	out := make([]calendar.Override, 0, len(local)+32*len(s.Notices))
	out = append(out, local...)
	for _, n := range s.Notices {
		namesEN := map[string]string{}
		for _, b := range n.Holidays {
			en := b.NameEN
			if en == "" {
				en = englishName(b.Name)
			}
			namesEN[b.Name] = en
			for _, d := range b.Days {
				if !replaced[d] {
					out = append(out, calendar.Override{Date: d, Kind: calendar.DayOff, Name: b.Name, NameEN: en, Statutory: isStatutory(d)})
				}
			}
		}
		for _, w := range n.Workdays {
			if !replaced[w.Date] {
				out = append(out, calendar.Override{Date: w.Date, Kind: calendar.MakeupWorkday, Name: w.Name, NameEN: namesEN[w.Name]})
			}
		}
	}
	return out
}

// englishName returns the English name of a festival named in Chinese, or
// "" for a name the law does not know.
func englishName(name string) string {
	for _, n := range festivalNames {
		if n[0] == name {
			return n[1]
		}
	}
	return ""
}
