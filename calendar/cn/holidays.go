package cn

import (
	"time"

	"github.com/rickar/cal/v2"

	"github.com/hotline12345/hotline/calendar"
)

// NewYear returns New Year's Day (元旦), 1 January.
// It is a new value each call; see [Holidays].
func NewYear() *cal.Holiday {
	return &cal.Holiday{
		Name: "元旦", Description: "New Year's Day, 1 January", Type: cal.ObservancePublic,
		StartYear: 1950, EndYear: calendar.MaxYear, Month: time.January, Day: 1, Func: cal.CalcDayOfMonth,
	}
}

// SpringFestival returns the Spring Festival (春节), 正月初一.
// It is a new value each call; see [Holidays].
func SpringFestival() *cal.Holiday {
	return &cal.Holiday{
		Name: "春节", Description: "Spring Festival, 1st day of the 1st lunar month (正月初一)", Type: cal.ObservancePublic,
		StartYear: 1950, Func: calcFestival(springFestival),
	}
}

// Qingming returns the Qingming Festival (清明节), the day of the Qingming solar term.
// It is a new value each call; see [Holidays].
func Qingming() *cal.Holiday {
	return &cal.Holiday{
		Name: "清明节", Description: "Qingming Festival, the day of the Qingming solar term", Type: cal.ObservancePublic,
		StartYear: 2008, Func: calcFestival(qingming),
	}
}

// LabourDay returns Labour Day (劳动节), 1 May.
// It is a new value each call; see [Holidays].
func LabourDay() *cal.Holiday {
	return &cal.Holiday{
		Name: "劳动节", Description: "Labour Day, 1 May", Type: cal.ObservancePublic,
		StartYear: 1950, EndYear: calendar.MaxYear, Month: time.May, Day: 1, Func: cal.CalcDayOfMonth,
	}
}

// DragonBoat returns the Dragon Boat Festival (端午节), 5th day of the 5th lunar month.
// It is a new value each call; see [Holidays].
func DragonBoat() *cal.Holiday {
	return &cal.Holiday{
		Name: "端午节", Description: "Dragon Boat Festival, 5th day of the 5th lunar month", Type: cal.ObservancePublic,
		StartYear: 2008, Func: calcFestival(dragonBoat),
	}
}

// MidAutumn returns the Mid-Autumn Festival (中秋节), 15th day of the 8th lunar month.
// It is a new value each call; see [Holidays].
func MidAutumn() *cal.Holiday {
	return &cal.Holiday{
		Name: "中秋节", Description: "Mid-Autumn Festival, 15th day of the 8th lunar month", Type: cal.ObservancePublic,
		StartYear: 2008, Func: calcFestival(midAutumn),
	}
}

// NationalDay returns National Day (国庆节), 1 October.
// It is a new value each call; see [Holidays].
func NationalDay() *cal.Holiday {
	return &cal.Holiday{
		Name: "国庆节", Description: "National Day, 1 October", Type: cal.ObservancePublic,
		StartYear: 1950, EndYear: calendar.MaxYear, Month: time.October, Day: 1, Func: cal.CalcDayOfMonth,
	}
}

// Holidays returns China's seven public festivals in calendar order as
// github.com/rickar/cal/v2 holidays, for callers who use that package:
// [NewYear], [SpringFestival], [Qingming], [LabourDay], [DragonBoat],
// [MidAutumn] and [NationalDay]. Each gives the festival's own day (Spring
// Festival is 正月初一, not the week off around it), a fixed date or one
// worked out from the Chinese lunar calendar or the solar terms; the days
// off that the annual notices arrange are in [Calendar]. StartYear is the
// first year the festival was a public holiday: 1950 under the 1949 law,
// 2008 for Qingming, Dragon Boat and Mid-Autumn. Calc returns the zero Time
// outside years 1 to 9999; the fixed-date ones use cal.CalcDayOfMonth with
// EndYear 9999. Each call, here and of each festival's function, returns
// new values, the caller's to change.
func Holidays() []*cal.Holiday {
	return []*cal.Holiday{NewYear(), SpringFestival(), Qingming(), LabourDay(), DragonBoat(), MidAutumn(), NationalDay()}
}

// calcFestival returns a cal.HolidayFn giving f's day of a year at
// midnight in cal.DefaultLoc, like rickar/cal's own functions, or the zero
// Time when the year is outside 1 to 9999.
func calcFestival(f festival) cal.HolidayFn {
	return func(_ *cal.Holiday, year int) time.Time {
		fd := festivalsOf(year)
		if !fd.ok[f] {
			return time.Time{}
		}
		d := fd.day[f]
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, cal.DefaultLoc)
	}
}
