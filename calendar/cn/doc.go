// Package cn provides mainland China's official working calendar: the
// State Council's annual holiday notices, the statutory days of the holiday
// law, and office hours in Asia/Shanghai.
//
// [Calendar] returns the shared default calendar: Monday to Friday,
// 08:30-12:00 and 14:00-17:30, with every notice from 2007 to 2026 embedded.
// [New] takes a [Config] for other hours, seasons, local closures and extra
// notices; [Load] reads a newer notice file (the format of data/README.md)
// so that, say, the 2027 notice needs no new release of this package.
// [Parse] and [LoadFile] read such a file into a [Schedule] for [New].
// Each refuses a notice that leaves a statutory day of the law in force as
// a working day (a file listing only New Year would otherwise make
// National Day a working day) unless given [AllowIncomplete].
//
// # Days
//
// A day listed in a notice's holidays is a day off (calendar.DayOff); a day
// in its workdays is a make-up working day (调休上班). Both carry the
// festival's name in Chinese and English, e.g. 国庆节、中秋节. Notices are
// keyed by notice year, and a New Year holiday may start in late December of
// the year before: those December dates apply as given, and the year before
// stays provisional otherwise. A calendar year is known, not provisional,
// when its own notice is present, except that the last week of the last
// known year stays provisional until the next year's notice is added
// (Config.OpenEnd): that notice changed late December days at 4 of the
// 19 year-ends 2007-2025.
//
// # Statutory days
//
// DayInfo.Statutory marks a day off that the holiday law makes a public
// holiday (法定节假日, paid at 300% when worked) as opposed to a rest day
// moved by 调休 (200%). The notices do not say which days those are, so
// they are computed from the law in force on each date:
//
//	from 1949-12-23  元旦 1 Jan; 春节 初一-初三; 劳动节 1 May; 国庆节 1-2 Oct
//	from 1999-09-18  元旦; 春节 初一-初三; 劳动节 1-3 May; 国庆节 1-3 Oct
//	from 2008-01-01  元旦; 春节 除夕-初二; 清明 (solar term day); 劳动节 1 May;
//	                 端午 (五月初五); 中秋 (八月十五); 国庆节 1-3 Oct
//	from 2014-01-01  as 2008, but 春节 初一-初三
//	from 2025-01-01  as 2014, but 春节 除夕-初三 and 劳动节 1-2 May
//
// Before 23 December 1949 there are none. Lunar dates and the Qingming solar
// term come from github.com/6tail/lunar-go, called only for years 1 to 9999
// (its documented range); see [StatutoryHolidays].
//
// A statutory day that falls on a weekend is a day off and is marked
// Statutory too: the notices list such days inside a holiday's range (2020
// National Day, 1-8 October, includes Saturday 3 October), and every
// statutory day of 2007-2026 is in its notice.
//
// # Provisional years
//
// A year without a notice is provisional (DayInfo.Provisional): weekends and
// the statutory days are off, weekend statutory days included, and neither
// make-up days nor the law's substitute weekdays (补假) are guessed. The
// working week is Monday to Friday in every year, although China worked
// Saturdays until May 1995.
//
// # rickar/cal
//
// [NewYear], [SpringFestival], [Qingming], [LabourDay], [DragonBoat],
// [MidAutumn] and [NationalDay] return the festivals as new *cal.Holiday
// values of github.com/rickar/cal/v2, and [Holidays] all seven.
//
// The embedded data (data/cn-holidays.json) is compiled from the notices
// with the help of the holiday-cn dataset (MIT License, Copyright (c) 2019
// NateScarlet); data/README.md gives the provenance and the licence.
package cn
