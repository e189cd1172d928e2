package assess_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/assess/xlsx"
	"github.com/hotline12345/hotline/calendar/cn"
)

// The golden workbooks are not compared byte for byte (the zip archive
// holds times): the fresh workbook must hold the same sheets, cells,
// formats, panes and chart, and the golden one is read back with the
// spreadsheet library and checked cell by cell.
func TestWriteXLSXGolden(t *testing.T) {
	tests := []struct {
		file string
		lang language.Tag
		want workbookWant
	}{
		{"october_zh.xlsx", language.Und, workbookWant{
			sheets:  []string{"考核汇总", "图表", "超期工单"},
			headers: []string{"类型", "名称", "受理量"},
			onTime:  "按期办结率", total: "合计", kind: "单位",
			lateHeaders: []string{"工单编号", "承办单位", "类别", "派单时间", "办结时限", "办结时间", "状态", "超时（小时）", "超期工作日"},
			open:        "超期未办结", closedLate: "逾期办结",
			chartTitle: "按期办结率与满意率",
		}},
		{"october_en.xlsx", language.English, workbookWant{
			sheets:  []string{"Scorecards", "Chart", "Late orders"},
			headers: []string{"Kind", "Name", "Received"},
			onTime:  "On-time rate", total: "Total", kind: "Unit",
			lateHeaders: []string{"Order", "Unit", "Category", "Received", "Due", "Closed", "Status", "Hours late", "Working days late"},
			open:        "Open", closedLate: "Closed late",
			chartTitle: "On-time and satisfaction rates",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			late, err := assess.LateOrders(fixture(), october, assess.LateOptions{Workdays: cn.Calendar()})
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, xlsx.Write(&buf, octoberReport(t), xlsx.Options{Lang: tt.lang, Late: late}))
			path := filepath.Join("testdata", tt.file)
			if *update {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			gold, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -update to create it")
			sameWorkbook(t, gold, buf.Bytes())
			checkWorkbook(t, gold, tt.want)
		})
	}
}

type workbookWant struct {
	sheets, headers, lateHeaders          []string
	onTime, total, kind, open, closedLate string
	chartTitle                            string
}

func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// zipFile returns the named part of the workbook's zip archive.
func zipFile(t *testing.T, b []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	r, err := z.Open(name)
	require.NoError(t, err)
	defer r.Close()
	s, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(s)
}

// sameWorkbook checks that two workbooks hold the same sheets, cells as
// stored and as shown, number formats, panes and chart.
func sameWorkbook(t *testing.T, want, got []byte) {
	t.Helper()
	w, g := openXLSX(t, want), openXLSX(t, got)
	require.Equal(t, w.GetSheetList(), g.GetSheetList())
	for _, sheet := range w.GetSheetList() {
		wr, err := w.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil { // the chart sheet has no rows
			continue
		}
		gr, err := g.GetRows(sheet, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, wr, gr, sheet)
		wr, _ = w.GetRows(sheet)
		gr, _ = g.GetRows(sheet)
		assert.Equal(t, wr, gr, "%s as shown", sheet)
		wp, _ := w.GetPanes(sheet)
		gp, _ := g.GetPanes(sheet)
		assert.Equal(t, wp, gp, sheet)
	}
	assert.Equal(t, zipFile(t, want, "xl/charts/chart1.xml"), zipFile(t, got, "xl/charts/chart1.xml"))
}

// numFmt returns the number format of a cell: a built-in number or a
// custom code.
func numFmt(t *testing.T, f *excelize.File, sheet, cell string) any {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	require.NoError(t, err)
	s, err := f.GetStyle(id)
	require.NoError(t, err)
	if s.CustomNumFmt != nil {
		return *s.CustomNumFmt
	}
	return s.NumFmt
}

func checkWorkbook(t *testing.T, b []byte, want workbookWant) {
	t.Helper()
	f := openXLSX(t, b)
	require.Equal(t, want.sheets, f.GetSheetList())
	cards, late := want.sheets[0], want.sheets[2]
	get := func(sheet, cell string) string {
		v, err := f.GetCellValue(sheet, cell)
		require.NoError(t, err)
		return v
	}
	raw := func(sheet, cell string) string {
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		return v
	}

	// The scorecards: the CSV's columns, three units and the totals.
	rows, err := f.GetRows(cards)
	require.NoError(t, err)
	require.Len(t, rows, 1+3+1)
	assert.Len(t, rows[0], len(assess.CSVHeader()))
	assert.Equal(t, want.headers, rows[0][:3])
	assert.Equal(t, want.onTime, get(cards, "L1"), "on_time_rate is the 12th column")
	assert.Equal(t, []string{want.kind, chengguan, "4", "1", "3", "0"}, rows[1][:6])
	assert.Equal(t, []string{want.total, ""}, rows[4][:2])
	// 城管分局's on-time rate 2/3, stored in full, shown as 66.7%.
	assert.Equal(t, "66.7%", get(cards, "L2"))
	v, err := strconv.ParseFloat(raw(cards, "L2"), 64)
	require.NoError(t, err)
	assert.InDelta(t, 2.0/3, v, 1e-12)
	assert.Equal(t, "0.0%", numFmt(t, f, cards, "L2"))
	assert.Equal(t, "", get(cards, "AA3"), "派出所 has no ratings: no satisfaction rate")
	assert.Equal(t, "60.0%", get(cards, "AA5"))
	assert.Equal(t, "64.3", get(cards, "AH5"), "the total score, 64.25, with one decimal")
	assert.Equal(t, "0.0", numFmt(t, f, cards, "AH5"))
	assert.Equal(t, 1, numFmt(t, f, cards, "C2"), "counts are integers")
	assert.Equal(t, "10", raw(cards, "C5"))
	panes, err := f.GetPanes(cards)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 1, panes.YSplit, "the header row is frozen")
	assert.Equal(t, 2, panes.XSplit, "and the kind and name columns")
	assert.Equal(t, "C2", panes.TopLeftCell)
	width, err := f.GetColWidth(cards, "B")
	require.NoError(t, err)
	assert.Equal(t, 10.0, width, "城管分局 is 8 columns wide, and 2 more")

	// The chart: a bar of each unit's two rates from the scorecards.
	chart := strings.ReplaceAll(zipFile(t, b, "xl/charts/chart1.xml"), "&#39;", "'")
	for _, part := range []string{
		`<barDir val="bar">`, "<a:t>" + want.chartTitle + "</a:t>", `<varyColors val="0">`,
		"<f>'" + cards + "'!$B$2:$B$4</f>",                                     // the units
		"<f>'" + cards + "'!$L$1:$L$1</f>", "<f>'" + cards + "'!$L$2:$L$4</f>", // on time
		"<f>'" + cards + "'!$AA$1:$AA$1</f>", "<f>'" + cards + "'!$AA$2:$AA$4</f>", // satisfaction
		`<numFmt formatCode="0%" sourceLinked="false">`,
	} {
		assert.True(t, strings.Contains(chart, part), "the chart has no %s", part)
	}

	// The late orders.
	rows, err = f.GetRows(late)
	require.NoError(t, err)
	require.Len(t, rows, 1+4)
	assert.Equal(t, want.lateHeaders, rows[0])
	assert.Equal(t, []string{"C2", chengguan, "complaint", "2025-10-10 09:00", "2025-10-20 17:00", "2025-10-22 10:00", want.closedLate, "41.0", "2"}, rows[1])
	assert.Equal(t, []string{"P2", paichusuo, "complaint", "2025-09-20 10:00", "2025-09-30 17:00", "", want.open, "751.0", "18"}, rows[2])
	assert.Equal(t, "yyyy-mm-dd hh:mm", numFmt(t, f, late, "E2"))
	assert.Equal(t, "0.0", numFmt(t, f, late, "H2"))
	panes, err = f.GetPanes(late)
	require.NoError(t, err)
	assert.Equal(t, excelize.Panes{Freeze: true, XSplit: 3, YSplit: 1, TopLeftCell: "D2", ActivePane: "bottomRight"},
		excelize.Panes{Freeze: panes.Freeze, XSplit: panes.XSplit, YSplit: panes.YSplit, TopLeftCell: panes.TopLeftCell, ActivePane: panes.ActivePane})
}
