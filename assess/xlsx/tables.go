package xlsx

import (
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/hotline12345/hotline/assess"
)

// ErrNoTables reports a call of WriteTables without a table: a workbook
// needs a sheet.
var ErrNoTables = errors.New("xlsx: no tables to write")

// WriteTables writes tables as a workbook to w, each on its own sheet in
// order, titled by its Title and laid out as Write lays out its sheets
// (number formats, frozen header, filter, widths), without scorecards or
// chart: for reports that are not an assessment, such as a department's
// digest. Build the tables in the language wanted. Errors are those of
// Write: ErrSheetName for a title that cannot name a sheet, and w's,
// wrapped; ErrNoTables without tables. It is safe for concurrent use.
func WriteTables(w io.Writer, tables ...*assess.Table) error {
	if len(tables) == 0 {
		return ErrNoTables
	}
	b := &book{f: excelize.NewFile()}
	defer b.f.Close()
	for _, t := range tables {
		if err := b.sheet(t); err != nil {
			return err
		}
	}
	b.f.SetActiveSheet(0)
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}
