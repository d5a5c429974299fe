package tokcount

import (
	"unicode"
	"unicode/utf8"
)

// The pre-tokenizer patterns of tiktoken (as tiktoken-go v0.1.8 spells
// them). The hand-written splitters below reproduce what the backtracking
// engine (regexp2) finds with them, alternative by alternative; the tests
// hold them to it.
const (
	PatternO200k = `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?` +
		`|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?` +
		`|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	PatternCL100k = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	PatternGPT2   = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
)

// Character classes of a rune, as bits.
const (
	cLu uint16 = 1 << iota
	cLl
	cLt
	cLm
	cLo
	cM
	cN
	cSpace // unicode.IsSpace, which is what regexp2's \s tests
	cNL    // \r or \n
	cApos  // '

	cL  = cLu | cLl | cLt | cLm | cLo
	cU  = cLu | cLt | cLm | cLo | cM // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
	cLw = cLl | cLm | cLo | cM       // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
)

// asciiClass holds the classes of the runes below 0x80.
var asciiClass = func() (t [128]uint16) {
	for r := rune(0); r < 128; r++ {
		t[r] = slowClass(r)
	}
	return t
}()

//go:norace
func slowClass(r rune) uint16 {
	var c uint16
	switch {
	case unicode.Is(unicode.Lu, r):
		c |= cLu
	case unicode.Is(unicode.Ll, r):
		c |= cLl
	case unicode.Is(unicode.Lt, r):
		c |= cLt
	case unicode.Is(unicode.Lm, r):
		c |= cLm
	case unicode.Is(unicode.Lo, r):
		c |= cLo
	}
	if unicode.Is(unicode.M, r) {
		c |= cM
	}
	if unicode.Is(unicode.N, r) {
		c |= cN
	}
	if unicode.IsSpace(r) {
		c |= cSpace
	}
	if r == '\r' || r == '\n' {
		c |= cNL
	}
	if r == '\'' {
		c |= cApos
	}
	return c
}

// class returns the classes and byte width of the rune at s[i]; s is valid
// UTF-8 and i < len(s).
//
//go:norace
func class(s string, i int) (uint16, int) {
	if b := s[i]; b < utf8.RuneSelf {
		return asciiClass[b], 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	return slowClass(r), w
}

// isP reports [^\r\n\p{L}\p{N}].
//
//go:norace
func isP(c uint16) bool { return c&(cNL|cL|cN) == 0 }

// isQ reports [^\s\p{L}\p{N}].
//
//go:norace
func isQ(c uint16) bool { return c&(cSpace|cL|cN) == 0 }

// runEnd returns the end of the run of runes from i that have a class in
// want.
//
//go:norace
func runEnd(s string, i int, want uint16) int {
	for i < len(s) {
		c, w := class(s, i)
		if c&want == 0 {
			break
		}
		i += w
	}
	return i
}

// contraction returns the length of (?i:'s|'t|'re|'ve|'m|'ll|'d) at s[i]
// (case-sensitive when fold is false), or 0. regexp2 folds case with
// unicode.ToLower on the input rune.
//
//go:norace
func contraction(s string, i int, fold bool) int {
	if i >= len(s) || s[i] != '\'' {
		return 0
	}
	lower := func(j int) (rune, int) {
		if j >= len(s) {
			return 0, 0
		}
		r, w := utf8.DecodeRuneInString(s[j:])
		if fold {
			r = unicode.ToLower(r)
		}
		return r, w
	}
	r1, w1 := lower(i + 1)
	switch r1 {
	case 's', 't', 'm', 'd':
		return 1 + w1
	case 'r', 'v', 'l':
		r2, w2 := lower(i + 1 + w1)
		if r1 == 'r' && r2 == 'e' || r1 == 'v' && r2 == 'e' || r1 == 'l' && r2 == 'l' {
			return 1 + w1 + w2
		}
	}
	return 0
}

// spaceTail evaluates \s*[\r\n]+ , \s+(?!\S) and \s+ in that order at
// s[i], whose class is c0 with width w0. It returns 0 when none matches.
//
//go:norace
func spaceTail(s string, i int, c0 uint16) int {
	if c0&cSpace == 0 {
		return 0
	}
	k, lastNL, lastStart := i, -1, i
	for k < len(s) {
		c, w := class(s, k)
		if c&cSpace == 0 {
			break
		}
		if c&cNL != 0 {
			lastNL = k
		}
		lastStart = k
		k += w
	}
	if lastNL >= 0 { // \s*[\r\n]+: the last newline of the run ends it
		return lastNL + 1
	}
	if k == len(s) { // \s+(?!\S) at the end of the text
		return k
	}
	if lastStart > i { // \s+(?!\S): give back the last space
		return lastStart
	}
	return k // \s+
}

// nextO200k returns the end of the o200k_base piece that starts at s[i].
//
//go:norace
func nextO200k(s string, i int) int {
	c0, w0 := class(s, i)
	// [^\r\n\p{L}\p{N}]?[U]*[Lw]+(?i:...)? , prefix taken first.
	alt1 := func(j int) int {
		k, lastLwEnd := j, -1
		for k < len(s) {
			c, w := class(s, k)
			if c&cU == 0 {
				break
			}
			if c&cLw != 0 {
				lastLwEnd = k + w
			}
			k += w
		}
		if k < len(s) {
			if c, _ := class(s, k); c&cLw != 0 {
				m := runEnd(s, k, cLw)
				return m + contraction(s, m, true)
			}
		}
		if lastLwEnd >= 0 { // [U]* gives back runes until [Lw]+ can match
			return lastLwEnd + contraction(s, lastLwEnd, true)
		}
		return -1
	}
	// [^\r\n\p{L}\p{N}]?[U]+[Lw]*(?i:...)?
	alt2 := func(j int) int {
		k := runEnd(s, j, cU)
		if k == j {
			return -1
		}
		m := runEnd(s, k, cLw)
		return m + contraction(s, m, true)
	}
	p := isP(c0) && i+w0 < len(s)
	if p {
		if e := alt1(i + w0); e > 0 {
			return e
		}
	}
	if e := alt1(i); e > 0 {
		return e
	}
	if p {
		if e := alt2(i + w0); e > 0 {
			return e
		}
	}
	if e := alt2(i); e > 0 {
		return e
	}
	if e := digits(s, i, c0, 3); e > 0 {
		return e
	}
	if e := punct(s, i, "\r\n/"); e > 0 {
		return e
	}
	if e := spaceTail(s, i, c0); e > 0 {
		return e
	}
	return i + w0 // unreachable: every rune starts some alternative
}

// nextCL100k returns the end of the cl100k_base piece that starts at s[i].
//
//go:norace
func nextCL100k(s string, i int) int {
	if n := contraction(s, i, true); n > 0 {
		return i + n
	}
	c0, w0 := class(s, i)
	if isP(c0) && i+w0 < len(s) {
		if c, _ := class(s, i+w0); c&cL != 0 {
			return runEnd(s, i+w0, cL)
		}
	}
	if c0&cL != 0 {
		return runEnd(s, i, cL)
	}
	if e := digits(s, i, c0, 3); e > 0 {
		return e
	}
	if e := punct(s, i, "\r\n"); e > 0 {
		return e
	}
	if e := spaceTail(s, i, c0); e > 0 {
		return e
	}
	return i + w0
}

// nextGPT2 returns the end of the r50k/p50k piece that starts at s[i].
//
//go:norace
func nextGPT2(s string, i int) int {
	if n := contraction(s, i, false); n > 0 {
		return i + n
	}
	_, w0 := class(s, i)
	j := i
	if s[i] == ' ' && i+1 < len(s) {
		j = i + 1
	}
	cj, _ := class(s, j)
	if cj&cL != 0 { // ?\p{L}+
		return runEnd(s, j, cL)
	}
	if cj&cN != 0 { // ?\p{N}+
		return runEnd(s, j, cN)
	}
	if isQ(cj) { // ?[^\s\p{L}\p{N}]+
		return runEndQ(s, j)
	}
	// \s+(?!\S)|\s+
	k, lastStart := i, i
	for k < len(s) {
		c, w := class(s, k)
		if c&cSpace == 0 {
			break
		}
		lastStart = k
		k += w
	}
	if k == i {
		return i + w0
	}
	if k < len(s) && lastStart > i {
		return lastStart
	}
	return k
}

// digits evaluates \p{N}{1,max} at s[i].
//
//go:norace
func digits(s string, i int, c0 uint16, max int) int {
	if c0&cN == 0 {
		return 0
	}
	k := i
	for n := 0; n < max && k < len(s); n++ {
		c, w := class(s, k)
		if c&cN == 0 {
			break
		}
		k += w
	}
	return k
}

// runEndQ returns the end of the run of [^\s\p{L}\p{N}] from j.
//
//go:norace
func runEndQ(s string, j int) int {
	for j < len(s) {
		c, w := class(s, j)
		if !isQ(c) {
			break
		}
		j += w
	}
	return j
}

// punct evaluates ` ?[^\s\p{L}\p{N}]+[tail]*` at s[i], tail being ASCII.
//
//go:norace
func punct(s string, i int, tail string) int {
	j := i
	if s[i] == ' ' {
		j++
	}
	if j >= len(s) {
		return 0
	}
	if c, _ := class(s, j); !isQ(c) {
		return 0
	}
	k := runEndQ(s, j)
	for k < len(s) && indexByte(tail, s[k]) {
		k++
	}
	return k
}

//go:norace
func indexByte(set string, b byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == b {
			return true
		}
	}
	return false
}
