package sqlitestore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hotline12345/hotline/workorder"
)

// TestCreateBatchManyRecords creates a batch with more records than one
// insert statement takes (200): every record is stored with its order,
// and each order's history reads back whole and in order.
func TestCreateBatchManyRecords(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	svc := newService(t, s)
	first, err := svc.Accept(ctx, centre, complaint())
	if err != nil {
		t.Fatal(err)
	}
	rs0, err := s.History(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 150 orders of three records each: 450 records, three statements.
	var os []*workorder.Order
	var rss [][]workorder.Record
	for i := range 150 {
		o := first.Clone()
		o.ID = fmt.Sprintf("M%03d", i)
		var rs []workorder.Record
		var prev [32]byte
		for seq := int64(1); seq <= 3; seq++ {
			r := rs0[0]
			r.OrderID, r.Seq, r.Key = o.ID, seq, fmt.Sprintf("k-%s-%d", o.ID, seq)
			r.Remark = fmt.Sprintf("第%d步", seq)
			r.Hash = r.ComputeHash(prev)
			prev = r.Hash
			rs = append(rs, r)
		}
		o.Version, o.LastHash = 3, prev
		os, rss = append(os, o), append(rss, rs)
	}
	if err := s.CreateBatch(ctx, os, rss); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 66, 67, 133, 149} {
		got, err := s.History(ctx, os[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("order %s: %d records, want 3", os[i].ID, len(got))
		}
		for j, r := range got {
			if r.Seq != int64(j+1) || r.Remark != rss[i][j].Remark || r.Hash != rss[i][j].Hash {
				t.Errorf("order %s record %d: seq %d %q, want seq %d %q", os[i].ID, j, r.Seq, r.Remark, j+1, rss[i][j].Remark)
			}
		}
	}
}
