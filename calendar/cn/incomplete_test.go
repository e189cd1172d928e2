package cn_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
)

// Regression: a 2027 notice that lists only New Year was accepted, and
// National Day then became a working day.
func TestIncompleteNoticeRefused(t *testing.T) {
	file := wrap("2027", `{"holidays": [{"name": "元旦", "name_en": "New Year's Day", "days": ["2027-01-01"]}]}`)
	// The statutory days of 2027 (law of 2025) that fall Monday to Friday.
	missing := []calendar.Date{calendar.D(2027, 2, 5), calendar.D(2027, 2, 8),
		calendar.D(2027, 4, 5), calendar.D(2027, 6, 9), calendar.D(2027, 9, 15), calendar.D(2027, 10, 1)}

	c, err := cn.Load(strings.NewReader(file))
	assert.Nil(t, c)
	assert.ErrorIs(t, err, cn.ErrIncompleteNotice)
	assert.ErrorIs(t, err, cn.ErrBadData)
	var ie *cn.IncompleteError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, &cn.IncompleteError{Year: 2027, Dates: missing}, ie)
	assert.EqualError(t, err, "cn: data: year 2027: statutory days left as working days: "+
		"2027-02-05, 2027-02-08, 2027-04-05, 2027-06-09, 2027-09-15, 2027-10-01")

	_, err = cn.Parse(strings.NewReader(file))
	assert.ErrorIs(t, err, cn.ErrIncompleteNotice)
	path := filepath.Join(t.TempDir(), "2027.json")
	require.NoError(t, os.WriteFile(path, []byte(file), 0o600))
	_, err = cn.LoadFile(path)
	assert.ErrorIs(t, err, cn.ErrIncompleteNotice)
	assert.True(t, strings.HasPrefix(err.Error(), path+": cn: data: year 2027"), err.Error())

	// Asked for explicitly, it loads, and the days it leaves out are worked.
	c, err = cn.Load(strings.NewReader(file), cn.AllowIncomplete())
	require.NoError(t, err)
	assert.True(t, c.IsWorkday(d(2027, 10, 1)))
	assert.False(t, c.IsWorkday(d(2027, 1, 1)))
	s, err := cn.LoadFile(path, cn.AllowIncomplete())
	require.NoError(t, err)
	assert.Equal(t, []int{2027}, s.Years())
	_, err = cn.New(cn.Config{Data: []*cn.Schedule{s}})
	assert.ErrorIs(t, err, cn.ErrIncompleteNotice, "New checks Data too")
	_, err = cn.New(cn.Config{Data: []*cn.Schedule{s}, AllowIncomplete: true})
	assert.NoError(t, err)
}

// Every embedded notice gives every statutory day of the law in force in
// its year (the laws of 1999, 2008, 2014 and 2025 differ) off.
func TestEmbeddedNoticesComplete(t *testing.T) {
	off, err := cn.Official()
	require.NoError(t, err)
	require.Len(t, off.Notices, 20)
	for _, n := range off.Notices {
		one := &cn.Schedule{Notices: []cn.Notice{n}}
		assert.NoError(t, one.CheckStatutory(), "%d", n.Year)
		// Dropping the last block (National Day, or Mid-Autumn and
		// National Day) leaves statutory days as working days.
		n.Holidays = n.Holidays[:len(n.Holidays)-1]
		err := (&cn.Schedule{Notices: []cn.Notice{n}}).CheckStatutory()
		assert.ErrorIs(t, err, cn.ErrIncompleteNotice, "%d", n.Year)
	}
	// Qingming became statutory with the law of 2008.
	assert.False(t, hasName(cn.StatutoryHolidays(2007), "清明节"))
	assert.True(t, hasName(cn.StatutoryHolidays(2008), "清明节"))
}

func hasName(os []calendar.Override, name string) bool {
	for _, o := range os {
		if strings.Contains(o.Name, name) {
			return true
		}
	}
	return false
}

// lineCases are notice files over several lines with one mistake each;
// they also seed FuzzLoad.
var lineCases = []struct {
	name      string
	in        string
	is        error
	year      int
	field     string
	line, col int
}{
	{"unknown key", "{\"years\": {\n  \"2027\": {\n    \"holiday\": []\n  }\n}}", cn.ErrBadData, 2027, "holiday", 3, 5},
	{"unknown top key", "{\n  \"source\": \"x\",\n  \"yeras\": {}\n}", cn.ErrBadData, 0, "yeras", 3, 3},
	{"key given twice", "{\"years\": {\"2027\": {\n  \"notice\": \"a\",\n  \"notice\": \"b\"}}}", cn.ErrBadData, 2027, "notice", 3, 3},
	{"year given twice", "{\"years\": {\n  \"2027\": {},\n  \"2027\": {}}}", cn.ErrDuplicateDate, 2027, "", 3, 3},
	{"wrong type", "{\"years\": {\"2027\": {\n  \"holidays\": [\n    {\"name\": \"元旦\", \"days\": {\"2027-01-01\": 1}}]}}}", cn.ErrBadData, 2027, "holidays[0].days", 3, 28},
	{"bad date", "{\"years\": {\"2027\": {\n  \"holidays\": [\n    {\"name\": \"元旦\",\n     \"days\": [\"2027-01-01\", \"2027-02-30\"]}]}}}", calendar.ErrInvalidDate, 2027, "", 4, 29},
	{"make-up on a weekday", "{\"years\": {\"2027\": {\n  \"holidays\": [{\"name\": \"春节\", \"days\": [\"2027-02-06\"]}],\n  \"workdays\": [\n    {\"name\": \"春节\", \"date\": \"2027-02-10\"}]}}}", cn.ErrBadData, 2027, "", 4, 28},
	{"syntax", "years:\n  \"2027\":\n    notice: a\n  holidays: [\n", cn.ErrBadData, 0, "", 4, 0},
}

// Each refusal names its line and column.
func TestParseErrorLines(t *testing.T) {
	for _, tc := range lineCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cn.Parse(strings.NewReader(tc.in))
			assert.ErrorIs(t, err, tc.is)
			assert.ErrorIs(t, err, cn.ErrBadData)
			var de *cn.DataError
			require.True(t, errors.As(err, &de), "%v", err)
			assert.Equal(t, tc.year, de.Year, "%v", err)
			assert.Equal(t, tc.field, de.Field, "%v", err)
			assert.Equal(t, [2]int{tc.line, tc.col}, [2]int{de.Line, de.Column}, "%v", err)
		})
	}
}

// PeriodsDefault returns a copy: changing it changes no calendar.
func TestPeriodsDefaultIsACopy(t *testing.T) {
	p := cn.PeriodsDefault()
	p[0].Start = 0
	assert.Equal(t, calendar.MustParsePeriods("08:30-12:00,14:00-17:30"), cn.PeriodsDefault())
	c, err := cn.New(cn.Config{})
	require.NoError(t, err)
	assert.Equal(t, d(2025, 3, 3).Add(8*time.Hour+30*time.Minute), c.NextWorkingInstant(d(2025, 3, 3)))
}
