package unit

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline/internal/conf"
)

// ErrUnknownField reports a key the directory file does not have; the
// same sentinel as sla.ErrUnknownField and routing.ErrUnknownField. It
// comes in a *FileError, with ErrInvalid.
var ErrUnknownField = conf.ErrUnknownField

// ErrBadValue reports a value of the wrong kind, a key given twice or an
// empty file; the same sentinel as routing.ErrBadValue. It comes in a
// *FileError, with ErrInvalid.
var ErrBadValue = conf.ErrBadValue

// FileError is a mistake in a directory file. Unit is the id of the unit
// at fault ("" outside the units list, or for a unit without an id), Field
// the path of the key or value at fault, relative to the unit when Unit is
// set ("kind", "regions[1]") and to the file otherwise ("fallback",
// "units[2].name"; "" for the file as a whole), Line and Column its place
// in the file (1-based; 0 when unknown, as for some syntax errors), and
// Err the cause. A FileError matches ErrInvalid and its cause under
// errors.Is: a directory file's fallback that is not an active unit, for
// example, matches ErrUnknown or ErrInactive too.
type FileError struct {
	Unit         string
	Field        string
	Line, Column int
	Err          error
}

// Error returns `unit "id": field: cause (line L, column C)`, or `unit:
// field: cause (line L, column C)` when no unit is named, leaving out the
// parts that are empty or unknown.
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString("unit")
	if e.Unit != "" {
		b.WriteString(" " + strconv.Quote(e.Unit))
	}
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	b.WriteString(conf.Position{Line: e.Line, Column: e.Column}.Suffix())
	return b.String()
}

// Unwrap returns the cause and ErrInvalid.
func (e *FileError) Unwrap() []error { return []error{e.Err, ErrInvalid} }

// file is the YAML form of a directory. Units are decoded one by one, so
// that each mistake names its unit.
type file struct {
	Fallback string      `yaml:"fallback"`
	Units    []yaml.Node `yaml:"units"`
}

type fileUnit struct {
	ID       string   `yaml:"id"`
	Name     string   `yaml:"name"`
	Kind     string   `yaml:"kind"`
	Regions  []string `yaml:"regions"`
	Inactive bool     `yaml:"inactive"`
}

// Parse reads a directory from YAML (see the package documentation for the
// form; JSON is YAML too): a fallback and a list of units, each with an
// id, a name, a kind (English key or Chinese name), regions and,
// optionally, inactive (false when left out). Refused, each with a
// *FileError giving the line and column: text that is not YAML, an empty
// file, an unknown key (ErrUnknownField), a key given twice, a value of
// the wrong kind, a tag such as !!binary, a unit that fails Validate, an
// id given twice, a fallback that is not an active unit of the file, a
// file larger than 16 MiB and aliases that stand for more than ten times
// the file's own nodes. An error reading r is wrapped as it is.
func Parse(r io.Reader) (*Directory, error) {
	root, err := conf.Parse(r)
	if _, ok := errors.AsType[*conf.Error](err); err != nil && !ok {
		return nil, fmt.Errorf("unit: read directory: %w", err)
	}
	if err != nil {
		return nil, fileError("", "", err)
	}
	var f file
	if err := conf.DecodeNode(root, &f); err != nil {
		return nil, fileError("", "", err)
	}
	units := make([]Unit, len(f.Units))
	first := make(map[string]int, len(f.Units)) // id: line of its unit
	for i := range f.Units {
		n := &f.Units[i]
		u, err := readUnit(n)
		if at, dup := first[u.ID]; dup && err == nil {
			err = conf.At(n, "id", fmt.Errorf("given twice, first on line %d", at))
		}
		if err != nil {
			// Errors name the unit, or its place when it has no id.
			prefix := ""
			if u.ID == "" {
				prefix = fmt.Sprintf("units[%d]", i)
			}
			return nil, fileError(u.ID, prefix, err)
		}
		first[u.ID] = conf.Resolve(n).Line
		units[i] = u
	}
	d, err := New(units, "")
	if err != nil {
		return nil, fileError("", "", err) // not reached: every unit was checked above
	}
	if f.Fallback != "" {
		if err := d.Check(f.Fallback); err != nil {
			return nil, fileError("", "", conf.At(root, "fallback", err))
		}
		d.fallback = f.Fallback
	}
	return d, nil
}

// LoadFile reads a directory from the YAML file at path; see Parse. Errors
// start with the path.
func LoadFile(path string) (*Directory, error) { return conf.LoadFile(path, Parse) }

// readUnit decodes and validates the unit at n. The unit's id is set even
// when it fails, so that the error can name it.
func readUnit(n *yaml.Node) (Unit, error) {
	var u Unit
	if v := conf.Field(n, "id"); v != nil && v.Kind == yaml.ScalarNode {
		u.ID = v.Value
	}
	var fu fileUnit
	if err := conf.DecodeNode(n, &fu); err != nil {
		return u, err
	}
	u = Unit{ID: fu.ID, Name: fu.Name, Regions: fu.Regions, Inactive: fu.Inactive}
	if fu.Kind != "" {
		k, err := ParseKind(fu.Kind)
		if err != nil {
			return u, conf.At(n, "kind", err)
		}
		u.Kind = k
	}
	if field, why := u.problem(); field != "" {
		return u, conf.At(n, field, errors.New(why))
	}
	return u, nil
}

// fileError turns an error met reading the directory, at path prefix, into
// a *FileError with the field's place in the file.
func fileError(id, prefix string, err error) *FileError {
	path, at, cause := conf.Split(err)
	return &FileError{Unit: id, Field: conf.JoinPath(prefix, path), Line: at.Line, Column: at.Column, Err: cause}
}
