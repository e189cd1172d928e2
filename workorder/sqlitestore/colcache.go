package sqlitestore

import "sync"

// colCache remembers the filter column values this store last committed
// for recent orders, with the version they were committed at, so that an
// Update of an order the store wrote last need not read them back to
// learn which columns change. The update then names the version it
// expects in its WHERE clause instead. An order's version is committed
// once, so an entry stays true even when other processes share the file:
// a write by another moves the version on and the entry no longer
// matches. The zero value is an empty cache; it is safe for concurrent
// use.
type colCache struct {
	mu      sync.Mutex
	entries map[string]colEntry
}

type colEntry struct {
	version int64
	cols    colValues
}

// colCacheMax bounds the cache: when full it is emptied, so that it holds
// the orders stepped lately, at about 300 bytes each.
const colCacheMax = 8192

// get returns the columns committed for order id at version, if known.
func (c *colCache) get(id string, version int64) (colValues, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	if !ok || e.version != version {
		return colValues{}, false
	}
	return e.cols, true
}

// put records that cols were committed for order id at version. It is
// called only after the commit succeeded.
func (c *colCache) put(id string, version int64, cols colValues) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= colCacheMax {
		c.entries = make(map[string]colEntry, 64)
	}
	c.entries[id] = colEntry{version, cols}
}
