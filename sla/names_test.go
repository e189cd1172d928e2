package sla_test

import (
	"testing"

	"github.com/hotline12345/hotline/sla"
	"github.com/stretchr/testify/assert"
)

func TestParseNames(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want sla.Category
	}{{"complaint", sla.CategoryComplaint}, {" Report ", sla.CategoryReport}, {"投诉", sla.CategoryComplaint}, {"咨询", sla.CategoryConsultation}, {"其他", sla.CategoryOther}} {
		c, err := sla.ParseCategory(tt.in)
		assert.NoError(t, err)
		assert.Equal(t, tt.want, c)
		assert.True(t, c.Valid())
	}
	_, err := sla.ParseCategory("complain")
	assert.ErrorIs(t, err, sla.ErrUnknownCategory)
	assert.EqualError(t, err, `sla: category "complain": unknown category (accepted: consultation, help, complaint, report, suggestion, praise, other)`)
	assert.False(t, sla.Category("").Valid())
	assert.Equal(t, "举报", sla.CategoryReport.Chinese())

	u, err := sla.ParseUrgency("紧急")
	assert.NoError(t, err)
	assert.Equal(t, sla.UrgencyEmergency, u)
	_, err = sla.ParseUrgency("urgent")
	assert.EqualError(t, err, `sla: urgency "urgent": unknown urgency (accepted: normal, emergency)`)
	assert.Equal(t, []sla.Urgency{sla.UrgencyNormal, sla.UrgencyEmergency}, sla.Urgencies())

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
	_, err = sla.ParseEventKind("done")
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
	assert.Equal(t, "5 working days", days(5).String())
	assert.Equal(t, "1 working day", days(1).String())
	assert.Equal(t, "1h30m", dur(90*60e9).String())
	assert.Equal(t, "0", sla.Amount{}.String())
	assert.Equal(t, "2h", sla.FormatDuration(2*60*60e9))
	assert.Equal(t, "1m30s", sla.FormatDuration(90e9))
}
