package xlsx_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/assess/xlsx"
)

func TestWriteTables(t *testing.T) {
	due := time.Date(2025, 3, 7, 17, 30, 0, 0, time.FixedZone("CST", 8*3600))
	sum := &assess.Table{Title: "概要", Columns: []assess.Column{{Key: "department", Label: "部门"}, {Key: "orders", Label: "工单数", Kind: assess.ColumnCount}}}
	sum.Rows = [][]assess.Cell{{{Text: "清溪镇城管办"}, {Num: 11}}}
	late := &assess.Table{Title: "超期工单", Columns: []assess.Column{{Key: "order", Label: "工单编号"}, {Key: "due", Label: "办结时限", Kind: assess.ColumnTime}}}
	late.Rows = [][]assess.Cell{{{Text: "QX0014"}, {Time: due}}, {{Text: "QX0018"}, {Blank: true}}}
	var buf bytes.Buffer
	require.NoError(t, xlsx.WriteTables(&buf, sum, late))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"概要", "超期工单"}, f.GetSheetList())
	for _, c := range []struct{ sheet, cell, want string }{
		{"概要", "A1", "部门"}, {"概要", "A2", "清溪镇城管办"}, {"概要", "B2", "11"},
		{"超期工单", "A3", "QX0018"}, {"超期工单", "B2", "2025-03-07 17:30"}, {"超期工单", "B3", ""},
	} {
		v, err := f.GetCellValue(c.sheet, c.cell)
		require.NoError(t, err)
		assert.Equal(t, c.want, v, "%s!%s", c.sheet, c.cell)
	}
	assert.True(t, errors.Is(xlsx.WriteTables(&buf), xlsx.ErrNoTables))
	assert.True(t, errors.Is(xlsx.WriteTables(&buf, sum, sum), xlsx.ErrSheetName), "a title twice")
}
