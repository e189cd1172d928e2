package classify

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
)

func TestReasonKind(t *testing.T) {
	for _, k := range ReasonKinds() {
		for _, s := range []string{k.String(), strings.ToUpper(k.String()), " " + k.Name(language.Chinese) + " "} {
			if got, err := ParseReasonKind(s); err != nil || got != k {
				t.Errorf("ParseReasonKind(%q) = %v, %v; want %v", s, got, err, k)
			}
		}
		b, err := k.MarshalText()
		var back ReasonKind
		if err != nil || back.UnmarshalText(b) != nil || back != k {
			t.Errorf("%v: text round trip gives %v (%v)", k, back, err)
		}
	}
	if got := ReasonReturn.Name(language.SimplifiedChinese) + ReasonReturn.Name(language.English); got != "退单return" {
		t.Errorf("names of ReasonReturn = %q", got)
	}
	for _, s := range []string{"", "refund", "ReasonKind(0)"} {
		_, err := ParseReasonKind(s)
		var ne *hotline.NameError
		if !errors.As(err, &ne) || !errors.Is(err, hotline.ErrUnknownName) || ne.Name != s {
			t.Errorf("ParseReasonKind(%q): %v", s, err)
		}
	}
	if _, err := ReasonKind(0).MarshalText(); !errors.Is(err, hotline.ErrUnknownName) {
		t.Errorf("MarshalText of the zero kind: %v", err)
	}
	if got := ReasonKind(9).String() + ReasonKind(9).Name(language.Chinese); got != "ReasonKind(9)ReasonKind(9)" {
		t.Errorf("an undeclared kind reads %q", got)
	}
}

func TestDefaultReasons(t *testing.T) {
	rs := DefaultReasons()
	for _, k := range ReasonKinds() {
		list := rs.List(k)
		if len(list) < 3 {
			t.Errorf("%v: %d reasons", k, len(list))
		}
		last := list[len(list)-1]
		if last.Code != "other" || !last.NeedsText {
			t.Errorf("%v: last reason %+v, want other with text", k, last)
		}
		for _, r := range list {
			if err := r.Validate(); err != nil || r.NameEN == "" {
				t.Errorf("%v %q: %v, English %q", k, r.Code, err, r.NameEN)
			}
		}
	}
	tests := []struct {
		kind       ReasonKind
		code, text string
		is         error // of CheckText; Check gives nil unless ErrUnknownReason
	}{
		{ReasonReturn, "not_our_duty", "应由县供电公司办理", nil},
		{ReasonReturn, "not_our_duty", " \n", ErrTextRequired},
		{ReasonReturn, "duplicate", "", nil},
		{ReasonCancel, "duplicate", "", nil},
		{ReasonNotAccepted, "duplicate", "", nil},
		{ReasonCancel, "other", "", ErrTextRequired},
		{ReasonCancel, "other", "市民要求改为线下办理", nil},
		{ReasonCancel, "not_our_duty", "", ErrUnknownReason}, // a return reason, not a cancel reason
		{ReasonReturn, "Other", "x", ErrUnknownReason},       // codes compare as written
		{ReasonKind(0), "other", "x", ErrUnknownReason},
		{ReasonKind(9), "other", "x", ErrUnknownReason},
	}
	for _, tt := range tests {
		err := rs.CheckText(tt.kind, tt.code, tt.text)
		if !errors.Is(err, tt.is) || (tt.is == nil) != (err == nil) {
			t.Errorf("CheckText(%v, %q, %q) = %v, want %v", tt.kind, tt.code, tt.text, err, tt.is)
		}
		var re *ReasonError
		if err != nil && (!errors.As(err, &re) || re.Code != tt.code || re.Kind != tt.kind) {
			t.Errorf("CheckText(%v, %q): %#v, want a *ReasonError naming them", tt.kind, tt.code, err)
		}
		err = rs.Check(tt.kind, tt.code)
		if want := tt.is == ErrUnknownReason; errors.Is(err, ErrUnknownReason) != want || !want && err != nil {
			t.Errorf("Check(%v, %q) = %v", tt.kind, tt.code, err)
		}
		if r, ok := rs.Lookup(tt.kind, tt.code); ok != (tt.is != ErrUnknownReason) || ok && r.Code != tt.code {
			t.Errorf("Lookup(%v, %q) = %+v, %v", tt.kind, tt.code, r, ok)
		}
	}
	err := rs.Check(ReasonReturn, "lost")
	if got, want := err.Error(), `classify: return reason "lost": unknown reason`; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
	r, _ := rs.Lookup(ReasonReturn, "not_our_duty")
	if r.Name(language.Chinese) != "非本单位职责" || r.Name(language.English) != "Not this unit's responsibility" {
		t.Errorf("names of not_our_duty: %+v", r)
	}
	// List returns a copy.
	rs.List(ReasonCancel)[0].Code = "x"
	if rs.List(ReasonCancel)[0].Code != "caller_withdrew" || rs != DefaultReasons() {
		t.Error("the default reasons changed")
	}
	if rs.List(ReasonKind(0)) != nil {
		t.Error("List of the zero kind")
	}
}

func TestReasonsZeroAndNil(t *testing.T) {
	for name, rs := range map[string]*Reasons{"zero": {}, "nil": nil} {
		if err := rs.Check(ReasonCancel, "other"); !errors.Is(err, ErrUnknownReason) {
			t.Errorf("%s: Check = %v", name, err)
		}
		if rs.List(ReasonCancel) != nil {
			t.Errorf("%s: List is not empty", name)
		}
	}
}

func TestNewReasonsErrors(t *testing.T) {
	one := []Reason{{Code: "other", NameZH: "其他", NeedsText: true}}
	tests := []struct {
		name  string
		lists map[ReasonKind][]Reason
		is    error
		want  string
	}{
		{"missing kind", map[ReasonKind][]Reason{ReasonNotAccepted: one, ReasonReturn: one},
			ErrBadValue, `classify: cancel: bad value: want a list of at least one reason`},
		{"undeclared kind", map[ReasonKind][]Reason{ReasonNotAccepted: one, ReasonCancel: one, ReasonReturn: one, 7: one},
			ErrInvalid, `classify: ReasonKind(7): bad value: not a kind of reason`},
		{"duplicate", map[ReasonKind][]Reason{ReasonNotAccepted: one, ReasonCancel: one, ReasonReturn: {{Code: "a", NameZH: "甲"}, {Code: "a", NameZH: "乙"}}},
			ErrDuplicateCode, `classify: "a": return[1].code: code given twice, first at return[0]`},
		{"bad code", map[ReasonKind][]Reason{ReasonNotAccepted: {{Code: "Out-of-scope", NameZH: "甲"}}, ReasonCancel: one, ReasonReturn: one},
			ErrInvalid, `classify: "Out-of-scope": not_accepted[0].code: bad value: want lower-case letters`},
		{"long code", map[ReasonKind][]Reason{ReasonNotAccepted: one, ReasonCancel: {{Code: strings.Repeat("a", MaxReasonCodeLen+1), NameZH: "甲"}}, ReasonReturn: one},
			ErrInvalid, `cancel[0].code: bad value: want`},
		{"no name", map[ReasonKind][]Reason{ReasonNotAccepted: one, ReasonCancel: one, ReasonReturn: {{Code: "a", NameEN: "A"}}},
			ErrBadName, `classify: "a": return[0].name: bad name: empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReasons(tt.lists)
			if !errors.Is(err, tt.is) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewReasons: %v\nwant %v, ErrInvalid and %q", err, tt.is, tt.want)
			}
		})
	}
}

// TestNewReasonsCopies: changing the lists given leaves the reasons as
// they were.
func TestNewReasonsCopies(t *testing.T) {
	one := []Reason{{Code: "other", NameZH: "其他", NeedsText: true}}
	lists := map[ReasonKind][]Reason{ReasonNotAccepted: one, ReasonCancel: {{Code: "a", NameZH: "甲"}}, ReasonReturn: one}
	rs, err := NewReasons(lists)
	if err != nil {
		t.Fatal(err)
	}
	lists[ReasonCancel][0].NameZH = "改"
	if r, _ := rs.Lookup(ReasonCancel, "a"); r.NameZH != "甲" {
		t.Errorf("the reasons changed: %+v", r)
	}
}

func TestParseReasonsErrors(t *testing.T) {
	const rest = "cancel: [{code: other, name: 其他}]\nreturn: [{code: other, name: 其他}]\n"
	tests := []struct {
		name      string
		file      string
		is        error
		line, col int
		want      string
	}{
		{"duplicate code", "not_accepted:\n  - {code: spam, name: 骚扰}\n  - {code: spam, name: 恶意}\n" + rest,
			ErrDuplicateCode, 3, 12, `classify: "spam": not_accepted[1].code: code given twice, first at not_accepted[0] (line 3, column 12)`},
		{"unknown key", "not_accepted:\n  - {code: spam, name: 骚扰, needs_txt: true}\n" + rest,
			ErrUnknownField, 2, 28, `classify: not_accepted[0].needs_txt: unknown field "needs_txt" (known: code, name, name_en, needs_text) (line 2, column 28)`},
		{"unknown kind", "not_accepted:\n  - {code: spam, name: 骚扰}\n" + rest + "refund: []\n",
			ErrUnknownField, 5, 1, `refund: unknown field`},
		{"needs_text not a boolean", "not_accepted:\n  - {code: spam, name: 骚扰, needs_text: yes}\n" + rest,
			ErrBadValue, 2, 40, `not_accepted[0].needs_text: bad value`},
		{"missing kind", "not_accepted:\n  - {code: spam, name: 骚扰}\ncancel: [{code: other, name: 其他}]\n",
			ErrBadValue, 1, 1, `classify: return: bad value: want a list of at least one reason (line 1, column 1)`},
		{"empty name", "not_accepted:\n  - {code: spam, name: \"\"}\n" + rest,
			ErrBadName, 2, 24, `classify: "spam": not_accepted[0].name: bad name: empty (line 2, column 24)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseReasons(strings.NewReader(tt.file))
			var ce *ConfigError
			if !errors.As(err, &ce) || !errors.Is(err, ErrInvalid) || !errors.Is(err, tt.is) {
				t.Fatalf("ParseReasons: %v\nwant a *ConfigError matching ErrInvalid and %v", err, tt.is)
			}
			if ce.Line != tt.line || ce.Column != tt.col || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseReasons: %v\n  at %d:%d\nwant %d:%d, %q", err, ce.Line, ce.Column, tt.line, tt.col, tt.want)
			}
		})
	}
}

func TestLoadReasonsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reasons.yaml")
	if err := os.WriteFile(path, DefaultReasonsYAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	rs, err := LoadReasonsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ReasonKinds() {
		if len(rs.List(k)) != len(DefaultReasons().List(k)) {
			t.Errorf("%v: %d reasons, want %d", k, len(rs.List(k)), len(DefaultReasons().List(k)))
		}
	}
	if err := os.WriteFile(path, []byte("cancel: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadReasonsFile(path); !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), path+": classify: ") {
		t.Errorf("LoadReasonsFile: %v", err)
	}
}

// FuzzParseReasons: ParseReasons never panics; its errors are
// *ConfigError values; what it accepts NewReasons accepts again.
func FuzzParseReasons(f *testing.F) {
	f.Add(string(defaultReasonsYAML))
	f.Add("not_accepted:\n  - {code: spam, name: 骚扰}\n  - {code: spam, name: 恶意}\ncancel: [{code: other, name: 其他}]\nreturn: [{code: other, name: 其他}]\n")
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := ParseReasons(strings.NewReader(s))
		if err != nil {
			if _, ok := errors.AsType[*ConfigError](err); !ok || !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseReasons: %v is not a *ConfigError", err)
			}
			return
		}
		lists := map[ReasonKind][]Reason{}
		for _, k := range ReasonKinds() {
			lists[k] = rs.List(k)
			for _, r := range lists[k] {
				if rs.Check(k, r.Code) != nil {
					t.Fatalf("%v %q: listed but refused", k, r.Code)
				}
			}
		}
		if _, err := NewReasons(lists); err != nil {
			t.Fatalf("NewReasons of parsed lists: %v", err)
		}
	})
}

// TestNewReasonsSameError: with several undeclared kinds, NewReasons names
// the smallest every time, whatever the order of the map.
func TestNewReasonsSameError(t *testing.T) {
	one := []Reason{{Code: "other", NameZH: "其他"}}
	for range 20 {
		_, err := NewReasons(map[ReasonKind][]Reason{9: one, ReasonCancel: one, 5: one, 7: one, 0: one})
		if err == nil || err.Error() != "classify: ReasonKind(0): bad value: not a kind of reason" {
			t.Fatalf("NewReasons: %v", err)
		}
	}
}
