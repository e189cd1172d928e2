package calendar_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// d returns midnight of y-m-d in Shanghai.
func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, shanghai) }

// at returns y-m-d h:min in Shanghai.
func at(y int, m time.Month, day, h, min int) time.Time {
	return time.Date(y, m, day, h, min, 0, 0, shanghai)
}

// golden2025 is the 2025 National Day and Mid-Autumn block as the notice
// gives it: 1-8 October off, Sunday 28 September and Saturday 11 October worked.
func golden2025() []calendar.Override {
	var os []calendar.Override
	for day := 1; day <= 8; day++ {
		os = append(os, calendar.Override{Date: calendar.D(2025, 10, day), Kind: calendar.DayOff,
			Name: "国庆节、中秋节", NameEN: "National Day and Mid-Autumn Festival", Statutory: day <= 3})
	}
	os = append(os,
		calendar.Override{Date: calendar.D(2025, 9, 28), Kind: calendar.MakeupWorkday, Name: "国庆节、中秋节"},
		calendar.Override{Date: calendar.D(2025, 10, 11), Kind: calendar.MakeupWorkday, Name: "国庆节、中秋节"},
	)
	return os
}

func newTown(t testing.TB, mod func(*calendar.Config)) *calendar.Calendar {
	t.Helper()
	cfg := calendar.Config{
		Location:   shanghai,
		Periods:    calendar.MustParsePeriods("08:30-12:00,14:00-17:30"),
		Overrides:  golden2025(),
		KnownYears: []int{2025},
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := calendar.New(cfg)
	require.NoError(t, err)
	return c
}

func TestIsWorkday(t *testing.T) {
	c := newTown(t, nil)
	tests := []struct {
		t    time.Time
		want bool
	}{
		{d(2025, 9, 26), true},  // Friday
		{d(2025, 9, 27), false}, // Saturday
		{d(2025, 9, 28), true},  // make-up Sunday
		{d(2025, 10, 1), false}, // National Day
		{d(2025, 10, 8), false}, // last day of the block, a Wednesday
		{d(2025, 10, 9), true},
		{d(2025, 10, 11), true},                                // make-up Saturday
		{d(2025, 10, 12), false},                               // Sunday
		{time.Date(2025, 9, 30, 17, 0, 0, 0, time.UTC), false}, // 1 October 01:00 in Shanghai
		{time.Date(2025, 9, 30, 15, 59, 0, 0, time.UTC), true}, // 30 September 23:59 in Shanghai
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, c.IsWorkday(tt.t), "%v", tt.t)
	}
}

func TestAddWorkdays(t *testing.T) {
	c := newTown(t, nil)
	tests := []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{at(2025, 9, 26, 10, 0), 1, d(2025, 9, 28)},
		{at(2025, 9, 26, 10, 0), 2, d(2025, 9, 29)},
		{at(2025, 9, 26, 10, 0), 3, d(2025, 9, 30)},
		{at(2025, 9, 26, 10, 0), 4, d(2025, 10, 9)},
		{at(2025, 9, 26, 10, 0), 5, d(2025, 10, 10)},
		{at(2025, 9, 26, 10, 0), 6, d(2025, 10, 11)},
		{at(2025, 9, 26, 10, 0), 7, d(2025, 10, 13)},
		{d(2025, 10, 3), 1, d(2025, 10, 9)},
		{d(2025, 9, 27), 0, d(2025, 9, 28)},
		{d(2025, 10, 1), 0, d(2025, 10, 9)},
		{d(2025, 10, 9), 0, d(2025, 10, 9)},
		{d(2025, 10, 9), -1, d(2025, 9, 30)},
		{d(2025, 10, 9), -4, d(2025, 9, 26)},
		{d(2025, 10, 5), -1, d(2025, 9, 30)},
		{d(2025, 10, 13), -2, d(2025, 10, 10)},
		// In UTC: 2025-09-30T16:30Z is 1 October 00:30 in Shanghai.
		{time.Date(2025, 9, 30, 16, 30, 0, 0, time.UTC), 1, d(2025, 10, 9)},
	}
	for _, tt := range tests {
		got := c.AddWorkdays(tt.from, tt.n)
		assert.True(t, tt.want.Equal(got), "AddWorkdays(%v, %d) = %v, want %v", tt.from, tt.n, got, tt.want)
		assert.Equal(t, shanghai, got.Location())
	}
}

func TestEndOfWorkdays(t *testing.T) {
	c := newTown(t, nil)
	tests := []struct {
		from        time.Time
		n           int
		day         time.Time
		provisional bool
	}{
		// Five working days from Friday 26 September 2025 skip the
		// National Day block and use the make-up Sunday.
		{at(2025, 9, 26, 10, 0), 5, d(2025, 10, 10), false},
		{at(2025, 9, 26, 18, 0), 5, d(2025, 10, 10), false},
		{d(2025, 10, 3), 1, d(2025, 10, 9), false},
		{d(2025, 10, 1), 0, d(2025, 10, 9), false},
		{d(2025, 10, 9), 0, d(2025, 10, 9), false},
		// 2025 is the only known year: a run into 2026 is provisional.
		{at(2025, 12, 30, 9, 0), 2, d(2026, 1, 1), true},
		{at(2025, 12, 30, 9, 0), 1, d(2025, 12, 31), false},
		// Asked twice, the second answer comes from the memo.
		{at(2025, 9, 26, 16, 0), 5, d(2025, 10, 10), false},
	}
	// The second round is answered from the memo.
	for _, tt := range append(tests, tests...) {
		got, ok := c.EndOfWorkdays(tt.from, tt.n)
		require.True(t, ok, "EndOfWorkdays(%v, %d)", tt.from, tt.n)
		assert.True(t, tt.day.Equal(got.Day), "EndOfWorkdays(%v, %d).Day = %v, want %v", tt.from, tt.n, got.Day, tt.day)
		close := tt.day.Add(17*time.Hour + 30*time.Minute)
		assert.True(t, close.Equal(got.Close), "EndOfWorkdays(%v, %d).Close = %v, want %v", tt.from, tt.n, got.Close, close)
		assert.True(t, tt.day.AddDate(0, 0, 1).Equal(got.End), "EndOfWorkdays(%v, %d).End = %v", tt.from, tt.n, got.End)
		assert.Equal(t, tt.provisional, got.Provisional, "EndOfWorkdays(%v, %d).Provisional", tt.from, tt.n)
		assert.Equal(t, shanghai, got.Close.Location())
	}
	_, ok := c.EndOfWorkdays(d(2025, 9, 26), -1)
	assert.False(t, ok, "a negative count has no answer")
	_, ok = c.EndOfWorkdays(d(calendar.MaxYear, 12, 31), 5)
	assert.False(t, ok, "a day after MaxYear has no answer")

	open := calendar.AlwaysOpen(shanghai)
	got, ok := open.EndOfWorkdays(at(2025, 10, 1, 10, 0), 2)
	require.True(t, ok)
	assert.True(t, d(2025, 10, 3).Equal(got.Day) && d(2025, 10, 4).Equal(got.Close) && d(2025, 10, 4).Equal(got.End),
		"24x7 calendar: %+v", got)
}

func TestWorkdaysBetween(t *testing.T) {
	c := newTown(t, nil)
	tests := []struct {
		a, b time.Time
		want int
	}{
		{at(2025, 9, 26, 10, 0), d(2025, 10, 10), 5}, // 28, 29, 30 Sept, 9, 10 Oct
		{d(2025, 10, 10), at(2025, 9, 26, 10, 0), -5},
		{d(2025, 10, 1), d(2025, 10, 8), 0},
		{d(2025, 9, 30), d(2025, 10, 9), 1},
		{d(2025, 10, 6), d(2025, 10, 12), 3}, // 9, 10, 11
		{d(2025, 10, 9), at(2025, 10, 9, 23, 0), 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, c.WorkdaysBetween(tt.a, tt.b), "WorkdaysBetween(%v, %v)", tt.a, tt.b)
	}
}

func TestAddWorkTime(t *testing.T) {
	c := newTown(t, nil)
	tests := []struct {
		from time.Time
		d    time.Duration
		want time.Time
	}{
		{at(2025, 9, 30, 10, 0), 2 * time.Hour, at(2025, 9, 30, 12, 0)}, // ends a period: 12:00, not 14:00
		{at(2025, 9, 30, 10, 0), 121 * time.Minute, at(2025, 9, 30, 14, 1)},
		{at(2025, 9, 30, 12, 30), 30 * time.Minute, at(2025, 9, 30, 14, 30)}, // lunch is not counted
		{at(2025, 9, 30, 16, 0), 2 * time.Hour, at(2025, 10, 9, 9, 0)},       // over the whole block
		{at(2025, 9, 30, 17, 30), 210 * time.Minute, at(2025, 10, 9, 12, 0)},
		{at(2025, 10, 1, 10, 0), time.Hour, at(2025, 10, 9, 9, 30)},
		{at(2025, 9, 26, 16, 0), 8 * time.Hour, at(2025, 9, 28, 17, 0)}, // 1.5 h Fri, 6.5 h on make-up Sun 28
		{at(2025, 9, 26, 16, 0), 9 * time.Hour, at(2025, 9, 29, 9, 0)},  // 1.5 h Fri, 7 h Sun 28, 0.5 h Mon
		{at(2025, 10, 9, 9, 0), -time.Hour, at(2025, 9, 30, 17, 0)},
		{at(2025, 10, 9, 14, 0), -210 * time.Minute, at(2025, 10, 9, 8, 30)},
		{at(2025, 10, 9, 14, 30), -30 * time.Minute, at(2025, 10, 9, 14, 0)}, // latest instant: 14:00, not 12:00
		{at(2025, 10, 9, 14, 30), -31 * time.Minute, at(2025, 10, 9, 11, 59)},
		{at(2025, 10, 9, 9, 0), 0, at(2025, 10, 9, 9, 0)},
		{at(2025, 10, 4, 9, 0), 0, at(2025, 10, 4, 9, 0)},
	}
	for _, tt := range tests {
		got := c.AddWorkTime(tt.from, tt.d)
		assert.True(t, tt.want.Equal(got), "AddWorkTime(%v, %v) = %v, want %v", tt.from, tt.d, got, tt.want)
	}
}

func TestWorkTimeBetween(t *testing.T) {
	c := newTown(t, nil)
	tests := []struct {
		a, b time.Time
		want time.Duration
	}{
		{at(2025, 9, 30, 16, 0), at(2025, 10, 9, 9, 0), 2 * time.Hour},
		{at(2025, 10, 9, 9, 0), at(2025, 9, 30, 16, 0), -2 * time.Hour},
		{d(2025, 10, 13), d(2025, 10, 20), 35 * time.Hour},   // an ordinary week
		{d(2025, 9, 26), d(2025, 10, 13), 7 * 7 * time.Hour}, // 26, 28, 29, 30 Sept, 9, 10, 11 Oct
		{at(2025, 9, 30, 12, 0), at(2025, 9, 30, 14, 0), 0},
		{at(2025, 9, 30, 11, 0), at(2025, 9, 30, 15, 0), 2 * time.Hour},
		{time.Date(2025, 9, 30, 2, 0, 0, 0, time.UTC), time.Date(2025, 9, 30, 7, 0, 0, 0, time.UTC), 3 * time.Hour}, // 10:00-15:00 Shanghai
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, c.WorkTimeBetween(tt.a, tt.b), "WorkTimeBetween(%v, %v)", tt.a, tt.b)
	}
}

func TestDay(t *testing.T) {
	c := newTown(t, func(cfg *calendar.Config) {
		cfg.Provisional = func(year int) []calendar.Override {
			return []calendar.Override{{Date: calendar.D(year, 1, 1), Kind: calendar.DayOff, Name: "元旦", Statutory: true}}
		}
	})
	info := c.Day(at(2025, 10, 1, 9, 0))
	assert.Equal(t, calendar.DayOff, info.Kind)
	assert.Equal(t, "国庆节、中秋节", info.Name)
	assert.Equal(t, "National Day and Mid-Autumn Festival", info.NameEN)
	assert.True(t, info.Statutory)
	assert.False(t, info.Provisional)
	assert.Nil(t, info.Periods)

	info = c.Day(d(2025, 10, 4))
	assert.Equal(t, calendar.DayOff, info.Kind)
	assert.False(t, info.Statutory, "a 调休 rest day is not statutory")

	info = c.Day(d(2025, 9, 28))
	assert.Equal(t, calendar.MakeupWorkday, info.Kind)
	assert.Equal(t, calendar.MustParsePeriods("08:30-12:00,14:00-17:30"), info.Periods)

	assert.Equal(t, calendar.Weekend, c.Day(d(2025, 9, 27)).Kind)
	assert.Equal(t, calendar.Workday, c.Day(d(2025, 9, 26)).Kind)

	info = c.Day(d(2026, 1, 1))
	assert.Equal(t, calendar.DayOff, info.Kind)
	assert.True(t, info.Provisional)
	assert.True(t, info.Statutory)
	assert.Equal(t, calendar.Workday, c.Day(d(2026, 1, 2)).Kind)
	assert.True(t, c.Day(d(2026, 1, 2)).Provisional)
	assert.True(t, c.Known(2025))
	assert.False(t, c.Known(2026))

	assert.False(t, c.ProvisionalBetween(d(2025, 1, 1), at(2025, 12, 31, 23, 0)))
	assert.True(t, c.ProvisionalBetween(d(2025, 12, 20), d(2026, 1, 5)))
	assert.True(t, c.ProvisionalBetween(d(2026, 1, 5), d(2025, 12, 20)))
}

func TestHolidays(t *testing.T) {
	c := newTown(t, nil)
	hs := c.Holidays(calendar.D(2025, 9, 1), calendar.D(2025, 10, 31))
	require.Len(t, hs, 8)
	assert.Equal(t, calendar.D(2025, 10, 1), hs[0].Date)
	assert.Equal(t, calendar.D(2025, 10, 8), hs[7].Date)
	n := 0
	for info := range c.Days(calendar.D(2025, 9, 27), calendar.D(2025, 10, 12)) {
		if info.Working() {
			n++
		}
	}
	assert.Equal(t, 6, n) // 28, 29, 30 Sept, 9, 10, 11 Oct
}

func TestNextWorkingInstantAndClose(t *testing.T) {
	c := newTown(t, nil)
	tests := []struct {
		t, want time.Time
	}{
		{at(2025, 9, 30, 7, 0), at(2025, 9, 30, 8, 30)},
		{at(2025, 9, 30, 9, 0), at(2025, 9, 30, 9, 0)},
		{at(2025, 9, 30, 12, 0), at(2025, 9, 30, 14, 0)},
		{at(2025, 9, 30, 17, 30), at(2025, 10, 9, 8, 30)},
		{at(2025, 10, 3, 11, 0), at(2025, 10, 9, 8, 30)},
	}
	for _, tt := range tests {
		got := c.NextWorkingInstant(tt.t)
		assert.True(t, tt.want.Equal(got), "NextWorkingInstant(%v) = %v, want %v", tt.t, got, tt.want)
	}
	end, ok := c.CloseOfDay(at(2025, 9, 28, 9, 0))
	assert.True(t, ok)
	assert.True(t, at(2025, 9, 28, 17, 30).Equal(end))
	_, ok = c.CloseOfDay(d(2025, 10, 2))
	assert.False(t, ok)
	assert.True(t, d(2025, 10, 3).Equal(c.EndOfDay(at(2025, 10, 2, 13, 0))))
	assert.True(t, d(2025, 10, 2).Equal(c.StartOfDay(at(2025, 10, 2, 13, 0))))
}

func TestSeasonsAndHalfDays(t *testing.T) {
	c := newTown(t, func(cfg *calendar.Config) {
		cfg.Seasons = []calendar.Season{
			{Name: "summer", From: calendar.MonthDay{Month: 7, Day: 1}, To: calendar.MonthDay{Month: 9, Day: 30},
				Periods: calendar.MustParsePeriods("08:00-12:00,15:00-18:00")},
			{Name: "winter", From: calendar.MonthDay{Month: 12, Day: 1}, To: calendar.MonthDay{Month: 2, Day: 28},
				Periods: calendar.MustParsePeriods("09:00-12:00,13:30-17:00")},
		}
		cfg.Overrides = append(cfg.Overrides, calendar.Override{Date: calendar.D(2025, 12, 31), Kind: calendar.Workday,
			Name: "半天", Periods: calendar.MustParsePeriods("09:00-12:00")})
	})
	assert.Equal(t, 7*time.Hour, c.WorkTimeBetween(d(2025, 7, 1), d(2025, 7, 2)))
	assert.Equal(t, 7*time.Hour, c.WorkTimeBetween(d(2025, 9, 30), d(2025, 10, 1)))
	assert.Equal(t, 7*time.Hour, c.WorkTimeBetween(d(2025, 10, 9), d(2025, 10, 10)))
	assert.Equal(t, 6*time.Hour+30*time.Minute, c.WorkTimeBetween(d(2025, 1, 2), d(2025, 1, 3)))
	assert.Equal(t, 3*time.Hour, c.WorkTimeBetween(d(2025, 12, 31), d(2026, 1, 1)))
	end, ok := c.CloseOfDay(d(2025, 12, 31))
	assert.True(t, ok)
	assert.True(t, at(2025, 12, 31, 12, 0).Equal(end))
	assert.True(t, at(2025, 7, 1, 12, 0).Equal(c.AddWorkTime(at(2025, 7, 1, 11, 0), time.Hour)))
	assert.True(t, at(2025, 7, 1, 15, 30).Equal(c.AddWorkTime(at(2025, 7, 1, 11, 0), 90*time.Minute)))
}

func TestAlwaysOpen(t *testing.T) {
	c := calendar.AlwaysOpen(shanghai)
	assert.True(t, c.IsAlwaysOpen())
	assert.True(t, c.IsWorkday(d(2025, 10, 1)))
	assert.True(t, at(2025, 10, 1, 0, 30).Equal(c.AddWorkTime(at(2025, 9, 30, 23, 30), time.Hour)))
	assert.Equal(t, 25*time.Hour, c.WorkTimeBetween(at(2025, 9, 30, 23, 0), d(2025, 10, 2)))
	assert.True(t, d(2025, 10, 3).Equal(c.AddWorkdays(at(2025, 10, 1, 9, 0), 2)))
	assert.Equal(t, 8, c.WorkdaysBetween(d(2025, 9, 30), d(2025, 10, 8)))
	assert.Equal(t, calendar.Workday, c.Day(d(2025, 10, 1)).Kind)
	cl, ok := c.CloseOfDay(at(2025, 10, 1, 9, 0))
	assert.True(t, ok && d(2025, 10, 2).Equal(cl), "CloseOfDay = %v, %v", cl, ok)
	assert.True(t, c.Known(2025) && c.Known(3000))
	assert.False(t, c.ProvisionalBetween(d(1990, 1, 1), d(2100, 1, 1)))
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name  string
		cfg   calendar.Config
		field string
		cause error
	}{
		{"bad weekday", calendar.Config{Weekdays: []time.Weekday{9}}, "Weekdays[0]", calendar.ErrInvalidDate},
		{"overlap", calendar.Config{Periods: []calendar.Period{{9 * time.Hour, 12 * time.Hour}, {11 * time.Hour, 13 * time.Hour}}}, "Periods", calendar.ErrInvalidPeriod},
		{"empty periods", calendar.Config{Periods: []calendar.Period{}}, "Periods", calendar.ErrInvalidPeriod},
		{"bad date", calendar.Config{Overrides: []calendar.Override{{Date: calendar.D(2025, 2, 29), Kind: calendar.DayOff}}}, "Overrides[0]", calendar.ErrInvalidDate},
		{"twice", calendar.Config{Overrides: []calendar.Override{{Date: calendar.D(2025, 2, 3), Kind: calendar.DayOff}, {Date: calendar.D(2025, 2, 3), Kind: calendar.MakeupWorkday}}}, "Overrides[1]", calendar.ErrDuplicateDate},
		{"bad kind", calendar.Config{Overrides: []calendar.Override{{Date: calendar.D(2025, 2, 3), Kind: calendar.Weekend}}}, "Overrides[0]", calendar.ErrInvalidKind},
		{"bad season", calendar.Config{Seasons: []calendar.Season{{From: calendar.MonthDay{Month: 2, Day: 30}, To: calendar.MonthDay{Month: 3, Day: 1}, Periods: calendar.PeriodsDefault()}}}, "Seasons[0]", calendar.ErrInvalidDate},
		{"bad index", calendar.Config{IndexFrom: 2030, IndexTo: 2020}, "IndexFrom", calendar.ErrInvalidDate},
		{"bad provisional", calendar.Config{KnownYears: []int{2025}, Provisional: func(y int) []calendar.Override {
			return []calendar.Override{{Date: calendar.D(y, 1, 1), Kind: 0}}
		}}, "Provisional", calendar.ErrInvalidKind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := calendar.New(tt.cfg)
			require.Error(t, err)
			assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
			var ce *calendar.ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.field, ce.Field)
			assert.ErrorIs(t, err, tt.cause)
		})
	}
}

func TestParsePeriods(t *testing.T) {
	ps, err := calendar.ParsePeriods(" 08:30-12:00 , 14:00-17:30")
	require.NoError(t, err)
	assert.Equal(t, []calendar.Period{{8*time.Hour + 30*time.Minute, 12 * time.Hour}, {14 * time.Hour, 17*time.Hour + 30*time.Minute}}, ps)
	assert.Equal(t, "08:30-12:00", ps[0].String())
	ps, err = calendar.ParsePeriods("00:00-24:00")
	require.NoError(t, err)
	assert.Equal(t, 24*time.Hour, ps[0].Len())
	ps, err = calendar.ParsePeriods("8:00:30-9:00")
	require.NoError(t, err)
	assert.Equal(t, "08:00:30-09:00", ps[0].String())
	for _, bad := range []string{"", "08:30", "12:00-08:30", "08:30-12:00,11:00-13:00", "24:30-25:00", "08:60-09:00", "+8:00-9:00", "08:00-09:00-10:00", "aa:bb-cc:dd", "008:00-09:00"} {
		_, err := calendar.ParsePeriods(bad)
		assert.ErrorIs(t, err, calendar.ErrInvalidPeriod, "%q", bad)
	}
}

func TestDates(t *testing.T) {
	dt, err := calendar.ParseDate("2025-10-01")
	require.NoError(t, err)
	assert.Equal(t, calendar.D(2025, 10, 1), dt)
	assert.Equal(t, time.Wednesday, dt.Weekday())
	assert.Equal(t, calendar.D(2025, 9, 28), dt.AddDays(-3))
	assert.Equal(t, calendar.D(2024, 3, 1), calendar.D(2024, 2, 28).AddDays(2))
	assert.True(t, calendar.D(2024, 2, 29).Valid())
	assert.False(t, calendar.D(2100, 2, 29).Valid())
	assert.True(t, calendar.D(2000, 2, 29).Valid())
	assert.False(t, calendar.D(0, 1, 1).Valid())
	assert.True(t, dt.After(calendar.D(2025, 9, 30)))
	assert.True(t, dt.Before(calendar.D(2025, 10, 2)))
	assert.Equal(t, "2025-10-01", dt.String())
	_, err = calendar.ParseDate("2025-02-29")
	assert.ErrorIs(t, err, calendar.ErrInvalidDate)
	assert.Equal(t, time.Monday, calendar.D(1, 1, 1).Weekday())
	assert.Equal(t, time.Friday, calendar.D(9999, 12, 31).Weekday())
}

// TestOutsideIndex checks that years built on demand give the answers of
// the precomputed index.
func TestOutsideIndex(t *testing.T) {
	wide := newTown(t, func(cfg *calendar.Config) { cfg.IndexFrom, cfg.IndexTo = 2020, 2035 })
	narrow := newTown(t, func(cfg *calendar.Config) { cfg.IndexFrom, cfg.IndexTo = 2025, 2025 })
	for _, start := range []time.Time{at(2024, 12, 30, 9, 0), at(2025, 9, 30, 16, 0), at(2026, 1, 2, 11, 0), at(2031, 5, 5, 5, 5)} {
		for _, n := range []int{-400, -30, -1, 0, 1, 5, 30, 400} {
			w, nw := wide.AddWorkdays(start, n), narrow.AddWorkdays(start, n)
			assert.True(t, w.Equal(nw), "AddWorkdays(%v, %d): %v vs %v", start, n, w, nw)
			assert.Equal(t, wide.WorkdaysBetween(start, w), narrow.WorkdaysBetween(start, w))
			dur := time.Duration(n) * 37 * time.Minute
			w, nw = wide.AddWorkTime(start, dur), narrow.AddWorkTime(start, dur)
			assert.True(t, w.Equal(nw), "AddWorkTime(%v, %v): %v vs %v", start, dur, w, nw)
			assert.Equal(t, wide.WorkTimeBetween(start, w), narrow.WorkTimeBetween(start, w))
			assert.Equal(t, wide.IsWorkday(w), narrow.IsWorkday(w))
		}
	}
}

func TestEdgesOfTime(t *testing.T) {
	c := newTown(t, nil)
	first := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(9999, 12, 31, 12, 0, 0, 0, time.UTC)
	assert.True(t, c.AddWorkdays(first, -1).IsZero())
	assert.True(t, c.AddWorkdays(last, 10).IsZero())
	assert.True(t, c.AddWorkTime(last, 1000*time.Hour).IsZero())
	assert.True(t, c.AddWorkTime(first, -time.Hour).IsZero())
	assert.False(t, c.AddWorkdays(first, 1).IsZero())
	assert.Positive(t, c.WorkdaysBetween(first, last))
	none, err := calendar.New(calendar.Config{Weekdays: []time.Weekday{}, IndexFrom: 2025, IndexTo: 2025})
	require.NoError(t, err)
	assert.True(t, none.AddWorkdays(d(2025, 1, 1), 1).IsZero())
	assert.True(t, none.NextWorkingInstant(d(2025, 1, 1)).IsZero())
}

func TestDaylightSaving(t *testing.T) {
	ny := mustLoad("America/New_York")
	c, err := calendar.New(calendar.Config{Location: ny, IndexFrom: 2025, IndexTo: 2025})
	require.NoError(t, err)
	// Clocks went forward at 02:00 on Sunday 9 March 2025.
	fri := time.Date(2025, 3, 7, 16, 0, 0, 0, ny)
	got := c.AddWorkTime(fri, 2*time.Hour)
	assert.True(t, time.Date(2025, 3, 10, 10, 0, 0, 0, ny).Equal(got), "%v", got)
	assert.Equal(t, 2*time.Hour, c.WorkTimeBetween(fri, got))
	assert.True(t, time.Date(2025, 3, 10, 0, 0, 0, 0, ny).Equal(c.AddWorkdays(fri, 1)))
}

func TestErrorsAreDistinct(t *testing.T) {
	_, err := calendar.New(calendar.Config{Periods: []calendar.Period{{5, 1}}})
	assert.True(t, errors.Is(err, calendar.ErrInvalidPeriod))
	assert.False(t, errors.Is(err, calendar.ErrInvalidDate))
}

// TestProvisionalHoursOutsideIndex queries years outside the index from
// several goroutines while their provisional rule gives new hours: building
// such a year must not change what other queries read (run with -race).
func TestProvisionalHoursOutsideIndex(t *testing.T) {
	// 31 December works from 09:00 to 10:yy, yy the year's last two
	// digits, whatever its day of the week: new hours every year.
	rule := func(y int) []calendar.Override {
		end := 10*time.Hour + time.Duration(y%100)*time.Minute
		return []calendar.Override{{Date: calendar.D(y, 12, 31), Kind: calendar.Workday, Periods: []calendar.Period{{9 * time.Hour, end}}}}
	}
	cfg := func(lo, hi int) calendar.Config {
		return calendar.Config{Location: shanghai, KnownYears: []int{2025}, Provisional: rule, IndexFrom: lo, IndexTo: hi}
	}
	wide, err := calendar.New(cfg(2025, 2060))
	require.NoError(t, err)
	narrow, err := calendar.New(cfg(2025, 2025))
	require.NoError(t, err)
	const workers = 4
	got := make([][]time.Duration, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for y := 2026 + w; y <= 2060; y += workers {
				got[w] = append(got[w],
					narrow.WorkTimeBetween(d(y, 12, 31), d(y+1, 1, 1)),
					narrow.WorkTimeBetween(d(y, 1, 1), d(y, 12, 31)))
			}
		})
	}
	wg.Wait()
	for w := range workers {
		for k, y := 0, 2026+w; y <= 2060; k, y = k+2, y+workers {
			assert.Equal(t, time.Hour+time.Duration(y%100)*time.Minute, got[w][k], "31 December %d", y)
			assert.Equal(t, wide.WorkTimeBetween(d(y, 1, 1), d(y, 12, 31)), got[w][k+1], "year %d", y)
		}
	}
	// Tuesday 31 December 2030 works 09:00-10:30.
	assert.Equal(t, []calendar.Period{{9 * time.Hour, 10*time.Hour + 30*time.Minute}}, narrow.DayOf(calendar.D(2030, 12, 31)).Periods)
}

// TestOutsideYearsStayCached builds many years outside the index: each
// stays kept until a year 64 apart replaces it, so a query in a year built
// before allocates nothing.
func TestOutsideYearsStayCached(t *testing.T) {
	c := newTown(t, func(cfg *calendar.Config) { cfg.IndexFrom, cfg.IndexTo = 2025, 2025 })
	for y := 2100; y < 2200; y++ {
		c.IsWorkday(d(y, 6, 1))
	}
	for _, tt := range []struct {
		year int
		want bool
	}{
		{2136, true},  // 1 June is a Friday
		{2150, true},  // a Monday
		{2199, false}, // a Saturday; 2199 took the slot of 2135
	} {
		assert.Zero(t, testing.AllocsPerRun(10, func() { sinkBool = c.IsWorkday(d(tt.year, 6, 1)) }), "year %d", tt.year)
		assert.Equal(t, tt.want, c.IsWorkday(d(tt.year, 6, 1)), "1 June %d", tt.year)
	}
}
