package assess_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar/cn"
)

// In October 2025 the fixture's late records are C2 (closed two days
// late), P1 and P2 (still open) and Z3 (closed exactly at To, so open at
// To). National Day's holiday runs from 1 to 8 October, and Saturday 11
// October is a working day.
func TestLateOrdersHandCounted(t *testing.T) {
	l, err := assess.LateOrders(fixture(), october, assess.LateOptions{Workdays: cn.Calendar()})
	require.NoError(t, err)
	assert.Equal(t, october, l.Period)
	assert.Empty(t, l.Unit)
	assert.True(t, l.Workdays)
	want := []assess.LateOrder{
		{OrderID: "C2", Unit: chengguan, Category: "complaint", Received: at(10, 10, 9, 0), Due: at(10, 20, 17, 0),
			Closed: at(10, 22, 10, 0), Late: 41 * time.Hour, Workdays: 2}, // 21 and 22 October
		// Due 30 September, open through October: 9 to 31 October less
		// the weekends, with Saturday the 11th.
		{OrderID: "P2", Unit: paichusuo, Category: "complaint", Received: at(9, 20, 10, 0), Due: at(9, 30, 17, 0),
			Late: (31*24 + 7) * time.Hour, Workdays: 18},
		{OrderID: "P1", Unit: paichusuo, Category: "report", Received: at(10, 2, 10, 0), Due: at(10, 9, 17, 0),
			Late: (22*24 + 7) * time.Hour, Workdays: 17},
		// Due 31 October 17:00, open at midnight: late the same day.
		{OrderID: "Z3", Unit: zhujian, Category: "complaint", Received: at(10, 5, 9, 0), Due: at(10, 31, 17, 0),
			Late: 7 * time.Hour, Workdays: 0},
	}
	require.Len(t, l.Orders, len(want))
	for i, w := range want {
		got := l.Orders[i]
		assert.Equal(t, w.OrderID, got.OrderID)
		assert.Equal(t, w.Unit, got.Unit, w.OrderID)
		assert.Equal(t, w.Category, got.Category, w.OrderID)
		assert.True(t, w.Received.Equal(got.Received), w.OrderID)
		assert.True(t, w.Due.Equal(got.Due), w.OrderID)
		assert.True(t, w.Closed.Equal(got.Closed), "%s: closed %v", w.OrderID, got.Closed)
		assert.Equal(t, w.Closed.IsZero(), got.Open(), w.OrderID)
		assert.Equal(t, w.Late, got.Late, w.OrderID)
		assert.Equal(t, w.Workdays, got.Workdays, w.OrderID)
		assert.Equal(t, october.To.Location(), got.Due.Location(), "times are in the period's zone")
	}

	one, err := assess.LateOrders(fixture(), october, assess.LateOptions{Unit: paichusuo})
	require.NoError(t, err)
	assert.Equal(t, paichusuo, one.Unit)
	assert.False(t, one.Workdays)
	require.Len(t, one.Orders, 2)
	assert.Equal(t, "P2", one.Orders[0].OrderID)
	assert.Equal(t, 0, one.Orders[0].Workdays, "not counted without a calendar")

	none, err := assess.LateOrders(fixture(), october, assess.LateOptions{Unit: "消防站"})
	require.NoError(t, err)
	assert.Empty(t, none.Orders)
}

// A unit's late list holds exactly its misses of the on-time rate and its
// overdue records, as its scorecard counts them.
func TestLateOrdersMatchScorecards(t *testing.T) {
	recs := generate(3000, 11)
	for _, p := range []assess.Period{assess.Year(2025, shanghai), assess.Month(2025, time.June, shanghai), october} {
		rep, err := mustNew(t, assess.SchemeTown()).Compute(recs, p)
		require.NoError(t, err)
		all, err := assess.LateOrders(recs, p, assess.LateOptions{})
		require.NoError(t, err)
		total := 0
		for _, row := range rep.Rows {
			l, err := assess.LateOrders(recs, p, assess.LateOptions{Unit: row.Name})
			require.NoError(t, err)
			missed, open := 0, 0
			for _, o := range l.Orders {
				assert.Equal(t, row.Name, o.Unit)
				assert.Positive(t, o.Late, o.OrderID)
				if p.Contains(o.Due) {
					missed++
				}
				if o.Open() {
					open++
				}
			}
			assert.Equal(t, row.OnTime.Den-row.OnTime.Num, missed, "%s in %v", row.Name, p.From)
			assert.Equal(t, row.Overdue, open, "%s in %v", row.Name, p.From)
			total += len(l.Orders)
		}
		assert.Len(t, all.Orders, total)
		assert.Positive(t, total)
	}
}

func TestLateOrdersErrors(t *testing.T) {
	recs := fixture()
	recs[3].Closed = recs[3].Received.Add(-time.Hour)
	_, err := assess.LateOrders(recs, october, assess.LateOptions{Unit: paichusuo})
	var re *assess.RecordError
	require.ErrorAs(t, err, &re, "every record is checked, not only the unit's")
	assert.Equal(t, "C4", re.OrderID)
	assert.ErrorIs(t, err, assess.ErrInvalidRecord)

	_, err = assess.LateOrders(fixture(), assess.Period{}, assess.LateOptions{})
	assert.ErrorIs(t, err, assess.ErrInvalidPeriod)
}

func TestLateCSVGolden(t *testing.T) {
	l, err := assess.LateOrders(fixture(), october, assess.LateOptions{Workdays: cn.Calendar()})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, l.WriteCSV(&buf))
	golden(t, "october_late.csv", buf.Bytes())

	lines, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	require.NoError(t, err)
	require.Len(t, lines, 1+4)
	assert.Equal(t, []string{"order_id", "unit", "category", "received", "due", "closed", "status", "hours_late", "workdays_late"}, lines[0])
	assert.Equal(t, []string{"C2", chengguan, "complaint", "2025-10-10T09:00:00+08:00", "2025-10-20T17:00:00+08:00",
		"2025-10-22T10:00:00+08:00", "closed_late", "41.00", "2"}, lines[1])
	assert.Equal(t, []string{"Z3", zhujian, "complaint", "2025-10-05T09:00:00+08:00", "2025-10-31T17:00:00+08:00",
		"", "open", "7.00", "0"}, lines[4])

	// Without a calendar the working days are blank, not 0.
	l.Workdays = false
	buf.Reset()
	require.NoError(t, l.WriteCSV(&buf))
	lines, err = csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, "", lines[1][8])

	err = l.WriteCSV(failWriter{})
	assert.True(t, errors.Is(err, errDisk))
}

func TestLateTable(t *testing.T) {
	l, err := assess.LateOrders(fixture(), october, assess.LateOptions{})
	require.NoError(t, err)
	zh, en := l.Table(language.Chinese), l.Table(language.English)
	assert.Equal(t, "超期工单", zh.Title)
	assert.Equal(t, "Late orders", en.Title)
	assert.Equal(t, "工单编号", zh.Columns[0].Label)
	assert.Equal(t, "Working days late", en.Columns[en.Column("workdays_late")].Label)
	status := zh.Column("status")
	assert.Equal(t, assess.Cell{Text: "逾期办结", Key: "closed_late"}, zh.Rows[0][status])
	assert.Equal(t, assess.Cell{Text: "超期未办结", Key: "open"}, zh.Rows[1][status])
	assert.Equal(t, assess.Cell{Text: "Open", Key: "open"}, en.Rows[1][status])
	assert.True(t, zh.Rows[1][zh.Column("closed")].Blank)
	assert.Equal(t, assess.ColumnTime, zh.Columns[zh.Column("due")].Kind)
	assert.True(t, zh.Rows[0][zh.Column("workdays_late")].Blank, "no calendar")
	assert.Equal(t, 41.0, zh.Rows[0][zh.Column("hours_late")].Num)
}

// The orders of May that count late: one closed two working days late,
// one still open at the end of the month.
func ExampleLateOrders() {
	may := assess.Month(2025, time.May, time.FixedZone("CST", 8*3600))
	late, err := assess.LateOrders(exampleRecords(), may, assess.LateOptions{Workdays: cn.Calendar()})
	if err != nil {
		panic(err)
	}
	for _, o := range late.Orders {
		fmt.Printf("%s %s due %s, open %t, %.0f hours and %d working days late\n",
			o.OrderID, o.Unit, o.Due.Format("01-02 15:04"), o.Open(), o.Late.Hours(), o.Workdays)
	}
	_ = late.WriteCSV(os.Stdout)
	// Output:
	// 250520-004 城管分局 due 05-27 17:00, open true, 103 hours and 3 working days late
	// 250507-002 住建局 due 05-14 17:00, open false, 40 hours and 2 working days late
	// order_id,unit,category,received,due,closed,status,hours_late,workdays_late
	// 250520-004,城管分局,report,2025-05-20T09:00:00+08:00,2025-05-27T17:00:00+08:00,,open,103.00,3
	// 250507-002,住建局,help,2025-05-07T09:00:00+08:00,2025-05-14T17:00:00+08:00,2025-05-16T09:00:00+08:00,closed_late,40.00,2
}

// TestRecordLate works out by hand which records count late in May 2025
// (Beijing time), and checks that LateOrders lists exactly those.
func TestRecordLate(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	may := assess.Month(2025, time.May, loc)
	at := func(m time.Month, d, h int) time.Time { return time.Date(2025, m, d, h, 0, 0, 0, loc) }
	tests := []struct {
		name        string
		due, closed time.Time
		late        bool
	}{
		{"no deadline", time.Time{}, time.Time{}, false},
		{"due in May, closed on time", at(5, 10, 17), at(5, 10, 9), false},
		{"due in May, closed at the deadline", at(5, 10, 17), at(5, 10, 17), false},
		{"due in May, closed late in May", at(5, 10, 17), at(5, 12, 9), true},
		{"due in May, closed late in June", at(5, 30, 17), at(6, 2, 9), true},
		{"due in May, open", at(5, 30, 17), time.Time{}, true},
		{"due in April, open at the end of May", at(4, 28, 17), time.Time{}, true},
		{"due in April, closed late in June", at(4, 28, 17), at(6, 3, 9), true},
		{"due in April, closed late in May", at(4, 28, 17), at(5, 6, 9), false},
		{"due in June, open", at(6, 3, 17), time.Time{}, false},
	}
	var recs []assess.Record
	var want []string
	for i, tt := range tests {
		r := assess.Record{OrderID: fmt.Sprint("L", i), Unit: "城管分局", Received: at(4, 1, 9), Due: tt.due, Closed: tt.closed}
		assert.Equal(t, tt.late, r.Late(may), tt.name)
		recs = append(recs, r)
		if tt.late {
			want = append(want, r.OrderID)
		}
	}
	l, err := assess.LateOrders(recs, may, assess.LateOptions{})
	require.NoError(t, err)
	var got []string
	for _, o := range l.Orders {
		got = append(got, o.OrderID)
	}
	assert.ElementsMatch(t, want, got)

	// An order exempted from assessment is late all the same, though the
	// town's scheme, which honours the reason, leaves it out of the
	// scorecard.
	open := assess.Record{OrderID: "X1", Unit: "城管分局", Received: at(4, 1, 9), Due: at(5, 30, 17),
		Exempt: assess.ExemptOrder, ExemptReason: assess.ExemptMalicious}
	assert.True(t, open.Late(may))
	l, err = assess.LateOrders([]assess.Record{open}, may, assess.LateOptions{})
	require.NoError(t, err)
	assert.Len(t, l.Orders, 1)
	a, err := assess.New(assess.SchemeTown())
	require.NoError(t, err)
	rep, err := a.Compute([]assess.Record{open}, may)
	require.NoError(t, err)
	assert.Zero(t, rep.Total.Overdue)
	assert.False(t, rep.Total.OnTime.Defined())
}
