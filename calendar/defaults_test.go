package calendar_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline/calendar"
)

// The defaults are functions: an importer that changes what it got changes
// nothing for the next caller or for New.
func TestDefaultsAreCopies(t *testing.T) {
	w := calendar.WeekdaysDefault()
	w[0] = time.Sunday
	p := calendar.PeriodsDefault()
	p[0].Start = 0
	assert.Equal(t, []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, calendar.WeekdaysDefault())
	assert.Equal(t, []calendar.Period{{Start: 9 * time.Hour, End: 12 * time.Hour}, {Start: 13 * time.Hour, End: 17 * time.Hour}}, calendar.PeriodsDefault())

	c, err := calendar.New(calendar.Config{})
	require.NoError(t, err)
	sunday := time.Date(2025, 3, 2, 10, 0, 0, 0, time.UTC)
	assert.False(t, c.IsWorkday(sunday))
	monday := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, monday.Add(9*time.Hour), c.NextWorkingInstant(monday))
}
