package assess

import (
	"fmt"
	"math"
	"slices"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/internal/i18n"
)

// Metric names one rate of a [Scorecard] so that a [Scheme] can weight it.
type Metric uint8

const (
	// MetricResponse is 响应率, [Scorecard.Response].
	MetricResponse Metric = iota + 1
	// MetricOnTime is 按期办结率, [Scorecard.OnTime].
	MetricOnTime
	// MetricResolution is 解决率, [Scorecard.Resolved].
	MetricResolution
	// MetricSatisfaction is 满意率, [Scorecard.Satisfaction].
	MetricSatisfaction
	// MetricReturn is 退单率, [Scorecard.Returned]; lower is better.
	MetricReturn
	// MetricReopen is 重办率, [Scorecard.Reopened]; lower is better.
	MetricReopen
	// MetricExtension is 延期率, [Scorecard.Extended]; lower is better.
	MetricExtension
	// MetricImproperReturn is 不当退单率, [Scorecard.ImproperReturned];
	// lower is better.
	MetricImproperReturn
	// MetricSupervision is 督办率, [Scorecard.Supervised]; lower is
	// better (assess/supervision.go).
	MetricSupervision
	// MetricTalk is 约谈率, [Scorecard.Talked]; lower is better.
	MetricTalk
	// MetricCriticism is 通报率, [Scorecard.Criticised]; lower is better.
	MetricCriticism

	// New rates go here, before numMetrics, with their names in
	// metricNames and their figure in Scorecard.Rate; like every rate
	// after MetricReturn lower is better.
	// Schemes, scheme files and targets accept a rate as soon as it is
	// declared.

	numMetrics // keep last
)

var metricNames = i18n.NewNames(
	[]string{"", "response", "on-time", "resolution", "satisfaction", "return", "reopen", "extension", "improper-return",
		"supervision", "talk", "criticism"},
	[]string{"", "响应率", "按期办结率", "解决率", "满意率", "退单率", "重办率", "延期率", "不当退单率",
		"督办率", "约谈率", "通报率"},
	nil)

// String returns the metric in English, e.g. "on-time", or "Metric(n)"
// for an undeclared value.
func (m Metric) String() string {
	if n := metricNames.Key(int(m)); n != "" {
		return n
	}
	return fmt.Sprintf("Metric(%d)", uint8(m))
}

// Name returns the metric's name in the language best matching t:
// "按期办结率" for Chinese tags, "on-time" (m.String()) for all others;
// m.String() for an undeclared value.
func (m Metric) Name(t language.Tag) string {
	if metricNames.Key(int(m)) == "" {
		return m.String()
	}
	return metricNames.Name(int(m), t)
}

// schemeNames are the display names of the shipped schemes, by Name.
var schemeNames = i18n.NewNames(
	[]string{"beijing", "county", "town"},
	[]string{"北京", "县级", "镇级"},
	nil)

// SchemeName returns the display name of the scheme called name (a
// [Scheme.Name] or [Report.Scheme]) in the language best matching t: for
// the shipped schemes "镇级" for "town" with a Chinese tag, "town" with
// the others; any other name is returned as it is.
func SchemeName(name string, t language.Tag) string {
	if i := schemeNames.Index(name); i >= 0 {
		return schemeNames.Name(i, t)
	}
	return name
}

// Title returns s's display name in the language best matching t: see
// [SchemeName].
func (s Scheme) Title(t language.Tag) string { return SchemeName(s.Name, t) }

// LowerIsBetter reports whether a lower rate is the better result
// (return, reopen, extension and improper return rates). A score counts such a rate as
// 1 - Value.
func (m Metric) LowerIsBetter() bool { return m >= MetricReturn && m < numMetrics }

// Weight gives a metric its share of the score.
type Weight struct {
	Metric Metric
	// Points is the metric's weight, positive. Weights need not add up to
	// 100: the score is always scaled to 0-100 (a scheme file's weights
	// must, see ParseScheme).
	Points float64
}

// Target is a threshold a rate should reach: at least Rate, or for a rate
// where lower is better at most Rate. [Assessor.Misses] lists the rates of
// a row that miss theirs.
type Target struct {
	Metric Metric
	// Rate is the threshold in [0, 1], e.g. 0.92 for 解决率 ≥ 92%.
	Rate float64
}

// SatisfactionWeights says what each callback answer is worth in the
// satisfaction rate, as a non-negative integer of at most
// [MaxSatisfactionWeight]. The highest weight is full marks. The zero value
// (all zero) means [SatisfactionDefault].
type SatisfactionWeights struct {
	VerySatisfied, Satisfied, BasicallySatisfied, Dissatisfied, VeryDissatisfied int
}

// MaxSatisfactionWeight bounds each [SatisfactionWeights] field.
const MaxSatisfactionWeight = 1000

func (w *SatisfactionWeights) of(s hotline.Satisfaction) int {
	switch s {
	case hotline.VerySatisfied:
		return w.VerySatisfied
	case hotline.Satisfied:
		return w.Satisfied
	case hotline.BasicallySatisfied:
		return w.BasicallySatisfied
	case hotline.Dissatisfied:
		return w.Dissatisfied
	case hotline.VeryDissatisfied:
		return w.VeryDissatisfied
	}
	return 0
}

func (w *SatisfactionWeights) max() int {
	return max(w.VerySatisfied, w.Satisfied, w.BasicallySatisfied, w.Dissatisfied, w.VeryDissatisfied)
}

// SatisfactionThreeLevel counts 满意 and 基本满意 (and 非常满意) as
// satisfied and the rest as not: 满意率 = (满意 + 基本满意) / 参评.
func SatisfactionThreeLevel() SatisfactionWeights {
	return SatisfactionWeights{VerySatisfied: 1, Satisfied: 1, BasicallySatisfied: 1}
}

// SatisfactionFiveLevel is a linear five-level scale: 非常满意 4, 满意 3,
// 基本满意 2, 不满意 1, 非常不满意 0, so 满意率 is the mean answer as a
// share of the best.
func SatisfactionFiveLevel() SatisfactionWeights {
	return SatisfactionWeights{VerySatisfied: 4, Satisfied: 3, BasicallySatisfied: 2, Dissatisfied: 1}
}

// SatisfactionDefault is used when a Scheme leaves Satisfaction zero:
// SatisfactionThreeLevel.
func SatisfactionDefault() SatisfactionWeights { return SatisfactionThreeLevel() }

// The shipped schemes are functions returning a new value each time:
// change a field of one to make another, and no other caller sees it.

// SchemeBeijing weights Beijing's 三率 for 接诉即办 as commonly reported:
// 响应率 10, 解决率 45, 满意率 45, on the three-level satisfaction scale.
// Check them against the rules in force for the year assessed.
func SchemeBeijing() Scheme {
	return Scheme{
		Name:         "beijing",
		Weights:      []Weight{{MetricResponse, 10}, {MetricResolution, 45}, {MetricSatisfaction, 45}},
		Satisfaction: SatisfactionThreeLevel(),
	}
}

// SchemeCounty is a county's 三率 at 30/35/35 (the weights 准格尔旗's rules
// give): 响应率 30, 解决率 35, 满意率 35, on the three-level scale.
func SchemeCounty() Scheme {
	return Scheme{
		Name:         "county",
		Weights:      []Weight{{MetricResponse, 30}, {MetricResolution, 35}, {MetricSatisfaction, 35}},
		Satisfaction: SatisfactionThreeLevel(),
	}
}

// SchemeTown judges units as the town this library is modelled on does,
// weighing the resolution rate (解决率) as Dongguan's city targets do:
// 响应率 20, 按期办结率 30, 解决率 20, 满意率 30, on the three-level scale,
// with the targets 解决率 ≥ 92% (a 2025 city goal), 满意率 ≥ 90% and
// 按期办结率 ≥ 98%, honouring the exemption reasons of
// ExemptReasonsDefault. It is schemes/town.yaml (LoadScheme), which a test
// keeps equal to it. Its 解决率 needs callbacks that answer 是否解决
// (Record.Resolution); a record without one is left out of that rate.
func SchemeTown() Scheme {
	return Scheme{
		Name: "town",
		Weights: []Weight{{MetricResponse, 20}, {MetricOnTime, 30}, {MetricResolution, 20},
			{MetricSatisfaction, 30}},
		Satisfaction: SatisfactionThreeLevel(),
		Targets:      []Target{{MetricResolution, 0.92}, {MetricSatisfaction, 0.90}, {MetricOnTime, 0.98}},
		Exempt:       ExemptRules{Reasons: ExemptReasonsDefault()},
	}
}

// WeightsDefault are used when a Scheme leaves Weights nil: 响应率 30,
// 按期办结率 35, 满意率 35, the town's weights before it weighed 解决率.
// They need no 是否解决 answers, so the zero Scheme scores any records.
func WeightsDefault() []Weight {
	return []Weight{{MetricResponse, 30}, {MetricOnTime, 35}, {MetricSatisfaction, 35}}
}

// Scheme is an assessment's configuration: which rates the score weights
// and how satisfaction answers count. The zero Scheme means
// [WeightsDefault] and [SatisfactionDefault], with no targets and the
// exemption reasons of ExemptReasonsDefault.
type Scheme struct {
	// Name identifies the scheme in reports; optional.
	Name string
	// Weights are the scored metrics, each at most once. Nil means
	// WeightsDefault; a non-nil empty slice means no score.
	Weights []Weight
	// Satisfaction weighs the callback answers. Zero means
	// SatisfactionDefault.
	Satisfaction SatisfactionWeights
	// Targets are the thresholds the rates should reach, each metric at
	// most once; a metric need not be weighted to have one. Nil means none.
	Targets []Target
	// Exempt says which exemptions (不纳入考核) the scheme honours. Zero
	// means the reasons of ExemptReasonsDefault.
	Exempt ExemptRules
}

// SchemeError names the field of a [Scheme] that [New] rejected. It wraps
// [ErrInvalidScheme] and the reason.
type SchemeError struct {
	Field string // e.g. "Weights[2].Points"
	Err   error
}

// Error returns e.g. "assess: scheme Weights[2].Points: not a positive
// finite number".
func (e *SchemeError) Error() string { return "assess: scheme " + e.Field + ": " + e.Err.Error() }

// Unwrap returns the reason and ErrInvalidScheme.
func (e *SchemeError) Unwrap() []error { return []error{e.Err, ErrInvalidScheme} }

// Assessor computes reports under one [Scheme]. Build it with [New]; the
// zero Assessor is not usable. It is immutable and safe for concurrent use.
type Assessor struct {
	scheme Scheme
	satMax int
}

// New validates s, fills its defaults and returns an Assessor. Errors are
// [*SchemeError] values naming the field.
func New(s Scheme) (*Assessor, error) {
	if s.Weights == nil {
		s.Weights = WeightsDefault()
	}
	if s.Satisfaction == (SatisfactionWeights{}) {
		s.Satisfaction = SatisfactionDefault()
	}
	sat := [...]struct {
		name string
		v    int
	}{
		{"VerySatisfied", s.Satisfaction.VerySatisfied}, {"Satisfied", s.Satisfaction.Satisfied},
		{"BasicallySatisfied", s.Satisfaction.BasicallySatisfied}, {"Dissatisfied", s.Satisfaction.Dissatisfied},
		{"VeryDissatisfied", s.Satisfaction.VeryDissatisfied},
	}
	for _, f := range sat {
		if f.v < 0 {
			return nil, &SchemeError{Field: "Satisfaction." + f.name, Err: errNegative}
		}
		if f.v > MaxSatisfactionWeight {
			return nil, &SchemeError{Field: "Satisfaction." + f.name, Err: errTooLarge}
		}
	}
	var seen [numMetrics]bool
	for i, w := range s.Weights {
		if w.Metric == 0 || w.Metric >= numMetrics {
			return nil, &SchemeError{Field: fmt.Sprintf("Weights[%d].Metric", i), Err: errUnknown}
		}
		if seen[w.Metric] {
			return nil, &SchemeError{Field: fmt.Sprintf("Weights[%d].Metric", i), Err: errDuplicate}
		}
		seen[w.Metric] = true
		if !(w.Points > 0) || math.IsInf(w.Points, 0) {
			return nil, &SchemeError{Field: fmt.Sprintf("Weights[%d].Points", i), Err: errNotFinite}
		}
	}
	var targeted [numMetrics]bool
	for i, t := range s.Targets {
		if t.Metric == 0 || t.Metric >= numMetrics {
			return nil, &SchemeError{Field: fmt.Sprintf("Targets[%d].Metric", i), Err: errUnknown}
		}
		if targeted[t.Metric] {
			return nil, &SchemeError{Field: fmt.Sprintf("Targets[%d].Metric", i), Err: errDuplicate}
		}
		targeted[t.Metric] = true
		if !(t.Rate >= 0 && t.Rate <= 1) {
			return nil, &SchemeError{Field: fmt.Sprintf("Targets[%d].Rate", i), Err: errOutOfRange}
		}
	}
	s.Targets = slices.Clone(s.Targets)
	if s.Exempt.Reasons == nil {
		s.Exempt.Reasons = ExemptReasonsDefault()
	}
	for i, r := range s.Exempt.Reasons {
		if r.Code == "" {
			return nil, &SchemeError{Field: fmt.Sprintf("Exempt.Reasons[%d].Code", i), Err: errRequired}
		}
		if slices.ContainsFunc(s.Exempt.Reasons[:i], func(x ExemptReason) bool { return x.Code == r.Code }) {
			return nil, &SchemeError{Field: fmt.Sprintf("Exempt.Reasons[%d].Code", i), Err: errDuplicate}
		}
	}
	s.Exempt.Reasons = slices.Clone(s.Exempt.Reasons)
	s.Weights = slices.Clone(s.Weights)
	return &Assessor{scheme: s, satMax: s.Satisfaction.max()}, nil
}

// Scheme returns a copy of the scheme in use, with defaults filled in.
func (a *Assessor) Scheme() Scheme {
	s := a.scheme
	s.Weights = slices.Clone(s.Weights)
	s.Exempt.Reasons = slices.Clone(s.Exempt.Reasons)
	s.Targets = slices.Clone(s.Targets)
	return s
}

// Misses returns the metrics of the scheme's Targets whose rate in s is
// defined and misses its target, in the order of Targets; nil when none
// does. An undefined rate (no orders to judge) misses nothing.
func (a *Assessor) Misses(s *Scorecard) []Metric {
	var out []Metric
	for _, t := range a.scheme.Targets {
		r := s.Rate(t.Metric)
		if !r.Defined() {
			continue
		}
		v := r.Value()
		if t.Metric.LowerIsBetter() && v > t.Rate || !t.Metric.LowerIsBetter() && v < t.Rate {
			out = append(out, t.Metric)
		}
	}
	return out
}
