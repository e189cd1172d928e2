package workorder

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
)

var phoneCases = []struct {
	in, want string // want "" means rejected
}{
	{"13812345678", "13812345678"},
	{"138 1234 5678", "13812345678"},
	{"138-1234-5678", "13812345678"},
	{"+86 138 1234 5678", "13812345678"},
	{"(+86)13812345678", "13812345678"},
	{"008613812345678", "13812345678"},
	{"19912345678", "19912345678"},
	{"010-62345678", "010-62345678"},
	{"01062345678", "010-62345678"},
	{"010-12345678", ""}, // local numbers do not start with 1
	{"(010) 6512 3456", "010-65123456"},
	{"020-8765432", "020-8765432"},
	{"0769-22123456", "0769-22123456"},
	{"076922123456", "0769-22123456"},
	{"+86 769 2212 3456", "0769-22123456"},
	{"+86 10 6512 3456", "010-65123456"},
	{"12345", "12345"},
	{"110", "110"},
	{"12315", "12315"},
	{"95598", "95598"},
	// Full-width digits and signs fold as routing folds text.
	{"１３８１２３４５６７８", "13812345678"},
	{"1381234567８", "13812345678"},
	{"＋８６　１３８－１２３４－５６７８", "13812345678"},
	{"（０１０）６５１２３４５６", "010-65123456"},
	// Rejected.
	{"", ""},
	{"1381234567", ""},    // 10 digits
	{"138123456789", ""},  // 12 digits
	{"12812345678", ""},   // 12x is not a mobile prefix
	{"22123456", ""},      // no area code
	{"0769-12123456", ""}, // local number starting with 1
	{"0769-221234", ""},   // local number too short
	{"011-12345678", ""},  // 011 is no area code
	{"0012345678", ""},
	{"+1 415 555 0100", ""},
	{"+86 12345", ""}, // short numbers have no country code
	{"1234", ""},
	{"96", ""},
	{"13812345678 ext 12", ""},
	{"++8613812345678", ""},
	{strings.Repeat("1", 40), ""},
}

func TestNormalizePhone(t *testing.T) {
	for _, tc := range phoneCases {
		got, err := NormalizePhone(tc.in)
		if tc.want == "" {
			if !errors.Is(err, ErrInvalidPhone) {
				t.Errorf("NormalizePhone(%q) = %q, %v; want ErrInvalidPhone", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestPhoneReasons: a refused phone number says why (it used to say only
// "invalid phone number").
func TestPhoneReasons(t *testing.T) {
	cases := []struct{ in, why string }{
		{"", "no digits"},
		{"1381234567", "10 digits starting 1: a mobile number has 11, a service number 3 or 5"},
		{"138123456789", "12 digits starting 1: a mobile number has 11, a service number 3 or 5"},
		{"12812345678", "mobile numbers start 13 to 19"},
		{"22123456", "8 digits without an area code"},
		{"0769-12123456", "local number after area code 0769 starts with 1: want 2 to 9"},
		{"0769-221234", "local number of 6 digits after area code 0769: want 7 or 8, and no extension"},
		{"0769-22123456-801", "local number of 11 digits after area code 0769: want 7 or 8, and no extension"},
		{"011-12345678", "area code 011: 010 is the only one starting 01"},
		{"0012345678", "starts 00: no area code starts so"},
		{"0769", "no local number after the area code"},
		{"07", "2 digits: too short"},
		{"+1 415 555 0100", "country code other than +86"},
		{"+86 12345", "a service number takes no country code"},
		{"96", "2 digits without an area code"},
		{"97123", "5-digit service numbers start 95 or 96, or 1"},
		{"13812345678 ext 12", `'e': want digits, spaces, hyphens, parentheses and a leading +`},
		{"138一二三", `'一': want digits`},
		{"138.1234.5678", `'.': want digits`},
		{strings.Repeat("1", 40), "more than 24 digits"},
	}
	for _, tc := range cases {
		_, err := NormalizePhone(tc.in)
		want := "workorder: phone " + strconv.Quote(tc.in) + ": " + tc.why
		if !errors.Is(err, ErrInvalidPhone) || err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), ": invalid phone number") {
			t.Errorf("NormalizePhone(%q): %v\nwant %s: invalid phone number", tc.in, err, want)
		}
	}
	o := draft()
	o.Caller.Phone = "0769-221234"
	err := o.Validate()
	want := `workorder: order: field caller.phone: "0769-221234": local number of 6 digits after area code 0769: want 7 or 8, and no extension: invalid phone number`
	if err == nil || err.Error() != want || !errors.Is(err, ErrInvalidPhone) {
		t.Errorf("Validate: %v\nwant %s", err, want)
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, tc := range phoneCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizePhone(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidPhone) {
				t.Fatalf("NormalizePhone(%q): %v does not match ErrInvalidPhone", s, err)
			}
			return
		}
		// A canonical number normalises to itself.
		if again, err := NormalizePhone(n); err != nil || again != n {
			t.Fatalf("NormalizePhone(%q) = %q, but that gives %q, %v", s, n, again, err)
		}
		if strings.Trim(n, "0123456789-") != "" {
			t.Fatalf("NormalizePhone(%q) = %q has other characters", s, n)
		}
	})
}

// utf8Cases are valid and invalid byte strings around the three-byte
// fast path of validUTF8.
var utf8Cases = []struct {
	in   string
	want bool
}{
	{"", true},
	{"ascii only", true},
	{"三中村工地噪音", true},
	{"噪音 at 2am，无法入睡。", true},
	{"\u0800", true},            // E0 A0 80, the first three-byte rune
	{"\ud7ff", true},            // ED 9F BF, the last before the surrogates
	{"\ufffd", true},            // EF BF BD
	{"😀 emoji", true},           // four bytes
	{"\xed\xa0\x80", false},     // a surrogate
	{"\xe0\x80\x80", false},     // overlong
	{"\xe4\xb8", false},         // cut short
	{"\xe4\xb8\x41", false},     // no continuation byte
	{"\xe4\xb8\xad\xff", false}, // a bad byte after a good rune
	{"\xf0\x9f\x98", false},     // a four-byte rune cut short
	{"\xf5\x80\x80\x80", false}, // beyond U+10FFFF
	{"\x80\x80\x80", false},     // continuation bytes alone
}

func TestValidUTF8(t *testing.T) {
	for _, tc := range utf8Cases {
		if got := validUTF8(tc.in); got != tc.want {
			t.Errorf("validUTF8(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func FuzzValidUTF8(f *testing.F) {
	for _, tc := range utf8Cases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validUTF8(s), utf8.ValidString(s); got != want {
			t.Fatalf("validUTF8(%q) = %v, utf8.ValidString says %v", s, got, want)
		}
	})
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name  string
		bend  func(o *Order)
		field string // "" means valid
		is    error
	}{
		{"valid", func(o *Order) {}, "", nil},
		{"valid with id and assists", func(o *Order) {
			o.ID, o.Lead = "WO-1", cityMgmt
			o.Assists = []Assist{{Unit: envBur}, {Unit: village, Status: AssistWaived}}
		}, "", nil},
		{"empty text", func(o *Order) { o.Text = "" }, "text", nil},
		{"blank text", func(o *Order) { o.Text = " \n\t " }, "text", nil},
		{"text too long", func(o *Order) { o.Text = strings.Repeat("噪", MaxTextLen+1) }, "text", nil},
		{"text at the limit", func(o *Order) { o.Text = strings.Repeat("噪", MaxTextLen) }, "", nil},
		{"bad utf-8", func(o *Order) { o.Text = "ok\xff" }, "text", nil},
		{"title too long", func(o *Order) { o.Title = strings.Repeat("a", MaxTitleLen+1) }, "title", nil},
		{"no channel", func(o *Order) { o.Channel = 0 }, "channel", hotline.ErrUnknownName},
		{"unknown channel", func(o *Order) { o.Channel = hotline.ChannelTransfer + 1 }, "channel", hotline.ErrUnknownName},
		{"no category", func(o *Order) { o.Category = "" }, "category", hotline.ErrUnknownName},
		{"unknown category", func(o *Order) { o.Category = "投诉" }, "category", hotline.ErrUnknownName},
		{"no urgency", func(o *Order) { o.Urgency = "" }, "urgency", hotline.ErrUnknownName},
		{"unknown urgency", func(o *Order) { o.Urgency = "urgent" }, "urgency", hotline.ErrUnknownName},
		{"malformed phone", func(o *Order) { o.Caller.Phone = "12812345678" }, "caller.phone", ErrInvalidPhone},
		{"local landline", func(o *Order) { o.Caller.Phone = "22123456" }, "caller.phone", ErrInvalidPhone},
		{"no phone", func(o *Order) { o.Caller.Phone = "" }, "", nil},
		{"anonymous with a name", func(o *Order) { o.Caller.Anonymous = true }, "caller.name", nil},
		{"anonymous", func(o *Order) { o.Caller.Anonymous, o.Caller.Name = true, "" }, "", nil},
		{"name too long", func(o *Order) { o.Caller.Name = strings.Repeat("李", MaxNameLen+1) }, "caller.name", nil},
		{"region with empty place", func(o *Order) { o.Location.Region = "清溪镇//三中村" }, "location.region", hotline.ErrInvalidRegion},
		{"region with leading slash", func(o *Order) { o.Location.Region = "/清溪镇" }, "location.region", hotline.ErrInvalidRegion},
		{"region with spaces", func(o *Order) { o.Location.Region = "清溪镇/ 三中村" }, "location.region", hotline.ErrInvalidRegion},
		{"region with a line break", func(o *Order) { o.Location.Region = "清溪镇\n三中村" }, "location.region", hotline.ErrInvalidRegion},
		{"empty tag", func(o *Order) { o.Tags = []string{"噪音", " "} }, "tags[1]", nil},
		{"repeated tag", func(o *Order) { o.Tags = []string{"噪音", "夜间", "噪音"} }, "tags[2]", nil},
		{"too many tags", func(o *Order) { o.Tags = make([]string, MaxTags+1) }, "tags", nil},
		{"bad id", func(o *Order) { o.ID = "WO 1" }, "id", nil},
		{"id with slash", func(o *Order) { o.ID = "a/b" }, "id", nil},
		{"empty assisting unit", func(o *Order) { o.Assists = []Assist{{Unit: ""}} }, "assists[0].unit", nil},
		{"lead assists", func(o *Order) { o.Lead, o.Assists = cityMgmt, []Assist{{Unit: envBur}, {Unit: cityMgmt}} }, "assists[1].unit", nil},
		{"repeated assisting unit", func(o *Order) { o.Assists = []Assist{{Unit: envBur}, {Unit: envBur}} }, "assists[1].unit", nil},
		{"unknown assist status", func(o *Order) { o.Assists = []Assist{{Unit: envBur, Status: 7}} }, "assists[0].status", hotline.ErrUnknownName},
		{"assisting units at the limit", func(o *Order) { o.Assists = assists(MaxAssists) }, "", nil},
		{"too many assisting units", func(o *Order) { o.Assists = assists(MaxAssists + 1) }, "assists", nil},
		{"unknown state", func(o *Order) { o.State = numStates }, "state", hotline.ErrUnknownName},
		{"unknown verdict", func(o *Order) { o.Satisfaction = hotline.Unreachable + 1 }, "satisfaction", hotline.ErrUnknownName},
		{"unknown resolution", func(o *Order) { o.Resolution = hotline.Unresolved + 1 }, "resolution", hotline.ErrUnknownName},
		// PostgreSQL keeps no NUL in text: every store refuses it alike.
		{"NUL in text", func(o *Order) { o.Text = "噪音\x00" }, "text", nil},
		{"NUL in title", func(o *Order) { o.Title = "\x00" }, "title", nil},
		{"NUL in caller name", func(o *Order) { o.Caller.Name = "李\x00" }, "caller.name", nil},
		{"NUL in region", func(o *Order) { o.Location.Region = "清溪镇/三中\x00村" }, "location.region", nil},
		{"NUL in address", func(o *Order) { o.Location.Address = "工业路\x008号" }, "location.address", nil},
		{"NUL in tag", func(o *Order) { o.Tags = []string{"噪音", "夜\x00间"} }, "tags[1]", nil},
		{"NUL in lead", func(o *Order) { o.Lead = cityMgmt + "\x00" }, "lead", nil},
		{"NUL in assisting unit", func(o *Order) { o.Assists = []Assist{{Unit: "\x00" + envBur}} }, "assists[0].unit", nil},
		{"NUL in opinion", func(o *Order) {
			o.Assists = []Assist{{Unit: envBur}, {Unit: village, Status: AssistSubmitted, Opinion: "已\x00处理"}}
		}, "assists[1].opinion", nil},
		{"NUL in extension reason", func(o *Order) { o.Pending = &Extension{Target: "finish", Reason: "\x00"} }, "pending.reason", nil},
		{"NUL in reply", func(o *Order) { o.Reply = "已\x00处理" }, "reply", nil},
		{"NUL in id", func(o *Order) { o.ID = "WO\x001" }, "id", nil},
		{"NUL in phone", func(o *Order) { o.Caller.Phone = "138\x0012345678" }, "caller.phone", ErrInvalidPhone},
	}
	for _, tc := range cases {
		o := draft()
		tc.bend(o)
		err := o.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field || !errors.Is(err, ErrInvalidOrder) {
			t.Errorf("%s: %v; want a ValidationError on %s", tc.name, err, tc.field)
			continue
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v does not match %v", tc.name, err, tc.is)
		}
		if !strings.Contains(err.Error(), "field "+tc.field) {
			t.Errorf("%s: message %q does not name the field", tc.name, err)
		}
		if strings.Contains(tc.name, "NUL") && strings.ContainsRune(err.Error(), 0) {
			t.Errorf("%s: message %q holds the NUL", tc.name, err)
		}
	}
}

func TestInRegion(t *testing.T) {
	cases := []struct {
		region, in string
		want       bool
	}{
		{"清溪镇/三中村", "清溪镇", true},
		{"清溪镇/三中村", "清溪镇/", true},
		{"清溪镇/三中村", "清溪镇/三中村", true},
		{"清溪镇/三中村", "清溪镇/三中", false},
		{"清溪镇东/一村", "清溪镇", false},
		{"清溪镇", "清溪镇/三中村", false},
		{"", "清溪镇", false},
		{"", "", true},
		{"清溪镇", "", true},
	}
	for _, tc := range cases {
		if got := (Location{Region: tc.region}).InRegion(tc.in); got != tc.want {
			t.Errorf("%q in %q = %v, want %v", tc.region, tc.in, got, tc.want)
		}
	}
}

func TestConfidential(t *testing.T) {
	o := draft()
	if o.Confidential() {
		t.Error("a plain complaint is confidential")
	}
	o.Caller.Confidential = true
	if !o.Confidential() {
		t.Error("a caller asking for confidentiality is not")
	}
	o = draft()
	o.Category = hotline.CategoryReport
	if !o.Confidential() {
		t.Error("a report (举报) is not confidential")
	}
}

func TestClone(t *testing.T) {
	o := draft()
	o.Assists = []Assist{{Unit: envBur}}
	o.Timeline = sla.Timeline{{Kind: sla.EventReceived}}
	o.Pending = &Extension{Target: "finish"}
	c := o.Clone()
	c.Tags[0], c.Assists[0].Unit, c.Timeline[0].Kind, c.Pending.Target = "x", "x", sla.EventClosed, "x"
	if o.Tags[0] == "x" || o.Assists[0].Unit == "x" || o.Timeline[0].Kind == sla.EventClosed || o.Pending.Target == "x" {
		t.Errorf("Clone shares memory with the original: %+v", o)
	}
	// Nil slices stay nil and empty ones empty.
	o = draft()
	o.Tags, o.Assists = nil, []Assist{}
	c = o.Clone()
	if c.Tags != nil || c.Assists == nil || len(c.Assists) != 0 || c.Timeline != nil || c.Pending != nil {
		t.Errorf("Clone of nil and empty slices: tags %#v, assists %#v, timeline %#v", c.Tags, c.Assists, c.Timeline)
	}
}

// TestCloneRouting checks the copy of an order's routing, whose lists
// share one array: changing or appending to one list of the copy changes
// neither the original nor the copy's other lists.
func TestCloneRouting(t *testing.T) {
	o := draft()
	o.Routing = &Routing{Lead: police, Assist: []string{envBur}, RepeatOf: []string{"A1", "A2"}, Rules: []string{"noise"},
		HotspotKeys: []string{"k1"}, HotspotsRaised: []string{}}
	c := o.Clone()
	if c.Routing == o.Routing {
		t.Fatal("Clone shares the routing")
	}
	c.Routing.Assist = append(c.Routing.Assist, "x")
	c.Routing.RepeatOf[0] = "y"
	c.Routing.Rules = append(c.Routing.Rules, "z")
	if got := c.Routing.RepeatOf; !slices.Equal(got, []string{"y", "A2"}) {
		t.Errorf("copy's RepeatOf = %v after appending to its Assist", got)
	}
	if got := c.Routing.HotspotKeys; !slices.Equal(got, []string{"k1"}) {
		t.Errorf("copy's HotspotKeys = %v after appending to its Rules", got)
	}
	if r := o.Routing; !slices.Equal(r.Assist, []string{envBur}) || r.RepeatOf[0] != "A1" || !slices.Equal(r.Rules, []string{"noise"}) {
		t.Errorf("Clone shares the routing's lists: %+v", r)
	}
	if c.Routing.HotspotsRaised == nil || len(c.Routing.HotspotsRaised) != 0 {
		t.Errorf("empty HotspotsRaised copied as %#v", c.Routing.HotspotsRaised)
	}
	if o.Routing.Clone().Reason != o.Routing.Reason || (*Routing)(nil).Clone() != nil {
		t.Error("Routing.Clone")
	}
}

// TestCloneTimelineRoom checks that the event a step appends to a copied
// timeline goes into the copy's own array.
func TestCloneTimelineRoom(t *testing.T) {
	o := draft()
	o.Timeline = sla.Timeline{{Kind: sla.EventReceived}, {Kind: sla.EventDispatched}}
	c := o.Clone()
	c.Timeline = append(c.Timeline, sla.Event{Kind: sla.EventSigned})
	d := o.Clone()
	d.Timeline = append(d.Timeline, sla.Event{Kind: sla.EventReturned})
	if len(o.Timeline) != 2 || c.Timeline[2].Kind != sla.EventSigned || d.Timeline[2].Kind != sla.EventReturned {
		t.Errorf("timelines after appending to two copies: %v, %v, %v", o.Timeline, c.Timeline, d.Timeline)
	}
}

// TestIsSpace checks the shortcut against unicode.IsSpace for every rune,
// and beyond.
func TestIsSpace(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if got, want := isSpace(r), unicode.IsSpace(r); got != want {
			t.Fatalf("isSpace(%U) = %v, want %v", r, got, want)
		}
	}
}

// assists returns n assisting units, 协办单位1 to 协办单位n.
func assists(n int) []Assist {
	out := make([]Assist, n)
	for i := range out {
		out[i].Unit = "协办单位" + strconv.Itoa(i+1)
	}
	return out
}
