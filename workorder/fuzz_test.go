package workorder

import (
	"context"
	"crypto/sha256"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/kb"
	"github.com/hotline12345/hotline/sla"
)

var fuzzActors = []Actor{centre, super, System(), Unit(cityMgmt), Unit(envBur), Unit(fallback), Unit(police), {}}

var fuzzLeads = []string{cityMgmt, envBur, police, village}

// fuzzPhoto is the attachment some fuzzed steps carry.
var fuzzPhoto = Attachment{Name: "井盖 1.jpg", MediaType: "image/jpeg", Size: 48213,
	SHA256: sha256.Sum256([]byte("photo")), Key: "2026/12/井盖-1.jpg"}

// op is one fuzzed step: which step, by whom, and a byte that picks the
// order, the arguments and how far the clock moves first.
type op struct{ step, actor, arg byte }

// script encodes steps for the fuzz seeds: each is step, actor index, arg.
func script(ops ...op) []byte {
	var b []byte
	for _, o := range ops {
		b = append(b, o.step, o.actor, o.arg)
	}
	return b
}

// Actor indexes into fuzzActors.
const (
	aCentre byte = iota
	aSuper
	aSystem
	aCity
	aEnv
	aFallback
	aPolice
	aNobody
)

// fuzzSeeds are the walks of the service tests, as scripts on order 0
// (arg's high nibble picks the order, its low bits the arguments).
var fuzzSeeds = [][]byte{
	// Happy path.
	script(op{byte(StepAccept), aCentre, 0}, op{byte(StepDispatch), aCentre, 0}, op{byte(StepSign), aCity, 0},
		op{byte(StepReply), aCity, 1}, op{byte(StepApproveReply), aCentre, 0}, op{byte(StepCallback), aCentre, 1},
		op{byte(StepClose), aCentre, 0}),
	// Two returns, then the fallback unit.
	script(op{byte(StepAccept), aCentre, 0}, op{byte(StepDispatch), aCentre, 0}, op{byte(StepReturn), aCity, 1},
		op{byte(StepRedispatch), aCentre, 1}, op{byte(StepReturn), aEnv, 1}, op{byte(StepRedispatch), aCentre, 2},
		op{byte(StepDesignate), aCentre, 0}, op{byte(StepReturn), aFallback, 1}, op{byte(StepSign), aFallback, 0}),
	// Return review: an application refused, one approved, then the
	// fallback unit.
	script(op{byte(StepAccept), aCentre, 0}, op{byte(StepDispatch), aCentre, 0}, op{byte(StepRequestReturn), aCity, 1},
		op{byte(StepApproveReturn), aCity, 0}, op{byte(StepRefuseReturn), aCentre, 1}, op{byte(StepSign), aCity, 0},
		op{byte(StepReturn), aCity, 3}, op{byte(StepApproveReturn), aCentre, 0}, op{byte(StepRedispatch), aCentre, 1},
		op{byte(StepReturn), aEnv, 5}, op{byte(StepRefuseReturn), aCentre, 0}, op{byte(StepReturn), aEnv, 1},
		op{byte(StepApproveReturn), aCentre, 0}, op{byte(StepDesignate), aCentre, 0}, op{byte(StepReturn), aFallback, 1}),
	// Instant returns (a first byte of 0x80 or more): two, then the fallback unit.
	script(op{byte(StepAccept) + 5*byte(numSteps-1), aCentre, 0}, op{byte(StepDispatch), aCentre, 0}, op{byte(StepReturn), aCity, 1},
		op{byte(StepRedispatch), aCentre, 1}, op{byte(StepReturn), aEnv, 1}, op{byte(StepApproveReturn), aCentre, 0},
		op{byte(StepDesignate), aCentre, 0}, op{byte(StepRefuseReturn), aCentre, 1}),
	// Joint handling, extension, suspension, reopening.
	script(op{byte(StepAccept), aCentre, 0}, op{byte(StepDispatch), aCentre, 4}, op{byte(StepSign), aCity, 0},
		op{byte(StepReply), aCity, 1}, op{byte(StepSubmitOpinion), aEnv, 1}, op{byte(StepRequestExtension), aCity, 3},
		op{byte(StepApproveExtension), aCentre, 0}, op{byte(StepSuspend), aCity, 1}, op{byte(StepResume), aSystem, 0},
		op{byte(StepReply), aCity, 1}, op{byte(StepApproveReply), aCentre, 0}, op{byte(StepCallback), aCentre, 3},
		op{byte(StepReopen), aCentre, 1}, op{byte(StepUrge), aSuper, 0}, op{byte(StepSupervise), aSuper, 0}),
	// Merge into a master, then close the master.
	script(op{byte(StepAccept), aCentre, 0}, op{byte(StepAccept), aCentre, 0x10}, op{byte(StepMerge), aCentre, 0x10},
		op{byte(StepDispatch), aCentre, 0}, op{byte(StepSign), aCity, 0}, op{byte(StepReply), aCity, 1},
		op{byte(StepApproveReply), aCentre, 0}, op{byte(StepCallback), aCentre, 1}, op{byte(StepClose), aCentre, 0}),
	// Direct answers: an expired entry refused, then one that applies,
	// the callback and the close; a unit cannot answer, nor reopen.
	script(op{byte(StepAccept), aCentre, 0}, op{byte(StepAnswer), aCentre, 1}, op{byte(StepAnswer), aCity, 0},
		op{byte(StepAnswer), aCentre, 0}, op{byte(StepAnswer), aCentre, 0}, op{byte(StepCallback), aCentre, 3},
		op{byte(StepReopen), aCentre, 1}, op{byte(StepClose), aCentre, 0}),
	// Transfers: an unknown body refused, one at intake with a three-way
	// call, one after an approved return; nothing after.
	script(op{byte(StepAccept), aCentre, 0}, op{byte(StepTransfer), aCentre, 3}, op{byte(StepTransfer), aSuper, 0},
		op{byte(StepTransfer), aCentre, 1}, op{byte(StepAccept), aCentre, 0}, op{byte(StepDispatch), aCentre, 0x10},
		op{byte(StepRequestReturn), aCity, 0x11}, op{byte(StepApproveReturn), aCentre, 0x10}, op{byte(StepTransfer), aCentre, 0x10},
		op{byte(StepSign), aCity, 0x10}, op{byte(StepAnswer), aCentre, 0x10}),
	// A merged order goes with its master's transfer, and only then.
	script(op{byte(StepAccept), aCentre, 0}, op{byte(StepAccept), aCentre, 0x10}, op{byte(StepMerge), aCentre, 0x10},
		op{byte(StepTransfer), aCentre, 0x11}, op{byte(StepTransfer), aSystem, 1}, op{byte(StepTransfer), aCentre, 1},
		op{byte(StepTransfer), aSystem, 0x11}),
	// Declined; another order closed, reopened (a second callback), then
	// with attachments.
	script(op{byte(StepAccept), aCentre, 0}, op{byte(StepDecline), aCentre, 0x02}, op{byte(StepAccept), aCentre, 0x10},
		op{byte(StepDispatch), aCentre, 0x10}, op{byte(StepSign), aCity, 0x10}, op{byte(StepReply), aCity, 0x19},
		op{byte(StepApproveReply), aCentre, 0x10}, op{byte(StepCallback), aCentre, 0x15}, op{byte(StepClose), aCentre, 0x10},
		op{byte(StepReopen), aCentre, 0x11}, op{byte(StepReply), aCity, 0x19}, op{byte(StepCancel), aCentre, 0x10}),
	// Emergency milestones and cancellation.
	script(op{byte(StepAccept), aCentre, 1}, op{byte(StepDispatch), aCentre, 2}, op{byte(StepSign), aPolice, 0},
		op{byte(StepContact), aPolice, 0}, op{byte(StepArrive), aPolice, 0}, op{byte(StepCancel), aCentre, 1},
		op{byte(StepWaiveOpinion), aCentre, 1}, op{byte(StepRefuseExtension), aCentre, 1}, op{byte(StepRejectReply), aNobody, 0}),
}

// FuzzLifecycle fires random steps by random actors at a few orders, on a
// service that reviews returns, or returns at once when the first byte is
// 0x80 or more. No step may panic or fail with an unexpected error, no
// step succeeds for a role that may not take it, and after every step: a
// closed order has a reply and a callback, returns never exceed the
// limit, a redispatch after the limit never succeeds, the return counters
// match the history, a return application and its refusal leave the sla
// timeline and deadline as they were, history length equals version and
// the history verifies. Direct answers come only from received orders and
// leave no lead, are recorded once with the entry and version the order
// keeps, and are never reopened; transfers come only from received,
// returned or merged orders, are final and leave no deadline; a final order has no
// deadline; every code is in the tree.
// fuzzKB is the knowledge base of the fuzzed services (see testKB), built
// once: the steps only read it.
var fuzzKB = func() *kb.Base {
	b, err := newTestKB()
	if err != nil {
		panic(err) // the test data is wrong
	}
	return b
}()

func FuzzLifecycle(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 600 {
			b = b[:600]
		}
		instant := len(b) > 0 && b[0] >= 0x80
		s, clk := newService(t, func(c *Config) {
			c.Watch, c.InstantReturn, c.ReopenWindow, c.Knowledge = true, instant, sla.Amount{Days: 2}, fuzzKB
		})
		ctx := context.Background()
		var ids []string
		for len(b) >= 3 {
			o := op{b[0], b[1], b[2]}
			b = b[3:]
			clk.Advance(time.Duration(o.arg&0x0f) * 97 * time.Minute)
			step := fuzzStepOf(o.step)
			a := fuzzActors[int(o.actor)%len(fuzzActors)]
			var id string
			if len(ids) > 0 {
				id = ids[int(o.arg>>4)%len(ids)]
			}
			var before *Order
			if id != "" {
				before, _ = s.Store().Get(ctx, id)
			}
			got, err := fuzzStep(ctx, s, step, a, id, ids, o.arg)
			if err == nil && step == StepAccept && len(ids) < 4 {
				ids = append(ids, got.ID)
			}
			if err != nil && !expected(err) {
				t.Fatalf("%s by %s on %s: unexpected error %v", step, a, id, err)
			}
			if err == nil && step == StepRedispatch && before != nil && before.State == StateReturned && before.Returns >= s.cfg.MaxReturns {
				t.Fatalf("redispatched %s after %d returns", id, before.Returns)
			}
			if err == nil && roles[step]&(1<<a.Role) == 0 {
				t.Fatalf("%s taken by %s", step, a)
			}
			if err == nil && o.arg&0x0c == 0x0c {
				t.Fatalf("%s of %s taken with a bad attachment", step, id)
			}
			if err == nil && step != StepMerge && o.arg&0x0c == 0x08 {
				checkAttached(t, s, got.ID)
			}
			if err == nil && step == StepReopen && before.State == StateClosed {
				if ends, _ := s.reopenEnds(before.Updated); got.Updated.After(ends) {
					t.Fatalf("%s reopened at %s, closed at %s", id, got.Updated, before.Updated)
				}
			}
			if err == nil && (step == StepReturn || step == StepRequestReturn) && (a.ID != before.Lead || before.Fallback) {
				t.Fatalf("%s of %s (lead %q, fallback %v) taken by %s", step, id, before.Lead, before.Fallback, a)
			}
			if err == nil && step == StepAnswer && (before.State != StateReceived || got.Lead != "" || got.Answer == nil) {
				t.Fatalf("answered %s from %s: lead %q, answer %+v", id, before.State, got.Lead, got.Answer)
			}
			if err == nil && step == StepTransfer && (before.State != StateReceived && before.State != StateReturned && before.State != StateMerged || !got.Due.IsZero() || got.State.Open()) {
				t.Fatalf("transferred %s from %s: due %s, state %s", id, before.State, got.Due, got.State)
			}
			if err == nil && step == StepReopen && before.Answer != nil {
				t.Fatalf("reopened %s, answered directly from %s", id, before.Answer.Entry)
			}
			if err == nil && (step == StepRefuseReturn || step == StepReturn && !instant) {
				if !slices.EqualFunc(got.Timeline, before.Timeline, sameEvent) || !got.Due.Equal(before.Due) {
					t.Fatalf("%s of %s moved the clocks: due %s -> %s, timeline %v -> %v", step, id, before.Due, got.Due, before.Timeline, got.Timeline)
				}
			}
			for _, id := range ids {
				checkInvariants(t, s, id)
			}
		}
		s.Fire(ctx)
		for _, id := range ids {
			checkInvariants(t, s, id)
		}
	})
}

// sameEvent reports whether a and b are the same event, their instants in
// any zone.
func sameEvent(a, b sla.Event) bool {
	return a.Kind == b.Kind && a.At.Equal(b.At) && a.Target == b.Target && a.Amount == b.Amount
}

// fuzzStepOf returns the step byte b stands for: b itself for the number
// of a step, so that the seeds take the steps they name, and every other
// byte one of the steps too.
func fuzzStepOf(b byte) Step {
	return Step((int(b)+int(numSteps)-2)%int(numSteps-1) + 1)
}

func expected(err error) bool {
	for _, e := range []error{ErrForbidden, ErrInvalidTransition, ErrInvalidArgument, ErrNotFound,
		ErrReturnWindowClosed, ErrReturnLimit, ErrOpinionsPending, ErrExtensionPending, ErrNoExtensionPending,
		ErrExtensionRefused, ErrNotDissatisfied, ErrAlreadyDone, ErrBadMaster, ErrNoRouter, ErrInvalidOrder,
		ErrReopenWindowClosed, ErrEntryNotApplicable, ErrNotExemptable} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func fuzzStep(ctx context.Context, s *Service, step Step, a Actor, id string, ids []string, arg byte) (*Order, error) {
	reason := ""
	if arg&1 != 0 {
		reason = "原因"
	}
	switch arg & 0x0c {
	case 0x08:
		ctx = WithAttachments(ctx, fuzzPhoto)
	case 0x0c:
		ctx = WithAttachments(ctx, fuzzPhoto, Attachment{Name: "bad", MediaType: "image", SHA256: fuzzPhoto.SHA256, Key: "k"})
	}
	lead := fuzzLeads[int(arg>>1)%len(fuzzLeads)]
	var assist []string
	if arg&4 != 0 && lead != envBur {
		assist = []string{envBur}
	}
	master := ""
	if len(ids) > 0 {
		master = ids[int(arg)%len(ids)]
	}
	switch step {
	case StepAccept:
		d := draft()
		if arg&1 != 0 {
			d.Urgency = hotline.UrgencyEmergency
		}
		d.Category = hotline.Categories()[int(arg>>1)%7]
		// Codes: none, a leaf, a domain and one the tree lacks.
		d.Code = [...]classify.Code{"", "01.02.03", "02", "09.99"}[arg>>4&3]
		return s.Accept(ctx, a, d)
	case StepDispatch:
		return s.Dispatch(ctx, a, id, Assignment{Lead: lead, Assist: assist})
	case StepSign:
		return s.Sign(ctx, a, id)
	case StepReturn, StepRequestReturn:
		// Codes: a reason needing text, one that does not, "other" and an
		// unknown one.
		code := [...]string{"not_our_duty", "duplicate", "other", "lost"}[arg>>1&3]
		return s.Return(ctx, a, id, ReturnRequest{Code: code, Text: reason})
	case StepApproveReturn:
		return s.ApproveReturn(ctx, a, id, reason)
	case StepRefuseReturn:
		return s.RefuseReturn(ctx, a, id, reason)
	case StepRedispatch:
		return s.Redispatch(ctx, a, id, Assignment{Lead: lead, Assist: assist})
	case StepDesignate:
		return s.Designate(ctx, a, id, "", reason)
	case StepRequestExtension:
		return s.RequestExtension(ctx, a, id, ExtensionRequest{Amount: sla.Amount{Days: int(arg % 12)}, Reason: "需要时间"})
	case StepApproveExtension:
		return s.ApproveExtension(ctx, a, id, reason)
	case StepRefuseExtension:
		return s.RefuseExtension(ctx, a, id, reason)
	case StepSuspend:
		return s.Suspend(ctx, a, id, reason)
	case StepResume:
		return s.Resume(ctx, a, id, reason)
	case StepContact:
		return s.Contact(ctx, a, id, reason)
	case StepArrive:
		return s.Arrive(ctx, a, id, reason)
	case StepSubmitOpinion:
		return s.SubmitOpinion(ctx, a, id, reason)
	case StepWaiveOpinion:
		return s.WaiveOpinion(ctx, a, id, envBur, reason)
	case StepReply:
		return s.Reply(ctx, a, id, reason)
	case StepApproveReply:
		return s.ApproveReply(ctx, a, id, reason)
	case StepRejectReply:
		return s.RejectReply(ctx, a, id, reason)
	case StepCallback:
		// The verdict may be zero and the answer unknown (3): both refused.
		return s.CallbackWith(ctx, a, id, CallbackAnswer{Satisfaction: hotline.Satisfaction(arg % 5), Resolution: hotline.Resolution(arg / 5 % 4), Remark: reason})
	case StepClose:
		return s.Close(ctx, a, id, reason)
	case StepReopen:
		return s.Reopen(ctx, a, id, reason)
	case StepUrge:
		return s.Urge(ctx, a, id, reason)
	case StepSupervise:
		return s.Supervise(ctx, a, id, reason)
	case StepMerge:
		return s.Merge(ctx, a, id, master, reason)
	case StepCancel, StepDecline:
		// Codes: one of each kind, "other" (needs text) and an unknown one.
		code := [...]string{"entry_error", "out_of_scope", "other", "lost"}[arg>>1&3]
		if step == StepDecline {
			return s.Decline(ctx, a, id, CodedReason{Code: code, Text: reason})
		}
		return s.Cancel(ctx, a, id, CodedReason{Code: code, Text: reason})
	case StepAnswer:
		// Entries: one that applies, an expired one, one the base lacks
		// and one for help requests only; the reply given or the entry's.
		entry := [...]string{"KB-WATER", "KB-OLD", "KB-NONE", "KB-HELP"}[arg>>1&3]
		return s.AnswerDirectly(ctx, a, id, DirectReply{Entry: entry, Reply: reason, Remark: reason})
	case StepTransfer:
		// Bodies: 110, another hotline, the higher platform and an
		// unknown one; the decision given or not.
		body := [...]string{BodyPolice, BodyOtherHotline, BodyHigherPlatform, "999"}[arg>>1&3]
		return s.Transfer(ctx, a, id, TransferRequest{Body: body, Decision: reason, ThreeWay: arg&8 != 0})
	case StepExempt:
		// Scopes: the verdict, the order and an unknown one; reasons: a
		// default one and an unknown one; the requester given or not.
		scope := [...]assess.Exemption{assess.ExemptVerdict, assess.ExemptOrder, assess.Exemption(9)}[int(arg>>1&3)%3]
		code := [...]string{assess.ExemptMalicious, "lost"}[arg>>3&1]
		return s.Exempt(ctx, a, id, Exemption{Scope: scope, Reason: code, RequestedBy: reason, Remark: reason})
	}
	panic("fuzzStep: no case for step " + step.String())
}

func checkInvariants(t *testing.T, s *Service, id string) {
	t.Helper()
	ctx := context.Background()
	o, err := s.Store().Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := s.Store().History(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case int64(len(rs)) != o.Version:
		t.Fatalf("%s: %d records at version %d", id, len(rs), o.Version)
	case o.State == StateClosed && (o.Reply == "" || o.Satisfaction == 0):
		t.Fatalf("%s closed without a reply or callback: %+v", id, o)
	case o.Resolution != 0 && (!o.Resolution.Valid() || !o.Satisfaction.Valid() || o.Satisfaction == hotline.Unreachable):
		t.Fatalf("%s: resolution %s with verdict %s", id, o.Resolution, o.Satisfaction)
	case o.Returns > s.cfg.MaxReturns:
		t.Fatalf("%s returned %d times, limit %d", id, o.Returns, s.cfg.MaxReturns)
	case o.Fallback && o.Lead != fallback:
		t.Fatalf("%s: fallback flag on lead %q", id, o.Lead)
	case o.State == StateMerged && o.MergedInto == "":
		t.Fatalf("%s merged into nothing", id)
	case o.State == StateNotAccepted && (rs[len(rs)-1].Step != StepDecline || o.Lead != ""):
		t.Fatalf("%s not accepted by %s, lead %q", id, rs[len(rs)-1].Step, o.Lead)
	case (o.State == StateTransferred) != (o.Transfer != nil):
		t.Fatalf("%s: state %s with transfer %+v", id, o.State, o.Transfer)
	case o.Answer != nil && (o.Lead != "" || o.Reply == ""):
		t.Fatalf("%s answered directly with lead %q, reply %q", id, o.Lead, o.Reply)
	case !o.State.Open() && !o.Due.IsZero():
		t.Fatalf("%s %s with a deadline %s", id, o.State, o.Due)
	}
	if o.Code != "" {
		if err := s.cfg.Classes.Check(o.Code); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	answers, transfers := 0, 0
	for _, r := range rs {
		switch r.Step {
		case StepAnswer:
			answers++
			e, _ := r.Value("entry")
			v, _ := r.Value("version")
			if o.Answer == nil || e != o.Answer.Entry || v != strconv.Itoa(o.Answer.Version) {
				t.Fatalf("%s: record of answer %s v%s, order has %+v", id, e, v, o.Answer)
			}
		case StepTransfer:
			transfers++
			if b, _ := r.Value("body"); o.Transfer == nil || b != o.Transfer.Body {
				t.Fatalf("%s: record of transfer to %s, order has %+v", id, b, o.Transfer)
			}
		}
	}
	if answers > 1 || transfers > 1 || (answers == 1) != (o.Answer != nil) || (transfers == 1) != (o.Transfer != nil) {
		t.Fatalf("%s: %d answers and %d transfers recorded, order has %+v and %+v", id, answers, transfers, o.Answer, o.Transfer)
	}
	returns, improper := 0, 0
	for _, r := range rs {
		if _, err := r.Attachments(); err != nil {
			t.Fatal(err)
		}
		switch r.Step {
		case StepCancel, StepDecline:
			kind := map[Step]classify.ReasonKind{StepCancel: classify.ReasonCancel, StepDecline: classify.ReasonNotAccepted}[r.Step]
			if code, _ := r.Value("reason"); s.cfg.Reasons.CheckText(kind, code, r.Remark) != nil {
				t.Fatalf("%s #%d: %s with reason %q, remark %q", id, r.Seq, r.Step, code, r.Remark)
			}
		}
		switch r.Step {
		case StepReturn, StepApproveReturn:
			returns++
		case StepRefuseReturn:
			improper++
		}
	}
	if o.Returns != returns || o.ImproperReturns != improper {
		t.Fatalf("%s: %d returns and %d improper, history has %d and %d", id, o.Returns, o.ImproperReturns, returns, improper)
	}
	if err := s.Verify(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := o.Timeline.Validate(); err != nil {
		t.Fatalf("%s: %v", id, err)
	}
}

// checkAttached checks that the latest record of order id carries
// fuzzPhoto.
func checkAttached(t *testing.T, s *Service, id string) {
	t.Helper()
	rs, err := s.Store().History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rs[len(rs)-1].Attachments()
	if err != nil || len(got) != 1 || got[0] != fuzzPhoto {
		t.Fatalf("%s #%d: attachments %v (%v), want the photo", id, len(rs), got, err)
	}
}

// The seeds name their steps by number: each number must decode to its
// own step, or the seeds walk other paths than the ones they describe
// (they did, one step further on, before fuzzStepOf).
func TestFuzzStepOfSeeds(t *testing.T) {
	for _, st := range Steps() {
		if got := fuzzStepOf(byte(st)); got != st {
			t.Errorf("byte %d decodes to %s, want %s", st, got, st)
		}
	}
	for b := 0; b < 256; b++ {
		if !fuzzStepOf(byte(b)).Valid() {
			t.Errorf("byte %d decodes to no step", b)
		}
	}
}
