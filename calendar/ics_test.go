package calendar

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// update rewrites the golden files under testdata: go test ./calendar -run ICS -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// icsCalendar is the 2025 National Day block of China's calendar, written
// out by hand, with a long local closure and a provisional 2026 New Year.
func icsCalendar(t *testing.T) *Calendar {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	name, nameEN := "国庆节、中秋节", "National Day and Mid-Autumn Festival"
	var overrides []Override
	for day := 1; day <= 8; day++ {
		statutory := day <= 3 || day == 6
		overrides = append(overrides, Override{Date: D(2025, 10, day), Kind: DayOff, Name: name, NameEN: nameEN, Statutory: statutory})
	}
	overrides = append(overrides,
		Override{Date: D(2025, 9, 28), Kind: MakeupWorkday, Name: name, NameEN: nameEN},
		Override{Date: D(2025, 10, 11), Kind: MakeupWorkday, Name: name, NameEN: nameEN},
		Override{Date: D(2025, 9, 17), Kind: DayOff,
			Name:   "台风停工：全市机关、企事业单位停工停课一天，具体以市防汛防台风指挥部通知为准",
			NameEN: "Typhoon closure; offices, schools and courts shut\\see notice\nline two"},
		Override{Date: D(2025, 12, 31), Kind: DayOff},
	)
	c, err := New(Config{
		Location:   loc,
		Overrides:  overrides,
		KnownYears: []int{2025},
		Provisional: func(year int) []Override {
			return []Override{{Date: D(year, 1, 1), Kind: DayOff, Name: "元旦", NameEN: "New Year's Day", Statutory: true}}
		},
	})
	require.NoError(t, err)
	return c
}

func TestWriteICSGolden(t *testing.T) {
	c := icsCalendar(t)
	var buf bytes.Buffer
	require.NoError(t, c.WriteICS(&buf, D(2025, 9, 1), D(2026, 1, 31)))
	golden := filepath.Join("testdata", "ics", "national-day-2025.ics")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run with -update to create it")
	assert.Equal(t, string(want), buf.String())
}

func TestWriteICSFormat(t *testing.T) {
	c := icsCalendar(t)
	var buf bytes.Buffer
	require.NoError(t, c.WriteICS(&buf, D(2025, 9, 1), D(2026, 1, 31)))
	out := buf.String()
	require.True(t, strings.HasSuffix(out, "END:VCALENDAR\r\n"))
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	var unfolded []string
	for _, l := range lines {
		require.NotContains(t, l, "\n", "bare LF")
		require.LessOrEqual(t, len(l), 75, "line %q", l)
		require.True(t, utf8.ValidString(l), "line %q splits a character", l)
		if strings.HasPrefix(l, " ") {
			unfolded[len(unfolded)-1] += l[1:]
		} else {
			unfolded = append(unfolded, l)
		}
	}
	count := func(prefix string) (n int) {
		for _, l := range unfolded {
			if strings.HasPrefix(l, prefix) {
				n++
			}
		}
		return n
	}
	// 8 days of National Day, 2 make-up days, the typhoon, 31 Dec, 1 Jan.
	assert.Equal(t, 13, count("BEGIN:VEVENT"))
	assert.Equal(t, 2, count("CATEGORIES:make-up workday"))
	assert.Contains(t, unfolded, "SUMMARY:台风停工：全市机关、企事业单位停工停课一天，具体以市防汛防台风指挥部通知为准 (day off)")
	assert.Contains(t, unfolded, `DESCRIPTION:Typhoon closure\; offices\, schools and courts shut\\see notice\nline two.`)
	assert.Contains(t, unfolded, "UID:20251001-off-Asia-Shanghai@hotline")
	assert.Contains(t, unfolded, "DTEND;VALUE=DATE:20251002")
	assert.Contains(t, unfolded, "SUMMARY:day off")
	assert.Contains(t, unfolded, `DESCRIPTION:New Year's Day.\nStatutory public holiday.\nProvisional: no official schedule for this year yet.`)
	for _, l := range unfolded {
		if strings.HasPrefix(l, "DTSTART") {
			assert.Regexp(t, `^DTSTART;VALUE=DATE:\d{8}$`, l)
		}
	}
}

func TestWriteICSFolding(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("a", 75),
		strings.Repeat("a", 76),
		strings.Repeat("a", 200),
		strings.Repeat("节", 60),
		"x" + strings.Repeat("节", 60),
		"xy" + strings.Repeat("节", 60),
	} {
		var buf bytes.Buffer
		iw := &icsWriter{w: bufio.NewWriter(&buf)}
		iw.line(s)
		require.NoError(t, iw.w.Flush())
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\r\n"), "\r\n")
		var back string
		for i, l := range lines {
			assert.LessOrEqual(t, len(l), 75)
			assert.True(t, utf8.ValidString(l))
			if i > 0 {
				require.True(t, strings.HasPrefix(l, " "))
				l = l[1:]
			}
			back += l
		}
		assert.Equal(t, s, back)
		assert.Equal(t, len(s) <= 75, len(lines) == 1)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteICSErrors(t *testing.T) {
	c := icsCalendar(t)
	assert.ErrorIs(t, c.WriteICS(&bytes.Buffer{}, D(2025, 2, 30), D(2025, 3, 1)), ErrInvalidDate)
	assert.ErrorIs(t, c.WriteICS(&bytes.Buffer{}, D(2025, 3, 2), D(2025, 3, 1)), ErrInvalidDate)
	err := c.WriteICS(failingWriter{}, D(2025, 1, 1), D(2025, 12, 31))
	assert.EqualError(t, err, "calendar: ics: disk full")

	// A range without days off is an empty calendar.
	var buf bytes.Buffer
	require.NoError(t, c.WriteICS(&buf, D(2025, 6, 2), D(2025, 6, 6)))
	assert.NotContains(t, buf.String(), "VEVENT")
}
