package hotline_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hotline12345/hotline"
)

var regionCoverCases = []struct {
	area, region string
	want         bool
}{
	{"清溪镇", "清溪镇", true},
	{"清溪镇", "清溪镇/三中村", true},
	{"清溪镇", "清溪镇/三中村/一组", true},
	{"清溪镇/三中村", "清溪镇/三中村/一组", true},
	{"清溪镇", "清溪镇外", false},
	{"清溪镇", "清溪镇外/三中村", false},
	{"清溪镇/三中村", "清溪镇", false},
	{"清溪镇/三中村", "清溪镇/三中村东区", false},
	{"清溪镇", "塘厦镇/清溪镇", false},
	{"", "清溪镇/三中村", true},
	{"", "", true},
	{"清溪镇", "", false},
}

func TestRegionCovers(t *testing.T) {
	for _, tc := range regionCoverCases {
		assert.Equal(t, tc.want, hotline.RegionCovers(tc.area, tc.region), "RegionCovers(%q, %q)", tc.area, tc.region)
		assert.Equal(t, tc.want, hotline.RegionCovers(tc.area, []byte(tc.region)), "RegionCovers(%q, bytes %q)", tc.area, tc.region)
	}
}

func TestRegionCoversAllocs(t *testing.T) {
	area, region := "清溪镇/三中村", "清溪镇/三中村/一组/"+strings.Repeat("长", 40)
	if n := testing.AllocsPerRun(100, func() { hotline.RegionCovers(area, region) }); n != 0 {
		t.Errorf("RegionCovers allocates %v times", n)
	}
	buf := []byte(region)
	if n := testing.AllocsPerRun(100, func() { hotline.RegionCovers(area, buf) }); n != 0 {
		t.Errorf("RegionCovers of bytes allocates %v times", n)
	}
}

func TestRegionDepth(t *testing.T) {
	for r, want := range map[string]int{"": 0, "清溪镇": 1, "清溪镇/三中村": 2, "清溪镇/三中村/一组": 3} {
		assert.Equal(t, want, hotline.RegionDepth(r), r)
	}
}

func TestValidateRegion(t *testing.T) {
	for _, tc := range []struct {
		region string
		why    string // in the message; "" when valid
	}{
		{"清溪镇", ""},
		{"清溪镇/三中村/一组", ""},
		{"Qingxi Town/Sanzhong Village", ""},
		{strings.Repeat("镇", hotline.MaxRegionLen), ""},
		{"", "empty"},
		{"/清溪镇", `starts with "/"`},
		{"清溪镇/", `ends with "/"`},
		{"/", `starts with "/"`},
		{"清溪镇//三中村", `empty place`},
		{" 清溪镇", "white space"},
		{"清溪镇/三中村 ", "white space"},
		{"清溪镇/ 三中村", "white space"},
		{"清溪镇\u3000/三中村", "white space"},
		{"   ", "white space"},
		{"清溪镇\n三中村", "control characters"},
		{"清溪镇\x00", "control characters"},
		{"清溪\xff镇", "UTF-8"},
		{"清溪镇／三中村", `write "/"`},
		{"清溪镇\\三中村", `write "/"`},
		{"清溪镇/三中\u200b村", "zero-width"},
		{"\ufeff清溪镇", "zero-width"},
		{strings.Repeat("镇", hotline.MaxRegionLen+1), "longer than 500"},
	} {
		err := hotline.ValidateRegion(tc.region)
		if tc.why == "" {
			assert.NoError(t, err, "%q", tc.region)
			continue
		}
		if assert.Error(t, err, "%q", tc.region) {
			assert.ErrorIs(t, err, hotline.ErrInvalidRegion)
			assert.Contains(t, err.Error(), tc.why)
		}
	}
}

func ExampleRegionCovers() {
	fmt.Println(hotline.RegionCovers("清溪镇", "清溪镇/三中村"))
	fmt.Println(hotline.RegionCovers("清溪镇", "清溪镇外"))
	fmt.Println(hotline.RegionCovers("", "清溪镇")) // the empty area is everywhere
	fmt.Println(hotline.RegionDepth("清溪镇/三中村"))
	err := hotline.ValidateRegion("清溪镇//三中村")
	fmt.Println(errors.Is(err, hotline.ErrInvalidRegion), err)
	// Output:
	// true
	// false
	// true
	// 2
	// true invalid region "清溪镇//三中村": has an empty place between "//"
}

// FuzzRegion checks that the region functions never panic, that covering
// is reflexive on valid regions, transitive, and agrees with the places of
// the paths.
func FuzzRegion(f *testing.F) {
	for _, tc := range regionCoverCases {
		f.Add(tc.area, tc.region, "清溪镇/三中村/一组")
	}
	f.Add("a", "a/b", "a/b/c")
	f.Add("/", "//", "")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		for _, s := range []string{a, b, c} {
			if hotline.ValidateRegion(s) == nil && !hotline.RegionCovers(s, s) {
				t.Errorf("valid %q does not cover itself", s)
			}
			_ = hotline.RegionDepth(s)
		}
		if hotline.RegionCovers(a, b) && hotline.RegionCovers(b, c) && !hotline.RegionCovers(a, c) {
			t.Errorf("%q covers %q covers %q, but not %q", a, b, c, c)
		}
		if hotline.ValidateRegion(a) == nil && hotline.ValidateRegion(b) == nil {
			pa, pb := strings.Split(a, "/"), strings.Split(b, "/")
			want := len(pa) <= len(pb) && strings.Join(pb[:len(pa)], "/") == a
			if got := hotline.RegionCovers(a, b); got != want {
				t.Errorf("RegionCovers(%q, %q) = %v, places say %v", a, b, got, want)
			}
			if got := hotline.RegionCovers(a, b); got && hotline.RegionDepth(a) > hotline.RegionDepth(b) {
				t.Errorf("%q covers the shallower %q", a, b)
			}
		}
	})
}
