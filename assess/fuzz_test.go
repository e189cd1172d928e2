package assess_test

import (
	"encoding/binary"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fuzz input encodes a scheme choice, a period and records. Times are
// counted in steps of ten minutes from fuzzBase.
var (
	fuzzBase    = time.Date(2025, time.September, 1, 0, 0, 0, 0, shanghai)
	fuzzUnits   = []string{chengguan, paichusuo, "生态环境分局", zhujian}
	fuzzSchemes = []assess.Scheme{assess.SchemeTown(), assess.SchemeBeijing(),
		{Name: "five", Satisfaction: assess.SatisfactionFiveLevel(), Weights: []assess.Weight{
			{Metric: assess.MetricSatisfaction, Points: 1}, {Metric: assess.MetricReturn, Points: 1},
			{Metric: assess.MetricReopen, Points: 1}, {Metric: assess.MetricExtension, Points: 1}}},
	}
)

const (
	fuzzStep      = 10 * time.Minute
	fuzzHeaderLen = 5
	fuzzRecordLen = 19
)

// Flags of a record's second byte.
const (
	flagEmergency = 1 << iota
	flagNoSignDue
	flagNoSigned
	flagNoDue
	flagNoClosed
	flagNoRated
)

func steps(d time.Duration) uint16 { return uint16(d / fuzzStep) }

// encodeFuzz writes a scheme index, a period and records as fuzz input. It
// supports the fixture's values: times on ten-minute steps and fuzzUnits.
func encodeFuzz(scheme byte, p assess.Period, recs []assess.Record) []byte {
	b := []byte{scheme}
	b = binary.BigEndian.AppendUint16(b, steps(p.From.Sub(fuzzBase)))
	b = binary.BigEndian.AppendUint16(b, steps(p.To.Sub(p.From)))
	for _, r := range recs {
		var flags byte
		offset := func(t time.Time, flag byte) uint16 {
			if t.IsZero() {
				flags |= flag
				return 0
			}
			return steps(t.Sub(r.Received))
		}
		if r.Emergency {
			flags |= flagEmergency
		}
		times := []uint16{steps(r.Received.Sub(fuzzBase)), offset(r.SignDue, flagNoSignDue), offset(r.Signed, flagNoSigned),
			offset(r.Due, flagNoDue), offset(r.Closed, flagNoClosed), offset(r.Rated, flagNoRated)}
		b = append(b, byte(slices.Index(fuzzUnits, r.Unit)|slices.Index(genCategories, r.Category)<<4), flags)
		for _, t := range times {
			b = binary.BigEndian.AppendUint16(b, t)
		}
		b = append(b, byte(r.Returns), byte(r.Reopenings), byte(r.Extensions), byte(r.Satisfaction), byte(r.Resolution))
	}
	return b
}

// decodeFuzz reads what encodeFuzz writes; any bytes decode to something.
// Satisfaction and Resolution bytes are kept as they are, so they may be
// out of range.
func decodeFuzz(b []byte) (assess.Scheme, assess.Period, []assess.Record) {
	b = append(b, make([]byte, max(0, fuzzHeaderLen-len(b)))...)
	at := func(b []byte) time.Duration { return time.Duration(binary.BigEndian.Uint16(b)) * fuzzStep }
	scheme := fuzzSchemes[int(b[0])%len(fuzzSchemes)]
	from := fuzzBase.Add(at(b[1:]))
	p := assess.Period{From: from, To: from.Add(at(b[3:]))}
	var recs []assess.Record
	for rest := b[fuzzHeaderLen:]; len(rest) >= fuzzRecordLen; rest = rest[fuzzRecordLen:] {
		flags := rest[1]
		received := fuzzBase.Add(at(rest[2:]))
		t := func(i int, flag byte) time.Time {
			if flags&flag != 0 {
				return time.Time{}
			}
			return received.Add(at(rest[i:]))
		}
		recs = append(recs, assess.Record{
			OrderID:      "F" + strconv.Itoa(len(recs)),
			Unit:         fuzzUnits[int(rest[0]&0x0f)%len(fuzzUnits)],
			Category:     genCategories[int(rest[0]>>4)%len(genCategories)],
			Emergency:    flags&flagEmergency != 0,
			Received:     received,
			SignDue:      t(4, flagNoSignDue),
			Signed:       t(6, flagNoSigned),
			Due:          t(8, flagNoDue),
			Closed:       t(10, flagNoClosed),
			Rated:        t(12, flagNoRated),
			Returns:      int(rest[14]),
			Reopenings:   int(rest[15]),
			Extensions:   int(rest[16]),
			Satisfaction: hotline.Satisfaction(rest[17]),
			Resolution:   hotline.Resolution(rest[18]),
		})
	}
	return scheme, p, recs
}

func TestFuzzEncodingRoundTrip(t *testing.T) {
	want := fixture()
	_, p, got := decodeFuzz(encodeFuzz(0, october, want))
	assert.Equal(t, october.From, p.From)
	assert.Equal(t, october.To, p.To)
	require.Len(t, got, len(want))
	for i := range want {
		want[i].OrderID = "F" + strconv.Itoa(i)
		assert.Equal(t, want[i], got[i])
	}
}

// FuzzCompute checks, for any records, that Compute either rejects the input
// with a sentinel or returns a report whose rows add up to its total,
// whose rates and score are in range, that does not depend on the order of
// the records, and that groups by category to the same total.
func FuzzCompute(f *testing.F) {
	recs := fixture()
	for s := range fuzzSchemes {
		f.Add(encodeFuzz(byte(s), october, recs))
	}
	for i := range recs {
		f.Add(encodeFuzz(1, october, recs[i:i+1]))
	}
	f.Add(encodeFuzz(0, assess.Month(2025, time.September, shanghai), recs))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		scheme, p, recs := decodeFuzz(data)
		a, err := assess.New(scheme)
		require.NoError(t, err)
		rep, err := a.Compute(recs, p)
		if err != nil {
			require.True(t, errors.Is(err, assess.ErrInvalidRecord) || errors.Is(err, assess.ErrInvalidPeriod), err)
			return
		}
		checkInvariants(t, rep)
		slices.Reverse(recs)
		again, err := a.Compute(recs, p)
		require.NoError(t, err)
		assert.Equal(t, rep, again, "order of records")
		byCat, err := a.ComputeBy(recs, p, assess.ByCategory)
		require.NoError(t, err)
		assert.Equal(t, rep.Total, byCat.Total)
		// Counted one by one, with a report halfway, by a Tally.
		tally, err := a.Tally(p, assess.ByUnit)
		require.NoError(t, err)
		half := len(recs) / 2
		for i := range recs[:half] {
			require.NoError(t, tally.Add(&recs[i]))
		}
		mid := tally.Report()
		for i := range recs[half:] {
			require.NoError(t, tally.Add(&recs[half+i]))
		}
		prefix, err := a.Compute(recs[:half], p)
		require.NoError(t, err)
		assert.Equal(t, prefix, mid, "a Tally halfway")
		assert.Equal(t, again, tally.Report(), "a Tally")
	})
}
