package kb

import (
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/internal/conf"
)

// Parse reads a knowledge-base file in YAML; JSON reads as YAML too. The
// file is a mapping with one key, "entries", a list of entries with the
// keys id, version, title, answer, keywords, category, codes, regions,
// valid_from and valid_until (dates as "2025-07-01"); testdata/qingxi.yaml
// shows them all. A category is its English key or Chinese name ("咨询").
// An id given again is the entry's next version, so a file can hold an
// entry's history; a version, when given, must be the one that comes
// next: 1 for an entry's first (ErrMalformed otherwise, as Base.Add
// says), then one more than the last (ErrConflict otherwise). Unknown keys and keys given twice are
// refused. Every error is an *EntryError naming the entry, the field and,
// for a mistake in the file, its line and column; an error reading r is
// wrapped.
func Parse(r io.Reader) (*Base, error) {
	root, err := conf.Parse(r)
	if err != nil {
		return nil, entryError("", "", err)
	}
	var top struct {
		Entries []yaml.Node `yaml:"entries"`
	}
	if err := conf.DecodeNode(root, &top); err != nil {
		return nil, entryError("", "", err)
	}
	if top.Entries == nil && conf.Lookup(root, "entries").Kind != yaml.SequenceNode {
		return nil, entryError("", "", conf.At(root, "entries", fmt.Errorf("%w: want a list, got nothing", ErrEmpty)))
	}
	b := New()
	for i := range top.Entries {
		n := &top.Entries[i]
		id, err := b.load(n)
		if err != nil {
			at := ""
			if id == "" {
				at = fmt.Sprintf("entries[%d]", i)
			}
			return nil, entryError(id, at, err)
		}
	}
	return b, nil
}

// LoadFile reads the knowledge-base file at path; see Parse. Errors start
// with the path.
func LoadFile(path string) (*Base, error) { return conf.LoadFile(path, Parse) }

// fileEntry is an entry's shape in a file.
type fileEntry struct {
	ID         string           `yaml:"id"`
	Version    int              `yaml:"version,omitempty"`
	Title      string           `yaml:"title"`
	Answer     string           `yaml:"answer"`
	Keywords   []string         `yaml:"keywords,omitempty,flow"`
	Category   hotline.Category `yaml:"category,omitempty"` // any name ParseCategory takes; written as its key
	Codes      []string         `yaml:"codes,omitempty,flow"`
	Regions    []string         `yaml:"regions,omitempty,flow"`
	ValidFrom  string           `yaml:"valid_from,omitempty"`
	ValidUntil string           `yaml:"valid_until,omitempty"`
}

// WriteYAML writes every version of every entry, in the order they were
// added, as a knowledge-base file that Parse reads back to an equal base.
func (b *Base) WriteYAML(w io.Writer) error {
	var f struct {
		Entries []fileEntry `yaml:"entries"`
	}
	b.mu.RLock()
	for i := range b.docs {
		for _, e := range b.docs[i].versions {
			fe := fileEntry{ID: e.ID, Version: e.Version, Title: e.Title, Answer: e.Answer, Keywords: e.Keywords,
				Category: e.Category, Codes: e.Codes, Regions: e.Regions}
			if e.ValidFrom != (calendar.Date{}) {
				fe.ValidFrom = e.ValidFrom.String()
			}
			if e.ValidUntil != (calendar.Date{}) {
				fe.ValidUntil = e.ValidUntil.String()
			}
			f.Entries = append(f.Entries, fe)
		}
	}
	b.mu.RUnlock()
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("kb: write entries: %w", err)
	}
	return enc.Close()
}

// load decodes the entry at n and adds it to b, or makes it the next
// version of the entry with its id. It returns the entry's id, read even
// when it fails, so that the error can name it.
func (b *Base) load(n *yaml.Node) (string, error) {
	id := ""
	if v := conf.Field(n, "id"); v != nil && v.Kind == yaml.ScalarNode {
		id = v.Value
	}
	var fe fileEntry
	if err := conf.DecodeNode(n, &fe); err != nil {
		return id, err
	}
	e := Entry{ID: fe.ID, Title: fe.Title, Answer: fe.Answer, Keywords: fe.Keywords, Category: fe.Category, Codes: fe.Codes, Regions: fe.Regions}
	for _, d := range []struct {
		field, text string
		to          *calendar.Date
	}{{"valid_from", fe.ValidFrom, &e.ValidFrom}, {"valid_until", fe.ValidUntil, &e.ValidUntil}} {
		if d.text == "" {
			continue
		}
		date, err := calendar.ParseDate(d.text)
		if err != nil {
			why := ErrMalformed // not written as a date
			if dateShaped(d.text) {
				why = ErrDateRange // written as a date, but no such day
			}
			return id, conf.At(n, d.field, fmt.Errorf("%w: want a date such as \"2025-07-01\", got %q", why, d.text))
		}
		*d.to = date
	}
	var err error
	if prev, ok := b.Get(e.ID); ok {
		if fe.Version != 0 && fe.Version != prev.Version+1 {
			return id, conf.At(n, "version", fmt.Errorf("%w: version %d follows version %d", ErrConflict, fe.Version, prev.Version))
		}
		_, err = b.Edit(e)
	} else {
		e.Version = fe.Version
		_, err = b.Add(e)
	}
	if ee, ok := errors.AsType[*EntryError](err); ok {
		return id, conf.At(n, ee.Field, ee.Err)
	}
	return id, err
}

// entryError turns an error met reading entry id, at path prefix, into an
// *EntryError with the field's place in the file.
func entryError(id, prefix string, err error) *EntryError {
	path, at, cause := conf.Split(err)
	return &EntryError{ID: id, Field: conf.JoinPath(prefix, path), Line: at.Line, Column: at.Column, Err: cause}
}

// dateShaped reports whether s is written as YYYY-MM-DD in digits.
func dateShaped(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := range len(s) {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}
