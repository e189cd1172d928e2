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
// Each order is counted in the report when it closes, so the year can
// stream through a store that forgets closed orders (Config.Store nil):
// what stays is about 1 KB an order (its assessment records and what
// routing asks about later), so a million orders fit in 2 GB. The same
// Config gives the same report.
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
