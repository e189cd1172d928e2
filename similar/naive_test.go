package similar

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline"
)

// naive is an index that scans every order it keeps, with the same rules
// for keeping them as Index.
type naive struct {
	x      *Index // for Score and the settings
	docs   []Doc
	newest time.Time
}

func (n *naive) add(d Doc) {
	for _, o := range n.docs {
		if o.ID == d.ID {
			return
		}
	}
	n.docs = append(n.docs, d)
	if d.At.After(n.newest) {
		n.newest = d.At
	}
	oldest := n.newest.Add(-n.x.window)
	for len(n.docs) > 0 && (len(n.docs) > n.x.max || n.docs[0].At.Before(oldest)) {
		n.docs = n.docs[1:]
	}
}

func (n *naive) similar(d Doc, threshold float64, window time.Duration, scope string) []Match {
	var ms []Match
	for _, o := range n.docs {
		s := n.x.Score(d.Text, o.Text)
		gap := o.At.Sub(d.At).Abs()
		r, q := normalRegion(o.Region), normalRegion(d.Region)
		related := hotline.RegionCovers(q, r) || hotline.RegionCovers(r, q)
		if scope != "" {
			related = hotline.RegionCovers(normalRegion(scope), r)
		}
		if s >= threshold && gap <= window && o.ID != d.ID && related {
			ms = append(ms, Match{ID: o.ID, Score: s})
		}
	}
	slices.SortFunc(ms, func(a, b Match) int { return strings.Compare(a.ID, b.ID) })
	return ms
}

// TestIndexAgreesWithScan adds generated orders, some out of time order,
// some naming no place, to an Index small enough to evict, and checks every look-up against a
// scan of the orders it should keep.
func TestIndexAgreesWithScan(t *testing.T) {
	x, err := New(Config{Window: 48 * time.Hour, MaxOrders: 600})
	require.NoError(t, err)
	n := &naive{x: x}
	g := newGenerator(1)
	g.places, g.narrow = 1, 3 // 75 places, 3 problems and 3 towns, so that orders repeat
	start := time.Date(2025, 3, 1, 8, 0, 0, 0, cst)
	looked, found := 0, 0
	for i := range 1200 {
		at := start.Add(time.Duration(i) * 7 * time.Minute)
		if g.r.IntN(10) == 0 {
			at = at.Add(-time.Duration(g.r.IntN(72)) * time.Hour) // late
		}
		d := g.doc(i, at)
		if i%4 == 1 { // an order naming no place
			d.Text = genProblems[i%3][i%2]
		}
		if i%7 == 3 { // an order without a region, above every other
			d.Region = ""
		}
		if i%8 == 0 {
			threshold, window := 0.43, 24*time.Hour
			scope := ""
			if i%16 == 8 { // a look-up in a town's subtree
				scope = genTowns[i%3]
			}
			got := x.Similar(d, Options{Threshold: threshold, Window: window, Region: scope})
			slices.SortFunc(got, func(a, b Match) int { return strings.Compare(a.ID, b.ID) })
			want := n.similar(d, threshold, window, scope)
			require.Equal(t, len(want), len(got), "order %d %q", i, d.Text)
			for k := range want {
				require.Equal(t, want[k].ID, got[k].ID)
				require.InDelta(t, want[k].Score, got[k].Score, 1e-12)
			}
			looked++
			found += len(got)
		}
		require.NoError(t, x.Add(d))
		n.add(d)
		require.Equal(t, len(n.docs), x.Len())
	}
	t.Logf("%d look-ups, %d matches", looked, found)
	require.Greater(t, found, looked/10, "the generated orders should repeat often")
}

// TestSimilarOrderAgreesWithSort checks the order of Similar's matches,
// and the first of them under a limit, against a comparison sort of the
// scan's, over indexes that take each way best orders hits: few hits, or
// many with few distinct scores (a radix sort), with times in common
// (ties broken by ID), with many distinct scores, years apart, or added
// out of the order taken.
func TestSimilarOrderAgreesWithSort(t *testing.T) {
	start := time.Date(1995, 3, 1, 8, 0, 0, 0, cst)
	const (
		few    = iota // texts of a few problems: few distinct scores
		varied        // a problem and up to 22 other letters: some 35
		many          // parts of the looked-up text and other letters: over 64
	)
	const letters = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
	pool := []rune(letters)
	tests := []struct {
		name   string
		n      int
		window time.Duration
		step   time.Duration // between orders taken
		same   int           // orders taken at each instant
		texts  int
		mixed  bool // orders added out of the order taken
	}{
		{"few hits", 100, 0, time.Minute, 1, few, false},
		{"many hits, few scores", 1200, 0, time.Minute, 1, few, false},
		{"many hits, times in common", 1200, 0, time.Minute, 7, few, false},
		{"many hits, some scores", 1200, 0, time.Minute, 1, varied, false},
		{"many hits, many scores", 1200, 0, time.Minute, 1, many, false},
		{"few scores, decades apart", 1200, 100 * 365 * 24 * time.Hour, 10 * 24 * time.Hour, 1, few, false},
		{"some scores, decades apart", 1200, 100 * 365 * 24 * time.Hour, 10 * 24 * time.Hour, 1, varied, false},
		{"added out of order", 1200, 0, time.Minute, 1, few, true},
		{"added out of order, decades apart", 1200, 100 * 365 * 24 * time.Hour, 10 * 24 * time.Hour, 1, few, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := New(Config{Window: tt.window})
			require.NoError(t, err)
			n := &naive{x: x}
			g := newGenerator(3)
			taken := make(map[string]time.Time)
			order := make([]int, tt.n)
			for i := range order {
				order[i] = i
			}
			if tt.mixed {
				g.r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			}
			for _, i := range order {
				var text string
				switch tt.texts {
				case few:
					text = genProblems[i%3][i/3%2]
				case varied:
					text = genProblems[i%3][i/3%2] + string(pool[:i%23])
				case many:
					from, to := i%5, len(pool)-i/5%9
					text = string(pool[from:to]) + "，" + string([]rune("一二三四五六七八九")[:i%7])
				}
				d := Doc{ID: fmt.Sprintf("O%06d", g.r.IntN(1_000_000)), Text: text, At: start.Add(time.Duration(i/tt.same) * tt.step)}
				if _, ok := taken[d.ID]; ok {
					continue
				}
				taken[d.ID] = d.At
				require.NoError(t, x.Add(d))
				n.add(d)
			}
			d := Doc{Text: genProblems[0][0], At: start.Add(time.Duration(tt.n/tt.same) * tt.step)}
			if tt.texts == many {
				d.Text = letters
			}
			want := n.similar(d, x.threshold, x.window, "")
			slices.SortStableFunc(want, func(a, b Match) int {
				return cmp.Or(cmp.Compare(b.Score, a.Score), taken[b.ID].Compare(taken[a.ID]))
			})
			got := x.Similar(d, Options{})
			require.Greater(t, len(got), 10)
			require.Equal(t, ids(want), ids(got))
			for k := range want {
				require.InDelta(t, want[k].Score, got[k].Score, 1e-12)
			}
			require.Equal(t, ids(want[:10]), ids(x.Similar(d, Options{Limit: 10})))
			scores := make(map[float64]bool)
			for _, m := range got {
				scores[m.Score] = true
			}
			t.Logf("%d matches, %d distinct scores", len(got), len(scores))
		})
	}
}
