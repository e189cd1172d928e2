package sla

import (
	"bytes"
	_ "embed"
	"sync"
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

// DefaultPolicies returns the town's rules, the policies of
// DefaultPoliciesYAML: one policy per category for normal orders and one
// for emergencies of any category (see the table in the package
// documentation):
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
// at 75% of its time. Working-days targets end at 24:00 unless noted. The
// file is parsed once; each call returns a new set that shares nothing
// with the sets of other calls.
func DefaultPolicies() *PolicySet { return &PolicySet{policies: defaultSet().Policies()} }

// defaultSet is the embedded file, parsed on first use.
var defaultSet = parsedOnce(defaultPoliciesYAML)

// parsedOnce returns a function that parses the embedded policy file b
// on its first call and returns the same set every time.
func parsedOnce(b []byte) func() *PolicySet {
	return sync.OnceValue(func() *PolicySet {
		s, err := Parse(bytes.NewReader(b))
		if err != nil {
			panic(err) // the file is embedded, and the tests load it
		}
		return s
	})
}

//go:embed guangdong_policies.yaml
var guangdongPoliciesYAML []byte

// GuangdongPoliciesYAML returns the Guangdong provincial limits as a
// policy file, in a new slice; loading it gives GuangdongPolicies.
func GuangdongPoliciesYAML() []byte { return bytes.Clone(guangdongPoliciesYAML) }

// GuangdongPolicies returns a second starting point beside
// DefaultPolicies: the finish limits of Guangdong province's 12345 hotline
// rules of 2022 for normal orders, in working days counted from receipt
// and ending at 24:00:
//
//   - consultation (咨询): 2 (one extension of up to 2);
//   - help (求助) and suggestion (建议): 10 (one extension of up to 10);
//   - complaint (投诉) and report (举报): 15 (one extension of up to 15).
//
// Where the provincial rule says nothing the policies are ours: the
// extensions above; praise 10 working days without extension and other
// orders as help; and, as in DefaultPolicies, the sign and return windows
// of every normal order, the warnings, the pauses, and the emergency
// policy. DefaultPolicies stays the default: the town's stricter 5 working
// days are its own rule. The file is parsed once; each call returns a new
// set that shares nothing with the sets of other calls.
func GuangdongPolicies() *PolicySet { return &PolicySet{policies: guangdongSet().Policies()} }

var guangdongSet = parsedOnce(guangdongPoliciesYAML)
