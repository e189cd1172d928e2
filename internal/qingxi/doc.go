// Package qingxi simulates a year of 12345 hotline orders in 清溪镇, a
// town like the one the library is modelled on, and counts the year's
// report. The command examples/qingxi prints the report; the server of
// cmd/hotline seeds an empty database with the year so its board has
// something to show.
//
// Orders are drawn from templates with the town's villages and roads:
// consultations, help requests, complaints, reports, suggestions, a few
// emergencies (missing manhole covers, road hazards), repeated noise
// complaints about the same venues, and bursts of calls about water and
// power cuts and floods. Each goes through the real service: routing by
// the town's rules file (RulesYAML, a copy of examples/route/qingxi.yaml)
// checked against its directory of units (UnitsYAML, which names the
// fallback unit), dispatch, signing, returns and the fallback unit,
// extensions, suspensions, assisting opinions, reply, review, callback
// and close, with sla deadlines on the official China calendar and
// alerts that urge late units. Time is simulated: a queue of future
// actions advances the service's clock.
//
// # The town's measures
//
// The run models what the town says it does, and its figures come out
// of that behaviour, counted by package assess from what the service
// recorded; nothing is set to a result:
//
//   - the supervision ladder (督办) on the finish target of every normal
//     order: the town's policies (sla.DefaultPolicies) with
//     sla.DefaultLadder, so the service's monitor urges a late unit at
//     the deadline, issues a supervision order (督办单) two working days
//     after it and puts it to a supervisor five working days after it.
//     Units hurry when warned, urged or supervised; a few explain late
//     and end with a talk (约谈) or a public criticism (通报批评);
//   - leaders take difficult orders (领办): the fallback unit's leader
//     every order designated to it (兜底, so the order stays owned), the
//     lead unit's leader repeats, redone orders and many joint orders,
//     complaints and reports; they reply on time and their callers are
//     better satisfied;
//   - every step of a unit names the person who took it (经办人, three
//     handlers and a leader per unit), so assessment reaches persons;
//   - the centre reviews dissatisfied verdicts (差评甄别) and a supervisor
//     approves leaving some out of assessment (Service.Exempt).
//
// The shares and weights these rest on are the simulation's assumptions,
// declared and commented in sim.go (the town's measures, the callers'
// verdicts). They are calibrated so that the default run (SeedDefault,
// OrdersDefault, YearDefault) lands near the town's reported year
// (TownYear: 2,917 orders, 25 emergencies, on-time completion close to
// 100%, satisfaction 93.2%, for 2025): over seeds 1 to 6 on-time
// completion comes out at 99.3% to 99.7% and satisfaction at 92.9% to
// 93.7% (seed 1: 99.5% and 93.6%). The report prints the town's figures beside the simulated ones
// and says which is which.
//
// A run covers a period of receipt (Config.From and Config.To, or the
// calendar year Config.Year) and follows its orders until each is closed.
//
// Each order is counted in the report when it closes, so the year can
// stream through a store that forgets closed orders (Config.Store nil):
// what stays is what routing asks about later, a few hundred bytes an
// order, as the assessment is counted record by record (assess.Tally)
// and the records that may be late kept; a million orders fit in 2 GB.
// The same Config gives the same report.
package qingxi

import (
	"bytes"
	_ "embed"

	"github.com/hotline12345/hotline/calendar"
)

// Defaults of a run: the town's year.
const (
	SeedDefault   = 1
	OrdersDefault = 2917
	YearDefault   = 2025
)

// The years a run may simulate: the calendar's range, less the first year
// (its first hours fall before the range in Asia/Shanghai) and the last
// (orders received in December are handled in the next year).
const (
	YearMin = calendar.MinYear + 1
	YearMax = calendar.MaxYear - 1
)

//go:embed rules.yaml
var rulesYAML []byte

//go:embed units.yaml
var unitsYAML []byte

// RulesYAML returns the town's routing rules file (routing.Parse reads
// it), a copy of examples/route/qingxi.yaml under a header.
func RulesYAML() []byte { return bytes.Clone(rulesYAML) }

// UnitsYAML returns the town's directory of units (unit.Parse reads it),
// which the rules are checked against and which names the fallback unit.
func UnitsYAML() []byte { return bytes.Clone(unitsYAML) }
