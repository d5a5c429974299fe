package tokcount

// rankTable maps token bytes to ranks: open addressing over one string of
// all tokens. It holds no pointers but one, so the garbage collector does
// not scan its 200k entries, and it is built in a few milliseconds without
// allocating per token (a Go map of strings took 30 ms and kept the
// collector busy).
type rankTable struct {
	all   string   // every token's bytes, one after the other
	start []uint32 // by rank: offset in all
	size  string   // by rank: length in a byte, 0 for a rank with no token
	slots []int32  // rank+1, 0 for empty
	mask  uint64
}

// hashBytes is FNV-1a, 64 bits.
func hashBytes(p string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(p); i++ {
		h ^= uint64(p[i])
		h *= 1099511628211
	}
	return h ^ h>>29
}

// build makes the table from all, the tokens' bytes in rank order, and
// size, their lengths by rank.
func (t *rankTable) build(all, size string) {
	n := len(size)
	t.all, t.size = all, size
	t.start = make([]uint32, n)
	slots := 1
	for slots < 2*n {
		slots <<= 1
	}
	t.slots = make([]int32, slots)
	t.mask = uint64(slots - 1)
	off := uint32(0)
	for r := 0; r < n; r++ {
		t.start[r] = off
		l := uint32(size[r])
		if l == 0 {
			continue
		}
		i := hashBytes(all[off:off+l]) & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = int32(r) + 1
		off += l
	}
}

// get returns the rank of p, or -1.
func (t *rankTable) get(p string) int32 {
	i := hashBytes(p) & t.mask
	for {
		r := t.slots[i]
		if r == 0 {
			return -1
		}
		if a := t.start[r-1]; int(t.size[r-1]) == len(p) && t.all[a:a+uint32(len(p))] == p {
			return r - 1
		}
		i = (i + 1) & t.mask
	}
}

// token returns the bytes of rank id, or "".
func (t *rankTable) token(id int) string {
	if id < 0 || id >= len(t.start) {
		return ""
	}
	a := t.start[id]
	return t.all[a : a+uint32(t.size[id])]
}
