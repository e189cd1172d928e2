package i18n

import "strings"

// Table lays rows out for a monospaced font by [Width]: the first column
// left-aligned, the others right-aligned, columns two spaces apart, with a
// rule of dashes under the first row and, when totals is true, above the
// last, which then holds the totals. Every line ends in "\n" and has no
// trailing spaces.
func Table(rows [][]string, totals bool) string {
	widths := widthsOf(rows)
	total := 2 * max(len(widths)-1, 0)
	for _, n := range widths {
		total += n
	}
	rule := strings.Repeat("-", total) + "\n"
	var b strings.Builder
	for i, row := range rows {
		if i == 1 || i > 1 && totals && i == len(rows)-1 {
			b.WriteString(rule)
		}
		var l strings.Builder
		for j, cell := range row {
			if j == 0 {
				l.WriteString(Pad(cell, widths[j]))
			} else {
				l.WriteString("  " + PadLeft(cell, widths[j]))
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	return b.String()
}

// Columns lays rows out left-aligned by [Width], columns two spaces
// apart, without rules. Every line ends in "\n" and has no trailing
// spaces.
func Columns(rows [][]string) string {
	widths := widthsOf(rows)
	var b strings.Builder
	for _, row := range rows {
		var l strings.Builder
		for j, cell := range row {
			if j > 0 {
				l.WriteString("  ")
			}
			l.WriteString(Pad(cell, widths[j]))
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	return b.String()
}

// widthsOf is the widest cell of each column; rows may differ in length.
func widthsOf(rows [][]string) []int {
	var widths []int
	for _, row := range rows {
		for j, cell := range row {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], Width(cell))
		}
	}
	return widths
}
