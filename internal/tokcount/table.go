package tokcount

import "sync"

// rankTable maps token bytes to ranks: open addressing over one string of
// all tokens. Each slot packs a tag of the hash, the token's length, its
// offset and its rank, so a lookup touches one slot per probe and the
// token's bytes only when the tag matches. It holds no pointers to scan and
// is built in a few milliseconds (a Go map of 200k strings took 30 ms and
// kept the collector busy).
type rankTable struct {
	all   string   // every token's bytes, in rank order
	size  string   // by rank: length in a byte, 0 for a rank with no token
	slots []uint64 // tag<<47 | len<<39 | offset<<18 | rank+1; 0 is empty
	mask  uint64

	startOnce sync.Once
	start     []uint32 // by rank: offset in all, for Decode
}

const (
	slotRankBits = 18 // ranks below 262143
	slotOffBits  = 21 // offsets below 2 MiB
	slotLenShift = slotRankBits + slotOffBits
	slotTagShift = slotLenShift + 8
)

// loadFactor bounds how full the slots get; at 3/4 a miss (most lookups
// of the merge) probes about nine slots, two cache lines.
const loadFactor = 0.75

// hashBytes is FNV-1a with a final mix, so that both the low bits (the
// slot) and the high bits (the tag) vary.
//
//go:norace
func hashBytes(p string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(p); i++ {
		h ^= uint64(p[i])
		h *= 1099511628211
	}
	h *= 0x9E3779B97F4A7C15
	return h ^ h>>32
}

// build makes the table from all, the tokens' bytes in rank order, and
// size, their lengths by rank.
func (t *rankTable) build(all, size string) bool {
	n := len(size)
	if n >= 1<<slotRankBits-1 || len(all) >= 1<<slotOffBits {
		return false
	}
	t.all, t.size = all, size
	slots := 1
	for float64(slots)*loadFactor < float64(n) {
		slots <<= 1
	}
	t.slots = make([]uint64, slots)
	t.mask = uint64(slots - 1)
	off := 0
	for r := 0; r < n; r++ {
		l := int(size[r])
		if l == 0 {
			continue
		}
		h := hashBytes(all[off : off+l])
		v := h>>slotTagShift<<slotTagShift | uint64(l)<<slotLenShift | uint64(off)<<slotRankBits | uint64(r+1)
		i := h & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = v
		off += l
	}
	return true
}

// get returns the rank of p, or -1.
//
//go:norace
func (t *rankTable) get(p string) int32 {
	h := hashBytes(p)
	tag := h >> slotTagShift
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.slots[i]
		if v == 0 {
			return -1
		}
		if v>>slotTagShift == tag && int(v>>slotLenShift&0xff) == len(p) {
			off := int(v >> slotRankBits & (1<<slotOffBits - 1))
			if t.all[off:off+len(p)] == p {
				return int32(v&(1<<slotRankBits-1)) - 1
			}
		}
	}
}

// token returns the bytes of rank id, or "".
func (t *rankTable) token(id int) string {
	t.startOnce.Do(func() {
		t.start = make([]uint32, len(t.size))
		off := uint32(0)
		for r := range t.size {
			t.start[r] = off
			off += uint32(t.size[r])
		}
	})
	if id < 0 || id >= len(t.start) {
		return ""
	}
	a := t.start[id]
	return t.all[a : a+uint32(t.size[id])]
}
