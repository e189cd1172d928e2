package unit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
    active: false
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
	if u.Kind != KindCommittee || !u.Active || u.Regions[0] != "清溪镇/三中村" {
		t.Errorf("三中村委会 = %+v", u)
	}
	if err := d.Check("旧办"); !errors.Is(err, ErrInactive) {
		t.Errorf("旧办: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", "units:\n  - id: a\n    name: A\n    kind: town\n    colour: red\n", "line 5: field colour not found"},
		{"unknown top key", "fallback: a\nunit: []\n", "line 2: field unit not found"},
		{"repeated key", "units:\n  - id: a\n    id: b\n", `line 3: mapping key "id" already defined`},
		{"duplicate id", "units:\n  - {id: a, name: A, kind: town}\n  - {id: b, name: B, kind: town}\n  - {id: a, name: C, kind: town}\n",
			`unit: line 4: unit "a": id given twice, first at line 2: invalid unit`},
		{"bad kind", "units:\n  - {id: a, name: A, kind: town}\n  - {id: b, name: B, kind: ministry}\n",
			`unit: line 3: unit "b": kind "ministry": want one of department, town, committee, enterprise: invalid unit`},
		{"no kind", "units:\n  - {id: a, name: A}\n", `unit: line 2: unit "a": kind: want one of`},
		{"invalid unit", "units:\n  - {id: a, kind: town}\n", `unit: line 2: unit "a": name: empty`},
		{"unknown fallback", "fallback: z\nunits:\n  - {id: a, name: A, kind: town}\n", `unit: fallback: unit "z": not in the directory`},
		{"inactive fallback", "fallback: a\nunits:\n  - {id: a, name: A, kind: town, active: false}\n", `unit: fallback: unit "a": inactive`},
		{"not yaml", "units: [", "unit: invalid unit: yaml: line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.yaml))
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse: %v\nwant ErrInvalid and %q", err, tt.want)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	d, err := Parse(strings.NewReader(""))
	if err != nil || len(d.Units()) != 0 || d.Fallback() != "" {
		t.Fatalf("Parse(\"\") = %v, %v", d, err)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "units.yaml")
	if err := os.WriteFile(path, []byte("units:\n  - {id: a, kind: town}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(path)
	if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), path+": unit: line 2:") {
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

// FuzzParse: Parse never panics, and what it accepts New accepts again.
func FuzzParse(f *testing.F) {
	f.Add(good)
	f.Add("units:\n  - {id: a, name: A, kind: town}\n  - {id: a, name: C, kind: town}\n")
	f.Add("fallback: a\nunits:\n  - {id: a, name: A, kind: 部门, regions: [x/y], active: false}\n")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(strings.NewReader(s))
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse: %v does not match ErrInvalid", err)
			}
			return
		}
		if _, err := New(d.Units(), d.Fallback()); err != nil {
			t.Fatalf("New of a parsed directory: %v", err)
		}
	})
}
