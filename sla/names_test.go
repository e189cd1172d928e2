package sla_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"

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
