package classify

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

const goodFile = `codes:
  - code: "01"
    name: 城乡建设
    name_en: Urban and rural construction
    children:
      - code: 01.02
        name: 市容环境
        children:
          - {code: "01.02.03", name: 噪音扰民, name_en: Noise nuisance}
  - {code: "02", name: 生态环境}
`

func TestParse(t *testing.T) {
	tr, err := Parse(strings.NewReader(goodFile))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tr.PathName("01.02.03", language.Chinese), "城乡建设 > 市容环境 > 噪音扰民"; got != want {
		t.Errorf("PathName = %q, want %q", got, want)
	}
	// An unquoted 01.02 is a number to YAML; the loader keeps its text.
	if _, ok := tr.Lookup("01.02"); !ok || tr.Len() != 4 {
		t.Errorf("Lookup(01.02) = %v, Len %d", ok, tr.Len())
	}
	// JSON reads as YAML.
	tr, err = Parse(strings.NewReader(`{"codes": [{"code": "7", "name": "其他", "children": [{"code": "7.1", "name": "杂项"}]}]}`))
	if err != nil || tr.Len() != 2 {
		t.Fatalf("Parse JSON: %v", err)
	}
}

// parseErrorCases are files Parse refuses, with the place and the message.
var parseErrorCases = []struct {
	name       string
	file       string
	is         error
	line, col  int
	code, want string
}{
	{"duplicate code", "codes:\n  - {code: \"01\", name: 甲}\n  - code: \"02\"\n    name: 乙\n    children:\n      - {code: \"02.01\", name: 丙}\n  - {code: \"01\", name: 丁}\n",
		ErrDuplicateCode, 7, 12, "01", `classify: "01": codes[2].code: code given twice, first at line 2 (line 7, column 12)`},
	{"child not extending parent", "codes:\n  - code: \"01\"\n    name: 甲\n    children:\n      - {code: \"01.01\", name: 乙}\n      - {code: \"02.02\", name: 丙}\n",
		ErrNotExtending, 6, 16, "02.02", `classify: "02.02": codes[0].children[1].code: does not extend its parent's code "01" (line 6, column 16)`},
	{"grandchild skips a level", "codes:\n  - code: \"01\"\n    name: 甲\n    children:\n      - {code: \"01.01.01\", name: 乙}\n",
		ErrNotExtending, 5, 16, "01.01.01", `codes[0].children[0].code: does not extend its parent's code "01"`},
	{"deep code at the top", "codes:\n  - {code: \"01.01\", name: 甲}\n",
		ErrNotExtending, 2, 12, "01.01", `codes[0].code: does not extend its parent's code: a top-level code has one segment`},
	{"unknown key", "codes:\n  - code: \"01\"\n    name: 甲\n    children:\n      - code: \"01.01\"\n        name: 乙\n        colour: red\n",
		ErrUnknownField, 7, 9, "01.01", `codes[0].children[0].colour: unknown field`},
	{"unknown top key", "codes:\n  - {code: \"01\", name: 甲}\nreasons: []\n",
		ErrUnknownField, 3, 1, "", `reasons: unknown field`},
	{"key given twice", "codes:\n  - code: \"01\"\n    name: 甲\n    name: 乙\n",
		ErrBadValue, 4, 5, "01", `codes[0].name: bad value: given twice, first on line 3`},
	{"malformed code", "codes:\n  - {code: \"01\", name: 甲}\n  - {code: 1e3, name: 乙}\n",
		ErrInvalidCode, 3, 12, "1e3", `codes[1].code: malformed code`},
	{"missing code", "codes:\n  - {code: \"01\", name: 甲}\n  - {name: 乙}\n",
		ErrInvalidCode, 3, 5, "", `codes[1].code: malformed code`},
	{"missing name", "codes:\n  - code: \"01\"\n    name_en: Urban\n",
		ErrBadName, 2, 5, "01", `codes[0].name: bad name: empty`},
	{"children not a list", "codes:\n  - code: \"01\"\n    name: 甲\n    children: 乙\n",
		ErrBadValue, 4, 15, "01", `codes[0].children: bad value`},
	{"no codes", "codes: []\n", ErrBadValue, 1, 8, "", `codes: bad value: want a list of at least one class`},
	{"no codes key", "# nothing here\n{}\n", ErrBadValue, 2, 1, "", `codes: bad value: want a list of at least one class`},
	{"empty file", "# only a comment\n", ErrBadValue, 0, 0, "", `bad value: empty file`},
	{"not YAML", "codes: [\n", nil, 1, 0, "", `not valid YAML`},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorCases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.file))
			var ce *ConfigError
			if !errors.As(err, &ce) || !errors.Is(err, ErrInvalid) || tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("Parse: %v\nwant a *ConfigError matching ErrInvalid and %v", err, tt.is)
			}
			if ce.Line != tt.line || ce.Column != tt.col || ce.Code != tt.code || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse: %v\n  at %d:%d, code %q\nwant %d:%d, code %q, %q", err, ce.Line, ce.Column, ce.Code, tt.line, tt.col, tt.code, tt.want)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestParseReadError(t *testing.T) {
	if _, err := Parse(failingReader{}); err == nil || err.Error() != "disk on fire" {
		t.Errorf("Parse = %v, want the read error", err)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "codes.yaml")
	if err := os.WriteFile(path, []byte("codes:\n  - {code: \"01\", name: 甲, colour: red}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(path)
	if !errors.Is(err, ErrUnknownField) || !strings.HasPrefix(err.Error(), path+`: classify: "01": codes[0].colour: unknown field`) {
		t.Errorf("LoadFile: %v", err)
	}
	if _, err := LoadFile(filepath.Join(dir, "none.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile of a missing file: %v", err)
	}
	if err := os.WriteFile(path, DefaultYAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	if tr, err := LoadFile(path); err != nil || tr.Len() != Default().Len() {
		t.Errorf("LoadFile of the default file: %v", err)
	}
}

// TestDefault: the embedded tree loads, has the size and shape the
// documentation promises, and every node passes Validate.
func TestDefault(t *testing.T) {
	tr := Default()
	if tr != Default() {
		t.Error("Default builds a new tree on each call")
	}
	if n := len(tr.Roots()); n < 8 || n > 12 {
		t.Errorf("%d top-level classes, want 8 to 12", n)
	}
	if n := tr.Len(); n < 60 || n > 120 {
		t.Errorf("%d classes, want 60 to 120", n)
	}
	var all []Node
	for n := range tr.Walk {
		all = append(all, n)
		if err := n.Validate(); err != nil {
			t.Error(err)
		}
		if n.NameEN == "" || n.Code.Depth() > 3 || len(n.Code)+1 != 3*n.Code.Depth() {
			t.Errorf("%q: want an English name, two-digit segments, at most 3 levels", n.Code)
		}
	}
	// Codes with two-digit segments sort in the order of the tree.
	if !slices.IsSortedFunc(all, func(a, b Node) int { return strings.Compare(string(a.Code), string(b.Code)) }) {
		t.Error("codes are not in tree order")
	}
	again, err := New(all)
	if err != nil || again.Len() != tr.Len() {
		t.Errorf("New of the default nodes: %v", err)
	}
	if got, want := tr.PathName("01.02.03", language.Chinese), "城乡建设 > 市容环境 > 噪音扰民"; got != want {
		t.Errorf("01.02.03 = %q, want %q", got, want)
	}
	if got, want := tr.PathName("11", language.English), "Other"; got != want {
		t.Errorf("11 = %q, want %q", got, want)
	}
	// DefaultYAML is a copy.
	b := DefaultYAML()
	b[0] = 'X'
	if !bytes.HasPrefix(DefaultYAML(), []byte("# The default")) {
		t.Error("DefaultYAML shares its bytes")
	}
}

// FuzzParse: Parse never panics; its errors are *ConfigError values or
// read errors; a tree it accepts is rebuilt by New from its nodes, and
// every node is within its top-level class.
func FuzzParse(f *testing.F) {
	f.Add(goodFile)
	f.Add(string(defaultYAML))
	for _, tt := range parseErrorCases {
		f.Add(tt.file)
	}
	f.Add("codes:\n  - &a {code: \"01\", name: 甲, children: [*a]}\n")
	f.Add(`{"codes": [{"code": "7", "name": "其他"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := Parse(strings.NewReader(s))
		if err != nil {
			if _, ok := errors.AsType[*ConfigError](err); !ok || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse: %v is not a *ConfigError", err)
			}
			return
		}
		var all []Node
		for n := range tr.Walk {
			all = append(all, n)
			if !tr.Within(n.Code, n.Code.Ancestor(1)) || len(tr.Path(n.Code)) != n.Code.Depth() {
				t.Fatalf("%q: not within its top-level class", n.Code)
			}
		}
		again, err := New(all)
		if err != nil || again.Len() != tr.Len() {
			t.Fatalf("New of parsed nodes: %v", err)
		}
	})
}
