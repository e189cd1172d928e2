// Package workorder is the life of a 12345 work order (工单): who may take
// which step when, what each step records, and the deadlines that follow
// the order.
//
// # Orders, states and steps
//
// An [Order] is a request taken in by the hotline: channel, category and
// urgency (as in package sla), text, caller, place, and what happened to it
// since. It moves through typed [State] values (受理 received, 派单
// dispatched, 签收办理 handling, 回复 replied, 审核 reviewed, 回访 called
// back, 办结 closed, and 退单待审 return requested, 签收后退单待审 return
// requested after signing, 退回 returned, 挂起 suspended, 直接答复
// answered, 转办 transferred, 撤单 cancelled, 并单 merged, 不予受理 not
// accepted) only by
// [Step] values. The transition table is run by
// looplab/fsm, hidden behind [Next], [Can] and [StepsFrom]; an illegal step
// fails with [ErrInvalidTransition] as a *[TransitionError]. [Mermaid]
// draws the table; docs/lifecycle.md is generated from it.
//
// An order's category, urgency, channel, callback verdict and resolution
// are the shared vocabulary of package hotline ([hotline.Category],
// [hotline.Channel], [hotline.Satisfaction], ...). States, steps, roles and
// assist statuses, like those and sla's levels, have a Name method taking a
// golang.org/x/text/language tag: Chinese for Chinese tags, English for all
// others. Their parsers fail with a *hotline.NameError that lists the
// accepted names.
//
// # Actors
//
// Every step is taken by an [Actor]: the hotline centre, a named unit, a
// supervisor or the system. A unit acts on the orders it leads; assisting
// units submit their opinions; the fallback unit cannot return an order.
// Anything else fails with [ErrForbidden] as a *[ForbiddenError], as does
// an actor other than the system without an id, or with an id that is not
// UTF-8. A unit asking about an order it neither leads nor assists is told
// the order does not exist ([ErrNotFound], the very words of [NotFound]),
// so that it cannot probe ids. Units reading a report (举报) or a
// confidential order do not see the caller's name and phone unless
// Config.RevealCaller allows it. With a directory of units (Config.Units,
// package unit) every unit an order is sent to must be known and active,
// and the directory names the fallback unit.
//
// # The service
//
// A [Service] takes the steps: [Service.Accept], [Service.Dispatch],
// [Service.Sign], [Service.Return], [Service.ApproveReturn],
// [Service.RefuseReturn], [Service.Redispatch],
// [Service.Designate], [Service.RequestExtension],
// [Service.ApproveExtension], [Service.RefuseExtension], [Service.Suspend],
// [Service.Resume], [Service.Contact], [Service.Arrive],
// [Service.SubmitOpinion], [Service.WaiveOpinion], [Service.Reply],
// [Service.ApproveReply], [Service.RejectReply], [Service.Callback] (or
// [Service.CallbackWith], which also records whether the matter was
// resolved, 是否解决), [Service.Close], [Service.Reopen], [Service.Urge],
// [Service.Supervise], [Service.Merge], [Service.Cancel] and
// [Service.Decline]. Each loads
// the order, checks the actor and the lifecycle, applies the step, appends
// an audit record, stores both with an optimistic version check (retrying
// a few times on [ErrConflict]), re-evaluates the sla deadlines
// (Order.Due, Level, Overdue) and tells the [Observer]. Time comes from an
// injectable [Clock] and ids from an [IDGenerator]. A dispatch that names
// no lead asks the [Router], which a *routing.Router is: its decision is
// kept as Order.Routing and in the dispatch's audit record, and
// Filter.Joint and Filter.Repeat select on it. Every [Store] is a
// routing.History (Store.Recent, RecentGroup and RecentAlerts), so a
// router given the store finds repeats and counts hotspots among the
// stored orders, across restarts and nodes.
// With Config.Watch the service keeps an sla.Monitor: [Service.Run] or
// [Service.Fire] raise warnings, and record an overdue target as a system
// urge (超期催办).
// [Service.Deadlines] returns the sla results the service evaluates for an
// order, the assisting units' own targets included, for a store or
// platform that plans alerts of its own ([AlertResults] without a
// service). A failed alert (a store error while urging) reaches the
// Observer's AlertFailed and is tried again after Config.AlertBackoff.
// [Service.Assessment] and [Service.AssessmentRecords] turn orders and
// their audit trails into the records package assess scores units on: one
// per dispatch, with that dispatch's sign deadline, the closing time and
// the callback's verdicts.
//
// # Returns
//
// A unit that finds an order is not its own returns it (退单) with a coded
// reason from Config.Reasons (package classify) and, when the reason needs
// one, an explanation. By default the return is an application
// (退单审核): the order waits in StateReturnRequested, or
// StateReturnRequestedSigned when the unit had signed, and the centre
// approves it (the order is returned, to be redispatched or designated to
// the fallback unit) or refuses it. A refused order goes back to the same
// unit, where it was; its sla clocks never stopped, and the refusal counts
// against the unit as an improper return (Order.ImproperReturns, 不当退单),
// which package assess rates. Config.InstantReturn keeps the return that
// takes effect at once, for platforms whose centre does not review them.
//
// # Reasons, reopening and evidence
//
// Cancelling (撤单) and declining a received order (不予受理, which ends in
// StateNotAccepted) take a [CodedReason] of Config.Reasons too; an unknown
// code fails with [ErrInvalidArgument] wrapping classify.ErrUnknownReason.
// A closed order may be reopened ([Service.Reopen], 重办) within
// Config.ReopenWindow after closing, by default never
// ([ErrReopenWindowClosed]). Any step may carry [Attachment] values as
// evidence, such as photos with a reply: the context of a step made with
// [WithAttachments] carries them, and the step records them, metadata
// only, in its audit record ([Record.Attachments]), under the hash chain.
//
// # Persons, leaders and exemptions
//
// A unit's actor may name the person taking the step inside the unit
// (经办人) and their post ([Person]), or be the unit's leader taking the
// order on personally ([UnitLeader], 领办); the centre may name that leader
// at dispatch ([Assignment].Leader). Records keep them in their data, under
// the hash chain ([Record.Person], [Record.Leader], [Record.Taker], [LedBy]),
// and assessment records carry them, so package assess can score persons,
// posts and leader-led orders. After reviewing a bad verdict (差评甄别) the
// centre may ask to leave the verdict, or a dissatisfied or late order, out
// of assessment (不纳入考核) for a coded reason of Config.ExemptReasons; a
// supervisor approves it with [Service.Exempt]. The centre alone is
// refused ([ErrForbidden]), as is an order with nothing to exempt
// ([ErrNotExemptable]); every exemption is a record of the trail and is
// listed in assessment reports.
//
// # The caller's view
//
// With Config.QueryKey, [Service.AcceptWithCode] issues a query code
// (查询码) that only the accepting caller gets; the store keeps its
// HMAC. [Service.Lookup] answers an order id and its code with a
// [Progress]: state, units, deadlines and the approved reply, nothing
// about the caller and no remark. A wrong code and an unknown id give the
// same [ErrLookupRefused], and a [GuessLimiter] ends repeated guessing per
// order and per client ([ErrTooManyGuesses]).
//
// # Supervision (督办)
//
// A policy's sla.Ladder escalates a late target: with Config.Watch (or a
// store's monitor) the service urges the unit, issues a [Supervision]
// order with a deadline for the unit's written explanation, and puts it
// before a supervisor, each once per run of the target, as a system urge
// or supervise step in the audit trail (data ladder=…). A supervisor may
// issue one by hand ([Service.IssueSupervision]); the unit explains
// ([Service.ExplainSupervision]); a supervisor closes it
// ([Service.CloseSupervision]) by accepting the explanation or with a
// talk (约谈) or a public criticism (通报批评), recorded against the unit
// as a [Sanction] with who decided it and why. They need a store that is
// a [SupervisionStore]; [SupervisionRegister] lays them out for CSV and
// xlsx.
//
// # The centre's own answers, transfers and codes
//
// Many orders never reach a unit. The centre answers a received order
// itself from its knowledge base (直接答复, [Service.AnswerDirectly],
// Config.Knowledge, package kb): the order keeps the entry's id and
// version (Order.Answer) and the reply, and is called back and closed as
// usual. It hands an order over to another body (转办, [Service.Transfer])
// from Config.Bodies (110 police linkage, another hotline, a higher
// platform; [BodiesDefault]): StateTransferred is final, keeps the body,
// the decision and whether the caller was joined in a three-way call
// (Order.Transfer), and stops the order's sla clocks. Both count in the
// centre's intake figures, the direct-answer rate among them
// ([Service.Intake], assess.ComputeIntake), and not in any unit's.
//
// An order may carry a classification code (诉求分类, Order.Code, package
// classify), checked against Config.Classes on acceptance; rules match it
// by subtree (routing.RuleSpec.Codes), lists select a subtree
// (Filter.Code), and assessment groups by it (assess.ByCode).
//
// # Audit trail
//
// Every step is an immutable [Record]: sequence number, time, actor, step,
// states before and after, remark and data. Each record's SHA-256 hash
// covers the one before, so [Verify] and [Service.Verify] find an edited,
// missing or reordered record.
//
// # JSON
//
// Orders and records have one public JSON form, which the SQL stores keep
// and an HTTP API sends: snake_case keys following the Go fields
// ("merged_into", "caller": {"name", ...}, "location": {"region",
// "address"}, "actor": {"role", "id"}); enumerations by their English keys
// ("handling", "mini_program"; decoding also takes the Chinese names);
// hashes as 64 lowercase hexadecimal digits; times as RFC 3339 in UTC with
// up to nine fractional digits (decoding takes any offset and returns UTC);
// an amount of time granted as {"days": 2} or {"duration": "1h30m0s"}.
// Zero and empty fields are left out, except an order's "state", an
// assisting unit's "unit" and "status", an event's "kind" and the fields of
// a record; a record's "attachments" (read from its data) and a
// [Progress] follow the same rules. The classification code is "code"; a
// direct answer is "answer": {"entry", "version", "at"} and a transfer
// "transfer": {"body", "decision", "three_way", "reference", "at"}. See
// [Order.MarshalJSON] and [Record.MarshalJSON];
// [DecodeOrder] reads input from outside and refuses keys the form does
// not have.
//
// # Stores
//
// A [Store] keeps orders and their records, writing a step and its record
// atomically under a version check. [MemStore] is the in-memory default;
// package workorder/storetest is the conformance suite every store runs.
//
// # Exactly once
//
// Every step has an idempotency key, kept as [Record].Key under a unique
// index of the store: the caller's, given with [WithKey] (an HTTP API
// passes a request's Idempotency-Key header), or a random one the service
// makes up. A step taken again with its key is not applied again: the
// call returns the order as the actor may see it now, with no new record,
// instead of a misleading [ErrInvalidTransition] or a second urge; a key
// used for another step fails with [ErrKeyReused]. When the store loses
// its connection during a commit, the outcome is unknown: the service
// reads the key back and answers for the step when it is stored, tries
// the step again with the same key when it is not, and otherwise returns
// [ErrOutcomeUnknown] as an *[OutcomeError] carrying the key, with which
// retrying is safe. Callers that retry every failed step with its key
// until it succeeds lose and double nothing, whatever fails. The key is
// not covered by the record's hash, so trails written before keys were
// kept verify as before.
package workorder
