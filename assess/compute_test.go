package assess_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func r(num, den int) assess.Rate { return assess.Rate{Num: num, Den: den} }

// ratings builds a Ratings array: very satisfied, satisfied, basically
// satisfied, dissatisfied, very dissatisfied.
func ratings(vs, s, bs, d, vd int) [hotline.VeryDissatisfied + 1]int {
	return [...]int{0, vs, s, bs, d, vd}
}

func mustNew(t testing.TB, s assess.Scheme) *assess.Assessor {
	t.Helper()
	a, err := assess.New(s)
	require.NoError(t, err)
	return a
}

// TestComputeHandCounted checks every figure of the fixture against counts
// made by hand from the comments in fixture_test.go.
func TestComputeHandCounted(t *testing.T) {
	rep, err := mustNew(t, assess.SchemeTown()).Compute(fixture(), october)
	require.NoError(t, err)

	want := []assess.Scorecard{
		{
			Name: chengguan,
			// Received in P: C1 C2 C4 C5 (C3 came in September); emergency: C4.
			Received: 4, Emergencies: 1,
			// Closed in P: C1 C2 C3. Overdue at To: none (C4 is due in November).
			Closed: 3, Overdue: 0,
			// Sign limit passed or met: C1 yes, C2 late, C5 yes; C4 pending.
			Response: r(2, 3),
			// Due in P: C1 on time, C2 late, C3 on time.
			OnTime: r(2, 3),
			// Returned: C5 of the four received.
			Returned: r(1, 4),
			// Improper returns: C5's one return, not refused.
			ImproperReturned: r(0, 1),
			// Reopened: C3 of the three closed.
			Reopened: r(1, 3),
			// Extended: C2 of the three due.
			Extended: r(1, 3), Supervised: r(0, 3), Talked: r(0, 3), Criticised: r(0, 3),
			// Resolution answers in P: C1 yes, C2 no, C3 yes.
			Resolved: r(2, 3),
			// 满意 + 基本满意 (C1, C3) of three rated; three-level weights.
			Satisfaction: r(2, 3), Rated: 3, Ratings: ratings(0, 1, 1, 1, 0),
		},
		{
			Name: paichusuo,
			// Received in P: P1 P3 (P2 in September); emergency: P1.
			Received: 2, Emergencies: 1,
			// Closed in P: P3. Overdue at To: P1 (due 9 Oct) and P2 (due 30 Sep).
			Closed: 1, Overdue: 2,
			Response: r(2, 2),
			// Due in P: P1 open (late), P3 closed at Due (on time).
			OnTime:   r(1, 2),
			Returned: r(0, 2), Reopened: r(0, 1), Extended: r(0, 2), Supervised: r(0, 2), Talked: r(0, 2), Criticised: r(0, 2),
			// P3 was rated in November: nothing rated in P.
			Resolved: r(0, 0), Satisfaction: r(0, 0), Rated: 0,
		},
		{
			Name: zhujian,
			// Received in P: Z1 (at From) Z2 Z3 Z4.
			Received: 4, Emergencies: 0,
			// Closed in P: Z1 Z4 (Z3 closed at To, outside P). Overdue: Z3.
			Closed: 2, Overdue: 1,
			// Z1 never signed (late), Z2 signed before To, Z3 late; Z4 has no limit.
			Response: r(1, 3),
			// Due in P: Z1 on time, Z3 late, Z4 on time.
			OnTime:   r(2, 3),
			Returned: r(0, 4),
			// Reopened: Z4 of the two closed.
			Reopened: r(1, 2),
			// Extended: Z3 of the three due.
			Extended: r(1, 3), Supervised: r(0, 3), Talked: r(0, 3), Criticised: r(0, 3),
			// Rated in P: Z1 非常满意 (no resolution answer), Z4 不满意 resolved.
			Resolved: r(1, 1), Satisfaction: r(1, 2), Rated: 2, Ratings: ratings(1, 0, 0, 1, 0),
		},
	}
	wantTotal := assess.Scorecard{
		Received: 10, Emergencies: 2, Closed: 6, Overdue: 3,
		Response: r(5, 8), OnTime: r(5, 8), Returned: r(1, 10), ImproperReturned: r(0, 1), Reopened: r(2, 6), Extended: r(2, 8), Supervised: r(0, 8), Talked: r(0, 8), Criticised: r(0, 8),
		Resolved: r(3, 4), Satisfaction: r(3, 5), Rated: 5, Ratings: ratings(1, 1, 1, 2, 0),
	}
	// Town scores: 20 response, 30 on time, 20 resolution, 30 satisfaction.
	wantScores := []float64{
		100 * (20*2.0/3 + 30*2.0/3 + 20*2.0/3 + 30*2.0/3) / 100, // 66.67
		100 * (20*1.0 + 30*0.5) / 50,                            // 70: no resolution or satisfaction, scaled over 50
		100 * (20*1.0/3 + 30*2.0/3 + 20*1 + 30*0.5) / 100,       // 61.67
	}
	wantTotalScore := 20*5.0/8 + 30*5.0/8 + 20*3.0/4 + 30*3.0/5 // 64.25

	require.Len(t, rep.Rows, len(want))
	for i := range want {
		got := rep.Rows[i]
		assert.True(t, got.Scored, got.Name)
		assert.InDelta(t, wantScores[i], got.Score, 1e-9, got.Name)
		got.Score, got.Scored = 0, false
		assert.Equal(t, want[i], got)
	}
	got := rep.Total
	assert.InDelta(t, wantTotalScore, got.Score, 1e-9)
	got.Score, got.Scored = 0, false
	assert.Equal(t, wantTotal, got)
	assert.Equal(t, "town", rep.Scheme)
	assert.Equal(t, october, rep.Period)
	assert.Equal(t, assess.ByUnit, rep.By)
}

func TestComputeSchemes(t *testing.T) {
	five := assess.SchemeTown()
	five.Name = "five"
	five.Satisfaction = assess.SatisfactionFiveLevel()
	penalty := assess.Scheme{Name: "penalty", Weights: []assess.Weight{
		{Metric: assess.MetricReturn, Points: 1}, {Metric: assess.MetricReopen, Points: 1}, {Metric: assess.MetricExtension, Points: 2},
	}}
	tests := []struct {
		name      string
		scheme    assess.Scheme
		unit      string
		wantSat   assess.Rate
		wantScore float64
		wantTotal float64
	}{
		// Beijing: 10 response, 45 resolution, 45 satisfaction.
		{"beijing/城管", assess.SchemeBeijing(), chengguan, r(2, 3), 10*2.0/3 + 45*2.0/3 + 45*2.0/3,
			10*5.0/8 + 45*3.0/4 + 45*3.0/5},
		// County: 30 response, 35 resolution, 35 satisfaction, same rates.
		{"county/城管", assess.SchemeCounty(), chengguan, r(2, 3), 30*2.0/3 + 35*2.0/3 + 35*2.0/3,
			30*5.0/8 + 35*3.0/4 + 35*3.0/5},
		// 派出所 has only a response rate (2/2): 100.
		{"beijing/派出所", assess.SchemeBeijing(), paichusuo, r(0, 0), 100, 67},
		{"beijing/住建", assess.SchemeBeijing(), zhujian, r(1, 2), 10*1.0/3 + 45*1 + 45*0.5, 67},
		// Five levels: C1 满意 3 + C2 不满意 1 + C3 基本满意 2 = 6 of 3×4.
		{"five/城管", five, chengguan, r(6, 12), 20*2.0/3 + 30*2.0/3 + 20*2.0/3 + 30*0.5,
			20*5.0/8 + 30*5.0/8 + 20*3.0/4 + 30*11.0/20},
		// Z1 非常满意 4 + Z4 不满意 1 = 5 of 2×4.
		{"five/住建", five, zhujian, r(5, 8), 20*1.0/3 + 30*2.0/3 + 20*1 + 30*5.0/8,
			20*5.0/8 + 30*5.0/8 + 20*3.0/4 + 30*11.0/20},
		// Lower is better: (1×(1-1/4) + 1×(1-1/3) + 2×(1-1/3)) / 4.
		{"penalty/城管", penalty, chengguan, r(2, 3), 100 * (0.75 + 2.0/3 + 2*2.0/3) / 4,
			100 * ((1 - 0.1) + (1 - 2.0/6) + 2*(1-2.0/8)) / 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := mustNew(t, tt.scheme).Compute(fixture(), october)
			require.NoError(t, err)
			row := rep.Row(tt.unit)
			require.NotNil(t, row)
			assert.Equal(t, tt.wantSat, row.Satisfaction)
			assert.InDelta(t, tt.wantScore, row.Score, 1e-9)
			assert.InDelta(t, tt.wantTotal, rep.Total.Score, 1e-9)
		})
	}
}

// An unreachable caller gave no verdict: the record counts in no
// satisfaction figure, as an unrated one.
func TestComputeUnreachableNotRated(t *testing.T) {
	recs := fixture()
	base, err := mustNew(t, assess.SchemeTown()).Compute(recs, october)
	require.NoError(t, err)
	changed := 0
	for i := range recs {
		if recs[i].Satisfaction == hotline.Dissatisfied && october.Contains(recs[i].Rated) {
			recs[i].Satisfaction = hotline.Unreachable
			changed++
		}
	}
	require.NotZero(t, changed)
	rep, err := mustNew(t, assess.SchemeTown()).Compute(recs, october)
	require.NoError(t, err)
	assert.Equal(t, base.Total.Rated-changed, rep.Total.Rated)
	assert.Equal(t, base.Total.Ratings[hotline.Dissatisfied]-changed, rep.Total.Ratings[hotline.Dissatisfied])
	assert.Equal(t, base.Total.Satisfaction.Num, rep.Total.Satisfaction.Num)
	assert.Equal(t, base.Total.Satisfaction.Den-changed, rep.Total.Satisfaction.Den)
}

func TestComputeNoScore(t *testing.T) {
	rep, err := mustNew(t, assess.Scheme{Weights: []assess.Weight{}}).Compute(fixture(), october)
	require.NoError(t, err)
	assert.False(t, rep.Total.Scored)
	assert.Zero(t, rep.Total.Score)
	assert.Equal(t, r(5, 8), rep.Total.OnTime)
}

func TestComputeZeroDenominators(t *testing.T) {
	a := mustNew(t, assess.SchemeBeijing())
	t.Run("no records", func(t *testing.T) {
		rep, err := a.Compute(nil, october)
		require.NoError(t, err)
		assert.Empty(t, rep.Rows)
		assert.Equal(t, assess.Scorecard{}, rep.Total)
	})
	t.Run("records outside the period", func(t *testing.T) {
		// Everything in the fixture happened before 2026; the units still get
		// rows, with every rate undefined and no score.
		rep, err := a.Compute(fixture(), assess.Month(2026, time.March, shanghai))
		require.NoError(t, err)
		require.Len(t, rep.Rows, 3)
		for _, row := range append(rep.Rows, rep.Total) {
			for m := assess.MetricResponse; m <= assess.MetricImproperReturn; m++ {
				rt := row.Rate(m)
				assert.False(t, rt.Defined(), "%s %s", row.Name, m)
				assert.Zero(t, rt.Value())
			}
			assert.False(t, row.Scored)
			assert.Zero(t, row.Score)
		}
		// Still open and past due: C4 (城管分局, due 10 Nov), P1 and P2
		// (派出所), Z2 (住建局, due 7 Nov).
		assert.Equal(t, 4, rep.Total.Overdue)
		assert.Equal(t, 1, rep.Row(chengguan).Overdue)
		assert.Equal(t, 2, rep.Row(paichusuo).Overdue)
		assert.Equal(t, 1, rep.Row(zhujian).Overdue)
	})
	t.Run("undefined rate leaves the score", func(t *testing.T) {
		// 派出所 has no ratings: Beijing scores it on response alone.
		rep, err := a.Compute(fixture(), october)
		require.NoError(t, err)
		row := rep.Row(paichusuo)
		assert.True(t, row.Scored)
		assert.InDelta(t, 100.0, row.Score, 1e-9)
	})
}

func TestComputePinyinOrder(t *testing.T) {
	units := []string{"住建局", "生态环境分局", "Water Co", "派出所", "城管分局"}
	var recs []assess.Record
	for i, u := range units {
		recs = append(recs, assess.Record{OrderID: string(rune('A' + i)), Unit: u, Received: at(10, 3, 9, 0)})
	}
	rep, err := mustNew(t, assess.Scheme{}).Compute(recs, october)
	require.NoError(t, err)
	var got []string
	for _, row := range rep.Rows {
		got = append(got, row.Name)
	}
	// cheng, pai, sheng, zhu; Latin letters first. Code point order would
	// put 住 (U+4F4F) before 城 (U+57CE).
	assert.Equal(t, []string{"Water Co", "城管分局", "派出所", "生态环境分局", "住建局"}, got)
}

func TestComputeByCategory(t *testing.T) {
	a := mustNew(t, assess.SchemeTown())
	byUnit, err := a.Compute(fixture(), october)
	require.NoError(t, err)
	byCat, err := a.ComputeBy(fixture(), october, assess.ByCategory)
	require.NoError(t, err)
	assert.Equal(t, assess.ByCategory, byCat.By)
	assert.Equal(t, byUnit.Total, byCat.Total, "the same records give the same totals")
	var names []string
	for _, row := range byCat.Rows {
		names = append(names, row.Name)
	}
	assert.Equal(t, []string{"complaint", "consultation", "help", "report", "suggestion"}, names)
	// Complaints C1 C2 P2 Z1 Z3: received in P C1 C2 Z1 Z3; due in P C1 (on
	// time), C2 (late), Z1 (on time), Z3 (late); overdue P2 and Z3.
	c := byCat.Row("complaint")
	require.NotNil(t, c)
	assert.Equal(t, 4, c.Received)
	assert.Equal(t, r(2, 4), c.OnTime)
	assert.Equal(t, 2, c.Overdue)
}

func TestComputeTotalsAddUp(t *testing.T) {
	recs := generate(3000, 1)
	for _, s := range []assess.Scheme{assess.SchemeBeijing(), assess.SchemeTown()} {
		rep, err := mustNew(t, s).Compute(recs, assess.Year(2025, shanghai))
		require.NoError(t, err)
		checkInvariants(t, rep)
		assert.Len(t, rep.Rows, len(genUnits))
		assert.Positive(t, rep.Total.Received)
		assert.True(t, rep.Total.OnTime.Defined())
	}
}

func TestComputeDoesNotModifyRecords(t *testing.T) {
	recs := fixture()
	before := slices.Clone(recs)
	_, err := mustNew(t, assess.SchemeTown()).Compute(recs, october)
	require.NoError(t, err)
	assert.Equal(t, before, recs)
}

// checkInvariants checks what holds for every report: rows add up to the
// total, rates lie in [0, 1], scores in [0, 100], ratings add up.
func checkInvariants(t *testing.T, rep *assess.Report) {
	t.Helper()
	var sum assess.Scorecard
	for _, row := range rep.Rows {
		sum.Received += row.Received
		sum.Emergencies += row.Emergencies
		sum.Closed += row.Closed
		sum.Overdue += row.Overdue
		sum.Rated += row.Rated
		for i, n := range row.Ratings {
			sum.Ratings[i] += n
		}
		checkCard(t, row)
	}
	checkCard(t, rep.Total)
	assert.Equal(t, sum.Received, rep.Total.Received)
	assert.Equal(t, sum.Emergencies, rep.Total.Emergencies)
	assert.Equal(t, sum.Closed, rep.Total.Closed)
	assert.Equal(t, sum.Overdue, rep.Total.Overdue)
	assert.Equal(t, sum.Rated, rep.Total.Rated)
	assert.Equal(t, sum.Ratings, rep.Total.Ratings)
	for m := assess.MetricResponse; m <= assess.MetricImproperReturn; m++ {
		var num, den int
		for _, row := range rep.Rows {
			num += row.Rate(m).Num
			den += row.Rate(m).Den
		}
		assert.Equal(t, r(num, den), rep.Total.Rate(m), m.String())
	}
}

func checkCard(t *testing.T, s assess.Scorecard) {
	t.Helper()
	for m := assess.MetricResponse; m <= assess.MetricImproperReturn; m++ {
		rt := s.Rate(m)
		assert.True(t, 0 <= rt.Num && rt.Num <= rt.Den, "%s %s %v", s.Name, m, rt)
	}
	assert.Equal(t, s.Rated, s.Ratings[hotline.VerySatisfied]+s.Ratings[hotline.Satisfied]+
		s.Ratings[hotline.BasicallySatisfied]+s.Ratings[hotline.Dissatisfied]+s.Ratings[hotline.VeryDissatisfied])
	assert.Zero(t, s.Ratings[hotline.Unrated])
	assert.True(t, s.Score >= 0 && s.Score <= 100+1e-9, "%s score %v", s.Name, s.Score)
	assert.GreaterOrEqual(t, s.Received, s.Emergencies)
}

var genUnits = []string{"城管分局", "派出所", "生态环境分局", "住建局", "交通局", "水务局", "市场监管所", "人社局",
	"卫健局", "教育局", "民政局", "供电所", "自来水公司", "清溪村", "东门社区"}

var genCategories = []string{"consultation", "help", "complaint", "report", "suggestion", "praise", "other"}

// generate returns n valid records spread over 2025 with a fixed seed.
func generate(n int, seed uint64) []assess.Record {
	rng := rand.New(rand.NewPCG(seed, 12345))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, shanghai)
	recs := make([]assess.Record, n)
	for i := range recs {
		received := start.Add(time.Duration(rng.IntN(365*24*60)) * time.Minute)
		rec := assess.Record{
			OrderID:   "G" + strconv.Itoa(i),
			Unit:      genUnits[rng.IntN(len(genUnits))],
			Category:  genCategories[rng.IntN(len(genCategories))],
			Emergency: rng.IntN(100) == 0,
			Received:  received,
			SignDue:   received.Add(2 * time.Hour),
			Due:       received.Add(time.Duration(3+rng.IntN(12)) * 24 * time.Hour),
			Returns:   b2i(rng.IntN(30) == 0),
		}
		if rng.IntN(10) != 0 {
			rec.Signed = received.Add(time.Duration(rng.IntN(180)) * time.Minute)
		}
		if rng.IntN(20) != 0 {
			rec.Closed = received.Add(time.Duration(rng.IntN(18*24)) * time.Hour)
			rec.Reopenings = b2i(rng.IntN(25) == 0)
			rec.Extensions = b2i(rng.IntN(15) == 0)
			if rng.IntN(3) != 0 {
				rec.Satisfaction = hotline.Satisfaction(1 + rng.IntN(5))
				rec.Resolution = hotline.Resolution(rng.IntN(3))
				rec.Rated = rec.Closed.Add(time.Duration(1+rng.IntN(72)) * time.Hour)
			}
		}
		recs[i] = rec
	}
	return recs
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestNotYetDueNeverLate reads records on 6 December at 10:00 and computes
// the month to date: an order still open then and due later in December
// is neither late nor overdue, and one still unsigned within its sign
// limit is pending; only the order whose deadline has passed counts.
func TestNotYetDueNeverLate(t *testing.T) {
	d := func(day, h int) time.Time { return time.Date(2026, time.December, day, h, 0, 0, 0, shanghai) }
	now := d(6, 10)
	recs := []assess.Record{
		// Open, due on the 10th: not yet due.
		{OrderID: "N1", Unit: chengguan, Received: d(3, 9), SignDue: d(4, 17), Signed: d(3, 10), Due: d(10, 24)},
		// Open and unsigned, sign limit and deadline still ahead.
		{OrderID: "N2", Unit: chengguan, Received: d(6, 9), SignDue: d(7, 17), Due: d(13, 24)},
		// Closed early, due on the 10th: not due in the period either.
		{OrderID: "N3", Unit: chengguan, Received: d(2, 9), SignDue: d(3, 17), Signed: d(2, 11), Due: d(10, 24), Closed: d(5, 15)},
		// Open, due on the 5th: late and overdue.
		{OrderID: "L1", Unit: chengguan, Received: d(1, 9), SignDue: d(2, 17), Signed: d(1, 10), Due: d(5, 17)},
	}
	rep, err := mustNew(t, assess.SchemeTown()).Compute(recs, assess.MonthToDate(now))
	require.NoError(t, err)
	row := rep.Row(chengguan)
	require.NotNil(t, row)
	assert.Equal(t, r(0, 1), row.OnTime, "only L1 was due")
	assert.Equal(t, 1, row.Overdue, "only L1 is overdue")
	assert.Equal(t, r(3, 3), row.Response, "N2 is pending")
}

// 不当退单率 counts returns, not records: refused returns over the returns
// made or asked for on the records received in the period; a record
// without returns adds nothing, and the rate weighs in a score as lower
// is better.
func TestComputeImproperReturns(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	in := time.Date(2025, 10, 10, 9, 0, 0, 0, loc)
	p := assess.Period{From: time.Date(2025, 10, 1, 0, 0, 0, 0, loc), To: time.Date(2025, 11, 1, 0, 0, 0, 0, loc)}
	recs := []assess.Record{
		{OrderID: "R1", Unit: "城管分局", Received: in, Returns: 2, ImproperReturns: 1},
		{OrderID: "R2", Unit: "城管分局", Received: in, Returns: 1, ImproperReturns: 1},
		{OrderID: "R3", Unit: "城管分局", Received: in},
		{OrderID: "R4", Unit: "环保分局", Received: in, Returns: 1},
		// Received before the period: not counted.
		{OrderID: "R5", Unit: "环保分局", Received: in.AddDate(0, -1, 0), Returns: 1, ImproperReturns: 1},
	}
	a, err := assess.New(assess.Scheme{Weights: []assess.Weight{{Metric: assess.MetricImproperReturn, Points: 1}}})
	require.NoError(t, err)
	rep, err := a.Compute(recs, p)
	require.NoError(t, err)
	require.Len(t, rep.Rows, 2)
	got := map[string]assess.Scorecard{}
	for _, row := range rep.Rows {
		got[row.Name] = row
	}
	assert.Equal(t, assess.Rate{Num: 2, Den: 3}, got["城管分局"].ImproperReturned)
	assert.InDelta(t, 100.0/3, got["城管分局"].Score, 1e-9)
	assert.Equal(t, assess.Rate{Num: 0, Den: 1}, got["环保分局"].ImproperReturned)
	assert.InDelta(t, 100.0, got["环保分局"].Score, 1e-9)
	assert.Equal(t, assess.Rate{Num: 2, Den: 4}, rep.Total.ImproperReturned)
	assert.Equal(t, "improper-return", assess.MetricImproperReturn.String())
	assert.True(t, assess.MetricImproperReturn.LowerIsBetter())
}

// A record cannot have more refused returns than returns.
func TestRecordImproperReturnsAtMostReturns(t *testing.T) {
	in := time.Date(2025, 10, 10, 9, 0, 0, 0, time.UTC)
	for _, r := range []assess.Record{
		{OrderID: "R1", Unit: "U", Received: in, Returns: 1, ImproperReturns: 2},
		{OrderID: "R2", Unit: "U", Received: in, ImproperReturns: -1},
	} {
		err := r.Validate()
		var re *assess.RecordError
		require.ErrorAs(t, err, &re, r.OrderID)
		assert.Equal(t, "ImproperReturns", re.Field)
		assert.ErrorIs(t, err, assess.ErrInvalidRecord)
	}
}
