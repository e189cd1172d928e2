package sqlitestore

import (
	"context"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// TestReadChanged: SQLite's mask of changed filter columns agrees with
// the columns as filterValues gives them, for text, integer and NULL
// columns.
func TestReadChanged(t *testing.T) {
	s := openAt(t, t.TempDir()+"/changed.db")
	svc := service(t, s)
	ctx := context.Background()
	o, err := svc.Accept(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	if o, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead}); err != nil {
		t.Fatal(err)
	}
	if o.Due.IsZero() {
		t.Fatal("dispatched order without a due time")
	}
	cases := []struct {
		name   string
		change func(o *workorder.Order)
		want   colMask
	}{
		{"none", func(*workorder.Order) {}, 0},
		{"state", func(o *workorder.Order) { o.State = workorder.StateHandling }, 1 << 0},
		{"lead and units", func(o *workorder.Order) { o.Lead = "清溪镇水务所" }, 1<<3 | 1<<4},
		{"due to NULL", func(o *workorder.Order) { o.Due = time.Time{} }, 1 << 6},
		{"due moved", func(o *workorder.Order) { o.Due = o.Due.Add(time.Hour) }, 1 << 6},
		{"overdue", func(o *workorder.Order) { o.Overdue = true }, 1 << 7},
		{"merged", func(o *workorder.Order) { o.MergedInto = "WO-9" }, 1 << 8},
		{"code", func(o *workorder.Order) { o.Code = "01.02" }, 1 << 15},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := o.Clone()
			c.change(x)
			cols, err := filterValues(x, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got colMask
			err = s.w.tx(ctx, func(tx *wtx) error {
				got, err = readChanged(tx, o.ID, o.Version, cols)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("changed %016b, want %016b", got, c.want)
			}
		})
	}
}
