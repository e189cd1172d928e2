package assess

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/hotline12345/hotline"
)

// CSVHeader returns the header row [Report.WriteCSV] writes, in its column
// order. Each rate gives three columns: _num, _den and _rate.
func CSVHeader() []string { return slices.Clone(csvHeader) }

var csvHeader = []string{
	"kind", "name", "received", "emergencies", "closed", "overdue",
	"response_num", "response_den", "response_rate",
	"on_time_num", "on_time_den", "on_time_rate",
	"returned_num", "returned_den", "returned_rate",
	"reopened_num", "reopened_den", "reopened_rate",
	"extended_num", "extended_den", "extended_rate",
	"resolved_num", "resolved_den", "resolved_rate",
	"satisfaction_num", "satisfaction_den", "satisfaction_rate",
	"rated", "very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied",
	"score",
}

// WriteCSV writes the report as CSV: the [CSVHeader] row, then one line per row in
// Rows order with the report's Dimension as kind ("unit", "category",
// "code", "post", "person" or "leader"), then the totals with kind
// "total" and an empty name. A name a spreadsheet would read as a formula
// (beginning with "=", "+", "-", "@", a tab or a carriage return) is
// written after a "'". Rates are fractions with four decimals and
// the score has two; both are empty when undefined. Numbers are not
// localized.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("assess: write csv: %w", err)
	}
	line := make([]string, 0, len(csvHeader))
	for i := range r.Rows {
		if err := cw.Write(csvLine(line[:0], r.By.String(), &r.Rows[i])); err != nil {
			return fmt.Errorf("assess: write csv: %w", err)
		}
	}
	if err := cw.Write(csvLine(line[:0], "total", &r.Total)); err != nil {
		return fmt.Errorf("assess: write csv: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("assess: write csv: %w", err)
	}
	return nil
}

func csvLine(line []string, kind string, s *Scorecard) []string {
	itoa := strconv.Itoa
	line = append(line, kind, csvText(s.Name), itoa(s.Received), itoa(s.Emergencies), itoa(s.Closed), itoa(s.Overdue))
	for _, rt := range [...]Rate{s.Response, s.OnTime, s.Returned, s.Reopened, s.Extended, s.Resolved, s.Satisfaction} {
		v := ""
		if rt.Defined() {
			v = strconv.FormatFloat(rt.Value(), 'f', 4, 64)
		}
		line = append(line, itoa(rt.Num), itoa(rt.Den), v)
	}
	line = append(line, itoa(s.Rated))
	for _, n := range s.Ratings[hotline.VerySatisfied:] {
		line = append(line, itoa(n))
	}
	score := ""
	if s.Scored {
		score = strconv.FormatFloat(s.Score, 'f', 2, 64)
	}
	return append(line, score)
}
