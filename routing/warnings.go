package routing

import (
	"fmt"
	"slices"
	"strings"
)

// warnings finds rules that can never lead: rules that can never match, and
// rules that match only when a rule that outranks them matches too.
func (c *compiler) warnings() []Warning {
	rs := c.rs
	var ws []Warning
	dead := make([]bool, len(rs.rules))
	for i := range rs.rules {
		r := &rs.rules[i]
		if r.custom != nil {
			continue
		}
		if msg := r.impossible(); msg != "" {
			dead[i] = true
			ws = append(ws, Warning{Rule: r.name, Line: r.line, Message: msg})
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
			if b.custom != nil || dead[j] || !outranks(b, j, a, i) || !implies(a, b) {
				return
			}
			if best < 0 || outranks(b, j, &rs.rules[best], best) {
				best = j
			}
		}
		// A rule that always matches with a can only have positive keywords
		// found inside a's own positive keywords.
		hits = hits[:0]
		for _, k := range a.anyS {
			hits = rs.ac.scan([]byte(k), seen, hits)
		}
		for _, k := range a.allS {
			hits = rs.ac.scan([]byte(k), seen, hits)
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

// impossible says why r can never match, or returns "".
func (r *crule) impossible() string {
	for _, a := range r.allS {
		for _, n := range r.noneS {
			if strings.Contains(a, n) {
				return fmt.Sprintf("never matches: keyword %q in all contains %q from none", a, n)
			}
		}
	}
	if len(r.anyS) > 0 {
		blocked := 0
		for _, a := range r.anyS {
			for _, n := range r.noneS {
				if strings.Contains(a, n) {
					blocked++
					break
				}
			}
		}
		if blocked == len(r.anyS) {
			return "never matches: every keyword in any contains a keyword from none"
		}
	}
	return ""
}

// implies reports whether b matches every request a matches.
func implies(a, b *crule) bool {
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
			if !slices.ContainsFunc(b.regions, func(br string) bool { return hasPathPrefix(ar, br) }) {
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
	for _, w := range b.when {
		if !slices.Contains(a.when, w) {
			return false
		}
	}
	// Every keyword b needs is inside one a guarantees.
	for _, k := range b.allS {
		if !containsSub(a.allS, k) {
			return false
		}
	}
	if len(b.anyS) > 0 {
		ok := false
		for _, k := range b.anyS {
			if containsSub(a.allS, k) {
				ok = true
				break
			}
		}
		if !ok && len(a.anyS) > 0 {
			ok = true
			for _, ak := range a.anyS {
				if !slices.ContainsFunc(b.anyS, func(bk string) bool { return strings.Contains(ak, bk) }) {
					ok = false
					break
				}
			}
		}
		if !ok {
			return false
		}
	}
	// Every keyword b forbids is kept out by one a forbids.
	for _, n := range b.noneS {
		if !slices.ContainsFunc(a.noneS, func(m string) bool { return strings.Contains(n, m) }) {
			return false
		}
	}
	return true
}

// containsSub reports whether some word in list contains sub.
func containsSub(list []string, sub string) bool {
	return slices.ContainsFunc(list, func(w string) bool { return strings.Contains(w, sub) })
}
