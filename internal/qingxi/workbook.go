package qingxi

import (
	"errors"
	"os"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/assess/xlsx"
	"github.com/hotline12345/hotline/internal/i18n"
	"golang.org/x/text/language"
)

// WriteWorkbook writes the year's workbook to path in lang: the unit
// scorecards, their chart, and every unit's late orders with the working
// days of the deadlines' calendar they were late.
func (r *Report) WriteWorkbook(path string, lang language.Tag) error {
	late, err := assess.LateOrders(r.records, r.Units.Period, assess.LateOptions{Workdays: r.cal})
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	// Matched first, so that und gives English here as in the text.
	err = xlsx.Write(f, r.Units, xlsx.Options{Lang: i18n.Match(lang).Tag(), Late: late})
	return errors.Join(err, f.Close())
}
