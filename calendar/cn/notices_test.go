package cn_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
)

// rawData is the embedded file read with encoding/json alone, so the tests
// below check the calendar against the data without its parsing code.
type rawData struct {
	Years map[string]struct {
		Holidays []struct {
			Name   string   `json:"name"`
			NameEN string   `json:"name_en"`
			Days   []string `json:"days"`
		} `json:"holidays"`
		Workdays []struct {
			Name string `json:"name"`
			Date string `json:"date"`
		} `json:"workdays"`
	} `json:"years"`
}

type rawEntry struct{ name, nameEN string }

func readRaw(t testing.TB) (off, work map[string]rawEntry, blocks int) {
	t.Helper()
	b, err := os.ReadFile("data/cn-holidays.json")
	require.NoError(t, err)
	var raw rawData
	require.NoError(t, json.Unmarshal(b, &raw))
	off, work = map[string]rawEntry{}, map[string]rawEntry{}
	for _, y := range raw.Years {
		en := map[string]string{}
		for _, h := range y.Holidays {
			blocks++
			en[h.Name] = h.NameEN
			for _, day := range h.Days {
				off[day] = rawEntry{h.Name, h.NameEN}
			}
		}
		for _, w := range y.Workdays {
			work[w.Date] = rawEntry{w.Name, en[w.Name]}
		}
	}
	return off, work, blocks
}

func TestDataCounts(t *testing.T) {
	off, work, blocks := readRaw(t)
	assert.Equal(t, 132, blocks, "holiday blocks")
	assert.Equal(t, 545, len(off), "days off")
	assert.Equal(t, 132, len(work), "make-up workdays")

	c := cn.Calendar()
	assert.Len(t, c.Holidays(calendar.D(2007, 1, 1), calendar.D(2026, 12, 31)), 545)
	// The days off of calendar years 2020 to 2026, as the benchmark uses.
	assert.Len(t, c.Holidays(calendar.D(2020, 1, 1), calendar.D(2026, 12, 31)), 208)
}

// TestEveryDayAgreesWithNotices walks 2007-01-01 to 2026-12-31 and applies
// the data README's rule: a working day if in some workdays entry, or
// Monday to Friday and in no holidays days. Every day is official but the
// last week of 2026, which the next notice may still move (OpenEnd).
func TestEveryDayAgreesWithNotices(t *testing.T) {
	off, work, _ := readRaw(t)
	c := cn.Calendar()
	loc := c.Location()
	days := 0
	for day := time.Date(2007, 1, 1, 12, 0, 0, 0, loc); day.Year() <= 2026; day = day.AddDate(0, 0, 1) {
		key := day.Format(time.DateOnly)
		w, isWork := work[key]
		o, isOff := off[key]
		weekday := day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
		want := isWork || (weekday && !isOff)

		info := c.Day(day)
		open := day.Year() == 2026 && day.Month() == time.December && day.Day() > 31-cn.OpenEndDefault
		if c.IsWorkday(day) != want || info.Working() != want || info.Provisional != open {
			t.Fatalf("%s: IsWorkday %v, Day %+v; want working %v, provisional %v", key, c.IsWorkday(day), info, want, open)
		}
		var kind calendar.Kind
		var name rawEntry
		switch {
		case isWork:
			kind, name = calendar.MakeupWorkday, w
		case isOff:
			kind, name = calendar.DayOff, o
		case weekday:
			kind = calendar.Workday
		default:
			kind = calendar.Weekend
		}
		if info.Kind != kind || info.Name != name.name || info.NameEN != name.nameEN {
			t.Fatalf("%s: got %v %q %q, want %v %q %q", key, info.Kind, info.Name, info.NameEN, kind, name.name, name.nameEN)
		}
		days++
	}
	assert.Equal(t, 7305, days)
}

// TestYearBoundary checks the notice dates that fall in the year before.
func TestYearBoundary(t *testing.T) {
	c := cn.Calendar()
	for _, tc := range []struct {
		date        calendar.Date
		kind        calendar.Kind
		provisional bool
	}{
		{calendar.D(2006, 12, 29), calendar.Workday, true},
		{calendar.D(2006, 12, 30), calendar.MakeupWorkday, false},
		{calendar.D(2006, 12, 31), calendar.MakeupWorkday, false},
		{calendar.D(2007, 12, 29), calendar.MakeupWorkday, false},
		{calendar.D(2007, 12, 30), calendar.DayOff, false},
		{calendar.D(2007, 12, 31), calendar.DayOff, false},
		{calendar.D(2022, 12, 31), calendar.DayOff, false},
		{calendar.D(2026, 12, 24), calendar.Workday, false},
		{calendar.D(2026, 12, 25), calendar.Workday, true}, // the next notice may move it
		{calendar.D(2026, 12, 31), calendar.Workday, true},
		{calendar.D(2027, 1, 1), calendar.DayOff, true},
	} {
		info := c.DayOf(tc.date)
		assert.Equal(t, tc.kind, info.Kind, "%v", tc.date)
		assert.Equal(t, tc.provisional, info.Provisional, "%v", tc.date)
	}
	// The 2006-12-30/31 make-up days belong to the 2007 New Year and are
	// not statutory; 2007-12-31 is a 调休 rest day, 2008-01-01 statutory.
	assert.Equal(t, "元旦", c.DayOf(calendar.D(2006, 12, 30)).Name)
	assert.False(t, c.DayOf(calendar.D(2007, 12, 31)).Statutory)
	assert.True(t, c.DayOf(calendar.D(2008, 1, 1)).Statutory)
	for y := 2007; y <= 2026; y++ {
		assert.True(t, c.Known(y), "%d", y)
	}
	assert.False(t, c.Known(2006))
	assert.False(t, c.Known(2027))
}
