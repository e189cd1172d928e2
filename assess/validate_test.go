package assess_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecordValidate(t *testing.T) {
	valid := fixture()[0] // C1
	before := valid.Received.Add(-time.Minute)
	tests := []struct {
		name  string
		mod   func(*assess.Record)
		field string // "" means valid
	}{
		{"valid", func(*assess.Record) {}, ""},
		{"no order id", func(r *assess.Record) { r.OrderID = "" }, "OrderID"},
		{"no unit", func(r *assess.Record) { r.Unit = "" }, "Unit"},
		{"no received", func(r *assess.Record) { r.Received = time.Time{} }, "Received"},
		{"a newline in the unit", func(r *assess.Record) { r.Unit = "城管\n分局" }, "Unit"},
		{"a tab in the person", func(r *assess.Record) { r.Person = "张\t三" }, "Person"},
		{"a control in the leader", func(r *assess.Record) { r.Leader = "李\x00" }, "Leader"},
		{"sign due before received", func(r *assess.Record) { r.SignDue = before }, "SignDue"},
		{"signed before received", func(r *assess.Record) { r.Signed = before }, "Signed"},
		{"due before received", func(r *assess.Record) { r.Due = before }, "Due"},
		{"closed before received", func(r *assess.Record) { r.Closed = before }, "Closed"},
		{"rated before received", func(r *assess.Record) { r.Rated = before }, "Rated"},
		{"times equal to received", func(r *assess.Record) {
			r.SignDue, r.Signed, r.Due, r.Closed, r.Rated = r.Received, r.Received, r.Received, r.Received, r.Received
		}, ""},
		{"negative returns", func(r *assess.Record) { r.Returns = -1 }, "Returns"},
		{"negative reopenings", func(r *assess.Record) { r.Reopenings = -1 }, "Reopenings"},
		{"negative extensions", func(r *assess.Record) { r.Extensions = -2 }, "Extensions"},
		{"unknown satisfaction", func(r *assess.Record) { r.Satisfaction = hotline.Unreachable + 1 }, "Satisfaction"},
		{"unreachable", func(r *assess.Record) { r.Satisfaction = hotline.Unreachable }, ""},
		{"unreachable without time", func(r *assess.Record) {
			r.Satisfaction, r.Resolution, r.Rated = hotline.Unreachable, hotline.Unanswered, time.Time{}
		}, "Rated"},
		{"unknown resolution", func(r *assess.Record) { r.Resolution = hotline.Unresolved + 1 }, "Resolution"},
		{"rated without time", func(r *assess.Record) { r.Rated = time.Time{} }, "Rated"},
		{"resolution without time", func(r *assess.Record) {
			r.Satisfaction, r.Rated = hotline.Unrated, time.Time{}
		}, "Rated"},
		{"no answers, no time", func(r *assess.Record) {
			r.Satisfaction, r.Resolution, r.Rated = hotline.Unrated, hotline.Unanswered, time.Time{}
		}, ""},
		{"no category is fine by unit", func(r *assess.Record) { r.Category = "" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := valid
			tt.mod(&rec)
			err := rec.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, assess.ErrInvalidRecord)
			var re *assess.RecordError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.field, re.Field)
			assert.Equal(t, rec.OrderID, re.OrderID)

			// Compute reports the record's index and the same error.
			recs := fixture()
			recs[4] = rec
			_, err = mustNew(t, assess.Scheme{}).Compute(recs, october)
			require.ErrorIs(t, err, assess.ErrInvalidRecord)
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.field, re.Field)
			assert.Contains(t, err.Error(), "records[4]")
		})
	}
}

func TestRecordErrorMessage(t *testing.T) {
	rec := fixture()[1]
	rec.Closed = rec.Received.Add(-time.Hour)
	assert.EqualError(t, rec.Validate(), `assess: order "C2": Closed: before Received`)
}

func TestComputeByCategoryNeedsCategory(t *testing.T) {
	recs := fixture()
	recs[7].Category = ""
	_, err := mustNew(t, assess.Scheme{}).ComputeBy(recs, october, assess.ByCategory)
	var re *assess.RecordError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "Category", re.Field)
	assert.Equal(t, "P3", re.OrderID)
	assert.ErrorIs(t, err, assess.ErrInvalidRecord)

	_, err = mustNew(t, assess.Scheme{}).ComputeBy(recs, october, assess.ByLeader+1)
	assert.Error(t, err)
}

func TestPeriod(t *testing.T) {
	y := assess.Year(2025, shanghai)
	assert.Equal(t, time.Date(2025, 1, 1, 0, 0, 0, 0, shanghai), y.From)
	assert.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai), y.To)
	dec := assess.Month(2025, time.December, nil)
	assert.Equal(t, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), dec.From)
	assert.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), dec.To)
	assert.Equal(t, time.UTC, assess.Year(2025, nil).From.Location())

	// 1 October 00:00 in Shanghai is 30 September 16:00 UTC.
	assert.True(t, october.Contains(time.Date(2025, 9, 30, 16, 0, 0, 0, time.UTC)))
	assert.False(t, october.Contains(time.Date(2025, 9, 30, 15, 59, 59, 0, time.UTC)))
	assert.False(t, october.Contains(october.To))
	assert.True(t, october.Contains(october.To.Add(-time.Nanosecond)))

	bad := []assess.Period{
		{},
		{From: october.From},
		{To: october.To},
		{From: october.To, To: october.From},
		{From: october.From, To: october.From},
	}
	for _, p := range bad {
		require.ErrorIs(t, p.Validate(), assess.ErrInvalidPeriod, "%v", p)
		_, err := mustNew(t, assess.Scheme{}).Compute(fixture(), p)
		require.ErrorIs(t, err, assess.ErrInvalidPeriod)
	}
	require.NoError(t, october.Validate())
}

func TestNewValidates(t *testing.T) {
	w := func(ws ...assess.Weight) []assess.Weight { return ws }
	tests := []struct {
		name   string
		scheme assess.Scheme
		field  string // "" means valid
	}{
		{"zero scheme", assess.Scheme{}, ""},
		{"beijing", assess.SchemeBeijing(), ""},
		{"town", assess.SchemeTown(), ""},
		{"county", assess.SchemeCounty(), ""},
		{"no weights", assess.Scheme{Weights: w()}, ""},
		{"unknown metric", assess.Scheme{Weights: w(assess.Weight{Metric: 0, Points: 1})}, "Weights[0].Metric"},
		{"metric past the end", assess.Scheme{Weights: w(assess.Weight{Metric: assess.MetricCriticism + 1, Points: 1})},
			"Weights[0].Metric"},
		{"duplicate metric", assess.Scheme{Weights: w(
			assess.Weight{Metric: assess.MetricOnTime, Points: 1}, assess.Weight{Metric: assess.MetricResponse, Points: 1},
			assess.Weight{Metric: assess.MetricOnTime, Points: 2})}, "Weights[2].Metric"},
		{"zero points", assess.Scheme{Weights: w(assess.Weight{Metric: assess.MetricOnTime})}, "Weights[0].Points"},
		{"negative points", assess.Scheme{Weights: w(assess.Weight{Metric: assess.MetricOnTime, Points: -5})},
			"Weights[0].Points"},
		{"NaN points", assess.Scheme{Weights: w(assess.Weight{Metric: assess.MetricOnTime, Points: math.NaN()})},
			"Weights[0].Points"},
		{"infinite points", assess.Scheme{Weights: w(assess.Weight{Metric: assess.MetricOnTime, Points: math.Inf(1)})},
			"Weights[0].Points"},
		{"negative satisfaction weight", assess.Scheme{Satisfaction: assess.SatisfactionWeights{Satisfied: 1, Dissatisfied: -1}},
			"Satisfaction.Dissatisfied"},
		{"satisfaction weight too large", assess.Scheme{Satisfaction: assess.SatisfactionWeights{VerySatisfied: assess.MaxSatisfactionWeight + 1}},
			"Satisfaction.VerySatisfied"},
		{"largest satisfaction weight", assess.Scheme{Satisfaction: assess.SatisfactionWeights{VerySatisfied: assess.MaxSatisfactionWeight}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := assess.New(tt.scheme)
			if tt.field == "" {
				require.NoError(t, err)
				require.NotNil(t, a)
				return
			}
			assert.Nil(t, a)
			require.ErrorIs(t, err, assess.ErrInvalidScheme)
			var se *assess.SchemeError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.field, se.Field)
			assert.Contains(t, err.Error(), "assess: scheme "+tt.field+": ")
		})
	}
}

func TestNewDefaultsAndCopies(t *testing.T) {
	a := mustNew(t, assess.Scheme{})
	s := a.Scheme()
	assert.Equal(t, assess.WeightsDefault(), s.Weights)
	assert.Equal(t, assess.SatisfactionDefault(), s.Satisfaction)
	assert.Equal(t, assess.Scheme{Weights: assess.WeightsDefault(), Satisfaction: assess.SatisfactionThreeLevel(),
		Exempt: assess.ExemptRules{Reasons: assess.ExemptReasonsDefault()}}, s,
		"the zero scheme's defaults filled in: no name, no targets")

	// Changing the caller's slice or the returned copy does not change the
	// assessor.
	ws := []assess.Weight{{Metric: assess.MetricOnTime, Points: 1}}
	b := mustNew(t, assess.Scheme{Weights: ws})
	ws[0].Metric = assess.MetricResponse
	got := b.Scheme()
	got.Weights[0].Points = 99
	assert.Equal(t, []assess.Weight{{Metric: assess.MetricOnTime, Points: 1}}, b.Scheme().Weights)
	assert.NotNil(t, mustNew(t, assess.Scheme{Weights: []assess.Weight{}}).Scheme().Weights, "empty stays empty, not default")
}

func TestRate(t *testing.T) {
	tests := []struct {
		rate    assess.Rate
		defined bool
		value   float64
		str     string
	}{
		{r(0, 0), false, 0, "- (0/0)"},
		{r(0, 4), true, 0, "0.0% (0/4)"},
		{r(3, 4), true, 0.75, "75.0% (3/4)"},
		{r(2, 3), true, 2.0 / 3, "66.7% (2/3)"},
		{r(4, 4), true, 1, "100.0% (4/4)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.defined, tt.rate.Defined(), tt.str)
		assert.Equal(t, tt.value, tt.rate.Value(), tt.str)
		assert.False(t, math.IsNaN(tt.rate.Value()))
		assert.Equal(t, tt.str, tt.rate.String())
	}
}

func TestStrings(t *testing.T) {
	assert.Equal(t, "on-time", assess.MetricOnTime.String())
	assert.Equal(t, "Metric(0)", assess.Metric(0).String())
	assert.Equal(t, "category", assess.ByCategory.String())
	assert.Equal(t, "Dimension(6)", assess.Dimension(6).String())
	lower := map[assess.Metric]bool{assess.MetricReturn: true, assess.MetricReopen: true, assess.MetricExtension: true, assess.MetricImproperReturn: true}
	for m := assess.MetricResponse; m <= assess.MetricImproperReturn; m++ {
		assert.Equal(t, lower[m], m.LowerIsBetter(), m.String())
	}
	assert.False(t, assess.Metric(0).LowerIsBetter())
	assert.Equal(t, assess.Rate{}, (&assess.Scorecard{}).Rate(0))
	assert.True(t, errors.Is(&assess.SchemeError{Field: "x", Err: errors.New("y")}, assess.ErrInvalidScheme))
}

// The shipped schemes and scales are new values on every call: a caller
// changing one changes it for nobody else.
func TestShippedSchemesAreCopies(t *testing.T) {
	a := assess.SchemeTown()
	a.Weights[0].Points = 99
	a.Satisfaction.Dissatisfied = 7
	a.Targets[0].Rate = 0.1
	a.Exempt.Reasons[0].Code = "x"
	w := assess.WeightsDefault()
	w[1].Points = 1
	b := assess.SchemeTown()
	assert.Equal(t, 20.0, b.Weights[0].Points)
	assert.Equal(t, 35.0, assess.WeightsDefault()[1].Points)
	assert.Equal(t, assess.SatisfactionThreeLevel(), b.Satisfaction)
	assert.Equal(t, 0.92, b.Targets[0].Rate)
	assert.Equal(t, assess.ExemptReasonsDefault(), b.Exempt.Reasons)
	assert.Zero(t, assess.SatisfactionDefault().Dissatisfied)
}
