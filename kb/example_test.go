package kb_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/kb"
)

func Example() {
	b, err := kb.LoadFile("testdata/qingxi.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	// A caller in 三中村 on 6 December 2026, with a full-width "12".
	hits := b.Search("三中村１２月停水几天", kb.SearchOptions{
		At:     time.Date(2026, 12, 6, 9, 30, 0, 0, time.FixedZone("CST", 8*3600)),
		Region: "清溪镇/三中村",
		Limit:  2,
	})
	for _, h := range hits {
		fmt.Println(h.Entry.ID, h.Entry.Title)
	}
	// Output:
	// QX-043 三中村十二月管网改造计划停水
	// QX-001 计划停水通知在哪里查询
}

func ExampleBase_Edit() {
	b := kb.New()
	v1, _ := b.Add(kb.Entry{ID: "LD-1", Title: "路灯不亮报修", Answer: "五个工作日内修复。", Category: hotline.CategoryHelp})
	// An order answered now records (LD-1, 1).
	edit := v1
	edit.Answer = "三个工作日内修复。"
	v2, _ := b.Edit(edit)
	fmt.Println(v2.Version, v2.Answer)

	told, _ := b.Version("LD-1", 1)
	fmt.Println(told.Version, told.Answer)

	// A second edit of version 1 is refused.
	_, err := b.Edit(edit)
	fmt.Println(errors.Is(err, kb.ErrConflict))
	// Output:
	// 2 三个工作日内修复。
	// 1 五个工作日内修复。
	// true
}

func ExampleBase_Search() {
	b := kb.New()
	b.Add(kb.Entry{ID: "a", Title: "夜间施工噪音扰民", Answer: "晚上十点后禁止施工。"})
	b.Add(kb.Entry{ID: "b", Title: "广场舞噪音", Answer: "转属地派出所劝导。",
		Regions: []string{"清溪镇"}, ValidUntil: calendar.D(2026, 12, 31)})
	at := time.Date(2026, 12, 6, 22, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for _, region := range []string{"清溪镇/三中村", "塘厦镇"} {
		hits := b.Search("晚上工地施工太吵，广场舞也吵", kb.SearchOptions{At: at, Region: region})
		fmt.Print(region, ":")
		for _, h := range hits {
			fmt.Print(" ", h.Entry.ID)
		}
		fmt.Println()
	}
	// Output:
	// 清溪镇/三中村: b a
	// 塘厦镇: a
}

func ExampleParse() {
	_, err := kb.Parse(strings.NewReader(`entries:
  - id: QX-1
    title: 路灯不亮
    answer: 报修
    valid_from: 2026-03-01
    valid_until: 2026-02-01
`))
	fmt.Println(err)
	var ee *kb.EntryError
	if errors.As(err, &ee) {
		fmt.Println(ee.Field, ee.Line, errors.Is(err, kb.ErrDateRange))
	}
	// Output:
	// kb: entry "QX-1": valid_until: bad validity dates: 2026-02-01 is before valid_from 2026-03-01 (line 6, column 18)
	// valid_until 6 true
}
