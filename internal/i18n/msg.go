package i18n

import (
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Msg is one text in English and Chinese: a word, a label or a sentence,
// possibly a format with fmt verbs. When the languages put the arguments
// in a different order, the formats index them ("%[2]s"). The zero Msg is
// empty in both languages. A Msg is a plain value, safe for concurrent use.
type Msg struct {
	EN, ZH string
}

// In returns m in l: ZH for Chinese, EN otherwise.
func (m Msg) In(l Lang) string {
	if l == Chinese {
		return m.ZH
	}
	return m.EN
}

// Text returns m in the language best matching t (see [Match]).
func (m Msg) Text(t language.Tag) string { return m.In(Match(t)) }

// noMessages is the catalog of every Printer: empty, so that a format is
// always the text it formats.
var noMessages = catalog.NewBuilder()

// Printer writes Msgs and numbers in one language: the one best matching
// the tag it was made for (see [Match]). Numbers, including %d arguments,
// get that language's digit grouping ("2,917"); golang.org/x/text/number
// values such as number.Percent format as the language writes them. A
// Printer is for one goroutine; make one per text written. Its zero value
// is not usable; use [NewPrinter].
type Printer struct {
	lang Lang
	p    *message.Printer
}

// NewPrinter returns a Printer for the language best matching t.
func NewPrinter(t language.Tag) *Printer {
	l := Match(t)
	return &Printer{lang: l, p: message.NewPrinter(l.Tag(), message.Catalog(noMessages))}
}

// Lang is the language p writes.
func (p *Printer) Lang() Lang { return p.lang }

// Text returns m in p's language, as written: its verbs are not expanded.
func (p *Printer) Text(m Msg) string { return m.In(p.lang) }

// Sprintf formats m in p's language with args.
func (p *Printer) Sprintf(m Msg, args ...any) string { return p.p.Sprintf(m.In(p.lang), args...) }

// Sprint formats args as fmt.Sprint does, numbers as p's language writes
// them.
func (p *Printer) Sprint(args ...any) string { return p.p.Sprint(args...) }
