package similar

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var cst = time.FixedZone("CST", 8*3600)

// at returns 2025-03-d hh:00 in China Standard Time.
func at(d, hh int) time.Time { return time.Date(2025, 3, d, hh, 0, 0, 0, cst) }

func ids(ms []Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func newIndex(t *testing.T, cfg Config, docs ...Doc) *Index {
	t.Helper()
	x, err := New(cfg)
	require.NoError(t, err)
	for _, d := range docs {
		require.NoError(t, x.Add(d))
	}
	return x
}

func TestSimilarIssueExample(t *testing.T) {
	x := newIndex(t, Config{},
		Doc{ID: "A", Text: "三中村工地晚上还在打桩，吵得睡不着", Region: "清溪镇/三中村", At: at(1, 23)},
		Doc{ID: "B", Text: "三中村路灯不亮", Region: "清溪镇/三中村", At: at(1, 22)},
		Doc{ID: "C", Text: "五里村工地夜间施工噪音扰民", Region: "清溪镇/五里村", At: at(1, 22)},
	)
	ms := x.Similar(Doc{ID: "N", Text: "三中村建筑工地夜间施工噪音扰民", Region: "清溪镇/三中村", At: at(2, 9)}, Options{})
	require.Equal(t, []string{"A"}, ids(ms))
	assert.InDelta(t, 0.76, ms[0].Score, 0.01)
}

func TestSimilarWindow(t *testing.T) {
	const text = "阳光小区门口路灯不亮"
	x := newIndex(t, Config{Window: 7 * 24 * time.Hour},
		Doc{ID: "old", Text: text, At: at(1, 9)},
		Doc{ID: "week", Text: text, At: at(3, 9)},
		Doc{ID: "later", Text: text, At: at(9, 9)},
	)
	// An order taken on the 10th sees orders up to 7 days before or after.
	assert.Equal(t, []string{"later", "week"}, ids(x.Similar(Doc{Text: text, At: at(10, 9)}, Options{})))
	assert.Equal(t, []string{"later"}, ids(x.Similar(Doc{Text: text, At: at(10, 9)}, Options{Window: 48 * time.Hour})))
	// "old" was evicted when "later" came: more than 7 days before it.
	// "week" stays, 6 days before "later".
	assert.Equal(t, 2, x.Len())
	assert.Empty(t, x.Similar(Doc{Text: text, At: at(1, 9)}, Options{Window: 24 * time.Hour}))
}

func TestSimilarRegion(t *testing.T) {
	const text = "幸福路井盖缺失"
	x := newIndex(t, Config{},
		Doc{ID: "town", Text: text, Region: "清溪镇", At: at(1, 9)},
		Doc{ID: "village", Text: text, Region: "清溪镇/三中村", At: at(1, 10)},
		Doc{ID: "group", Text: text, Region: "清溪镇 / 三中村 / 一组", At: at(1, 11)},
		Doc{ID: "other", Text: text, Region: "清溪镇/五里村", At: at(1, 12)},
		Doc{ID: "prefix", Text: text, Region: "清溪镇/三中村东", At: at(1, 13)},
		Doc{ID: "none", Text: text, At: at(1, 14)},
	)
	q := Doc{Text: "幸福路上有个井盖没了", Region: "清溪镇/三中村", At: at(2, 9)}
	assert.Equal(t, []string{"none", "group", "village", "town"}, ids(x.Similar(q, Options{})))
	assert.Equal(t, []string{"group", "village"}, ids(x.Similar(q, Options{Region: "清溪镇/三中村"})))
	assert.Len(t, x.Similar(q, Options{Region: "清溪镇"}), 5)
	assert.Len(t, x.Similar(q, Options{Limit: 2}), 2)
	q.Region = ""
	assert.Len(t, x.Similar(q, Options{}), 6)
}

func TestSimilarOrdering(t *testing.T) {
	x := newIndex(t, Config{},
		Doc{ID: "b", Text: "东湖花园小区停水", At: at(1, 9)},
		Doc{ID: "a", Text: "东湖花园小区停水", At: at(1, 9)},
		Doc{ID: "c", Text: "东湖花园小区停水", At: at(1, 10)},
		Doc{ID: "d", Text: "市民来电反映东湖花园又停水了，一滴水都没有", At: at(1, 11)},
	)
	ms := x.Similar(Doc{ID: "c", Text: "东湖花园小区停水", At: at(1, 12)}, Options{})
	assert.Equal(t, []string{"a", "b", "d"}, ids(ms), "best first, then most recent, then by ID; never the order itself")
	assert.Equal(t, 1.0, ms[0].Score)
	assert.Less(t, ms[2].Score, 1.0)
}

func TestAddDuplicateID(t *testing.T) {
	x := newIndex(t, Config{},
		Doc{ID: "A", Text: "东湖花园小区停水", At: at(1, 9)},
		Doc{ID: "A", Text: "阳光小区路灯不亮", At: at(1, 10)},
	)
	assert.Equal(t, 1, x.Len())
	assert.Equal(t, []string{"A"}, ids(x.Similar(Doc{Text: "东湖花园停水", At: at(1, 11)}, Options{})))
	assert.Empty(t, x.Similar(Doc{Text: "阳光小区路灯不亮", At: at(1, 11)}, Options{}))
}

func TestMaxOrdersAndPrune(t *testing.T) {
	x := newIndex(t, Config{MaxOrders: 3, Window: 24 * time.Hour})
	for i := range 5 {
		require.NoError(t, x.Add(Doc{ID: fmt.Sprint(i), Text: "金水湾小区电梯故障", At: at(1, 9+i)}))
	}
	assert.Equal(t, 3, x.Len())
	assert.Equal(t, []string{"4", "3", "2"}, ids(x.Similar(Doc{Text: "金水湾小区电梯坏了", At: at(1, 15)}, Options{})))
	// An evicted ID may come back.
	require.NoError(t, x.Add(Doc{ID: "0", Text: "金水湾小区电梯故障", At: at(1, 15)}))
	assert.Equal(t, 3, x.Len())
	x.Prune(at(2, 14))
	assert.Equal(t, 1, x.Len())
	x.Prune(at(9, 0))
	assert.Equal(t, 0, x.Len())
	assert.Empty(t, x.grams, "postings of evicted orders are dropped")
	assert.Empty(t, x.places)
	assert.Empty(t, x.unplaced)
	assert.Empty(t, x.regions)
	assert.Empty(t, x.ids)
}

func TestNewErrors(t *testing.T) {
	for _, c := range []struct {
		cfg   Config
		field string
	}{
		{Config{Threshold: 1.5}, "Config.Threshold"},
		{Config{Threshold: -0.1}, "Config.Threshold"},
		{Config{Window: -time.Hour}, "Config.Window"},
		{Config{MaxOrders: -1}, "Config.MaxOrders"},
	} {
		_, err := New(c.cfg)
		require.ErrorIs(t, err, ErrInvalidConfig)
		assert.Contains(t, err.Error(), c.field)
	}
}

func TestAddErrors(t *testing.T) {
	x := newIndex(t, Config{})
	assert.ErrorIs(t, x.Add(Doc{Text: "停水", At: at(1, 9)}), ErrInvalidDoc)
	err := x.Add(Doc{ID: "A", Text: "停水"})
	assert.True(t, errors.Is(err, ErrInvalidDoc))
	assert.Contains(t, err.Error(), `"A"`)
	assert.Equal(t, 0, x.Len())
}

func TestEmptyTexts(t *testing.T) {
	x := newIndex(t, Config{},
		Doc{ID: "A", Text: "", At: at(1, 9)},
		Doc{ID: "B", Text: "。。。！", At: at(1, 9)},
		Doc{ID: "C", Text: "市民来电反映", At: at(1, 9)},
	)
	assert.Empty(t, x.Similar(Doc{Text: "", At: at(1, 9)}, Options{}))
	assert.Empty(t, x.Similar(Doc{Text: "市民来电反映", At: at(1, 9)}, Options{}))
	assert.Equal(t, 0.0, x.Score("", "停水"))
}

// TestConcurrent adds and looks up from several goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	x := newIndex(t, Config{MaxOrders: 500})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := newGenerator(uint64(w))
			for i := range 300 {
				d := g.doc(w*1000+i, at(1, 0).Add(time.Duration(i)*time.Minute))
				x.Similar(d, Options{})
				assert.NoError(t, x.Add(d))
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 500, x.Len())
}

func TestConfigWords(t *testing.T) {
	const a, b = "解放街的公厕一直锁着门不开", "解放街公共厕所长期关闭"
	def := newIndex(t, Config{})
	terms := TermsDefault()
	terms["公厕"] = "公共厕所"
	terms["锁着门不开"] = "关闭"
	terms["长期"] = ""
	own := newIndex(t, Config{Terms: terms})
	assert.Less(t, def.Score(a, b), ThresholdDefault)
	assert.Equal(t, 1.0, own.Score(a, b), "terms of one's own; a phrase mapped to nothing is dropped")

	// Without stop words, the centre's phrases count against a match.
	const c, d = "市民来电反映：幸福路井盖缺失，请求相关部门处理", "幸福路井盖缺失"
	assert.Equal(t, 1.0, def.Score(c, d))
	bare := newIndex(t, Config{StopWords: []string{}})
	assert.Less(t, bare.Score(c, d), 0.7)

	// Without place suffixes, two villages are only two words.
	const e, f = "三中村工地夜间施工噪音扰民", "五里村工地夜间施工噪音扰民"
	assert.Equal(t, 0.0, def.Score(e, f))
	noPlaces := newIndex(t, Config{PlaceSuffixes: []string{}})
	assert.Greater(t, noPlaces.Score(e, f), 0.7)
	assert.Equal(t, 0.0, noPlaces.Score("3号楼电梯故障", "5号楼电梯故障"), "unit suffixes still apply")
}

func TestDefaultsAreCopies(t *testing.T) {
	StopWordsDefault()[0] = "x"
	TermsDefault()["打桩"] = "x"
	PlaceSuffixesDefault()[0] = "x"
	UnitSuffixesDefault()[0] = "x"
	assert.Equal(t, "市民", StopWordsDefault()[0])
	assert.Equal(t, "施工", TermsDefault()["打桩"])
	assert.Equal(t, "村", PlaceSuffixesDefault()[0])
	assert.Equal(t, "号楼", UnitSuffixesDefault()[0])
}

// Add refuses an instant the index cannot hold, and Similar ignores
// option values out of range instead of matching everything.
func TestOutOfRangeInputs(t *testing.T) {
	x, err := New(Config{})
	require.NoError(t, err)
	at := time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)
	require.ErrorIs(t, x.Add(Doc{ID: "y", Text: "停水", At: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)}), ErrInvalidDoc)
	require.NoError(t, x.Add(Doc{ID: "a", Text: "三中村工地晚上打桩噪音", Region: "清溪镇/三中村", At: at}))
	q := Doc{ID: "b", Text: "三中村工地扬尘很大", Region: "清溪镇/三中村", At: at.Add(time.Hour)} // scores 0.32, below the threshold
	want := x.Similar(q, Options{})
	require.Empty(t, want)
	for _, th := range []float64{math.NaN(), -1, 2} {
		assert.Equal(t, want, x.Similar(q, Options{Threshold: th, Window: -time.Hour}), "threshold %v", th)
	}
}
