package similar

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// labelled is a pair of order texts from testdata/pairs.tsv.
type labelled struct {
	same       bool // the same matter
	kind, a, b string
}

func readPairs(t testing.TB) []labelled { return readPairsFile(t, "testdata/pairs.tsv") }

func readPairsFile(t testing.TB, name string) []labelled {
	t.Helper()
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	var ps []labelled
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		require.Len(t, c, 4, "%q", line)
		require.Contains(t, []string{"0", "1"}, c[0], "%q", line)
		ps = append(ps, labelled{c[0] == "1", c[1], c[2], c[3]})
	}
	require.NoError(t, sc.Err())
	return ps
}

// confusion counts the outcomes of calling pairs with a score at or above
// a threshold the same matter.
type confusion struct{ tp, fp, fn, tn int }

func (c *confusion) add(same, said bool) {
	switch {
	case same && said:
		c.tp++
	case said:
		c.fp++
	case same:
		c.fn++
	default:
		c.tn++
	}
}

func (c confusion) precision() float64 { return float64(c.tp) / float64(max(c.tp+c.fp, 1)) }
func (c confusion) recall() float64    { return float64(c.tp) / float64(max(c.tp+c.fn, 1)) }

// TestPairs measures precision and recall of Score at ThresholdDefault on
// the labelled pairs. The threshold was chosen on the even-numbered pairs;
// the odd-numbered ones are reported apart as a check it was not fitted.
func TestPairs(t *testing.T) {
	ps := readPairs(t)
	require.GreaterOrEqual(t, len(ps), 200)
	x, err := New(Config{})
	require.NoError(t, err)
	var all, half [2]confusion
	kinds := map[string]*confusion{}
	for i, p := range ps {
		said := x.Score(p.a, p.b) >= ThresholdDefault
		all[0].add(p.same, said)
		half[i%2].add(p.same, said)
		if kinds[p.kind] == nil {
			kinds[p.kind] = &confusion{}
		}
		kinds[p.kind].add(p.same, said)
		if said != p.same {
			t.Logf("wrong (%s, %.2f): %s | %s", p.kind, x.Score(p.a, p.b), p.a, p.b)
		}
	}
	for k, c := range kinds {
		t.Logf("%-28s right %d of %d", k, c.tp+c.tn, c.tp+c.tn+c.fp+c.fn)
	}
	t.Logf("threshold %.2f, %d pairs: precision %.3f recall %.3f (even pairs %.3f %.3f, odd pairs %.3f %.3f)",
		ThresholdDefault, len(ps), all[0].precision(), all[0].recall(),
		half[0].precision(), half[0].recall(), half[1].precision(), half[1].recall())
	require.GreaterOrEqual(t, all[0].precision(), 0.9)
	require.GreaterOrEqual(t, all[0].recall(), 0.8)
}

// TestHoldout reports precision and recall on pairs written after the
// measure was fixed (testdata/holdout.tsv). They fall short of the goal
// (0.875 and 0.700 when written); the floors below only keep a change
// from making them worse unnoticed.
func TestHoldout(t *testing.T) {
	x, err := New(Config{})
	require.NoError(t, err)
	var c confusion
	for _, p := range readPairsFile(t, "testdata/holdout.tsv") {
		s := x.Score(p.a, p.b)
		c.add(p.same, s >= ThresholdDefault)
		if (s >= ThresholdDefault) != p.same {
			t.Logf("wrong (%s, %.2f): %s | %s", p.kind, s, p.a, p.b)
		}
	}
	t.Logf("held out, %d pairs: precision %.3f recall %.3f", c.tp+c.fp+c.fn+c.tn, c.precision(), c.recall())
	require.GreaterOrEqual(t, c.precision(), 0.875)
	require.GreaterOrEqual(t, c.recall(), 0.7)
}

// TestPairsAlternatives logs, for simpler measures, the best recall at
// precision 0.9 or more over any threshold, what each part of the measure
// adds, and checks that the measure as shipped beats every simpler one.
func TestPairsAlternatives(t *testing.T) {
	ps := readPairs(t)
	cases := []struct {
		name     string
		cfg      Config
		unigrams bool
	}{
		{"bigrams only, nothing removed or mapped", Config{StopWords: []string{}, Terms: map[string]string{}, PlaceSuffixes: []string{}, UnitSuffixes: []string{}}, false},
		{"unigrams and bigrams, nothing else", Config{StopWords: []string{}, Terms: map[string]string{}, PlaceSuffixes: []string{}, UnitSuffixes: []string{}}, true},
		{"plus stop words and places", Config{Terms: map[string]string{}}, true},
		{"bigrams only, all the rest", Config{}, false},
		{"as shipped", Config{}, true},
	}
	shipped := 0.0
	var simpler []float64
	for _, c := range cases {
		x, err := New(c.cfg)
		require.NoError(t, err)
		x.an.unigrams = c.unigrams
		scores := make([]float64, len(ps))
		for i, p := range ps {
			scores[i] = x.Score(p.a, p.b)
		}
		bestT, best := 0.0, confusion{}
		for th := 0.05; th <= 1; th += 0.01 {
			var cf confusion
			for i, p := range ps {
				cf.add(p.same, scores[i] >= th)
			}
			if cf.precision() >= 0.9 && cf.recall() > best.recall() {
				bestT, best = th, cf
			}
		}
		t.Logf("%-40s recall %.3f at precision %.3f, threshold %.2f", c.name, best.recall(), best.precision(), bestT)
		if c.name == "as shipped" {
			shipped = best.recall()
		} else {
			simpler = append(simpler, best.recall())
		}
	}
	for _, r := range simpler {
		require.Greater(t, shipped, r, "a simpler measure finds as many repeats at precision 0.9")
	}
}
