package sla_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
)

// Finish deadlines under the Guangdong limits for orders received on
// Friday 2025-09-26 10:00, before the National Day holiday (Oct 1-8, with
// the make-up working days Sunday Sep 28 and Saturday Oct 11), worked by
// hand. The working days after the 26th are: 1 Sep 28, 2 Sep 29, 3 Sep 30,
// 4 Oct 9, 5 Oct 10, 6 Oct 11, 7 Oct 13, 8 Oct 14, 9 Oct 15, 10 Oct 16,
// 11 Oct 17, 12 Oct 20, 13 Oct 21, 14 Oct 22, 15 Oct 23; a deadline is the
// end (24:00) of the last one. The town's limits are beside them.
func TestGuangdongFinishAcrossNationalDay(t *testing.T) {
	received := tm(2025, 9, 26, 10, 0)
	cases := []struct {
		category      hotline.Category
		days          int
		guangdong     time.Time
		town          time.Time
		extensionDays int
	}{
		{hotline.CategoryConsultation, 2, tm(2025, 9, 30, 0, 0), tm(2025, 9, 30, 0, 0), 2},
		{hotline.CategoryHelp, 10, tm(2025, 10, 17, 0, 0), tm(2025, 10, 11, 0, 0), 10},
		{hotline.CategorySuggestion, 10, tm(2025, 10, 17, 0, 0), tm(2025, 10, 17, 0, 0), 10},
		{hotline.CategoryComplaint, 15, tm(2025, 10, 24, 0, 0), tm(2025, 10, 11, 0, 0), 15},
		{hotline.CategoryReport, 15, tm(2025, 10, 24, 0, 0), tm(2025, 10, 11, 0, 0), 15},
		// Ours: the provincial rule names no limit for these.
		{hotline.CategoryPraise, 10, tm(2025, 10, 17, 0, 0), tm(2025, 10, 11, 0, 0), 0},
		{hotline.CategoryOther, 10, tm(2025, 10, 17, 0, 0), tm(2025, 10, 11, 0, 0), 10},
	}
	tl := sla.Timeline{ev(sla.EventReceived, received)}
	for _, tc := range cases {
		t.Run(string(tc.category), func(t *testing.T) {
			for _, set := range []struct {
				name string
				ps   *sla.PolicySet
				want time.Time
			}{{"guangdong", sla.GuangdongPolicies(), tc.guangdong}, {"town", sla.DefaultPolicies(), tc.town}} {
				p, err := set.ps.Lookup(sla.Key{Category: tc.category, Urgency: hotline.UrgencyNormal})
				require.NoError(t, err)
				rs, err := sla.Evaluate(p, cn.Calendar(), tl, received)
				require.NoError(t, err)
				finish := findResult(t, rs, sla.TargetFinish)
				assert.Equal(t, set.want, finish.Due.In(shanghai), "%s %s", set.name, tc.category)
			}
			p, err := sla.GuangdongPolicies().Lookup(sla.Key{Category: tc.category, Urgency: hotline.UrgencyNormal})
			require.NoError(t, err)
			f := p.Target(sla.TargetFinish)
			require.NotNil(t, f)
			assert.Equal(t, sla.Amount{Days: tc.days}, f.Amount)
			assert.Equal(t, tc.extensionDays, f.Extension.MaxTotal.Days)
		})
	}
}

func findResult(t *testing.T, rs []sla.Result, name string) sla.Result {
	t.Helper()
	for _, r := range rs {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no result %q", name)
	return sla.Result{}
}

// Where the provincial rule says nothing the Guangdong policies keep the
// town's targets: the sign and return windows of every normal order, and
// the whole emergency policy.
func TestGuangdongKeepsTheTownsOtherTargets(t *testing.T) {
	gd, town := sla.GuangdongPolicies(), sla.DefaultPolicies()
	require.Len(t, gd.Policies(), len(town.Policies()))
	for _, p := range town.Policies() {
		q, err := gd.Lookup(sla.Key{Category: p.Category, Urgency: p.Urgency})
		require.NoError(t, err, p.Name)
		assert.Equal(t, p.Name, q.Name)
		for _, tg := range p.Targets {
			if tg.Name == sla.TargetFinish && p.Urgency == hotline.UrgencyNormal {
				continue
			}
			assert.Equal(t, tg, *q.Target(tg.Name), "policy %q target %q", p.Name, tg.Name)
		}
	}
}

// The file parses to the same policies, and each call returns a set of
// its own.
func TestGuangdongPoliciesFile(t *testing.T) {
	fromFile, err := sla.Parse(bytes.NewReader(sla.GuangdongPoliciesYAML()))
	require.NoError(t, err)
	assert.Equal(t, sla.GuangdongPolicies().Policies(), fromFile.Policies())

	a := sla.GuangdongPolicies()
	p, err := a.Lookup(sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal})
	require.NoError(t, err)
	p.Target(sla.TargetFinish).Amount.Days = 1
	b := sla.GuangdongPolicies()
	q, err := b.Lookup(sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal})
	require.NoError(t, err)
	assert.Equal(t, 15, q.Target(sla.TargetFinish).Amount.Days)

	y := sla.GuangdongPoliciesYAML()
	y[0] = 'x'
	assert.Equal(t, byte('#'), sla.GuangdongPoliciesYAML()[0])
}
