package assess_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline/assess"
)

func TestLoadSchemeTown(t *testing.T) {
	s, err := assess.LoadScheme("schemes/town.yaml")
	require.NoError(t, err)
	assert.Equal(t, "town", s.Name)
	assert.Equal(t, []assess.Weight{
		{Metric: assess.MetricResponse, Points: 20}, {Metric: assess.MetricOnTime, Points: 30},
		{Metric: assess.MetricResolution, Points: 20}, {Metric: assess.MetricSatisfaction, Points: 30},
	}, s.Weights)
	assert.Equal(t, assess.Target{Metric: assess.MetricResolution, Rate: 0.92}, s.Targets[0])
	assert.Equal(t, assess.ExemptReasonsDefault(), s.Exempt.Reasons)
	assert.Equal(t, assess.SatisfactionThreeLevel(), s.Satisfaction)
	assert.Equal(t, assess.SchemeTown(), s, "SchemeTown is schemes/town.yaml: change both")
}

func TestParseSchemeErrors(t *testing.T) {
	const weights = "weights:\n  - {rate: on-time, points: 60}\n  - {rate: satisfaction, points: 40}\n"
	tests := []struct {
		name, text string
		want       error
		field      string
		line       int
	}{
		{"unknown key", "name: town\ncolour: red\n" + weights, assess.ErrUnknownField, "colour", 2},
		{"unknown rate", "weights:\n  - {rate: on-time, points: 60}\n  - {rate: 幸福率, points: 40}\n", assess.ErrUnknownRate, "weights[1].rate", 3},
		{"weights add to 90", "weights:\n  - {rate: on-time, points: 60}\n  - {rate: satisfaction, points: 30}\n", assess.ErrWeightsTotal, "weights", 2},
		{"weights add to 110", "name: x\nweights:\n  - {rate: 按期办结率, points: 60}\n  - {rate: 满意率, points: 50}\n", assess.ErrWeightsTotal, "weights", 3},
		{"no weights", "name: town\n", assess.ErrBadValue, "weights", 1},
		{"a rate twice", "weights:\n  - {rate: on-time, points: 50}\n  - {rate: 按期办结率, points: 50}\n", assess.ErrInvalidScheme, "weights[1].rate", 3},
		{"a negative weight", "weights:\n  - {rate: on-time, points: 120}\n  - {rate: satisfaction, points: -20}\n", assess.ErrInvalidScheme, "weights[1].points", 3},
		{"a target above 1", weights + "targets:\n  - {rate: resolution, min: 92}\n", assess.ErrInvalidScheme, "targets[0].min", 5},
		{"a negative target", weights + "targets:\n  - {rate: return, min: -0.1}\n", assess.ErrInvalidScheme, "targets[0].min", 5},
		{"a target of an unknown rate", weights + "targets:\n  - {rate: speed, min: 0.5}\n", assess.ErrUnknownRate, "targets[0].rate", 5},
		{"a target without min", weights + "targets:\n  - {rate: return}\n", assess.ErrBadValue, "targets[0]", 5},
		{"a reason twice", weights + "exempt:\n  reasons:\n    - {code: malicious}\n    - {code: malicious}\n", assess.ErrInvalidScheme, "exempt.reasons[1].code", 7},
		{"a reason without a code", weights + "exempt:\n  reasons:\n    - {name: 恶意来电}\n", assess.ErrInvalidScheme, "exempt.reasons[0].code", 6},
		{"an unknown scale", "satisfaction: ten-level\n" + weights, assess.ErrBadValue, "satisfaction", 1},
		{"points as text", "weights:\n  - {rate: on-time, points: many}\n", assess.ErrBadValue, "weights[0].points", 2},
		{"not YAML", "weights: [\n", assess.ErrInvalidScheme, "", 1},
		{"empty", "# nothing\n", assess.ErrBadValue, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := assess.ParseScheme(strings.NewReader(tt.text))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, err, assess.ErrInvalidScheme)
			var fe *assess.SchemeFileError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Equal(t, tt.line, fe.Line, "%v", err)
		})
	}
}

func TestParseSchemeExemptNone(t *testing.T) {
	s, err := assess.ParseScheme(strings.NewReader("weights: [{rate: 满意率, points: 100}]\nexempt: {reasons: []}\n"))
	require.NoError(t, err)
	assert.NotNil(t, s.Exempt.Reasons)
	assert.Empty(t, s.Exempt.Reasons)
	assert.Equal(t, assess.SatisfactionThreeLevel(), s.Satisfaction)
}

// TestParseSchemeExemptDefaults leaves the reasons out in each way a
// file can: the defaults stand; only a list, the empty one included,
// replaces them.
func TestParseSchemeExemptDefaults(t *testing.T) {
	for _, exempt := range []string{"", "exempt:\n", "exempt: {}\n", "exempt: {reasons: ~}\n", "exempt:\n  reasons:\n"} {
		s, err := assess.ParseScheme(strings.NewReader("weights: [{rate: 满意率, points: 100}]\n" + exempt))
		require.NoError(t, err, "%q", exempt)
		a, err := assess.New(s)
		require.NoError(t, err)
		rules := a.Scheme().Exempt
		assert.True(t, rules.Honours(assess.ExemptMalicious), "%q: the default reasons are honoured", exempt)
	}
}

func TestLoadSchemeMissing(t *testing.T) {
	_, err := assess.LoadScheme("schemes/none.yaml")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func FuzzParseScheme(f *testing.F) {
	town, err := os.ReadFile("schemes/town.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(town))
	f.Add("weights: [{rate: on-time, points: 60}, {rate: satisfaction, points: 40}]\ntargets: [{rate: return, min: 0.1}]\n")
	f.Add("weights:\n  - &w {rate: on-time, points: 50}\n  - *w\n")
	f.Add("exempt: {reasons: [{code: a}, {code: a}]}\n")
	f.Fuzz(func(t *testing.T, text string) {
		s, err := assess.ParseScheme(strings.NewReader(text))
		if err != nil {
			var fe *assess.SchemeFileError
			if !errors.As(err, &fe) || !errors.Is(err, assess.ErrInvalidScheme) {
				t.Fatalf("error %v is not a *SchemeFileError matching ErrInvalidScheme", err)
			}
			return
		}
		if _, err := assess.New(s); err != nil {
			t.Fatalf("New refuses a parsed scheme: %v", err)
		}
		total := 0.0
		for _, w := range s.Weights {
			total += w.Points
		}
		if total < 100-1e-6 || total > 100+1e-6 {
			t.Fatalf("weights add up to %v", total)
		}
	})
}

// ExampleParseScheme reads a scheme that weighs 解决率 with the 92% goal as
// a target, and lists the rates a unit misses.
func ExampleParseScheme() {
	s, err := assess.ParseScheme(strings.NewReader(`
name: town
weights:
  - {rate: 按期办结率, points: 40}
  - {rate: 解决率, points: 30}
  - {rate: 满意率, points: 30}
targets:
  - {rate: resolution, min: 0.92}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := assess.New(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	row := assess.Scorecard{Resolved: assess.Rate{Num: 45, Den: 50}}
	fmt.Println(row.Resolved, a.Misses(&row))

	_, err = assess.ParseScheme(strings.NewReader("weights:\n  - {rate: 解决率, points: 30}\n  - {rate: 满意率, points: 30}\n"))
	fmt.Println(err)
	// Output:
	// 90.0% (45/50) [resolution]
	// assess: scheme file: weights: weights do not add up to 100: they add up to 60 (line 2, column 3)
}
