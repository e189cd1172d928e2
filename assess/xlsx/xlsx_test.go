package xlsx_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/assess/xlsx"
)

func mayReport(t *testing.T, by assess.Dimension) *assess.Report {
	t.Helper()
	recs, may := mayRecords()
	recs[0].Category, recs[1].Category, recs[2].Category = "complaint", "help", "complaint"
	a, err := assess.New(assess.SchemeTown())
	require.NoError(t, err)
	rep, err := a.ComputeBy(recs, may, by)
	require.NoError(t, err)
	return rep
}

func write(t *testing.T, rep *assess.Report, opts xlsx.Options) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, xlsx.Write(&buf, rep, opts))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWriteLanguages(t *testing.T) {
	rep := mayReport(t, assess.ByUnit)
	for _, tt := range []struct {
		lang   language.Tag
		sheets []string
		a1     string
	}{
		{language.Und, []string{"考核汇总", "图表"}, "类型"},
		{language.MustParse("zh-TW"), []string{"考核汇总", "图表"}, "类型"},
		{language.English, []string{"Scorecards", "Chart"}, "Kind"},
		{language.French, []string{"Scorecards", "Chart"}, "Kind"},
	} {
		f := write(t, rep, xlsx.Options{Lang: tt.lang})
		assert.Equal(t, tt.sheets, f.GetSheetList(), "%v", tt.lang)
		v, err := f.GetCellValue(tt.sheets[0], "A1")
		require.NoError(t, err)
		assert.Equal(t, tt.a1, v, "%v", tt.lang)
	}
}

func TestWriteByCategoryAndMoreSheets(t *testing.T) {
	rep := mayReport(t, assess.ByCategory)
	extra := &assess.Table{Title: "说明", Columns: []assess.Column{{Key: "note", Label: "备注"}, {Key: "by", Label: "口径"}},
		Rows: [][]assess.Cell{{{Text: "按类别统计"}, {Text: "受理"}}}}
	f := write(t, rep, xlsx.Options{Sheets: []*assess.Table{extra}})
	assert.Equal(t, []string{"考核汇总", "图表", "说明"}, f.GetSheetList())
	rows, err := f.GetRows("考核汇总")
	require.NoError(t, err)
	require.Len(t, rows, 4)
	assert.Equal(t, []string{"类别", "complaint"}, rows[1][:2])
	assert.Equal(t, []string{"合计", ""}, rows[3][:2])
	note, err := f.GetRows("说明")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"备注", "口径"}, {"按类别统计", "受理"}}, note)
	panes, err := f.GetPanes("说明")
	require.NoError(t, err)
	assert.Equal(t, 0, panes.XSplit, "a table of text alone freezes its header only")
	assert.Equal(t, 1, panes.YSplit)
}

// A report without rows has its scorecards (the totals) and no chart.
func TestWriteEmptyReport(t *testing.T) {
	_, may := mayRecords()
	a, err := assess.New(assess.SchemeTown())
	require.NoError(t, err)
	rep, err := a.Compute(nil, may)
	require.NoError(t, err)
	late, err := assess.LateOrders(nil, may, assess.LateOptions{})
	require.NoError(t, err)
	f := write(t, rep, xlsx.Options{Lang: language.English, Late: late})
	assert.Equal(t, []string{"Scorecards", "Late orders"}, f.GetSheetList())
	rows, err := f.GetRows("Late orders")
	require.NoError(t, err)
	assert.Len(t, rows, 1, "the header alone")
	rows, err = f.GetRows("Scorecards")
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, "Total", rows[1][0])
}

func TestWriteErrors(t *testing.T) {
	rep := mayReport(t, assess.ByUnit)
	for _, title := range []string{"", "a/b", "[x]", "'quoted'", strings.Repeat("名", 32), "考核汇总", "scorecards"} {
		lang := language.Chinese
		if title == "scorecards" {
			lang = language.English // Excel's names are without case: Scorecards is taken
		}
		err := xlsx.Write(&bytes.Buffer{}, rep, xlsx.Options{Lang: lang, Sheets: []*assess.Table{{Title: title}}})
		assert.ErrorIs(t, err, xlsx.ErrSheetName, "%q", title)
	}
	err := xlsx.Write(failWriter{}, rep, xlsx.Options{})
	require.ErrorIs(t, err, errDisk)
	assert.Contains(t, err.Error(), "xlsx: write")
}

type failWriter struct{}

var errDisk = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDisk }
