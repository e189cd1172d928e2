package unit

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// parseRefusal parses s and checks that it is refused with a *FileError
// matching ErrInvalid and ErrBadValue, and returns it.
func parseRefusal(t *testing.T, s string) *FileError {
	t.Helper()
	d, err := Parse(strings.NewReader(s))
	fe, ok := errors.AsType[*FileError](err)
	if !ok || !errors.Is(err, ErrInvalid) || !errors.Is(err, ErrBadValue) {
		t.Fatalf("Parse = %d units, %v; want a *FileError matching ErrInvalid and ErrBadValue", len(d.Units()), err)
	}
	return fe
}

// TestParseRefusesTags: a tag does not turn base64 into a name, nor is it
// dropped; the error is at the tagged value.
func TestParseRefusesTags(t *testing.T) {
	for _, tt := range []struct {
		yaml, field, tag string
		line, column     int
	}{
		{"units:\n  - id: a\n    name: !!binary 5Z+O566h5YiG5bGA\n    kind: town\n", "units[0].name", "!!binary", 3, 11},
		{"units:\n  - id: a\n    name: !!binary AAEC\n    kind: town\n", "units[0].name", "!!binary", 3, 11},
		{"units:\n  - id: !whatever hello\n    name: A\n    kind: town\n", "units[0].id", "!whatever", 2, 9},
		{"fallback: !x a\nunits:\n  - {id: a, name: A, kind: town}\n", "fallback", "!x", 1, 11},
		{"units:\n  - {id: a, name: A, kind: town, regions: [x, !r y]}\n", "units[0].regions[1]", "!r", 2, 47},
	} {
		fe := parseRefusal(t, tt.yaml)
		if fe.Field != tt.field || fe.Line != tt.line || fe.Column != tt.column || !strings.Contains(fe.Error(), "tag "+tt.tag) {
			t.Errorf("Parse(%q): %#v (%v), want %s at line %d, column %d naming the tag %s", tt.yaml, fe, fe, tt.field, tt.line, tt.column, tt.tag)
		}
	}
}

// TestParseDuplicateMergeKey: a merge key given twice is refused at the
// second.
func TestParseDuplicateMergeKey(t *testing.T) {
	fe := parseRefusal(t, "units:\n  - <<: {id: a, name: A}\n    <<: {kind: town}\n")
	if fe.Line != 3 || fe.Column != 5 || !strings.Contains(fe.Error(), "given twice, first on line 2") {
		t.Errorf("Parse: %#v (%v), want the second << at line 3, column 5", fe, fe)
	}
}

// aliasedUnits is a directory of units units that all alias the regions
// of the first, which has regions regions.
func aliasedUnits(units, regions int) string {
	var b strings.Builder
	b.WriteString("units:\n  - id: u0\n    name: U\n    kind: town\n    regions: &all [")
	for i := range regions {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("r" + strconv.Itoa(i))
	}
	b.WriteString("]\n")
	for i := 1; i < units; i++ {
		b.WriteString("  - {id: u" + strconv.Itoa(i) + ", name: U, kind: town, regions: *all}\n")
	}
	return b.String()
}

// TestParseAliasedRegions: units are decoded one at a time, so aliases
// could make a small file stand for millions of regions (this one took
// 13 s and 600 MB); it is refused, and reuse within reason is not.
func TestParseAliasedRegions(t *testing.T) {
	fe := parseRefusal(t, aliasedUnits(5000, 900))
	if fe.Line <= 0 || !strings.Contains(fe.Error(), "aliases") {
		t.Errorf("Parse: %v, want the alias at fault", fe)
	}

	d, err := Parse(strings.NewReader(aliasedUnits(100, 50)))
	if err != nil {
		t.Fatal(err)
	}
	if us := d.Units(); len(us) != 100 || len(us[99].Regions) != 50 {
		t.Errorf("Parse: %d units", len(us))
	}
}

// TestParseManyRegions: repeated regions are found in linear time; one
// unit with 50,000 regions took 5 s when each was compared with all those
// before it.
func TestParseManyRegions(t *testing.T) {
	const n = 50_000
	var b strings.Builder
	b.WriteString("units:\n  - id: a\n    name: A\n    kind: town\n    regions:\n")
	for i := range n {
		b.WriteString("      - 清溪镇/" + strconv.Itoa(i) + "村\n")
	}
	d, err := Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := d.Lookup("a")
	if len(u.Regions) != n || u.Regions[n-1] != "清溪镇/"+strconv.Itoa(n-1)+"村" {
		t.Fatalf("Parse: %d regions", len(u.Regions))
	}

	u.Regions = append(u.Regions, "清溪镇/7村")
	err = u.Validate()
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `regions[50000]: repeats "清溪镇/7村"`) {
		t.Errorf("Validate: %v", err)
	}
}
