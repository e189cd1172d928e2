package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, line := range []string{
		"QX000001 咨询 (城乡建设 > 水电燃气 > 供水): 明天三中村是不是要停水？停水通知在哪里能查到？",
		// The caller's words find the water entry without segmentation.
		"  knowledge base: QX-GS-001 「计划停水通知在哪里查询」",
		"  09:03  answer          answered 直接答复",
		"  10:03  close           closed 办结",
		// Valid until 30 June: refused on 15 September.
		`QX000002: the entry of 2025-06-30 refused: workorder: order "QX000002": answer: entry "QX-HJ-003" version 1 is not valid on 2025-09-15: knowledge-base entry does not apply`,
		"  11:13  request_return  return_requested 退单待审",
		"  11:38  refuse_return   dispatched 派单",
		"  12:03  sign            handling 签收办理",
		// The sign-in was on time and the finish clock never stopped:
		// five working days from Monday 15 September.
		"  improper returns (不当退单): 1, next deadline 2025-09-22 24:00 Mon",
		"  12:14  transfer        transferred 转办",
		"  to 110报警服务台, three-way call true; no deadline left: true",
		// QX000001 answered, of the three the hotline had to answer
		// itself or through a unit; QX000004 counted apart.
		"  total     received 4  direct answers 33.3% (1/3)    transferred 1  合计",
		"  08.03     received 1  direct answers - (0/0)        transferred 1  公共安全 > 社会治安",
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("output lacks %q; got:\n%s", line, got)
		}
	}
	if n := strings.Count(got, "\n"); n != 25 {
		t.Errorf("%d lines, want 25:\n%s", n, got)
	}
}
