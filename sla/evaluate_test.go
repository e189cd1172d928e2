package sla_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// finishTarget is a target from received to finished on the given clock.
func finishTarget(c sla.Clock, a sla.Amount) sla.Target {
	return sla.Target{Name: "finish", Clock: c, Amount: a, Start: sla.EventReceived,
		MetBy: []sla.EventKind{sla.EventFinished}, Pausable: true}
}

// The China calendar: 2025 National Day and Mid-Autumn off 1-8 October,
// Sunday 28 September and Saturday 11 October worked; 2026 Spring Festival
// off 15-23 February, Saturdays 14 and 28 February worked. Work periods
// 08:30-12:00 and 14:00-17:30 (7 hours a day).
func TestDeadlinesAcrossHolidays(t *testing.T) {
	wd := func(n int) sla.Target { return finishTarget(sla.ClockWorkingDays, days(n)) }
	fromStart := func(t sla.Target) sla.Target { t.FromStartDay = true; return t }
	atClose := func(t sla.Target) sla.Target { t.CloseOfWork = true; return t }
	tests := []struct {
		name   string
		target sla.Target
		start  time.Time
		due    time.Time
	}{
		// Working days, counted from the day after the start.
		{"complaint known answer: make-up Sunday counts, 1-8 Oct do not", wd(5), tm(2025, 9, 26, 10, 0), tm(2025, 10, 11, 0, 0)},
		{"from the start day: Fri 26, Sun 28, Mon 29, Tue 30, Thu 9", fromStart(wd(5)), tm(2025, 9, 26, 10, 0), tm(2025, 10, 10, 0, 0)},
		{"1 day at close of work over the holiday", atClose(wd(1)), tm(2025, 9, 30, 16, 0), tm(2025, 10, 9, 17, 30)},
		{"start on a holiday: Thu 9 and Fri 10", wd(2), tm(2025, 10, 3, 9, 0), tm(2025, 10, 11, 0, 0)},
		{"from the start day, start on a holiday: Thu 9", fromStart(wd(1)), tm(2025, 10, 3, 9, 0), tm(2025, 10, 10, 0, 0)},
		{"from the start day, start after the close: Thu 9", atClose(fromStart(wd(1))), tm(2025, 9, 30, 18, 0), tm(2025, 10, 9, 17, 30)},
		{"from the start day, start before the close", atClose(fromStart(wd(1))), tm(2025, 9, 30, 17, 0), tm(2025, 9, 30, 17, 30)},
		{"make-up Saturday 11 Oct counts", wd(2), tm(2025, 10, 10, 9, 0), tm(2025, 10, 14, 0, 0)},
		{"spring festival: Sat 14, Tue 24 to Fri 27", wd(5), tm(2026, 2, 13, 10, 0), tm(2026, 2, 28, 0, 0)},
		{"spring festival, 10 days: Sat 28 and 2-5 Mar", wd(10), tm(2026, 2, 13, 10, 0), tm(2026, 3, 6, 0, 0)},
		{"from make-up Saturday to after the festival", atClose(wd(1)), tm(2026, 2, 14, 16, 0), tm(2026, 2, 24, 17, 30)},
		// Working time.
		{"working time over the holiday: 1.5h then 6.5h", finishTarget(sla.ClockWorkingTime, dur(8*time.Hour)), tm(2025, 9, 30, 16, 0), tm(2025, 10, 9, 17, 0)},
		{"working time over spring festival", finishTarget(sla.ClockWorkingTime, dur(3*time.Hour)), tm(2026, 2, 14, 16, 0), tm(2026, 2, 24, 10, 0)},
		{"working time from lunch", finishTarget(sla.ClockWorkingTime, dur(2*time.Hour)), tm(2025, 9, 29, 12, 30), tm(2025, 9, 29, 16, 0)},
		{"working time from the close: a whole day ends at its close", finishTarget(sla.ClockWorkingTime, dur(7*time.Hour)), tm(2025, 9, 30, 17, 30), tm(2025, 10, 9, 17, 30)},
		// Natural.
		{"natural over midnight on a holiday", finishTarget(sla.ClockNatural, dur(30*time.Minute)), tm(2025, 10, 1, 23, 50), tm(2025, 10, 2, 0, 20)},
		{"natural in spring festival", finishTarget(sla.ClockNatural, dur(time.Hour)), tm(2026, 2, 17, 10, 0), tm(2026, 2, 17, 11, 0)},
		// Same day.
		{"same day on a holiday ends at 24:00", finishTarget(sla.ClockSameDay, sla.Amount{}), tm(2025, 10, 3, 9, 0), tm(2025, 10, 4, 0, 0)},
		{"same day at close of work", atClose(finishTarget(sla.ClockSameDay, sla.Amount{})), tm(2025, 9, 30, 10, 0), tm(2025, 9, 30, 17, 30)},
		{"same day at close of work on a holiday ends at 24:00", atClose(finishTarget(sla.ClockSameDay, sla.Amount{})), tm(2025, 10, 3, 9, 0), tm(2025, 10, 4, 0, 0)},
		{"same day at close of work, after the close", atClose(finishTarget(sla.ClockSameDay, sla.Amount{})), tm(2025, 9, 30, 18, 0), tm(2025, 10, 1, 0, 0)},
		{"same day on the make-up Sunday", atClose(finishTarget(sla.ClockSameDay, sla.Amount{})), tm(2025, 9, 28, 9, 0), tm(2025, 9, 28, 17, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := eval(t, single(tt.target), nil, sla.Timeline{ev(sla.EventReceived, tt.start)}, tt.start)
			r := rs[0]
			assert.True(t, r.Started)
			assert.Equal(t, tt.due, r.Due, "due %v", r.Due)
			assert.Equal(t, shanghai, r.Due.Location())
			assert.False(t, r.Provisional)
			assert.Equal(t, sla.LevelNormal, r.Level)
			assert.Equal(t, tt.due.Sub(tt.start), r.Remaining)
		})
	}
}

func TestPause(t *testing.T) {
	wd5 := finishTarget(sla.ClockWorkingDays, days(5))
	tests := []struct {
		name   string
		target sla.Target
		tl     sla.Timeline
		at     time.Time
		due    time.Time
		paused time.Duration
		open   bool
	}{
		{
			// Unpaused due: end of Mon 13 Oct. Paused: Tue 30 Sep 15:00-17:30
			// and Thu 9 Oct 08:30-10:00, 4 working hours; the eight days off
			// count for nothing. Close of 13 Oct + 4h = 14 Oct 14:30.
			name: "across the national day holiday", target: wd5,
			tl: sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 29, 9, 0)),
				ev(sla.EventSuspended, tm(2025, 9, 30, 15, 0)), ev(sla.EventResumed, tm(2025, 10, 9, 10, 0))},
			at: tm(2025, 10, 10, 12, 0), due: tm(2025, 10, 14, 14, 30), paused: 4 * time.Hour,
		},
		{
			name: "a whole working day moves the due a whole day, still 24:00", target: wd5,
			tl: sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 29, 9, 0)),
				ev(sla.EventSuspended, tm(2025, 10, 9, 8, 0)), ev(sla.EventResumed, tm(2025, 10, 10, 8, 0))},
			at: tm(2025, 10, 10, 12, 0), due: tm(2025, 10, 15, 0, 0), paused: 7 * time.Hour,
		},
		{
			name: "open suspension counts up to the instant of evaluation", target: wd5,
			tl: sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 29, 9, 0)), ev(sla.EventSuspended, tm(2025, 9, 30, 15, 0))},
			at: tm(2025, 10, 9, 10, 0), due: tm(2025, 10, 14, 14, 30), paused: 4 * time.Hour, open: true,
		},
		{
			// Suspended before the run began: counted from the start,
			// Mon 29 09:00 to Tue 30 09:00 = 3 + 3.5 + 0.5 = 7 working hours.
			name: "suspended before the start", target: wd5,
			tl: sla.Timeline{ev(sla.EventSuspended, tm(2025, 9, 29, 8, 0)), ev(sla.EventReceived, tm(2025, 9, 29, 9, 0)),
				ev(sla.EventResumed, tm(2025, 9, 30, 9, 0))},
			at: tm(2025, 10, 10, 12, 0), due: tm(2025, 10, 15, 0, 0), paused: 7 * time.Hour,
		},
		{
			name: "a suspension after the due does not revive the target", target: wd5,
			tl: sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 26, 10, 0)),
				ev(sla.EventSuspended, tm(2025, 10, 13, 9, 0)), ev(sla.EventResumed, tm(2025, 10, 14, 9, 0))},
			at: tm(2025, 10, 15, 9, 0), due: tm(2025, 10, 11, 0, 0), paused: 0,
		},
		{
			// 8 working hours from Tue 30 Sep 16:00 end Thu 9 Oct 17:00;
			// paused 16:30-17:30 and 08:30-09:30, 2 hours: Fri 10 Oct 10:00.
			name: "working time", target: finishTarget(sla.ClockWorkingTime, dur(8*time.Hour)),
			tl: sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 30, 16, 0)),
				ev(sla.EventSuspended, tm(2025, 9, 30, 16, 30)), ev(sla.EventResumed, tm(2025, 10, 9, 9, 30))},
			at: tm(2025, 10, 9, 12, 0), due: tm(2025, 10, 10, 10, 0), paused: 2 * time.Hour,
		},
		{
			name: "natural", target: finishTarget(sla.ClockNatural, dur(time.Hour)),
			tl: sla.Timeline{ev(sla.EventReceived, tm(2025, 10, 1, 10, 0)),
				ev(sla.EventSuspended, tm(2025, 10, 1, 10, 20)), ev(sla.EventResumed, tm(2025, 10, 1, 12, 20))},
			at: tm(2025, 10, 1, 12, 30), due: tm(2025, 10, 1, 13, 0), paused: 2 * time.Hour,
		},
		{
			name: "same day", target: finishTarget(sla.ClockSameDay, sla.Amount{}),
			tl: sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 30, 10, 0)),
				ev(sla.EventSuspended, tm(2025, 9, 30, 11, 0)), ev(sla.EventResumed, tm(2025, 9, 30, 13, 0))},
			at: tm(2025, 9, 30, 14, 0), due: tm(2025, 10, 1, 2, 0), paused: 2 * time.Hour,
		},
		{
			name: "two suspensions across the spring festival", target: wd5,
			// Unpaused: Fri 13 Feb + 5 = end of Fri 27 Feb. Paused Sat 14
			// 16:00-17:30 and Tue 24 08:30-12:00 (1.5h + 3.5h), then Wed 25
			// 14:00-15:00 (1h): 6h after the close of Fri 27 is Sat 28
			// (make-up) 16:30.
			tl: sla.Timeline{ev(sla.EventReceived, tm(2026, 2, 13, 10, 0)),
				ev(sla.EventSuspended, tm(2026, 2, 14, 16, 0)), ev(sla.EventResumed, tm(2026, 2, 24, 12, 0)),
				ev(sla.EventSuspended, tm(2026, 2, 25, 14, 0)), ev(sla.EventResumed, tm(2026, 2, 25, 15, 0))},
			at: tm(2026, 2, 26, 9, 0), due: tm(2026, 2, 28, 16, 30), paused: 6 * time.Hour,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := eval(t, single(tt.target), nil, tt.tl, tt.at)[0]
			assert.Equal(t, tt.due, r.Due, "due %v", r.Due)
			assert.Equal(t, tt.paused, r.PausedTime)
			assert.Equal(t, tt.open, r.Paused)
		})
	}
	t.Run("not pausable", func(t *testing.T) {
		target := wd5
		target.Pausable = false
		r := eval(t, single(target), nil, sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 29, 9, 0)),
			ev(sla.EventSuspended, tm(2025, 9, 30, 15, 0)), ev(sla.EventResumed, tm(2025, 10, 9, 10, 0))}, tm(2025, 10, 10, 9, 0))[0]
		assert.Equal(t, tm(2025, 10, 14, 0, 0), r.Due)
		assert.Zero(t, r.PausedTime)
	})
}

func TestExtension(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	received := tm(2025, 9, 26, 10, 0)
	tl := sla.Timeline{ev(sla.EventReceived, received), ev(sla.EventDispatched, received),
		ev(sla.EventSigned, tm(2025, 9, 26, 11, 0)), ext(tm(2025, 10, 9, 9, 0), sla.TargetFinish, days(5))}
	r := result(t, eval(t, p, nil, tl, tm(2025, 10, 9, 9, 0)), sla.TargetFinish)
	// Ten working days: ... Fri 10 (5), Sat 11 make-up (6), 13, 14, 15, 16 Oct.
	assert.Equal(t, tm(2025, 10, 17, 0, 0), r.Due)
	assert.Equal(t, 1, r.Extensions)
	assert.Equal(t, days(5), r.Extended)

	// With a pause: seven working days from Mon 29 Sep end Wed 15 Oct;
	// four paused hours move that to Thu 16 Oct 14:30.
	tl = sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 29, 9, 0)),
		ev(sla.EventSuspended, tm(2025, 9, 30, 15, 0)), ev(sla.EventResumed, tm(2025, 10, 9, 10, 0)),
		ext(tm(2025, 10, 9, 11, 0), sla.TargetFinish, days(2))}
	r = result(t, eval(t, p, nil, tl, tm(2025, 10, 9, 12, 0)), sla.TargetFinish)
	assert.Equal(t, tm(2025, 10, 16, 14, 30), r.Due)

	// Emergency finish: same day plus a 24-hour extension.
	e := lookup(t, hotline.CategoryHelp, hotline.UrgencyEmergency)
	tl = sla.Timeline{ev(sla.EventReceived, tm(2025, 10, 1, 9, 0)), ext(tm(2025, 10, 1, 20, 0), sla.TargetFinish, dur(24*time.Hour))}
	r = result(t, eval(t, e, nil, tl, tm(2025, 10, 1, 21, 0)), sla.TargetFinish)
	assert.Equal(t, tm(2025, 10, 3, 0, 0), r.Due)
}

// Regression: each extension was checked against MaxDuration but not their
// sum, so thirty of them overflowed and put the due instant in 1740.
func TestExtensionsAddUpToTheLimit(t *testing.T) {
	received := tm(2025, 9, 26, 10, 0)
	extend := func(target string, amounts ...sla.Amount) sla.Timeline {
		tl := sla.Timeline{ev(sla.EventReceived, received)}
		for _, a := range amounts {
			tl = append(tl, ext(received, target, a))
		}
		return tl
	}
	natural := single(finishTarget(sla.ClockNatural, dur(time.Hour)))
	thirty := make([]sla.Amount, 30)
	for i := range thirty {
		thirty[i] = dur(sla.MaxDuration)
	}
	for _, tt := range []struct {
		name string
		p    *sla.Policy
		tl   sla.Timeline
	}{
		{"thirty of MaxDuration", natural, extend("finish", thirty...)},
		{"a nanosecond past MaxDuration", natural, extend("finish", dur(sla.MaxDuration), dur(time.Nanosecond))},
		{"a day past MaxDays", single(finishTarget(sla.ClockWorkingDays, days(5))), extend("finish", days(sla.MaxDays), days(1))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sla.Evaluate(tt.p, cn.Calendar(), tt.tl, received)
			assert.ErrorIs(t, err, sla.ErrInvalidAmount)
		})
	}

	// Exactly MaxDuration in two halves: 87600 hours are 3650 days, and the
	// ten years from 26 Sep 2025 have 3652 days (29 Feb 2028 and 2032).
	r := eval(t, natural, nil, extend("finish", dur(sla.MaxDuration/2), dur(sla.MaxDuration/2)), received)[0]
	assert.Equal(t, tm(2035, 9, 24, 11, 0), r.Due)
	assert.Equal(t, dur(sla.MaxDuration), r.Extended)
	assert.False(t, r.Breached)
}

// hypothetical2027 is a made-up 2027 notice for the tests: New Year 1-3
// January, Spring Festival 5-13 February with Saturday 20 February worked.
func hypothetical2027(t testing.TB) *calendar.Calendar {
	t.Helper()
	var spring []calendar.Date
	for d := 5; d <= 13; d++ {
		spring = append(spring, calendar.D(2027, 2, d))
	}
	c, err := cn.New(cn.Config{Data: []*cn.Schedule{{Notices: []cn.Notice{{
		Year: 2027,
		Holidays: []cn.Block{
			{Name: "元旦", NameEN: "New Year's Day", Days: []calendar.Date{calendar.D(2027, 1, 1), calendar.D(2027, 1, 2), calendar.D(2027, 1, 3)}},
			{Name: "春节", NameEN: "Spring Festival", Days: spring},
		},
		Workdays: []cn.MakeupDay{{Name: "春节", Date: calendar.D(2027, 2, 20)}},
	}}}},
		// Only the winter festivals matter here; the later ones are left out
		// on purpose.
		AllowIncomplete: true,
	})
	require.NoError(t, err)
	return c
}

// An order opened before the 2027 notice is evaluated on the provisional
// calendar, then again once the notice is in: the due moves, the paused
// time stays.
func TestCalendarUpdatedAfterOpening(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	tl := sla.Timeline{ev(sla.EventReceived, tm(2027, 2, 3, 10, 0)),
		ev(sla.EventSuspended, tm(2027, 2, 4, 10, 0)), ev(sla.EventResumed, tm(2027, 2, 4, 15, 0))}
	at := tm(2027, 2, 4, 16, 0)

	// Provisional 2027: 5-8 February off by law (除夕 to 初三). Thu 4, Tue 9
	// to Fri 12; paused 10:00-12:00 and 14:00-15:00, 3 hours after the
	// close of Fri 12: Mon 15 11:30.
	before := result(t, eval(t, p, cn.Calendar(), tl, at), sla.TargetFinish)
	assert.Equal(t, tm(2027, 2, 15, 11, 30), before.Due)
	assert.True(t, before.Provisional)
	assert.Equal(t, 3*time.Hour, before.PausedTime)

	// With the notice: 5-13 February off. Thu 4, Mon 15 to Thu 18; 3 hours
	// after the close of Thu 18: Fri 19 11:30.
	after := result(t, eval(t, p, hypothetical2027(t), tl, at), sla.TargetFinish)
	assert.Equal(t, tm(2027, 2, 19, 11, 30), after.Due)
	assert.False(t, after.Provisional)
	assert.Equal(t, 3*time.Hour, after.PausedTime)
}

func TestProvisional(t *testing.T) {
	e := lookup(t, hotline.CategoryHelp, hotline.UrgencyEmergency)
	// Received Wed 30 Dec 2026: feedback (2 working days) ends Mon 4 Jan
	// 2027, a year without a notice; the natural targets do not depend on
	// the calendar.
	rs := eval(t, e, nil, sla.Timeline{ev(sla.EventReceived, tm(2026, 12, 30, 10, 0))}, tm(2026, 12, 30, 10, 0))
	fb := result(t, rs, sla.TargetFeedback)
	assert.Equal(t, tm(2027, 1, 5, 0, 0), fb.Due) // Thu 31 Dec, Fri 1 Jan off, Mon 4 Jan
	assert.True(t, fb.Provisional)
	assert.False(t, result(t, rs, sla.TargetContact).Provisional)
	assert.False(t, result(t, rs, sla.TargetFinish).Provisional)

	// Ending on 31 Dec 2025 at 24:00 is not provisional: 2026's notice
	// settled the end of 2025.
	p := lookup(t, hotline.CategoryConsultation, hotline.UrgencyNormal)
	r := result(t, eval(t, p, nil, sla.Timeline{ev(sla.EventReceived, tm(2025, 12, 29, 10, 0))}, tm(2025, 12, 29, 10, 0)), sla.TargetFinish)
	assert.Equal(t, tm(2026, 1, 1, 0, 0), r.Due)
	assert.False(t, r.Provisional)
	// The same at the end of 2026 is: 2027's notice is not out, and may
	// move the last days of 2026 (cn.OpenEndDefault).
	r = result(t, eval(t, p, nil, sla.Timeline{ev(sla.EventReceived, tm(2026, 12, 29, 10, 0))}, tm(2026, 12, 29, 10, 0)), sla.TargetFinish)
	assert.Equal(t, tm(2027, 1, 1, 0, 0), r.Due)
	assert.True(t, r.Provisional)
}

func TestWarningsAndLevels(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	received := tm(2025, 9, 26, 10, 0)
	tl := sla.Timeline{ev(sla.EventReceived, received), ev(sla.EventDispatched, received)}
	// Finish: 40.5 working hours (Fri 5.5, then 7 each on Sun 28, Mon 29,
	// Tue 30, Thu 9 and Fri 10). 75% is 30h22m30s: Thu 9 Oct at 14:22:30.
	// Sign: by the close of Sun 28 Sep; warning 2 working hours before.
	tests := []struct {
		at           time.Time
		finish, sign sla.Level
		elapsed      float64
	}{
		{received, sla.LevelNormal, sla.LevelNormal, 0},
		{tm(2025, 9, 28, 15, 29), sla.LevelNormal, sla.LevelNormal, (5.5 + 3.5 + 1 + 29.0/60) / 40.5},
		{tm(2025, 9, 28, 15, 30), sla.LevelNormal, sla.LevelWarning, (5.5 + 3.5 + 1.5) / 40.5},
		{tm(2025, 9, 28, 17, 31), sla.LevelNormal, sla.LevelOverdue, 12.5 / 40.5},
		{tm(2025, 10, 9, 14, 22), sla.LevelNormal, sla.LevelOverdue, (26.5 + 3.5 + 22.0/60) / 40.5},
		{tm(2025, 10, 9, 14, 23), sla.LevelWarning, sla.LevelOverdue, (26.5 + 3.5 + 23.0/60) / 40.5},
		{tm(2025, 10, 11, 0, 0), sla.LevelWarning, sla.LevelOverdue, 1},
		{tm(2025, 10, 11, 0, 0).Add(time.Nanosecond), sla.LevelOverdue, sla.LevelOverdue, 1},
	}
	for _, tt := range tests {
		rs := eval(t, p, nil, tl, tt.at)
		f, s := result(t, rs, sla.TargetFinish), result(t, rs, sla.TargetSign)
		assert.Equal(t, tm(2025, 10, 9, 14, 22).Add(30*time.Second), f.WarnAt)
		assert.Equal(t, tm(2025, 9, 28, 15, 30), s.WarnAt)
		assert.Equal(t, tt.finish, f.Level, "finish at %v", tt.at)
		assert.Equal(t, tt.sign, s.Level, "sign at %v", tt.at)
		assert.InDelta(t, tt.elapsed, f.Elapsed, 1e-9, "elapsed at %v", tt.at)
		assert.Equal(t, max(tt.finish, tt.sign), sla.MaxLevel(rs))
	}

	// Emergency received on a holiday: contact warns at half time, arrive
	// 15 minutes before, finish 2 hours before 24:00.
	e := lookup(t, hotline.CategoryHelp, hotline.UrgencyEmergency)
	rs := eval(t, e, nil, sla.Timeline{ev(sla.EventReceived, tm(2025, 10, 1, 9, 0)), ev(sla.EventDispatched, tm(2025, 10, 1, 9, 2))}, tm(2025, 10, 1, 9, 10))
	want := map[string][2]time.Time{
		sla.TargetSign:     {tm(2025, 10, 1, 9, 17), tm(2025, 10, 1, 9, 2).Add(450 * time.Second)},
		sla.TargetReturn:   {tm(2025, 10, 1, 9, 32), {}},
		sla.TargetContact:  {tm(2025, 10, 1, 9, 30), tm(2025, 10, 1, 9, 15)},
		sla.TargetArrive:   {tm(2025, 10, 1, 10, 0), tm(2025, 10, 1, 9, 45)},
		sla.TargetFinish:   {tm(2025, 10, 2, 0, 0), tm(2025, 10, 1, 22, 0)},
		sla.TargetFeedback: {tm(2025, 10, 11, 0, 0), tm(2025, 10, 10, 12, 0)}, // 75% of 14h: Thu 9 7h + Fri 10 3.5h
	}
	require.Len(t, rs, len(want))
	for _, r := range rs {
		assert.Equal(t, want[r.Name][0], r.Due, r.Name)
		assert.Equal(t, want[r.Name][1], r.WarnAt, r.Name)
	}
	assert.Equal(t, sla.LevelWarning, result(t, rs, sla.TargetSign).Level)
	assert.Equal(t, sla.LevelNormal, result(t, rs, sla.TargetContact).Level)
}

func TestWarningBeforeDays(t *testing.T) {
	target := func(n, before int, fromStartDay bool) sla.Target {
		tg := finishTarget(sla.ClockWorkingDays, days(n))
		tg.FromStartDay = fromStartDay
		tg.Warnings = []sla.Warning{{Before: days(before)}}
		return tg
	}
	tests := []struct {
		name        string
		target      sla.Target
		start       time.Time
		due, warnAt time.Time
	}{
		// Sun 28 and Mon 29 Sep, Tue 30, Thu 9 and Fri 10 Oct: warning
		// at the close of the third day.
		{"from the next day", target(5, 2, false), tm(2025, 9, 26, 10, 0), tm(2025, 10, 11, 0, 0), tm(2025, 9, 30, 17, 30)},
		// Fri 26 counts: Fri 26, Sun 28, Mon 29, Tue 30, Thu 9 Oct.
		{"from the start day", target(5, 2, true), tm(2025, 9, 26, 10, 0), tm(2025, 10, 10, 0, 0), tm(2025, 9, 29, 17, 30)},
		// A holiday does not count: Thu 9, Fri 10, make-up Sat 11 Oct.
		{"from a start on a holiday", target(3, 1, true), tm(2025, 10, 3, 9, 0), tm(2025, 10, 12, 0, 0), tm(2025, 10, 10, 17, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := eval(t, single(tt.target), nil, sla.Timeline{ev(sla.EventReceived, tt.start)}, tt.start)[0]
			assert.Equal(t, tt.due, r.Due)
			assert.Equal(t, tt.warnAt, r.WarnAt)
		})
	}
}

func TestMetAndBreached(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	received := tm(2025, 9, 26, 10, 0)
	base := sla.Timeline{ev(sla.EventReceived, received), ev(sla.EventDispatched, received), ev(sla.EventSigned, tm(2025, 9, 26, 11, 0))}

	onTime := append(base[:3:3], ev(sla.EventFinished, tm(2025, 10, 9, 11, 0)))
	rs := eval(t, p, nil, onTime, tm(2025, 10, 20, 9, 0))
	f := result(t, rs, sla.TargetFinish)
	assert.True(t, f.Met)
	assert.True(t, f.OnTime)
	assert.False(t, f.Breached)
	assert.Equal(t, tm(2025, 10, 9, 11, 0), f.MetAt)
	// Fri 5.5h, Sun 28, Mon 29, Tue 30 7h each, Thu 9 08:30-11:00 2.5h.
	assert.Equal(t, 29*time.Hour, f.WorkingTimeUsed)
	assert.Equal(t, sla.LevelNormal, f.Level)
	s := result(t, rs, sla.TargetSign)
	assert.True(t, s.OnTime)
	assert.Equal(t, time.Hour, s.WorkingTimeUsed)
	assert.False(t, f.Open())

	late := append(base[:3:3], ev(sla.EventReplied, tm(2025, 10, 13, 9, 0)))
	f = result(t, eval(t, p, nil, late, tm(2025, 10, 20, 9, 0)), sla.TargetFinish)
	assert.True(t, f.Met)
	assert.False(t, f.OnTime)
	assert.True(t, f.Breached)
	assert.Equal(t, tm(2025, 10, 11, 0, 0), f.BreachedAt)
	assert.Equal(t, sla.LevelOverdue, f.Level)

	open := result(t, eval(t, p, nil, base, tm(2025, 10, 13, 9, 0)), sla.TargetFinish)
	assert.True(t, open.Breached)
	assert.True(t, open.Open())
	assert.Equal(t, -(57 * time.Hour), open.Remaining)

	// Natural targets count working time too: contact on a working day.
	e := lookup(t, hotline.CategoryHelp, hotline.UrgencyEmergency)
	c := result(t, eval(t, e, nil, sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 29, 11, 50)),
		ev(sla.EventContacted, tm(2025, 9, 29, 14, 10))}, tm(2025, 9, 29, 15, 0)), sla.TargetContact)
	assert.True(t, c.Breached)
	assert.Equal(t, 20*time.Minute, c.WorkingTimeUsed)
}

func TestRestartAndWindow(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	cal := cn.Calendar()
	d1 := tm(2025, 9, 30, 10, 0)
	tl := sla.Timeline{ev(sla.EventReceived, d1), ev(sla.EventDispatched, d1)}

	// The return window of a dispatch on Tue 30 Sep closes at the close of
	// Thu 9 Oct.
	for _, tt := range []struct {
		at   time.Time
		open bool
	}{{tm(2025, 10, 5, 10, 0), true}, {tm(2025, 10, 9, 17, 30), true}, {tm(2025, 10, 9, 17, 31), false}} {
		open, closes, err := sla.WindowOpen(p, cal, tl, sla.TargetReturn, tt.at)
		require.NoError(t, err)
		assert.Equal(t, tt.open, open, "at %v", tt.at)
		assert.Equal(t, tm(2025, 10, 9, 17, 30), closes)
	}

	// Returned, then dispatched again on Fri 10 Oct: sign and return start
	// over (due at the close of make-up Saturday 11 Oct); finish does not.
	tl = append(tl, ev(sla.EventReturned, tm(2025, 10, 9, 9, 0)), ev(sla.EventDispatched, tm(2025, 10, 10, 9, 0)))
	open, closes, err := sla.WindowOpen(p, cal, tl, sla.TargetReturn, tm(2025, 10, 10, 9, 30))
	require.NoError(t, err)
	assert.True(t, open)
	assert.Equal(t, tm(2025, 10, 11, 17, 30), closes)
	rs := eval(t, p, nil, tl, tm(2025, 10, 10, 9, 30))
	assert.Equal(t, tm(2025, 10, 11, 17, 30), result(t, rs, sla.TargetSign).Due)
	assert.Equal(t, tm(2025, 10, 10, 9, 0), result(t, rs, sla.TargetSign).Start)
	assert.Equal(t, d1, result(t, rs, sla.TargetFinish).Start)
	ret := result(t, rs, sla.TargetReturn)
	assert.False(t, ret.Met)
	assert.Equal(t, sla.LevelNormal, ret.Level)

	// A window that was not used is not breached when it closes.
	rs = eval(t, p, nil, tl, tm(2025, 10, 20, 9, 0))
	assert.False(t, result(t, rs, sla.TargetReturn).Breached)
	assert.Equal(t, sla.LevelNormal, result(t, rs, sla.TargetReturn).Level)

	// Used: closed.
	tl = append(tl, ev(sla.EventReturned, tm(2025, 10, 10, 10, 0)))
	open, _, err = sla.WindowOpen(p, cal, tl, sla.TargetReturn, tm(2025, 10, 10, 11, 0))
	require.NoError(t, err)
	assert.False(t, open)

	_, _, err = sla.WindowOpen(p, cal, tl, sla.TargetFinish, d1)
	assert.ErrorIs(t, err, sla.ErrNotWindow)
	_, _, err = sla.WindowOpen(p, cal, tl, "nope", d1)
	assert.ErrorIs(t, err, sla.ErrUnknownTarget)
}

func TestReopenRestartsFinish(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	tl := sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 26, 10, 0)), ev(sla.EventClosed, tm(2025, 9, 29, 10, 0)),
		ev(sla.EventReopened, tm(2025, 9, 30, 10, 0))}
	f := result(t, eval(t, p, nil, tl, tm(2025, 9, 30, 11, 0)), sla.TargetFinish)
	// Five working days from Tue 30 Sep: 9, 10, 11 (make-up), 13, 14 Oct.
	assert.Equal(t, tm(2025, 10, 15, 0, 0), f.Due)
	assert.False(t, f.Met)
	assert.Equal(t, tm(2025, 9, 30, 10, 0), f.Start)
}

func TestNotStarted(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	rs := eval(t, p, nil, sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 26, 10, 0))}, tm(2025, 9, 26, 10, 0))
	s := result(t, rs, sla.TargetSign)
	assert.False(t, s.Started)
	assert.True(t, s.Due.IsZero())
	assert.False(t, s.Open())
	// Events after the instant of evaluation are ignored.
	rs = eval(t, p, nil, sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 26, 10, 0)), ev(sla.EventDispatched, tm(2025, 9, 27, 10, 0))}, tm(2025, 9, 26, 11, 0))
	assert.False(t, result(t, rs, sla.TargetSign).Started)
}

func TestEvaluateErrors(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	cal := cn.Calendar()
	at := tm(2025, 9, 26, 10, 0)
	tests := []struct {
		name string
		p    *sla.Policy
		cal  *calendar.Calendar
		tl   sla.Timeline
		want error
	}{
		{"out of order", p, cal, sla.Timeline{ev(sla.EventReceived, at), ev(sla.EventDispatched, at.Add(-time.Minute))}, sla.ErrInvalidTimeline},
		{"undefined kind", p, cal, sla.Timeline{ev(0, at)}, sla.ErrInvalidTimeline},
		{"extension without target", p, cal, sla.Timeline{ev(sla.EventReceived, at), ext(at, "", days(1))}, sla.ErrInvalidTimeline},
		{"extension without amount", p, cal, sla.Timeline{ev(sla.EventReceived, at), ext(at, "finish", sla.Amount{})}, sla.ErrInvalidTimeline},
		{"extension of unknown target", p, cal, sla.Timeline{ev(sla.EventReceived, at), ext(at, "nope", days(1))}, sla.ErrUnknownTarget},
		{"extension in the wrong unit", p, cal, sla.Timeline{ev(sla.EventReceived, at), ext(at, "finish", dur(time.Hour))}, sla.ErrInvalidAmount},
		{"nil calendar", p, nil, nil, sla.ErrNoCalendar},
		{"nil policy", nil, cal, nil, sla.ErrInvalidPolicy},
		{"invalid target", single(sla.Target{Name: "x", Clock: sla.ClockNatural, Start: sla.EventReceived}), cal, nil, sla.ErrInvalidPolicy},
		{"out of range", single(finishTarget(sla.ClockWorkingDays, days(sla.MaxDays))), cal,
			sla.Timeline{ev(sla.EventReceived, time.Date(9995, 1, 1, 0, 0, 0, 0, shanghai))}, sla.ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sla.Evaluate(tt.p, tt.cal, tt.tl, at.Add(time.Hour))
			if tt.name == "out of range" {
				_, err = sla.Evaluate(tt.p, tt.cal, tt.tl, tt.tl[0].At)
			}
			assert.ErrorIs(t, err, tt.want)
		})
	}
	var pe *sla.PolicyError
	_, err := sla.Evaluate(tests[8].p, cal, nil, at)
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "test", pe.Policy)
	assert.Equal(t, "targets[0].duration", pe.Field)
}

func TestEvaluateIntoReuses(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	tl := sla.Timeline{ev(sla.EventReceived, tm(2025, 9, 26, 10, 0))}
	dst := make([]sla.Result, 0, 8)
	rs, err := sla.EvaluateInto(dst, p, cn.Calendar(), tl, tm(2025, 9, 26, 10, 0))
	require.NoError(t, err)
	assert.Len(t, rs, 3)
	assert.Same(t, &dst[:1][0], &rs[0])
	allocs := testing.AllocsPerRun(100, func() {
		rs, _ = sla.EvaluateInto(rs, p, cn.Calendar(), tl, tm(2025, 9, 26, 10, 0))
	})
	assert.Zero(t, allocs)
}

// TestSameDayCutoff is the regression test of an emergency received at
// 23:50 being due at 24:00, before its own sign and contact deadlines: a
// same-day target started at or after its cut-off (20:00 by default) is
// due at the end of the next day. The clock runs 24 hours a day, so the
// National Day holiday (1-8 October 2025) changes nothing.
func TestSameDayCutoff(t *testing.T) {
	target := func(cutoff time.Duration, closeOfWork bool) sla.Target {
		return sla.Target{Name: "finish", Clock: sla.ClockSameDay, SameDayCutoff: cutoff, CloseOfWork: closeOfWork,
			Start: sla.EventReceived, MetBy: []sla.EventKind{sla.EventClosed}}
	}
	tests := []struct {
		name   string
		target sla.Target
		start  time.Time
		due    time.Time
	}{
		{"10:00, same day", target(0, false), tm(2025, 9, 15, 10, 0), tm(2025, 9, 16, 0, 0)},
		{"19:59, same day", target(0, false), tm(2025, 9, 15, 19, 59), tm(2025, 9, 16, 0, 0)},
		{"exactly at the default cut-off 20:00, next day", target(0, false), tm(2025, 9, 15, 20, 0), tm(2025, 9, 17, 0, 0)},
		{"23:50, next day", target(0, false), tm(2025, 9, 15, 23, 50), tm(2025, 9, 17, 0, 0)},
		{"00:00, same day", target(0, false), tm(2025, 9, 16, 0, 0), tm(2025, 9, 17, 0, 0)},
		{"cut-off 22:00: 21:00 same day", target(22*time.Hour, false), tm(2025, 9, 15, 21, 0), tm(2025, 9, 16, 0, 0)},
		{"cut-off 22:00: 22:00 next day", target(22*time.Hour, false), tm(2025, 9, 15, 22, 0), tm(2025, 9, 17, 0, 0)},
		{"no cut-off (24:00): 23:50 same day", target(24*time.Hour, false), tm(2025, 9, 15, 23, 50), tm(2025, 9, 16, 0, 0)},
		{"holiday 10:00, same day", target(0, false), tm(2025, 10, 1, 10, 0), tm(2025, 10, 2, 0, 0)},
		{"holiday 23:50, next (holi)day", target(0, false), tm(2025, 10, 1, 23, 50), tm(2025, 10, 3, 0, 0)},
		{"eve of the holiday 23:50, next day", target(0, false), tm(2025, 9, 30, 23, 50), tm(2025, 10, 2, 0, 0)},
		{"close of work, 21:00 Monday: Tuesday's close", target(0, true), tm(2025, 9, 15, 21, 0), tm(2025, 9, 16, 17, 30)},
		{"close of work, 21:00 on the holiday's eve: 24:00 of the day off", target(0, true), tm(2025, 9, 30, 21, 0), tm(2025, 10, 2, 0, 0)},
	}
	for _, tt := range tests {
		rs := eval(t, single(tt.target), nil, sla.Timeline{ev(sla.EventReceived, tt.start)}, tt.start)
		if got := rs[0].Due; !got.Equal(tt.due) {
			t.Errorf("%s: due %v, want %v", tt.name, got.In(shanghai), tt.due)
		}
	}

	// The default emergency policy: received at 23:50, finish is due
	// after sign (00:05), contact (00:20) and arrive (00:50).
	at := tm(2025, 9, 15, 23, 50)
	rs := eval(t, lookup(t, hotline.CategoryHelp, hotline.UrgencyEmergency), nil,
		sla.Timeline{ev(sla.EventReceived, at), ev(sla.EventDispatched, at)}, at)
	finish := result(t, rs, sla.TargetFinish).Due
	for _, name := range []string{sla.TargetSign, sla.TargetContact, sla.TargetArrive} {
		if d := result(t, rs, name).Due; !d.Before(finish) {
			t.Errorf("%s due %v, not before finish %v", name, d.In(shanghai), finish.In(shanghai))
		}
	}
	if !finish.Equal(tm(2025, 9, 17, 0, 0)) {
		t.Errorf("emergency finish due %v, want 2025-09-17 00:00", finish.In(shanghai))
	}

	for _, bad := range []sla.Target{target(-time.Hour, false), target(25*time.Hour, false),
		{Name: "x", Clock: sla.ClockNatural, Amount: sla.Amount{Duration: time.Hour}, SameDayCutoff: 20 * time.Hour,
			Start: sla.EventReceived, MetBy: []sla.EventKind{sla.EventClosed}}} {
		var pe *sla.PolicyError
		if err := bad.Validate(); !errors.As(err, &pe) || pe.Field != "same_day_cutoff" {
			t.Errorf("Validate(%v on %v) = %v, want an error naming same_day_cutoff", bad.SameDayCutoff, bad.Clock, err)
		}
	}
}

func TestSameDayCutoffFile(t *testing.T) {
	in := "policies:\n  - name: p\n    targets:\n      - {name: finish, clock: same_day, same_day_cutoff: \"21:30\", start: received, met_by: [closed]}\n"
	ps, err := sla.Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ps.Policy("p")
	if got := p.Targets[0].SameDayCutoff; got != 21*time.Hour+30*time.Minute {
		t.Errorf("same_day_cutoff read as %v", got)
	}
	for _, bad := range []string{"\"25:00\"", "\"00:00\"", "\"8pm\"", "20"} {
		_, err := sla.Parse(strings.NewReader(strings.Replace(in, "\"21:30\"", bad, 1)))
		if err == nil || !strings.Contains(err.Error(), "same_day_cutoff") {
			t.Errorf("same_day_cutoff %s: %v, want an error naming the field", bad, err)
		}
	}
}
