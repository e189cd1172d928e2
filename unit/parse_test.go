package unit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/hotline12345/hotline"
)

const good = `fallback: 镇政府
units:
  - id: 镇政府
    name: 清溪镇人民政府
    kind: town
    regions: [清溪镇]
  - id: 三中村委会
    name: 三中村村民委员会
    kind: 村（社区）委员会
    regions: [清溪镇/三中村]
  - id: 旧办
    name: 已撤销的办公室
    kind: department
    inactive: true
`

func TestParse(t *testing.T) {
	d, err := Parse(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if d.Fallback() != "镇政府" || len(d.Units()) != 3 {
		t.Fatalf("fallback %q, %d units", d.Fallback(), len(d.Units()))
	}
	u, _ := d.Lookup("三中村委会")
	if u.Kind != KindCommittee || u.Inactive || u.Regions[0] != "清溪镇/三中村" {
		t.Errorf("三中村委会 = %+v", u)
	}
	if err := d.Check("旧办"); !errors.Is(err, ErrInactive) {
		t.Errorf("旧办: %v", err)
	}
}

// parseErrorTests are files Parse refuses, with the message, the place
// and the sentinel it matches besides ErrInvalid.
var parseErrorTests = []struct {
	name, yaml, want string
	line, column     int
	is               error
}{
	{"unknown key", "units:\n  - id: a\n    name: A\n    kind: town\n    colour: red\n",
		`unit "a": colour: unknown field "colour" (known: id, name, kind, regions, inactive) (line 5, column 5)`, 5, 5, ErrUnknownField},
	{"unknown top key", "fallback: a\nunit: []\n", `unit: unit: unknown field "unit"`, 2, 1, ErrUnknownField},
	{"repeated key", "units:\n  - id: a\n    id: b\n", `unit "a": id: bad value: given twice, first on line 2 (line 3, column 5)`, 3, 5, nil},
	{"duplicate id", "units:\n  - {id: a, name: A, kind: town}\n  - {id: b, name: B, kind: town}\n  - {id: a, name: C, kind: town}\n",
		`unit "a": id: given twice, first on line 2 (line 4, column 10)`, 4, 10, nil},
	{"bad kind", "units:\n  - {id: a, name: A, kind: town}\n  - {id: b, name: B, kind: ministry}\n",
		`unit "b": kind: unknown unit kind "ministry" (accepted: department, town, committee, enterprise, or their Chinese names) (line 3, column 28)`, 3, 28, hotline.ErrUnknownName},
	{"no kind", "units:\n  - {id: a, name: A}\n", `unit "a": kind: want one of department, town, committee, enterprise (line 2, column 5)`, 2, 5, nil},
	{"no name", "units:\n  - {id: a, kind: town}\n", `unit "a": name: empty (line 2, column 5)`, 2, 5, nil},
	{"no id", "units:\n  - {id: a, name: A, kind: town}\n  - {name: B, kind: town}\n", `unit: units[1].id: empty (line 3, column 5)`, 3, 5, nil},
	{"bad region", "units:\n  - id: a\n    name: A\n    kind: town\n    regions: [x, x]\n",
		`unit "a": regions[1]: repeats "x" (line 5, column 18)`, 5, 18, nil},
	{"unit not a mapping", "units:\n  - 3\n", `unit: units[0]: bad value: want a mapping, got a number (line 2, column 5)`, 2, 5, nil},
	{"unknown fallback", "fallback: z\nunits:\n  - {id: a, name: A, kind: town}\n", `unit: fallback: unit "z": not in the directory (line 1, column 11)`, 1, 11, ErrUnknown},
	{"inactive fallback", "fallback: a\nunits:\n  - {id: a, name: A, kind: town, inactive: true}\n", `unit: fallback: unit "a": inactive (line 1, column 11)`, 1, 11, ErrInactive},
	{"not yaml", "units: [", "unit: not valid YAML: did not find expected node content (line 1)", 1, 0, nil},
	{"empty", "", "unit: bad value: empty file", 0, 0, nil},
	{"comments only", "# no units yet\n", "unit: bad value: empty file", 0, 0, nil},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.yaml))
			if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Parse: %v\nwant ErrInvalid and %q", err, tt.want)
			}
			fe, ok := errors.AsType[*FileError](err)
			if !ok || fe.Line != tt.line || fe.Column != tt.column {
				t.Errorf("Parse: %#v, want a *FileError at line %d, column %d", err, tt.line, tt.column)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Parse: %v does not match %v", err, tt.is)
			}
		})
	}
}

// TestParseNoUnits: a file may list no units, and then names no fallback.
func TestParseNoUnits(t *testing.T) {
	for _, s := range []string{"units: []\n", "fallback: \"\"\n", "{}"} {
		d, err := Parse(strings.NewReader(s))
		if err != nil || len(d.Units()) != 0 || d.Fallback() != "" {
			t.Errorf("Parse(%q) = %v, %v", s, d, err)
		}
	}
}

// TestParseReadError: an error reading the file is returned as it is, not
// taken for a mistake in the file.
func TestParseReadError(t *testing.T) {
	broken := errors.New("disk on fire")
	_, err := Parse(iotest.ErrReader(broken))
	if !errors.Is(err, broken) || errors.Is(err, ErrInvalid) {
		t.Errorf("Parse: %v", err)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "units.yaml")
	if err := os.WriteFile(path, []byte("units:\n  - {id: a, kind: town}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(path)
	if !errors.Is(err, ErrInvalid) || err.Error() != path+`: unit "a": name: empty (line 2, column 5)` {
		t.Errorf("LoadFile: %v", err)
	}
	if _, err := LoadFile(filepath.Join(dir, "none.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile of a missing file: %v", err)
	}
}

// TestQingxiUnits checks the example town's directory: it loads, and every
// unit its routing rules name is in it (the routing package checks that
// in full; here, the directory side).
func TestQingxiUnits(t *testing.T) {
	d, err := LoadFile("../examples/qingxi/units.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d.Fallback() != "清溪镇人民政府" {
		t.Errorf("fallback %q", d.Fallback())
	}
}

// FuzzParse: Parse never panics, refuses with a *FileError, and what it
// accepts New accepts again.
func FuzzParse(f *testing.F) {
	f.Add(good)
	f.Add("units:\n  - {id: a, name: A, kind: town}\n  - {id: a, name: C, kind: town}\n")
	f.Add("fallback: a\nunits:\n  - {id: a, name: A, kind: 部门, regions: [x/y], inactive: true}\n")
	for _, tt := range parseErrorTests {
		f.Add(tt.yaml)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(strings.NewReader(s))
		if err != nil {
			if _, ok := errors.AsType[*FileError](err); !ok || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse: %v is not a *FileError matching ErrInvalid", err)
			}
			return
		}
		if _, err := New(d.Units(), d.Fallback()); err != nil {
			t.Fatalf("New of a parsed directory: %v", err)
		}
	})
}
