package assess

import "fmt"

// Rate is a ratio Num/Den of record counts (for satisfaction, of weighted
// answers; see the package documentation). A Rate with Den == 0 has no
// orders to judge: it is undefined, [Rate.Defined] is false and
// [Rate.Value] returns 0, never NaN. The zero value is such an undefined
// rate.
type Rate struct {
	Num, Den int
}

// Defined reports whether the rate has a denominator (Den > 0).
func (r Rate) Defined() bool { return r.Den > 0 }

// Value returns Num/Den in [0, 1], or 0 when Den == 0.
func (r Rate) Value() float64 {
	if r.Den <= 0 {
		return 0
	}
	return float64(r.Num) / float64(r.Den)
}

// String formats the rate as a percentage with one decimal and the counts,
// e.g. "75.0% (3/4)", or "- (0/0)" when undefined.
func (r Rate) String() string {
	if !r.Defined() {
		return fmt.Sprintf("- (%d/%d)", r.Num, r.Den)
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", 100*r.Value(), r.Num, r.Den)
}

func (r *Rate) add(o Rate) { r.Num += o.Num; r.Den += o.Den }

// count adds one record to the denominator and, if hit, to the numerator.
func (r *Rate) count(hit bool) {
	r.Den++
	if hit {
		r.Num++
	}
}
