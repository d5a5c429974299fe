package tokcount

import "math"

// shortPiece is the length up to which the plain quadratic merge (the one
// tiktoken uses) is faster than the heap.
const shortPiece = 64

const noRank = math.MaxInt32

// rank returns the rank of p, or noRank.
//
//go:norace
func (e *Encoding) rank(p string) int32 {
	if len(p) > e.maxTokenLen {
		return noRank
	}
	if r := e.ranks.get(p); r >= 0 {
		return r
	}
	return noRank
}

// merge runs tiktoken's byte-pair merge on p: repeatedly join the adjacent
// pair of parts whose concatenation has the lowest rank, the leftmost on a
// tie. It appends to starts the byte offset where each resulting token
// starts and returns it.
//
//go:norace
func (e *Encoding) merge(p string, starts []int32) []int32 {
	if len(p) <= shortPiece {
		return e.mergeShort(p, starts)
	}
	return e.mergeHeap(p, starts)
}

type part struct {
	start int32
	rank  int32 // rank of this part joined with the next, or noRank
}

// mergeShort is tiktoken's own O(n²) loop, fast for short pieces.
//
//go:norace
func (e *Encoding) mergeShort(p string, starts []int32) []int32 {
	var buf [shortPiece + 1]part
	parts := buf[:len(p)+1]
	for i := range parts {
		parts[i] = part{int32(i), noRank}
	}
	pairRank := func(i int) int32 { // rank of parts i and i+1 joined
		if i+2 < len(parts) {
			return e.rank(p[parts[i].start:parts[i+2].start])
		}
		return noRank
	}
	for i := 0; i+2 < len(parts); i++ {
		parts[i].rank = pairRank(i)
	}
	for len(parts) > 1 {
		minRank, minIdx := int32(noRank), -1
		for i := 0; i < len(parts)-1; i++ {
			if parts[i].rank < minRank {
				minRank, minIdx = parts[i].rank, i
			}
		}
		if minIdx < 0 {
			break
		}
		i := minIdx
		parts = append(parts[:i+1], parts[i+2:]...)
		parts[i].rank = pairRank(i)
		if i > 0 {
			parts[i-1].rank = pairRank(i - 1)
		}
	}
	for _, pt := range parts[:len(parts)-1] {
		starts = append(starts, pt.start)
	}
	return starts
}

// mergeHeap gives the same result as mergeShort in O(n log n): the parts
// are a linked list over byte offsets and candidate pairs wait in a heap
// ordered by (rank, offset), which is tiktoken's order (lowest rank, then
// leftmost). Stale heap entries are skipped when popped.
//
//go:norace
func (e *Encoding) mergeHeap(p string, starts []int32) []int32 {
	n := len(p)
	next := make([]int32, n+1) // next[i]: start of the part after the one at i; -1 once i is merged away
	prev := make([]int32, n+1)
	rank := make([]int32, n+1) // rank of the part at i joined with its next
	for i := 0; i <= n; i++ {
		next[i], prev[i], rank[i] = int32(i+1), int32(i-1), noRank
	}
	pairRank := func(i int32) int32 {
		j := next[i]
		if j >= int32(n) {
			return noRank
		}
		return e.rank(p[i:next[j]])
	}
	h := make(pairHeap, 0, n)
	for i := int32(0); i < int32(n); i++ {
		if r := pairRank(i); r != noRank {
			rank[i] = r
			h = append(h, uint64(r)<<32|uint64(i))
		}
	}
	h.init()
	for len(h) > 0 {
		top := h.pop()
		r, i := int32(top>>32), int32(uint32(top))
		if next[i] < 0 || rank[i] != r {
			continue // stale
		}
		j := next[i]
		next[i] = next[j]
		prev[next[j]] = i
		next[j] = -1
		rank[i] = pairRank(i)
		if rank[i] != noRank {
			h.push(uint64(rank[i])<<32 | uint64(i))
		}
		if k := prev[i]; k >= 0 {
			rank[k] = pairRank(k)
			if rank[k] != noRank {
				h.push(uint64(rank[k])<<32 | uint64(k))
			}
		}
	}
	for i := int32(0); i < int32(n); i = next[i] {
		starts = append(starts, i)
	}
	return starts
}

// pairHeap is a binary min-heap of rank<<32|offset.
type pairHeap []uint64

//go:norace
func (h pairHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

//go:norace
func (h *pairHeap) push(x uint64) {
	*h = append(*h, x)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if a[p] <= a[i] {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

//go:norace
func (h *pairHeap) pop() uint64 {
	a := *h
	x := a[0]
	a[0] = a[len(a)-1]
	*h = a[:len(a)-1]
	h.down(0)
	return x
}

//go:norace
func (h pairHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r] < h[l] {
			m = r
		}
		if h[i] <= h[m] {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
