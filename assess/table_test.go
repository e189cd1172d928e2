package assess_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
)

// The scorecards table and Report.WriteCSV write the same columns and the
// same values: a column added to one and not the other fails here.
func TestReportTableIsTheCSV(t *testing.T) {
	a := mustNew(t, assess.SchemeTown())
	for _, tt := range []struct {
		name string
		recs []assess.Record
		p    assess.Period
		by   assess.Dimension
	}{
		{"october", fixture(), october, assess.ByUnit},
		{"october by category", fixture(), october, assess.ByCategory},
		{"generated year", generate(3000, 7), assess.Year(2025, shanghai), assess.ByUnit},
		{"no records", nil, october, assess.ByUnit},
		{"october by person", fixture(), october, assess.ByPerson},
		{"october by leader", fixture(), october, assess.ByLeader},
		{"names a spreadsheet would run", formulaNames(), october, assess.ByUnit},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := a.ComputeBy(tt.recs, tt.p, tt.by)
			require.NoError(t, err)
			var want, got bytes.Buffer
			require.NoError(t, rep.WriteCSV(&want))
			for _, lang := range []language.Tag{language.English, language.Chinese} {
				tab := rep.Table(lang)
				keys := make([]string, len(tab.Columns))
				for i, c := range tab.Columns {
					keys[i] = c.Key
				}
				assert.Equal(t, assess.CSVHeader(), keys)
				got.Reset()
				require.NoError(t, tab.WriteCSV(&got))
				assert.Equal(t, want.String(), got.String(), "in %v", lang)
			}
		})
	}
}

func TestReportTable(t *testing.T) {
	rep := octoberReport(t)
	zh, en := rep.Table(language.Chinese), rep.Table(language.English)
	assert.Equal(t, "考核汇总", zh.Title)
	assert.Equal(t, "Scorecards", en.Title)
	require.Len(t, zh.Rows, 4)

	onTime := zh.Column("on_time_rate")
	require.Positive(t, onTime)
	assert.Equal(t, -1, zh.Column("nothing"))
	assert.Equal(t, assess.Column{Key: "on_time_rate", Label: "按期办结率", Kind: assess.ColumnRate}, zh.Columns[onTime])
	assert.Equal(t, assess.Column{Key: "on_time_rate", Label: "On-time rate", Kind: assess.ColumnRate}, en.Columns[onTime])
	assert.Equal(t, "响应率分子", zh.Columns[zh.Column("response_num")].Label)
	assert.Equal(t, "Satisfaction den", en.Columns[en.Column("satisfaction_den")].Label)
	assert.Equal(t, assess.ColumnDecimal, zh.Columns[zh.Column("score")].Kind)

	// 城管分局: 2 of 3 on time; 派出所 has no ratings; the totals.
	assert.Equal(t, assess.Cell{Text: "单位", Key: "unit"}, zh.Rows[0][0])
	assert.Equal(t, assess.Cell{Text: chengguan}, zh.Rows[0][1])
	assert.InDelta(t, 2.0/3, zh.Rows[0][onTime].Num, 1e-12)
	assert.True(t, zh.Rows[1][zh.Column("satisfaction_rate")].Blank)
	assert.Equal(t, assess.Cell{Text: "合计", Key: "total"}, zh.Rows[3][0])
	assert.Equal(t, assess.Cell{Text: "Total", Key: "total"}, en.Rows[3][0])
	assert.Equal(t, assess.Cell{}, en.Rows[3][1], "the totals have no name")
	assert.Equal(t, 10.0, en.Rows[3][en.Column("received")].Num)
	assert.InDelta(t, 64.25, en.Rows[3][en.Column("score")].Num, 1e-9)

	cat, err := mustNew(t, assess.SchemeTown()).ComputeBy(fixture(), october, assess.ByCategory)
	require.NoError(t, err)
	assert.Equal(t, assess.Cell{Text: "类别", Key: "category"}, cat.Table(language.Chinese).Rows[0][0])
}

func TestTableWriteCSVErrors(t *testing.T) {
	err := octoberReport(t).Table(language.Chinese).WriteCSV(failWriter{})
	require.ErrorIs(t, err, errDisk)
	assert.Contains(t, err.Error(), "assess: write csv")

	// A short row is padded with empty fields; the zero table has an
	// empty header.
	var buf bytes.Buffer
	tab := &assess.Table{Columns: []assess.Column{{Key: "a"}, {Key: "b", Kind: assess.ColumnCount}}, Rows: [][]assess.Cell{{{Text: "x"}}}}
	require.NoError(t, tab.WriteCSV(&buf))
	assert.Equal(t, "a,b\nx,\n", buf.String())
	buf.Reset()
	require.NoError(t, (&assess.Table{}).WriteCSV(&buf))
	assert.Equal(t, "\n", buf.String())
}

// formulaNames are fixture's records with units named as formulas.
func formulaNames() []assess.Record {
	recs := fixture()
	for i := range recs {
		recs[i].Unit = [...]string{`=HYPERLINK("http://evil","x")`, "+1+1", "-2", "@SUM(A1)"}[i%4]
	}
	return recs
}

// TestCSVFormulaNames writes a report whose units are named as formulas:
// each name is written after a "'", so that a spreadsheet shows it as text.
func TestCSVFormulaNames(t *testing.T) {
	rep, err := mustNew(t, assess.SchemeTown()).Compute(formulaNames(), october)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, rep.WriteCSV(&b))
	rows, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	names := 0
	for _, row := range rows[1 : len(rows)-1] {
		assert.Equal(t, "'", row[1][:1], "name %q", row[1])
		names++
	}
	assert.Equal(t, 4, names)
}
