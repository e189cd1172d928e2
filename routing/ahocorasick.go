package routing

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// automaton finds every keyword of a set in one pass over a text
// (Aho-Corasick). Runes are mapped to a dense alphabet of the runes that
// occur in keywords. States are numbered breadth first; each keeps its edges
// sorted in one flat array and a 64-bit mask of their symbols, which settles
// most misses without reading the edges. The root's edges are a table
// indexed by symbol. It is immutable once built and safe for concurrent use.
type automaton struct {
	lo     []uint16 // symbol of each rune below len(lo); 0 = in no keyword, loMore = see hi
	hi     map[rune]int32
	root   []int32   // state reached from the root on each symbol; 0 = root
	states []acState // one more than there are states, to end the last one's edges
	edges  []acEdge
}

const loMore = 0xFFFF

// acState is one state of the automaton.
type acState struct {
	edges int32  // its edges are edges[edges:next state's edges]
	fail  int32  // the state of the longest proper suffix in the trie
	out   int32  // id + 1 of the keyword ending here, 0 = none
	emit  int32  // the first state on the fail chain, itself included, where a keyword ends; 0 = none
	mask  uint64 // symBit of every edge's symbol: a clear bit means no edge
}

// acEdge is a trie edge: on symbol sym go to state to.
type acEdge struct{ sym, to int32 }

// buildAutomaton builds the automaton of keywords: normalised, non-empty
// and distinct. A match reports the keyword's index.
func buildAutomaton(keywords []string) *automaton {
	a := &automaton{}
	symOf := map[rune]int32{}
	maxLo := rune(-1)
	for _, k := range keywords {
		for _, r := range k {
			if _, ok := symOf[r]; !ok {
				symOf[r] = int32(len(symOf) + 1)
				if r < 0x10000 && r > maxLo {
					maxLo = r
				}
			}
		}
	}
	a.lo = make([]uint16, maxLo+1)
	for r, s := range symOf {
		if r <= maxLo && s < loMore {
			a.lo[r] = uint16(s)
			continue
		}
		if r <= maxLo {
			a.lo[r] = loMore
		}
		if a.hi == nil {
			a.hi = map[rune]int32{}
		}
		a.hi[r] = s
	}

	// The trie, with its edges in a map while building.
	type edge struct{ from, sym, to int32 }
	child := make(map[uint64]int32, len(keywords)*3)
	out := []int32{0}
	var edges []edge
	for id, k := range keywords {
		s := int32(0)
		for _, r := range k {
			sym := symOf[r]
			key := uint64(s)<<32 | uint64(sym)
			t, ok := child[key]
			if !ok {
				t = int32(len(out))
				out = append(out, 0)
				child[key] = t
				edges = append(edges, edge{s, sym, t})
			}
			s = t
		}
		out[s] = int32(id + 1)
	}
	n := len(out)
	slices.SortFunc(edges, func(x, y edge) int {
		if c := cmp.Compare(x.from, y.from); c != 0 {
			return c
		}
		return cmp.Compare(x.sym, y.sym)
	})
	first := make([]int32, n+1) // edges of trie node v: edges[first[v]:first[v+1]]
	for _, e := range edges {
		first[e.from+1]++
	}
	for v := 1; v <= n; v++ {
		first[v] += first[v-1]
	}

	// Number the states breadth first, so that the shallow states, which a
	// scan visits most, and their edges lie together in memory.
	order := make([]int32, 0, n) // trie node of each state
	id := make([]int32, n)       // state of each trie node
	order = append(order, 0)
	for i := 0; i < len(order); i++ {
		for _, e := range edges[first[order[i]]:first[order[i]+1]] {
			id[e.to] = int32(len(order))
			order = append(order, e.to)
		}
	}
	a.root = make([]int32, len(symOf)+1)
	a.states = make([]acState, n+1)
	a.edges = make([]acEdge, 0, len(edges))
	for s, v := range order {
		st := &a.states[s]
		st.edges = int32(len(a.edges))
		st.out = out[v]
		for _, e := range edges[first[v]:first[v+1]] {
			a.edges = append(a.edges, acEdge{e.sym, id[e.to]})
			st.mask |= symBit(e.sym)
			if s == 0 {
				a.root[e.sym] = id[e.to]
			}
		}
	}
	a.states[n].edges = int32(len(a.edges))

	// Fail links and emit states; breadth-first order is state order.
	for s := range n {
		for _, e := range a.edges[a.states[s].edges:a.states[s+1].edges] {
			t := &a.states[e.to]
			if s != 0 {
				t.fail = a.next(a.states[s].fail, e.sym)
			}
			if t.out != 0 {
				t.emit = e.to
			} else {
				t.emit = a.states[t.fail].emit
			}
		}
	}
	return a
}

// symBit is sym's bit in a state's mask of edge symbols.
func symBit(sym int32) uint64 { return 1 << (uint32(sym) & 63) }

// symbol returns r's symbol, 0 when no keyword has r.
func (a *automaton) symbol(r rune) int32 {
	if uint32(r) < uint32(len(a.lo)) {
		if s := a.lo[r]; s != loMore {
			return int32(s)
		}
	}
	if a.hi != nil {
		return a.hi[r]
	}
	return 0
}

// edge returns the state s goes to on sym without failing, or 0.
func (a *automaton) edge(s, sym int32) int32 {
	es := a.edges[a.states[s].edges:a.states[s+1].edges]
	if len(es) <= 16 {
		for _, e := range es {
			if e.sym == sym {
				return e.to
			}
		}
		return 0
	}
	lo, hi := 0, len(es)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := es[m].sym; {
		case c == sym:
			return es[m].to
		case c < sym:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0
}

// next returns the state after s on sym, following fail links.
func (a *automaton) next(s, sym int32) int32 {
	bit := symBit(sym)
	for s != 0 {
		if a.states[s].mask&bit != 0 {
			if t := a.edge(s, sym); t != 0 {
				return t
			}
		}
		s = a.states[s].fail
	}
	return a.root[sym]
}

// scan reports each keyword found in text (normalised) by setting its bit in
// seen; a keyword seen for the first time is appended to hits.
func (a *automaton) scan(text []byte, seen []uint64, hits []int32) []int32 {
	s := int32(0)
	for i := 0; i < len(text); {
		var r rune
		switch c := text[i]; {
		case c < utf8.RuneSelf:
			r = rune(c)
			i++
		case c >= 0xE1 && c <= 0xEC && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80:
			// three bytes without surrogates or overlongs, as all of CJK:
			// decoded here for speed
			r = rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
			i += 3
		default:
			var size int
			r, size = utf8.DecodeRune(text[i:])
			i += size
		}
		sym := a.symbol(r)
		if sym == 0 {
			s = 0
			continue
		}
		s = a.next(s, sym)
		for o := a.states[s].emit; o != 0; {
			st := &a.states[o]
			id := st.out - 1
			if w, b := id>>6, uint64(1)<<(id&63); seen[w]&b == 0 {
				seen[w] |= b
				hits = append(hits, id)
			}
			o = a.states[st.fail].emit
		}
	}
	return hits
}
