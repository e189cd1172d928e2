package cn

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/internal/conf"
)

//go:embed data/cn-holidays.json
var officialJSON []byte

// Errors that callers can branch on with errors.Is.
var (
	// ErrBadData is wrapped by every error about holiday data.
	ErrBadData = errors.New("bad holiday data")
	// ErrIncompleteNotice reports a notice that leaves a statutory day as
	// a working day; see [IncompleteError].
	ErrIncompleteNotice = errors.New("notice leaves statutory days as working days")
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
	// Field is the path of a key or value the file format refuses, inside
	// the notice (or the file when Year is 0), e.g. "holidays[0].day".
	Field string
	// Line and Column place the mistake in the file (1-based; 0 for a
	// schedule built in Go, or when the parser gives no position).
	Line, Column int
	Err          error
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
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	b.WriteString(": " + e.Err.Error())
	b.WriteString(conf.Position{Line: e.Line, Column: e.Column}.Suffix())
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

// The file's form, as described in data/README.md. Years are decoded one
// by one, so that errors name the year and a year given twice is reported
// as a duplicate date.
type (
	fileJSON struct {
		Source       string `yaml:"source"`
		CompiledFrom struct {
			Dataset string `yaml:"dataset"`
			Commit  string `yaml:"commit"`
		} `yaml:"compiled_from"`
		Years yaml.Node `yaml:"years"`
	}
	noticeJSON struct {
		Notice        string `yaml:"notice"`
		Supplementary []struct {
			Notice string `yaml:"notice"`
			Title  string `yaml:"title"`
			Effect string `yaml:"effect"`
		} `yaml:"supplementary_notices"`
		SourceURLs []string      `yaml:"source_urls"`
		Holidays   []blockJSON   `yaml:"holidays"`
		Workdays   []workdayJSON `yaml:"workdays"`
	}
	blockJSON struct {
		Name         string   `yaml:"name"`
		NameEN       string   `yaml:"name_en"`
		NameInNotice string   `yaml:"name_in_notice"`
		Days         []string `yaml:"days"`
	}
	workdayJSON struct {
		Name string `yaml:"name"`
		Date string `yaml:"date"`
	}
)

// Option changes how [Parse], [LoadFile] and [Load] read notices.
type Option func(*options)

type options struct{ allowIncomplete bool }

// AllowIncomplete accepts a notice that leaves a statutory day of the law
// in force as a working day (see [Schedule.CheckStatutory]), for a caller
// who means it, such as one testing a draft.
func AllowIncomplete() Option { return func(o *options) { o.allowIncomplete = true } }

func readOptions(opts []Option) options {
	var o options
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	return o
}

// Parse reads holiday notices in the format of the embedded file
// (data/README.md): {"years": {"2027": {"holidays": [...], "workdays": [...]}}}.
// The file is JSON; YAML of the same shape reads too. Unknown keys and keys
// given twice are refused, so a misspelt key cannot silently drop days. The
// result is checked with [Schedule.Validate] and, unless [AllowIncomplete]
// is given, [Schedule.CheckStatutory]: a notice that leaves a statutory day
// as a working day (a file that lists only New Year, say) is refused with
// an *IncompleteError. Other errors are *DataError values wrapping
// [ErrBadData], with the line and column of the mistake.
func Parse(r io.Reader, opts ...Option) (*Schedule, error) {
	o := readOptions(opts)
	s, nodes, err := parseFile(r)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, place(err, nodes)
	}
	if !o.allowIncomplete {
		if err := s.CheckStatutory(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// LoadFile reads the notices in the file at path; see Parse. Errors start
// with the path.
func LoadFile(path string, opts ...Option) (*Schedule, error) {
	return conf.LoadFile(path, func(r io.Reader) (*Schedule, error) { return Parse(r, opts...) })
}

// dataError turns a decoding error into a *DataError of year (0 for the
// file).
func dataError(year int, err error) *DataError {
	path, at, cause := conf.Split(err)
	return &DataError{Year: year, Index: -1, Field: path, Line: at.Line, Column: at.Column, Err: cause}
}

// parseFile decodes r into a schedule, not yet validated, and the node of
// each notice year, for placing later errors.
func parseFile(r io.Reader) (*Schedule, map[int]*yaml.Node, error) {
	var f fileJSON
	if err := conf.Decode(r, &f); err != nil {
		return nil, nil, dataError(0, err)
	}
	years := conf.Resolve(&f.Years)
	switch {
	case years.Kind == 0 || years.ShortTag() == "!!null":
		return nil, nil, &DataError{Index: -1, Err: errors.New(`no "years" object`)}
	case years.Kind != yaml.MappingNode:
		return nil, nil, dataError(0, conf.At(years, "", errors.New(`"years" is not an object`)))
	}
	s := &Schedule{}
	nodes := map[int]*yaml.Node{}
	for i := 0; i+1 < len(years.Content); i += 2 {
		k, v := conf.Resolve(years.Content[i]), years.Content[i+1]
		year, err := parseYear(k.Value) // "" for a key that is not a scalar
		if err != nil {
			return nil, nil, &DataError{Block: fmt.Sprintf("years[%q]", k.Value), Index: -1, Line: k.Line, Column: k.Column, Err: err}
		}
		if nodes[year] != nil {
			return nil, nil, &DataError{Year: year, Index: -1, Line: k.Line, Column: k.Column, Err: fmt.Errorf("year given twice: %w", ErrDuplicateDate)}
		}
		nodes[year] = v
		var nj noticeJSON
		if err := conf.DecodeNode(v, &nj); err != nil {
			return nil, nil, dataError(year, err)
		}
		n, err := nj.notice(year)
		if err != nil {
			return nil, nil, place(err, nodes)
		}
		s.Notices = append(s.Notices, n)
	}
	if len(s.Notices) == 0 {
		return nil, nil, dataError(0, conf.At(years, "", errors.New(`"years" is empty`)))
	}
	slices.SortFunc(s.Notices, func(a, b Notice) int { return a.Year - b.Year })
	return s, nodes, nil
}

// place sets the line and column of a *DataError about an entry of a
// notice read from nodes.
func place(err error, nodes map[int]*yaml.Node) error {
	de, ok := errors.AsType[*DataError](err)
	if !ok || nodes[de.Year] == nil || de.Line > 0 {
		return err
	}
	path := ""
	var i int
	switch {
	case de.Block == "workdays" && de.Index >= 0:
		path = fmt.Sprintf("workdays[%d].date", de.Index)
	case de.Block == "workdays":
		path = "workdays"
	case strings.HasPrefix(de.Block, "holidays["):
		if _, err := fmt.Sscanf(de.Block, "holidays[%d]", &i); err == nil {
			path = fmt.Sprintf("holidays[%d]", i)
			if de.Index >= 0 {
				path += fmt.Sprintf(".days[%d]", de.Index)
			}
		}
	}
	n := conf.Lookup(nodes[de.Year], path)
	de.Line, de.Column = n.Line, n.Column
	return err
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

// IncompleteError reports a notice that leaves statutory days of the law
// in force (see [StatutoryHolidays]) as working days: Monday to Friday
// and not among its holidays, or made make-up workdays. A notice that
// lists only New Year, for example, would make National Day a working
// day. It wraps [ErrIncompleteNotice] and [ErrBadData].
type IncompleteError struct {
	Year  int             // notice year
	Dates []calendar.Date // the statutory days left as working days, in order
}

// Error lists the year and the dates, e.g. "cn: data: year 2027:
// statutory days left as working days: 2027-10-01, 2027-10-02".
func (e *IncompleteError) Error() string {
	days := make([]string, len(e.Dates))
	for i, d := range e.Dates {
		days[i] = d.String()
	}
	return fmt.Sprintf("cn: data: year %d: statutory days left as working days: %s", e.Year, strings.Join(days, ", "))
}

// Unwrap returns ErrIncompleteNotice and ErrBadData.
func (e *IncompleteError) Unwrap() []error { return []error{ErrIncompleteNotice, ErrBadData} }

// CheckStatutory checks that no notice of s leaves a statutory day of its
// year, by the law in force on that day, as a working day. It returns an
// *IncompleteError for the first notice that does, or nil. Parse, LoadFile,
// Load and New check it unless told not to.
func (s *Schedule) CheckStatutory() error {
	for _, n := range s.Notices {
		off := map[calendar.Date]bool{}
		for _, b := range n.Holidays {
			for _, d := range b.Days {
				off[d] = true
			}
		}
		for _, w := range n.Workdays {
			off[w.Date] = false
		}
		var missing []calendar.Date
		for _, o := range statutoryOf(n.Year) {
			dayOff, listed := off[o.Date]
			weekend := o.Date.Weekday() == time.Saturday || o.Date.Weekday() == time.Sunday
			if !dayOff && (listed || !weekend) {
				missing = append(missing, o.Date)
			}
		}
		if len(missing) > 0 {
			return &IncompleteError{Year: n.Year, Dates: missing}
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
