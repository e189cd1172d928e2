package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// TestCity loads a small city into a MemStore and measures it: every
// generated order is accepted by the store, about a tenth is open, and
// every filter lists something.
func TestCity(t *testing.T) {
	ctx := context.Background()
	s := workorder.NewMemStore()
	c := &city{n: 3000, now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), span: 365 * 24 * time.Hour}
	if err := loadCity(ctx, s, c, 0, 2, 500); err != nil {
		t.Fatal(err)
	}
	open, err := s.List(ctx, workorder.Filter{Open: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(open) < c.n*8/100 || len(open) > c.n*14/100 {
		t.Errorf("%d of %d orders open, want about a tenth", len(open), c.n)
	}
	for _, tc := range c.filters() {
		if os, err := s.List(ctx, tc.f); err != nil || len(os) == 0 {
			t.Errorf("%s: %d orders, %v; want some", tc.name, len(os), err)
		}
	}
	// The same i gives the same order.
	a, _ := c.order(1234)
	b, _ := c.order(1234)
	if a.ID != b.ID || a.State != b.State || !a.Due.Equal(b.Due) || a.Lead != b.Lead {
		t.Errorf("order 1234 differs between calls: %+v, %+v", a, b)
	}
	for _, cpu := range []bool{false, true} {
		var out bytes.Buffer
		if err := measureCity(ctx, &out, s, c, 2, cpu); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "counts, one unit") {
			t.Errorf("the measurement (cpu %v) leaves out the counts:\n%s", cpu, out.String())
		}
	}
}
