package similar

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/routing"
)

// Sentinel errors.
var (
	ErrInvalidConfig = errors.New("invalid config") // a Config field out of range
	ErrInvalidDoc    = errors.New("invalid doc")    // a Doc that Add cannot take
)

// Defaults for Config fields left zero.
const (
	// ThresholdDefault is the score from which two orders are likely
	// repeats. On the labelled pairs in testdata it gives precision 0.926
	// and recall 0.829 (TestPairs); it was chosen on the even-numbered
	// pairs alone, which give 0.917 and 0.830, the odd-numbered ones giving
	// 0.935 and 0.827.
	ThresholdDefault = 0.43
	// WindowDefault is how far apart in time two orders may be and still
	// be compared: 30 days, as routing.RepeatWindowDefault.
	WindowDefault = 30 * 24 * time.Hour
	// MaxOrdersDefault is how many orders an Index keeps at most.
	MaxOrdersDefault = 1_000_000
)

// Config sets up an Index. The zero value is usable: every field left zero
// takes its default.
type Config struct {
	// Threshold is the lowest score, in (0, 1], of a match.
	// ThresholdDefault when 0.
	Threshold float64
	// Window is the longest time between two orders that are compared;
	// orders older than Window before the newest one added are evicted.
	// WindowDefault when 0.
	Window time.Duration
	// MaxOrders is how many orders the Index keeps; adding one more evicts
	// the one added first. MaxOrdersDefault when 0.
	MaxOrders int
	// StopWords are removed from texts before comparing.
	// StopWordsDefault() when nil; none when empty but not nil.
	StopWords []string
	// Terms maps phrases to the term they are compared as ("打桩" ->
	// "施工"); a phrase mapped to "" is dropped like a stop word. Where a
	// phrase is also a stop word, the term wins. TermsDefault() when nil;
	// none when empty but not nil. To add to the defaults, add to the map
	// TermsDefault returns.
	Terms map[string]string
	// PlaceSuffixes end place names (村, 小区). Two orders naming places
	// of which none is the same never match. PlaceSuffixesDefault() when
	// nil; none when empty but not nil.
	PlaceSuffixes []string
	// UnitSuffixes end numbered places after a number (号楼, 期).
	// UnitSuffixesDefault() when nil; none when empty but not nil.
	UnitSuffixes []string
}

// Doc is an order as an Index sees it.
type Doc struct {
	ID     string    // the order's ID; Add refuses an empty one
	Text   string    // what the caller said, in any width and case
	Region string    // region path, segments separated by "/" ("清溪镇/三中村"); may be empty
	At     time.Time // when the order was taken; Add refuses the zero time
}

// Match is an indexed order similar to the one looked up.
type Match struct {
	ID    string
	Score float64 // in [Threshold, 1]; 1 for the same text
}

// Options narrow one look-up. The zero value uses the Config.
type Options struct {
	// Threshold replaces Config.Threshold when in (0, 1]; 0 and any other
	// value (negative, above 1, NaN) keep Config.Threshold.
	Threshold float64
	// Window replaces Config.Window when positive; 0 and a negative window
	// keep Config.Window. Orders already evicted are
	// not found however long it is.
	Window time.Duration
	// Region, when not empty, is the region subtree searched instead of
	// the looked-up order's: matches lie at or under it.
	Region string
	// Limit is the most matches returned; all when 0.
	Limit int
}

// Index holds recent orders and finds those that are likely about the same
// matter as another: close in time, in the same region subtree, naming no
// different place, with a cosine similarity over character unigrams and
// bigrams of at least the threshold. Build one with New; the zero value is
// not usable. An Index is safe for concurrent use; look-ups and additions
// take turns.
type Index struct {
	an        *analyzer
	threshold float64
	window    time.Duration
	max       int

	mu      sync.Mutex
	ring    []entry // orders in the order added, oldest at ring[head]
	head    int
	n       int
	headSeq uint32 // sequence number of ring[head]; wraps
	// Postings: sequence numbers of orders, ascending. Those of grams
	// are apart by the first place of the orders' regions (partKey), so
	// that a look-up reads only the orders of its region's part and those
	// without a region.
	grams    map[uint64][]uint32 // gram and part -> orders having it
	unplaced map[uint64][]uint32 // gram and part -> orders having it and naming no place
	places   map[uint32][]uint32 // place key -> orders naming it
	parts    map[string]uint32   // first place of a region -> its part; the empty region is part 0
	partIDs  []uint32            // every part, 0 first
	ids      map[string]uint32   // ID -> sequence number
	regions  map[string]*region  // normal form -> the one copy the orders share
	newest   time.Time
	sizes    []uint32 // by ring position: how many grams the order has
	slots    []slot   // by ring position: when the order was taken, its region
	query    uint64   // look-ups so far, to mark regions checked in this one
	counts   []uint32 // scratch for Similar, by ring position; all zero between calls
	cands    []uint32 // scratch for Similar: ring positions of candidates; as long as the postings one look-up reads
	hits     []hit    // scratch for Similar: the matches found
	spare    []hit    // scratch for best
	scores   []uint64 // scratch for best
	met      []uint32 // scratch for best
}

// hit is a match Similar found.
type hit struct {
	score float64
	at    int64  // Unix nanoseconds
	key   uint64 // for best: the number radixSort orders by
	pos   uint32 // ring position: the ID is read only for the matches returned
	rank  uint32 // for best: the rank of score among the hits'
}

// named marks in Index.counts a candidate found by a place it names.
const named = math.MaxUint32

// region is a region path shared by the orders in it, so that comparing
// regions reads the same few bytes.
type region struct {
	path string
	refs int // orders in the index with this region
	// query is the look-up that last checked this region, rel what it
	// found: whether orders here are related to the one looked up.
	query uint64
	rel   bool
}

// slot is what Similar reads of a candidate before its entry, and the ID
// it returns of a match, apart from the entry so that those reads stay in
// few cache lines.
type slot struct {
	at  int64 // Unix nanoseconds
	reg *region
	id  string
}

// entry is an indexed order.
type entry struct {
	region string // normal form
	part   uint32 // the part of its region's first place
	at     int64  // Unix nanoseconds
	features
}

// New returns an empty Index set up by cfg. The error names the field that
// is out of range and matches ErrInvalidConfig.
func New(cfg Config) (*Index, error) {
	bad := func(field string, v any) error {
		return fmt.Errorf("similar: Config.%s: %v is out of range: %w", field, v, ErrInvalidConfig)
	}
	switch {
	case cfg.Threshold < 0 || cfg.Threshold > 1 || math.IsNaN(cfg.Threshold):
		return nil, bad("Threshold", cfg.Threshold)
	case cfg.Window < 0:
		return nil, bad("Window", cfg.Window)
	case cfg.MaxOrders < 0:
		return nil, bad("MaxOrders", cfg.MaxOrders)
	}
	x := &Index{
		threshold: cmp.Or(cfg.Threshold, ThresholdDefault),
		window:    cmp.Or(cfg.Window, WindowDefault),
		max:       cmp.Or(cfg.MaxOrders, MaxOrdersDefault),
		grams:     make(map[uint64][]uint32),
		unplaced:  make(map[uint64][]uint32),
		places:    make(map[uint32][]uint32),
		parts:     map[string]uint32{"": 0},
		partIDs:   []uint32{0},
		ids:       make(map[string]uint32),
		regions:   make(map[string]*region),
	}
	x.an = newAnalyzer(orDefault(cfg.StopWords, StopWordsDefault), orDefault(cfg.Terms, TermsDefault),
		orDefault(cfg.PlaceSuffixes, PlaceSuffixesDefault), orDefault(cfg.UnitSuffixes, UnitSuffixesDefault), true)
	return x, nil
}

func orDefault[T ~[]string | ~map[string]string](v T, def func() T) T {
	if v == nil {
		return def()
	}
	return v
}

// Len returns how many orders the Index holds.
func (x *Index) Len() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.n
}

// minAt and maxAt bound the instants an index keeps, in nanoseconds since
// 1970 (time.Time.UnixNano).
var (
	minAt = time.Unix(0, math.MinInt64)
	maxAt = time.Unix(0, math.MaxInt64)
)

// Add indexes d, then evicts the orders added before it that are older
// than the window before the newest order added, and the oldest orders
// beyond MaxOrders. An ID already in the index is left as it is. Orders
// are evicted in the order they were added, so an order added long after
// it was taken stays until those added before it are gone; Similar never
// returns it outside the window. An order dated far ahead (a typing
// mistake in the year) moves the newest instant and evicts the orders
// before it: check dates before adding. The error matches ErrInvalidDoc:
// an empty ID, a zero At, or an At outside the years 1678 to 2262.
func (x *Index) Add(d Doc) error {
	if d.ID == "" {
		return fmt.Errorf("similar: add: empty ID: %w", ErrInvalidDoc)
	}
	if d.At.IsZero() {
		return fmt.Errorf("similar: add %q: zero At: %w", d.ID, ErrInvalidDoc)
	}
	if d.At.Before(minAt) || d.At.After(maxAt) {
		return fmt.Errorf("similar: add %q: At %s outside the years 1678 to 2262: %w", d.ID, d.At.Format(time.RFC3339), ErrInvalidDoc)
	}
	path := normalRegion(d.Region)
	e := entry{at: d.At.UnixNano(), features: x.an.analyze(d.Text)}
	x.mu.Lock()
	defer x.mu.Unlock()
	if _, ok := x.ids[d.ID]; ok {
		return nil
	}
	r := x.regions[path]
	if r == nil {
		r = &region{path: path}
		x.regions[path] = r
	}
	r.refs++
	e.region = r.path
	top, _, _ := strings.Cut(path, "/")
	part, ok := x.parts[top]
	if !ok {
		part = uint32(len(x.partIDs)) // parts are never dropped: there are few
		x.parts[top] = part
		x.partIDs = append(x.partIDs, part)
	}
	e.part = part
	if x.n == len(x.ring) {
		x.grow()
	}
	seq := x.headSeq + uint32(x.n)
	pos := (x.head + x.n) % len(x.ring)
	x.ring[pos], x.sizes[pos], x.slots[pos] = e, uint32(len(e.grams)), slot{e.at, r, d.ID}
	x.n++
	x.ids[d.ID] = seq
	for _, g := range e.grams {
		k := partKey(g, part)
		x.grams[k] = append(x.grams[k], seq)
		if len(e.places) == 0 {
			x.unplaced[k] = append(x.unplaced[k], seq)
		}
	}
	for _, p := range e.places {
		x.places[p.key] = append(x.places[p.key], seq)
	}
	if d.At.After(x.newest) {
		x.newest = d.At
	}
	x.evict(x.newest.Add(-x.window).UnixNano())
	return nil
}

// Prune evicts the orders added before any taken at or after now less the
// window, as Add does; callers that add rarely call it to free memory.
func (x *Index) Prune(now time.Time) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.evict(now.Add(-x.window).UnixNano())
}

// evict drops orders from the oldest added while they were taken before
// oldest or the index holds more than max.
func (x *Index) evict(oldest int64) {
	for x.n > 0 && (x.n > x.max || x.ring[x.head].at < oldest) {
		e := &x.ring[x.head]
		for _, g := range e.grams {
			k := partKey(g, e.part)
			popFront(x.grams, k)
			if len(e.places) == 0 {
				popFront(x.unplaced, k)
			}
		}
		for _, p := range e.places {
			popFront(x.places, p.key)
		}
		delete(x.ids, x.slots[x.head].id)
		r := x.regions[e.region]
		if r.refs--; r.refs == 0 {
			delete(x.regions, e.region)
		}
		*e = entry{}
		x.slots[x.head] = slot{}
		x.head = (x.head + 1) % len(x.ring)
		x.n--
		x.headSeq++
	}
}

// popFront drops the first order of the postings of k, the oldest: the
// one being evicted, since postings ascend and the oldest goes first.
func popFront[K comparable](postings map[K][]uint32, k K) {
	if p := postings[k]; len(p) <= 1 {
		delete(postings, k)
	} else {
		postings[k] = p[1:]
	}
}

// partKey returns the key of the postings of gram g in part p.
func partKey(g, p uint32) uint64 { return uint64(g)<<32 | uint64(p) }

// grow doubles the ring, keeping the orders in place.
func (x *Index) grow() {
	ring := make([]entry, max(2*len(x.ring), 64))
	sizes := make([]uint32, len(ring))
	slots := make([]slot, len(ring))
	for i := range x.n {
		j := (x.head + i) % len(x.ring)
		ring[i], sizes[i], slots[i] = x.ring[j], x.sizes[j], x.slots[j]
	}
	x.ring, x.sizes, x.slots, x.head = ring, sizes, slots, 0
	x.counts = make([]uint32, len(ring))
}

// Similar returns the indexed orders likely about the same matter as d,
// best first (ties: most recent first, then by ID): taken within the window
// before or after d.At, with a region at or under d.Region or above it
// (or under opts.Region when set), naming no place that rules them out,
// and scoring at least the threshold. d itself need not be indexed; an
// order with d.ID is never returned.
func (x *Index) Similar(d Doc, opts Options) []Match {
	f := x.an.analyze(d.Text)
	if len(f.grams) == 0 {
		return nil
	}
	threshold, window := x.threshold, x.window
	if opts.Threshold > 0 && opts.Threshold <= 1 { // false for NaN
		threshold = opts.Threshold
	}
	if opts.Window > 0 {
		window = opts.Window
	}
	region, under := normalRegion(d.Region), false
	if opts.Region != "" {
		region, under = normalRegion(opts.Region), true
	}
	at := d.At.UnixNano()
	from, to := at-int64(window), at+int64(window)
	// A match shares at least need grams with d: with c shared of its nb,
	// c >= t·√(na·nb) and c <= nb give nb >= t²·na, so c >= t²·na.
	need := max(1, int(math.Ceil(threshold*threshold*float64(len(f.grams))-1e-9)))

	x.mu.Lock()
	defer x.mu.Unlock()
	x.query++
	self := -1 // ring position of the order with d.ID
	if seq, ok := x.ids[d.ID]; ok {
		self = (x.head + int(seq-x.headSeq)) % len(x.ring)
	}
	x.cands = x.cands[:0]
	// The parts whose orders can be related to region: its own, and
	// those without a region, which lie above it, unless under; every
	// part when region is empty.
	parts := x.partIDs
	if region != "" {
		top, _, _ := strings.Cut(region, "/")
		parts = make([]uint32, 0, 2)
		if p, ok := x.parts[top]; ok {
			parts = append(parts, p)
		}
		if !under {
			parts = append(parts, 0)
		}
	}
	if len(f.places) > 0 {
		// A match names a place d names, or none.
		for _, p := range f.places {
			x.visitNamed(x.places[p.key])
		}
		x.visitPrefix(f.grams, x.unplaced, parts, need, threshold)
	} else {
		x.visitPrefix(f.grams, x.grams, parts, need, threshold)
	}
	ms := x.hits[:0]
	na := float64(len(f.grams))
	for _, pos := range x.cands {
		c := x.counts[pos]
		x.counts[pos] = 0
		nb := x.sizes[pos]
		if c != named && float64(c) < threshold*math.Sqrt(na*float64(nb)) {
			continue // too few grams shared: c is exact
		}
		s := &x.slots[pos]
		if s.at < from || s.at > to || int(pos) == self {
			continue
		}
		if r := s.reg; r.query != x.query {
			r.query, r.rel = x.query, related(r.path, region, under)
		}
		if !s.reg.rel {
			continue
		}
		shared := int(c)
		if c == named { // named a place d names: its entry is read
			e := &x.ring[pos]
			shared = overlap(f.grams, e.grams)
		}
		score := cosine(shared, len(f.grams), int(nb))
		if score < threshold || len(f.places) > 0 && conflict(f.places, x.ring[pos].places) {
			continue
		}
		ms = append(ms, hit{score: score, at: s.at, pos: uint32(pos)})
	}
	x.hits = ms[:0]
	return x.best(ms, opts.Limit)
}

// Ordering the hits. A comparison sort of the 3,700 hits of an order
// naming neither a place nor a region (BenchmarkSimilar) took about
// 0.4 ms of processor time, a third of the look-up, mostly in branches
// mispredicted. The hits are few in distinct scores (cosines of small
// whole numbers: 6 to 40 among those 3,700), so each is given a number
// that ascends in the order wanted, and a radix sort orders the numbers
// in a few passes over the hits whatever their order. The number is the
// rank of the hit's score above how many orders were added after it:
// when orders are added in the order taken, as usual, that is the order
// wanted, and it takes fewer bits than a time (two passes rather than six
// among 100,000 orders). best checks the result; when orders were added
// out of the order taken, it numbers hits by how long before the latest
// hit they were taken and sorts them again. Ranking, sorting and checking
// the 3,700 hits take about 0.13 ms.
const (
	// topShare: when the limit is at most 1/topShare of the hits, best
	// keeps the best in a heap rather than ordering them all.
	topShare = 8
	// smallHits is how many hits are few enough for a comparison sort.
	smallHits = 128
	// maxScores is how many distinct scores the hits may have for a
	// radix sort.
	maxScores = 64
	// radixBits is how many bits of the number a pass of the radix sort
	// orders by.
	radixBits = 11
)

// best returns the matches of hits best first: by score, descending, then
// by when taken, latest first, then by ID; only the first limit when
// limit > 0. It reorders hits.
func (x *Index) best(hits []hit, limit int) []Match {
	if limit > 0 && limit*topShare <= len(hits) {
		hits = x.top(hits, limit)
	} else if len(hits) <= smallHits || !x.rank(hits) {
		slices.SortFunc(hits, x.compareHits)
	} else {
		x.sortByRank(hits, true)
		if !slices.IsSortedFunc(hits, x.compareHits) && !x.sortByRank(hits, false) {
			slices.SortFunc(hits, x.compareHits)
		}
	}
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]Match, len(hits))
	for i, h := range hits {
		out[i] = Match{ID: x.slots[h.pos].id, Score: h.score}
	}
	return out
}

// top returns the best k of hits, best first, moved to the front of
// hits. It keeps the best found so far in a heap whose root is the worst
// of them, so that most hits cost one comparison with the root.
func (x *Index) top(hits []hit, k int) []hit {
	heap := hits[:k]
	for i := k/2 - 1; i >= 0; i-- {
		x.siftDown(heap, i)
	}
	for _, h := range hits[k:] {
		if x.compareHits(h, heap[0]) < 0 {
			heap[0] = h
			x.siftDown(heap, 0)
		}
	}
	slices.SortFunc(heap, x.compareHits)
	return heap
}

// siftDown moves heap[i] down until no hit under it is worse.
func (x *Index) siftDown(heap []hit, i int) {
	for {
		worst := i
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < len(heap) && x.compareHits(heap[c], heap[worst]) > 0 {
				worst = c
			}
		}
		if worst == i {
			return
		}
		heap[i], heap[worst] = heap[worst], heap[i]
		i = worst
	}
}

// compareHits orders two hits as best returns them.
func (x *Index) compareHits(a, b hit) int {
	switch {
	case a.score > b.score:
		return -1
	case a.score < b.score:
		return 1
	case a.at > b.at:
		return -1
	case a.at < b.at:
		return 1
	}
	return strings.Compare(x.slots[a.pos].id, x.slots[b.pos].id)
}

// rank sets the rank of each hit: that of its score among the distinct
// scores of hits, best first. It reports false, when the hits have more
// than maxScores distinct scores.
func (x *Index) rank(hits []hit) bool {
	// Scores are compared by their bits, which order as they do since
	// they are not negative: integer comparisons compile to conditional
	// moves (rankOf), float ones to branches. Each hit is first given
	// the number of its score in the order first met, which stays as
	// scores are inserted, and then the rank of that number.
	scores, met := x.scores[:0], x.met[:0] // distinct, descending; when each was first met
	for i := range hits {
		b := math.Float64bits(hits[i].score)
		k, ok := rankOf(scores, b)
		if !ok {
			if len(scores) == maxScores {
				return false
			}
			scores = slices.Insert(scores, k, b)
			met = slices.Insert(met, k, uint32(len(met)))
		}
		hits[i].rank = met[k]
	}
	var ranks [maxScores]uint32 // by number met
	for k, m := range met {
		ranks[m] = uint32(k)
	}
	for i := range hits {
		hits[i].rank = ranks[hits[i].rank]
	}
	x.scores, x.met = scores[:0], met[:0]
	return true
}

// sortByRank orders hits, ranked, by a radix sort of their rank then,
// when added, how many orders were added after them, else how long
// before the latest hit they were taken and their IDs. It reports false,
// leaving hits as they were, when rank and time do not fit in 64 bits
// (hits years apart).
func (x *Index) sortByRank(hits []hit, added bool) bool {
	var shift int
	if added {
		shift = bits.Len(uint(x.n - 1))
		mask := uint(len(x.ring) - 1)
		for i := range hits {
			after := x.n - 1 - int((uint(hits[i].pos)-uint(x.head))&mask)
			hits[i].key = uint64(hits[i].rank)<<shift | uint64(after)
		}
		x.spare = radixSort(hits, x.spare)
		return true
	}
	latest, earliest := hits[0].at, hits[0].at
	for _, h := range hits {
		latest, earliest = max(latest, h.at), min(earliest, h.at)
	}
	shift = bits.Len64(uint64(latest) - uint64(earliest))
	if shift+bits.Len(maxScores-1) > 64 {
		return false
	}
	for i := range hits {
		hits[i].key = uint64(hits[i].rank)<<shift | (uint64(latest) - uint64(hits[i].at))
	}
	x.spare = radixSort(hits, x.spare)
	for i := 0; i < len(hits); { // hits with equal numbers, by ID
		j := i + 1
		for j < len(hits) && hits[j].key == hits[i].key {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(hits[i:j], x.compareHits)
		}
		i = j
	}
	return true
}

// rankOf returns where b is, or would go, in scores, which descend, and
// whether it is there.
func rankOf(scores []uint64, b uint64) (int, bool) {
	if len(scores) == 0 {
		return 0, false
	}
	// A binary search whose one step is a conditional move rather than
	// a branch, which scores in no order would mispredict half the time.
	i, n := 0, len(scores)
	for n > 1 {
		half := n / 2
		if scores[i+half] > b {
			i += half
		}
		n -= half
	}
	if scores[i] > b {
		i++
	}
	return i, i < len(scores) && scores[i] == b
}

// radixSort sorts hits by key, ascending, keeping the order of hits with
// equal keys, radixBits bits a pass from the lowest, as many passes as
// the largest key needs. spare is scratch space; it is returned, grown
// to hold the hits.
func radixSort(hits, spare []hit) []hit {
	const mask = 1<<radixBits - 1
	var all uint64
	for _, h := range hits {
		all |= h.key
	}
	spare = slices.Grow(spare[:0], len(hits))[:len(hits)]
	src, dst := hits, spare
	var count [1 << radixBits]int
	for shift := 0; shift < 64 && all>>shift != 0; shift += radixBits {
		clear(count[:])
		for _, h := range src {
			count[h.key>>shift&mask]++
		}
		sum := 0
		for d, c := range count {
			count[d], sum = sum, sum+c
		}
		for _, h := range src {
			d := h.key >> shift & mask
			dst[count[d]] = h
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &hits[0] {
		copy(hits, src)
	}
	return spare
}

// Score returns how alike texts a and b are, as Similar scores them: 0
// when either has nothing to compare or they name places that rule each
// other out, else the cosine similarity of their sets of character
// unigrams and bigrams, in [0, 1].
func (x *Index) Score(a, b string) float64 {
	fa, fb := x.an.analyze(a), x.an.analyze(b)
	if conflict(fa.places, fb.places) {
		return 0
	}
	return cosine(overlap(fa.grams, fb.grams), len(fa.grams), len(fb.grams))
}

// cosine returns the cosine similarity of two sets of sizes na and nb
// that share n members, 0 when either is empty.
func cosine(n, na, nb int) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	return min(float64(n)/math.Sqrt(float64(na)*float64(nb)), 1)
}

// visitNamed adds the orders of postings p to the candidates, as found
// by a place they name.
func (x *Index) visitNamed(p []uint32) {
	for _, seq := range p {
		pos := (x.head + int(seq-x.headSeq)) & (len(x.ring) - 1)
		if x.counts[pos] == 0 {
			x.cands = append(x.cands, uint32(pos))
		}
		x.counts[pos] = named
	}
}

// visitPrefix adds to the candidates every order in postings that has at
// least need of grams, and counts for each how many of the grams it has.
// Only the postings of the len(grams)-need+1 rarest grams can add a
// candidate: an order with need of the grams has one of them. The postings
// of the others, the longest, are then read only to count for the
// candidates already found, or, when the candidates are few against those
// postings, their grams are looked up in each candidate's instead, for
// the candidates that could still reach threshold.
func (x *Index) visitPrefix(grams []uint32, postings map[uint64][]uint32, parts []uint32, need int, threshold float64) {
	type gramPostings struct {
		gram  uint32
		lists [][]uint32 // its postings in each part
		n     int        // their total length
	}
	ps := make([]gramPostings, len(grams))
	lists := make([][]uint32, len(grams)*len(parts))
	for i, g := range grams {
		gp := gramPostings{gram: g, lists: lists[i*len(parts) : i*len(parts) : (i+1)*len(parts)]}
		for _, part := range parts {
			if p := postings[partKey(g, part)]; len(p) > 0 {
				gp.lists = append(gp.lists, p)
				gp.n += len(p)
			}
		}
		ps[i] = gp
	}
	slices.SortFunc(ps, func(a, b gramPostings) int { return cmp.Compare(a.n, b.n) })
	visit := max(len(ps)-need+1, 0)
	mask := uint32(len(x.ring) - 1) // the ring's length is a power of 2
	base := uint32(x.head) - x.headSeq
	// The loops below have no branch that depends on the order read,
	// which would be mispredicted often: each order is written as a
	// candidate, kept when new, and counted unless named, by
	// conditional moves.
	found := len(x.cands)
	for _, gp := range ps[:visit] {
		found += gp.n
	}
	cands := slices.Grow(x.cands, found-len(x.cands))[:found]
	k := len(x.cands)
	for _, gp := range ps[:visit] {
		for _, p := range gp.lists {
			for _, seq := range p {
				pos := (seq + base) & mask
				c := x.counts[pos]
				cands[k] = pos
				if c == 0 {
					k++
				}
				if c != named {
					c++
				}
				x.counts[pos] = c
			}
		}
	}
	x.cands = cands[:k]
	rest := ps[visit:]
	long := 0 // postings left to read
	for _, gp := range rest {
		long += gp.n
	}
	// A look-up in a candidate's grams reads memory far from the last
	// one: count it as searchCost postings read in a row.
	const searchCost = 16
	if long <= searchCost*len(rest)*len(x.cands) {
		for _, gp := range rest {
			for _, p := range gp.lists {
				for _, seq := range p {
					pos := (seq + base) & mask
					c := x.counts[pos]
					if c+1 > 1 { // neither 0 nor named, which wraps to 0
						c++
					}
					x.counts[pos] = c
				}
			}
		}
		return
	}
	na := float64(len(grams))
	for _, pos := range x.cands {
		c := x.counts[pos]
		if c == named || float64(int(c)+len(rest)) < threshold*math.Sqrt(na*float64(x.sizes[pos])) {
			continue // too few grams shared even with all the rest: Similar drops it
		}
		mine := x.ring[pos].grams
		for _, gp := range rest {
			if _, ok := slices.BinarySearch(mine, gp.gram); ok {
				x.counts[pos]++
			}
		}
	}
}

// related reports whether region r is at or under scope, or, unless
// under, above it. The empty region is above every other.
func related(r, scope string, under bool) bool {
	return hotline.RegionCovers(scope, r) || (!under && hotline.RegionCovers(r, scope))
}

// normalRegion returns region path s normalised as texts are, with
// segments trimmed of spaces, empty ones dropped, "\" read as "/".
func normalRegion(s string) string {
	if s == "" {
		return ""
	}
	segs := strings.FieldsFunc(routing.Normalize(s), func(r rune) bool { return r == '/' || r == '\\' })
	out := segs[:0]
	for _, seg := range segs {
		if seg = strings.TrimSpace(seg); seg != "" {
			out = append(out, seg)
		}
	}
	return strings.Join(out, "/")
}
