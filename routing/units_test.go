package routing

import (
	"errors"
	"strings"
	"testing"

	"github.com/hotline12345/hotline/unit"
)

func TestCompileUnits(t *testing.T) {
	units := []unit.Unit{
		{ID: "中心", Name: "政务服务中心", Kind: unit.KindDepartment},
		{ID: "镇政府", Name: "镇人民政府", Kind: unit.KindTown},
		{ID: "城管", Name: "城管分局", Kind: unit.KindDepartment},
		{ID: "村委", Name: "三中村委会", Kind: unit.KindCommittee},
		{ID: "旧办", Name: "旧办公室", Kind: unit.KindDepartment, Inactive: true},
	}
	d, err := unit.New(units, "镇政府")
	if err != nil {
		t.Fatal(err)
	}
	noFallback, err := unit.New(units, "")
	if err != nil {
		t.Fatal(err)
	}
	base := func() *Config {
		return &Config{
			Centre:        "中心",
			Jurisdictions: map[string]string{"清溪镇/三中村": "村委"},
			Rules:         []RuleSpec{{Name: "噪音", Any: []string{"噪音"}, Lead: "城管", Assist: []string{"村委"}, Line: 7}},
		}
	}
	tests := []struct {
		name string
		dir  *unit.Directory
		mod  func(c *Config)
		want []error
		msg  string
	}{
		{"unknown lead", d, func(c *Config) { c.Rules[0].Lead = "环保" },
			[]error{unit.ErrUnknown}, `routing: rule "噪音": field "lead": unit "环保": not in the directory (line 7)`},
		{"inactive assist", d, func(c *Config) { c.Rules[0].Assist = []string{"旧办"} },
			[]error{unit.ErrInactive}, `routing: rule "噪音": field "assist": unit "旧办": inactive (line 7)`},
		{"unknown jurisdiction", d, func(c *Config) { c.Jurisdictions["清溪镇"] = "镇府" },
			[]error{unit.ErrUnknown}, `routing: field "jurisdictions.清溪镇": unit "镇府": not in the directory`},
		{"unknown centre", d, func(c *Config) { c.Centre = "热线" }, []error{unit.ErrUnknown}, `field "centre": unit "热线"`},
		{"other fallback", d, func(c *Config) { c.Fallback = "中心" }, []error{ErrBadValue},
			`routing: field "fallback": bad value: "中心", but the unit directory's fallback is "镇政府": leave fallback out of the rules`},
		{"unknown fallback", d, func(c *Config) { c.Fallback = "综合办" }, []error{ErrBadValue}, `"综合办", but the unit directory's fallback is "镇政府"`},
		{"no fallback anywhere", noFallback, func(c *Config) {}, []error{ErrBadValue}, `field "fallback": bad value: a unit is required`},
		{"fallback not in a directory without one", noFallback, func(c *Config) { c.Fallback = "综合办" },
			[]error{unit.ErrUnknown}, `field "fallback": unit "综合办": not in the directory`},
		{"blank lead is not a unit error", d, func(c *Config) { c.Rules[0].Lead = " " }, []error{ErrNoLead}, `field "lead": no lead`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.mod(c)
			_, _, err := Compile(c, Options{Units: tt.dir})
			for _, w := range append(tt.want, ErrInvalidRules) {
				if !errors.Is(err, w) {
					t.Errorf("Compile: %v, want %v", err, w)
				}
			}
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Compile: %v\nwant %q", err, tt.msg)
			}
			if err != nil && strings.Count(err.Error(), "routing:") != 1 {
				t.Errorf("Compile: %v\nwant one error", err)
			}
		})
	}

	fallbacks := []struct {
		name     string
		dir      *unit.Directory
		fallback string
		want     string
	}{
		{"the directory's", d, "", "镇政府"},
		{"named the same in both", d, " 镇政府 ", "镇政府"},
		{"the config's, the directory naming none", noFallback, "中心", "中心"},
		{"the config's, without a directory", nil, "城管", "城管"},
	}
	for _, tt := range fallbacks {
		t.Run("fallback "+tt.name, func(t *testing.T) {
			c := base()
			c.Fallback = tt.fallback
			rs, _, err := Compile(c, Options{Units: tt.dir})
			if err != nil {
				t.Fatal(err)
			}
			if rs.Fallback() != tt.want {
				t.Errorf("Fallback() = %q, want %q", rs.Fallback(), tt.want)
			}
			if c.Fallback != tt.fallback {
				t.Errorf("Compile changed Config.Fallback to %q", c.Fallback)
			}
			d, err := NewRouter(rs).Route(t.Context(), &Request{ID: "1", Text: "咨询", At: at(3, 1, 9, 0)})
			if err != nil {
				t.Fatal(err)
			}
			if d.Lead != tt.want || d.LeadBy != ByFallback {
				t.Errorf("Route: lead %q by %q, want %q by fallback", d.Lead, d.LeadBy, tt.want)
			}
		})
	}
}

// TestQingxiUnits checks the example town's rules against its directory of
// units, which names the fallback unit the rules leave out.
func TestQingxiUnits(t *testing.T) {
	d, err := unit.LoadFile("../examples/qingxi/units.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadFile("../examples/route/qingxi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := Compile(c, Options{Units: d})
	if err != nil {
		t.Fatal(err)
	}
	if rs.Fallback() != d.Fallback() {
		t.Errorf("Fallback() = %q, want the directory's %q", rs.Fallback(), d.Fallback())
	}
}
