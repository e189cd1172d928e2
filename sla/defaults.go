package sla

import (
	_ "embed"
	"time"
)

// Names of the targets in the default policies.
const (
	TargetSign     = "sign"     // the unit signs for the order (签收)
	TargetReturn   = "return"   // window for returning a wrong dispatch (退单)
	TargetContact  = "contact"  // the unit reaches the caller (emergencies)
	TargetArrive   = "arrive"   // the unit is on site (emergencies)
	TargetFinish   = "finish"   // the matter is handled (办结)
	TargetFeedback = "feedback" // the caller is told the outcome (反馈, emergencies)
)

//go:embed default_policies.yaml
var defaultPoliciesYAML []byte

// DefaultPoliciesYAML returns the default policies as a policy file, a
// starting point for local rules. Loading it gives DefaultPolicies.
func DefaultPoliciesYAML() []byte { return append([]byte(nil), defaultPoliciesYAML...) }

// DefaultPolicies returns the town's rules, one policy per category for
// normal orders and one for emergencies of any category (see the table in
// the package documentation):
//
//   - every normal order: sign by the close of work of the next working day
//     after dispatch (warning 2 working hours before); a return window
//     until the same instant; both restart on each dispatch;
//   - consultation: finish in 2 working days (one extension of up to 2);
//   - help, complaint, report, other: finish in 5 working days (one
//     extension of up to 10);
//   - suggestion: finish in 10 working days (one extension of up to 10);
//   - praise: finish in 5 working days, no extension;
//   - emergency: sign within 15 minutes of dispatch, return within 30
//     minutes, contact the caller within 30 minutes and arrive within 1
//     hour of receipt, finish by 24:00 of the day received (one extension of
//     up to 24 hours), feedback within 2 working days.
//
// Finish and feedback count from receipt, are met by the first finished,
// replied or closed event (feedback: replied or closed), restart when the
// order is reopened, and pause while the order is suspended; finish warns
// at 75% of its time. Working-days targets end at 24:00 unless noted. Each
// call returns a new set.
func DefaultPolicies() *PolicySet {
	s, err := NewPolicySet(defaultPolicies()...)
	if err != nil {
		panic(err) // the defaults are checked by the tests
	}
	return s
}

func defaultPolicies() []Policy {
	sign := Target{
		Name: TargetSign, Clock: ClockWorkingDays, Amount: Amount{Days: 1}, CloseOfWork: true,
		Start: EventDispatched, RestartOn: []EventKind{EventDispatched}, MetBy: []EventKind{EventSigned},
		Warnings: []Warning{{Before: Amount{Duration: 2 * time.Hour}}},
	}
	ret := Target{
		Name: TargetReturn, Clock: ClockWorkingDays, Amount: Amount{Days: 1}, CloseOfWork: true,
		Start: EventDispatched, RestartOn: []EventKind{EventDispatched}, MetBy: []EventKind{EventReturned},
		Window: true,
	}
	finish := func(days, maxCount, maxDays int) Target {
		t := Target{
			Name: TargetFinish, Clock: ClockWorkingDays, Amount: Amount{Days: days},
			Start: EventReceived, RestartOn: []EventKind{EventReopened},
			MetBy:    []EventKind{EventFinished, EventReplied, EventClosed},
			Pausable: true, Warnings: []Warning{{Fraction: 0.75}},
			Extension: ExtensionLimit{MaxCount: maxCount},
		}
		if maxDays > 0 {
			t.Extension.MaxTotal = Amount{Days: maxDays}
		}
		return t
	}
	normal := func(c Category, days, maxCount, maxDays int) Policy {
		return Policy{Name: string(c), Category: c, Urgency: UrgencyNormal,
			Targets: []Target{sign, ret, finish(days, maxCount, maxDays)}}
	}
	return []Policy{
		{Name: "emergency", Urgency: UrgencyEmergency, Targets: []Target{
			{Name: TargetSign, Clock: ClockNatural, Amount: Amount{Duration: 15 * time.Minute},
				Start: EventDispatched, RestartOn: []EventKind{EventDispatched}, MetBy: []EventKind{EventSigned},
				Warnings: []Warning{{Fraction: 0.5}}},
			{Name: TargetReturn, Clock: ClockNatural, Amount: Amount{Duration: 30 * time.Minute},
				Start: EventDispatched, RestartOn: []EventKind{EventDispatched}, MetBy: []EventKind{EventReturned},
				Window: true},
			{Name: TargetContact, Clock: ClockNatural, Amount: Amount{Duration: 30 * time.Minute},
				Start: EventReceived, MetBy: []EventKind{EventContacted, EventArrived},
				Warnings: []Warning{{Fraction: 0.5}}},
			{Name: TargetArrive, Clock: ClockNatural, Amount: Amount{Duration: time.Hour},
				Start: EventReceived, MetBy: []EventKind{EventArrived},
				Warnings: []Warning{{Before: Amount{Duration: 15 * time.Minute}}}},
			{Name: TargetFinish, Clock: ClockSameDay,
				Start: EventReceived, RestartOn: []EventKind{EventReopened},
				MetBy:     []EventKind{EventFinished, EventReplied, EventClosed},
				Warnings:  []Warning{{Before: Amount{Duration: 2 * time.Hour}}},
				Extension: ExtensionLimit{MaxCount: 1, MaxTotal: Amount{Duration: 24 * time.Hour}}},
			{Name: TargetFeedback, Clock: ClockWorkingDays, Amount: Amount{Days: 2},
				Start: EventReceived, RestartOn: []EventKind{EventReopened},
				MetBy: []EventKind{EventReplied, EventClosed}, Pausable: true,
				Warnings: []Warning{{Fraction: 0.75}}},
		}},
		normal(CategoryConsultation, 2, 1, 2),
		normal(CategoryHelp, 5, 1, 10),
		normal(CategoryComplaint, 5, 1, 10),
		normal(CategoryReport, 5, 1, 10),
		normal(CategorySuggestion, 10, 1, 10),
		normal(CategoryPraise, 5, 0, 0),
		normal(CategoryOther, 5, 1, 10),
	}
}
