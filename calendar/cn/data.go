package cn

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hotline12345/hotline/calendar"
)

//go:embed data/cn-holidays.json
var officialJSON []byte

// Errors that callers can branch on with errors.Is.
var (
	// ErrBadData is wrapped by every error about holiday data.
	ErrBadData = errors.New("bad holiday data")
	// ErrDuplicateDate reports a date given twice: in two blocks, as a day
	// off and a make-up workday, or in two notice years; also a notice year
	// given twice. It is [calendar.ErrDuplicateDate], which two overrides of
	// one date give.
	ErrDuplicateDate = calendar.ErrDuplicateDate
)

// DataError names the entry of holiday data that was rejected. It wraps
// [ErrBadData] and the cause. Fields that do not apply are zero (Index is
// -1).
type DataError struct {
	Year  int    // notice year
	Block string // e.g. `holidays[1] "春节"` or `workdays`
	Index int    // position in the block's days or in workdays; -1 for none
	Date  string // the date as written
	Err   error
}

// Error names the entry, then the cause.
func (e *DataError) Error() string {
	var b strings.Builder
	b.WriteString("cn: data")
	if e.Year != 0 {
		fmt.Fprintf(&b, ": year %d", e.Year)
	}
	if e.Block != "" {
		b.WriteString(": " + e.Block)
	}
	if e.Index >= 0 {
		if strings.HasPrefix(e.Block, "holidays") {
			fmt.Fprintf(&b, " days[%d]", e.Index)
		} else {
			fmt.Fprintf(&b, "[%d]", e.Index)
		}
	}
	if e.Date != "" {
		fmt.Fprintf(&b, " %q", e.Date)
	}
	b.WriteString(": " + e.Err.Error())
	return b.String()
}

// Unwrap returns the cause and ErrBadData.
func (e *DataError) Unwrap() []error { return []error{e.Err, ErrBadData} }

// Schedule is a set of State Council notices, one per notice year. Build
// one with [Parse] or [Official], or by hand and check it with
// [Schedule.Validate]. The zero Schedule holds no notices. A Schedule is a
// plain value: safe for concurrent reads, not for concurrent changes.
type Schedule struct {
	// Notices in ascending Year order, one per year.
	Notices []Notice
}

// Notice is one year's holiday arrangements (国务院办公厅关于YYYY年部分节假日安排的通知).
type Notice struct {
	// Year is the notice year: the year whose festivals it arranges. Its
	// dates may start in late December of the year before.
	Year int
	// Document is the notice's number, e.g. 国办发明电〔2024〕12号; may be empty.
	Document string
	// Supplementary are the numbers of later notices that changed this one.
	Supplementary []string
	// Holidays are the festival blocks in date order.
	Holidays []Block
	// Workdays are the make-up working days (调休上班), Saturdays or Sundays.
	Workdays []MakeupDay
}

// Block is one festival's days off, in ascending order, weekend days inside
// the stated range included.
type Block struct {
	Name   string // e.g. 春节 or 国庆节、中秋节
	NameEN string // e.g. Spring Festival; may be empty
	Days   []calendar.Date
}

// MakeupDay is a Saturday or Sunday worked in exchange for a day off of the
// festival Name (a block of the same notice).
type MakeupDay struct {
	Name string
	Date calendar.Date
}

// The JSON form, as described in data/README.md.
type fileJSON struct {
	Source       string `json:"source"`
	CompiledFrom struct {
		Dataset string `json:"dataset"`
		Commit  string `json:"commit"`
	} `json:"compiled_from"`
	Years json.RawMessage `json:"years"`
}

type noticeJSON struct {
	Notice        string `json:"notice"`
	Supplementary []struct {
		Notice string `json:"notice"`
		Title  string `json:"title"`
		Effect string `json:"effect"`
	} `json:"supplementary_notices"`
	SourceURLs []string      `json:"source_urls"`
	Holidays   []blockJSON   `json:"holidays"`
	Workdays   []workdayJSON `json:"workdays"`
}

type blockJSON struct {
	Name         string   `json:"name"`
	NameEN       string   `json:"name_en"`
	NameInNotice string   `json:"name_in_notice"`
	Days         []string `json:"days"`
}

type workdayJSON struct {
	Name string `json:"name"`
	Date string `json:"date"`
}

// Parse reads holiday data in the JSON format of the embedded file
// (data/README.md): {"years": {"2027": {"holidays": [...], "workdays": [...]}}}.
// Unknown fields are rejected, so a misspelt key cannot silently drop days.
// The result is checked with [Schedule.Validate]. Errors are *DataError
// values wrapping [ErrBadData].
func Parse(r io.Reader) (*Schedule, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f fileJSON
	if err := dec.Decode(&f); err != nil {
		return nil, &DataError{Index: -1, Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &DataError{Index: -1, Err: errors.New("data after the JSON object")}
	}
	s, err := parseYears(f.Years)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// parseYears reads the "years" object key by key, so that a year given
// twice is an error rather than silently the last one.
func parseYears(raw json.RawMessage) (*Schedule, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, &DataError{Index: -1, Err: errors.New(`no "years" object`)}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, &DataError{Index: -1, Err: errors.New(`"years" is not an object`)}
	}
	s := &Schedule{}
	seen := map[int]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, &DataError{Index: -1, Err: err}
		}
		key, _ := tok.(string)
		year, err := parseYear(key)
		if err != nil {
			return nil, &DataError{Block: fmt.Sprintf("years[%q]", key), Index: -1, Err: err}
		}
		if seen[year] {
			return nil, &DataError{Year: year, Index: -1, Err: fmt.Errorf("year given twice: %w", ErrDuplicateDate)}
		}
		seen[year] = true
		var nj noticeJSON
		if err := dec.Decode(&nj); err != nil {
			return nil, &DataError{Year: year, Index: -1, Err: err}
		}
		n, err := nj.notice(year)
		if err != nil {
			return nil, err
		}
		s.Notices = append(s.Notices, n)
	}
	if len(s.Notices) == 0 {
		return nil, &DataError{Index: -1, Err: errors.New(`"years" is empty`)}
	}
	slices.SortFunc(s.Notices, func(a, b Notice) int { return a.Year - b.Year })
	return s, nil
}

func parseYear(s string) (int, error) {
	if len(s) != 4 || strings.Trim(s, "0123456789") != "" {
		return 0, errors.New("want a four-digit year")
	}
	y, _ := strconv.Atoi(s)
	if y < calendar.MinYear {
		return 0, errors.New("want a four-digit year")
	}
	return y, nil
}

func (nj *noticeJSON) notice(year int) (Notice, error) {
	n := Notice{Year: year, Document: nj.Notice}
	for _, s := range nj.Supplementary {
		n.Supplementary = append(n.Supplementary, s.Notice)
	}
	for i, bj := range nj.Holidays {
		b := Block{Name: bj.Name, NameEN: bj.NameEN}
		for j, s := range bj.Days {
			d, err := calendar.ParseDate(s)
			if err != nil {
				return Notice{}, &DataError{Year: year, Block: blockLabel(i, bj.Name), Index: j, Date: s, Err: calendar.ErrInvalidDate}
			}
			b.Days = append(b.Days, d)
		}
		n.Holidays = append(n.Holidays, b)
	}
	for i, wj := range nj.Workdays {
		d, err := calendar.ParseDate(wj.Date)
		if err != nil {
			return Notice{}, &DataError{Year: year, Block: "workdays", Index: i, Date: wj.Date, Err: calendar.ErrInvalidDate}
		}
		n.Workdays = append(n.Workdays, MakeupDay{Name: wj.Name, Date: d})
	}
	return n, nil
}

func blockLabel(i int, name string) string { return fmt.Sprintf("holidays[%d] %q", i, name) }

// Validate checks s: notice years in ascending order and unique; every
// notice with at least one block (an empty notice would mark its year as
// known with no holidays); every block named and not empty, its days valid dates in ascending order; every
// make-up day a Saturday or Sunday named after a block of its notice; every
// date in the notice year or the year before; no date in two places.
// Errors are *DataError values wrapping [ErrBadData].
func (s *Schedule) Validate() error {
	where := map[calendar.Date]string{}
	place := func(n Notice, d calendar.Date, label string, idx int) error {
		at := fmt.Sprintf("year %d %s[%d]", n.Year, label, idx)
		if prev, dup := where[d]; dup {
			return &DataError{Year: n.Year, Block: label, Index: idx, Date: d.String(), Err: fmt.Errorf("also at %s: %w", prev, ErrDuplicateDate)}
		}
		where[d] = at
		return nil
	}
	inYear := func(n Notice, d calendar.Date) error {
		if !d.Valid() {
			return calendar.ErrInvalidDate
		}
		if d.Year != n.Year && d.Year != n.Year-1 {
			return fmt.Errorf("not in %d or late %d", n.Year, n.Year-1)
		}
		return nil
	}
	for k, n := range s.Notices {
		if n.Year < calendar.MinYear || n.Year > calendar.MaxYear {
			return &DataError{Year: n.Year, Index: -1, Err: fmt.Errorf("year outside %d-%d", calendar.MinYear, calendar.MaxYear)}
		}
		if k > 0 && n.Year == s.Notices[k-1].Year {
			return &DataError{Year: n.Year, Index: -1, Err: fmt.Errorf("year given twice: %w", ErrDuplicateDate)}
		}
		if k > 0 && n.Year < s.Notices[k-1].Year {
			return &DataError{Year: n.Year, Index: -1, Err: errors.New("notices out of order")}
		}
		if len(n.Holidays) == 0 {
			return &DataError{Year: n.Year, Index: -1, Err: errors.New("notice has no holidays")}
		}
		names := map[string]bool{}
		for i, b := range n.Holidays {
			label := blockLabel(i, b.Name)
			if strings.TrimSpace(b.Name) == "" {
				return &DataError{Year: n.Year, Block: label, Index: -1, Err: errors.New("block has no name")}
			}
			if len(b.Days) == 0 {
				return &DataError{Year: n.Year, Block: label, Index: -1, Err: errors.New("block has no days")}
			}
			names[b.Name] = true
			for j, d := range b.Days {
				if err := inYear(n, d); err != nil {
					return &DataError{Year: n.Year, Block: label, Index: j, Date: d.String(), Err: err}
				}
				if j > 0 && !b.Days[j-1].Before(d) {
					return &DataError{Year: n.Year, Block: label, Index: j, Date: d.String(), Err: errors.New("days not in ascending order")}
				}
				if err := place(n, d, label, j); err != nil {
					return err
				}
			}
		}
		for i, w := range n.Workdays {
			fail := func(err error) error {
				return &DataError{Year: n.Year, Block: "workdays", Index: i, Date: w.Date.String(), Err: err}
			}
			if err := inYear(n, w.Date); err != nil {
				return fail(err)
			}
			if wd := w.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
				return fail(fmt.Errorf("make-up workday on a %v, want Saturday or Sunday", wd))
			}
			if !names[w.Name] {
				return fail(fmt.Errorf("name %q matches no holidays block of the notice", w.Name))
			}
			if i > 0 && !n.Workdays[i-1].Date.Before(w.Date) {
				return fail(errors.New("workdays not in ascending order"))
			}
			if err := place(n, w.Date, "workdays", i); err != nil {
				return err
			}
		}
	}
	return nil
}

// Years returns the notice years of s in ascending order.
func (s *Schedule) Years() []int {
	years := make([]int, len(s.Notices))
	for i, n := range s.Notices {
		years[i] = n.Year
	}
	return years
}

// Merge returns a new Schedule with the notices of s and over; a notice of
// over replaces the one of s for the same year. Neither argument changes;
// nil means no notices. The result is not validated.
func (s *Schedule) Merge(over *Schedule) *Schedule {
	out := &Schedule{}
	if s != nil {
		out.Notices = slices.Clone(s.Notices)
	}
	if over == nil {
		return out
	}
	for _, n := range over.Notices {
		i, found := slices.BinarySearchFunc(out.Notices, n.Year, func(a Notice, y int) int { return a.Year - y })
		if found {
			out.Notices[i] = n
		} else {
			out.Notices = slices.Insert(out.Notices, i, n)
		}
	}
	return out
}

// Official returns a copy of the embedded notices (2007 to 2026 in this
// release). The error is nil unless the embedded file is corrupt, which the
// package's tests rule out.
func Official() (*Schedule, error) {
	s, err := official()
	if err != nil {
		return nil, err
	}
	return s.clone(), nil
}

func (s *Schedule) clone() *Schedule {
	out := &Schedule{Notices: slices.Clone(s.Notices)}
	for i := range out.Notices {
		n := &out.Notices[i]
		n.Supplementary = slices.Clone(n.Supplementary)
		n.Workdays = slices.Clone(n.Workdays)
		n.Holidays = slices.Clone(n.Holidays)
		for j := range n.Holidays {
			n.Holidays[j].Days = slices.Clone(n.Holidays[j].Days)
		}
	}
	return out
}
