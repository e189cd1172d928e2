package unit

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
)

func TestKind(t *testing.T) {
	for _, k := range Kinds() {
		for _, s := range []string{k.String(), strings.ToUpper(k.String()), " " + k.Name(language.Chinese) + " ", k.Name(language.SimplifiedChinese)} {
			got, err := ParseKind(s)
			if err != nil || got != k {
				t.Errorf("ParseKind(%q) = %v, %v; want %v", s, got, err, k)
			}
		}
		b, err := k.MarshalText()
		var back Kind
		if err != nil || back.UnmarshalText(b) != nil || back != k {
			t.Errorf("%v: text round trip gives %v (%v)", k, back, err)
		}
	}
	tests := []struct {
		k      Kind
		en, zh string
	}{
		{KindDepartment, "department", "部门"},
		{KindTown, "town", "镇（街道）"},
		{KindCommittee, "committee", "村（社区）委员会"},
		{KindEnterprise, "enterprise", "公共企事业单位"},
		{0, "Kind(0)", "Kind(0)"},
		{9, "Kind(9)", "Kind(9)"},
	}
	for _, tt := range tests {
		if got := tt.k.Name(language.English); got != tt.en {
			t.Errorf("%d.Name(en) = %q, want %q", tt.k, got, tt.en)
		}
		if got := tt.k.Name(language.MustParse("zh-Hant-TW")); got != tt.zh {
			t.Errorf("%d.Name(zh) = %q, want %q", tt.k, got, tt.zh)
		}
	}
	for _, s := range []string{"", "dept", "委员会", "0"} {
		_, err := ParseKind(s)
		ne, ok := errors.AsType[*hotline.NameError](err)
		if !ok || !errors.Is(err, ErrInvalid) || !errors.Is(err, hotline.ErrUnknownName) || ne.Name != s {
			t.Errorf("ParseKind(%q): %v, want a NameError wrapping ErrInvalid", s, err)
		}
	}
	if _, err := ParseKind("dept"); err == nil || err.Error() != `unknown unit kind "dept" (accepted: department, town, committee, enterprise, or their Chinese names)` {
		t.Errorf("ParseKind(dept): %v", err)
	}
	if _, err := Kind(0).MarshalText(); !errors.Is(err, ErrInvalid) || !errors.Is(err, hotline.ErrUnknownName) {
		t.Errorf("Kind(0).MarshalText: %v, want ErrInvalid and ErrUnknownName", err)
	}
	if s := Kind(7).String(); s != "Kind(7)" {
		t.Errorf("Kind(7).String() = %q", s)
	}
}

func TestValidate(t *testing.T) {
	ok := Unit{ID: "城管分局", Name: "清溪镇城管分局", Kind: KindDepartment, Regions: []string{"清溪镇"}}
	tests := []struct {
		name string
		mod  func(u *Unit)
		want string // "" for valid
	}{
		{"valid", func(u *Unit) {}, ""},
		{"no regions", func(u *Unit) { u.Regions = nil }, ""},
		{"inactive", func(u *Unit) { u.Inactive = true }, ""},
		{"empty id", func(u *Unit) { u.ID = "" }, `unit "": id: empty: invalid unit`},
		{"blank id", func(u *Unit) { u.ID = "  " }, "id: empty"},
		{"spaced id", func(u *Unit) { u.ID = " 城管分局" }, "id: surrounding spaces"},
		{"comma", func(u *Unit) { u.ID = "城管,环保" }, "id: contains a comma"},
		{"bad utf-8", func(u *Unit) { u.ID = "城\xff" }, "id: not valid UTF-8"},
		{"line break", func(u *Unit) { u.ID = "城管\n分局" }, "id: contains control characters"},
		{"long id", func(u *Unit) { u.ID = strings.Repeat("局", MaxIDLen+1) }, "id: longer than 500 characters"},
		{"no name", func(u *Unit) { u.Name = "" }, `unit "城管分局": name: empty`},
		{"no kind", func(u *Unit) { u.Kind = 0 }, "kind: want one of department, town, committee, enterprise"},
		{"bad region", func(u *Unit) { u.Regions = []string{"清溪镇//三中村"} }, `regions[0]: invalid region "清溪镇//三中村": has an empty place`},
		{"spaced region", func(u *Unit) { u.Regions = []string{"清溪镇", "清溪镇/ 三中村"} }, `regions[1]: invalid region "清溪镇/ 三中村": place " 三中村" has white space`},
		{"repeated region", func(u *Unit) { u.Regions = []string{"清溪镇", "清溪镇"} }, `regions[1]: repeats "清溪镇"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := ok
			u.Regions = append([]string(nil), ok.Regions...)
			tt.mod(&u)
			err := u.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.want != "" && (!errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Validate: %v, want ErrInvalid and %q", err, tt.want)
			}
		})
	}
}

func testUnits() []Unit {
	return []Unit{
		{ID: "镇政府", Name: "清溪镇人民政府", Kind: KindTown, Regions: []string{"清溪镇"}},
		{ID: "城管分局", Name: "清溪镇城管分局", Kind: KindDepartment, Regions: []string{"清溪镇"}},
		{ID: "三中村委会", Name: "三中村村民委员会", Kind: KindCommittee, Regions: []string{"清溪镇/三中村"}},
		{ID: "旧办", Name: "已撤销的办公室", Kind: KindDepartment, Regions: []string{"清溪镇/三中村"}, Inactive: true},
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name     string
		units    []Unit
		fallback string
		want     error
		msg      string
	}{
		{"ok", testUnits(), "镇政府", nil, ""},
		{"no fallback", testUnits(), "", nil, ""},
		{"empty", nil, "", nil, ""},
		{"duplicate", append(testUnits(), Unit{ID: "城管分局", Name: "x", Kind: KindTown}), "", ErrInvalid, `unit "城管分局": id given twice`},
		{"invalid unit", append(testUnits(), Unit{ID: "x", Kind: KindTown}), "", ErrInvalid, `unit "x": name: empty`},
		{"unknown fallback", testUnits(), "综合办", ErrUnknown, `fallback: unit "综合办": not in the directory: invalid unit`},
		{"inactive fallback", testUnits(), "旧办", ErrInactive, `fallback: unit "旧办": inactive`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New(tt.units, tt.fallback)
			if tt.want == nil {
				if err != nil || d.Fallback() != tt.fallback || len(d.Units()) != len(tt.units) {
					t.Fatalf("New: %v, %v", d, err)
				}
				return
			}
			if !errors.Is(err, tt.want) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("New: %v, want %v, ErrInvalid and %q", err, tt.want, tt.msg)
			}
		})
	}
}

func TestDirectory(t *testing.T) {
	d, err := New(testUnits(), "镇政府")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id   string
		want error
	}{
		{"城管分局", nil},
		{"三中村委会", nil},
		{"旧办", ErrInactive},
		{"综合办", ErrUnknown},
		{"", ErrUnknown},
	}
	for _, tt := range tests {
		err := d.Check(tt.id)
		var ue *Error
		if !errors.Is(err, tt.want) || tt.want != nil && (!errors.As(err, &ue) || ue.ID != tt.id) {
			t.Errorf("Check(%q) = %v, want %v", tt.id, err, tt.want)
		}
		_, ok := d.Lookup(tt.id)
		if ok != (tt.want != ErrUnknown) {
			t.Errorf("Lookup(%q) found %v", tt.id, ok)
		}
	}
	if err := d.Check("旧办"); err.Error() != `unit "旧办": inactive` {
		t.Errorf("Check: %q", err)
	}

	var serving []string
	for _, u := range d.Serving("清溪镇/三中村/一组") {
		serving = append(serving, u.ID)
	}
	if got := strings.Join(serving, " "); got != "镇政府 城管分局 三中村委会" {
		t.Errorf("Serving = %q", got)
	}
	if got := d.Serving("清溪镇外"); got != nil {
		t.Errorf("Serving(清溪镇外) = %v", got)
	}

	// The directory hands out copies.
	u, _ := d.Lookup("城管分局")
	u.Regions[0] = "别处"
	d.Units()[0].Regions[0] = "别处"
	if u, _ := d.Lookup("城管分局"); u.Regions[0] != "清溪镇" {
		t.Errorf("Lookup shares its regions: %v", u.Regions)
	}
	if u := d.Units()[0]; u.Regions[0] != "清溪镇" {
		t.Errorf("Units shares its regions: %v", u.Regions)
	}
	// and keeps none of the caller's.
	units := testUnits()
	d, _ = New(units, "")
	units[1].Regions[0] = "别处"
	if u, _ := d.Lookup("城管分局"); u.Regions[0] != "清溪镇" {
		t.Errorf("New keeps the caller's regions: %v", u.Regions)
	}
}

func TestZeroDirectory(t *testing.T) {
	for _, d := range []*Directory{nil, {}} {
		if err := d.Check("城管分局"); !errors.Is(err, ErrUnknown) {
			t.Errorf("Check: %v", err)
		}
		if _, ok := d.Lookup("城管分局"); ok || d.Fallback() != "" || len(d.Units()) != 0 || d.Serving("清溪镇") != nil {
			t.Errorf("%#v is not empty", d)
		}
	}
}

func TestConcurrentReads(t *testing.T) {
	d, err := New(testUnits(), "镇政府")
	if err != nil {
		t.Fatal(err)
	}
	want := len(d.Serving("清溪镇/三中村"))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				if err := d.Check("城管分局"); err != nil {
					t.Error(err)
				}
				if got := len(d.Serving("清溪镇/三中村")); got != want || got == 0 {
					t.Errorf("Serving: %d units, want %d", got, want)
				}
				if len(d.Units()) != len(testUnits()) {
					t.Error("Units changed")
				}
			}
		})
	}
	wg.Wait()
}

// The zero Unit takes orders, as a unit left without "inactive" in a file
// does: the Go value and the YAML key mean the same.
func TestZeroUnitIsActive(t *testing.T) {
	d, err := New([]Unit{{ID: "a", Name: "A", Kind: KindTown, Regions: []string{"清溪镇"}}}, "a")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Check("a"); err != nil {
		t.Errorf("Check of a zero-Inactive unit: %v", err)
	}
	f, err := Parse(strings.NewReader("fallback: a\nunits:\n  - {id: a, name: A, kind: town}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Units()[0]; got.Inactive {
		t.Errorf("unit left without inactive is inactive: %+v", got)
	}
	if _, err := Parse(strings.NewReader("units:\n  - {id: a, name: A, kind: town, active: true}\n")); !errors.Is(err, ErrUnknownField) {
		t.Errorf("the old key active: %v, want ErrUnknownField", err)
	}
}
