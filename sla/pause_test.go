package sla_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/stretchr/testify/assert"
)

// Regression: a working-days target due at 24:00 and suspended after the
// close of its last day read overdue through every night, weekend and
// lunch break of the suspension, and was due at the instant it resumed.
// It had run out of working time at the close and has the rest of the
// day: the suspension keeps that, and the resumed target has it again.
//
// A complaint received Fri 12 Sep 2025 10:00 is due at the end of Fri 19
// Sep (15 to 19 Sep) and warns at 75% of its 40.5 working hours, on Thu 18
// Sep at 14:22:30. Suspended Fri 19 Sep 18:00, six hours before 24:00.
func TestPauseAfterTheClose(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	received, suspended := tm(2025, 9, 12, 10, 0), tm(2025, 9, 19, 18, 0)
	open := sla.Timeline{ev(sla.EventReceived, received), ev(sla.EventSuspended, suspended)}
	resumed := func(at time.Time) sla.Timeline { return append(open[:2:2], ev(sla.EventResumed, at)) }
	tests := []struct {
		name   string
		tl     sla.Timeline
		at     time.Time
		due    time.Time
		paused time.Duration
		level  sla.Level
		open   bool
	}{
		{"before the suspension", open[:1], tm(2025, 9, 19, 17, 59), tm(2025, 9, 20, 0, 0), 0, sla.LevelWarning, false},
		{"suspended, Friday night", open, tm(2025, 9, 19, 23, 0), tm(2025, 9, 20, 5, 0), 0, sla.LevelWarning, true},
		{"suspended, Saturday", open, tm(2025, 9, 20, 10, 0), tm(2025, 9, 20, 16, 0), 0, sla.LevelWarning, true},
		{"suspended, Monday 09:00", open, tm(2025, 9, 22, 9, 0), tm(2025, 9, 22, 15, 0), 30 * time.Minute, sla.LevelWarning, true},
		{"suspended, Monday lunch", open, tm(2025, 9, 22, 13, 0), tm(2025, 9, 22, 19, 0), 3*time.Hour + 30*time.Minute, sla.LevelWarning, true},
		{"resumed Monday 10:00: six hours", resumed(tm(2025, 9, 22, 10, 0)), tm(2025, 9, 22, 15, 59), tm(2025, 9, 22, 16, 0), 90 * time.Minute, sla.LevelWarning, false},
		{"resumed Monday 10:00, late", resumed(tm(2025, 9, 22, 10, 0)), tm(2025, 9, 22, 16, 1), tm(2025, 9, 22, 16, 0), 90 * time.Minute, sla.LevelOverdue, false},
		{"resumed Saturday 10:00", resumed(tm(2025, 9, 20, 10, 0)), tm(2025, 9, 20, 12, 0), tm(2025, 9, 20, 16, 0), 0, sla.LevelWarning, false},
		{"resumed Monday 19:00", resumed(tm(2025, 9, 22, 19, 0)), tm(2025, 9, 22, 20, 0), tm(2025, 9, 23, 1, 0), 7 * time.Hour, sla.LevelWarning, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, eval(t, p, nil, tt.tl, tt.at), sla.TargetFinish)
			assert.Equal(t, tt.due, r.Due, "due %v", r.Due)
			assert.Equal(t, tt.paused, r.PausedTime)
			assert.Equal(t, tt.level, r.Level)
			assert.Equal(t, tt.level == sla.LevelOverdue, r.Breached)
			assert.Equal(t, tt.open, r.Paused)
		})
	}

	// A second suspension in the time given back keeps what is left of it:
	// resumed Mon 10:00 (due 16:00), suspended 15:00 to Tue 09:00.
	tl := append(resumed(tm(2025, 9, 22, 10, 0)), ev(sla.EventSuspended, tm(2025, 9, 22, 15, 0)), ev(sla.EventResumed, tm(2025, 9, 23, 9, 0)))
	r := result(t, eval(t, p, nil, tl, tm(2025, 9, 23, 9, 30)), sla.TargetFinish)
	assert.Equal(t, tm(2025, 9, 23, 10, 0), r.Due)
	assert.False(t, r.Breached)

	// Suspended at the close itself: all of the evening, 6.5 hours.
	tl = sla.Timeline{ev(sla.EventReceived, received), ev(sla.EventSuspended, tm(2025, 9, 19, 17, 30)), ev(sla.EventResumed, tm(2025, 9, 22, 10, 0))}
	assert.Equal(t, tm(2025, 9, 22, 16, 30), result(t, eval(t, p, nil, tl, tm(2025, 9, 22, 10, 0)), sla.TargetFinish).Due)
	// A minute before the close it had a working minute left, which ends
	// in the middle of Monday morning.
	tl[1].At = tm(2025, 9, 19, 17, 29)
	assert.Equal(t, tm(2025, 9, 22, 10, 1), result(t, eval(t, p, nil, tl, tm(2025, 9, 22, 10, 0)), sla.TargetFinish).Due)
	// Suspended at 24:00 it was due already: the suspension does not count.
	tl[1].At = tm(2025, 9, 20, 0, 0)
	r = result(t, eval(t, p, nil, tl, tm(2025, 9, 22, 10, 0)), sla.TargetFinish)
	assert.Equal(t, tm(2025, 9, 20, 0, 0), r.Due)
	assert.True(t, r.Breached)

	// Suspended Fri 16:00 to 16:30 first: the working time ends Mon 09:00,
	// and then 10:30 with the 1.5 working hours of the suspension from
	// 18:00; that one still leaves the rest of Friday evening, six hours
	// from 10:00, as it would without the first.
	tl = sla.Timeline{ev(sla.EventReceived, received), ev(sla.EventSuspended, tm(2025, 9, 19, 16, 0)), ev(sla.EventResumed, tm(2025, 9, 19, 16, 30)),
		ev(sla.EventSuspended, suspended), ev(sla.EventResumed, tm(2025, 9, 22, 10, 0))}
	r = result(t, eval(t, p, nil, tl, tm(2025, 9, 22, 12, 0)), sla.TargetFinish)
	assert.Equal(t, tm(2025, 9, 22, 16, 0), r.Due)
	assert.Equal(t, 2*time.Hour, r.PausedTime)

	// Suspended all of Thu 18 Sep: due at the end of Mon 22 Sep. Suspended
	// again that evening at 18:00 until Tue 10:00: six hours, 16:00. With
	// half an hour more suspended on Wed 17, the working time ends Tue
	// 10:30, and the evening suspension still leaves its six hours.
	tl = sla.Timeline{ev(sla.EventReceived, received), ev(sla.EventSuspended, tm(2025, 9, 18, 8, 0)), ev(sla.EventResumed, tm(2025, 9, 19, 8, 0)),
		ev(sla.EventSuspended, tm(2025, 9, 22, 18, 0)), ev(sla.EventResumed, tm(2025, 9, 23, 10, 0))}
	assert.Equal(t, tm(2025, 9, 23, 0, 0), result(t, eval(t, p, nil, tl[:3], tm(2025, 9, 22, 18, 0)), sla.TargetFinish).Due)
	r = result(t, eval(t, p, nil, tl, tm(2025, 9, 23, 10, 0)), sla.TargetFinish)
	assert.Equal(t, tm(2025, 9, 23, 16, 0), r.Due)
	assert.Equal(t, 8*time.Hour+30*time.Minute, r.PausedTime)
	tl = insertAfter(tl, 0, ev(sla.EventSuspended, tm(2025, 9, 17, 16, 0)), ev(sla.EventResumed, tm(2025, 9, 17, 16, 30)))
	r = result(t, eval(t, p, nil, tl, tm(2025, 9, 23, 10, 0)), sla.TargetFinish)
	assert.Equal(t, tm(2025, 9, 23, 16, 0), r.Due)
	assert.Equal(t, 9*time.Hour, r.PausedTime)
}

// Random timelines of the default policies, their events often at the
// close of work or in the evening: as the instant of evaluation moves
// forward with no new event, a target that is breached stays breached and
// its due instant does not come earlier, and a suspension that counts (it
// began before the due instant) does not make it late while it lasts; a
// suspension added to a timeline never brings a due instant earlier.
func TestPausesKeepDeadlinesMonotonic(t *testing.T) {
	rng := rand.New(rand.NewPCG(12345, 2025))
	var policies []*sla.Policy
	for _, c := range []hotline.Category{hotline.CategoryComplaint, hotline.CategoryConsultation, hotline.CategorySuggestion} {
		policies = append(policies, lookup(t, c, hotline.UrgencyNormal), lookup(t, c, hotline.UrgencyEmergency))
	}
	kinds := []sla.EventKind{sla.EventSuspended, sla.EventResumed, sla.EventSuspended, sla.EventResumed,
		sla.EventDispatched, sla.EventSigned, sla.EventReturned, sla.EventReopened}
	hm := func(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }
	times := []time.Duration{hm(8, 0), hm(10, 0), hm(12, 30), hm(16, 0), hm(17, 29), hm(17, 30), hm(17, 31), hm(18, 0), hm(23, 59), 0}
	// after returns an instant up to three days after t, at one of times
	// or any minute.
	after := func(t time.Time) time.Time {
		for {
			y, m, d := t.Date()
			x := time.Date(y, m, d+rng.IntN(4), 0, 0, 0, 0, shanghai).Add(time.Duration(rng.IntN(24*60)) * time.Minute)
			if rng.IntN(3) > 0 {
				x = time.Date(y, m, d+rng.IntN(4), 0, 0, 0, 0, shanghai).Add(times[rng.IntN(len(times))])
			}
			if x.After(t) {
				return x
			}
		}
	}
	bad := 0
	fail := func(format string, args ...any) {
		if bad++; bad <= 5 {
			t.Errorf(format, args...)
		}
	}
	for i := range 3000 {
		p := policies[i%len(policies)]
		at := after(tm(2025, 9, 1, 0, 0).Add(time.Duration(rng.IntN(300)) * 24 * time.Hour))
		tl := sla.Timeline{ev(sla.EventReceived, at)}
		for range rng.IntN(7) {
			at = after(at)
			tl = append(tl, ev(kinds[rng.IntN(len(kinds))], at))
		}
		var open []sla.Result // at the start of an open suspension
		if last := tl[len(tl)-1]; suspendedAfter(tl) && last.Kind == sla.EventSuspended {
			open = eval(t, p, nil, tl, last.At)
		}
		var prev []sla.Result
		for range 8 {
			at = after(at)
			rs := eval(t, p, nil, tl, at)
			for j := range rs {
				if prev != nil && (prev[j].Breached && !rs[j].Breached || rs[j].Due.Before(prev[j].Due)) {
					fail("%s %s: breached %v due %v, then at %v breached %v due %v\n%v",
						p.Name, rs[j].Name, prev[j].Breached, prev[j].Due, at, rs[j].Breached, rs[j].Due, tl)
				}
				if open != nil && p.Targets[j].Pausable && open[j].Open() && open[j].Due.After(tl[len(tl)-1].At) && rs[j].Breached {
					fail("%s %s: late at %v, suspended before the due %v\n%v", p.Name, rs[j].Name, at, open[j].Due, tl)
				}
			}
			prev = rs
		}

		// Suspensions after event k, while not suspended, resumed by the
		// next event.
		for range 3 {
			k := rng.IntN(len(tl))
			if suspendedAfter(tl[:k+1]) {
				continue
			}
			from, to := tl[k].At, after(tl[k].At)
			if rng.IntN(2) == 0 {
				from, to = to, after(to)
			}
			if k+1 < len(tl) && to.After(tl[k+1].At) {
				to = tl[k+1].At
			}
			if !from.Before(to) {
				continue
			}
			rs := eval(t, p, nil, insertAfter(tl, k, ev(sla.EventSuspended, from), ev(sla.EventResumed, to)), at)
			for j := range rs {
				if rs[j].Due.Before(prev[j].Due) {
					fail("%s %s: due %v, %v with a suspension from %v to %v added\n%v",
						p.Name, rs[j].Name, prev[j].Due, rs[j].Due, from, to, tl)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d failures", bad)
	}
}
