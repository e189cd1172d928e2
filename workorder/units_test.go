package workorder

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/unit"
)

// withRetired returns testUnits with retired added, inactive.
func withRetired(t *testing.T, retired string) *unit.Directory {
	t.Helper()
	us := append(testUnits.Units(), unit.Unit{ID: retired, Name: retired, Kind: unit.KindDepartment, Inactive: true})
	d, err := unit.New(us, fallback)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDispatchChecksUnits: with a unit directory, a dispatch, redispatch
// or designation to a unit the directory does not know, or knows as
// inactive, is refused, and so is adding such an assisting unit.
func TestDispatchChecksUnits(t *testing.T) {
	ctx := context.Background()
	const retired = "清溪镇旧城管所"
	cases := []struct {
		name string
		step func(s *Service, id string) (*Order, error)
		want error
		msg  string
	}{
		{"dispatch to an unknown lead", func(s *Service, id string) (*Order, error) {
			return s.Dispatch(ctx, centre, id, Assignment{Lead: "城管"})
		}, unit.ErrUnknown, `workorder: order "WO000001": dispatch: lead: unit "城管": not in the directory: invalid argument`},
		{"dispatch to an inactive lead", func(s *Service, id string) (*Order, error) {
			return s.Dispatch(ctx, centre, id, Assignment{Lead: retired})
		}, unit.ErrInactive, `dispatch: lead: unit "清溪镇旧城管所": inactive: invalid argument`},
		{"dispatch with an unknown assist", func(s *Service, id string) (*Order, error) {
			return s.Dispatch(ctx, centre, id, Assignment{Lead: cityMgmt, Assist: []string{envBur, "环保"}})
		}, unit.ErrUnknown, `dispatch: assist: unit "环保": not in the directory`},
		{"dispatch with an inactive assist", func(s *Service, id string) (*Order, error) {
			return s.Dispatch(ctx, centre, id, Assignment{Lead: cityMgmt, Assist: []string{retired}})
		}, unit.ErrInactive, `dispatch: assist: unit "清溪镇旧城管所": inactive`},
		{"redispatch to an unknown lead", func(s *Service, id string) (*Order, error) {
			must(t)(s.Dispatch(ctx, centre, id, Assignment{Lead: cityMgmt}))
			return s.Redispatch(ctx, centre, id, Assignment{Lead: "派出所"})
		}, unit.ErrUnknown, `redispatch: lead: unit "派出所": not in the directory`},
		{"redispatch adding an inactive assist", func(s *Service, id string) (*Order, error) {
			must(t)(s.Dispatch(ctx, centre, id, Assignment{Lead: cityMgmt}))
			return s.Redispatch(ctx, centre, id, Assignment{Lead: envBur, Assist: []string{retired}})
		}, unit.ErrInactive, `redispatch: assist: unit "清溪镇旧城管所": inactive`},
		{"designate an inactive unit", func(s *Service, id string) (*Order, error) {
			must(t)(s.Dispatch(ctx, centre, id, Assignment{Lead: cityMgmt}))
			return s.Designate(ctx, centre, id, retired, "")
		}, unit.ErrInactive, `designate: lead: unit "清溪镇旧城管所": inactive`},
		{"routed to an unknown lead", func(s *Service, id string) (*Order, error) {
			s.cfg.Router = RouterFunc(func(context.Context, *routing.Request) (routing.Decision, error) {
				return routing.Decision{Lead: "燃气公司"}, nil
			})
			return s.Dispatch(ctx, centre, id, Assignment{})
		}, unit.ErrUnknown, `dispatch: lead: unit "燃气公司": not in the directory`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newService(t, func(c *Config) { c.Units = withRetired(t, retired) })
			o := must(t)(s.Accept(ctx, centre, draft()))
			_, err := tc.step(s, o.ID)
			if !errors.Is(err, tc.want) || !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("got %v\nwant %v, ErrInvalidArgument and %q", err, tc.want, tc.msg)
			}
		})
	}
}

// TestKeptAssistMayBeInactive: an assisting unit already on the order is
// kept by a redispatch even after it became inactive; only units added
// are checked.
func TestKeptAssistMayBeInactive(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Assist: []string{village}}))
	// Later the village committee is inactive.
	us := testUnits.Units()
	for i := range us {
		if us[i].ID == village {
			us[i].Inactive = true
		}
	}
	d, err := unit.New(us, fallback)
	if err != nil {
		t.Fatal(err)
	}
	later, _ := newService(t, func(c *Config) { c.Store = s.Store(); c.Units = d })
	o = must(t)(later.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur, Assist: []string{village}}))
	if o.Lead != envBur || len(o.Assists) != 1 || o.Assists[0].Unit != village {
		t.Errorf("lead %q, assists %v", o.Lead, o.Assists)
	}
}

// TestDesignateFallbackFromUnits: Designate without a unit names the
// directory's fallback; without a directory, or a directory without a
// fallback, it must name the unit.
func TestDesignateFallbackFromUnits(t *testing.T) {
	ctx := context.Background()
	noFallback, err := unit.New(testUnits.Units(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*unit.Directory{testUnits, noFallback, nil} {
		s, _ := newService(t, func(c *Config) { c.Units = d })
		o := must(t)(s.Accept(ctx, centre, draft()))
		must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
		o, err := s.Designate(ctx, centre, o.ID, "", "")
		switch {
		case d == testUnits && (err != nil || o.Lead != fallback || !o.Fallback):
			t.Errorf("with a fallback: %v, %+v", err, o)
		case d != testUnits && (!errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "no unit named and no fallback unit in Config.Units")):
			t.Errorf("without a fallback: %v", err)
		}
	}
}

// TestRouterFallbackIsTheDirectorys: the fallback unit is configured once,
// in the directory. NewService refuses a *routing.Router whose rule set
// falls back to another unit, and takes one compiled with the directory.
func TestRouterFallbackIsTheDirectorys(t *testing.T) {
	compile := func(cfg *routing.Config, opts routing.Options) *routing.Router {
		rs, _, err := routing.Compile(cfg, opts)
		if err != nil {
			t.Fatal(err)
		}
		return routing.NewRouter(rs)
	}
	store, cal := NewMemStore(), cn.Calendar()
	other := compile(&routing.Config{Centre: cityMgmt, Fallback: cityMgmt}, routing.Options{})
	_, err := NewService(Config{Store: store, Calendar: cal, Units: testUnits, Router: other})
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Field != "Router" || !errors.Is(err, ErrInvalidConfig) {
		t.Fatalf("NewService: %v, want a ConfigError for Router", err)
	}
	const msg = `workorder: config Router: the rule set's fallback unit "` + cityMgmt + `" is not the unit directory's "` + fallback + `"`
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("NewService: %v\nwant %q", err, msg)
	}

	for name, cfg := range map[string]Config{
		"compiled with the directory": {Units: testUnits, Router: compile(&routing.Config{Centre: cityMgmt}, routing.Options{Units: testUnits})},
		"no directory":                {Router: other},
		"a router that is not a *routing.Router": {Units: testUnits,
			Router: RouterFunc(func(ctx context.Context, req *routing.Request) (routing.Decision, error) {
				return other.Route(ctx, req)
			})},
	} {
		cfg.Store, cfg.Calendar = store, cal
		if _, err := NewService(cfg); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// A nil *routing.Router in Config.Router is refused by NewService instead
// of panicking at the first routed dispatch.
func TestNilRouterRefused(t *testing.T) {
	var r *routing.Router
	_, err := NewService(Config{Store: NewMemStore(), Calendar: cn.Calendar(), Router: r})
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Field != "Router" || !errors.Is(err, ErrInvalidConfig) {
		t.Fatalf("NewService with a nil *routing.Router: %v, want a ConfigError for Router", err)
	}
}
