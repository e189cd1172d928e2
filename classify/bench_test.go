package classify

import "testing"

var withinBench = []struct {
	name          string
	code, subtree Code
}{
	{"leaf in domain", "01.02.03", "01"},
	{"itself", "07.02.02", "07.02.02"},
	{"outside", "02.03", "01.02"},
	{"unknown", "09.09.09", "09"},
}

func BenchmarkTree(b *testing.B) {
	tree := Default()
	for _, bc := range withinBench {
		b.Run("Within/"+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tree.Within(bc.code, bc.subtree)
			}
		})
		b.Run("Lookup/"+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tree.Lookup(bc.code)
			}
		})
	}
	b.Run("Code.Within", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Code("01.02.03").Within("01.02")
		}
	})
	reasons := DefaultReasons()
	b.Run("Reasons.Check", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = reasons.Check(ReasonReturn, "insufficient_info")
		}
	})
}

// TestNoAllocs keeps the promise of the documentation: Lookup, Within,
// Check of a known code and Reasons.Lookup do not allocate.
func TestNoAllocs(t *testing.T) {
	tree, reasons := Default(), DefaultReasons()
	for _, bc := range withinBench {
		n := testing.AllocsPerRun(100, func() {
			tree.Within(bc.code, bc.subtree)
			tree.Lookup(bc.code)
			bc.code.Within(bc.subtree)
			_ = tree.Check("01.02.03")
			reasons.Lookup(ReasonReturn, "other")
		})
		if n != 0 {
			t.Errorf("%s: %v allocations", bc.name, n)
		}
	}
}
