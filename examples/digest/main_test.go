package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func runArgs(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestStdout(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{nil, []string{
			"QX000006 三中村建筑工地夜间施工噪音扰民 ≈ QX000001 (0.96)", // the pair, a week apart
			"QX000005 三中村工地晚上还在打桩，吵得睡不着 ≈ QX000001 (0.73)",
			"# 清溪镇城管办信息摘要",
			"| 市容环境 (01.02) | 清溪镇/三中村 | 5 | 2025-03-04 21:00 | 5 | 是 |",
			"| 市政设施 (01.01) | 清溪镇/五里村 | 3 | 0 |",
			"| 6 | QX000005 QX000006 QX000007 QX000008 QX000009 QX000010 | 清溪镇/三中村/一组 | 三中村工地晚上还在打桩，吵得睡不着 |",
			"| QX000003 | 市政设施 (01.01) | 1 | 2025-03-06 24:00 周四 | - |",
			"| 2 | QX000014 QX000015 | 清溪镇/五里村 | 工厂排放废气 |",
		}},
		{[]string{"-lang", "en"}, []string{
			"# Digest for 清溪镇环保分局",
			"Period 2025-03-03 00:00 to 2025-03-10 00:00: 3 orders (period before: 0).",
			"| Townscape and cleanliness (01.02) | 清溪镇/三中村 | 5 | 2025-03-04 21:00 | 5 | yes |",
		}},
	} {
		code, out, errOut := runArgs(tt.args...)
		require.Equal(t, 0, code, errOut)
		lines := strings.Split(out, "\n")
		for _, w := range tt.want {
			assert.Contains(t, lines, w, "%v", tt.args)
		}
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runArgs("-out", dir)
	require.Equal(t, 0, code, errOut)
	assert.Len(t, strings.Fields(out), 8, "two departments, two languages, two formats")
	md, err := os.ReadFile(filepath.Join(dir, "清溪镇环保分局.en.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), "## Repeat clusters")
	f, err := excelize.OpenFile(filepath.Join(dir, "清溪镇城管办.zh.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"概要", "热点", "上升诉求", "重复诉求", "超期工单", "督办工单"}, f.GetSheetList())
	for _, c := range []struct{ sheet, cell, want string }{
		{"概要", "A2", "清溪镇城管办"}, {"概要", "D2", "8"}, {"概要", "E2", "4"},
		{"热点", "A2", "市容环境 (01.02)"}, {"热点", "C2", "5"},
		{"超期工单", "A2", "QX000003"}, {"超期工单", "D2", "2025-03-07 00:00"}, // Excel has no 24:00
	} {
		v, err := f.GetCellValue(c.sheet, c.cell)
		require.NoError(t, err)
		assert.Equal(t, c.want, v, "%s!%s", c.sheet, c.cell)
	}
}

func TestBadLang(t *testing.T) {
	code, _, errOut := runArgs("-lang", "fr")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "want zh or en")
}
