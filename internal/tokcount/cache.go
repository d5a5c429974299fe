package tokcount

import (
	"hash/maphash"
	"slices"
	"strings"
	"sync"
)

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

// longMin is the shortest piece the long cache keeps: below it merging is
// cheap enough.
const longMin = 1 << 10

// longCache remembers the merges of the last few long pieces, exactly (the
// key is a copy of the piece). Hostile text repeats them: a megabyte of one
// letter is the same 256 KiB window again and again, and chunking counts
// the same long word piece by piece. At most longSlots pieces of at most
// MaxPiece bytes, so it holds a few MiB at worst.
type longCache struct {
	mu    sync.Mutex
	next  int
	slots [longSlots]struct {
		key    string
		starts []int32
	}
}

const longSlots = 8

func (c *longCache) get(p string) ([]int32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range c.slots {
		if s := &c.slots[i]; len(s.key) == len(p) && s.key == p {
			return s.starts, true
		}
	}
	return nil, false
}

func (c *longCache) put(p string, starts []int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &c.slots[c.next]
	s.key, s.starts = strings.Clone(p), slices.Clone(starts)
	c.next = (c.next + 1) % longSlots
}
