// Package i18n is the library's one way to write things in English and
// Chinese: one language matcher with one fallback ([Match]: Chinese for
// any Chinese tag, English for every other tag, und included), the names
// table every enumeration keeps its names in ([Names]), the texts and
// formats of sentences ([Msg], written by a [Printer]), the one way to
// print a deadline ([FormatDeadline]: an end of day is 24:00), and the
// display width used to align text tables.
package i18n

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/width"
)

// Lang is a language names are kept in, as an index into [Languages].
type Lang uint8

// The languages, in the order [Languages] lists them.
const (
	English Lang = iota // the fallback
	Chinese
)

var languages = [...]language.Tag{language.English, language.Chinese}

var matcher = language.NewMatcher(languages[:])

// Languages returns the languages names are kept in, English first.
func Languages() []language.Tag { return append([]language.Tag(nil), languages[:]...) }

// Tag returns l's language tag: language.English or language.Chinese.
func (l Lang) Tag() language.Tag {
	if l == Chinese {
		return language.Chinese
	}
	return language.English
}

// Match returns the language best matching t: Chinese for any Chinese tag
// (zh, zh-Hans, zh-TW, ...), English for English and for every tag that
// matches neither. It does not allocate for the common tags.
func Match(t language.Tag) Lang {
	switch t {
	case language.Chinese, language.SimplifiedChinese, language.TraditionalChinese:
		return Chinese
	case language.English, language.AmericanEnglish, language.BritishEnglish, language.Und:
		return English
	}
	if _, i, c := matcher.Match(t); c != language.No && i == int(Chinese) {
		return Chinese
	}
	return English
}

// Pick returns whichever of a Chinese name zh and an English name en
// suits the language best matching t (see [Match]), or the other when that
// one is empty: for names given as two fields, such as a festival's.
func Pick(zh, en string, t language.Tag) string {
	if en == "" || (zh != "" && Match(t) == Chinese) {
		return zh
	}
	return en
}

// Names holds an enumeration's English keys and Chinese names, indexed by
// the value's position. A position with an empty English key (such as a
// zero value meaning "none") is never parsed. The zero Names is empty. A
// Names is read-only after [NewNames] and safe for concurrent use.
type Names struct {
	en, zh  []string
	aliases map[string]int
}

// NewNames returns the names table for English keys en and Chinese names
// zh, which must have the same length, with extra Chinese spellings
// aliases that parsing accepts (mapped to positions). It panics when the
// lengths differ: tables are built from literals at start-up.
func NewNames(en, zh []string, aliases map[string]int) *Names {
	if len(en) != len(zh) {
		panic("i18n: names of different lengths")
	}
	return &Names{en: en, zh: zh, aliases: aliases}
}

// Len is the number of positions.
func (n *Names) Len() int { return len(n.en) }

// Key returns the English key at i, or "" when i is out of range.
func (n *Names) Key(i int) string {
	if i < 0 || i >= len(n.en) {
		return ""
	}
	return n.en[i]
}

// Name returns the name at i in the language best matching t (see
// [Match]), or "" when i is out of range.
func (n *Names) Name(i int, t language.Tag) string {
	if i < 0 || i >= len(n.en) {
		return ""
	}
	if Match(t) == Chinese {
		return n.zh[i]
	}
	return n.en[i]
}

// Keys returns the non-empty English keys in order.
func (n *Names) Keys() []string {
	out := make([]string, 0, len(n.en))
	for _, k := range n.en {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}

// Index returns the position of the English key k exactly as written, or
// -1. It does not allocate.
func (n *Names) Index(k string) int {
	if k == "" {
		return -1
	}
	for i, e := range n.en {
		if e == k {
			return i
		}
	}
	return -1
}

// Parse returns the position named s, without surrounding spaces, by its
// English key in any ASCII case, its Chinese name or an alias. Positions
// with an empty English key are skipped. It returns -1 when s names none.
func (n *Names) Parse(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return -1
	}
	for i, e := range n.en {
		if e != "" && (equalFoldASCII(s, e) || s == n.zh[i]) {
			return i
		}
	}
	if i, ok := n.aliases[s]; ok {
		return i
	}
	return -1
}

// equalFoldASCII reports whether a and b are equal with ASCII letters
// compared without case; other bytes must be equal.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Width is the width of s in a monospaced font: two columns for East
// Asian wide and fullwidth characters (汉字, "，"), one for every other
// character, ambiguous ones such as "—" included.
func Width(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// Pad returns s followed by spaces up to w columns of [Width]; s itself
// when it is already as wide.
func Pad(s string, w int) string {
	if d := w - Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// PadLeft returns s preceded by spaces up to w columns of [Width].
func PadLeft(s string, w int) string {
	if d := w - Width(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}
