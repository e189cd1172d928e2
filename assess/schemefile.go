package assess

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline/internal/conf"
)

// ErrUnknownField reports a key a scheme file does not have; the same
// sentinel as sla.ErrUnknownField. It comes in a *SchemeFileError, with
// ErrInvalidScheme.
var ErrUnknownField = conf.ErrUnknownField

// ErrBadValue reports a value of the wrong kind in a scheme file, a key
// given twice or an empty file; the same sentinel as sla.ErrBadValue. It
// comes in a *SchemeFileError, with ErrInvalidScheme.
var ErrBadValue = conf.ErrBadValue

// Reasons a scheme file's value is refused, besides those of New.
var (
	// ErrWeightsTotal: the weights of a scheme file do not add up to 100.
	ErrWeightsTotal = errors.New("weights do not add up to 100")
	// ErrUnknownRate: a rate name that is no Metric.
	ErrUnknownRate = errors.New("unknown rate")
)

// SchemeFileError is a mistake in a scheme file: Field is the path of the
// key or value at fault ("weights[2].rate"; "" for the file as a whole),
// Line and Column its place (1-based; 0 when unknown), Err the cause. It
// matches ErrInvalidScheme and its cause under errors.Is.
type SchemeFileError struct {
	Field        string
	Line, Column int
	Err          error
}

// Error returns "assess: scheme file: field: cause (line L, column C)",
// leaving out what is empty or unknown.
func (e *SchemeFileError) Error() string {
	var b strings.Builder
	b.WriteString("assess: scheme file")
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	b.WriteString(conf.Position{Line: e.Line, Column: e.Column}.Suffix())
	return b.String()
}

// Unwrap returns the cause and ErrInvalidScheme.
func (e *SchemeFileError) Unwrap() []error { return []error{e.Err, ErrInvalidScheme} }

// schemeFile is the YAML form of a Scheme.
type schemeFile struct {
	Name         string       `yaml:"name"`
	Satisfaction string       `yaml:"satisfaction"`
	Weights      []fileWeight `yaml:"weights"`
	Targets      []fileTarget `yaml:"targets"`
	Exempt       *fileExempt  `yaml:"exempt"`
}

type fileWeight struct {
	Rate   string  `yaml:"rate"`
	Points float64 `yaml:"points"`
}

type fileTarget struct {
	Rate string   `yaml:"rate"`
	Min  *float64 `yaml:"min"` // required: nil when left out
}

type fileExempt struct {
	Reasons []ExemptReason `yaml:"reasons"`
}

// weightsTotal is what a scheme file's weights add up to.
const weightsTotal = 100

// ParseScheme reads a Scheme from YAML (JSON is YAML too):
//
//	name: town
//	satisfaction: three-level        # or five-level; three-level when left out
//	weights:                         # add up to 100
//	  - {rate: response, points: 20}
//	  - {rate: on-time, points: 30}
//	  - {rate: resolution, points: 20}
//	  - {rate: satisfaction, points: 30}
//	targets:                         # thresholds in [0, 1], min required; optional
//	  - {rate: resolution, min: 0.92}
//	exempt:                          # reasons honoured; the defaults unless a list is given
//	  reasons:
//	    - {code: unreasonable, name: 诉求不合理}
//
// A rate is a Metric's English key ("on-time") or Chinese name ("按期办结率");
// for a rate where lower is better (退单率 …) a target's min is read as the
// most the rate may be. Weights are required and must add up to 100 (within
// 1e-9); the assessor scales scores to 0-100 either way, so the rule only
// catches a mistyped weight. "exempt: {reasons: []}" honours no exemption.
//
// Refused, each with a *SchemeFileError giving the line and column: text
// that is not YAML, an empty file, an unknown key (ErrUnknownField), a key
// given twice or a value of the wrong kind (ErrBadValue), an unknown rate
// (ErrUnknownRate), weights that do not add up to 100 (ErrWeightsTotal),
// and whatever New refuses (a rate weighted twice, a weight that is not
// positive, a target out of [0, 1], a reason without a code or given
// twice). An error reading r is returned wrapped as it is.
func ParseScheme(r io.Reader) (Scheme, error) {
	root, err := conf.Parse(r)
	if _, ok := errors.AsType[*conf.Error](err); err != nil && !ok {
		return Scheme{}, fmt.Errorf("assess: read scheme file: %w", err)
	}
	if err != nil {
		return Scheme{}, schemeFileError(err)
	}
	var f schemeFile
	if err := conf.DecodeNode(root, &f); err != nil {
		return Scheme{}, schemeFileError(err)
	}
	at := func(path string, err error) (Scheme, error) {
		return Scheme{}, schemeFileError(conf.At(root, path, err))
	}
	s := Scheme{Name: f.Name, Weights: []Weight{}}
	switch f.Satisfaction {
	case "", "three-level", "三级":
		s.Satisfaction = SatisfactionThreeLevel()
	case "five-level", "五级":
		s.Satisfaction = SatisfactionFiveLevel()
	default:
		return at("satisfaction", fmt.Errorf("%w: %q, want three-level or five-level", ErrBadValue, f.Satisfaction))
	}
	if len(f.Weights) == 0 {
		return at("weights", fmt.Errorf("%w: no weights", ErrBadValue))
	}
	total := 0.0
	for i, w := range f.Weights {
		m, ok := parseMetric(w.Rate)
		if !ok {
			return at(fmt.Sprintf("weights[%d].rate", i), fmt.Errorf("%w %q", ErrUnknownRate, w.Rate))
		}
		s.Weights = append(s.Weights, Weight{Metric: m, Points: w.Points})
		total += w.Points
	}
	for i, t := range f.Targets {
		m, ok := parseMetric(t.Rate)
		if !ok {
			return at(fmt.Sprintf("targets[%d].rate", i), fmt.Errorf("%w %q", ErrUnknownRate, t.Rate))
		}
		if t.Min == nil {
			return at(fmt.Sprintf("targets[%d]", i), fmt.Errorf("%w: no min", ErrBadValue))
		}
		s.Targets = append(s.Targets, Target{Metric: m, Rate: *t.Min})
	}
	// The defaults stand unless reasons is a list: an empty one honours
	// none, "exempt: {}" or "reasons: ~" leave the defaults.
	if n := conf.Lookup(root, "exempt.reasons"); f.Exempt != nil && n != nil && n.Kind == yaml.SequenceNode {
		s.Exempt.Reasons = f.Exempt.Reasons
		if s.Exempt.Reasons == nil {
			s.Exempt.Reasons = []ExemptReason{}
		}
	}
	if _, err := New(s); err != nil {
		var se *SchemeError
		if errors.As(err, &se) {
			return at(filePath(se.Field), se.Err)
		}
		return Scheme{}, err // not reached: New returns *SchemeError values
	}
	if math.Abs(total-weightsTotal) > 1e-9 {
		return at("weights", fmt.Errorf("%w: they add up to %s", ErrWeightsTotal, strconv.FormatFloat(total, 'g', -1, 64)))
	}
	return s, nil
}

// LoadScheme reads a Scheme from the YAML file at path; see ParseScheme.
// Errors start with the path.
func LoadScheme(path string) (Scheme, error) { return conf.LoadFile(path, ParseScheme) }

// parseMetric returns the metric named s by its English key or Chinese
// name.
func parseMetric(s string) (Metric, bool) {
	i := metricNames.Parse(s)
	if i <= 0 || i >= int(numMetrics) {
		return 0, false
	}
	return Metric(i), true
}

// filePath turns a field of a *SchemeError ("Weights[2].Points") into the
// path of the file's key ("weights[2].points").
func filePath(field string) string {
	r := strings.NewReplacer("Weights", "weights", "Points", "points", "Metric", "rate",
		"Targets", "targets", "Rate", "min", "Exempt", "exempt", "Reasons", "reasons", "Code", "code")
	return r.Replace(field)
}

// schemeFileError turns a *conf.Error into a *SchemeFileError.
func schemeFileError(err error) *SchemeFileError {
	path, at, cause := conf.Split(err)
	return &SchemeFileError{Field: path, Line: at.Line, Column: at.Column, Err: cause}
}
