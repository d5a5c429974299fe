package tokcount

import "hash/maphash"

// cacheKeyMax is the longest piece whose count is cached; longer pieces are
// rare and merged each time.
const cacheKeyMax = 32

// cacheSize is the number of slots of a wordCache (a power of two). With
// keys of at most cacheKeyMax bytes a cache holds at most about 200 KB.
const cacheSize = 1 << 12

var cacheSeed = maphash.MakeSeed()

// wordCache remembers the token counts of pieces that are not one token.
// It is direct-mapped: a new word evicts the one in its slot, so its
// memory is bounded whatever the text. Each is used by one goroutine at a
// time (Encoding keeps them in a sync.Pool).
type wordCache struct {
	keys [cacheSize]string
	vals [cacheSize]int32
}

func (c *wordCache) get(p string) (int, bool) {
	i := maphash.String(cacheSeed, p) & (cacheSize - 1)
	if c.keys[i] == p && p != "" {
		return int(c.vals[i]), true
	}
	return 0, false
}

func (c *wordCache) put(p string, n int) {
	i := maphash.String(cacheSeed, p) & (cacheSize - 1)
	c.keys[i] = string([]byte(p)) // a copy: never pin the caller's text
	c.vals[i] = int32(n)
}
