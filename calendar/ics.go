package calendar

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteICS writes the days off and make-up working days from from to to,
// both included, as an iCalendar file (RFC 5545) for calendar apps: one
// all-day VEVENT per day, summarised as its name and kind, e.g.
// "春节 (day off)", with the English name, Statutory and Provisional in the
// description. Ordinary working days and weekends are left out.
//
// The output depends only on the calendar and the range, so it can be kept
// under version control: UIDs are made of the date, the kind and the zone
// name, and DTSTAMP is the day's own date at 00:00 UTC. Lines end in CRLF
// and are folded at 75 octets without splitting a UTF-8 character.
//
// It returns an error wrapping ErrInvalidDate when from or to is not a
// valid date or from is after to, and the writer's error otherwise.
func (c *Calendar) WriteICS(w io.Writer, from, to Date) error {
	if !from.Valid() || !to.Valid() || from.After(to) {
		return fmt.Errorf("calendar: ics: range %v to %v: %w", from, to, ErrInvalidDate)
	}
	iw := &icsWriter{w: bufio.NewWriter(w)}
	iw.line("BEGIN:VCALENDAR")
	iw.line("VERSION:2.0")
	iw.line("PRODID:-//hotline12345//hotline calendar//EN")
	iw.line("CALSCALE:GREGORIAN")
	iw.line("METHOD:PUBLISH")
	zone := uidSafe(c.loc.String())
	for info := range c.Days(from, to) {
		var tag string
		switch info.Kind {
		case DayOff:
			tag = "off"
		case MakeupWorkday:
			tag = "makeup"
		default:
			continue
		}
		kind := info.Kind.String()
		day := icsDate(info.Date)
		summary := kind
		if name := cmp.Or(info.Name, info.NameEN); name != "" {
			summary = name + " (" + kind + ")"
		}
		var desc []string
		if info.NameEN != "" && info.NameEN != info.Name {
			desc = append(desc, info.NameEN+".")
		}
		if info.Statutory {
			desc = append(desc, "Statutory public holiday.")
		}
		if info.Provisional {
			desc = append(desc, "Provisional: no official schedule for this year yet.")
		}
		iw.line("BEGIN:VEVENT")
		iw.line("UID:" + day + "-" + tag + "-" + zone + "@hotline")
		iw.line("DTSTAMP:" + day + "T000000Z")
		iw.line("DTSTART;VALUE=DATE:" + day)
		iw.line("DTEND;VALUE=DATE:" + icsDate(info.Date.AddDays(1)))
		iw.line("SUMMARY:" + icsText(summary))
		if len(desc) > 0 {
			iw.line("DESCRIPTION:" + icsText(strings.Join(desc, "\n")))
		}
		iw.line("CATEGORIES:" + icsText(kind))
		iw.line("TRANSP:TRANSPARENT")
		iw.line("END:VEVENT")
	}
	iw.line("END:VCALENDAR")
	if iw.err == nil {
		iw.err = iw.w.Flush()
	}
	if iw.err != nil {
		return fmt.Errorf("calendar: ics: %w", iw.err)
	}
	return nil
}

// icsWriter writes content lines, folded, and keeps the first error.
type icsWriter struct {
	w   *bufio.Writer
	err error
}

// line writes s folded into lines of at most 75 octets, each continuation
// starting with a space (RFC 5545 section 3.1).
func (iw *icsWriter) line(s string) {
	limit := 75
	for iw.err == nil {
		if len(s) <= limit {
			_, iw.err = iw.w.WriteString(s + "\r\n")
			return
		}
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		_, iw.err = iw.w.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
}

// icsDate formats d as a DATE value, e.g. 20251001.
func icsDate(d Date) string { return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day) }

var icsEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// icsText escapes a TEXT value (RFC 5545 section 3.3.11); other control
// characters, which TEXT does not allow, become spaces.
func icsText(s string) string {
	s = icsEscaper.Replace(s)
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// uidSafe keeps letters and digits of s and turns the rest into '-'.
func uidSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return r
		}
		return '-'
	}, s)
}
