package sqldoc

import (
	"errors"
	"testing"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

func TestCounts(t *testing.T) {
	c := NewCounts([]string{"三中村委会", "城管分局"})
	for _, r := range []struct {
		unit, level string
		overdue     bool
		n           int
	}{
		{"城管分局", LevelName(sla.LevelWarning), false, 3},
		{"城管分局", LevelName(sla.LevelOverdue), true, 2},
		{"环保分局", LevelName(sla.LevelNormal), false, 1},
	} {
		if err := c.Add(r.unit, r.level, r.overdue, r.n); err != nil {
			t.Fatal(err)
		}
	}
	got := c.Lines()
	if len(got) != 3 || got[0].Unit != "三中村委会" || got[0].Total() != 0 ||
		got[1].Unit != "城管分局" || got[1].Open[sla.LevelWarning] != 3 || got[1].Open[sla.LevelOverdue] != 2 || got[1].Overdue != 2 ||
		got[2].Unit != "环保分局" || got[2].Open[sla.LevelNormal] != 1 {
		t.Errorf("lines %+v", got)
	}
	if err := c.Add("城管分局", "red", false, 1); !errors.Is(err, workorder.ErrCorrupt) {
		t.Errorf("an unknown level: %v, want ErrCorrupt", err)
	}
}
