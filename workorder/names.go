package workorder

import (
	"strconv"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/internal/i18n"
)

// The names of workorder's own enumerations (states, steps, roles, assist
// statuses) are kept in i18n tables, like those of package hotline, so that
// every Name method matches languages and falls back to English the same
// way.

// enumString is the English key at i in n, or typ(i) when i has none.
func enumString(n *i18n.Names, typ string, i int) string {
	if k := n.Key(i); k != "" {
		return k
	}
	return typ + "(" + strconv.Itoa(i) + ")"
}

// enumName is the name at i in n in the language best matching t, or
// enumString when i has no names.
func enumName(n *i18n.Names, typ string, i int, t language.Tag) string {
	if n.Key(i) == "" {
		return enumString(n, typ, i)
	}
	return n.Name(i, t)
}

// unknownName is the error for s, not a name of kind in n.
func unknownName(n *i18n.Names, kind, s string) error {
	return &hotline.NameError{Kind: kind, Name: s, Accepted: n.Keys()}
}

// parseName returns the position s names in n, or a *hotline.NameError.
func parseName(n *i18n.Names, kind, s string) (int, error) {
	if i := n.Parse(s); i >= 0 {
		return i, nil
	}
	return -1, unknownName(n, kind, s)
}
