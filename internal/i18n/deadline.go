package i18n

import (
	"time"

	"golang.org/x/text/language"
)

// weekdays are the short names of the days of the week, Sunday first.
var weekdays = [...]Msg{
	{"Sun", "周日"}, {"Mon", "周一"}, {"Tue", "周二"}, {"Wed", "周三"},
	{"Thu", "周四"}, {"Fri", "周五"}, {"Sat", "周六"},
}

// FormatDeadline writes the instant t as a deadline, to the minute, in
// t's own location, followed by the day of the week in the language best
// matching tag (see [Match]): "2025-10-10 17:30 Fri" or
// "2025-10-10 17:30 周五". An end of day, exactly midnight, is written as
// 24:00 of the day before: the midnight starting 2025-10-11 prints as
// "2025-10-10 24:00 Fri". Seconds are dropped. The zero time, meaning no
// deadline, is written as "-".
func FormatDeadline(t time.Time, tag language.Tag) string {
	if t.IsZero() {
		return "-"
	}
	clock := t.Format("15:04")
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		t, clock = t.AddDate(0, 0, -1), "24:00"
	}
	return t.Format("2006-01-02") + " " + clock + " " + weekdays[t.Weekday()].Text(tag)
}
