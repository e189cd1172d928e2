package qingxi

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/storetest"
)

// The tolerances within which the default run must land near the town's
// reported year (TownYear).
const (
	onTimeAtLeast      = 0.99  // on-time completion: the town reports close to 100%
	satisfactionWithin = 0.015 // satisfaction: ±1.5 points of the town's 93.2%
)

// TestTownYear runs the default year and checks that its figures, which
// come out of the simulated behaviour, land near the town's reported year
// over the same period.
func TestTownYear(t *testing.T) {
	rep, err := Simulate(context.Background(), Config{Seed: SeedDefault, Orders: OrdersDefault, Year: YearDefault})
	require.NoError(t, err)
	town := TownYear()
	assert.Equal(t, town, rep.Reported)
	assert.True(t, rep.From.Equal(town.From) && rep.To.Equal(town.To), "period %s to %s, the town's %s to %s", rep.From, rep.To, town.From, town.To)
	assert.Equal(t, town.Orders, rep.Orders)
	assert.Equal(t, town.Emergencies, rep.Totals.Emergencies)
	assert.GreaterOrEqual(t, rep.Totals.OnTime.Value(), onTimeAtLeast, "on-time %v", rep.Totals.OnTime)
	assert.InDelta(t, town.Satisfaction, rep.Totals.Satisfaction.Value(), satisfactionWithin, "satisfaction %v", rep.Totals.Satisfaction)
	// The scheme's 解决率 target (92%) is met too, near enough.
	assert.Greater(t, rep.Units.Total.Resolved.Value(), 0.9, "resolution %v", rep.Units.Total.Resolved)

	// The town's measures were taken: urges, supervision orders, a talk
	// or a criticism, leader-led orders, exemptions, handlers.
	l := rep.Ladder
	assert.Positive(t, l.Urges)
	assert.Positive(t, l.Issued)
	assert.Positive(t, l.Talks+l.Criticisms)
	assert.Equal(t, l.Issued, l.Closed, "every supervision order is closed by the year's end")
	assert.NotEmpty(t, rep.Units.Exemptions)
	assert.NotEmpty(t, rep.Leaders.Rows)
	require.NotNil(t, rep.Persons)
	assert.Len(t, rep.Persons.Rows, handlersPerUnit+1, "the handlers and the leader of %s", rep.PersonsUnit)
	assert.Equal(t, rep.Units.Row(rep.PersonsUnit).Received, rep.Persons.Total.Received)
	require.NotEmpty(t, rep.Digests)
	assert.Equal(t, time.Monday, rep.Digests[0].From.Weekday())
	assert.False(t, rep.Digests[0].To.After(rep.To))
}

// TestLadderFromRecords checks the ladder, exemption and person figures
// against what the service stored: the supervision orders and sanctions,
// and the audit trails.
func TestLadderFromRecords(t *testing.T) {
	ctx := context.Background()
	rep, store := simulateKept(t, Config{Seed: 4, Orders: OrdersDefault, Year: YearDefault})
	sups, err := store.Supervisions(ctx, workorder.SupervisionFilter{})
	require.NoError(t, err)
	sanctions, err := store.Sanctions(ctx, workorder.SanctionFilter{})
	require.NoError(t, err)
	require.NotEmpty(t, sups)
	assert.Len(t, sups, rep.Ladder.Issued)
	assert.Len(t, sanctions, rep.Ladder.Talks+rep.Ladder.Criticisms)

	issued, urges, unitSteps, named := 0, 0, 0, 0
	// exempted are the orders with an exemption of a verdict given in
	// the year, which the year's assessment lists.
	exempted := map[string]bool{}
	for _, o := range listAll(t, store) {
		hist, err := store.History(ctx, o.ID)
		require.NoError(t, err)
		var called time.Time
		for _, r := range hist {
			switch r.Step {
			case workorder.StepCallback:
				called = r.At
			case workorder.StepSupervise:
				_, sup := r.Value("supervision")
				_, closing := r.Value("outcome")
				ladder, _ := r.Value("ladder")
				if sup && !closing && (ladder == "" || ladder[len(ladder)-len("supervise"):] == "supervise") {
					issued++
				}
			case workorder.StepExempt:
				if called.Before(rep.To) {
					exempted[o.ID] = true
				}
				assert.Equal(t, workorder.RoleSupervisor, r.Actor.Role, "%s: an exemption is a supervisor's", o.ID)
				by, _ := r.Value("requested_by")
				assert.Equal(t, reviewer, by)
			case workorder.StepUrge:
				if r.Actor.Role == workorder.RoleSystem {
					urges++
				}
			case workorder.StepSign, workorder.StepReply:
				unitSteps++
				if r.Person() != "" {
					named++
				}
			}
		}
	}
	assert.Equal(t, rep.Ladder.Issued, issued, "supervision orders in the audit trails")
	listed := map[string]bool{}
	for _, e := range rep.Units.Exemptions {
		listed[e.OrderID] = true
	}
	assert.Equal(t, exempted, listed)
	assert.Equal(t, rep.Ladder.Urges, urges)
	assert.Equal(t, unitSteps, named, "every signature and reply names the person who took it")
	for _, e := range rep.Units.Exemptions {
		assert.Equal(t, assess.ExemptVerdict, e.Scope)
		assert.True(t, e.Honoured)
	}
}

// TestPeriod runs a month: every order is received in it, the report
// covers it and says so.
func TestPeriod(t *testing.T) {
	loc := cn.Calendar().Location()
	from, to := time.Date(2025, 3, 1, 0, 0, 0, 0, loc), time.Date(2025, 4, 1, 0, 0, 0, 0, loc)
	rep, store := simulateKept(t, Config{Seed: 5, Orders: 300, From: from.Add(9 * time.Hour), To: to})
	assert.True(t, rep.From.Equal(from) && rep.To.Equal(to), "%s to %s", rep.From, rep.To)
	assert.Equal(t, 2025, rep.Year)
	for _, o := range listAll(t, store) {
		assert.True(t, !o.Created.Before(from) && o.Created.Before(to), "%s received %s", o.ID, o.Created)
	}
	assert.Equal(t, assess.Period{From: from, To: to}, rep.Units.Period)
	var b bytes.Buffer
	require.NoError(t, rep.WriteText(&b, language.Chinese))
	assert.Contains(t, b.String(), "清溪镇 12345 热线报告（2025-03-01 至 2025-03-31）")
	assert.Contains(t, b.String(), "统计期间：2025-03-01 至 2025-03-31（北京时间）")
}

func TestPeriodRefused(t *testing.T) {
	loc := cn.Calendar().Location()
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, loc) }
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{Orders: 1, From: d(2025, 3, 1)}, "set both or neither"},
		{Config{Orders: 1, From: d(2025, 3, 1), To: d(2025, 3, 1)}, "want a day after From"},
		{Config{Orders: 1, From: d(2025, 3, 1), To: d(2025, 2, 1)}, "want a day after From"},
		{Config{Orders: 1, From: d(YearMax+1, 1, 1), To: d(YearMax+1, 2, 1)}, "the years the calendar computes"},
	} {
		err := tt.cfg.Validate()
		require.ErrorIs(t, err, ErrConfig)
		assert.Contains(t, err.Error(), tt.want)
	}
}

// TestLadderStore runs the supervision store conformance suite on the
// store a streamed year keeps its supervision orders in.
func TestLadderStore(t *testing.T) {
	storetest.RunSupervision(t, func(*testing.T) workorder.SupervisionStore { return newLadderStore(newYearStore()) })
}
