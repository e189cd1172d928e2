package workorder

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
)

// State is where an order is in its life. The zero value is StateNew, the
// state of an order not yet accepted; no stored order is in it.
type State uint8

// The states of an order. Closed, Cancelled, Merged and NotAccepted are
// final for the lifecycle table, except that a merged order is closed with
// its master and a closed one may be reopened (Config.ReopenWindow).
// The audit trail's hashes cover each state's number: new states go at
// the end, and no number changes.
const (
	StateNew        State = iota // 新建: not yet accepted
	StateReceived                // 受理: accepted by the centre, waiting to be dispatched
	StateDispatched              // 派单: sent to a lead unit, waiting for it to sign
	StateHandling                // 签收办理: signed for and being handled
	StateReturned                // 退回: returned by the lead, waiting for the centre to redispatch
	StateSuspended               // 挂起: handling paused
	StateReplied                 // 回复: answered by the lead, waiting for review
	StateReviewed                // 审核: reply approved by the centre, waiting for the callback
	StateCalledBack              // 回访: the caller was called back
	StateClosed                  // 办结: closed
	StateCancelled               // 撤单: cancelled as invalid
	StateMerged                  // 并单: merged into a master order
	// 退单待审: the lead asked to return the order before signing for it;
	// the centre approves or refuses (see Config.InstantReturn).
	StateReturnRequested
	// 签收后退单待审: the lead asked to return the order after signing for
	// it; a refusal sends it back to handling.
	StateReturnRequestedSigned
	// 不予受理: the centre declined the request (Service.Decline), with a
	// coded reason; final.
	StateNotAccepted
	// 直接答复: the centre answered the order itself from a knowledge-base
	// entry at acceptance (see Service.AnswerDirectly); waiting for the
	// callback. No unit is involved.
	StateAnswered
	// 转办: handed over to another body (110 police linkage, another
	// hotline, a higher platform; see Service.Transfer). Final: our sla
	// clocks stop and the order is counted apart.
	StateTransferred

	numStates = iota
)

var stateNames = i18n.NewNames(
	[]string{"new", "received", "dispatched", "handling", "returned", "suspended", "replied", "reviewed", "called_back", "closed", "cancelled", "merged",
		"return_requested", "return_requested_signed", "not_accepted", "answered", "transferred"},
	[]string{"新建", "受理", "派单", "签收办理", "退回", "挂起", "回复", "审核", "回访", "办结", "撤单", "并单",
		"退单待审", "签收后退单待审", "不予受理", "直接答复", "转办"},
	nil)

// States lists every state in declaration order, StateNew first.
func States() []State {
	s := make([]State, numStates)
	for i := range s {
		s[i] = State(i)
	}
	return s
}

// String returns the state's English key, such as "called_back", or
// "State(n)" for an unknown value.
func (s State) String() string { return enumString(stateNames, "State", int(s)) }

// Name returns the state's name in the language best matching t: Chinese
// ("签收办理") for zh tags, English ("handling") otherwise. It returns
// s.String() for an unknown state.
func (s State) Name(t language.Tag) string { return enumName(stateNames, "State", int(s), t) }

// Valid reports whether s is one of the declared states.
func (s State) Valid() bool { return s < numStates }

// Open reports whether an order in state s is still alive: accepted and not
// closed, cancelled, merged, declined or transferred.
func (s State) Open() bool {
	return s != StateNew && s < numStates && s != StateClosed && s != StateCancelled && s != StateMerged &&
		s != StateNotAccepted && s != StateTransferred
}

// ParseState returns the state whose English key or Chinese name is s
// (ASCII case and surrounding spaces ignored), "new" included. It returns
// a *hotline.NameError (hotline.ErrUnknownName) otherwise.
func ParseState(s string) (State, error) {
	i, err := parseName(stateNames, "state", s)
	if err != nil {
		return 0, fmt.Errorf("workorder: %w", err)
	}
	return State(i), nil
}

// MarshalText encodes the state as its English key.
func (s State) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("workorder: %w", unknownName(stateNames, "state", s.String()))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes an English key or Chinese name.
func (s *State) UnmarshalText(b []byte) error {
	v, err := ParseState(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Step is something that happens to an order: a transition or an action
// recorded without changing the state. The zero value is not a step.
type Step uint8

// The steps. Comments give the Chinese name and who may take the step.
// The audit trail's hashes cover each step's number: new steps go at the
// end, and no number changes.
const (
	StepAccept           Step = iota + 1 // 受理: centre or system creates the order
	StepDispatch                         // 派单: centre sends it to a lead unit (and assisting units)
	StepSign                             // 签收: the lead unit signs for it
	StepReturn                           // 退单: the lead unit returns it at once (Config.InstantReturn), with a coded reason, inside the return window
	StepRedispatch                       // 改派: centre sends it to another lead unit
	StepDesignate                        // 兜底: centre designates the fallback unit, which cannot return
	StepRequestExtension                 // 申请延期: the lead unit asks for more time
	StepApproveExtension                 // 批准延期: centre grants the request
	StepRefuseExtension                  // 驳回延期: centre refuses it
	StepSuspend                          // 挂起: the lead unit or centre pauses handling
	StepResume                           // 恢复: the lead unit, centre or system resumes it
	StepContact                          // 联系: the lead unit contacted the caller (emergency milestone)
	StepArrive                           // 到场: the lead unit arrived on site (emergency milestone)
	StepSubmitOpinion                    // 协办意见: an assisting unit submits its opinion
	StepWaiveOpinion                     // 免协办意见: centre waives an assisting unit's opinion
	StepReply                            // 回复: the lead unit answers
	StepApproveReply                     // 审核通过: centre approves the reply
	StepRejectReply                      // 审核退回: centre sends the reply back to handling
	StepCallback                         // 回访: centre calls the caller back and records satisfaction
	StepClose                            // 办结: centre closes it (system closes merged children)
	StepReopen                           // 重办: centre reopens it after a dissatisfied callback, or after closing within Config.ReopenWindow
	StepUrge                             // 催办: supervisor, centre or system urges the handling unit
	StepSupervise                        // 督办: supervisor raises the supervision level
	StepMerge                            // 并单: centre merges a repeated order into a master
	StepCancel                           // 撤单: centre cancels an invalid order, with a reason
	StepRequestReturn                    // 申请退单: the lead unit asks to return it, with a coded reason, inside the return window
	StepApproveReturn                    // 退单审核通过: centre approves the return; the order waits to be redispatched
	StepRefuseReturn                     // 退单审核不通过: centre refuses the return; the order goes back to the lead (不当退单)
	StepDecline                          // 不予受理: centre declines a received order, with a coded reason
	StepAnswer                           // 直接答复: centre answers the order itself from a knowledge-base entry
	StepTransfer                         // 转办: centre hands the order over to another body (Config.Bodies)
	StepExempt                           // 不纳入考核: a supervisor approves the centre's request to leave a dissatisfied verdict or a failed order out of assessment (差评甄别)

	numSteps = iota + 1
)

var stepNames = i18n.NewNames(
	[]string{"", "accept", "dispatch", "sign", "return", "redispatch", "designate",
		"request_extension", "approve_extension", "refuse_extension", "suspend", "resume",
		"contact", "arrive", "submit_opinion", "waive_opinion", "reply", "approve_reply",
		"reject_reply", "callback", "close", "reopen", "urge", "supervise", "merge", "cancel",
		"request_return", "approve_return", "refuse_return", "decline", "answer", "transfer", "exempt"},
	[]string{"", "受理", "派单", "签收", "退单", "改派", "兜底",
		"申请延期", "批准延期", "驳回延期", "挂起", "恢复",
		"联系", "到场", "协办意见", "免协办意见", "回复", "审核通过",
		"审核退回", "回访", "办结", "重办", "催办", "督办", "并单", "撤单",
		"申请退单", "退单审核通过", "退单审核不通过", "不予受理", "直接答复", "转办", "不纳入考核"},
	nil)

// Steps lists every step in declaration order.
func Steps() []Step {
	s := make([]Step, 0, numSteps-1)
	for i := Step(1); i < numSteps; i++ {
		s = append(s, i)
	}
	return s
}

// String returns the step's English key, such as "request_extension", or
// "Step(n)" for an unknown value.
func (s Step) String() string { return enumString(stepNames, "Step", int(s)) }

// Name returns the step's name in the language best matching t ("退单" or
// "return"); s.String() for an unknown step.
func (s Step) Name(t language.Tag) string { return enumName(stepNames, "Step", int(s), t) }

// Valid reports whether s is one of the declared steps.
func (s Step) Valid() bool { return s > 0 && s < numSteps }

// ParseStep returns the step whose English key or Chinese name is s (ASCII
// case and surrounding spaces ignored), or a *hotline.NameError
// (hotline.ErrUnknownName).
func ParseStep(s string) (Step, error) {
	i, err := parseName(stepNames, "step", s)
	if err != nil {
		return 0, fmt.Errorf("workorder: %w", err)
	}
	return Step(i), nil
}

// MarshalText encodes the step as its English key.
func (s Step) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("workorder: %w", unknownName(stepNames, "step", s.String()))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes an English key or Chinese name.
func (s *Step) UnmarshalText(b []byte) error {
	v, err := ParseStep(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
