package assess

import (
	"fmt"
	"strconv"
)

// Rate is a ratio Num/Den of record counts (for satisfaction, of weighted
// answers; see the package documentation). A Rate with Den == 0 has no
// orders to judge: it is undefined, [Rate.Defined] is false and
// [Rate.Value] returns 0, never NaN. The zero value is such an undefined
// rate.
type Rate struct {
	Num int `json:"num"`
	Den int `json:"den"`
}

// MarshalJSON encodes the rate as {"num":3,"den":4,"rate":0.75}, with
// "rate" null when the rate is undefined. Decoding reads num and den and
// ignores rate.
func (r Rate) MarshalJSON() ([]byte, error) {
	b := fmt.Appendf(nil, `{"num":%d,"den":%d,"rate":`, r.Num, r.Den)
	if !r.Defined() {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendFloat(b, r.Value(), 'g', -1, 64)
	}
	return append(b, '}'), nil
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
