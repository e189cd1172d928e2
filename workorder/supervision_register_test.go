package workorder

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/assess/xlsx"
)

// registerFixture is two supervision orders: the ladder's, explained
// late and closed with a talk, and a supervisor's, still open.
func registerFixture() []Supervision {
	return []Supervision{
		{ID: "WO000001/finish/1790042400", Order: "WO000001", Unit: cityMgmt, Target: "finish", Reason: "finish 超期 (2026-10-01 00:00)",
			IssuedBy: System(), Issued: at(2026, 10, 10, 0, 1), Due: at(2026, 10, 14, 0, 0),
			Explanation: "国庆假期人手不足", ExplainedBy: Unit(cityMgmt), Explained: at(2026, 10, 15, 9, 30),
			Escalated: at(2026, 10, 14, 0, 0), Outcome: OutcomeTalk, ClosedBy: super, Closed: at(2026, 10, 16, 10, 0),
			Remark: "超期且说明迟交", Version: 4},
		{ID: "WO000002/s5", Order: "WO000002", Unit: envBur, Reason: "群众反映强烈",
			IssuedBy: super, Issued: at(2026, 10, 12, 9, 0), Due: at(2026, 10, 15, 9, 0), Version: 1},
	}
}

func TestSupervisionRegisterXLSX(t *testing.T) {
	tab := SupervisionRegister(registerFixture(), language.Chinese, shanghai)
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, &assess.Report{}, xlsx.Options{Sheets: []*assess.Table{tab}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "督办台账"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"督办单号", "承办单位", "工单编号", "督办事由", "下发人", "下发时间", "说明期限", "说明时间", "情况说明", "提请研判", "处理结果", "决定人", "办结时间", "决定理由"},
		{"WO000001/finish/1790042400", cityMgmt, "WO000001", "finish 超期 (2026-10-01 00:00)", "系统", "2026-10-10 00:01", "2026-10-14 00:00",
			"2026-10-15 09:30", "国庆假期人手不足", "2026-10-14 00:00", "约谈", "督查室", "2026-10-16 10:00", "超期且说明迟交"},
		{"WO000002/s5", envBur, "WO000002", "群众反映强烈", "督查室", "2026-10-12 09:00", "2026-10-15 09:00"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows:\n%q\nwant\n%q", rows, want)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d:\n got %q\nwant %q", i, rows[i], want[i])
		}
	}
	panes, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v: want the header row frozen", panes)
	}
	// A time is a number shown as a date, not text.
	if typ, err := f.GetCellType(sheet, "F2"); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("F2 type %v, %v: want a date", typ, err)
	}
}

func TestSupervisionRegisterCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := SupervisionRegister(registerFixture(), language.English, shanghai).WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{
		"id,unit,order,reason,issued_by,issued,due,explained,explanation,escalated,outcome,decided_by,closed,remark",
		"WO000001/finish/1790042400," + cityMgmt + ",WO000001,finish 超期 (2026-10-01 00:00),system,2026-10-10T00:01:00+08:00,2026-10-14T00:00:00+08:00," +
			"2026-10-15T09:30:00+08:00,国庆假期人手不足,2026-10-14T00:00:00+08:00,talk,督查室,2026-10-16T10:00:00+08:00,超期且说明迟交",
		"WO000002/s5," + envBur + ",WO000002,群众反映强烈,督查室,2026-10-12T09:00:00+08:00,2026-10-15T09:00:00+08:00,,,,,,,",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("csv:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
