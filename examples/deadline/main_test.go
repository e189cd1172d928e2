package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func runArgs(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// A complaint received Friday 2025-09-26 10:00 is due by the end of
// 2025-10-10: the make-up Sunday 28 September counts, 1-8 October do not.
func TestKnownAnswerJSON(t *testing.T) {
	code, out, errOut := runArgs("-category", "complaint", "-at", "2025-09-26T10:00:00+08:00", "-json")
	require.Equal(t, 0, code, errOut)
	var got output
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "complaint", got.Category)
	assert.Equal(t, "normal", got.Urgency)
	assert.Equal(t, "2025-09-26T10:00:00+08:00", got.Received)
	assert.Equal(t, []target{
		{Name: "sign", Clock: "working_days", Amount: "1 working day", Due: "2025-09-28T17:30:00+08:00", WarnAt: "2025-09-28T15:30:00+08:00"},
		{Name: "return", Clock: "working_days", Amount: "1 working day", Due: "2025-09-28T17:30:00+08:00", Window: true},
		{Name: "finish", Clock: "working_days", Amount: "5 working days", Due: "2025-10-11T00:00:00+08:00", WarnAt: "2025-10-09T14:22:30+08:00"},
	}, got.Targets)
	// The keys the issue asks for.
	var raw struct {
		Targets []map[string]any `json:"targets"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &raw))
	for _, tg := range raw.Targets {
		for _, k := range []string{"name", "clock", "due", "provisional"} {
			assert.Contains(t, tg, k)
		}
	}
}

func TestEmergencyJSONProvisional(t *testing.T) {
	code, out, errOut := runArgs("-category", "咨询", "-urgency", "emergency", "-at", "2026-12-30 10:00", "-json")
	require.Equal(t, 0, code, errOut)
	var got output
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "emergency", got.Policy)
	due := map[string]string{}
	prov := map[string]bool{}
	for _, tg := range got.Targets {
		due[tg.Name], prov[tg.Name] = tg.Due, tg.Provisional
	}
	assert.Equal(t, map[string]string{
		"sign": "2026-12-30T10:15:00+08:00", "return": "2026-12-30T10:30:00+08:00",
		"contact": "2026-12-30T10:30:00+08:00", "arrive": "2026-12-30T11:00:00+08:00",
		"finish": "2026-12-31T00:00:00+08:00", "feedback": "2027-01-05T00:00:00+08:00",
	}, due)
	// Feedback ends in 2027, a year without a notice yet.
	assert.Equal(t, map[string]bool{"sign": false, "return": false, "contact": false, "arrive": false, "finish": false, "feedback": true}, prov)
}

func TestTables(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
		lines  []string
	}{
		{"complaint.zh.txt", []string{"-category", "complaint", "-at", "2025-09-26T10:00:00+08:00"},
			[]string{"投诉（一般），受理时间 2025-09-26 10:00 周五", "办结  工作日  5个工作日  2025-10-10 24:00 周五"}},
		{"complaint.en.txt", []string{"-category", "complaint", "-at", "2025-09-26T10:00:00+08:00", "-lang", "en"},
			[]string{"Complaint (normal), received 2025-09-26 10:00 Fri", "finish  working_days  5 working days  2025-10-10 24:00 Fri"}},
		{"emergency.zh.txt", []string{"-category", "help", "-urgency", "emergency", "-at", "2026-12-30T10:00"},
			[]string{"反馈  工作日    2个工作日  2027-01-04 24:00 周一", "* 暂定："}},
		{"emergency.en.txt", []string{"-category", "help", "-urgency", "emergency", "-at", "2026-12-30T10:00", "-lang", "en"},
			[]string{"arrive    natural       1h", "* provisional: rests on days no official holiday notice fixes yet"}},
		{"spring-festival.en.txt", []string{"-category", "suggestion", "-at", "2026-02-13T10:00:00+08:00", "-lang", "en"},
			[]string{"finish  working_days  10 working days  2026-03-05 24:00 Thu"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, errOut := runArgs(tt.args...)
			require.Equal(t, 0, code, errOut)
			for _, l := range tt.lines {
				assert.Contains(t, out, l)
			}
			path := filepath.Join("testdata", tt.golden)
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(out), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(want), out)
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no category", []string{"-at", "2025-09-26T10:00:00+08:00"}, "-category is required (accepted: consultation, help, complaint, report, suggestion, praise, other)"},
		{"unknown category", []string{"-category", "complain"}, `deadline: unknown category "complain" (accepted: consultation, help, complaint, report, suggestion, praise, other, or their Chinese names)`},
		{"unknown urgency", []string{"-category", "complaint", "-urgency", "urgent"}, `deadline: unknown urgency "urgent" (accepted: normal, emergency, or their Chinese names)`},
		{"bad time", []string{"-category", "complaint", "-at", "2025-09-26 10am"}, "not a time (accepted: RFC 3339 such as 2025-09-26T10:00:00+08:00"},
		{"bad day", []string{"-category", "complaint", "-at", "2025-02-30T10:00:00+08:00"}, "not a time"},
		{"bad language", []string{"-category", "complaint", "-lang", "chinese!"}, `-lang "chinese!": not a language tag such as zh or en`},
		{"unknown flag", []string{"-categry", "complaint"}, "flag provided but not defined: -categry"},
		{"extra argument", []string{"-category", "complaint", "now"}, `unexpected argument "now"`},
		{"missing policy file", []string{"-category", "complaint", "-policies", filepath.Join(t.TempDir(), "none.yaml")}, "none.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runArgs(tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, tt.want)
		})
	}
}

func TestPolicyFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(good, []byte(`policies:
  - name: town-complaints
    category: complaint
    targets:
      - {name: finish, clock: working_days, days: 15, start: received, met_by: [closed]}
`), 0o644))
	code, out, errOut := runArgs("-category", "complaint", "-at", "2025-09-26T10:00:00+08:00", "-policies", good, "-json")
	require.Equal(t, 0, code, errOut)
	var got output
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "town-complaints", got.Policy)
	// Fifteen working days: 10 Oct is the fifth; 11 (make-up), 13-17,
	// 20-23 Oct make fifteen.
	assert.Equal(t, []target{{Name: "finish", Clock: "working_days", Amount: "15 working days", Due: "2025-10-24T00:00:00+08:00"}}, got.Targets)

	// No policy for help in that file.
	code, _, errOut = runArgs("-category", "help", "-policies", good)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "no matching policy")

	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("policies:\n  - name: x\n    targets: [{name: f, clock: weekly}]\n"), 0o644))
	code, _, errOut = runArgs("-category", "complaint", "-policies", bad)
	assert.Equal(t, exitUsage, code)
	assert.True(t, strings.Contains(errOut, `policy "x": targets[0].clock`), errOut)
}

// An -at in another zone is the same instant as in Shanghai, and is shown
// there like the deadlines: 2025-09-25 18:00 UTC is Friday 26 September
// 02:00 in Shanghai.
func TestAtInAnotherZone(t *testing.T) {
	code, out, errOut := runArgs("-category", "complaint", "-at", "2025-09-25T18:00:00Z", "-json")
	require.Equal(t, 0, code, errOut)
	var got output
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "2025-09-26T02:00:00+08:00", got.Received)
	assert.Equal(t, "2025-10-11T00:00:00+08:00", got.Targets[2].Due)

	code, out, errOut = runArgs("-category", "complaint", "-at", "2025-09-25T18:00:00Z")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "投诉（一般），受理时间 2025-09-26 02:00 周五\n")
}

// -lang takes any language tag and falls back as every name does: Chinese
// for any Chinese tag, English for every other.
func TestLanguageFallback(t *testing.T) {
	args := []string{"-category", "complaint", "-at", "2025-09-26T10:00:00+08:00", "-lang"}
	tests := []struct{ lang, golden string }{
		{"zh-TW", "complaint.zh.txt"}, {"zh-Hans-CN", "complaint.zh.txt"},
		{"fr", "complaint.en.txt"}, {"en-GB", "complaint.en.txt"}, {"und", "complaint.en.txt"},
	}
	for _, tt := range tests {
		code, out, errOut := runArgs(append(args, tt.lang)...)
		require.Equal(t, 0, code, errOut)
		want, err := os.ReadFile(filepath.Join("testdata", tt.golden))
		require.NoError(t, err)
		assert.Equal(t, string(want), out, tt.lang)
	}
}
