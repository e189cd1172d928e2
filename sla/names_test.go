package sla_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
)

func TestParseNames(t *testing.T) {
	for _, k := range sla.EventKinds() {
		got, err := sla.ParseEventKind(k.String())
		assert.NoError(t, err)
		assert.Equal(t, k, got)
		b, err := k.MarshalText()
		assert.NoError(t, err)
		var back sla.EventKind
		assert.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
	}
	assert.Len(t, sla.EventKinds(), 13)
	assert.Equal(t, "extended", sla.EventExtended.String())
	assert.Equal(t, "EventKind(99)", sla.EventKind(99).String())
	_, err := sla.ParseEventKind("done")
	assert.ErrorIs(t, err, sla.ErrUnknownEvent)
	_, err = sla.EventKind(0).MarshalText()
	assert.ErrorIs(t, err, sla.ErrUnknownEvent)

	c, err := sla.ParseClock("working-days")
	assert.NoError(t, err)
	assert.Equal(t, sla.ClockWorkingDays, c)
	_, err = sla.ParseClock("workdays")
	assert.ErrorIs(t, err, sla.ErrUnknownClock)
	assert.Equal(t, "Clock(0)", sla.Clock(0).String())
	var cl sla.Clock
	assert.NoError(t, cl.UnmarshalText([]byte("same_day")))
	assert.Equal(t, sla.ClockSameDay, cl)

	assert.Equal(t, "overdue", sla.LevelOverdue.String())
	assert.Equal(t, "超期", sla.LevelOverdue.Name(language.Chinese))
	assert.Equal(t, "预警", sla.LevelWarning.Name(language.MustParse("zh-HK")))
	assert.Equal(t, "warning", sla.LevelWarning.Name(language.French))
	assert.Equal(t, "Level(7)", sla.Level(7).Name(language.Chinese))
	assert.Equal(t, "5 working days", days(5).String())
	assert.Equal(t, "1 working day", days(1).String())
	assert.Equal(t, "1h30m", dur(90*60e9).String())
	assert.Equal(t, "0", sla.Amount{}.String())
	assert.Equal(t, "2h", sla.FormatDuration(2*60*60e9))
	assert.Equal(t, "1m30s", sla.FormatDuration(90e9))
}

func TestNamesTranslate(t *testing.T) {
	zh, fr := language.Chinese, language.French
	tests := []struct {
		got    func(language.Tag) string
		en, zh string
	}{
		{sla.ClockWorkingDays.Name, "working_days", "工作日"},
		{sla.ClockWorkingTime.Name, "working_time", "工作时间"},
		{sla.ClockNatural.Name, "natural", "自然时间"},
		{sla.ClockSameDay.Name, "same_day", "当日"},
		{sla.Clock(9).Name, "Clock(9)", "Clock(9)"},
		{sla.EventDispatched.Name, "dispatched", "派单"},
		{sla.EventReopened.Name, "reopened", "重办"},
		{sla.EventKind(0).Name, "EventKind(0)", "EventKind(0)"},
		{func(t language.Tag) string { return sla.TargetName(sla.TargetFinish, t) }, "finish", "办结"},
		{func(t language.Tag) string { return sla.TargetName(sla.TargetFeedback, t) }, "feedback", "反馈"},
		{func(t language.Tag) string { return sla.TargetName("review", t) }, "review", "review"},
		{func(t language.Tag) string { return sla.TargetName("", t) }, "", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.en, tt.got(fr))
		assert.Equal(t, tt.en, tt.got(language.English))
		assert.Equal(t, tt.zh, tt.got(zh))
		assert.Equal(t, tt.zh, tt.got(language.MustParse("zh-TW")))
	}
}

func TestParseChineseNames(t *testing.T) {
	for _, c := range []sla.Clock{sla.ClockNatural, sla.ClockWorkingTime, sla.ClockWorkingDays, sla.ClockSameDay} {
		got, err := sla.ParseClock(" " + c.Name(language.Chinese) + " ")
		assert.NoError(t, err)
		assert.Equal(t, c, got)
	}
	for _, k := range sla.EventKinds() {
		got, err := sla.ParseEventKind(k.Name(language.Chinese))
		assert.NoError(t, err)
		assert.Equal(t, k, got)
	}
	c, err := sla.ParseClock("WORKING-TIME")
	assert.NoError(t, err)
	assert.Equal(t, sla.ClockWorkingTime, c)
}

func TestUnknownNameErrors(t *testing.T) {
	tests := []struct {
		err      error
		sentinel error
		kind     string
		name     string
		accepted []string
		msg      string
	}{
		{parseErr(sla.ParseClock("workdays")), sla.ErrUnknownClock, "clock", "workdays",
			[]string{"natural", "working_time", "working_days", "same_day"},
			`unknown clock "workdays" (accepted: natural, working_time, working_days, same_day, or their Chinese names)`},
		{marshalErr(sla.Clock(0).MarshalText()), sla.ErrUnknownClock, "clock", "Clock(0)", nil, ""},
		{parseErr(sla.ParseEventKind("done")), sla.ErrUnknownEvent, "event kind", "done", nil,
			`unknown event kind "done" (accepted: received, dispatched, signed, returned, contacted, arrived, suspended, resumed, extended, finished, replied, closed, reopened, or their Chinese names)`},
		{marshalErr(sla.EventKind(99).MarshalText()), sla.ErrUnknownEvent, "event kind", "EventKind(99)", nil, ""},
		{parseErr(sla.ParseEventKind("")), sla.ErrUnknownEvent, "event kind", "", nil, ""},
	}
	for _, tt := range tests {
		assert.ErrorIs(t, tt.err, hotline.ErrUnknownName)
		assert.ErrorIs(t, tt.err, tt.sentinel)
		var ne *hotline.NameError
		if assert.ErrorAs(t, tt.err, &ne) {
			assert.Equal(t, tt.kind, ne.Kind)
			assert.Equal(t, tt.name, ne.Name)
			if tt.accepted != nil {
				assert.Equal(t, tt.accepted, ne.Accepted)
			}
		}
		if tt.msg != "" {
			assert.EqualError(t, tt.err, tt.msg)
		}
	}
}

func parseErr[T any](_ T, err error) error { return err }

func marshalErr(_ []byte, err error) error { return err }

func TestTargetBadClockIsNameError(t *testing.T) {
	tg := sla.Target{Name: "x", Clock: 9, Start: sla.EventReceived, Amount: days(1)}
	err := tg.Validate()
	assert.ErrorIs(t, err, sla.ErrInvalidPolicy)
	assert.ErrorIs(t, err, sla.ErrUnknownClock)
	assert.ErrorIs(t, err, hotline.ErrUnknownName)
	assert.ErrorContains(t, err, `unknown clock "Clock(9)" (accepted: natural, working_time, working_days, same_day`)
}
