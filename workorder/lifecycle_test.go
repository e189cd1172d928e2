package workorder

import (
	"errors"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/looplab/fsm"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
)

var update = flag.Bool("update", false, "rewrite docs/lifecycle.md and the JSON golden files under testdata")

// TestTableMatchesFSM checks the dense table against a fresh looplab/fsm
// machine for every state and step, and against the transition list
// itself.
func TestTableMatchesFSM(t *testing.T) {
	want := map[[2]uint8]State{}
	for _, tr := range transitions {
		for _, src := range tr.src {
			dst := tr.dst
			if dst == 0 {
				dst = src
			}
			want[[2]uint8{uint8(src), uint8(tr.step)}] = dst
		}
	}
	allowed := 0
	for from := State(0); from < numStates; from++ {
		for step := Step(1); step < numSteps; step++ {
			got, err := next(from, step)
			viaFSM, fsmOK := fire(fsm.NewFSM(from.String(), fsmEvents, nil), from, step)
			exp, ok := want[[2]uint8{uint8(from), uint8(step)}]
			switch {
			case ok != (err == nil) || ok != fsmOK:
				t.Errorf("%s in %s: table err %v, fsm allows %v, list allows %v", step, from, err, fsmOK, ok)
			case ok && (got != exp || viaFSM != exp):
				t.Errorf("%s in %s: table %s, fsm %s, list %s", step, from, got, viaFSM, exp)
			case ok:
				allowed++
			}
		}
	}
	if allowed != len(want) {
		t.Errorf("%d transitions allowed, the list has %d", allowed, len(want))
	}
}

func TestNext(t *testing.T) {
	cases := []struct {
		from State
		step Step
		to   State // StateNew: refused
	}{
		{StateNew, StepAccept, StateReceived},
		{StateReceived, StepDispatch, StateDispatched},
		{StateDispatched, StepSign, StateHandling},
		{StateDispatched, StepReturn, StateReturned},
		{StateHandling, StepReturn, StateReturned},
		{StateReturned, StepRedispatch, StateDispatched},
		{StateReturned, StepDesignate, StateDispatched},
		{StateHandling, StepRequestExtension, StateHandling},
		{StateHandling, StepSuspend, StateSuspended},
		{StateSuspended, StepResume, StateHandling},
		{StateHandling, StepReply, StateReplied},
		{StateReplied, StepApproveReply, StateReviewed},
		{StateReplied, StepRejectReply, StateHandling},
		{StateReviewed, StepCallback, StateCalledBack},
		{StateCalledBack, StepClose, StateClosed},
		{StateCalledBack, StepReopen, StateHandling},
		{StateMerged, StepClose, StateClosed},
		{StateReturned, StepMerge, StateMerged},
		{StateSuspended, StepCancel, StateCancelled},
		{StateCalledBack, StepUrge, StateCalledBack},
		{StateSuspended, StepSupervise, StateSuspended},
		{StateDispatched, StepRequestReturn, StateReturnRequested},
		{StateHandling, StepRequestReturn, StateReturnRequestedSigned},
		{StateReturnRequested, StepApproveReturn, StateReturned},
		{StateReturnRequestedSigned, StepApproveReturn, StateReturned},
		{StateReturnRequested, StepRefuseReturn, StateDispatched},
		{StateReturnRequestedSigned, StepRefuseReturn, StateHandling},
		{StateReturnRequested, StepCancel, StateCancelled},
		{StateReturnRequestedSigned, StepMerge, StateMerged},
		{StateReturnRequested, StepSubmitOpinion, StateReturnRequested},
		{StateReturnRequestedSigned, StepUrge, StateReturnRequestedSigned},
		// Refusals.
		{StateSuspended, StepRequestReturn, StateNew},
		{StateReturned, StepRequestReturn, StateNew},
		{StateReturnRequested, StepRequestReturn, StateNew},
		{StateReturnRequested, StepReturn, StateNew},
		{StateReturnRequested, StepSign, StateNew},
		{StateReturnRequested, StepRedispatch, StateNew},
		{StateReturnRequestedSigned, StepReply, StateNew},
		{StateReturnRequestedSigned, StepSuspend, StateNew},
		{StateReturnRequestedSigned, StepRequestExtension, StateNew},
		{StateDispatched, StepApproveReturn, StateNew},
		{StateReturned, StepRefuseReturn, StateNew},
		{StateNew, StepDispatch, StateNew},
		{StateReceived, StepSign, StateNew},
		{StateReceived, StepAccept, StateNew},
		{StateDispatched, StepReply, StateNew},
		{StateSuspended, StepReply, StateNew},
		{StateSuspended, StepReturn, StateNew},
		{StateReplied, StepCallback, StateNew},
		{StateReviewed, StepClose, StateNew},
		{StateHandling, StepClose, StateNew},
		{StateHandling, StepMerge, StateNew},
		{StateReplied, StepCancel, StateNew},
		{StateClosed, StepUrge, StateNew},
		{StateClosed, StepDispatch, StateNew},
		{StateDispatched, StepDecline, StateNew},
		{StateNotAccepted, StepReopen, StateNew},
		{StateNotAccepted, StepUrge, StateNew},
		{StateCancelled, StepDispatch, StateNew},
		{StateMerged, StepUrge, StateNew},
		{StateDispatched, StepContact, StateNew},
		{StateHandling, 0, StateNew},
		{StateHandling, numSteps, StateNew},
		{numStates, StepUrge, StateNew},
	}
	for _, tc := range cases {
		got, err := Next(tc.from, tc.step)
		if tc.to == StateNew {
			var te *TransitionError
			if !errors.Is(err, ErrInvalidTransition) || !errors.As(err, &te) || te.State != tc.from || te.Step != tc.step {
				t.Errorf("Next(%s, %s) = %s, %v; want a TransitionError", tc.from, tc.step, got, err)
			}
			if Can(tc.from, tc.step) {
				t.Errorf("Can(%s, %s) = true", tc.from, tc.step)
			}
			continue
		}
		if err != nil || got != tc.to {
			t.Errorf("Next(%s, %s) = %s, %v; want %s", tc.from, tc.step, got, err, tc.to)
		}
	}
}

func TestStepsFrom(t *testing.T) {
	cases := []struct {
		s    State
		want string
	}{
		{StateNew, "accept"},
		{StateReceived, "dispatch urge supervise merge cancel decline answer transfer"},
		{StateAnswered, "callback urge supervise"},
		{StateTransferred, ""},
		{StateReturned, "redispatch designate urge supervise merge cancel transfer"},
		{StateReplied, "approve_reply reject_reply urge supervise"},
		{StateCalledBack, "close reopen urge supervise exempt"},
		{StateReturnRequested, "submit_opinion waive_opinion urge supervise merge cancel approve_return refuse_return"},
		{StateMerged, "close transfer"},
		{StateClosed, "reopen exempt"},
		{StateCancelled, ""},
		{StateNotAccepted, ""},
	}
	for _, tc := range cases {
		var names []string
		for _, s := range StepsFrom(tc.s) {
			names = append(names, s.String())
		}
		if got := strings.Join(names, " "); got != tc.want {
			t.Errorf("StepsFrom(%s) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	zh, en := language.Chinese, language.English
	cases := []struct {
		got, want string
	}{
		{StateHandling.Name(zh), "签收办理"},
		{StateHandling.Name(en), "handling"},
		{StateHandling.Name(language.MustParse("zh-Hans-CN")), "签收办理"},
		{StateHandling.Name(language.MustParse("zh-TW")), "签收办理"},
		{StateHandling.Name(language.MustParse("fr")), "handling"},
		{StateCalledBack.Name(zh), "回访"},
		{StateMerged.String(), "merged"},
		{StepReturn.Name(zh), "退单"},
		{StepRequestReturn.Name(zh), "申请退单"},
		{StepApproveReturn.String(), "approve_return"},
		{StepRefuseReturn.Name(zh), "退单审核不通过"},
		{StateReturnRequested.Name(zh), "退单待审"},
		{StateReturnRequestedSigned.String(), "return_requested_signed"},
		{StepRedispatch.Name(zh), "改派"},
		{StepDesignate.Name(zh), "兜底"},
		{StepDesignate.Name(en), "designate"},
		{StepUrge.Name(zh), "催办"},
		{StepSupervise.Name(zh), "督办"},
		{RoleCentre.Name(zh), "热线中心"},
		{hotline.ChannelMiniProgram.Name(zh), "小程序"},
		{hotline.BasicallySatisfied.Name(zh), "基本满意"},
		{hotline.BasicallySatisfied.String(), "basically_satisfied"},
		{AssistWaived.Name(zh), "已免除"},
		{hotline.Resolved.Name(zh), "已解决"},
		{hotline.Unresolved.Name(en), "unresolved"},
		{hotline.Unresolved.String(), "unresolved"},
		{hotline.Resolution(0).String(), ""},
		{hotline.Resolution(0).Name(zh), ""},
		{hotline.Resolution(9).String(), "Resolution(9)"},
		{State(99).String(), "State(99)"},
		{State(99).Name(zh), "State(99)"},
		{Step(0).String(), "Step(0)"},
		{Unit("城管办").String(), "unit:城管办"},
		{hotline.CategoryReport.Name(zh), "举报"},
		{hotline.CategoryReport.Name(en), "report"},
		{hotline.Category("nope").Name(zh), "nope"},
		{hotline.UrgencyEmergency.Name(language.MustParse("zh-Hant")), "紧急"},
		{hotline.UrgencyEmergency.Name(en), "emergency"},
		{sla.LevelWarning.Name(zh), "预警"},
		{sla.LevelOverdue.Name(zh), "超期"},
		{sla.LevelNormal.Name(en), "normal"},
		{sla.Level(9).Name(zh), "Level(9)"},
		{AssistStatus(9).Name(zh), "AssistStatus(9)"},
		{Role(0).Name(zh), "Role(0)"},
	}
	for i, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("case %d: got %q, want %q", i, tc.got, tc.want)
		}
	}
	for _, s := range States() {
		for _, n := range []string{s.String(), s.Name(zh), strings.ToUpper(s.String())} {
			if got, err := ParseState(n); err != nil || got != s {
				t.Errorf("ParseState(%q) = %v, %v", n, got, err)
			}
		}
		b, err := s.MarshalText()
		var back State
		if err != nil || back.UnmarshalText(b) != nil || back != s {
			t.Errorf("state %s does not round-trip as text", s)
		}
	}
	for _, s := range Steps() {
		if got, err := ParseStep(s.Name(zh)); err != nil || got != s {
			t.Errorf("ParseStep(%q) = %v, %v", s.Name(zh), got, err)
		}
		b, err := s.MarshalText()
		var back Step
		if err != nil || back.UnmarshalText(b) != nil || back != s {
			t.Errorf("step %s does not round-trip as text", s)
		}
	}
	for _, bad := range []string{"", "nope", "受 理"} {
		if _, err := ParseState(bad); !errors.Is(err, hotline.ErrUnknownName) {
			t.Errorf("ParseState(%q): %v", bad, err)
		}
		if _, err := ParseStep(bad); !errors.Is(err, hotline.ErrUnknownName) {
			t.Errorf("ParseStep(%q): %v", bad, err)
		}
		if _, err := hotline.ParseChannel(bad); !errors.Is(err, hotline.ErrUnknownName) {
			t.Errorf("ParseChannel(%q): %v", bad, err)
		}
		if _, err := hotline.ParseSatisfaction(bad); !errors.Is(err, hotline.ErrUnknownName) {
			t.Errorf("ParseSatisfaction(%q): %v", bad, err)
		}
		if _, err := hotline.ParseResolution(bad); !errors.Is(err, hotline.ErrUnknownName) {
			t.Errorf("ParseResolution(%q): %v", bad, err)
		}
	}
	for _, n := range []string{"resolved", "Resolved", "已解决"} {
		if v, err := hotline.ParseResolution(n); err != nil || v != hotline.Resolved {
			t.Errorf("ParseResolution(%q) = %v, %v", n, v, err)
		}
	}
	if c, err := hotline.ParseChannel("小程序"); err != nil || c != hotline.ChannelMiniProgram {
		t.Errorf("ParseChannel(小程序) = %v, %v", c, err)
	}
	if v, err := hotline.ParseSatisfaction("不满意"); err != nil || v != hotline.Dissatisfied {
		t.Errorf("ParseSatisfaction(不满意) = %v, %v", v, err)
	}
	if _, err := State(99).MarshalText(); !errors.Is(err, hotline.ErrUnknownName) {
		t.Errorf("State(99).MarshalText: %v", err)
	}
	// Unknown states and steps read like every other unknown name.
	_, err := ParseStep("approve")
	var ne *hotline.NameError
	if !errors.As(err, &ne) || ne.Kind != "step" || ne.Name != "approve" || len(ne.Accepted) != len(Steps()) || ne.Accepted[0] != "accept" {
		t.Errorf("ParseStep(approve): %#v", err)
	}
	if _, err := ParseState("open"); err == nil || !strings.HasPrefix(err.Error(), `workorder: unknown state "open" (accepted: new, received,`) {
		t.Errorf("ParseState(open): %v", err)
	}
}

const docPath = "../docs/lifecycle.md"

// TestLifecycleDoc keeps docs/lifecycle.md in step with the table. Run
// go test ./workorder -run TestLifecycleDoc -update to rewrite it.
func TestLifecycleDoc(t *testing.T) {
	want := lifecycleDoc()
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != want {
		t.Errorf("%s is out of date with the transition table; run go test ./workorder -run TestLifecycleDoc -update", docPath)
	}
}

func TestMermaid(t *testing.T) {
	m := Mermaid()
	for _, line := range []string{
		"stateDiagram-v2",
		"[*] --> new",
		`state "签收办理 handling" as handling`,
		"dispatched --> handling: sign",
		"returned --> dispatched: designate",
		"called_back --> handling: reopen",
		"merged --> closed: close",
		"closed --> [*]",
	} {
		if !strings.Contains(m, line) {
			t.Errorf("diagram lacks %q", line)
		}
	}
	if strings.Contains(m, "handling --> handling") {
		t.Error("diagram draws steps that keep the state")
	}
}

// TestRandomIDs checks the default ids: the acceptance date in the
// instant's own zone, a hyphen and 8 base-32 characters, all different.
func TestRandomIDs(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	cases := []struct {
		at     time.Time
		prefix string
	}{
		{time.Date(2025, 9, 26, 10, 0, 0, 0, shanghai), "20250926-"},
		{time.Date(2025, 12, 31, 23, 59, 0, 0, shanghai), "20251231-"},
		{time.Date(2025, 12, 31, 16, 30, 0, 0, time.UTC), "20251231-"},
		{time.Date(1000, 1, 2, 0, 0, 0, 0, time.UTC), "10000102-"},
		{time.Date(999, 1, 2, 0, 0, 0, 0, time.UTC), "09990102-"},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		for range 50 {
			id := randomIDs{}.NewID(tc.at)
			rest, ok := strings.CutPrefix(id, tc.prefix)
			if !ok || len(rest) != 8 || strings.Trim(rest, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
				t.Fatalf("NewID(%v) = %q, want %s and 8 base-32 characters", tc.at, id, tc.prefix)
			}
			if seen[id] {
				t.Fatalf("NewID gave %q twice", id)
			}
			seen[id] = true
		}
	}
}

func TestSequence(t *testing.T) {
	g := Sequence("QX")
	for _, want := range []string{"QX000001", "QX000002"} {
		if got := g.NewID(time.Time{}); got != want {
			t.Errorf("NewID = %q, want %q", got, want)
		}
	}
	g = Sequence("")
	for range 999999 - 1 {
		g.NewID(time.Time{})
	}
	if got := g.NewID(time.Time{}); got != "999999" {
		t.Errorf("id 999999 = %q", got)
	}
	if got := g.NewID(time.Time{}); got != "1000000" {
		t.Errorf("id 1000000 = %q", got)
	}
}

// FuzzParseState checks that ParseState accepts exactly the states' English
// keys, in any ASCII case, and Chinese names, with surrounding spaces.
func FuzzParseState(f *testing.F) {
	for _, s := range States() {
		f.Add(s.String())
		f.Add(" " + strings.ToUpper(s.Name(language.Chinese)) + "\t")
	}
	for _, s := range []string{"", "nope", "State(1)", "ne w", "新 建"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ParseState(in)
		trimmed := strings.TrimSpace(in)
		var want State = numStates // none
		for _, s := range States() {
			if strings.EqualFold(trimmed, s.String()) || trimmed == s.Name(language.Chinese) {
				want = s
			}
		}
		switch {
		case want == numStates && !errors.Is(err, hotline.ErrUnknownName):
			t.Fatalf("ParseState(%q) = %s, %v; want hotline.ErrUnknownName", in, got, err)
		case want != numStates && (err != nil || got != want):
			t.Fatalf("ParseState(%q) = %s, %v; want %s", in, got, err, want)
		}
	})
}

// The audit trail's hashes cover the numbers of states and steps, so a
// state or step added in the middle would make every stored trail fail to
// verify: the numbers of the first ones are fixed, and new ones follow.
func TestStateAndStepNumbersFixed(t *testing.T) {
	for _, c := range []struct {
		got, want int
	}{
		{int(StateReturned), 4}, {int(StateMerged), 11}, {int(StateReturnRequested), 12}, {int(StateReturnRequestedSigned), 13},
		{int(StepReturn), 4}, {int(StepCancel), 25}, {int(StepRequestReturn), 26}, {int(StepApproveReturn), 27}, {int(StepRefuseReturn), 28},
	} {
		if c.got != c.want {
			t.Errorf("number %d, want %d", c.got, c.want)
		}
	}
}
