package tokcount

import (
	"encoding/binary"
	"sync"
)

// rankTable maps token bytes to ranks: open addressing over one string of
// all tokens. Each slot packs a tag of the hash, the token's length, its
// offset and its rank, so a lookup touches one slot per probe and the
// token's bytes only when the tag matches. The slots are little-endian
// uint64s in a string: gen builds them for the embedded encodings, so
// that loading one builds nothing (building them took a tenth of the CPU
// time of `brief --plan` on a 1.3 MB report, most of it faulting in 4 MiB
// of fresh memory); they are built at load for the others.
type rankTable struct {
	all   string // every token's bytes, in rank order
	size  string // by rank: length in a byte, 0 for a rank with no token
	slots string // tag<<47 | len<<39 | offset<<18 | rank+1 each; 0 is empty
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

// Slots returns the slots of the rank table of the tokens all, in rank
// order, of lengths size (one byte per rank), as rankTable keeps them; nil
// if the tokens do not fit its fields. gen calls it.
func Slots(all, size string) []byte {
	n := len(size)
	if n >= 1<<slotRankBits-1 || len(all) >= 1<<slotOffBits {
		return nil
	}
	slots := 1
	for float64(slots)*loadFactor < float64(n) {
		slots <<= 1
	}
	out := make([]byte, slots*8)
	mask := uint64(slots - 1)
	off := 0
	for r := 0; r < n; r++ {
		l := int(size[r])
		if l == 0 {
			continue
		}
		h := hashBytes(all[off : off+l])
		v := h>>slotTagShift<<slotTagShift | uint64(l)<<slotLenShift | uint64(off)<<slotRankBits | uint64(r+1)
		i := h & mask
		for binary.LittleEndian.Uint64(out[i*8:]) != 0 {
			i = (i + 1) & mask
		}
		binary.LittleEndian.PutUint64(out[i*8:], v)
		off += l
	}
	return out
}

// build makes the table from all, the tokens' bytes in rank order, and
// size, their lengths by rank.
func (t *rankTable) build(all, size string) bool {
	slots := Slots(all, size)
	return slots != nil && t.use(all, size, string(slots))
}

// use makes the table from all and size and their slots as Slots gives
// them.
func (t *rankTable) use(all, size, slots string) bool {
	n := len(slots) / 8
	if n == 0 || n&(n-1) != 0 || len(slots)%8 != 0 {
		return false
	}
	t.all, t.size, t.slots, t.mask = all, size, slots, uint64(n-1)
	return true
}

// slot returns slot i.
//
//go:norace
func (t *rankTable) slot(i uint64) uint64 {
	s := t.slots[i*8 : i*8+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// get returns the rank of p, or -1.
//
//go:norace
func (t *rankTable) get(p string) int32 {
	h := hashBytes(p)
	tag := h >> slotTagShift
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.slot(i)
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
