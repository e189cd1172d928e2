package classify

import (
	"errors"
	"strings"
	"testing"

	"github.com/hotline12345/hotline/internal/conf"
)

var codeCases = []struct {
	code  string
	valid bool
}{
	{"01", true},
	{"1", true},
	{"01.02.03", true},
	{"0001.9999", true},
	{"1.2.3.4.5.6", true},
	{"", false},
	{".", false},
	{"01.", false},
	{".01", false},
	{"01..02", false},
	{"01.02.03.04.05.06.07", false}, // deeper than MaxDepth
	{"12345", false},                // segment longer than MaxSegmentLen
	{"0a", false},
	{"01-02", false},
	{" 01", false},
	{"０１", false}, // fullwidth digits
	{"٠١", false}, // Arabic-Indic digits
}

func TestCodeValid(t *testing.T) {
	for _, tt := range codeCases {
		if got := Code(tt.code).Valid(); got != tt.valid {
			t.Errorf("Code(%q).Valid() = %v, want %v", tt.code, got, tt.valid)
		}
	}
}

func TestParseCode(t *testing.T) {
	for _, tt := range codeCases {
		c, err := ParseCode(tt.code)
		want := Code(strings.TrimSpace(tt.code)) // ParseCode ignores surrounding spaces
		if valid := want.Valid(); valid != (err == nil) || valid && c != want {
			t.Errorf("ParseCode(%q) = %q, %v; want %q", tt.code, c, err, want)
		}
		if err != nil {
			var ce *CodeError
			if !errors.As(err, &ce) || ce.Code != tt.code || !errors.Is(err, ErrInvalidCode) {
				t.Errorf("ParseCode(%q): %v, want a *CodeError naming it and matching ErrInvalidCode", tt.code, err)
			}
		}
	}
	if c, err := ParseCode(" 01.02\t"); c != "01.02" || err != nil {
		t.Errorf("ParseCode with spaces = %q, %v", c, err)
	}
	_, err := ParseCode("3.x")
	if got, want := err.Error(), `classify: code "3.x": malformed code`; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
}

func TestCodeShape(t *testing.T) {
	tests := []struct {
		code   Code
		depth  int
		parent Code
		top    Code // Ancestor(1)
		two    Code // Ancestor(2)
	}{
		{"01.02.03", 3, "01.02", "01", "01.02"},
		{"01.02", 2, "01", "01", "01.02"},
		{"01", 1, "", "01", "01"},
		{"", 0, "", "", ""},
		{"3.10.7", 3, "3.10", "3", "3.10"},
	}
	for _, tt := range tests {
		if d := tt.code.Depth(); d != tt.depth {
			t.Errorf("%q.Depth() = %d, want %d", tt.code, d, tt.depth)
		}
		if p := tt.code.Parent(); p != tt.parent {
			t.Errorf("%q.Parent() = %q, want %q", tt.code, p, tt.parent)
		}
		if a := tt.code.Ancestor(1); a != tt.top {
			t.Errorf("%q.Ancestor(1) = %q, want %q", tt.code, a, tt.top)
		}
		if a := tt.code.Ancestor(2); a != tt.two {
			t.Errorf("%q.Ancestor(2) = %q, want %q", tt.code, a, tt.two)
		}
		if a := tt.code.Ancestor(0); a != "" {
			t.Errorf("%q.Ancestor(0) = %q, want \"\"", tt.code, a)
		}
		if a := tt.code.Ancestor(9); a != tt.code {
			t.Errorf("%q.Ancestor(9) = %q, want the code", tt.code, a)
		}
	}
}

var withinCases = []struct {
	code, subtree Code
	want          bool
}{
	{"01.02.03", "01.02.03", true}, // a code is within itself
	{"01.02.03", "01.02", true},
	{"01.02.03", "01", true},
	{"01.02", "01.02.03", false}, // a parent is not within its child
	{"03.10", "03.1", false},     // whole segments: "03.1" is no prefix of "03.10"
	{"03.1", "03.10", false},
	{"03.10.2", "03.1", false},
	{"03.1.2", "03.1", true},
	{"01", "02", false},
	{"010", "01", false},
	{"01.02.03", "", false}, // the empty code is no subtree
	{"", "", false},
	{"", "01", false},
}

func TestCodeWithin(t *testing.T) {
	for _, tt := range withinCases {
		if got := tt.code.Within(tt.subtree); got != tt.want {
			t.Errorf("Code(%q).Within(%q) = %v, want %v", tt.code, tt.subtree, got, tt.want)
		}
	}
}

func TestCodeUnmarshalText(t *testing.T) {
	var c Code = "07"
	if err := c.UnmarshalText(nil); err != nil || c != "" {
		t.Errorf("UnmarshalText(\"\") = %q, %v; want the zero code", c, err)
	}
	if err := c.UnmarshalText([]byte("01.02")); err != nil || c != "01.02" {
		t.Errorf("UnmarshalText(01.02) = %q, %v", c, err)
	}
	if err := c.UnmarshalText([]byte("01.x")); !errors.Is(err, ErrInvalidCode) || c != "01.02" {
		t.Errorf("UnmarshalText(01.x) = %q, %v; want ErrInvalidCode and the code unchanged", c, err)
	}
}

// FuzzParseCode: ParseCode never panics; what it accepts is valid, its
// parent is valid or empty, and it is within itself, its parent and its
// top-level ancestor, as the segments say.
func FuzzParseCode(f *testing.F) {
	for _, tt := range codeCases {
		f.Add(tt.code)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCode(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidCode) || c != "" {
				t.Fatalf("ParseCode(%q) = %q, %v", s, c, err)
			}
			return
		}
		if c != Code(strings.TrimSpace(s)) || !c.Valid() {
			t.Fatalf("ParseCode(%q) = %q, not valid or not the input", s, c)
		}
		segs := strings.Split(string(c), ".")
		if c.Depth() != len(segs) || c.Depth() > MaxDepth {
			t.Fatalf("%q: depth %d, %d segments", c, c.Depth(), len(segs))
		}
		if p := c.Parent(); p != "" && (!p.Valid() || !c.Within(p) || p.Within(c) || p != Code(strings.Join(segs[:len(segs)-1], "."))) {
			t.Fatalf("%q: parent %q", c, p)
		}
		if !c.Within(c) || !c.Within(c.Ancestor(1)) || c.Ancestor(1) != Code(segs[0]) {
			t.Fatalf("%q: not within itself or its top %q", c, c.Ancestor(1))
		}
	})
}

// TestCodeInFile: a Code field of a configuration file keeps the text as
// written, though YAML reads an unquoted 01.10 as the number 1.1.
func TestCodeInFile(t *testing.T) {
	for in, want := range map[string]Code{"c: 01.10\n": "01.10", "c: 01\n": "01", "c: \" 03.1 \"\n": "03.1", "c: \"\"\n": ""} {
		var v struct {
			C Code `yaml:"c"`
		}
		if err := conf.Decode(strings.NewReader(in), &v); err != nil || v.C != want {
			t.Errorf("%q: %q, %v; want %q", in, v.C, err, want)
		}
	}
	var v struct {
		C Code `yaml:"c"`
	}
	// Refused at its place; the loader reports the value, not the cause.
	err := conf.Decode(strings.NewReader("c: \"01..2\"\n"), &v)
	if ce, ok := errors.AsType[*conf.Error](err); !ok || ce.Line != 1 || !errors.Is(err, ErrBadValue) {
		t.Errorf("malformed code in a file: %v", err)
	}
}
