package assess_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
)

// people returns the fixture with persons, posts and leaders on the
// 城管分局 records: 王五 (执法队) took C1 and C2, 李四 (市容股) C3, C4
// is unsigned (no person), and the leader 陈局长 led C2 and C5.
func people() []assess.Record {
	recs := fixture()
	set := func(id, person, post, leader string) {
		for i := range recs {
			if recs[i].OrderID == id {
				recs[i].Person, recs[i].Post, recs[i].Leader = person, post, leader
			}
		}
	}
	set("C1", "王五", "执法队", "")
	set("C2", "王五", "执法队", "陈局长")
	set("C3", "李四", "市容股", "")
	set("C5", "陈局长", "局长", "陈局长")
	return recs
}

func TestComputeByPersonPostLeader(t *testing.T) {
	a := mustNew(t, assess.SchemeTown())
	tests := []struct {
		by   assess.Dimension
		want map[string][2]assess.Rate // name: on-time, satisfaction
		rows []string
	}{
		{assess.ByPerson, map[string][2]assess.Rate{
			chengguan + "/王五":  {r(1, 2), r(1, 2)},
			chengguan + "/李四":  {r(1, 1), r(1, 1)},
			chengguan + "/":    {r(0, 0), r(0, 0)}, // C4, unsigned
			chengguan + "/陈局长": {r(0, 0), r(0, 0)},
		}, []string{"城管分局/", "城管分局/陈局长", "城管分局/李四", "城管分局/王五", "派出所/", "住建局/"}},
		{assess.ByPost, map[string][2]assess.Rate{
			chengguan + "/执法队": {r(1, 2), r(1, 2)},
			chengguan + "/市容股": {r(1, 1), r(1, 1)},
		}, []string{"城管分局/", "城管分局/局长", "城管分局/市容股", "城管分局/执法队", "派出所/", "住建局/"}},
		{assess.ByLeader, map[string][2]assess.Rate{
			chengguan + "/陈局长": {r(0, 1), r(0, 1)},
		}, []string{"城管分局/陈局长"}},
	}
	for _, tt := range tests {
		t.Run(tt.by.String(), func(t *testing.T) {
			rep, err := a.ComputeBy(people(), october, tt.by)
			require.NoError(t, err)
			var names []string
			for _, row := range rep.Rows {
				names = append(names, row.Name)
			}
			assert.Equal(t, tt.rows, names)
			for name, want := range tt.want {
				row := rep.Row(name)
				require.NotNil(t, row, name)
				assert.Equal(t, want[0], row.OnTime, name+" on time")
				assert.Equal(t, want[1], row.Satisfaction, name+" satisfaction")
			}
			b, err := json.Marshal(rep)
			require.NoError(t, err)
			var back assess.Report
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tt.by, back.By)
		})
	}
	// Persons and posts split the unit's row without losing a record.
	unit, err := a.Compute(people(), october)
	require.NoError(t, err)
	person, err := a.ComputeBy(people(), october, assess.ByPerson)
	require.NoError(t, err)
	assert.Equal(t, unit.Total, person.Total)
}

// TestComputeExemptions: C2 (不满意, late) and Z4 (不满意) are exempted in
// several ways; the satisfaction of 城管分局 and 住建局 moves accordingly
// and every exemption is listed.
func TestComputeExemptions(t *testing.T) {
	exempt := func(recs []assess.Record, id string, e assess.Exemption, reason string) []assess.Record {
		for i := range recs {
			if recs[i].OrderID == id {
				recs[i].Exempt, recs[i].ExemptReason = e, reason
			}
		}
		return recs
	}
	tests := []struct {
		name   string
		scheme func() assess.Scheme
		recs   []assess.Record
		cg, zj assess.Scorecard // the figures checked: OnTime, Satisfaction, Resolved, Received, Exempted
		listed []assess.Exempted
	}{{
		name:   "none",
		scheme: assess.SchemeTown,
		recs:   fixture(),
		cg:     assess.Scorecard{OnTime: r(2, 3), Satisfaction: r(2, 3), Resolved: r(2, 3), Received: 4},
		zj:     assess.Scorecard{OnTime: r(2, 3), Satisfaction: r(1, 2), Resolved: r(1, 1), Received: 4},
	}, {
		name:   "C2's verdict: out of satisfaction and resolution, still late",
		scheme: assess.SchemeTown,
		recs:   exempt(fixture(), "C2", assess.ExemptVerdict, assess.ExemptUnreasonable),
		cg:     assess.Scorecard{OnTime: r(2, 3), Satisfaction: r(2, 2), Resolved: r(2, 2), Received: 4, Exempted: 1},
		zj:     assess.Scorecard{OnTime: r(2, 3), Satisfaction: r(1, 2), Resolved: r(1, 1), Received: 4},
		listed: []assess.Exempted{{OrderID: "C2", Unit: chengguan, Scope: assess.ExemptVerdict, Reason: assess.ExemptUnreasonable, ReasonName: "诉求不合理", Honoured: true}},
	}, {
		name:   "C2 as an order: out of every figure",
		scheme: assess.SchemeTown,
		recs:   exempt(fixture(), "C2", assess.ExemptOrder, assess.ExemptOutOfPower),
		cg:     assess.Scorecard{OnTime: r(2, 2), Satisfaction: r(2, 2), Resolved: r(2, 2), Received: 3, Exempted: 1},
		zj:     assess.Scorecard{OnTime: r(2, 3), Satisfaction: r(1, 2), Resolved: r(1, 1), Received: 4},
		listed: []assess.Exempted{{OrderID: "C2", Unit: chengguan, Scope: assess.ExemptOrder, Reason: assess.ExemptOutOfPower, ReasonName: "超出政府职权范围", Honoured: true}},
	}, {
		name: "a reason the scheme does not honour counts, and is listed",
		scheme: func() assess.Scheme {
			s := assess.SchemeTown()
			s.Exempt.Reasons = []assess.ExemptReason{{Code: assess.ExemptMalicious, Name: "恶意来电"}}
			return s
		},
		recs: exempt(exempt(fixture(), "C2", assess.ExemptOrder, assess.ExemptOutOfPower), "Z4", assess.ExemptVerdict, assess.ExemptMalicious),
		cg:   assess.Scorecard{OnTime: r(2, 3), Satisfaction: r(2, 3), Resolved: r(2, 3), Received: 4},
		zj:   assess.Scorecard{OnTime: r(2, 3), Satisfaction: r(1, 1), Resolved: r(0, 0), Received: 4, Exempted: 1},
		listed: []assess.Exempted{
			{OrderID: "C2", Unit: chengguan, Scope: assess.ExemptOrder, Reason: assess.ExemptOutOfPower, Honoured: false},
			{OrderID: "Z4", Unit: zhujian, Scope: assess.ExemptVerdict, Reason: assess.ExemptMalicious, ReasonName: "恶意来电", Honoured: true},
		},
	}, {
		name:   "an exemption outside the period is not listed",
		scheme: assess.SchemeTown,
		recs:   exempt(fixture(), "P3", assess.ExemptVerdict, assess.ExemptMalicious), // rated in November
		cg:     assess.Scorecard{OnTime: r(2, 3), Satisfaction: r(2, 3), Resolved: r(2, 3), Received: 4},
		zj:     assess.Scorecard{OnTime: r(2, 3), Satisfaction: r(1, 2), Resolved: r(1, 1), Received: 4},
	}}
	pick := func(s *assess.Scorecard) assess.Scorecard {
		return assess.Scorecard{OnTime: s.OnTime, Satisfaction: s.Satisfaction, Resolved: s.Resolved, Received: s.Received, Exempted: s.Exempted}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := mustNew(t, tt.scheme()).Compute(tt.recs, october)
			require.NoError(t, err)
			assert.Equal(t, tt.cg, pick(rep.Row(chengguan)), chengguan)
			assert.Equal(t, tt.zj, pick(rep.Row(zhujian)), zhujian)
			assert.Equal(t, tt.listed, rep.Exemptions)
		})
	}
}

func TestRecordExemptValidate(t *testing.T) {
	base := assess.Record{OrderID: "X", Unit: chengguan, Received: at(10, 1, 9, 0)}
	tests := []struct {
		name  string
		edit  func(*assess.Record)
		field string // "" for valid
	}{
		{"a verdict with a reason", func(r *assess.Record) {
			r.Satisfaction, r.Rated, r.Exempt, r.ExemptReason = hotline.Dissatisfied, at(10, 2, 9, 0), assess.ExemptVerdict, "malicious"
		}, ""},
		{"an order with a reason", func(r *assess.Record) { r.Exempt, r.ExemptReason = assess.ExemptOrder, "malicious" }, ""},
		{"no reason", func(r *assess.Record) { r.Exempt = assess.ExemptOrder }, "ExemptReason"},
		{"an unknown scope", func(r *assess.Record) { r.Exempt, r.ExemptReason = 9, "malicious" }, "Exempt"},
		{"a verdict never given", func(r *assess.Record) { r.Exempt, r.ExemptReason = assess.ExemptVerdict, "malicious" }, "Exempt"},
	}
	for _, tt := range tests {
		rec := base
		tt.edit(&rec)
		err := rec.Validate()
		if tt.field == "" {
			assert.NoError(t, err, tt.name)
			continue
		}
		var re *assess.RecordError
		require.ErrorAs(t, err, &re, tt.name)
		assert.Equal(t, tt.field, re.Field, tt.name)
	}
}

func TestMisses(t *testing.T) {
	s := assess.SchemeTown()
	s.Targets = []assess.Target{{Metric: assess.MetricResolution, Rate: 0.92}, {Metric: assess.MetricReturn, Rate: 0.05}, {Metric: assess.MetricOnTime, Rate: 0.98}}
	a := mustNew(t, s)
	tests := []struct {
		row  assess.Scorecard
		want []assess.Metric
	}{
		{assess.Scorecard{Resolved: r(92, 100), Returned: r(5, 100), OnTime: r(98, 100)}, nil},
		{assess.Scorecard{Resolved: r(91, 100), Returned: r(6, 100), OnTime: r(1, 1)}, []assess.Metric{assess.MetricResolution, assess.MetricReturn}},
		{assess.Scorecard{OnTime: r(97, 100)}, []assess.Metric{assess.MetricOnTime}},
		{assess.Scorecard{}, nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, a.Misses(&tt.row))
	}
}

func TestParseExemption(t *testing.T) {
	for _, s := range []string{"verdict", "Verdict", "评价不纳入考核"} {
		e, err := assess.ParseExemption(s)
		require.NoError(t, err)
		assert.Equal(t, assess.ExemptVerdict, e)
	}
	_, err := assess.ParseExemption("all")
	assert.ErrorIs(t, err, assess.ErrInvalidRecord)
}

// ExampleDimension_person scores the persons of one unit (经办人) under the
// town's scheme file, and lists the exemption that left a verdict out.
func ExampleDimension_person() {
	f, err := os.Open("schemes/town.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	s, err := assess.ParseScheme(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := assess.New(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	recs := people()
	recs[1].Exempt, recs[1].ExemptReason = assess.ExemptVerdict, assess.ExemptUnreasonable // C2's 不满意
	rep, err := a.ComputeBy(recs[:5], october, assess.ByPerson)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range rep.Rows {
		fmt.Printf("%s on time %v, satisfied %v, score %.1f\n", row.Name, row.OnTime, row.Satisfaction, row.Score)
	}
	for _, e := range rep.Exemptions {
		fmt.Println(e.OrderID, e.Unit, e.Scope, e.Reason, e.Honoured)
	}
	// Output:
	// 城管分局/ on time - (0/0), satisfied - (0/0), score 0.0
	// 城管分局/陈局长 on time - (0/0), satisfied - (0/0), score 100.0
	// 城管分局/李四 on time 100.0% (1/1), satisfied 100.0% (1/1), score 100.0
	// 城管分局/王五 on time 50.0% (1/2), satisfied 100.0% (1/1), score 75.0
	// C2 城管分局 verdict unreasonable true
}

func ExampleReport_WriteText_exemptions() {
	recs := fixture()
	recs[1].Exempt, recs[1].ExemptReason = assess.ExemptVerdict, assess.ExemptUnreasonable // C2
	a, err := assess.New(assess.SchemeTown())
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := a.Compute(recs[:2], october)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := rep.WriteText(os.Stdout, language.Chinese); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 单位      受理  办结  响应率  按期办结率  超期  退单率  重办率  延期率  解决率  满意率  得分
	// --------------------------------------------------------------------------------------------
	// 城管分局     2     2   50.0%       50.0%     0    0.0%    0.0%   50.0%  100.0%  100.0%  75.0
	// --------------------------------------------------------------------------------------------
	// 合计         2     2   50.0%       50.0%     0    0.0%    0.0%   50.0%  100.0%  100.0%  75.0
	//
	// 不纳入考核工单      单位            范围        原因  采纳
	// ----------------------------------------------------------
	// C2              城管分局  评价不纳入考核  诉求不合理    是
}
