package kb

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Base is a knowledge base: entries by id, every version of each kept, and
// a search index over the latest versions. The zero value is an empty base
// ready for use, as is New(). A Base is safe for concurrent use: Search,
// Get and Version may run while another goroutine adds or edits; each call
// sees the base before or after a change, never half of it. It must not be
// copied after first use.
type Base struct {
	mu      sync.RWMutex
	slot    map[string]int32     // id → index into docs
	docs    []doc                // one per id, in the order added
	lengths []float32            // weighted token count of each doc's latest version
	post    map[string][]posting // token → postings, sorted by doc
	total   float64              // sum of lengths
}

// doc is one entry's history.
type doc struct {
	versions []Entry // versions[i].Version == i+1; the last is the latest
}

// posting says that a doc has a token, and how often: weighted by field.
type posting struct {
	doc int32
	tf  float32
}

// New returns an empty base.
func New() *Base { return &Base{} }

// Add stores e as version 1 of a new entry and returns the stored copy. It
// refuses an entry that fails Validate, an e.Version other than 0 or 1
// (an *EntryError wrapping ErrMalformed), and an id the base holds
// already (ErrExists).
func (b *Base) Add(e Entry) (Entry, error) {
	if err := e.Validate(); err != nil {
		return Entry{}, err
	}
	if e.Version > 1 {
		return Entry{}, &EntryError{ID: e.ID, Field: "version", Err: fmt.Errorf("%w: a new entry is version 1, not %d", ErrMalformed, e.Version)}
	}
	e = e.clone()
	e.Version = 1
	terms, length := entryTerms(&e)
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.slot[e.ID]; ok {
		return Entry{}, fmt.Errorf("kb: entry %q: %w", e.ID, ErrExists)
	}
	if b.slot == nil {
		b.slot = map[string]int32{}
		b.post = map[string][]posting{}
	}
	s := int32(len(b.docs))
	b.slot[e.ID] = s
	b.docs = append(b.docs, doc{versions: []Entry{e}})
	b.lengths = append(b.lengths, length)
	b.total += float64(length)
	b.index(s, terms)
	return e.clone(), nil
}

// Edit stores e as the next version of the entry with e's id and returns
// the stored copy; the versions before it are kept. e.Version is the
// version the edit was made from: 0 means whichever is latest; any other
// number must be the latest version, else the edit is refused with
// ErrConflict, so that of two editors of one version the second learns
// of the first. It refuses an entry that fails Validate and an id the
// base does not hold (ErrNotFound).
func (b *Base) Edit(e Entry) (Entry, error) {
	if err := e.Validate(); err != nil {
		return Entry{}, err
	}
	e = e.clone()
	terms, length := entryTerms(&e)
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.slot[e.ID]
	if !ok {
		return Entry{}, fmt.Errorf("kb: entry %q: %w", e.ID, ErrNotFound)
	}
	d := &b.docs[s]
	latest := len(d.versions)
	if e.Version != 0 && e.Version != latest {
		return Entry{}, fmt.Errorf("kb: entry %q: edit of version %d, the latest is %d: %w", e.ID, e.Version, latest, ErrConflict)
	}
	old, _ := entryTerms(&d.versions[latest-1])
	b.unindex(s, old)
	e.Version = latest + 1
	d.versions = append(d.versions, e)
	b.total += float64(length - b.lengths[s])
	b.lengths[s] = length
	b.index(s, terms)
	return e.clone(), nil
}

// Get returns the latest version of the entry with that id, a copy, and
// whether the base holds it.
func (b *Base) Get(id string) (Entry, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	s, ok := b.slot[id]
	if !ok {
		return Entry{}, false
	}
	vs := b.docs[s].versions
	return vs[len(vs)-1].clone(), true
}

// Version returns version v (1 for the entry as added) of the entry with
// that id, a copy, and whether the base holds it.
func (b *Base) Version(id string, v int) (Entry, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	s, ok := b.slot[id]
	if !ok || v < 1 || v > len(b.docs[s].versions) {
		return Entry{}, false
	}
	return b.docs[s].versions[v-1].clone(), true
}

// History returns every version of the entry with that id, oldest first,
// in a new slice; nil when the base does not hold it.
func (b *Base) History(id string) []Entry {
	b.mu.RLock()
	defer b.mu.RUnlock()
	s, ok := b.slot[id]
	if !ok {
		return nil
	}
	out := make([]Entry, len(b.docs[s].versions))
	for i, e := range b.docs[s].versions {
		out[i] = e.clone()
	}
	return out
}

// Len returns the number of entries (ids) in the base.
func (b *Base) Len() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.docs)
}

// IDs returns the ids of the entries in the order they were added, in a
// new slice.
func (b *Base) IDs() []string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := make([]string, len(b.docs))
	for i := range b.docs {
		out[i] = b.docs[i].versions[0].ID
	}
	return out
}

// index adds the postings of doc s. Postings stay sorted by doc: a new
// doc's go at the end, an edited one's in its place.
func (b *Base) index(s int32, terms map[string]float32) {
	for t, tf := range terms {
		p, ok := b.post[t]
		if !ok {
			t = strings.Clone(t) // not to keep the whole text alive
		}
		i, _ := slices.BinarySearchFunc(p, s, byDoc)
		b.post[t] = slices.Insert(p, i, posting{doc: s, tf: tf})
	}
}

// unindex removes the postings of doc s for terms.
func (b *Base) unindex(s int32, terms map[string]float32) {
	for t := range terms {
		p := b.post[t]
		if i, ok := slices.BinarySearchFunc(p, s, byDoc); ok {
			p = slices.Delete(p, i, i+1)
		}
		if len(p) == 0 {
			delete(b.post, t)
		} else {
			b.post[t] = p
		}
	}
}

func byDoc(p posting, s int32) int { return int(p.doc - s) }
