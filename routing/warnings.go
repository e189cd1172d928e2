package routing

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hotline12345/hotline"
)

// warnings finds rules that can never lead: rules that can never match, and
// rules that match only when a rule that outranks them matches too; and
// keywords that look like a list written as one item.
func (c *compiler) warnings() []Warning {
	rs := c.rs
	var ws []Warning
	dead := make([]bool, len(rs.rules))
	for i := range rs.rules {
		r := &rs.rules[i]
		if r.custom != nil {
			continue
		}
		if msg := impossible(rs.keywords, r); msg != "" {
			dead[i] = true
			ws = append(ws, Warning{Rule: r.name, Line: r.line, Message: msg})
		}
		for _, k := range slices.Concat(r.any, r.all, r.none) {
			if kw := rs.keywords[k]; strings.ContainsAny(kw, ",，、") {
				ws = append(ws, Warning{Rule: r.name, Line: r.line, Message: fmt.Sprintf(
					"keyword %q holds a list separator, and matches only text holding it too: give each keyword as an item of the list ([噪音, 扰民])", kw)})
			}
		}
	}
	seen := make([]uint64, (len(rs.keywords)+63)/64)
	stamp := make([]int, len(rs.rules))
	var hits []int32
	for i := range rs.rules {
		a := &rs.rules[i]
		if a.custom != nil || dead[i] {
			continue
		}
		best := -1
		check := func(j int) {
			if j == i || stamp[j] == i+1 {
				return
			}
			stamp[j] = i + 1
			b := &rs.rules[j]
			if b.custom != nil || dead[j] || !outranks(b, j, a, i) || !implies(rs.keywords, a, b) {
				return
			}
			if best < 0 || outranks(b, j, &rs.rules[best], best) {
				best = j
			}
		}
		// A rule that always matches with a can only have positive keywords
		// found inside a's own positive keywords.
		hits = hits[:0]
		for _, k := range a.positive() {
			hits = rs.ac.scan([]byte(rs.keywords[k]), seen, hits)
		}
		for _, k := range hits {
			seen[k>>6] = 0
			for _, j := range rs.kwRules[rs.kwStart[k]:rs.kwStart[k+1]] {
				check(int(j))
			}
		}
		for _, j := range rs.always {
			check(int(j))
		}
		if best >= 0 {
			b := &rs.rules[best]
			ws = append(ws, Warning{Rule: a.name, Line: a.line, By: b.name,
				Message: fmt.Sprintf("never leads: rule %q (priority %d) matches whenever it does and outranks it", b.name, b.priority)})
		}
	}
	return ws
}

// outranks reports whether rule b (at index j) beats rule a (at index i).
func outranks(b *crule, j int, a *crule, i int) bool {
	return b.priority > a.priority || b.priority == a.priority && j < i
}

// impossible says why r can never match, or returns "". kw are the rule
// set's keywords, by id.
func impossible(kw []string, r *crule) string {
	for _, a := range r.all {
		for _, n := range r.none {
			if strings.Contains(kw[a], kw[n]) {
				return fmt.Sprintf("never matches: keyword %q in all contains %q from none", kw[a], kw[n])
			}
		}
	}
	if len(r.any) == 0 {
		return ""
	}
	for _, a := range r.any {
		if !containsAny(kw[a], kw, r.none) {
			return ""
		}
	}
	return "never matches: every keyword in any contains a keyword from none"
}

// implies reports whether b matches every request a matches. kw are the
// rule set's keywords, by id.
func implies(kw []string, a, b *crule) bool {
	if b.catMask != 0 && (a.catMask == 0 || a.catMask&^b.catMask != 0) {
		return false
	}
	if b.urgMask != 0 && (a.urgMask == 0 || a.urgMask&^b.urgMask != 0) {
		return false
	}
	if len(b.regions) > 0 {
		if len(a.regions) == 0 {
			return false
		}
		for _, ar := range a.regions {
			if !slices.ContainsFunc(b.regions, func(br string) bool { return hotline.RegionCovers(br, ar) }) {
				return false
			}
		}
	}
	if len(b.tags) > 0 {
		if len(a.tags) == 0 {
			return false
		}
		for _, t := range a.tags {
			if !slices.Contains(b.tags, t) {
				return false
			}
		}
	}
	// b's codes hold when every code a allows is within one of them.
	if len(b.codes) > 0 {
		if len(a.codes) == 0 {
			return false
		}
		for _, ac := range a.codes {
			if !slices.ContainsFunc(b.codes, ac.Within) {
				return false
			}
		}
	}
	for _, w := range b.when {
		if !slices.Contains(a.when, w) {
			return false
		}
	}
	// Every keyword b needs is inside one a guarantees.
	inAll := func(k int32) bool {
		return slices.ContainsFunc(a.all, func(ak int32) bool { return strings.Contains(kw[ak], kw[k]) })
	}
	for _, k := range b.all {
		if !inAll(k) {
			return false
		}
	}
	// b's any holds when one of its keywords is inside one of a's all, or
	// when each of a's any contains one of b's.
	if len(b.any) > 0 && !slices.ContainsFunc(b.any, inAll) {
		if len(a.any) == 0 {
			return false
		}
		for _, ak := range a.any {
			if !containsAny(kw[ak], kw, b.any) {
				return false
			}
		}
	}
	// Every keyword b forbids is kept out by one a forbids.
	for _, n := range b.none {
		if !containsAny(kw[n], kw, a.none) {
			return false
		}
	}
	return true
}

// containsAny reports whether s contains one of the keywords ids.
func containsAny(s string, kw []string, ids []int32) bool {
	return slices.ContainsFunc(ids, func(k int32) bool { return strings.Contains(s, kw[k]) })
}
