package textseg

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SplitSentences splits one paragraph of whitespace-folded text into
// sentences. It is what Segment uses for every paragraph; it is exported for
// callers that already have paragraph text (titles, notes).
//
// Boundaries are terminal punctuation (. ! ? … and the CJK, Devanagari,
// Arabic and Armenian terminators) plus any closing quotes or brackets, and
// for non-CJK terminators also a following space and a next sentence that does
// not start with a lowercase letter. Abbreviations ("Mr.", "U.S.", "e.g.",
// "т.е."), initials ("J. Smith"), list enumerators ("1. Introduction"),
// decimals and dot leaders do not end a sentence.
func SplitSentences(p string) []string {
	return splitSentences(nil, p)
}

func splitSentences(dst []string, p string) []string {
	p = strings.TrimSpace(p)
	if p == "" {
		return dst
	}
	first := len(dst)
	start := 0     // start of the current sentence
	lastStart := 0 // start of the last sentence appended
	alnum := false // the current sentence has a letter or digit so far
	for i := 0; i < len(p); {
		c := p[i]
		var r rune
		w := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, w = utf8.DecodeRuneInString(p[i:])
		}
		switch {
		case isCJKTerminal(r):
			j := skipTerminalsAndClosers(p, i+w)
			if !alnum || j >= len(p) {
				i = j
				continue
			}
			next := j
			if p[j] == ' ' {
				next = j + 1
			} else if nr, _ := utf8.DecodeRuneInString(p[j:]); isCloser(nr) || isTerminal(nr) {
				i = j
				continue
			}
			dst = append(dst, p[start:j])
			lastStart = start
			start, alnum = next, false
			i = next
			continue
		case isTerminal(r):
			end, next, ok := sentenceEnd(p, start, i, w, alnum)
			if ok {
				dst = append(dst, p[start:end])
				lastStart = start
				start, alnum = next, false
				i = next
				continue
			}
			i = end
			continue
		}
		if !alnum && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			alnum = true
		}
		i += w
	}
	if start < len(p) {
		rest := p[start:]
		// A trailing footnote number ("…properties. 329") is not a sentence.
		if n := len(dst); n > first && isAllDigits(rest) && len(rest) <= 4 {
			dst[n-1] = p[lastStart:]
		} else {
			dst = append(dst, rest)
		}
	}
	return dst
}

// sentenceEnd decides whether the terminal punctuation at p[i:i+w] ends the
// sentence that began at start. It returns the end of the sentence and the
// start of the next one when it does (ok), else the index to continue
// scanning at (end).
func sentenceEnd(p string, start, i, w int, alnum bool) (end, next int, ok bool) {
	// The run of terminal punctuation: "...", "?!", "…".
	j := i + w
	dots, other := 0, false
	if p[i] == '.' {
		dots = 1
	} else {
		other = true
	}
	for j < len(p) {
		r, rw := utf8.DecodeRuneInString(p[j:])
		if r == '.' {
			dots++
		} else if isTerminal(r) {
			other = true
		} else {
			break
		}
		j += rw
	}
	runEnd := j
	if dots >= 4 && !other {
		return j, 0, false // dot leaders in a table of contents
	}
	if !alnum {
		return j, 0, false
	}
	single := dots == 1 && !other && runEnd == i+1
	j = skipClosers(p, j)
	closed := j > runEnd
	// Footnote reference glued to the end: "attacks.12 The", `it."582 He`.
	if j < len(p) && isDigit(p[j]) && (closed || single && isLetterBefore(p, i)) {
		k := j
		for k < len(p) && isDigit(p[k]) && k-j < 3 {
			k++
		}
		if k+1 < len(p) && p[k] == ' ' && startsUpper(p[k+1:]) {
			return k, k + 1, true
		}
	}
	if j >= len(p) {
		return j, 0, false // end of paragraph: the caller keeps the rest
	}
	if p[j] != ' ' {
		return runEnd, 0, false // "3.5", "e.g.,", "U.S.-led", "В.Путин"
	}
	end = j
	next = j + 1
	// A bracketed footnote reference after the period belongs to this
	// sentence: "maintenance. [1] These".
	if k, ok := bracketRef(p, next); ok {
		if k >= len(p) {
			return k, 0, false
		}
		if p[k] == ' ' {
			end, next = k, k+1
		}
	}
	q, qw := firstSignificant(p, next)
	if qw == 0 {
		return end, next, true
	}
	if unicode.IsLower(q) {
		return runEnd, 0, false
	}
	if !single || closed {
		return end, next, true
	}
	// A lone period: is the word before it an abbreviation?
	ws := wordStart(p, start, i)
	word := strings.TrimLeft(p[ws:i], "\"'“‘«„([{")
	if keepsSentence(word, ws == start, p, start, ws, q, next) {
		return runEnd, 0, false
	}
	return end, next, true
}

// keepsSentence reports whether "word." does not end a sentence given the
// first significant rune q of what follows (at p[next:]).
func keepsSentence(word string, first bool, p string, start, ws int, q rune, next int) bool {
	if word == "" {
		return false
	}
	if word == "г" || word == "гг" {
		// "в 2024 г. Мы" may end a sentence; "г. Москва" (city) does not.
		return !prevWordIsNumber(p, start, ws)
	}
	n := utf8.RuneCountInString(word)
	r0, _ := utf8.DecodeRuneInString(word)
	if n == 1 && unicode.IsLetter(r0) {
		return true // initial ("J. Smith") or enumerator ("a. Forensically")
	}
	if first && isEnumeratorWord(word) {
		return true // "1. Introduction", "2.5. Notes", "IV. Findings"
	}
	if abbrevNever[word] {
		return true
	}
	if abbrevNumber[word] {
		return isDigitRune(q) || isRoman(leadingWord(p[next:])) // "No. 5", "Jan. 21", "Vol. II"
	}
	if abbrevStarter[word] {
		return !startsSentenceWord(p[next:])
	}
	if strings.IndexByte(word, '.') > 0 {
		if hasUpper(word) {
			// "U.S. Department" vs "the U.S. The next day".
			return !startsSentenceWord(p[next:])
		}
	}
	return false
}

// leadingWord returns the ASCII letters and digits at the start of s.
func leadingWord(s string) string {
	k := 0
	for k < len(s) && (isASCIILetter(s[k]) || isDigit(s[k])) {
		k++
	}
	return s[:k]
}

// bracketRef matches a footnote reference like "[12]" or "[^3]" at p[i:]
// and returns the index just past it.
func bracketRef(p string, i int) (int, bool) {
	if i >= len(p) || p[i] != '[' {
		return 0, false
	}
	k := i + 1
	if k < len(p) && p[k] == '^' {
		k++
	}
	d := k
	for k < len(p) && isDigit(p[k]) && k-d < 4 {
		k++
	}
	if k == d || k >= len(p) || p[k] != ']' {
		return 0, false
	}
	return k + 1, true
}

// firstSignificant returns the first rune at or after p[i] that is not an
// opening quote, bracket or dash, and its width (0 at the end).
func firstSignificant(p string, i int) (rune, int) {
	for i < len(p) {
		r, w := utf8.DecodeRuneInString(p[i:])
		if !isOpener(r) && r != ' ' {
			return r, w
		}
		i += w
	}
	return 0, 0
}

// wordStart returns the index of the first byte of the word ending at i.
func wordStart(p string, start, i int) int {
	k := i
	for k > start && p[k-1] != ' ' {
		k--
	}
	return k
}

func prevWordIsNumber(p string, start, ws int) bool {
	if ws-1 <= start {
		return false
	}
	e := ws - 1 // the space before the word
	b := wordStart(p, start, e)
	if b == e {
		return false
	}
	for k := b; k < e; k++ {
		if !isDigit(p[k]) {
			return false
		}
	}
	return true
}

func isLetterBefore(p string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(p[:i])
	return unicode.IsLetter(r)
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// startsSentenceWord reports whether s begins with a word that usually
// starts an English sentence ("The", "In", "He"), used after ambiguous
// abbreviations such as "U.S." and "Inc.".
func startsSentenceWord(s string) bool {
	s = strings.TrimLeft(s, "\"'“‘«([")
	k := 0
	for k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z') {
		k++
	}
	return k > 0 && sentenceStarters[s[:k]]
}

// isEnumeratorWord reports whether w is a list or section enumerator:
// "1", "12", "2.5", "iv", "XII".
func isEnumeratorWord(w string) bool {
	if w == "" || len(w) > 12 {
		return false
	}
	digits := true
	for k := 0; k < len(w); k++ {
		if !isDigit(w[k]) && w[k] != '.' {
			digits = false
			break
		}
	}
	if digits && isDigit(w[0]) {
		return true
	}
	return isRoman(w)
}

func isRoman(w string) bool {
	if w == "" || len(w) > 6 {
		return false
	}
	lower := w[0] >= 'a'
	for k := 0; k < len(w); k++ {
		c := w[k]
		if lower {
			c -= 'a' - 'A'
		}
		switch c {
		case 'I', 'V', 'X', 'L', 'C':
		default:
			return false
		}
	}
	return true
}

func skipTerminalsAndClosers(p string, j int) int {
	for j < len(p) {
		r, w := utf8.DecodeRuneInString(p[j:])
		if !isTerminal(r) && !isCJKTerminal(r) && !isCloser(r) {
			break
		}
		j += w
	}
	return j
}

func skipClosers(p string, j int) int {
	for j < len(p) {
		r, w := utf8.DecodeRuneInString(p[j:])
		if !isCloser(r) {
			break
		}
		j += w
	}
	return j
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigitRune(r rune) bool { return unicode.IsDigit(r) }

// isTerminal reports sentence terminators that need a following space.
func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '‽', '⁇', '⁈', '⁉',
		'।', '॥', // Devanagari danda, double danda
		'؟', '۔', // Arabic question mark, Urdu full stop
		'։', // Armenian full stop
		'።': // Ethiopic full stop
		return true
	}
	return false
}

// isCJKTerminal reports terminators that end a sentence with no space after.
func isCJKTerminal(r rune) bool {
	switch r {
	case '。', '！', '？', '｡', '︒':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', '”', '’', '»', '›', '」', '』', '）', '］', '】', '〉', '》', '〕', '〗', '〙', '〛', '｣', '＂', '＇':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '(', '[', '{', '“', '‘', '«', '‹', '„', '‚', '¿', '¡', '「', '『', '（', '［', '【', '〈', '《', '*', '_', '-', '–', '—':
		return true
	}
	return false
}
