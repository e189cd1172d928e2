package workorder

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/sla"
)

// Languages lists the languages names are available in, in the order the
// Name methods prefer them: English first, then Chinese.
var Languages = []language.Tag{language.English, language.Chinese}

var nameMatcher = language.NewMatcher(Languages)

// langIndex is the index into Languages of the best match for t: 0 for
// English (and for tags matching neither), 1 for Chinese.
func langIndex(t language.Tag) int {
	if t == language.Chinese || t == language.SimplifiedChinese {
		return 1
	}
	if t == language.English || t == language.Und {
		return 0
	}
	_, i, c := nameMatcher.Match(t)
	if c == language.No {
		return 0
	}
	return i
}

// names holds an enumeration's English keys and Chinese names, indexed by
// value. Index 0 may be the empty zero value.
type names struct {
	en []string
	zh []string
}

func (n *names) name(i int, t language.Tag) string {
	if i < 0 || i >= len(n.en) {
		return ""
	}
	if langIndex(t) == 1 {
		return n.zh[i]
	}
	return n.en[i]
}

func (n *names) str(i int) string {
	if i < 0 || i >= len(n.en) {
		return ""
	}
	return n.en[i]
}

// parse finds s, without surrounding spaces, among the English keys (ASCII
// case ignored) and the Chinese names, skipping values with an empty
// English key, such as an empty zero value. It returns -1 when s matches
// nothing.
func (n *names) parse(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return -1
	}
	for i := range n.en {
		if n.en[i] != "" && (strings.EqualFold(s, n.en[i]) || s == n.zh[i]) {
			return i
		}
	}
	return -1
}

var levelNames = names{
	en: []string{"normal", "warning", "overdue"},
	zh: []string{"正常", "预警", "超期"},
}

// CategoryName returns category c's name in the language best matching t:
// "投诉" or "complaint". An unknown category is returned as it is.
func CategoryName(c sla.Category, t language.Tag) string {
	if langIndex(t) == 1 && c.Valid() {
		return c.Chinese()
	}
	return string(c)
}

// UrgencyName returns urgency u's name in the language best matching t:
// "紧急" or "emergency". An unknown urgency is returned as it is.
func UrgencyName(u sla.Urgency, t language.Tag) string {
	if langIndex(t) == 1 && u.Valid() {
		return u.Chinese()
	}
	return string(u)
}

// LevelName returns deadline level l's name in the language best matching
// t: "预警" or "warning". An unknown level gives l.String().
func LevelName(l sla.Level, t language.Tag) string {
	if n := levelNames.name(int(l), t); n != "" {
		return n
	}
	return l.String()
}
