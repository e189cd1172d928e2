// Package sla computes the deadlines of 12345 work orders: several targets
// per order on different clocks, paused by suspensions, moved by
// extensions, with warning thresholds and a monitor that raises alerts.
//
// # Policies and targets
//
// A [Policy] holds the [Target] values for the orders it selects by
// category and urgency ([hotline.Category], [hotline.Urgency]) and
// optionally unit and region (a path: a policy for "清溪镇" serves
// "清溪镇/三中村" too); a [PolicySet] finds the most specific one with
// [PolicySet.Lookup]. A target runs on a [Clock]:
//
//   - ClockNatural: a duration, 24 hours a day.
//   - ClockWorkingTime: a duration of the calendar's work periods.
//   - ClockWorkingDays: to the end of the N-th working day, counted from
//     the day after the start (or from the start's day with FromStartDay).
//   - ClockSameDay: to the end of the start's natural day, or of the next
//     day for a start at or after the target's SameDayCutoff (20:00 by
//     default, see SameDayCutoffDefault).
//
// "End of day" is 24:00 (the next day's 00:00) unless the target sets
// CloseOfWork, which ends it at the calendar's close of work.
//
// Policies load from YAML or JSON with [Parse] or [LoadFile]; errors are
// *PolicyError values naming the policy, the field and its line. [DefaultPoliciesYAML]
// is the default set as a file.
//
// # Evaluation
//
// [Evaluate] (or [EvaluateInto], which reuses a slice) turns an order's
// [Timeline] into one [Result] per target: due instant, remaining time,
// elapsed fraction, [Level], met or breached and when, working time used,
// and Provisional when the deadline rests on a year the calendar has no
// official notice for. It is a pure function of the timeline, the policy,
// the calendar and the instant, so after a new holiday notice or a policy
// edit, evaluating again gives the new deadlines with paused time kept.
//
// # Pauses
//
// While an order is suspended the targets marked Pausable stop. The paused
// time is measured on the target's clock: natural time for natural and
// same-day targets, the calendar's working time for working-time and
// working-days targets, so nights, weekends and holiday blocks inside a
// suspension count for nothing. The due instant moves by that much of the
// clock: a working-days target's deadline becomes the instant that much
// working time after the close of work of its last day, or 24:00 of that
// day when it lands on a close of work (unless the target ends at the close
// of work). After that close such a target has only the rest of the day:
// a suspension that begins then keeps what is left, so that the target is
// not late while suspended and falls due that long after it resumes
// (suspended at 18:00 and resumed at 10:00 another day, it is due at
// 16:00). One that begins after the close of work of that day or a later
// one while working time is left (earlier suspensions moved the deadline)
// leaves the target due no earlier than the rest of that evening after it
// ends, so that a suspension never brings a deadline forward. A
// suspension counts only if it begins before the due instant as moved by
// the earlier ones; one that begins after a target fell due does not
// revive it. An open suspension counts up to the instant of evaluation.
//
// # Windows
//
// A target marked Window is a permission, not an obligation: the default
// "return" target is the time in which a unit may send a wrong dispatch
// back. It closes at its due instant, is never breached while unused and
// raises no alerts; [WindowOpen] asks whether it is still open.
//
// # Extensions
//
// An EventExtended names a target and an [Amount] (working days for a
// working-days target, a duration otherwise) and moves its deadline by that
// much. [CheckExtension] applies the target's [ExtensionLimit] before an
// extension is approved; past it, the error is an *ExtensionError wrapping
// [ErrExtensionLimit].
//
// # Monitor
//
// A [Monitor] holds the next warning or overdue instant of every open order
// in a heap and raises each [Alert] once per run of its target, through a
// [Handler], at the instant it falls due, read from an injectable
// [TimeSource]. Instants are kept to the second ([Result.AlertTimes]): a
// warning fires at its threshold rounded up to the second, an overdue
// alert at the first whole second after the due instant. Feed it the results of [Evaluate] after every event of an open
// order (Update) and drop the order when it closes (Remove). A handler
// that fails (returns an error, or panics: [HandlerPanicError]) keeps its
// alert due, and the monitor tries it again after a growing wait
// ([Backoff]); a handler returns [ErrAlertDropped] for an alert that no
// longer applies.
//
// # Supervision ladder
//
// A policy's [Ladder] says what happens to its late targets, step by
// step ([Step]): an urge (催办), a supervision order (督办单) with its own
// deadline for the unit's written explanation, and a decision by a
// supervisor on a talk (约谈) or a public criticism (通报批评), each at
// working days (and working time) after a target's warning or deadline
// on the calendar. [DefaultLadder] is ours: the urge at the deadline, the
// supervision order 2 working days after it with 3 for the explanation,
// the decision after 5. In a policy file it is the "ladder" key
// ([DefaultLadderYAML]); a step at or before the one it follows, an
// unknown action or anchor, a decision without a supervision order before
// it, or a target the policy lacks is refused with the file's line.
// [Policy.LadderResults] turns the steps into results a monitor raises
// as overdue alerts of targets named by [LadderAlertTarget], so that each
// step is raised once per run of its target, on one node or many, as
// alerts are; a policy without a ladder raises nothing more than before.
//
// # Default policies
//
// [DefaultPolicies] encodes the town's rules. W = working days, ending at
// 24:00 unless marked "close"; restarts and met-by events as in the YAML
// file.
//
//	policy        target    clock         amount   from        pauses  warns         extensions
//	emergency     sign      natural       15m      dispatched  no      at 50%        none
//	(any          return    natural       30m      dispatched  window  -             none
//	 category)    contact   natural       30m      received    no      at 50%        none
//	              arrive    natural       1h       received    no      15m before    none
//	              finish    same_day      24:00    received    no      2h before     1, up to 24h
//	              feedback  working_days  2W       received    yes     at 75%        none
//	consultation  finish    working_days  2W       received    yes     at 75%        1, up to 2W
//	help          finish    working_days  5W       received    yes     at 75%        1, up to 10W
//	complaint     finish    working_days  5W       received    yes     at 75%        1, up to 10W
//	report        finish    working_days  5W       received    yes     at 75%        1, up to 10W
//	suggestion    finish    working_days  10W      received    yes     at 75%        1, up to 10W
//	praise        finish    working_days  5W       received    yes     at 75%        none
//	other         finish    working_days  5W       received    yes     at 75%        1, up to 10W
//	every normal  sign      working_days  1W close dispatched  no      2h before     none
//	              return    working_days  1W close dispatched  window  -             none
//
// [GuangdongPolicies] is a second starting point: the finish limits of
// Guangdong province's 12345 hotline rules of 2022 (consultation 2W, help
// and suggestion 10W, complaint and report 15W; praise and other 10W,
// ours) with the town's other targets. The town's stricter 5W stay the
// default, as its own rule.
//
// Package sla imports only package calendar and the shared vocabulary (the
// root package); pass it a calendar such as
// the one of package calendar/cn.
package sla
