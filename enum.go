package hotline

import (
	"strconv"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
)

// enum is what the root's enumerations share: their names and how an
// unknown one reads.
type enum struct {
	kind  string // in errors: "category"
	typ   string // in String of an undeclared value: "Channel"
	none  bool   // the zero value means "none": String and Name give ""
	names *i18n.Names
}

func (e *enum) unknown(s string) error {
	return &NameError{Kind: e.kind, Name: s, Accepted: e.names.Keys()}
}

// check returns nil when ok, else the error for the unknown name s.
func (e *enum) check(ok bool, s string) error {
	if ok {
		return nil
	}
	return e.unknown(s)
}

// str is the English key at i, "" for a "none" zero value, or "Typ(i)".
func (e *enum) str(i int) string {
	if k := e.names.Key(i); k != "" || (i == 0 && e.none) {
		return k
	}
	return e.typ + "(" + strconv.Itoa(i) + ")"
}

// name is the name at i in the language best matching t, or str(i) for a
// position without names.
func (e *enum) name(i int, t language.Tag) string {
	if e.names.Key(i) == "" {
		return e.str(i)
	}
	return e.names.Name(i, t)
}

func keys[T ~string](e *enum) []T {
	ks := e.names.Keys()
	out := make([]T, len(ks))
	for i, k := range ks {
		out[i] = T(k)
	}
	return out
}

func values[T ~uint8](e *enum) []T {
	var out []T
	for i := range e.names.Len() {
		if e.names.Key(i) != "" {
			out = append(out, T(i))
		}
	}
	return out
}

// nameOf is the name of the string value s in the language best matching
// t, or s itself when s is not a key.
func nameOf(e *enum, s string, t language.Tag) string {
	if i := e.names.Index(s); i >= 0 {
		return e.names.Name(i, t)
	}
	return s
}

func parseString[T ~string](e *enum, s string) (T, error) {
	if i := e.names.Parse(s); i >= 0 {
		return T(e.names.Key(i)), nil
	}
	return "", e.unknown(s)
}

func marshalString(e *enum, s string) ([]byte, error) {
	if s != "" && e.names.Index(s) < 0 {
		return nil, e.unknown(s)
	}
	return []byte(s), nil
}

// unmarshal parses b into *p, reading an empty b as the zero value.
func unmarshal[T any](p *T, parse func(string) (T, error), b []byte) error {
	if len(b) == 0 {
		var zero T
		*p = zero
		return nil
	}
	v, err := parse(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

func parseValue[T ~uint8](e *enum, s string) (T, error) {
	if i := e.names.Parse(s); i >= 0 {
		return T(i), nil
	}
	return 0, e.unknown(s)
}

func marshalValue[T ~uint8](e *enum, v T) ([]byte, error) {
	if k := e.names.Key(int(v)); k != "" || v == 0 {
		return []byte(k), nil
	}
	return nil, e.unknown(e.str(int(v)))
}

// unmarshalValue parses b into *p, reading an empty b as the zero value.
func unmarshalValue[T ~uint8](e *enum, p *T, b []byte) error {
	return unmarshal(p, func(s string) (T, error) { return parseValue[T](e, s) }, b)
}
