package calendar_test

import (
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar"
)

var (
	sinkBool bool
	sinkTime time.Time
	sinkInt  int
	sinkDur  time.Duration
	sinkEnd  calendar.WorkdaysEnd
)

func BenchmarkCalendar(b *testing.B) {
	c := newTown(b, func(cfg *calendar.Config) { cfg.IndexFrom, cfg.IndexTo = 2000, 2040 })
	start := at(2025, 9, 26, 10, 0)
	yearLater := at(2026, 9, 26, 10, 0)
	k := 0
	cases := []struct {
		name string
		fn   func()
	}{
		{"IsWorkday", func() { sinkBool = c.IsWorkday(start) }},
		{"AddWorkdays/5", func() { sinkTime = c.AddWorkdays(start, 5) }},
		{"AddWorkdays/250", func() { sinkTime = c.AddWorkdays(start, 250) }},
		{"AddWorkdays/-250", func() { sinkTime = c.AddWorkdays(start, -250) }},
		{"WorkdaysBetween/year", func() { sinkInt = c.WorkdaysBetween(start, yearLater) }},
		{"AddWorkTime/30h", func() { sinkTime = c.AddWorkTime(start, 30*time.Hour) }},
		{"AddWorkTime/2000h", func() { sinkTime = c.AddWorkTime(start, 2000*time.Hour) }},
		{"WorkTimeBetween/year", func() { sinkDur = c.WorkTimeBetween(start, yearLater) }},
		{"NextWorkingInstant", func() { sinkTime = c.NextWorkingInstant(at(2025, 9, 30, 18, 0)) }},
		{"IsWorkday/outsideIndex", func() { sinkBool = c.IsWorkday(at(2050, 1, 3, 9, 0)) }},
		// Remembered after the first call, as for the orders of one day.
		{"EndOfWorkdays/5", func() { sinkEnd, _ = c.EndOfWorkdays(start, 5) }},
		// 128 start days take turns in the 64 remembered answers.
		{"EndOfWorkdays/5/miss", func() {
			k++
			sinkEnd, _ = c.EndOfWorkdays(start.Add(time.Duration(k%128)*24*time.Hour), 5)
		}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.fn()
			}
		})
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newTown(b, func(cfg *calendar.Config) { cfg.IndexFrom, cfg.IndexTo = 2000, 2060 })
	}
}
