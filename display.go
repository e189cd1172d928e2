package hotline

import (
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
)

// FormatDeadline writes the deadline t to the minute, in t's own location,
// with the day of the week in the language best matching tag:
// "2025-10-10 17:30 Fri" or "2025-10-10 17:30 周五". An end of day, exactly
// midnight, is written as 24:00 of the day before, the one convention the
// library prints deadlines in: the midnight that starts 11 October 2025 is
// "2025-10-10 24:00 Fri". Seconds are dropped; the zero time, no
// deadline, is "-".
func FormatDeadline(t time.Time, tag language.Tag) string { return i18n.FormatDeadline(t, tag) }
