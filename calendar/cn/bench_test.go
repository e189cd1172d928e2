package cn_test

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
)

var (
	sinkBool bool
	sinkTime time.Time
	sinkInt  int
	sinkDur  time.Duration
	sinkEnd  calendar.WorkdaysEnd
)

// rickarChina builds the usual rickar/cal setup for China: every day off of
// 2020-2026 as a fixed-date holiday, the make-up workdays through
// WorkdayFunc, one work period 08:30-17:30.
func rickarChina(tb testing.TB) (*cal.BusinessCalendar, int) {
	tb.Helper()
	c := cn.Calendar()
	from, to := calendar.D(2020, 1, 1), calendar.D(2026, 12, 31)
	bc := cal.NewBusinessCalendar()
	bc.SetWorkHours(8*time.Hour+30*time.Minute, 17*time.Hour+30*time.Minute)
	offs := c.Holidays(from, to)
	for _, h := range offs {
		bc.AddHoliday(&cal.Holiday{
			Name: h.Name, Type: cal.ObservancePublic, StartYear: h.Date.Year, EndYear: h.Date.Year,
			Month: h.Date.Month, Day: h.Date.Day, Func: cal.CalcDayOfMonth,
		})
	}
	makeup := map[calendar.Date]bool{}
	for info := range c.Days(from, to) {
		if info.Kind == calendar.MakeupWorkday {
			makeup[info.Date] = true
		}
	}
	bc.WorkdayFunc = func(t time.Time) bool {
		wd := t.Weekday()
		return (wd != time.Saturday && wd != time.Sunday) || makeup[calendar.DateOf(t, nil)]
	}
	return bc, len(offs)
}

// The two calendars agree on the benchmark's questions.
func TestRickarAgrees(t *testing.T) {
	bc, n := rickarChina(t)
	assert.Equal(t, 208, n, "days off 2020-2026")
	c := cn.Calendar()
	start, yearLater := at(2024, 3, 15, 10, 0), at(2025, 3, 15, 10, 0)
	for day := d(2020, 1, 1); day.Year() <= 2026; day = day.AddDate(0, 0, 1) {
		require.Equal(t, bc.IsWorkday(day), c.IsWorkday(day), "%v", day)
	}
	assert.Equal(t, c.StartOfDay(bc.WorkdaysFrom(start, 250)), c.AddWorkdays(start, 250))
	// rickar counts both ends; start is a working Friday, yearLater a Saturday.
	assert.Equal(t, bc.WorkdaysInRange(start, yearLater), c.WorkdaysBetween(start, yearLater)+1)
}

func TestHotPathsDoNotAllocate(t *testing.T) {
	c := cn.Calendar()
	start, yearLater := at(2024, 3, 15, 10, 0), at(2025, 3, 15, 10, 0)
	k := 0
	for name, fn := range map[string]func(){
		"IsWorkday":       func() { sinkBool = c.IsWorkday(start) },
		"AddWorkdays":     func() { sinkTime = c.AddWorkdays(start, 250) },
		"WorkdaysBetween": func() { sinkInt = c.WorkdaysBetween(start, yearLater) },
		"AddWorkTime":     func() { sinkTime = c.AddWorkTime(start, 1750*time.Hour) },
		"WorkTimeBetween": func() { sinkDur = c.WorkTimeBetween(start, yearLater) },
		"EndOfWorkdays":   func() { sinkEnd, _ = c.EndOfWorkdays(start, 5) },
		"EndOfWorkdays/miss": func() {
			// 128 start days take turns in the 64 remembered answers.
			k++
			sinkEnd, _ = c.EndOfWorkdays(start.Add(time.Duration(k%128)*24*time.Hour), 5)
		},
	} {
		assert.Zero(t, testing.AllocsPerRun(100, fn), name)
	}
}

// BenchmarkVsRickar runs the same questions on rickar/cal and on this
// package's calendar, side by side: sub-benchmarks Op/rickar and Op/hotline.
func BenchmarkVsRickar(b *testing.B) {
	bc, _ := rickarChina(b)
	c := cn.Calendar()
	start, yearLater := at(2024, 3, 15, 10, 0), at(2025, 3, 15, 10, 0)
	cases := []struct {
		name         string
		rickar, ours func()
	}{
		{"IsWorkday",
			func() { sinkBool = bc.IsWorkday(start) },
			func() { sinkBool = c.IsWorkday(start) }},
		{"AddWorkdays250",
			func() { sinkTime = bc.WorkdaysFrom(start, 250) },
			func() { sinkTime = c.AddWorkdays(start, 250) }},
		{"WorkdaysBetweenYear",
			func() { sinkInt = bc.WorkdaysInRange(start, yearLater) },
			func() { sinkInt = c.WorkdaysBetween(start, yearLater) }},
		{"WorkTimeBetweenYear",
			func() { sinkDur = bc.WorkHoursInRange(start, yearLater) },
			func() { sinkDur = c.WorkTimeBetween(start, yearLater) }},
	}
	for _, tc := range cases {
		for _, side := range []struct {
			name string
			fn   func()
		}{{"rickar", tc.rickar}, {"hotline", tc.ours}} {
			b.Run(tc.name+"/"+side.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					side.fn()
				}
			})
		}
	}
}

// BenchmarkBuild measures cn.New with the defaults: parsing is done once per
// process and lunar years are cached, so this is the cost of every build
// after the first (the first also computes about 60 lunar years).
func BenchmarkBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cn.New(cn.Config{}); err != nil {
			b.Fatal(err)
		}
	}
}
