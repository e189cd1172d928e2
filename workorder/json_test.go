package workorder

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/sla"
)

// fullRun takes an order through a long life on a service: accepted,
// dispatched with assisting units, returned, redispatched, designated to
// the fallback unit, signed, extended, urged, supervised, opinions in and
// waived, replied, called back dissatisfied, reopened, replied again,
// called back satisfied and resolved a month late, closed; a second order is merged into
// it first. It returns the closed order and the merged one with their audit
// trails, as the service hands them out (times in Shanghai).
func fullRun(t *testing.T) (orders []*Order, trails [][]Record) {
	t.Helper()
	ctx := context.Background()
	s, clk := newService(t)
	step := func(o *Order, err error) *Order {
		t.Helper()
		clk.Advance(37*time.Minute + 1500*time.Microsecond)
		return must(t)(o, err)
	}
	d := draft()
	d.Caller.Confidential = true
	d.Tags = append(d.Tags, "夜间施工")
	d.Code = "01.02.03"
	o := step(s.Accept(ctx, centre, d))
	id := o.ID
	dup := draft()
	dup.Channel, dup.Caller, dup.Text = hotline.ChannelWeChat, Caller{Anonymous: true, Phone: "0769-87301234"}, "工业路工地又在夜间施工。"
	child := step(s.Accept(ctx, Centre("agent-9"), dup))
	step(s.Merge(ctx, centre, child.ID, id, "同一工地"))
	step(s.Dispatch(ctx, centre, id, Assignment{Lead: cityMgmt, Assist: []string{envBur, village}, Remark: "联办"}))
	step(s.Return(ctx, Unit(cityMgmt), id, ReturnRequest{Code: "duplicate"}))
	step(s.RefuseReturn(ctx, centre, id, "不是重复件"))
	step(s.Return(ctx, Unit(cityMgmt), id, ReturnRequest{Code: "not_our_duty", Text: "不属本单位职责"}))
	step(s.ApproveReturn(ctx, centre, id, "同意退单"))
	step(s.Redispatch(ctx, centre, id, Assignment{Lead: police}))
	step(s.Designate(ctx, centre, id, fallback, "兜底"))
	step(s.Sign(ctx, Unit(fallback), id))
	step(s.RequestExtension(ctx, Unit(fallback), id, ExtensionRequest{Amount: sla.Amount{Days: 2}, Reason: "需协调施工方"}))
	step(s.ApproveExtension(ctx, centre, id, "同意"))
	step(s.Urge(ctx, super, id, "请加快"))
	step(s.Supervise(ctx, super, id, "列入督办"))
	step(s.SubmitOpinion(ctx, Unit(envBur), id, "已测噪音，超标 & 需整改"))
	step(s.WaiveOpinion(ctx, centre, id, village, "村委会无需意见"))
	step(s.Reply(ctx, Unit(fallback), id, "已责令停止夜间施工。"))
	step(s.ApproveReply(ctx, centre, id, ""))
	step(s.Callback(ctx, centre, id, hotline.Dissatisfied, "仍有噪音"))
	step(s.Reopen(ctx, centre, id, "回访不满意"))
	clk.Advance(30 * 24 * time.Hour) // past every deadline: Overdue
	step(s.Reply(ctx, Unit(fallback), id, "已查封夜间施工设备，%=& 保留原文。"))
	step(s.ApproveReply(ctx, centre, id, "通过"))
	step(s.CallbackWith(ctx, centre, id, CallbackAnswer{Satisfaction: hotline.Satisfied, Resolution: hotline.Resolved, Remark: "已解决"}))
	step(s.Close(ctx, centre, id, "办结"))
	for _, oid := range []string{id, child.ID} {
		o := must(t)(s.Get(ctx, centre, oid))
		h, err := s.History(ctx, centre, oid)
		if err != nil {
			t.Fatal(err)
		}
		orders, trails = append(orders, o), append(trails, h)
	}
	return orders, trails
}

// inUTC returns a copy of o with its times in UTC, as decoding gives them.
func inUTC(o *Order) *Order { return (&Service{loc: time.UTC}).localize(o.Clone()) }

// fillValid sets every field of an order to a value that is not zero, each
// enumeration to a named value, counting up from n so that no two fields
// share one; times are in UTC with nanoseconds.
func fillValid(v reflect.Value, n *int) {
	*n++
	switch v.Interface().(type) {
	case time.Time:
		v.Set(reflect.ValueOf(time.Date(2025, 9, 26, 10, 0, 0, 0, time.UTC).Add(time.Duration(*n)*time.Second + 7)))
		return
	case hotline.Channel:
		v.Set(reflect.ValueOf(hotline.ChannelMiniProgram))
		return
	case hotline.Satisfaction:
		v.Set(reflect.ValueOf(hotline.BasicallySatisfied))
		return
	case hotline.Resolution:
		v.Set(reflect.ValueOf(hotline.Unresolved))
		return
	case AssistStatus:
		v.Set(reflect.ValueOf(AssistWaived))
		return
	case State:
		v.Set(reflect.ValueOf(StateCalledBack))
		return
	case sla.Level:
		v.Set(reflect.ValueOf(sla.LevelWarning))
		return
	case sla.EventKind:
		v.Set(reflect.ValueOf(sla.EventExtended))
		return
	case hotline.Category:
		v.Set(reflect.ValueOf(hotline.CategoryReport))
		return
	case hotline.Urgency:
		v.Set(reflect.ValueOf(hotline.UrgencyEmergency))
		return
	case classify.Code:
		v.Set(reflect.ValueOf(classify.Code("01.02.03")))
		return
	case time.Duration:
		v.SetInt(int64(*n)*int64(time.Minute) + 1)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fillValid(v.Field(i), n)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillValid(v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fillValid(v.Index(0), n)
		fillValid(v.Index(1), n)
	case reflect.Array:
		for i := range v.Len() {
			fillValid(v.Index(i), n)
		}
	case reflect.String:
		v.SetString("s" + strings.Repeat("é", *n%3) + string(rune('a'+*n%26)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint8: // hash bytes
		v.SetUint(uint64(*n%250 + 1))
	default:
		panic("fillValid: unhandled " + v.Type().String())
	}
}

// zeroFields lists the paths of the zero fields reachable from v.
func zeroFields(v reflect.Value, path string) []string {
	if v.IsZero() {
		return []string{path}
	}
	var out []string
	switch v.Kind() {
	case reflect.Struct:
		if _, ok := v.Interface().(time.Time); ok {
			return nil
		}
		for i := range v.NumField() {
			out = append(out, zeroFields(v.Field(i), path+"."+v.Type().Field(i).Name)...)
		}
	case reflect.Pointer:
		out = zeroFields(v.Elem(), path)
	case reflect.Slice:
		for i := range v.Len() {
			out = append(out, zeroFields(v.Index(i), path+"[]")...)
		}
	}
	return out
}

// TestOrderJSONEveryField fills every field of an Order, including any
// added later, and checks that the JSON form keeps it.
func TestOrderJSONEveryField(t *testing.T) {
	var o Order
	n := 0
	fillValid(reflect.ValueOf(&o).Elem(), &n)
	if z := zeroFields(reflect.ValueOf(o), "Order"); len(z) > 0 {
		t.Fatalf("fillValid left %v zero", z)
	}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var got Order
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if !reflect.DeepEqual(o, got) {
		t.Errorf("round trip lost something:\nwant %+v\n got %+v\njson %s", o, got, b)
	}
	got2, err := DecodeOrder(bytes.NewReader(b))
	if err != nil || !reflect.DeepEqual(&o, got2) {
		t.Errorf("DecodeOrder = %+v, %v; want %+v", got2, err, o)
	}
}

// TestJSONRoundTripServiceRun checks that orders and records from a real
// run come back equal, as instants in UTC.
func TestJSONRoundTripServiceRun(t *testing.T) {
	orders, trails := fullRun(t)
	for i, o := range orders {
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		var got Order
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if want := inUTC(o); !reflect.DeepEqual(want, &got) {
			t.Errorf("order %s:\nwant %+v\n got %+v", o.ID, want, &got)
		}
		b, err = json.Marshal(trails[i])
		if err != nil {
			t.Fatal(err)
		}
		var recs []Record
		if err := json.Unmarshal(b, &recs); err != nil {
			t.Fatal(err)
		}
		for j := range recs {
			want := trails[i][j]
			want.At, want.Key = want.At.UTC(), "" // the key is not in the JSON form
			if !reflect.DeepEqual(want, recs[j]) {
				t.Errorf("record %d:\nwant %+v\n got %+v", j+1, want, recs[j])
			}
		}
		if err := Verify(o.ID, recs); err != nil {
			t.Errorf("decoded trail of %s: %v", o.ID, err)
		}
	}
	// The run sets every field of the closed order but these, which a
	// closed order cannot have (the merged one has MergedInto), and
	// Routing: the run names its leads (TestDispatchKeepsRouting routes).
	// A unit handles it, so the centre neither answers nor transfers it.
	var zero []string
	for i, v := 0, reflect.ValueOf(*orders[0]); i < v.NumField(); i++ {
		if v.Field(i).IsZero() {
			zero = append(zero, v.Type().Field(i).Name)
		}
	}
	if want := []string{"Routing", "Pending", "MergedInto", "Answer", "Transfer", "Due", "Level"}; !reflect.DeepEqual(zero, want) {
		t.Errorf("zero fields of the full run's order: %v, want %v", zero, want)
	}
	if orders[1].MergedInto != orders[0].ID {
		t.Errorf("merged order: MergedInto %q", orders[1].MergedInto)
	}
}

// TestJSONGolden compares the JSON form of a full run's orders and audit
// trails with testdata/*.json; run with -update to rewrite them.
func TestJSONGolden(t *testing.T) {
	orders, trails := fullRun(t)
	files := map[string]any{
		"order_closed.json": orders[0], "order_merged.json": orders[1],
		"records_closed.json": trails[0], "records_merged.json": trails[1],
	}
	for name, v := range files {
		b, err := json.MarshalIndent(v, "", "\t")
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, '\n')
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./workorder -run TestJSONGolden -update to create it)", err)
		}
		if !bytes.Equal(b, want) {
			t.Errorf("%s differs from the JSON form; run go test ./workorder -run TestJSONGolden -update if the change is meant:\n%s", path, b)
		}
	}
}

func TestOrderJSONForm(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	o := Order{ID: "WO-1", Channel: hotline.ChannelMiniProgram, State: StateHandling, Level: sla.LevelWarning,
		Location: Location{Region: "清溪镇/三中村"}, Satisfaction: hotline.BasicallySatisfied,
		Created: time.Date(2025, 9, 26, 10, 0, 0, 123456789, cst), LastHash: [32]byte{0xab, 0x01},
		Timeline: sla.Timeline{{Kind: sla.EventExtended, Target: "finish", Amount: sla.Amount{Duration: 90 * time.Minute}}},
		Pending:  &Extension{Target: "finish", Amount: sla.Amount{Days: 2}, Reason: "r"}}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"id":"WO-1","channel":"mini_program","location":{"region":"清溪镇/三中村"},"state":"handling",` +
		`"timeline":[{"kind":"extended","target":"finish","amount":{"duration":"1h30m0s"}}],` +
		`"pending":{"target":"finish","amount":{"days":2},"reason":"r"},"satisfaction":"basically_satisfied",` +
		`"level":"warning","last_hash":"ab01000000000000000000000000000000000000000000000000000000000000",` +
		`"version":0,"created":"2025-09-26T02:00:00.123456789Z"}`
	if strings.Replace(want, `"version":0,`, "", 1) != string(b) {
		t.Errorf("JSON form\n got %s\nwant %s", b, strings.Replace(want, `"version":0,`, "", 1))
	}
	var got Order
	if err := json.Unmarshal([]byte(want), &got); err != nil {
		t.Fatal(err)
	}
	if got.Created.Location() != time.UTC || !got.Created.Equal(o.Created) {
		t.Errorf("created %v, want %v in UTC", got.Created, o.Created)
	}
	if b, _ := json.Marshal(Order{}); string(b) != `{"state":"new"}` {
		t.Errorf("zero order: %s", b)
	}
}

func TestRecordJSONForm(t *testing.T) {
	r := Record{OrderID: "WO-1", Seq: 2, At: time.Date(2025, 9, 26, 10, 0, 0, 5000, time.FixedZone("CST", 8*3600)),
		Actor: Unit("城管办"), Step: StepSign, From: StateDispatched, To: StateHandling, Hash: [32]byte{0xff}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"order_id":"WO-1","seq":2,"at":"2025-09-26T02:00:00.000005Z","actor":{"role":"unit","id":"城管办"},` +
		`"step":"sign","from":"dispatched","to":"handling","remark":"","data":"",` +
		`"hash":"ff00000000000000000000000000000000000000000000000000000000000000"}`
	if string(b) != want {
		t.Errorf("JSON form\n got %s\nwant %s", b, want)
	}
	var got Record
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	r.At = r.At.UTC()
	if !reflect.DeepEqual(r, got) {
		t.Errorf("got %+v, want %+v", got, r)
	}
}

func TestJSONRefusesWhatHasNoName(t *testing.T) {
	cases := []struct {
		name string
		v    any
	}{
		{"channel", Order{Channel: hotline.Channel(99)}},
		{"state", Order{State: State(99)}},
		{"satisfaction", Order{Satisfaction: hotline.Satisfaction(9)}},
		{"resolution", Order{Resolution: hotline.Resolution(9)}},
		{"level", Order{Level: sla.Level(7)}},
		{"assist status", Order{Assists: []Assist{{Unit: "u", Status: AssistStatus(9)}}}},
		{"event kind", Order{Timeline: sla.Timeline{{}}}},
		{"record without role", Record{Step: StepSign}},
		{"record without step", Record{Actor: System()}},
	}
	for _, tc := range cases {
		if b, err := json.Marshal(tc.v); err == nil {
			t.Errorf("%s: wrote %s, want an error", tc.name, b)
		}
	}
	if _, err := json.Marshal(Order{Channel: hotline.Channel(99)}); !errors.Is(err, hotline.ErrUnknownName) {
		t.Errorf("unknown channel: %v, want hotline.ErrUnknownName", err)
	}
}

// hash0a is a hash in the JSON form.
var hash0a = strings.Repeat("0a", 32)

// decodeGood are documents DecodeOrder accepts, decodeBad ones it refuses.
var decodeGood = []struct{ name, doc string }{
	{"draft", `{"channel":"phone","category":"complaint","urgency":"normal","text":"噪音","caller":{"phone":"13812345678"}}`},
	{"chinese names", `{"channel":"电话","state":"签收办理","satisfaction":"满意","level":"预警"}`},
	{"offset time", `{"created":"2025-09-26T10:00:00+08:00"}`},
	{"upper-case hash", `{"last_hash":"` + strings.ToUpper(hash0a) + `"}`},
	{"space after", `{"id":"a"}` + "\n\t "},
}

var decodeBad = []struct{ name, doc string }{
	{"unknown key", `{"id":"a","colour":"red"}`},
	{"unknown nested key", `{"caller":{"name":"李","age":3}}`},
	{"unknown key in a list", `{"assists":[{"unit":"u","status":"pending","x":1}]}`},
	{"unknown key in an amount", `{"pending":{"amount":{"ns":5}}}`},
	{"old document", `{"v":1,"id":"a","state":"new"}`},
	{"unknown channel", `{"channel":"pigeon"}`},
	{"unknown state", `{"state":"lost"}`},
	{"number for a name", `{"state":3}`},
	{"unknown level", `{"level":"red"}`},
	{"short hash", `{"last_hash":"0a"}`},
	{"not hex", `{"last_hash":"` + strings.Repeat("zz", 32) + `"}`},
	{"bad duration", `{"pending":{"amount":{"duration":"soon"}}}`},
	{"bad time", `{"created":"yesterday"}`},
	{"two orders", `{"id":"a"}{"id":"b"}`},
	{"trailing junk", `{"id":"a"} x`},
	{"not an object", `[1]`},
	{"empty", ``},
	{"null", `null`},
	{"truncated", `{"id":"a"`},
}

func TestDecodeOrder(t *testing.T) {
	for _, tc := range decodeGood {
		if _, err := DecodeOrder(strings.NewReader(tc.doc)); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	o, err := DecodeOrder(strings.NewReader(`{"channel":"电话","created":"2025-09-26T10:00:00+08:00"}`))
	if err != nil || o.Channel != hotline.ChannelPhone || !o.Created.Equal(time.Date(2025, 9, 26, 2, 0, 0, 0, time.UTC)) || o.Created.Location() != time.UTC {
		t.Errorf("DecodeOrder = %+v, %v", o, err)
	}
	for _, tc := range decodeBad {
		if o, err := DecodeOrder(strings.NewReader(tc.doc)); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: DecodeOrder = %+v, %v; want ErrInvalidArgument", tc.name, o, err)
		}
	}
	// The lenient decoder skips unknown keys, as stored documents may
	// carry keys of a later version.
	var lenient Order
	if err := json.Unmarshal([]byte(`{"id":"a","colour":"red"}`), &lenient); err != nil || lenient.ID != "a" {
		t.Errorf("Unmarshal with an unknown key: %+v, %v", lenient, err)
	}
	for doc, want := range map[string]error{
		`{"state":"lost"}`:                        hotline.ErrUnknownName,
		`{"last_hash":"0a"}`:                      ErrInvalidArgument,
		`{"pending":{"amount":{"duration":"x"}}}`: ErrInvalidArgument,
	} {
		if err := json.Unmarshal([]byte(doc), &lenient); !errors.Is(err, want) {
			t.Errorf("Unmarshal(%s) = %v, want %v", doc, err, want)
		}
	}
	// JSON null leaves the order alone, as encoding/json does for values.
	if err := json.Unmarshal([]byte(`null`), &lenient); err != nil || lenient.ID != "a" {
		t.Errorf("Unmarshal(null): %+v, %v", lenient, err)
	}
}

// FuzzOrderJSON checks that any input either fails to decode or decodes to
// an order whose JSON form decodes to the same order and encodes to the
// same bytes; and that DecodeOrder accepts nothing Unmarshal refuses.
func FuzzOrderJSON(f *testing.F) {
	var o Order
	n := 0
	fillValid(reflect.ValueOf(&o).Elem(), &n)
	full, _ := json.Marshal(o)
	f.Add(full)
	zero, _ := json.Marshal(Order{})
	f.Add(zero)
	f.Add([]byte(`{"channel":"电话","state":"签收办理","created":"2025-09-26T10:00:00+08:00","tags":[]}`))
	f.Add([]byte(`{"pending":{"amount":{"duration":"-2562047h47m16.854775808s"}},"due":"9999-12-31T23:59:59-01:00"}`))
	f.Add([]byte(`{"v":1,"id":"x","state":"12","last_hash":"` + strings.Repeat("ab", 32) + `"}`))
	for _, tc := range append(decodeGood, decodeBad...) {
		f.Add([]byte(tc.doc))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var o Order
		err := json.Unmarshal(b, &o)
		strict, serr := DecodeOrder(bytes.NewReader(b))
		if err != nil {
			if serr == nil {
				t.Fatalf("DecodeOrder accepted %q, which Unmarshal refuses: %v", b, err)
			}
			return
		}
		if serr == nil && !reflect.DeepEqual(&o, strict) {
			t.Fatalf("DecodeOrder %+v, Unmarshal %+v", strict, o)
		}
		again, err := json.Marshal(o)
		if err != nil {
			return // a value without a name, or a time JSON cannot hold
		}
		var o2 Order
		if err := json.Unmarshal(again, &o2); err != nil {
			t.Fatalf("rewritten %s: %v", again, err)
		}
		if !reflect.DeepEqual(o, o2) {
			t.Fatalf("decoded %+v, then %+v", o, o2)
		}
		third, err := json.Marshal(o2)
		if err != nil || !bytes.Equal(again, third) {
			t.Fatalf("encoded %s, then %s (%v)", again, third, err)
		}
	})
}

// TestRoutingJSONHotspots pins the names of the routing's hotspot keys in
// the JSON form; the control byte inside a key is escaped.
func TestRoutingJSONHotspots(t *testing.T) {
	r := Routing{Lead: "自来水公司", HotspotKeys: []string{"清溪镇/三中村｜category:help", "清溪镇/三中村｜keyword:停水"},
		HotspotsRaised: []string{"清溪镇/三中村｜keyword:停水"}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"lead":"自来水公司","hotspot_keys":["清溪镇/三中村｜category:help","清溪镇/三中村｜keyword:停水"],` +
		`"hotspots_raised":["清溪镇/三中村｜keyword:停水"]}`
	if string(b) != want {
		t.Errorf("JSON form\n got %s\nwant %s", b, want)
	}
	var got Routing
	if err := json.Unmarshal(b, &got); err != nil || !reflect.DeepEqual(got, r) {
		t.Errorf("round trip: %+v, %v; want %+v", got, err, r)
	}
}
