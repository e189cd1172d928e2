package workorder

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
)

func TestActorPersonCheck(t *testing.T) {
	long := strings.Repeat("张", MaxPersonLen+1)
	tests := []struct {
		a    Actor
		want string // "" for allowed
	}{
		{Person(cityMgmt, "王五", "执法队"), ""},
		{Person(cityMgmt, "王五", ""), ""},
		{UnitLeader(cityMgmt, "陈镇长", "镇长"), ""},
		{Actor{Role: RoleCentre, ID: "agent-7", Person: "王五"}, "a person is named only for a unit"},
		{Actor{Role: RoleSupervisor, ID: "督查室", Leader: true}, "a person is named only for a unit"},
		{Actor{Role: RoleUnit, ID: cityMgmt, Post: "执法队"}, "a post or the leader flag needs a person"},
		{Actor{Role: RoleUnit, ID: cityMgmt, Person: " ", Leader: true}, "a post or the leader flag needs a person"},
		{Person(cityMgmt, long, ""), "person longer than 64 characters"},
		{Person(cityMgmt, "王\x00五", ""), "person " + nulReason},
		{Person(cityMgmt, "王五", "\xff"), "post not valid UTF-8"},
		{Person(cityMgmt, "王五", "  "), "post is blank"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.a.check(), "%+v", tt.a)
	}
}

// TestPersonInTrail: the person, post and leader flag of a step reach its
// record, its JSON, the hash chain and assessment, and the record's Actor
// keeps only the role and the unit.
func TestPersonInTrail(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	clk.Set(at(2025, 9, 15, 11, 0))
	must(t)(s.Sign(ctx, Person(cityMgmt, "王五", "执法队"), o.ID))
	clk.Set(at(2025, 9, 16, 9, 0))
	must(t)(s.Contact(ctx, UnitLeader(cityMgmt, "陈镇长", "镇长"), o.ID, "镇长约见来电人"))

	trail, err := s.History(ctx, centre, o.ID)
	require.NoError(t, err)
	require.NoError(t, Verify(o.ID, trail))
	sign, contact := trail[2], trail[3]
	assert.Equal(t, Unit(cityMgmt), sign.Actor, "the record's Actor is the unit")
	assert.Equal(t, Person(cityMgmt, "王五", "执法队"), sign.Taker())
	assert.Equal(t, "person=王五&post=执法队", sign.Data)
	assert.Equal(t, "", sign.Leader())
	assert.Equal(t, UnitLeader(cityMgmt, "陈镇长", "镇长"), contact.Taker())
	assert.Equal(t, "陈镇长", contact.Leader())
	assert.Equal(t, "陈镇长", LedBy(trail))
	assert.Equal(t, Centre("agent-7"), trail[1].Taker(), "a centre step names no person")

	b, err := json.Marshal(sign)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"actor":{"role":"unit","id":"清溪镇城管办","person":"王五","post":"执法队"}`)
	var back Record
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, sign.Actor, back.Actor, "JSON round trip")
	assert.Equal(t, sign.Taker(), back.Taker())
	assert.Equal(t, sign.Hash, back.ComputeHash(trail[1].Hash), "the hash covers the person")

	o = must(t)(s.Get(ctx, centre, o.ID))
	recs, err := s.AssessmentRecords(o, trail, at(2025, 9, 16, 10, 0))
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, "陈镇长", recs[0].Person, "the unit's last step naming a person")
	assert.Equal(t, "镇长", recs[0].Post)
	assert.Equal(t, "陈镇长", recs[0].Leader)

	// A centre actor naming a person is refused everything.
	_, err = s.Urge(ctx, Actor{Role: RoleCentre, ID: "agent-7", Person: "王五"}, o.ID, "")
	assert.ErrorIs(t, err, ErrForbidden)
}

func TestDispatchLeader(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	o := must(t)(s.Accept(ctx, centre, draft()))
	_, err := s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Leader: " "})
	assert.ErrorIs(t, err, ErrInvalidArgument)
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Leader: "陈镇长", Remark: "一把手领办"}))
	trail, err := s.History(ctx, centre, o.ID)
	require.NoError(t, err)
	assert.Equal(t, "陈镇长", LedBy(trail))
	assert.Equal(t, "陈镇长", trail[1].Leader())
	assert.False(t, trail[1].Taker().Leader, "the centre dispatched; the leader leads")

	// A redispatch to another unit drops the leader.
	clk.Set(at(2025, 9, 15, 11, 0))
	must(t)(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur}))
	trail, err = s.History(ctx, centre, o.ID)
	require.NoError(t, err)
	assert.Equal(t, "", LedBy(trail))
	o = must(t)(s.Get(ctx, centre, o.ID))
	recs, err := s.AssessmentRecords(o, trail, at(2025, 9, 15, 12, 0))
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "陈镇长", recs[0].Leader)
	assert.Equal(t, "", recs[1].Leader)
}

// calledBack takes a complaint through handling to a callback with verdict
// v, replying at reply (due by the end of Monday 22 September 2025).
func calledBack(t *testing.T, s *Service, clk *testClock, reply int, v hotline.Satisfaction) *Order {
	t.Helper()
	ctx := context.Background()
	o := handling(t, s, draft())
	clk.Set(at(2025, 9, reply, 15, 0))
	must(t)(s.Reply(ctx, Person(cityMgmt, "王五", ""), o.ID, "已处理"))
	must(t)(s.ApproveReply(ctx, centre, o.ID, ""))
	clk.Set(at(2025, 9, reply+1, 9, 0))
	return must(t)(s.CallbackWith(ctx, centre, o.ID, CallbackAnswer{Satisfaction: v, Resolution: hotline.Unresolved}))
}

func TestExempt(t *testing.T) {
	ctx := context.Background()
	ask := func(scope assess.Exemption, reason string) Exemption {
		return Exemption{Scope: scope, Reason: reason, RequestedBy: "agent-7", Remark: "来电人要求不合理"}
	}
	tests := []struct {
		name    string
		reply   int // day of September 2025 the unit replies on; after the 22nd is late
		verdict hotline.Satisfaction
		by      Actor
		ex      Exemption
		want    error // nil: exempted
	}{
		{"a dissatisfied verdict", 18, hotline.Dissatisfied, super, ask(assess.ExemptVerdict, assess.ExemptUnreasonable), nil},
		{"a very dissatisfied verdict, the order", 18, hotline.VeryDissatisfied, super, ask(assess.ExemptOrder, assess.ExemptMalicious), nil},
		{"a late order, satisfied", 24, hotline.Satisfied, super, ask(assess.ExemptOrder, assess.ExemptOutOfPower), nil},
		{"the centre alone", 18, hotline.Dissatisfied, centre, ask(assess.ExemptVerdict, assess.ExemptUnreasonable), ErrForbidden},
		{"a satisfied verdict", 18, hotline.Satisfied, super, ask(assess.ExemptVerdict, assess.ExemptUnreasonable), ErrNotExemptable},
		{"an order on time and basically satisfied", 18, hotline.BasicallySatisfied, super, ask(assess.ExemptOrder, assess.ExemptUnreasonable), ErrNotExemptable},
		{"a late order's satisfied verdict", 24, hotline.Satisfied, super, ask(assess.ExemptVerdict, assess.ExemptUnreasonable), ErrNotExemptable},
		{"an unknown reason", 18, hotline.Dissatisfied, super, ask(assess.ExemptVerdict, "busy"), ErrInvalidArgument},
		{"no scope", 18, hotline.Dissatisfied, super, ask(assess.ExemptNone, assess.ExemptUnreasonable), ErrInvalidArgument},
		{"no requester", 18, hotline.Dissatisfied, super, Exemption{Scope: assess.ExemptVerdict, Reason: assess.ExemptMalicious, Remark: "恶意"}, ErrInvalidArgument},
		{"no remark", 18, hotline.Dissatisfied, super, Exemption{Scope: assess.ExemptVerdict, Reason: assess.ExemptMalicious, RequestedBy: "agent-7"}, ErrInvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, clk := newService(t)
			o := calledBack(t, s, clk, tt.reply, tt.verdict)
			clk.Set(at(2025, 9, 26, 10, 0))
			_, err := s.Exempt(ctx, tt.by, o.ID, tt.ex)
			trail, herr := s.History(ctx, centre, o.ID)
			require.NoError(t, herr)
			last := trail[len(trail)-1]
			if tt.want != nil {
				assert.ErrorIs(t, err, tt.want)
				assert.Equal(t, StepCallback, last.Step, "nothing recorded")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, StepExempt, last.Step)
			assert.Equal(t, super, last.Actor)
			assert.Equal(t, "scope="+tt.ex.Scope.String()+"&reason="+tt.ex.Reason+"&requested_by=agent-7", last.Data)
			assert.Equal(t, StateCalledBack, last.To)
			_, err = s.Exempt(ctx, super, o.ID, tt.ex)
			assert.ErrorIs(t, err, ErrNotExemptable, "given twice")

			recs, err := s.AssessmentRecords(o, trail, clk.Now())
			require.NoError(t, err)
			require.Len(t, recs, 1)
			assert.Equal(t, tt.ex.Scope, recs[0].Exempt)
			assert.Equal(t, tt.ex.Reason, recs[0].ExemptReason)
			assert.Equal(t, "王五", recs[0].Person)
		})
	}
}

// TestExemptReopened: a reopening voids the exempted verdict, and a new
// dissatisfied verdict can be exempted again.
func TestExemptReopened(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	o := calledBack(t, s, clk, 18, hotline.Dissatisfied)
	ex := Exemption{Scope: assess.ExemptVerdict, Reason: assess.ExemptUnreasonable, RequestedBy: "agent-7", Remark: "诉求不合理"}
	must(t)(s.Exempt(ctx, super, o.ID, ex))
	must(t)(s.Reopen(ctx, centre, o.ID, "来电人仍不满意"))
	trail, err := s.History(ctx, centre, o.ID)
	require.NoError(t, err)
	recs, err := s.AssessmentRecords(o, trail, clk.Now())
	require.NoError(t, err)
	assert.Equal(t, assess.ExemptNone, recs[0].Exempt)
	_, err = s.Exempt(ctx, super, o.ID, ex)
	assert.ErrorIs(t, err, ErrInvalidTransition, "handling again: nothing to review")
}

func TestExemptReasonsConfig(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t, func(c *Config) {
		c.ExemptReasons = []assess.ExemptReason{{Code: "repeat_caller", Name: "重复来电"}}
	})
	o := calledBack(t, s, clk, 18, hotline.Dissatisfied)
	_, err := s.Exempt(ctx, super, o.ID, Exemption{Scope: assess.ExemptVerdict, Reason: assess.ExemptMalicious, RequestedBy: "agent-7", Remark: "恶意"})
	assert.ErrorIs(t, err, ErrInvalidArgument, "a default reason the configuration dropped")
	must(t)(s.Exempt(ctx, super, o.ID, Exemption{Scope: assess.ExemptVerdict, Reason: "repeat_caller", RequestedBy: "agent-7", Remark: "同一诉求重复来电"}))
}

// TestExemptOrderCoversEveryUnit: an order exemption leaves out the
// records of every unit the order went through, the returning one too.
func TestExemptOrderCoversEveryUnit(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: envBur}))
	must(t)(s.Return(ctx, Person(envBur, "赵六", ""), o.ID, ReturnRequest{Code: "not_our_duty", Text: "不属本单位职责"}))
	must(t)(s.ApproveReturn(ctx, centre, o.ID, ""))
	must(t)(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	must(t)(s.Sign(ctx, Person(cityMgmt, "王五", ""), o.ID))
	clk.Set(at(2025, 9, 25, 15, 0)) // after the deadline of Monday 22nd
	must(t)(s.Reply(ctx, Person(cityMgmt, "王五", ""), o.ID, "已处理"))
	must(t)(s.ApproveReply(ctx, centre, o.ID, ""))
	must(t)(s.Callback(ctx, centre, o.ID, hotline.Satisfied, ""))
	o = must(t)(s.Exempt(ctx, super, o.ID, Exemption{Scope: assess.ExemptOrder, Reason: assess.ExemptOutOfPower,
		RequestedBy: "agent-7", Remark: "涉及上级审批事项"}))
	trail, err := s.History(ctx, centre, o.ID)
	require.NoError(t, err)
	recs, err := s.AssessmentRecords(o, trail, clk.Now())
	require.NoError(t, err)
	require.Len(t, recs, 2)
	for i, want := range []struct{ unit, person string }{{envBur, "赵六"}, {cityMgmt, "王五"}} {
		assert.Equal(t, want.unit, recs[i].Unit)
		assert.Equal(t, want.person, recs[i].Person)
		assert.Equal(t, assess.ExemptOrder, recs[i].Exempt)
		assert.Equal(t, assess.ExemptOutOfPower, recs[i].ExemptReason)
	}
	_, err = s.Exempt(ctx, super, o.ID, Exemption{Scope: assess.ExemptVerdict, Reason: assess.ExemptOutOfPower, RequestedBy: "agent-7", Remark: "再次"})
	assert.ErrorIs(t, err, ErrNotExemptable, "the order is out already")
}
