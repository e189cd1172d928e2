package assess_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
)

// TestSupervisionRates counts the ladder's rates over the records due in
// October: of a unit's four, two were supervised, one of them ending in a
// talk and one in a criticism; a record due in September, supervised,
// is not counted.
func TestSupervisionRates(t *testing.T) {
	rec := func(id string, due, closed int, sup, talk, crit int) assess.Record {
		return assess.Record{OrderID: id, Unit: "城管办", Received: at(9, 20, 9, 0), Due: at(10, due, 18, 0),
			Closed: at(10, closed, 10, 0), Supervisions: sup, Talks: talk, Criticisms: crit}
	}
	recs := []assess.Record{
		rec("A1", 10, 9, 0, 0, 0),
		rec("A2", 13, 20, 1, 1, 0),
		rec("A3", 14, 21, 2, 0, 1),
		rec("A4", 15, 15, 0, 0, 0),
		{OrderID: "A5", Unit: "城管办", Received: at(9, 1, 9, 0), Due: at(9, 10, 18, 0), Closed: at(9, 20, 9, 0), Supervisions: 1},
	}
	scheme := assess.Scheme{Name: "ladder", Weights: []assess.Weight{
		{Metric: assess.MetricOnTime, Points: 50}, {Metric: assess.MetricSupervision, Points: 30},
		{Metric: assess.MetricTalk, Points: 10}, {Metric: assess.MetricCriticism, Points: 10},
	}}
	rep, err := mustNew(t, scheme).Compute(recs, october)
	require.NoError(t, err)
	require.Len(t, rep.Rows, 1)
	got := rep.Rows[0]
	assert.Equal(t, r(2, 4), got.Supervised)
	assert.Equal(t, r(1, 4), got.Talked)
	assert.Equal(t, r(1, 4), got.Criticised)
	assert.Equal(t, r(2, 4), got.Rate(assess.MetricSupervision))
	// 50 × 2/4 on time, 30 × (1 − 2/4), 10 × (1 − 1/4) twice, over 100.
	assert.InDelta(t, 50*0.5+30*0.5+10*0.75+10*0.75, got.Score, 1e-9)
	assert.True(t, assess.MetricCriticism.LowerIsBetter())
	assert.Equal(t, "督办率", assess.MetricSupervision.Name(language.Chinese))
	assert.Equal(t, "criticism", assess.MetricCriticism.String())
}

func TestSupervisionRecordValidate(t *testing.T) {
	base := assess.Record{OrderID: "A1", Unit: "城管办", Received: at(10, 1, 9, 0)}
	tests := []struct {
		name  string
		edit  func(r *assess.Record)
		field string
	}{
		{"negative supervisions", func(r *assess.Record) { r.Supervisions = -1 }, "Supervisions"},
		{"negative talks", func(r *assess.Record) { r.Supervisions, r.Talks = 1, -1 }, "Talks"},
		{"a talk without a supervision order", func(r *assess.Record) { r.Talks = 1 }, "Talks"},
		{"more measures than orders", func(r *assess.Record) { r.Supervisions, r.Talks, r.Criticisms = 1, 1, 1 }, "Talks"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := base
			tc.edit(&rec)
			re, ok := errors.AsType[*assess.RecordError](rec.Validate())
			require.True(t, ok)
			assert.Equal(t, tc.field, re.Field)
		})
	}
	ok := base
	ok.Supervisions, ok.Talks, ok.Criticisms = 2, 1, 1
	assert.NoError(t, ok.Validate())
}
