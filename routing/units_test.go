package routing

import (
	"errors"
	"strings"
	"testing"

	"github.com/hotline12345/hotline/unit"
)

func TestCheckUnits(t *testing.T) {
	d, err := unit.New([]unit.Unit{
		{ID: "中心", Name: "政务服务中心", Kind: unit.KindDepartment},
		{ID: "镇政府", Name: "镇人民政府", Kind: unit.KindTown},
		{ID: "城管", Name: "城管分局", Kind: unit.KindDepartment},
		{ID: "村委", Name: "三中村委会", Kind: unit.KindCommittee},
		{ID: "旧办", Name: "旧办公室", Kind: unit.KindDepartment, Inactive: true},
	}, "镇政府")
	if err != nil {
		t.Fatal(err)
	}
	base := func() *Config {
		return &Config{
			Centre: "中心", Fallback: "镇政府",
			Jurisdictions: map[string]string{"清溪镇/三中村": "村委"},
			Rules:         []RuleSpec{{Name: "噪音", Any: []string{"噪音"}, Lead: "城管", Assist: []string{"村委"}, Line: 7}},
		}
	}
	tests := []struct {
		name string
		mod  func(c *Config)
		want []error
		msg  string
	}{
		{"ok", func(c *Config) {}, nil, ""},
		{"unknown lead", func(c *Config) { c.Rules[0].Lead = "环保" },
			[]error{unit.ErrUnknown}, `routing: rule "噪音": field "lead": unit "环保": not in the directory (line 7)`},
		{"inactive assist", func(c *Config) { c.Rules[0].Assist = []string{"旧办"} },
			[]error{unit.ErrInactive}, `routing: rule "噪音": field "assist": unit "旧办": inactive (line 7)`},
		{"unknown jurisdiction", func(c *Config) { c.Jurisdictions["清溪镇"] = "镇府" },
			[]error{unit.ErrUnknown}, `routing: field "jurisdictions.清溪镇": unit "镇府": not in the directory`},
		{"unknown centre", func(c *Config) { c.Centre = "热线" }, []error{unit.ErrUnknown}, `field "centre": unit "热线"`},
		{"other fallback", func(c *Config) { c.Fallback = "中心" },
			[]error{ErrBadValue}, `routing: field "fallback": bad value: "中心", but the unit directory's fallback is "镇政府"`},
		{"unknown fallback", func(c *Config) { c.Fallback = "综合办" }, []error{unit.ErrUnknown, ErrBadValue}, `unit "综合办": not in the directory`},
	}
	t.Run("fallback from the directory", func(t *testing.T) {
		c := base()
		c.Fallback = ""
		if err := c.CheckUnits(d); err != nil {
			t.Fatal(err)
		}
		if c.Fallback != "镇政府" {
			t.Errorf("Fallback = %q, want the directory's 镇政府", c.Fallback)
		}
		if _, _, err := Compile(c, Options{}); err != nil {
			t.Errorf("Compile after CheckUnits: %v", err)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.mod(c)
			err := c.CheckUnits(d)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, w := range append(tt.want, ErrInvalidRules) {
				if !errors.Is(err, w) {
					t.Errorf("CheckUnits: %v, want %v", err, w)
				}
			}
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("CheckUnits: %v\nwant %q", err, tt.msg)
			}
		})
	}
}

// TestQingxiUnits checks the example town's rules against its directory of
// units.
func TestQingxiUnits(t *testing.T) {
	d, err := unit.LoadFile("../examples/qingxi/units.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadFile("../examples/route/qingxi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckUnits(d); err != nil {
		t.Error(err)
	}
}
