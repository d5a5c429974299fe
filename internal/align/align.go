// Package align ties the statements of a brief to the source paragraphs
// they rest on, by lexical similarity. A model may cite no paragraph, a
// wrong one, or one that does not exist; Index.Resolve keeps the citations
// that hold and replaces the others with the best-matching paragraphs.
//
// The index is Okapi BM25 (k1 = 1.2, b = 0.75) over language-neutral
// terms (see Terms). Build it once per document; it is safe for
// concurrent use.
//
//	ix := align.NewIndex(doc)
//	for _, p := range brief.Paragraphs {
//		p.Sources = ix.Resolve(p.Text, p.Sources, 2)
//	}
package align

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/brief-cli/brief/internal/textseg"
)

// BM25 parameters.
const (
	k1 = 1.2
	b  = 0.75
)

// SupportThreshold is the Supports score from which Resolve keeps a cited
// paragraph: it must contain at least half of the statement's content,
// weighted by rarity.
const SupportThreshold = 0.5

// Index is a BM25 index over the paragraphs of one document.
type Index struct {
	nums  []int       // paragraph number by internal position
	byNum map[int]int // paragraph number → internal position
	terms map[string]int32
	idf   []float64   // by term id
	post  [][]posting // by term id, ascending position
	// paraTerms holds each paragraph's distinct term ids, ascending, for
	// Supports and Has.
	paraTerms [][]int32
	unseenIDF float64 // idf of a term no paragraph contains

	scratch sync.Pool // *scoreBuf
}

// posting is one paragraph containing a term, with the term's BM25
// frequency weight in it precomputed (everything but the idf).
type posting struct {
	pos int32
	w   float32
}

type scoreBuf struct {
	score   []float64
	touched []int32
}

// Match is a paragraph and its score for a statement.
type Match struct {
	Para  int     // paragraph number
	Score float64 // BM25 score (Best) or support 0..1 (Cover)
}

// NewIndex indexes the paragraphs of doc. Headings are indexed like any
// other paragraph: a statement can rest on a title.
func NewIndex(doc textseg.Document) *Index {
	n := len(doc.Paragraphs)
	ix := &Index{
		nums:      make([]int, n),
		byNum:     make(map[int]int, n),
		terms:     make(map[string]int32, 1024),
		paraTerms: make([][]int32, n),
	}
	type tf struct {
		id int32
		n  int32
	}
	lengths := make([]int, n)
	counts := make(map[int32]int32, 64)
	var total int
	var all []tf // per paragraph term frequencies, reused
	var raw [][]tf
	raw = make([][]tf, n)
	for p, para := range doc.Paragraphs {
		ix.nums[p] = para.Number
		if _, dup := ix.byNum[para.Number]; !dup {
			ix.byNum[para.Number] = p
		}
		clear(counts)
		forEachTerm(para.Text, func(t string) {
			id, ok := ix.terms[t]
			if !ok {
				id = int32(len(ix.terms))
				ix.terms[t] = id
			}
			counts[id]++
			lengths[p]++
		})
		total += lengths[p]
		all = all[:0]
		for id, c := range counts {
			all = append(all, tf{id, c})
		}
		slices.SortFunc(all, func(x, y tf) int { return cmp.Compare(x.id, y.id) })
		raw[p] = slices.Clone(all)
		ids := make([]int32, len(all))
		for i, t := range all {
			ids[i] = t.id
		}
		ix.paraTerms[p] = ids
	}
	avg := 1.0
	if n > 0 && total > 0 {
		avg = float64(total) / float64(n)
	}
	df := make([]int32, len(ix.terms))
	for _, ts := range raw {
		for _, t := range ts {
			df[t.id]++
		}
	}
	ix.post = make([][]posting, len(ix.terms))
	for id, d := range df {
		ix.post[id] = make([]posting, 0, d)
	}
	for p, ts := range raw {
		norm := k1 * (1 - b + b*float64(lengths[p])/avg)
		for _, t := range ts {
			f := float64(t.n)
			ix.post[t.id] = append(ix.post[t.id], posting{int32(p), float32(f * (k1 + 1) / (f + norm))})
		}
	}
	ix.idf = make([]float64, len(ix.terms))
	for id, d := range df {
		ix.idf[id] = idf(n, int(d))
	}
	ix.unseenIDF = idf(n, 0)
	ix.scratch.New = func() any { return &scoreBuf{score: make([]float64, n)} }
	return ix
}

// idf is the BM25 inverse document frequency, in the non-negative form.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// Len returns the number of indexed paragraphs.
func (ix *Index) Len() int { return len(ix.nums) }

// IDF returns the inverse document frequency of an index term (one of
// Terms' results); a term no paragraph contains gets the highest value.
func (ix *Index) IDF(term string) float64 {
	if id, ok := ix.terms[term]; ok {
		return ix.idf[id]
	}
	return ix.unseenIDF
}

// Has reports whether paragraph para contains the index term.
func (ix *Index) Has(para int, term string) bool {
	p, ok := ix.byNum[para]
	if !ok {
		return false
	}
	id, ok := ix.terms[term]
	if !ok {
		return false
	}
	_, found := slices.BinarySearch(ix.paraTerms[p], id)
	return found
}

// queryTerms returns the distinct terms of a statement: known ones as ids,
// and the number of unknown ones.
func (ix *Index) queryTerms(statement string) (ids []int32, unknown int) {
	seen := map[string]bool{}
	forEachTerm(statement, func(t string) {
		if seen[t] {
			return
		}
		seen[t] = true
		if id, ok := ix.terms[t]; ok {
			ids = append(ids, id)
		} else {
			unknown++
		}
	})
	return ids, unknown
}

// Best returns the k paragraphs that match statement best by BM25, highest
// score first, ties by paragraph number. It returns nothing when no
// paragraph shares a term with the statement.
func (ix *Index) Best(statement string, k int) []Match {
	if k <= 0 {
		return nil
	}
	ids, _ := ix.queryTerms(statement)
	buf := ix.scratch.Get().(*scoreBuf)
	defer ix.scratch.Put(buf)
	for _, id := range ids {
		w := ix.idf[id]
		for _, p := range ix.post[id] {
			if buf.score[p.pos] == 0 {
				buf.touched = append(buf.touched, p.pos)
			}
			buf.score[p.pos] += w * float64(p.w)
		}
	}
	if len(buf.touched) == 0 {
		return nil
	}
	out := make([]Match, 0, min(k, len(buf.touched)))
	for _, p := range buf.touched {
		out = pushTop(out, k, Match{ix.nums[p], buf.score[p]})
		buf.score[p] = 0
	}
	buf.touched = buf.touched[:0]
	return out
}

// better orders matches: higher score first, then lower paragraph number.
func better(x, y Match) bool {
	if x.Score != y.Score {
		return x.Score > y.Score
	}
	return x.Para < y.Para
}

// pushTop inserts m into top (sorted best first, at most k long).
func pushTop(top []Match, k int, m Match) []Match {
	if len(top) == k && !better(m, top[k-1]) {
		return top
	}
	i := len(top)
	for i > 0 && better(m, top[i-1]) {
		i--
	}
	if len(top) < k {
		top = append(top, Match{})
	}
	copy(top[i+1:], top[i:len(top)-1])
	top[i] = m
	return top
}

// Supports returns how far paragraph para supports statement, from 0 to 1:
// the share of the statement's distinct terms found in the paragraph, each
// weighted by its idf so that rare words (names, figures) count more than
// common ones. Terms the document never uses weigh the most and are never
// found. It returns 0 for an unknown paragraph or a statement with no terms.
func (ix *Index) Supports(statement string, para int) float64 {
	p, ok := ix.byNum[para]
	if !ok {
		return 0
	}
	ids, unknown := ix.queryTerms(statement)
	total := float64(unknown) * ix.unseenIDF
	var found float64
	have := ix.paraTerms[p]
	for _, id := range ids {
		w := ix.idf[id]
		total += w
		if _, ok := slices.BinarySearch(have, id); ok {
			found += w
		}
	}
	if total == 0 {
		return 0
	}
	return found / total
}

// Cover returns the paragraphs containing terms (index terms, as from
// Terms; repeats ignored) with their Supports score for that set of terms:
// every paragraph scoring at least rel times the best score (rel = 0: every
// paragraph sharing a term), highest first, ties by paragraph number. It
// scores the whole document in one pass over the postings.
func (ix *Index) Cover(terms []string, rel float64) []Match {
	var ids []int32
	var total float64
	seen := make(map[string]bool, len(terms))
	for _, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		if id, ok := ix.terms[t]; ok {
			ids = append(ids, id)
			total += ix.idf[id]
		} else {
			total += ix.unseenIDF
		}
	}
	if len(ids) == 0 || total == 0 {
		return nil
	}
	buf := ix.scratch.Get().(*scoreBuf)
	defer ix.scratch.Put(buf)
	for _, id := range ids {
		w := ix.idf[id]
		for _, p := range ix.post[id] {
			if buf.score[p.pos] == 0 {
				buf.touched = append(buf.touched, p.pos)
			}
			buf.score[p.pos] += w
		}
	}
	var top float64
	for _, p := range buf.touched {
		top = max(top, buf.score[p])
	}
	var out []Match
	for _, p := range buf.touched {
		if s := buf.score[p]; s >= rel*top {
			out = append(out, Match{ix.nums[p], s / total})
		}
		buf.score[p] = 0
	}
	buf.touched = buf.touched[:0]
	slices.SortFunc(out, func(x, y Match) int {
		if better(x, y) {
			return -1
		}
		if better(y, x) {
			return 1
		}
		return 0
	})
	return out
}

// Resolve returns the paragraphs a statement rests on. Cited paragraphs
// that exist and support the statement are kept, in the order cited,
// without repeats: their Supports score is at least SupportThreshold, or
// at least 80% of the best support any of the k best-matching paragraphs
// gives (a statement paraphrasing several paragraphs has no single strong
// one). When none is kept, the k best matches (k < 1 counts as 1) replace
// them. The result is empty only when no paragraph shares a term with the
// statement.
func (ix *Index) Resolve(statement string, cited []int, k int) []int {
	k = max(k, 1)
	best := ix.Best(statement, k)
	if len(best) == 0 {
		return nil
	}
	var top float64
	for _, m := range best {
		top = max(top, ix.Supports(statement, m.Para))
	}
	var kept []int
	for _, c := range cited {
		if slices.Contains(kept, c) {
			continue
		}
		s := ix.Supports(statement, c)
		if s > 0 && (s >= SupportThreshold || s >= 0.8*top) {
			kept = append(kept, c)
		}
	}
	if len(kept) > 0 {
		return kept
	}
	out := make([]int, len(best))
	for i, m := range best {
		out[i] = m.Para
	}
	return out
}
