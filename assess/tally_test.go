package assess_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
)

// TestTallyMatchesCompute adds records one at a time and checks the
// report against ComputeBy of the same records, halfway and at the end,
// for every dimension; the halfway report does not change as more are
// added.
func TestTallyMatchesCompute(t *testing.T) {
	recs := append(generate(2000, 7), people()...)
	for i := range recs {
		switch i % 97 {
		case 3:
			recs[i].Exempt, recs[i].ExemptReason = assess.ExemptVerdict, assess.ExemptUnreasonable
		case 5:
			recs[i].Exempt, recs[i].ExemptReason = assess.ExemptOrder, assess.ExemptMalicious
		}
		if recs[i].Exempt == assess.ExemptVerdict && recs[i].Rated.IsZero() {
			recs[i].Rated, recs[i].Satisfaction = recs[i].Received.Add(time.Hour), hotline.Dissatisfied
		}
		if recs[i].Code == "" {
			recs[i].Code = fmt.Sprintf("0%d.01", 1+i%3)
		}
	}
	a := mustNew(t, assess.SchemeTown())
	p := assess.Year(2025, shanghai)
	half := len(recs) / 2
	for by := assess.ByUnit; by <= assess.ByLeader; by++ {
		t.Run(by.String(), func(t *testing.T) {
			tally, err := a.Tally(p, by)
			require.NoError(t, err)
			for i := range recs[:half] {
				require.NoError(t, tally.Add(&recs[i]))
			}
			mid := tally.Report()
			midCopy := *mid
			midCopy.Rows = append([]assess.Scorecard(nil), mid.Rows...)
			for i := range recs[half:] {
				require.NoError(t, tally.Add(&recs[half+i]))
			}
			want, err := a.ComputeBy(recs[:half], p, by)
			require.NoError(t, err)
			assert.Equal(t, want, mid, "halfway")
			assert.Equal(t, midCopy.Rows, mid.Rows, "the halfway report changed")
			want, err = a.ComputeBy(recs, p, by)
			require.NoError(t, err)
			assert.Equal(t, want, tally.Report(), "at the end")
			if by == assess.ByUnit {
				assert.NotEmpty(t, want.Exemptions)
			}
		})
	}
}

// TestTallyBadRecord: an invalid record is refused with its position,
// not counted, and the Tally goes on.
func TestTallyBadRecord(t *testing.T) {
	a := mustNew(t, assess.SchemeTown())
	tally, err := a.Tally(october, assess.ByCategory)
	require.NoError(t, err)
	recs := fixture()
	require.NoError(t, tally.Add(&recs[0]))
	bad := recs[1]
	bad.Category = ""
	err = tally.Add(&bad)
	require.ErrorIs(t, err, assess.ErrInvalidRecord)
	var re *assess.RecordError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "Category", re.Field)
	assert.Contains(t, err.Error(), "records[1]")
	require.NoError(t, tally.Add(&recs[1]))
	want, err := a.ComputeBy(recs[:2], october, assess.ByCategory)
	require.NoError(t, err)
	assert.Equal(t, want, tally.Report())

	_, err = a.Tally(assess.Period{}, assess.ByUnit)
	assert.ErrorIs(t, err, assess.ErrInvalidPeriod)
	_, err = a.Tally(october, assess.Dimension(200))
	assert.ErrorIs(t, err, assess.ErrUnknownDimension)
}

// A year of records read page by page is counted as it comes, without
// holding them all.
func ExampleAssessor_Tally() {
	a, _ := assess.New(assess.SchemeTown())
	tally, err := a.Tally(assess.Month(2025, time.May, time.FixedZone("CST", 8*3600)), assess.ByUnit)
	if err != nil {
		panic(err)
	}
	recs := exampleRecords()
	for _, page := range [][]assess.Record{recs[:2], recs[2:]} {
		for i := range page {
			if err := tally.Add(&page[i]); err != nil {
				fmt.Println(err) // an invalid record: not counted
			}
		}
	}
	rep := tally.Report()
	fmt.Printf("%d units, 按期办结率 %v, 满意率 %v\n", len(rep.Rows), rep.Total.OnTime, rep.Total.Satisfaction)
	// Output:
	// 2 units, 按期办结率 50.0% (2/4), 满意率 66.7% (2/3)
}

// TestRowsOfOneName counts persons of units "a/b" and "a" named so that
// two rows are both "a/b/c": their order is the same whichever record
// comes first, unit "a" first.
func TestRowsOfOneName(t *testing.T) {
	a := mustNew(t, assess.SchemeTown())
	base := fixture()[0]
	one, two := base, base
	one.OrderID, one.Unit, one.Person, one.Emergency = "R1", "a/b", "c", true
	two.OrderID, two.Unit, two.Person, two.Emergency = "R2", "a", "b/c", false
	for _, recs := range [][]assess.Record{{one, two}, {two, one}} {
		rep, err := a.ComputeBy(recs, october, assess.ByPerson)
		require.NoError(t, err)
		require.Len(t, rep.Rows, 2)
		assert.Equal(t, "a/b/c", rep.Rows[0].Name)
		assert.Equal(t, 0, rep.Rows[0].Emergencies, "unit a's row first, whichever record came first")
		assert.Equal(t, 1, rep.Rows[1].Emergencies)
	}
}
