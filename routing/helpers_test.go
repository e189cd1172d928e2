package routing

import (
	"testing"
	"time"
)

// cst is China Standard Time, as 12345 orders are stamped.
var cst = time.FixedZone("CST", 8*3600)

// at returns 2025-month-day hour:minute in China Standard Time.
func at(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2025, month, day, hour, minute, 0, 0, cst)
}

func townConfig(tb testing.TB) *Config {
	tb.Helper()
	cfg, err := LoadFile("testdata/town.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

func townRules(tb testing.TB, opts Options) *RuleSet {
	tb.Helper()
	rs, warnings, err := Compile(townConfig(tb), opts)
	if err != nil {
		tb.Fatal(err)
	}
	if len(warnings) > 0 {
		tb.Fatalf("town rules warn: %v", warnings)
	}
	return rs
}
