package kb

import (
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/routing"
)

// DefaultLimit is the number of hits Search returns when
// SearchOptions.Limit is not positive.
const DefaultLimit = 10

// MaxQueryLen is the most characters (runes) of a query Search reads; the
// rest is ignored, which bounds the work one query can ask for.
const MaxQueryLen = 1000

// The index is ours rather than a search library's: pairs of characters,
// an inverted index and BM25 take a few hundred lines and answer in well
// under a millisecond, where a full-text engine with CJK analysis would
// bring a large dependency, its own storage and a second notion of how
// text is folded next to routing.Normalize.

// Scoring: the weight of the title and keywords against the answer, and
// the two constants of BM25 (term frequency saturation and length
// normalisation, at their usual values).
const (
	titleWeight = 3
	bm25K1      = 1.2
	bm25B       = 0.75
)

// SearchOptions selects the entries Search may return. The zero value
// selects every entry and returns DefaultLimit hits.
type SearchOptions struct {
	// At keeps the entries valid at that instant: its date, in its own
	// location, within their ValidFrom and ValidUntil. The zero time keeps
	// entries whatever their dates.
	At time.Time
	// Region keeps the entries that serve the caller's region path
	// ("清溪镇/三中村"): those without regions and those with a region at
	// or above it. "" keeps entries whatever their regions.
	Region string
	// Category keeps the entries of that category and those without one.
	// "" keeps entries whatever their category.
	Category hotline.Category
	// Code keeps the entries with a classification code at or under it
	// ("02.03" keeps "02.03.01"). "" keeps entries whatever their codes.
	Code string
	// Limit is the most hits returned; DefaultLimit when not positive.
	Limit int
}

// Hit is an entry Search found, and how well it matches the query: a
// positive score, higher is better, comparable only between the hits of
// one call.
type Hit struct {
	Entry Entry
	Score float64
}

// Search returns the latest versions of the entries that match query
// best, best first (equal scores by id), among those opts selects. The
// query is a caller's words as they come: full-width letters, digits and
// punctuation read as their ordinary forms and case is ignored
// (routing.Normalize); no word segmentation is needed, since text is
// compared by pairs of adjacent Chinese characters (a lone character by
// itself) and by whole words of other letters and digits. Entries are
// scored by BM25 over the title and keywords (weighted three times) and
// the answer; an entry sharing no term with the query is not a hit. A
// query without terms returns nil.
func (b *Base) Search(query string, opts SearchOptions) []Hit {
	terms := queryTerms(query)
	if len(terms) == 0 {
		return nil
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	region := strings.TrimSpace(opts.Region)

	b.mu.RLock()
	defer b.mu.RUnlock()
	n := len(b.docs)
	if n == 0 {
		return nil
	}
	// Accumulate each doc's score; norm[d] = k1·(1−b+b·len/avg).
	acc := make([]float32, n)
	var touched []int32
	avg := b.total / float64(n)
	kA, kB := float32(bm25K1*(1-bm25B)), float32(bm25K1*bm25B/avg)
	for _, q := range terms {
		p := b.post[q.t]
		if len(p) == 0 {
			continue
		}
		df := float64(len(p))
		w := float32(q.n * math.Log(1+(float64(n)-df+0.5)/(df+0.5)) * (bm25K1 + 1))
		for _, x := range p {
			if acc[x.doc] == 0 {
				touched = append(touched, x.doc)
			}
			acc[x.doc] += w * x.tf / (x.tf + kA + kB*b.lengths[x.doc])
		}
	}

	// Keep the best limit docs that opts selects in a min-heap.
	better := func(x, y int32) bool {
		if acc[x] != acc[y] {
			return acc[x] > acc[y]
		}
		return b.latest(x).ID < b.latest(y).ID
	}
	keep := func(d int32) bool {
		e := b.latest(d)
		return (opts.At.IsZero() || e.ValidAt(opts.At)) &&
			(region == "" || e.Serves(region)) &&
			(opts.Category == "" || e.Category == "" || e.Category == opts.Category) &&
			(opts.Code == "" || e.HasCode(opts.Code))
	}
	heap := make([]int32, 0, min(limit, len(touched)))
	for _, d := range touched {
		if len(heap) == limit && !better(d, heap[0]) || !keep(d) {
			continue
		}
		if len(heap) < limit {
			heap = append(heap, d)
			up(heap, len(heap)-1, better)
		} else {
			heap[0] = d
			down(heap, better)
		}
	}
	slices.SortFunc(heap, func(x, y int32) int {
		switch {
		case x == y:
			return 0
		case better(x, y):
			return -1
		}
		return 1
	})
	hits := make([]Hit, len(heap))
	for i, d := range heap {
		hits[i] = Hit{Entry: b.latest(d).clone(), Score: float64(acc[d])}
	}
	return hits
}

// qterm is a term of a query and how many times the query has it.
type qterm struct {
	t string
	n float64
}

// queryTerms returns the distinct terms of the first MaxQueryLen
// characters of query, sorted.
func queryTerms(query string) []qterm {
	n := 0
	for i := range query {
		if n == MaxQueryLen {
			query = query[:i]
			break
		}
		n++
	}
	var all []string
	eachTerm(routing.Normalize(query), func(t string) bool {
		all = append(all, t)
		return true
	})
	slices.Sort(all)
	var terms []qterm
	for i, t := range all {
		if i > 0 && t == all[i-1] {
			terms[len(terms)-1].n++
		} else {
			terms = append(terms, qterm{t, 1})
		}
	}
	return terms
}

// latest returns the latest version of doc d; b.mu must be held.
func (b *Base) latest(d int32) *Entry {
	vs := b.docs[d].versions
	return &vs[len(vs)-1]
}

// up and down keep h a heap whose root is the worst element by better.
func up(h []int32, i int, better func(x, y int32) bool) {
	for i > 0 {
		parent := (i - 1) / 2
		if !better(h[parent], h[i]) {
			return
		}
		h[parent], h[i] = h[i], h[parent]
		i = parent
	}
}

func down(h []int32, better func(x, y int32) bool) {
	for i := 0; ; {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && better(h[worst], h[l]) {
			worst = l
		}
		if r < len(h) && better(h[worst], h[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// entryTerms returns the weighted frequency of each term of e, and their
// sum: the title and keywords count titleWeight times, the answer once.
func entryTerms(e *Entry) (map[string]float32, float32) {
	terms := map[string]float32{}
	var length float32
	add := func(s string, w float32) {
		eachTerm(routing.Normalize(s), func(t string) bool {
			terms[t] += w
			length += w
			return true
		})
	}
	add(e.Title, titleWeight)
	for _, k := range e.Keywords {
		add(k, titleWeight)
	}
	add(e.Answer, 1)
	return terms, length
}

// eachTerm calls f with each term of normalised text s, in order, until f
// returns false. A run of Chinese characters gives each pair of adjacent
// characters, or the character itself when it stands alone; a run of
// other letters and digits gives itself; everything else separates terms.
// Terms are substrings of s.
func eachTerm(s string, f func(string) bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isHan(r):
			start, prev := i, i
			i += size
			for i < len(s) {
				r, size = utf8.DecodeRuneInString(s[i:])
				if !isHan(r) {
					break
				}
				if !f(s[prev : i+size]) {
					return
				}
				prev = i
				i += size
			}
			if prev == start && !f(s[start:i]) {
				return
			}
		case isWord(r):
			start := i
			for i += size; i < len(s); i += size {
				if r, size = utf8.DecodeRuneInString(s[i:]); !isWord(r) || isHan(r) {
					break
				}
			}
			if !f(s[start:i]) {
				return
			}
		default:
			i += size
		}
	}
}

func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && unicode.Is(unicode.Han, r)
}

func isWord(r rune) bool {
	return r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z') ||
		r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
