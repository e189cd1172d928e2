package assess_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hotline12345/hotline/assess"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
	"golang.org/x/text/width"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), string(got))
}

func octoberReport(t *testing.T) *assess.Report {
	t.Helper()
	rep, err := mustNew(t, assess.SchemeTown()).Compute(fixture(), october)
	require.NoError(t, err)
	return rep
}

func TestWriteCSVGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, octoberReport(t).WriteCSV(&buf))
	golden(t, "october.csv", buf.Bytes())

	// The file parses back with a header and a stable column count; the
	// total line's counts are the sums of the unit lines.
	lines, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	require.NoError(t, err)
	require.Len(t, lines, 1+3+1)
	assert.Equal(t, assess.CSVHeader(), lines[0])
	assert.Equal(t, []string{"unit", chengguan}, lines[1][:2])
	assert.Equal(t, []string{"total", ""}, lines[4][:2])
	col := map[string]int{}
	for i, h := range lines[0] {
		col[h] = i
	}
	assert.Equal(t, "10", lines[4][col["received"]])
	assert.Equal(t, "0.6250", lines[4][col["on_time_rate"]])
	assert.Equal(t, "", lines[2][col["satisfaction_rate"]], "派出所 has no ratings")
	score, err := strconv.ParseFloat(lines[4][col["score"]], 64)
	require.NoError(t, err)
	assert.InDelta(t, 64.25, score, 0.006) // two decimals of 64.25
}

func TestCSVHeaderIsACopy(t *testing.T) {
	h := assess.CSVHeader()
	h[0] = "changed"
	assert.Equal(t, "kind", assess.CSVHeader()[0])
}

func TestWriteTextGolden(t *testing.T) {
	tests := []struct {
		file string
		lang language.Tag
		by   assess.Dimension
	}{
		{"october_zh.golden", language.Chinese, assess.ByUnit},
		{"october_en.golden", language.English, assess.ByUnit},
		{"october_category_zh.golden", language.SimplifiedChinese, assess.ByCategory},
		{"october_category_en.golden", language.BritishEnglish, assess.ByCategory},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rep, err := mustNew(t, assess.SchemeTown()).ComputeBy(fixture(), october, tt.by)
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, rep.WriteText(&buf, tt.lang))
			golden(t, tt.file, buf.Bytes())
			checkAligned(t, buf.String())
		})
	}
}

// checkAligned checks that every line of a table has the same display
// width, except that trailing spaces are trimmed, and that no line ends in
// a space.
func checkAligned(t *testing.T, table string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	rule := lines[1]
	require.Equal(t, strings.Repeat("-", len(rule)), rule)
	for _, l := range lines {
		assert.False(t, strings.HasSuffix(l, " "), "%q", l)
		if strings.HasPrefix(l, "-") {
			continue
		}
		// Right-aligned cells end at the same columns: every line ends at
		// the full width.
		assert.Equal(t, len(rule), textWidth(l), "%q", l)
	}
}

func textWidth(s string) int {
	n := 0
	for _, r := range s {
		if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func TestWriteTextLanguages(t *testing.T) {
	rep := octoberReport(t)
	first := func(tag language.Tag) string {
		var buf bytes.Buffer
		require.NoError(t, rep.WriteText(&buf, tag))
		return strings.Fields(buf.String())[0]
	}
	assert.Equal(t, "单位", first(language.MustParse("zh-CN")))
	assert.Equal(t, "单位", first(language.TraditionalChinese))
	assert.Equal(t, "Unit", first(language.French), "other languages fall back to English")
	assert.Equal(t, "Unit", first(language.Und))
}

func TestWriteTextGrouping(t *testing.T) {
	rep, err := mustNew(t, assess.SchemeTown()).Compute(generate(3000, 7), assess.Year(2025, shanghai))
	require.NoError(t, err)
	rep.Total.Received = 12917 // only the printing is under test
	var buf bytes.Buffer
	require.NoError(t, rep.WriteText(&buf, language.Chinese))
	assert.Contains(t, buf.String(), "12,917")
	checkAligned(t, buf.String())
}

type failWriter struct{}

var errDisk = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDisk }

func TestWritersReportErrors(t *testing.T) {
	rep := octoberReport(t)
	err := rep.WriteCSV(failWriter{})
	require.ErrorIs(t, err, errDisk)
	assert.Contains(t, err.Error(), "assess: write csv")
	err = rep.WriteText(failWriter{}, language.English)
	require.ErrorIs(t, err, errDisk)
	assert.Contains(t, err.Error(), "assess: write text")
}

func TestWritersKeepCallerOrder(t *testing.T) {
	rep := octoberReport(t)
	rep.Rows[0], rep.Rows[2] = rep.Rows[2], rep.Rows[0]
	var buf bytes.Buffer
	require.NoError(t, rep.WriteText(&buf, language.Chinese))
	lines := strings.Split(buf.String(), "\n")
	assert.True(t, strings.HasPrefix(lines[2], zhujian), lines[2])
	assert.True(t, strings.HasPrefix(lines[4], chengguan), lines[4])
}

func TestReportJSON(t *testing.T) {
	rep := octoberReport(t)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	s := string(b)
	assert.Contains(t, s, `"by":"unit"`)
	assert.Contains(t, s, `"name":"派出所","received":2,`)
	assert.Contains(t, s, `"on_time":{"num":1,"den":2,"rate":0.5}`)
	assert.Contains(t, s, `"satisfaction":{"num":0,"den":0,"rate":null}`)
	assert.Contains(t, s, `"period":{"from":"2025-10-01T00:00:00+08:00","to":"2025-11-01T00:00:00+08:00"}`)

	var back assess.Report
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, rep.Rows, back.Rows)
	assert.Equal(t, rep.Total, back.Total)
	assert.Equal(t, rep.By, back.By)
	assert.True(t, rep.Period.From.Equal(back.Period.From))
	assert.True(t, rep.Period.To.Equal(back.Period.To))

	cat := &assess.Report{By: assess.ByCategory}
	b, err = json.Marshal(cat)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, assess.ByCategory, back.By)

	code := &assess.Report{By: assess.ByCode}
	b, err = json.Marshal(code)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, assess.ByCode, back.By)

	_, err = json.Marshal(&assess.Report{By: assess.ByLeader + 1})
	assert.Error(t, err)
	assert.Error(t, json.Unmarshal([]byte(`{"by":"department"}`), &back))
}
