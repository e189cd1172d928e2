package workorder

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
)

// chain returns n linked records of order id.
func chain(id string, n int) []Record {
	rs := make([]Record, n)
	var prev [32]byte
	from := StateNew
	for i := range rs {
		to := StateReceived
		rs[i] = Record{
			OrderID: id, Seq: int64(i + 1), At: at(2025, 9, 15, 10, i), Actor: Centre("agent-7"),
			Step: StepUrge, From: from, To: to, Remark: "第" + string(rune('一'+i)) + "次", Data: data(nil).add("n", string(rune('0'+i))).String(),
		}
		if i == 0 {
			rs[i].Step = StepAccept
		}
		rs[i].Hash = rs[i].ComputeHash(prev)
		prev, from = rs[i].Hash, to
	}
	return rs
}

func (d data) String() string { return string(d) }

func TestVerify(t *testing.T) {
	good := chain("WO-1", 4)
	if err := Verify("WO-1", good); err != nil {
		t.Fatalf("untouched chain: %v", err)
	}
	if err := Verify("WO-1", nil); err != nil {
		t.Fatalf("empty chain: %v", err)
	}
	cases := []struct {
		name string
		bend func(rs []Record) []Record
		seq  int64
	}{
		{"remark edited", func(rs []Record) []Record { rs[2].Remark = "改过"; return rs }, 3},
		{"time moved by a microsecond", func(rs []Record) []Record { rs[1].At = rs[1].At.Add(time.Microsecond); return rs }, 2},
		{"actor changed", func(rs []Record) []Record { rs[3].Actor = Centre("agent-8"); return rs }, 4},
		{"step changed", func(rs []Record) []Record { rs[1].Step = StepSupervise; return rs }, 2},
		{"data changed", func(rs []Record) []Record { rs[0].Data = "n=9"; return rs }, 1},
		{"record dropped", func(rs []Record) []Record { return append(rs[:1], rs[2:]...) }, 2},
		{"records swapped", func(rs []Record) []Record { rs[1], rs[2] = rs[2], rs[1]; return rs }, 2},
		{"renumbered after a drop", func(rs []Record) []Record {
			rs = append(rs[:1], rs[2:]...)
			for i := range rs {
				rs[i].Seq = int64(i + 1)
			}
			return rs
		}, 2},
		{"from another order", func(rs []Record) []Record { rs[1].OrderID = "WO-2"; return rs }, 2},
		{"state jump", func(rs []Record) []Record { rs[2].From = StateHandling; return rs }, 3},
		{"edited and rehashed", func(rs []Record) []Record {
			// Rehashing one record does not help: the next one still
			// chains to the old hash.
			rs[1].Remark = "改过"
			rs[1].Hash = rs[1].ComputeHash(rs[0].Hash)
			return rs
		}, 3},
	}
	for _, tc := range cases {
		rs := tc.bend(chain("WO-1", 4))
		err := Verify("WO-1", rs)
		var te *TamperError
		if !errors.Is(err, ErrTampered) || !errors.As(err, &te) || te.Seq != tc.seq {
			t.Errorf("%s: Verify = %v, want a TamperError at record %d", tc.name, err, tc.seq)
		}
	}
}

func TestRecordHashIsStable(t *testing.T) {
	r := Record{OrderID: "WO-1", Seq: 1, At: time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC), Actor: Centre("agent-7"),
		Step: StepAccept, From: StateNew, To: StateReceived}
	// The canonical encoding is part of the stored format: a change here
	// breaks every stored chain.
	want := "01" + "0457 4f2d 31" + "0000000000000001" + "0006 3ecd 5c6b 0800" + "01" + "0761 6765 6e74 2d37" + "01 00 01" + "00" + "00"
	want = strings.ReplaceAll(want, " ", "")
	if got := hex.EncodeToString(r.AppendCanonical(nil)); got != want {
		t.Errorf("canonical encoding\n got %s\nwant %s", got, want)
	}
	// The same instant in another zone hashes the same.
	r2 := r
	r2.At = r.At.In(shanghai)
	if r.ComputeHash([32]byte{}) != r2.ComputeHash([32]byte{}) {
		t.Error("the hash depends on the time zone")
	}
}

func TestRecordValue(t *testing.T) {
	d := data(nil).add("lead", "清溪镇城管办").add("reason", "a=b&c%d 100%").add("empty", "")
	r := Record{Data: string(d)}
	if want := "lead=清溪镇城管办&reason=a%3Db%26c%25d 100%25&empty="; r.Data != want {
		t.Errorf("Data = %q, want %q", r.Data, want)
	}
	cases := []struct {
		key, want string
		ok        bool
	}{
		{"lead", "清溪镇城管办", true},
		{"reason", "a=b&c%d 100%", true},
		{"empty", "", true},
		{"missing", "", false},
		{"lea", "", false},
	}
	for _, tc := range cases {
		if got, ok := r.Value(tc.key); got != tc.want || ok != tc.ok {
			t.Errorf("Value(%q) = %q, %v; want %q, %v", tc.key, got, ok, tc.want, tc.ok)
		}
	}
	if got, ok := (&Record{Data: "a=%2"}).Value("a"); !ok || got != "%2" {
		t.Errorf("a truncated escape: %q, %v", got, ok)
	}
}

func FuzzRecordData(f *testing.F) {
	f.Add("lead", "清溪镇城管办")
	f.Add("reason", "a=b&c%d 100%")
	f.Add("k", "%26%3D")
	f.Fuzz(func(t *testing.T, key, value string) {
		if key == "" || strings.ContainsAny(key, "&=%") {
			return
		}
		r := Record{Data: string(data(nil).add("x", "1").add(key, value))}
		got, ok := r.Value(key)
		if key == "x" {
			return
		}
		if !ok || got != value {
			t.Fatalf("Value(%q) = %q, %v; want %q", key, got, ok, value)
		}
	})
}
