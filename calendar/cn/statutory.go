package cn

import (
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	lunar "github.com/6tail/lunar-go/calendar"

	"github.com/hotline12345/hotline/calendar"
)

// festival names one of the festivals that the holiday law knows.
type festival uint8

const (
	newYear festival = iota
	springFestival
	qingming
	labourDay
	dragonBoat
	midAutumn
	nationalDay
	nFestivals
)

// festivalNames are the names used in the notices, Chinese and English.
var festivalNames = [nFestivals][2]string{
	newYear:        {"元旦", "New Year's Day"},
	springFestival: {"春节", "Spring Festival"},
	qingming:       {"清明节", "Qingming Festival"},
	labourDay:      {"劳动节", "Labour Day"},
	dragonBoat:     {"端午节", "Dragon Boat Festival"},
	midAutumn:      {"中秋节", "Mid-Autumn Festival"},
	nationalDay:    {"国庆节", "National Day"},
}

// statRule makes the days first..last, counted from the festival day, public
// holidays. Spring Festival's day is 正月初一, so -1 is 除夕.
type statRule struct {
	fest        festival
	first, last int
}

// era is one version of the national holiday law (全国年节及纪念日放假办法),
// in force from its first day until the next era's.
type era struct {
	from  calendar.Date
	rules []statRule
}

// eras lists the versions of the law, oldest first. Before the first there
// are no statutory days.
var eras = []era{
	{calendar.D(1949, time.December, 23), []statRule{ // 政务院 1949
		{newYear, 0, 0}, {springFestival, 0, 2}, {labourDay, 0, 0}, {nationalDay, 0, 1},
	}},
	{calendar.D(1999, time.September, 18), []statRule{ // 国务院令第270号
		{newYear, 0, 0}, {springFestival, 0, 2}, {labourDay, 0, 2}, {nationalDay, 0, 2},
	}},
	{calendar.D(2008, time.January, 1), []statRule{ // 国务院令第513号
		{newYear, 0, 0}, {springFestival, -1, 1}, {qingming, 0, 0}, {labourDay, 0, 0},
		{dragonBoat, 0, 0}, {midAutumn, 0, 0}, {nationalDay, 0, 2},
	}},
	{calendar.D(2014, time.January, 1), []statRule{ // 国务院令第644号
		{newYear, 0, 0}, {springFestival, 0, 2}, {qingming, 0, 0}, {labourDay, 0, 0},
		{dragonBoat, 0, 0}, {midAutumn, 0, 0}, {nationalDay, 0, 2},
	}},
	{calendar.D(2025, time.January, 1), []statRule{ // 国务院令第795号
		{newYear, 0, 0}, {springFestival, -1, 2}, {qingming, 0, 0}, {labourDay, 0, 1},
		{dragonBoat, 0, 0}, {midAutumn, 0, 0}, {nationalDay, 0, 2},
	}},
}

// festivalDays holds one Gregorian year's festival days; ok[f] is false
// when the day could not be computed.
type festivalDays struct {
	day [nFestivals]calendar.Date
	ok  [nFestivals]bool
}

// noFestivals are the festival days of a year outside 1 to 9999: none.
var noFestivals festivalDays

// festivalCache maps a year to its *festivalDays. Computing a lunar year
// takes about half a millisecond, so each year is computed once.
var festivalCache sync.Map

// julianDayUnixEpoch is the Julian day number of 1970-01-01 (a day starting
// at noon, as lunar-go counts).
const julianDayUnixEpoch = 2440588

var unixEpoch = calendar.D(1970, time.January, 1)

// dateOfJulianDay returns the proleptic Gregorian date of Julian day jd.
func dateOfJulianDay(jd float64) calendar.Date {
	return unixEpoch.AddDays(int(math.Floor(jd+0.5)) - julianDayUnixEpoch)
}

// qingmingIndex is the position of 清明 in lunar-go's solar term table.
var qingmingIndex = slices.Index(lunar.JIE_QI_IN_USE, "清明")

// festivalsOf returns year's festival days: none outside years 1 to 9999,
// which is also the range lunar-go computes, and the fixed-date ones only
// where lunar-go has no data.
func festivalsOf(year int) *festivalDays {
	if year < calendar.MinYear || year > calendar.MaxYear {
		return &noFestivals
	}
	if v, ok := festivalCache.Load(year); ok {
		return v.(*festivalDays)
	}
	fd := &festivalDays{}
	set := func(f festival, d calendar.Date) {
		if d.Valid() && d.Year == year {
			fd.day[f], fd.ok[f] = d, true
		}
	}
	set(newYear, calendar.D(year, time.January, 1))
	set(labourDay, calendar.D(year, time.May, 1))
	set(nationalDay, calendar.D(year, time.October, 1))
	ly := lunar.NewLunarYear(year)
	lunarDay := func(f festival, month, day int) {
		if m := ly.GetMonth(month); m != nil && day <= m.GetDayCount() {
			set(f, dateOfJulianDay(m.GetFirstJulianDay()+float64(day-1)))
		}
	}
	lunarDay(springFestival, 1, 1)
	lunarDay(dragonBoat, 5, 5)
	lunarDay(midAutumn, 8, 15)
	if jq := ly.GetJieQiJulianDays(); qingmingIndex >= 0 && qingmingIndex < len(jq) {
		set(qingming, dateOfJulianDay(jq[qingmingIndex]))
	}
	v, _ := festivalCache.LoadOrStore(year, fd)
	return v.(*festivalDays)
}

// statutoryCache maps a year to its []calendar.Override, shared read-only.
var statutoryCache sync.Map

// StatutoryHolidays returns year's public holidays by the law in force on
// each day (法定节假日): DayOff overrides with Statutory set and the
// festival's name, in date order. A day two festivals share gets both names,
// e.g. 中秋节、国庆节. Days on a weekend are included. Years before the
// 1949 law (in force from 23 December 1949) and outside 1 to 9999 have none.
// The slice is the caller's.
func StatutoryHolidays(year int) []calendar.Override {
	return slices.Clone(statutoryOf(year))
}

func statutoryOf(year int) []calendar.Override {
	if year < calendar.MinYear || year > calendar.MaxYear {
		return nil
	}
	if v, ok := statutoryCache.Load(year); ok {
		return v.([]calendar.Override)
	}
	fd := festivalsOf(year)
	var out []calendar.Override
	for i, e := range eras {
		until := calendar.D(calendar.MaxYear+1, time.January, 1)
		if i+1 < len(eras) {
			until = eras[i+1].from
		}
		if e.from.Year > year || until.Year < year {
			continue
		}
		for _, r := range e.rules {
			if !fd.ok[r.fest] {
				continue
			}
			for k := r.first; k <= r.last; k++ {
				d := fd.day[r.fest].AddDays(k)
				if d.Year != year || d.Before(e.from) || !d.Before(until) {
					continue
				}
				out = addStatutory(out, d, r.fest)
			}
		}
	}
	slices.SortFunc(out, func(a, b calendar.Override) int {
		switch {
		case a.Date.Before(b.Date):
			return -1
		case a.Date.After(b.Date):
			return 1
		}
		return 0
	})
	v, _ := statutoryCache.LoadOrStore(year, out)
	return v.([]calendar.Override)
}

// addStatutory adds d for festival f, joining the names when d is already
// there for another festival.
func addStatutory(out []calendar.Override, d calendar.Date, f festival) []calendar.Override {
	name, nameEN := festivalNames[f][0], festivalNames[f][1]
	for i := range out {
		if out[i].Date == d {
			if !strings.Contains(out[i].Name, name) {
				out[i].Name += "、" + name
				out[i].NameEN += " and " + nameEN
			}
			return out
		}
	}
	return append(out, calendar.Override{Date: d, Kind: calendar.DayOff, Name: name, NameEN: nameEN, Statutory: true})
}

// isStatutory reports whether d is a public holiday by the law in force.
func isStatutory(d calendar.Date) bool {
	for _, o := range statutoryOf(d.Year) {
		if o.Date == d {
			return true
		}
	}
	return false
}
