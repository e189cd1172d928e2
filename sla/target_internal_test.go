package sla

import (
	"math/rand/v2"
	"testing"
	"time"
)

// compile is the fast path of validate: the two must agree on every target.
func TestTargetCompileAgreesWithValidate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func(xs ...int) int { return xs[rng.IntN(len(xs))] }
	kinds := func() []EventKind {
		var ks []EventKind
		for range rng.IntN(3) {
			ks = append(ks, EventKind(rng.IntN(int(eventEnd)+1)))
		}
		return ks
	}
	valid := 0
	for range 200000 {
		tg := Target{
			Name:         []string{"", "finish"}[rng.IntN(2)],
			Clock:        Clock(rng.IntN(int(clockEnd) + 1)),
			Amount:       Amount{Duration: time.Duration(pick(0, 0, -1, 30, int(MaxDuration/time.Minute)+1)) * time.Minute, Days: pick(0, 0, -1, 1, 5, MaxDays+1)},
			FromStartDay: rng.IntN(4) == 0,
			CloseOfWork:  rng.IntN(4) == 0,
			Start:        EventKind(rng.IntN(int(eventEnd) + 1)),
			RestartOn:    kinds(),
			MetBy:        kinds(),
			Window:       rng.IntN(4) == 0,
			Extension:    ExtensionLimit{MaxCount: pick(0, 1, -1, 101), MaxTotal: Amount{Days: pick(0, 0, 2, -1), Duration: time.Duration(pick(0, 0, 1, -1)) * time.Hour}},
		}
		for range rng.IntN(3) {
			tg.Warnings = append(tg.Warnings, Warning{Fraction: []float64{0, 0.5, 1, -0.1}[rng.IntN(4)],
				Before: Amount{Duration: time.Duration(pick(0, 0, 1, -1)) * time.Hour, Days: pick(0, 0, 1, 4, -1)}})
		}
		_, err := tg.validate()
		if _, ok := tg.compile(); ok != (err == nil) {
			t.Fatalf("compile %v, validate %v for %+v", ok, err, tg)
		}
		if err == nil {
			valid++
		}
	}
	if valid < 20 {
		t.Fatalf("only %d valid targets drawn", valid)
	}
}
