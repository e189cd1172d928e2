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
		"work order QX000001 (投诉): 三中村工地凌晨仍在施工，噪音扰民。",
		// Finish in five working days after Friday 26 September: 28, 29
		// and 30 September, then 9 and 10 October, so by 24:00 on 10
		// October.
		"2025-09-26 10:00  accept    next deadline 2025-10-10 24:00 Fri  received 受理",
		// Sign by the close of work of the next working day: the make-up
		// Sunday.
		"2025-09-26 10:10  dispatch  next deadline 2025-09-28 17:30 Sun  dispatched 派单",
		"2025-09-28 09:00  sign      next deadline 2025-10-10 24:00 Fri  handling 签收办理",
		"2025-10-09 16:00  reply     no open deadline                    replied 回复",
		"2025-10-10 10:00  callback  no open deadline                    called_back 回访",
		"2025-10-10 10:05  close     no open deadline                    closed 办结",
		"audit trail: 7 records, hash chain verified",
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("output lacks %q; got:\n%s", line, got)
		}
	}
	if n := strings.Count(got, "\n"); n != 9 {
		t.Errorf("%d lines, want 9:\n%s", n, got)
	}
}
