package workorder

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hotline12345/hotline"
)

func TestParseRole(t *testing.T) {
	cases := []struct {
		in   string
		want Role
	}{
		{"centre", RoleCentre}, {"Unit", RoleUnit}, {" SUPERVISOR ", RoleSupervisor}, {"system", RoleSystem},
		{"热线中心", RoleCentre}, {"承办单位", RoleUnit}, {"督办", RoleSupervisor}, {"系统", RoleSystem},
		{"", 0}, {"center", 0}, {"Role(1)", 0}, {"admin", 0},
	}
	for _, tc := range cases {
		got, err := ParseRole(tc.in)
		if tc.want == 0 {
			if !errors.Is(err, hotline.ErrUnknownName) || !strings.Contains(err.Error(), `workorder: unknown role "`+tc.in+`"`) {
				t.Errorf("ParseRole(%q) = %v, %v; want hotline.ErrUnknownName", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseRole(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for r := RoleCentre; r <= RoleSystem; r++ {
		if got, err := ParseRole(r.String()); got != r || err != nil {
			t.Errorf("ParseRole(%v.String()) = %v, %v", r, got, err)
		}
	}
}

// TestActorChecks: an actor other than the system with an empty or blank
// id, or any actor with an id that is not valid UTF-8, is refused every
// step and every read, before the store is asked.
func TestActorChecks(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	o := handling(t, s, draft())
	cases := []struct {
		a      Actor
		reason string
	}{
		{Centre(""), "no id"},
		{Centre(" \t"), "no id"},
		{Supervisor(""), "no id"},
		{Unit(""), "no id"},
		{Unit(cityMgmt[:4]), "id is not valid UTF-8"},
		{Centre("agent\xff"), "id is not valid UTF-8"},
		{Actor{Role: RoleSystem, ID: "\xc3"}, "id is not valid UTF-8"},
		{Unit(cityMgmt + "\x00"), "id contains a NUL character (U+0000)"},
		{Centre("agent\x00-7"), "id contains a NUL character (U+0000)"},
		{Actor{ID: "agent-7"}, "no role"},
		{Actor{Role: 9, ID: "agent-7"}, "no role"},
	}
	for _, tc := range cases {
		calls := map[string]func() error{
			"accept":  func() error { _, err := s.Accept(ctx, tc.a, draft()); return err },
			"urge":    func() error { _, err := s.Urge(ctx, tc.a, o.ID, ""); return err },
			"sign":    func() error { _, err := s.Sign(ctx, tc.a, o.ID); return err },
			"missing": func() error { _, err := s.Urge(ctx, tc.a, "WO-none", ""); return err },
			"get":     func() error { _, err := s.Get(ctx, tc.a, o.ID); return err },
			"history": func() error { _, err := s.History(ctx, tc.a, o.ID); return err },
			"list":    func() error { _, err := s.List(ctx, tc.a, Filter{}); return err },
		}
		for name, call := range calls {
			err := call()
			var fe *ForbiddenError
			if !errors.As(err, &fe) || fe.Reason != tc.reason || fe.Actor != tc.a {
				t.Errorf("%s by %s: %v, want ErrForbidden: %s", name, tc.a, err, tc.reason)
			}
		}
	}
	// The system needs no id.
	if _, err := s.Urge(ctx, Actor{Role: RoleSystem}, o.ID, ""); err != nil {
		t.Errorf("urge by the system without an id: %v", err)
	}
	if got := Centre("a\xff").String(); got != `centre:"a\xff"` {
		t.Errorf("String() = %s", got)
	}
}

// TestHiddenOrdersLookMissing: a unit asking about an order it may not see
// (not yet its own, another unit's, or no longer its own) gets, word for
// word but the id, the error of an order that does not exist, whatever it
// asks.
func TestHiddenOrdersLookMissing(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	received := must(t)(s.Accept(ctx, centre, draft()))
	others := handling(t, s, draft(), envBur) // cityMgmt leads, envBur assists
	moved := handling(t, s, draft())
	must(t)(s.Redispatch(ctx, centre, moved.ID, Assignment{Lead: envBur}))

	asks := map[string]func(a Actor, id string) error{
		"get":     func(a Actor, id string) error { _, err := s.Get(ctx, a, id); return err },
		"history": func(a Actor, id string) error { _, err := s.History(ctx, a, id); return err },
		"sign":    func(a Actor, id string) error { _, err := s.Sign(ctx, a, id); return err },
		"return": func(a Actor, id string) error {
			_, err := s.Return(ctx, a, id, ReturnRequest{Code: "duplicate"})
			return err
		},
		"opinion": func(a Actor, id string) error { _, err := s.SubmitOpinion(ctx, a, id, "无"); return err },
		"reply":   func(a Actor, id string) error { _, err := s.Reply(ctx, a, id, "已处理"); return err },
		"urge":    func(a Actor, id string) error { _, err := s.Urge(ctx, a, id, ""); return err },
	}
	cases := []struct {
		name string
		a    Actor
		id   string
	}{
		{"not dispatched", Unit(cityMgmt), received.ID},
		{"another unit's", Unit(police), others.ID},
		{"no longer its own", Unit(cityMgmt), moved.ID},
	}
	for _, tc := range cases {
		for name, ask := range asks {
			hidden := ask(tc.a, tc.id)
			missing := ask(tc.a, "WO-none")
			if !errors.Is(hidden, ErrNotFound) || errors.Is(hidden, ErrForbidden) {
				t.Errorf("%s, %s: %v, want ErrNotFound", tc.name, name, hidden)
				continue
			}
			h := strings.ReplaceAll(hidden.Error(), tc.id, "ID")
			m := strings.ReplaceAll(missing.Error(), "WO-none", "ID")
			if h != m {
				t.Errorf("%s, %s: hidden %q, missing %q", tc.name, name, h, m)
			}
		}
	}
	// A unit that may see the order is told why a step is refused.
	_, err := s.Sign(ctx, Unit(envBur), others.ID)
	wantForbidden(t, err, Unit(envBur), StepSign)
}
