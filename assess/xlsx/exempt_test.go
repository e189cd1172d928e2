package xlsx_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/assess/xlsx"
)

// TestWriteExemptions: a report listing exemptions gets their sheet,
// after the chart, with every exemption read back.
func TestWriteExemptions(t *testing.T) {
	rep := mayReport(t, assess.ByUnit)
	rep.Exemptions = []assess.Exempted{
		{OrderID: "QX000002", Unit: "清溪镇城管办", Scope: assess.ExemptVerdict, Reason: assess.ExemptMalicious, Honoured: true},
		{OrderID: "QX000003", Unit: "清溪镇环保分局", Scope: assess.ExemptOrder, Reason: "busy", Honoured: false},
	}
	for _, tt := range []struct {
		lang  language.Tag
		sheet string
		want  [][]string
	}{
		{language.Chinese, "不纳入考核", [][]string{
			{"工单编号", "承办单位", "范围", "原因", "采纳"},
			{"QX000002", "清溪镇城管办", "评价不纳入考核", "malicious", "是"},
			{"QX000003", "清溪镇环保分局", "工单不纳入考核", "busy", "否"},
		}},
		{language.English, "Exemptions", [][]string{
			{"Order", "Unit", "Scope", "Reason", "Honoured"},
			{"QX000002", "清溪镇城管办", "verdict", "malicious", "yes"},
			{"QX000003", "清溪镇环保分局", "order", "busy", "no"},
		}},
	} {
		f := write(t, rep, xlsx.Options{Lang: tt.lang})
		sheets := f.GetSheetList()
		require.Len(t, sheets, 3)
		assert.Equal(t, tt.sheet, sheets[2])
		rows, err := f.GetRows(tt.sheet)
		require.NoError(t, err)
		assert.Equal(t, tt.want, rows)
	}
}
