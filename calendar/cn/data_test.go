package cn_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
)

func TestParseEmbedded(t *testing.T) {
	f, err := os.Open("data/cn-holidays.json")
	require.NoError(t, err)
	defer f.Close()
	s, err := cn.Parse(f)
	require.NoError(t, err)
	years := s.Years()
	require.Len(t, years, 20)
	assert.Equal(t, 2007, years[0])
	assert.Equal(t, 2026, years[19])

	off, err := cn.Official()
	require.NoError(t, err)
	assert.Equal(t, s, off)
	// Official returns a copy.
	off.Notices[0].Holidays[0].Days[0] = calendar.D(2007, 3, 3)
	again, err := cn.Official()
	require.NoError(t, err)
	assert.Equal(t, calendar.D(2007, 1, 1), again.Notices[0].Holidays[0].Days[0])

	n2015 := s.Notices[2015-2007]
	assert.Equal(t, "国办发明电〔2014〕28号", n2015.Document)
	assert.Equal(t, []string{"国发明电〔2015〕1号"}, n2015.Supplementary)
}

func TestMerge(t *testing.T) {
	base := &cn.Schedule{Notices: []cn.Notice{{Year: 2025}, {Year: 2026}}}
	over := &cn.Schedule{Notices: []cn.Notice{{Year: 2024}, {Year: 2026, Document: "new"}, {Year: 2028}}}
	m := base.Merge(over)
	assert.Equal(t, []int{2024, 2025, 2026, 2028}, m.Years())
	assert.Equal(t, "new", m.Notices[2].Document)
	assert.Equal(t, []int{2025, 2026}, base.Years(), "base unchanged")
	assert.Empty(t, (*cn.Schedule)(nil).Merge(nil).Notices)
}

// wrap puts one notice year into a file.
func wrap(year, body string) string { return `{"years": {"` + year + `": ` + body + `}}` }

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		is    error
		year  int
		block string
		index int
		date  string
	}{
		{"not JSON", `{"years": `, nil, 0, "", -1, ""},
		{"trailing data", `{"years": {"2027": {}}} {}`, nil, 0, "", -1, ""},
		{"no years", `{}`, nil, 0, "", -1, ""},
		{"empty years", `{"years": {}}`, nil, 0, "", -1, ""},
		{"years not an object", `{"years": []}`, nil, 0, "", -1, ""},
		{"unknown top field", `{"yeas": {}}`, nil, 0, "", -1, ""},
		{"unknown notice field", wrap("2027", `{"workday": []}`), nil, 2027, "", -1, ""},
		{"unknown block field", wrap("2027", `{"holidays": [{"name": "元旦", "day": ["2027-01-01"]}]}`), nil, 2027, "", -1, ""},
		{"unknown compiled_from field", `{"compiled_from": {"dataset": "x", "comit": "y"}, "years": {"2027": {}}}`, nil, 0, "", -1, ""},
		{"compiled_from not an object", `{"compiled_from": "x", "years": {"2027": {}}}`, nil, 0, "", -1, ""},
		{"bad year key", wrap("27", `{}`), nil, 0, `years["27"]`, -1, ""},
		{"year key with sign", wrap("+202", `{}`), nil, 0, `years["+202"]`, -1, ""},
		{"year twice", `{"years": {"2027": {}, "2027": {}}}`, cn.ErrDuplicateDate, 2027, "", -1, ""},
		{"empty notice", wrap("2027", `{}`), nil, 2027, "", -1, ""},
		{"null notice", wrap("2027", `null`), nil, 2027, "", -1, ""},
		{"bad date", wrap("2027", `{"holidays": [{"name": "春节", "days": ["2027-02-05", "2027-02-30"]}]}`),
			calendar.ErrInvalidDate, 2027, `holidays[0] "春节"`, 1, "2027-02-30"},
		{"date not ISO", wrap("2027", `{"holidays": [{"name": "元旦", "days": ["2027/01/01"]}]}`),
			calendar.ErrInvalidDate, 2027, `holidays[0] "元旦"`, 0, "2027/01/01"},
		{"date in another year", wrap("2027", `{"holidays": [{"name": "元旦", "days": ["2028-01-01"]}]}`),
			nil, 2027, `holidays[0] "元旦"`, 0, "2028-01-01"},
		{"days unsorted", wrap("2027", `{"holidays": [{"name": "元旦", "days": ["2027-01-02", "2027-01-01"]}]}`),
			nil, 2027, `holidays[0] "元旦"`, 1, "2027-01-01"},
		{"block without name", wrap("2027", `{"holidays": [{"name": " ", "days": ["2027-01-01"]}]}`),
			nil, 2027, `holidays[0] " "`, -1, ""},
		{"block without days", wrap("2027", `{"holidays": [{"name": "元旦", "days": []}]}`),
			nil, 2027, `holidays[0] "元旦"`, -1, ""},
		{"date in two blocks", wrap("2027", `{"holidays": [{"name": "元旦", "days": ["2027-01-01"]}, {"name": "春节", "days": ["2027-01-01"]}]}`),
			cn.ErrDuplicateDate, 2027, `holidays[1] "春节"`, 0, "2027-01-01"},
		{"make-up on a weekday", wrap("2027", `{"holidays": [{"name": "春节", "days": ["2027-02-06"]}], "workdays": [{"name": "春节", "date": "2027-02-10"}]}`),
			nil, 2027, "workdays", 0, "2027-02-10"},
		{"make-up for no block", wrap("2027", `{"holidays": [{"name": "春节", "days": ["2027-02-06"]}], "workdays": [{"name": "元旦", "date": "2027-02-13"}]}`),
			nil, 2027, "workdays", 0, "2027-02-13"},
		{"make-up also off", wrap("2027", `{"holidays": [{"name": "春节", "days": ["2027-02-06"]}], "workdays": [{"name": "春节", "date": "2027-02-06"}]}`),
			cn.ErrDuplicateDate, 2027, "workdays", 0, "2027-02-06"},
		{"make-up bad date", wrap("2027", `{"workdays": [{"name": "春节", "date": "2027-13-01"}]}`),
			calendar.ErrInvalidDate, 2027, "workdays", 0, "2027-13-01"},
		{"make-ups unsorted", wrap("2027", `{"holidays": [{"name": "春节", "days": ["2027-02-08"]}], "workdays": [{"name": "春节", "date": "2027-02-20"}, {"name": "春节", "date": "2027-01-31"}]}`),
			nil, 2027, "workdays", 1, "2027-01-31"},
		{"two notices give a date", `{"years": {"2027": {"holidays": [{"name": "元旦", "days": ["2026-12-31"]}]}, "2026": {"holidays": [{"name": "国庆节", "days": ["2026-12-31"]}]}}}`,
			cn.ErrDuplicateDate, 2027, `holidays[0] "元旦"`, 0, "2026-12-31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := cn.Parse(strings.NewReader(tc.in))
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, cn.ErrBadData)
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
			var de *cn.DataError
			require.True(t, errors.As(err, &de))
			assert.Equal(t, tc.year, de.Year, "year")
			assert.Equal(t, tc.block, de.Block, "block")
			assert.Equal(t, tc.index, de.Index, "index")
			assert.Equal(t, tc.date, de.Date, "date")
			assert.True(t, strings.HasPrefix(err.Error(), "cn: data"), err.Error())

			_, err = cn.Load(strings.NewReader(tc.in))
			assert.ErrorIs(t, err, cn.ErrBadData)
		})
	}
}

func TestDataErrorMessage(t *testing.T) {
	_, err := cn.Parse(strings.NewReader(wrap("2027", `{"holidays": [{"name": "春节", "days": ["2027-02-05", "2027-02-30"]}]}`)))
	assert.EqualError(t, err, `cn: data: year 2027: holidays[0] "春节" days[1] "2027-02-30": invalid date (line 1, column 72)`)
	_, err = cn.Parse(strings.NewReader(wrap("2027", `{"holidays": [{"name": "春节", "days": ["2027-02-06"]}], "workdays": [{"name": "春节", "date": "2027-02-10"}]}`)))
	assert.EqualError(t, err, `cn: data: year 2027: workdays[0] "2027-02-10": make-up workday on a Wednesday, want Saturday or Sunday (line 1, column 111)`)
}

func TestValidateByHand(t *testing.T) {
	s := &cn.Schedule{Notices: []cn.Notice{{Year: 2027}, {Year: 2027}}}
	assert.ErrorIs(t, s.Validate(), cn.ErrBadData)
	newYear := func(y int) cn.Notice {
		return cn.Notice{Year: y, Holidays: []cn.Block{{Name: "元旦", Days: []calendar.Date{calendar.D(y, 1, 1)}}}}
	}
	s = &cn.Schedule{Notices: []cn.Notice{newYear(2027), newYear(2027)}}
	err := s.Validate()
	assert.ErrorIs(t, err, cn.ErrBadData)
	assert.ErrorIs(t, err, cn.ErrDuplicateDate)
	assert.EqualError(t, err, "cn: data: year 2027: year given twice: date given twice")
	s = &cn.Schedule{Notices: []cn.Notice{newYear(2028), newYear(2027)}}
	err = s.Validate()
	assert.ErrorIs(t, err, cn.ErrBadData)
	assert.NotErrorIs(t, err, cn.ErrDuplicateDate)
	assert.EqualError(t, err, "cn: data: year 2027: notices out of order")
	s = &cn.Schedule{Notices: []cn.Notice{{Year: 10000}}}
	assert.ErrorIs(t, s.Validate(), cn.ErrBadData)
	s = &cn.Schedule{Notices: []cn.Notice{{Year: 2027, Holidays: []cn.Block{{Name: "元旦", Days: []calendar.Date{{}}}}}}}
	assert.ErrorIs(t, s.Validate(), calendar.ErrInvalidDate)
	assert.NoError(t, (&cn.Schedule{}).Validate())
}

func FuzzLoad(f *testing.F) {
	f.Add(notice2027)
	f.Add(wrap("2027", `{"holidays": [{"name": "春节", "days": ["2027-02-05", "2027-02-30"]}]}`))
	f.Add(wrap("2026", `{"holidays": [{"name": "元旦", "days": ["2026-01-01"]}], "workdays": []}`))
	f.Add(wrap("0001", `{"holidays": [{"name": "元旦", "days": ["0001-01-01"]}]}`))
	f.Add(wrap("9999", `{"holidays": [{"name": "元旦", "days": ["9998-12-31", "9999-12-31"]}], "workdays": [{"name": "元旦", "date": "9999-12-25"}]}`))
	f.Add(`{"years": {"2027": {}, "2027": {}}}`)
	f.Add(`{"years": null}`)
	for _, c := range lineCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		strict, strictErr := cn.Load(strings.NewReader(in))
		c, err := cn.Load(strings.NewReader(in), cn.AllowIncomplete())
		if err != nil {
			if c != nil || strict != nil {
				t.Fatal("calendar with an error")
			}
			if !errors.Is(err, cn.ErrBadData) || errors.Is(err, cn.ErrIncompleteNotice) {
				t.Fatalf("error %v does not wrap ErrBadData, or is about completeness", err)
			}
			var de *cn.DataError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DataError", err)
			}
			return
		}
		// A loaded calendar answers for the years the file names.
		s, err := cn.Parse(strings.NewReader(in), cn.AllowIncomplete())
		if err != nil {
			t.Fatalf("Load accepted what Parse rejects: %v", err)
		}
		// Without the option, what loads is what leaves no statutory day
		// as a working day.
		if incomplete := s.CheckStatutory(); (strictErr == nil) != (incomplete == nil) {
			t.Fatalf("strict Load: %v; CheckStatutory: %v", strictErr, incomplete)
		}
		for _, n := range s.Notices {
			for _, b := range n.Holidays {
				for _, day := range b.Days {
					if info := c.DayOf(day); info.Kind != calendar.DayOff || info.Name != b.Name {
						t.Fatalf("%v: %+v, want day off %q", day, info, b.Name)
					}
				}
			}
			for _, w := range n.Workdays {
				if !c.DayOf(w.Date).Working() {
					t.Fatalf("%v: not working", w.Date)
				}
			}
		}
	})
}
