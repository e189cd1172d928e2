package xlsx_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/assess/xlsx"
)

// mayRecords returns three orders of two units in May 2025, Beijing time.
func mayRecords() ([]assess.Record, assess.Period) {
	loc := time.FixedZone("CST", 8*3600)
	t := func(d, h int) time.Time { return time.Date(2025, time.May, d, h, 0, 0, 0, loc) }
	return []assess.Record{
		{OrderID: "250506-001", Unit: "住建局", Received: t(6, 9), Due: t(13, 17), Closed: t(12, 15),
			Satisfaction: hotline.Satisfied, Rated: t(13, 10)},
		{OrderID: "250507-002", Unit: "住建局", Received: t(7, 9), Due: t(14, 17), Closed: t(16, 9),
			Satisfaction: hotline.Dissatisfied, Rated: t(16, 15)},
		{OrderID: "250520-004", Unit: "城管分局", Received: t(20, 9), Due: t(27, 17)},
	}, assess.Month(2025, time.May, loc)
}

// Write the month's scorecards and late orders, then read the workbook
// back.
func ExampleWrite() {
	recs, may := mayRecords()
	a, _ := assess.New(assess.SchemeTown())
	rep, _ := a.Compute(recs, may)
	late, _ := assess.LateOrders(recs, may, assess.LateOptions{})

	var buf bytes.Buffer
	if err := xlsx.Write(&buf, rep, xlsx.Options{Lang: language.Chinese, Late: late}); err != nil {
		panic(err)
	}

	f, err := excelize.OpenReader(&buf)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	fmt.Println(f.GetSheetList())
	header, _ := f.GetCellValue("考核汇总", "L1")
	zhujian, _ := f.GetCellValue("考核汇总", "L3")
	raw, _ := f.GetCellValue("考核汇总", "L3", excelize.Options{RawCellValue: true})
	fmt.Println(header, zhujian, raw)
	rows, _ := f.GetRows("超期工单")
	for _, row := range rows {
		fmt.Println(row)
	}
	// Output:
	// [考核汇总 图表 超期工单]
	// 按期办结率 50.0% 0.5
	// [工单编号 承办单位 类别 派单时间 办结时限 办结时间 状态 超时（小时） 超期工作日]
	// [250520-004 城管分局  2025-05-20 09:00 2025-05-27 17:00  超期未办结 103.0]
	// [250507-002 住建局  2025-05-07 09:00 2025-05-14 17:00 2025-05-16 09:00 逾期办结 40.0]
}
