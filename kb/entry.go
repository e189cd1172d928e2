package kb

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/internal/conf"
)

// Errors callers branch on with errors.Is.
var (
	// ErrInvalidEntry is wrapped by every *EntryError: an entry that
	// fails Validate, or a knowledge-base file that cannot be read.
	ErrInvalidEntry = errors.New("invalid entry")
	// ErrEmpty reports a required field (id, title, answer) that is
	// empty or only spaces. It comes inside an *EntryError.
	ErrEmpty = errors.New("empty")
	// ErrMalformed reports a field that is not well formed: invalid
	// UTF-8, control characters, too long, a code or region path of the
	// wrong shape, a value given twice in a list, a negative version. It
	// comes inside an *EntryError.
	ErrMalformed = errors.New("malformed")
	// ErrDateRange reports a validity date that does not exist, or a
	// ValidUntil before ValidFrom. It comes inside an *EntryError.
	ErrDateRange = errors.New("bad validity dates")
	// ErrUnknownField reports a key a knowledge-base file does not
	// define. It is the same error as sla.ErrUnknownField.
	ErrUnknownField = conf.ErrUnknownField
	// ErrNotFound reports an entry id the base does not hold, or a
	// version it never had.
	ErrNotFound = errors.New("no such entry")
	// ErrExists reports an Add of an id the base holds already.
	ErrExists = errors.New("entry exists")
	// ErrConflict reports an Edit based on a version that is no longer
	// the latest.
	ErrConflict = errors.New("version conflict")
)

// Limits on an entry's text, in characters (runes).
const (
	MaxIDLen     = 200
	MaxTitleLen  = 500
	MaxAnswerLen = 20000
)

// EntryError names the entry and the field that is wrong. Field uses the
// file's names ("title", "regions[1]", "valid_until"); Line and Column
// place the mistake in a knowledge-base file (1-based; 0 for an entry
// built in Go, or a file error with no position). It wraps
// [ErrInvalidEntry] and the cause: [ErrEmpty], [ErrMalformed],
// [ErrDateRange], [hotline.ErrUnknownName] for a category, or an error of
// the file's syntax such as [ErrUnknownField].
type EntryError struct {
	ID     string // the entry's id; "" when it has none or the file has a problem
	Field  string
	Line   int
	Column int
	Err    error
}

// Error returns `kb: entry "QX-001": title: empty (line 5, column 12)`, leaving out
// the parts that are unknown.
func (e *EntryError) Error() string {
	msg := "kb: entries"
	if e.ID != "" {
		msg = "kb: entry " + strconv.Quote(e.ID)
	}
	if e.Field != "" {
		msg += ": " + e.Field
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg + conf.Position{Line: e.Line, Column: e.Column}.Suffix()
}

// Unwrap returns the cause and ErrInvalidEntry.
func (e *EntryError) Unwrap() []error { return []error{e.Err, ErrInvalidEntry} }

// Entry is one answer of the knowledge base (知识库条目): what the hotline
// tells a caller who asks about its title. The zero value has no id and is
// refused by Validate. A Base hands out copies, so changing an Entry it
// returned changes nothing stored.
type Entry struct {
	// ID names the entry across its versions, such as "QX-GS-001":
	// without surrounding spaces or control characters.
	ID string
	// Version counts the entry's edits: 1 for the entry as added, one
	// more for each Edit. A Base sets it; an order that records (ID,
	// Version) can show the answer it was given with Base.Version.
	Version int
	// Title is the question the entry answers (标题), weighted above the
	// answer in Search.
	Title string
	// Answer is the text the hotline gives (答复口径); line breaks allowed.
	Answer string
	// Keywords are further words callers use for the matter (关键词,
	// such as "没水" for an entry on water outages); they are searched
	// with the weight of the title. Optional.
	Keywords []string
	// Category is the kind of request the entry answers; empty means
	// any kind.
	Category hotline.Category
	// Codes are classification codes (分类编码) such as "02.03.01":
	// letters and digits in segments separated by single dots. Optional.
	Codes []string
	// Regions are the region paths the entry applies to ("清溪镇/三中村"),
	// each covering the places below it. Empty means everywhere.
	Regions []string
	// ValidFrom and ValidUntil are the first and the last day the entry
	// applies, both included; the zero Date leaves that end open.
	ValidFrom, ValidUntil calendar.Date
}

// Validate reports the first problem with e as an *EntryError naming the
// field; see [EntryError] for the causes it wraps.
func (e *Entry) Validate() error {
	bad := func(field string, err error) error { return &EntryError{ID: e.ID, Field: field, Err: err} }
	if err := checkText(e.ID, MaxIDLen, false); err != nil {
		return bad("id", err)
	}
	if strings.TrimSpace(e.ID) != e.ID {
		return bad("id", fmt.Errorf("%w: surrounding spaces", ErrMalformed))
	}
	if e.Version < 0 {
		return bad("version", fmt.Errorf("%w: %d is negative", ErrMalformed, e.Version))
	}
	if err := checkText(e.Title, MaxTitleLen, false); err != nil {
		return bad("title", err)
	}
	if err := checkText(e.Answer, MaxAnswerLen, true); err != nil {
		return bad("answer", err)
	}
	if e.Category != "" {
		if err := e.Category.Validate(); err != nil {
			return bad("category", err)
		}
	}
	lists := []struct {
		field string
		items []string
		check func(string) error
	}{
		{"keywords", e.Keywords, func(s string) error { return checkText(s, MaxTitleLen, false) }},
		{"codes", e.Codes, checkCode},
		{"regions", e.Regions, checkRegion},
	}
	for _, l := range lists {
		for i, s := range l.items {
			field := l.field + "[" + strconv.Itoa(i) + "]"
			if err := l.check(s); err != nil {
				return bad(field, err)
			}
			if slices.Contains(l.items[:i], s) {
				return bad(field, fmt.Errorf("%w: %q given twice", ErrMalformed, s))
			}
		}
	}
	for _, d := range []struct {
		field string
		date  calendar.Date
	}{{"valid_from", e.ValidFrom}, {"valid_until", e.ValidUntil}} {
		if d.date != (calendar.Date{}) && !d.date.Valid() {
			return bad(d.field, fmt.Errorf("%w: %v is not a day", ErrDateRange, d.date))
		}
	}
	if e.ValidFrom != (calendar.Date{}) && e.ValidUntil != (calendar.Date{}) && e.ValidUntil.Before(e.ValidFrom) {
		return bad("valid_until", fmt.Errorf("%w: %v is before valid_from %v", ErrDateRange, e.ValidUntil, e.ValidFrom))
	}
	return nil
}

// ValidAt reports whether e applies at t: t's date, in t's location, is
// within ValidFrom and ValidUntil.
func (e *Entry) ValidAt(t time.Time) bool {
	d := calendar.DateOf(t, nil)
	return (e.ValidFrom == (calendar.Date{}) || !d.Before(e.ValidFrom)) &&
		(e.ValidUntil == (calendar.Date{}) || !d.After(e.ValidUntil))
}

// Serves reports whether e applies to region: e has no regions, or one of
// them is region or a path prefix of it by whole segments ("清溪镇" serves
// "清溪镇/三中村", not "清溪镇外"). The empty region is served only by an
// entry without regions.
func (e *Entry) Serves(region string) bool {
	if len(e.Regions) == 0 {
		return true
	}
	for _, r := range e.Regions {
		if hotline.RegionCovers(r, region) {
			return true
		}
	}
	return false
}

// HasCode reports whether one of e's codes is code or lies under it by
// whole segments ("02.03" has "02.03.01").
func (e *Entry) HasCode(code string) bool {
	for _, c := range e.Codes {
		if underCode(c, code) {
			return true
		}
	}
	return false
}

// underCode reports whether code is prefix or lies under it, comparing
// whole segments separated by ".".
func underCode(code, prefix string) bool {
	return code == prefix || len(code) > len(prefix) && code[len(prefix)] == '.' && code[:len(prefix)] == prefix
}

// clone returns e with its own slices.
func (e Entry) clone() Entry {
	e.Keywords = slices.Clone(e.Keywords)
	e.Codes = slices.Clone(e.Codes)
	e.Regions = slices.Clone(e.Regions)
	return e
}

// checkText returns why s is not acceptable text of at most max runes, or
// nil; multiline allows line breaks and tabs.
func checkText(s string, max int, multiline bool) error {
	switch {
	case strings.TrimSpace(s) == "":
		return ErrEmpty
	case !utf8.ValidString(s):
		return fmt.Errorf("%w: not valid UTF-8", ErrMalformed)
	case utf8.RuneCountInString(s) > max:
		return fmt.Errorf("%w: longer than %d characters", ErrMalformed, max)
	case strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t'))
	}):
		return fmt.Errorf("%w: contains control characters", ErrMalformed)
	}
	return nil
}

// checkCode returns why c is not a classification code, or nil.
func checkCode(c string) error {
	for seg := range strings.SplitSeq(c, ".") {
		if seg == "" || strings.ContainsFunc(seg, func(r rune) bool {
			return !('0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
		}) {
			return fmt.Errorf("%w: code %q: want letters and digits in segments separated by single dots, such as \"02.03.01\"", ErrMalformed, c)
		}
	}
	return nil
}

// checkRegion returns why r is not a region path, or nil.
func checkRegion(r string) error {
	if strings.TrimSpace(r) == "" {
		return ErrEmpty
	}
	if err := hotline.ValidateRegion(r); err != nil {
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return nil
}
