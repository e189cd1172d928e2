package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// A city's orders over one year up to now: a tenth of them open, most of
// those the newest; 60 units, the busiest with ten times the orders of
// the quietest; 30 towns of 20 villages; each order with the records of
// the steps that brought it to its state.
type city struct {
	n    int
	now  time.Time // the end of the year, the measurement's "now"
	span time.Duration
}

const (
	units   = 60
	towns   = 30
	village = 20
)

var (
	categories = []hotline.Category{hotline.CategoryComplaint, hotline.CategoryComplaint, hotline.CategoryComplaint,
		hotline.CategoryHelp, hotline.CategoryHelp, hotline.CategoryConsultation, hotline.CategoryConsultation,
		hotline.CategoryReport, hotline.CategorySuggestion, hotline.CategoryOther}
	openStates = []workorder.State{workorder.StateReceived, workorder.StateDispatched, workorder.StateHandling,
		workorder.StateHandling, workorder.StateHandling, workorder.StateHandling, workorder.StateHandling,
		workorder.StateSuspended, workorder.StateReplied, workorder.StateReviewed}
	// path is the states an order passes to reach each state, after
	// received.
	path = map[workorder.State][]workorder.State{
		workorder.StateReceived:   nil,
		workorder.StateDispatched: {workorder.StateDispatched},
		workorder.StateHandling:   {workorder.StateDispatched, workorder.StateHandling},
		workorder.StateSuspended:  {workorder.StateDispatched, workorder.StateHandling, workorder.StateSuspended},
		workorder.StateReplied:    {workorder.StateDispatched, workorder.StateHandling, workorder.StateReplied},
		workorder.StateReviewed:   {workorder.StateDispatched, workorder.StateHandling, workorder.StateReplied, workorder.StateReviewed},
		workorder.StateClosed: {workorder.StateDispatched, workorder.StateHandling, workorder.StateReplied,
			workorder.StateReviewed, workorder.StateCalledBack, workorder.StateClosed},
		workorder.StateCancelled: {workorder.StateCancelled},
		workorder.StateMerged:    {workorder.StateMerged},
	}
	steps = map[workorder.State]workorder.Step{
		workorder.StateDispatched: workorder.StepDispatch, workorder.StateHandling: workorder.StepSign,
		workorder.StateSuspended: workorder.StepSuspend, workorder.StateReplied: workorder.StepReply,
		workorder.StateReviewed: workorder.StepApproveReply, workorder.StateCalledBack: workorder.StepCallback,
		workorder.StateClosed: workorder.StepClose, workorder.StateCancelled: workorder.StepCancel,
		workorder.StateMerged: workorder.StepMerge,
	}
	texts = []string{
		"三中村工业路工地夜间施工噪音扰民，凌晨两点仍在作业，多次反映未果，请相关部门尽快处理。",
		"小区门口道路积水严重，下雨天无法通行，老人小孩出行不便，希望尽快疏通排水管道。",
		"咨询新生儿医保参保手续需要哪些材料，在哪里办理，是否可以网上办理。",
		"举报某餐馆后厨卫生条件差，使用过期食材，存在食品安全隐患，请市场监管部门核查。",
		"建议在村口路段增设路灯和减速带，夜间车辆较多，行人安全没有保障。",
	}
)

// unitName returns unit u's name.
func unitName(u int) string { return fmt.Sprintf("单位%02d", u) }

// townName returns town t's region, villageName a village's.
func townName(t int) string       { return fmt.Sprintf("第%02d镇", t) }
func villageName(t, v int) string { return fmt.Sprintf("第%02d镇/第%02d村", t, v) }

// created returns when order i was created: evenly over the year, in id
// order.
func (c *city) created(i int) time.Time {
	return c.now.Add(-c.span + time.Duration(float64(c.span)*float64(i)/float64(c.n))).Truncate(time.Microsecond)
}

// id returns order i's id.
func (c *city) id(i int) string {
	return fmt.Sprintf("QX%s%08d", c.created(i).Format("20060102"), i)
}

// order returns order i and its records, the same for the same i.
func (c *city) order(i int) (*workorder.Order, []workorder.Record) {
	r := rand.New(rand.NewPCG(uint64(i), 12345))
	created := c.created(i)
	// The newest tenth is mostly open, and one in a hundred older orders
	// is stuck open.
	open := i >= c.n*9/10 && r.IntN(100) < 97 || r.IntN(100) == 0
	var state workorder.State
	switch x := r.IntN(100); {
	case open:
		state = openStates[r.IntN(len(openStates))]
	case x < 3:
		state = workorder.StateCancelled
	case x < 7:
		state = workorder.StateMerged
	default:
		state = workorder.StateClosed
	}
	t, v := r.IntN(towns), r.IntN(village)
	region := villageName(t, v)
	if r.IntN(10) == 0 {
		region = townName(t)
	}
	o := &workorder.Order{
		ID: c.id(i), Channel: hotline.ChannelPhone, Category: categories[r.IntN(len(categories))],
		Urgency: hotline.UrgencyNormal, Title: "市民来电反映问题", Text: texts[r.IntN(len(texts))],
		Caller:   workorder.Caller{Name: "市民", Phone: fmt.Sprintf("138%08d", r.IntN(1e8))},
		Location: workorder.Location{Region: region, Address: fmt.Sprintf("%s%d号", region, 1+r.IntN(200))},
		State:    workorder.StateReceived, Created: created, Updated: created,
		Timeline: sla.Timeline{{Kind: sla.EventReceived, At: created}},
	}
	// Busy units take more: unit u gets weight 10 down to 1.
	lead := int(float64(units) * r.Float64() * r.Float64())
	dispatched := len(path[state]) > 0 && state != workorder.StateCancelled && state != workorder.StateMerged
	if dispatched {
		o.Lead = unitName(lead)
		if r.IntN(100) < 8 {
			o.Assists = []workorder.Assist{{Unit: unitName((lead + 1 + r.IntN(units-1)) % units), Since: created.Add(time.Hour)}}
			o.Routing = &workorder.Routing{Lead: o.Lead, Assist: []string{o.Assists[0].Unit}, Joint: true, Coordinator: "热线中心"}
		}
	}
	if r.IntN(100) < 6 {
		if o.Routing == nil {
			o.Routing = &workorder.Routing{Lead: o.Lead}
		}
		o.Routing.Repeat, o.Routing.RepeatOf = true, []string{c.id(max(i-1-r.IntN(50), 0))}
		o.Routing.RepeatKey = o.Location.Address + "｜" + string(o.Category) + "｜"
	}
	if state == workorder.StateMerged {
		o.MergedInto = c.id(max(i-1-r.IntN(20), 0))
	}
	if state.Open() && state != workorder.StateReceived {
		// Due in five working days or so; some already past.
		o.Due = created.Add(7 * 24 * time.Hour).Add(time.Duration(r.IntN(48)) * time.Hour)
		switch {
		case o.Due.Before(c.now):
			o.Level, o.Overdue = sla.LevelOverdue, true
		case o.Due.Before(c.now.Add(24 * time.Hour)):
			o.Level = sla.LevelWarning
		}
	} else if r.IntN(100) < 6 {
		o.Overdue = true
	}
	o.Version = 1
	var recs []workorder.Record
	add := func(step workorder.Step, a workorder.Actor, from, to workorder.State, at time.Time) {
		rec := workorder.Record{OrderID: o.ID, Seq: o.Version, At: at, Actor: a, Step: step, From: from, To: to}
		var prev [32]byte
		if len(recs) > 0 {
			prev = recs[len(recs)-1].Hash
			o.Version++
			rec.Seq = o.Version
		}
		rec.Hash = rec.ComputeHash(prev)
		recs = append(recs, rec)
		o.State, o.Updated, o.LastHash = to, at, rec.Hash
	}
	centre := workorder.Centre("坐席07")
	add(workorder.StepAccept, centre, workorder.StateNew, workorder.StateReceived, created)
	at := created
	for _, to := range path[state] {
		at = at.Add(time.Duration(1+r.IntN(20)) * time.Hour)
		if at.After(c.now) {
			at = c.now
		}
		a := centre
		if to == workorder.StateHandling || to == workorder.StateReplied || to == workorder.StateSuspended {
			a = workorder.Unit(o.Lead)
		}
		add(steps[to], a, o.State, to, at)
	}
	return o, recs
}
