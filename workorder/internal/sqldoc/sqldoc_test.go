package sqldoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// fill sets every field reachable from v to a value that is not zero,
// counting up from *n so that no two fields share one, and each
// enumeration to a named value. Times are whole microseconds in UTC, as the
// stores keep them.
// skipRouting makes fill leave Order.Routing, Answer and Transfer nil,
// and ImproperReturns and Code zero, as in documents of the first form,
// written before orders kept their routing decision, direct answers,
// transfers and codes.
var skipRouting bool

func fill(v reflect.Value, n *int) {
	if skipRouting {
		switch v.Type() {
		case reflect.TypeFor[*workorder.Routing](), reflect.TypeFor[*workorder.DirectAnswer](),
			reflect.TypeFor[*workorder.Transfer](), reflect.TypeFor[classify.Code]():
			return
		}
	}
	*n++
	named := map[reflect.Type]any{
		reflect.TypeFor[hotline.Channel]():        hotline.ChannelMiniProgram,
		reflect.TypeFor[hotline.Satisfaction]():   hotline.BasicallySatisfied,
		reflect.TypeFor[hotline.Resolution]():     hotline.Unresolved,
		reflect.TypeFor[workorder.AssistStatus](): workorder.AssistSubmitted,
		reflect.TypeFor[workorder.State]():        workorder.StateReplied,
		reflect.TypeFor[sla.Level]():              sla.LevelOverdue,
		reflect.TypeFor[sla.EventKind]():          sla.EventExtended,
		reflect.TypeFor[hotline.Category]():       hotline.CategoryComplaint,
		reflect.TypeFor[hotline.Urgency]():        hotline.UrgencyEmergency,
		reflect.TypeFor[classify.Code]():          classify.Code("01.02.03"),
	}
	if x, ok := named[v.Type()]; ok {
		v.Set(reflect.ValueOf(x))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2025, 9, 26, 10, 0, 0, 0, time.UTC).Add(time.Duration(*n) * time.Microsecond)))
			return
		}
		for i := range v.NumField() {
			if skipRouting && v.Type().Field(i).Name == "ImproperReturns" {
				continue // nor a count of improper returns
			}
			fill(v.Field(i), n)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fill(v.Index(0), n)
		fill(v.Index(1), n)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), n)
		}
	case reflect.String:
		v.SetString("s" + strings.Repeat("x", *n%5) + string(rune('a'+*n%26)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint8:
		v.SetUint(uint64(*n%250 + 1))
	default:
		panic("fill: unhandled kind " + v.Kind().String() + " at " + v.Type().String())
	}
}

// TestEveryFieldRoundTrips fills every field of an Order, including any
// added after this store was written, and checks that the document keeps
// it: a new field the document does not carry fails here.
func TestEveryFieldRoundTrips(t *testing.T) {
	var o workorder.Order
	n := 0
	fill(reflect.ValueOf(&o).Elem(), &n)
	b, err := Marshal(&o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unmarshal(b)
	if err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if !reflect.DeepEqual(&o, got) {
		t.Errorf("round trip lost something:\nwant %+v\n got %+v\ndoc %s", o, *got, b)
	}
}

func TestZeroOrderRoundTrips(t *testing.T) {
	o := &workorder.Order{ID: "WO-0"}
	b, err := Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"id":"WO-0","state":"new"}`
	if string(b) != want {
		t.Errorf("zero order document\n got %s\nwant %s", b, want)
	}
	got, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(o, got) {
		t.Errorf("got %+v, want %+v", got, o)
	}
}

// TestDocumentIsPublicForm checks that the stores keep the order's public
// JSON form, byte for byte.
func TestDocumentIsPublicForm(t *testing.T) {
	var o workorder.Order
	n := 0
	fill(reflect.ValueOf(&o).Elem(), &n)
	doc, err := Marshal(&o)
	if err != nil {
		t.Fatal(err)
	}
	public, err := json.Marshal(&o)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, public) {
		t.Errorf("document\n%s\npublic form\n%s", doc, public)
	}
}

// TestLegacyDocuments reads documents the stores wrote before they kept
// the public form, as SQLite keeps them (testdata/order_v1.json) and as
// PostgreSQL's jsonb gives them back (testdata/order_v1_jsonb.json), and
// checks that they decode to the order they were written from.
func TestLegacyDocuments(t *testing.T) {
	var want workorder.Order
	n := 0
	skipRouting = true // the first form had no routing decision
	fill(reflect.ValueOf(&want).Elem(), &n)
	skipRouting = false
	for _, name := range []string{"order_v1.json", "order_v1_jsonb.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if !isLegacy(b) {
			t.Errorf("%s: not recognised as version 1", name)
		}
		got, err := Unmarshal(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(&want, got) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, &want)
		}
	}
}

func TestTimesKeptAsInstantsInUTC(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	created := time.Date(2025, 9, 26, 10, 0, 0, 123456000, cst)
	o := &workorder.Order{ID: "WO-1", Created: created, Timeline: sla.Timeline{{Kind: sla.EventReceived, At: created}}}
	b, err := Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"created":"2025-09-26T02:00:00.123456Z"`) {
		t.Errorf("created not in UTC: %s", b)
	}
	got, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Created.Equal(created) || got.Created.Location() != time.UTC || !got.Timeline[0].At.Equal(created) {
		t.Errorf("created %v, timeline %v; want %v in UTC", got.Created, got.Timeline[0].At, created)
	}
}

func TestUnmarshalCorrupt(t *testing.T) {
	cases := []struct{ name, doc string }{
		{"not json", `{"v":1,`},
		{"other version", `{"v":2,"id":"x","state":"new","last_hash":"` + strings.Repeat("00", 32) + `"}`},
		{"unknown state", `{"v":1,"id":"x","state":"lost","last_hash":"` + strings.Repeat("00", 32) + `"}`},
		{"short hash", `{"v":1,"id":"x","state":"new","last_hash":"00"}`},
		{"long hash", `{"v":1,"id":"x","state":"new","last_hash":"` + strings.Repeat("00", 33) + `"}`},
		{"unknown channel", `{"v":1,"id":"x","channel":"pigeon","state":"new","last_hash":"` + strings.Repeat("00", 32) + `"}`},
		{"named value as number", `{"v":1,"id":"x","state":"3","last_hash":"` + strings.Repeat("00", 32) + `"}`},
		{"unknown event", `{"v":1,"id":"x","state":"new","timeline":[{"kind":"x"}],"last_hash":"` + strings.Repeat("00", 32) + `"}`},
		{"unknown assist status", `{"v":1,"id":"x","state":"new","assists":[{"unit":"u","status":"late"}],"last_hash":"` + strings.Repeat("00", 32) + `"}`},
		{"version 1 as a string", `{"v":"1","id":"x","state":"new"}`},
		{"version 1 with a location", `{"v":1,"id":"x","state":"new","location":{"region":"r"}}`},
		{"public: not json", `{"id":"x",`},
		{"public: unknown state", `{"id":"x","state":"lost"}`},
		{"public: unknown channel", `{"id":"x","channel":"pigeon"}`},
		{"public: short hash", `{"id":"x","last_hash":"00"}`},
		{"public: number for a name", `{"id":"x","level":2}`},
		{"public: bad duration", `{"id":"x","pending":{"amount":{"duration":"3 days"}}}`},
		{"public: null", `null`},
		{"public: array", `[]`},
	}
	for _, tc := range cases {
		if o, err := Unmarshal([]byte(tc.doc)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: Unmarshal = %+v, %v; want ErrCorrupt", tc.name, o, err)
		}
	}
}

func TestNames(t *testing.T) {
	cases := []struct {
		name  string
		write string
		back  func(string) (any, bool)
		value any
	}{
		{"state", StateName(workorder.StateHandling), func(s string) (any, bool) { return ParseState(s) }, workorder.StateHandling},
		{"state new", StateName(workorder.StateNew), func(s string) (any, bool) { return ParseState(s) }, workorder.StateNew},
		{"step", StepName(workorder.StepUrge), func(s string) (any, bool) { return ParseStep(s) }, workorder.StepUrge},
		{"role", RoleName(workorder.RoleSupervisor), func(s string) (any, bool) { return ParseRole(s) }, workorder.RoleSupervisor},
		{"level", LevelName(sla.LevelOverdue), func(s string) (any, bool) { return ParseLevel(s) }, sla.LevelOverdue},
		{"undeclared role", RoleName(workorder.Role(200)), func(s string) (any, bool) { return ParseRole(s) }, workorder.Role(200)},
		{"zero role", RoleName(0), func(s string) (any, bool) { return ParseRole(s) }, workorder.Role(0)},
	}
	wantNames := []string{"handling", "new", "urge", "supervisor", "overdue", "200", ""}
	for i, tc := range cases {
		if tc.write != wantNames[i] {
			t.Errorf("%s: written as %q, want %q", tc.name, tc.write, wantNames[i])
		}
		v, ok := tc.back(tc.write)
		if !ok || v != tc.value {
			t.Errorf("%s: %q read back as %v, %v; want %v", tc.name, tc.write, v, ok, tc.value)
		}
	}
	if _, ok := ParseStep("3"); ok {
		t.Error(`ParseStep("3") accepted a number for a named step`)
	}
	if _, ok := ParseState(""); ok {
		t.Error(`ParseState("") accepted; the zero state has a name`)
	}
	want := []string{"received", "dispatched", "handling", "returned", "suspended", "replied", "reviewed", "called_back",
		"return_requested", "return_requested_signed", "answered"}
	if got := OpenStates(); !reflect.DeepEqual(got, want) {
		t.Errorf("OpenStates() = %v, want %v", got, want)
	}
}

// Verdicts, answers and channels are stored by English key in the order
// document; the keys written before the verdict moved to package hotline
// still read back as the same verdicts, and the zero value is still "".
func TestStoredVerdictKeys(t *testing.T) {
	for key, want := range map[string]hotline.Satisfaction{
		"": hotline.Unrated, "satisfied": hotline.Satisfied, "basically_satisfied": hotline.BasicallySatisfied,
		"dissatisfied": hotline.Dissatisfied, "unreachable": hotline.Unreachable,
		"very_satisfied": hotline.VerySatisfied, "very_dissatisfied": hotline.VeryDissatisfied,
	} {
		var got hotline.Satisfaction
		if err := got.UnmarshalText([]byte(key)); err != nil || got != want {
			t.Errorf("satisfaction %q read as %v, %v; want %v", key, got, err, want)
		}
		if back, err := want.MarshalText(); err != nil || string(back) != key {
			t.Errorf("satisfaction %v written as %q, %v; want %q", want, back, err, key)
		}
	}
	for key, want := range map[string]hotline.Resolution{"": hotline.Unanswered, "resolved": hotline.Resolved, "unresolved": hotline.Unresolved} {
		var got hotline.Resolution
		if err := got.UnmarshalText([]byte(key)); err != nil || got != want {
			t.Errorf("resolution %q read as %v, %v", key, got, err)
		}
	}
	var c hotline.Channel
	if err := c.UnmarshalText([]byte("mini_program")); err != nil || c != hotline.ChannelMiniProgram {
		t.Errorf("channel mini_program read as %v, %v", c, err)
	}
}

func TestUnits(t *testing.T) {
	cases := []struct {
		lead   string
		assist []string
		want   []string
	}{
		{"", nil, []string{}},
		{"城管办", nil, []string{"城管办"}},
		{"城管办", []string{"环保分局", "城管办", "村委会"}, []string{"城管办", "村委会", "环保分局"}},
		{"", []string{"b", "a", ""}, []string{"a", "b"}},
	}
	for _, tc := range cases {
		o := &workorder.Order{Lead: tc.lead}
		for _, u := range tc.assist {
			o.Assists = append(o.Assists, workorder.Assist{Unit: u})
		}
		if got := Units(o); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Units(lead %q, assists %q) = %q, want %q", tc.lead, tc.assist, got, tc.want)
		}
	}
}

func TestCeilMicro(t *testing.T) {
	at := func(sec int64, ns int64) time.Time { return time.Unix(sec, ns).UTC() }
	cases := []struct {
		in, want time.Time
	}{
		{at(1758852000, 0), at(1758852000, 0)},
		{at(1758852000, 5000), at(1758852000, 5000)},
		{at(1758852000, 1), at(1758852000, 1000)},
		{at(1758852000, 999), at(1758852000, 1000)},
		{at(1758852000, 5001), at(1758852000, 6000)},
		{at(1758852000, 999_999_001), at(1758852001, 0)},
		{at(-1, 1), at(-1, 1000)}, // before 1970
		{at(-1, 999_999_999), at(0, 0)},
	}
	for _, tc := range cases {
		got := CeilMicro(tc.in)
		if !got.Equal(tc.want) {
			t.Errorf("CeilMicro(%s) = %s, want %s", tc.in.Format(time.RFC3339Nano), got.Format(time.RFC3339Nano), tc.want.Format(time.RFC3339Nano))
		}
		// A stored instant d, whole microseconds, is before the input
		// exactly when it is before the result.
		for _, d := range []time.Time{tc.want.Add(-time.Microsecond), tc.want, tc.want.Add(time.Microsecond)} {
			if d.Before(tc.in) != d.Before(got) {
				t.Errorf("CeilMicro(%s): %s is before one and not the other", tc.in.Format(time.RFC3339Nano), d.Format(time.RFC3339Nano))
			}
		}
	}
}

func TestRegionBounds(t *testing.T) {
	cases := []struct {
		region string
		inside []string
		out    []string
	}{
		{"清溪镇", []string{"清溪镇", "清溪镇/三中村", "清溪镇/三中村/一组"}, []string{"清溪镇东", "清溪镇东/一村", "清溪", "樟木头镇", ""}},
		{"清溪镇/", []string{"清溪镇", "清溪镇/三中村"}, []string{"清溪镇东"}},
		{"a", []string{"a", "a/b"}, []string{"a0", "a.", "b", "A/b", "a-b"}},
	}
	for _, tc := range cases {
		exact, lo, hi, ok := RegionBounds(tc.region)
		if !ok {
			t.Fatalf("RegionBounds(%q) selects everything", tc.region)
		}
		in := func(r string) bool { return r == exact || (r >= lo && r < hi) }
		for _, r := range tc.inside {
			if !in(r) || !(workorder.Location{Region: r}).InRegion(tc.region) {
				t.Errorf("%q should be inside %q", r, tc.region)
			}
		}
		for _, r := range tc.out {
			if in(r) || (workorder.Location{Region: r}).InRegion(tc.region) {
				t.Errorf("%q should not be inside %q", r, tc.region)
			}
		}
	}
	for _, r := range []string{"", "/"} {
		if _, _, _, ok := RegionBounds(r); ok {
			t.Errorf("RegionBounds(%q) narrows the selection", r)
		}
	}
}

func TestCheckWrite(t *testing.T) {
	rec := func(id string, seq int64) workorder.Record { return workorder.Record{OrderID: id, Seq: seq} }
	cases := []struct {
		name     string
		o        *workorder.Order
		expected int64
		records  []workorder.Record
		want     string // "" for accepted
	}{
		{"create", &workorder.Order{ID: "A", Version: 1}, 0, []workorder.Record{rec("A", 1)}, ""},
		{"update by two", &workorder.Order{ID: "A", Version: 5}, 3, []workorder.Record{rec("A", 4), rec("A", 5)}, ""},
		{"nil order", nil, 0, nil, "store: create: order without id"},
		{"no id", &workorder.Order{Version: 1}, 0, []workorder.Record{rec("", 1)}, "store: create: order without id"},
		{"no records", &workorder.Order{ID: "A", Version: 1}, 1, nil, `store: create order "A": no records`},
		{"version", &workorder.Order{ID: "A", Version: 3}, 1, []workorder.Record{rec("A", 2)}, `version 3 after 1 records from 1`},
		{"negative expected", &workorder.Order{ID: "A", Version: 0}, -1, []workorder.Record{rec("A", 0)}, `from -1`},
		{"sequence", &workorder.Order{ID: "A", Version: 2}, 1, []workorder.Record{rec("A", 3)}, `record 0 is "A" #3`},
		{"other order", &workorder.Order{ID: "A", Version: 2}, 1, []workorder.Record{rec("B", 2)}, `record 0 is "B" #2`},
		{"last hash", &workorder.Order{ID: "A", Version: 2, LastHash: [32]byte{1}}, 1, []workorder.Record{rec("A", 2)},
			`LastHash is not the last record's hash`},
		{"last hash of the last record", &workorder.Order{ID: "A", Version: 3}, 1,
			[]workorder.Record{{OrderID: "A", Seq: 2, Hash: [32]byte{1}}, rec("A", 3)}, ""},
	}
	for _, tc := range cases {
		err := CheckWrite("store", "create", tc.o, tc.expected, tc.records)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (!errors.Is(err, workorder.ErrInvalidArgument) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v; want ErrInvalidArgument saying %q", tc.name, err, tc.want)
		}
	}
}

// FuzzUnmarshal checks that any document either fails with ErrCorrupt or
// decodes to an order that writes back to a document decoding the same.
func FuzzUnmarshal(f *testing.F) {
	var o workorder.Order
	n := 0
	fill(reflect.ValueOf(&o).Elem(), &n)
	full, _ := Marshal(&o)
	zero, _ := Marshal(&workorder.Order{ID: "z"})
	f.Add(full)
	f.Add(zero)
	f.Add([]byte(`{"v":1,"id":"x","state":"12","last_hash":"` + strings.Repeat("ab", 32) + `"}`))
	for _, name := range []string{"order_v1.json", "order_v1_jsonb.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		o, err := Unmarshal(b)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		again, err := Marshal(o)
		if err != nil {
			return // a time JSON cannot write, such as year 10000
		}
		o2, err := Unmarshal(again)
		if err != nil {
			t.Fatalf("rewritten document %s: %v", again, err)
		}
		if !reflect.DeepEqual(o, o2) {
			t.Fatalf("decoded %+v, then %+v", o, o2)
		}
	})
}

func TestMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	ms, err := Migrations(fstest.MapFS{
		"m/0002_more.sql": file("B"),
		"m/0001_init.sql": file("A"),
		"m/README":        file("not a migration"),
	}, "m")
	if err != nil {
		t.Fatal(err)
	}
	want := []Migration{{1, "0001_init.sql", "A"}, {2, "0002_more.sql", "B"}}
	if !reflect.DeepEqual(ms, want) {
		t.Errorf("Migrations = %+v, want %+v", ms, want)
	}
	bad := []struct {
		name string
		fs   fstest.MapFS
	}{
		{"gap", fstest.MapFS{"m/0001_a.sql": file(""), "m/0003_c.sql": file("")}},
		{"no number", fstest.MapFS{"m/init.sql": file("")}},
		{"zero", fstest.MapFS{"m/0000_a.sql": file("")}},
		{"twice", fstest.MapFS{"m/0001_a.sql": file(""), "m/001_b.sql": file("")}},
	}
	for _, tc := range bad {
		if ms, err := Migrations(tc.fs, "m"); err == nil {
			t.Errorf("%s: Migrations = %+v, want an error", tc.name, ms)
		}
	}
}

func TestDecodeRecord(t *testing.T) {
	var r workorder.Record
	hash := make([]byte, len(r.Hash))
	hash[0] = 7
	err := DecodeRecord(&r, RoleName(workorder.RoleCentre), StepName(workorder.StepDispatch),
		StateName(workorder.StateReceived), StateName(workorder.StateDispatched), hash)
	if err != nil || r.Actor.Role != workorder.RoleCentre || r.Step != workorder.StepDispatch ||
		r.From != workorder.StateReceived || r.To != workorder.StateDispatched || r.Hash[0] != 7 {
		t.Fatalf("DecodeRecord: %v, %+v", err, r)
	}
	if err := DecodeRecord(&r, "no such role", StepName(workorder.StepDispatch), "received", "dispatched", hash); !errors.Is(err, ErrCorrupt) {
		t.Errorf("unknown role: %v, want ErrCorrupt", err)
	}
	if err := DecodeRecord(&r, RoleName(workorder.RoleCentre), StepName(workorder.StepDispatch),
		StateName(workorder.StateReceived), StateName(workorder.StateDispatched), hash[:3]); !errors.Is(err, ErrCorrupt) {
		t.Errorf("short hash: %v, want ErrCorrupt", err)
	}
}

// BenchmarkDocument measures writing and reading the document of an order
// with every field set, as each step of a SQL store does once.
func BenchmarkDocument(b *testing.B) {
	var o workorder.Order
	n := 0
	fill(reflect.ValueOf(&o).Elem(), &n)
	doc, err := Marshal(&o)
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name string
		run  func() error
	}{
		{"marshal", func() error { _, err := Marshal(&o); return err }},
		{"unmarshal", func() error { _, err := Unmarshal(doc); return err }},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := tc.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestMarshalRefusesUnnamed checks that a value without a name is refused
// rather than stored in a form that does not read back.
func TestMarshalRefusesUnnamed(t *testing.T) {
	for _, o := range []*workorder.Order{
		{ID: "x", Resolution: hotline.Resolution(9)},
		{ID: "x", State: workorder.State(200)},
		{ID: "x", Assists: []workorder.Assist{{Unit: "u", Status: workorder.AssistStatus(7)}}},
	} {
		if b, err := Marshal(o); !errors.Is(err, hotline.ErrUnknownName) {
			t.Errorf("Marshal(%+v) = %s, %v; want ErrUnknownName", o, b, err)
		}
	}
}
