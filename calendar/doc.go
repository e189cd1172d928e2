// Package calendar does working-day and working-time arithmetic on holiday
// calendars.
//
// A [Calendar] is built once from a [Config]: a time zone, the working days
// of the week, the work periods of a day (several, so a lunch break is not
// counted), seasonal hours, and dated [Override] values for holidays,
// make-up working days and local closures. It precomputes a day index with
// prefix sums, so [Calendar.IsWorkday], [Calendar.AddWorkdays],
// [Calendar.WorkdaysBetween], [Calendar.AddWorkTime],
// [Calendar.WorkTimeBetween] and [Calendar.EndOfWorkdays] run in constant or
// logarithmic time and do not allocate.
//
// Dates and hours are read in the calendar's zone whatever the zone of the
// time.Time passed in. A calendar can mark years it has no official data for
// as provisional: such days are answered from the weekly pattern plus a
// provisional rule and say so in [DayInfo.Provisional].
//
// Package calendar/cn provides China's official schedules.
package calendar
