package align

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terms returns the index terms of text, in order, with repeats: runs of
// Unicode letters and digits, lowercased, with English stop words and
// one-letter words dropped and a light English stemmer applied. Digit
// groups joined by thousands separators or a decimal point stay one term
// ("18,000" → "18000", "3.5" → "3.5"); a possessive "'s" is dropped; CJK
// text becomes overlapping character bigrams. The same function analyses
// documents and statements, so both sides always agree.
func Terms(text string) []string {
	var out []string
	forEachTerm(text, func(t string) { out = append(out, t) })
	return out
}

// forEachTerm calls f for every index term of text; it allocates only the
// terms themselves (and not even those for pure-ASCII lowercase words).
func forEachTerm(text string, f func(string)) {
	var buf []byte // reused lowercase buffer for non-trivial words
	var prevCJK rune
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case isCJK(r):
			if prevCJK != 0 {
				f(string([]rune{prevCJK, r}))
			} else if !nextIsCJK(text[i+size:]) {
				f(string(r)) // a lone ideograph
			}
			prevCJK = r
			i += size
			continue
		case r > 0x7f && isDigit(r):
			// digits of other scripts ("۶"): a run of them is one term
			prevCJK = 0
			j := i
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !isDigit(r2) {
					break
				}
				j += s2
			}
			f(text[i:j])
			i = j
			continue
		case isDigit(r):
			prevCJK = 0
			j := scanNumber(text, i)
			num := text[i:j]
			if strings.IndexByte(num, ',') >= 0 {
				num = strings.ReplaceAll(num, ",", "")
			}
			f(num)
			i = j
			continue
		case isLetter(r):
			prevCJK = 0
			j, word, simple := scanWord(text, i, buf[:0])
			buf = word
			if simple {
				addWord(text[i:j], f)
			} else {
				addWord(string(word), f)
			}
			i = j
			continue
		}
		prevCJK = 0
		i += size
	}
}

// addWord stems w and passes it on unless it is a stop word or one letter.
func addWord(w string, f func(string)) {
	if len(w) < 2 || utf8.RuneCountInString(w) < 2 || stopWords[w] {
		return
	}
	f(stem(w))
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r > 0x7f && unicode.IsDigit(r) }

func isLetter(r rune) bool {
	if r < 0x80 {
		return r|0x20 >= 'a' && r|0x20 <= 'z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

func isCJK(r rune) bool {
	return r >= 0x2e80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r))
}

func nextIsCJK(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r != utf8.RuneError && isCJK(r)
}

// scanNumber returns the end of the number starting at i: digits, with
// "," or "." kept when a digit follows (so "18,000" and "3.5" stay whole
// but a sentence-final "2019." does not swallow the period).
func scanNumber(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		switch {
		case c >= '0' && c <= '9':
			j++
		case (c == ',' || c == '.') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9':
			j++
		default:
			return j
		}
	}
	return j
}

// scanWord returns the end of the letter run starting at i and, unless the
// run is plain lowercase ASCII (simple), its lowercased form appended to
// buf. Apostrophes between letters are dropped ("o'brien" → "obrien") and a
// possessive "'s" ends the word.
func scanWord(s string, i int, buf []byte) (end int, word []byte, simple bool) {
	simple = true
	j := i
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z':
				buf = append(buf, c)
				j++
				continue
			case c >= 'A' && c <= 'Z':
				simple = false
				buf = append(buf, c+32)
				j++
				continue
			case c == '\'':
				if k, ok := apostrophe(s, j, 1); ok {
					if k < 0 {
						return -k, buf, false
					}
					simple = false
					j = k
					continue
				}
			}
			return j, buf, simple
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if r == '’' {
			if k, ok := apostrophe(s, j, size); ok {
				if k < 0 {
					return -k, buf, false
				}
				simple = false
				j = k
				continue
			}
			return j, buf, simple
		}
		if !isLetter(r) || isCJK(r) {
			return j, buf, simple
		}
		simple = false
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
		j += size
	}
	return j, buf, simple
}

// apostrophe decides what an apostrophe of width w at j inside a word
// does: a possessive "'s" not followed by a letter ends the word (returned
// as a negative end offset), one followed by a letter is skipped, anything
// else ends the word (ok false).
func apostrophe(s string, j, w int) (int, bool) {
	k := j + w
	if k >= len(s) {
		return 0, false
	}
	r, size := utf8.DecodeRuneInString(s[k:])
	if !isLetter(r) {
		return 0, false
	}
	if (r == 's' || r == 'S') && (k+size == len(s) || !startsLetter(s[k+size:])) {
		return -(k + size), true
	}
	return k, true
}

func startsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isLetter(r) || isDigit(r)
}

// stem is a light English stemmer: plurals, -ed, -ing and a final -e, so
// that "issue", "issues", "issued" and "issuing" share one term. Words with
// non-ASCII letters are left alone (it is not meant for other languages).
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s"):
		w = w[:len(w)-1]
	}
	switch {
	case strings.HasSuffix(w, "ing") && hasVowel(w[:len(w)-3]) && len(w) > 5:
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ed") && hasVowel(w[:len(w)-2]) && len(w) > 4:
		w = undouble(w[:len(w)-2])
	}
	if len(w) > 4 && w[len(w)-1] == 'e' {
		w = w[:len(w)-1]
	}
	return w
}

func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// undouble turns "stopp" (from "stopped") back into "stop".
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouylsz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

// stopWords are English function words that carry no topic.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are aren as at
		be because been before being below between both but by can cannot could couldn did didn do does doesn
		doing don down during each few for from further had hadn has hasn have haven having he her here hers
		herself him himself his how however i if in into is isn it its itself just let ll me more most mustn my
		myself no nor not now of off on once only or other ought our ours ourselves out over own re same shan
		she should shouldn so some such than that the their theirs them themselves then there these they this
		those through to too under until up upon us very was wasn we were weren what when where which while who
		whom whose why will with won would wouldn ve you your yours yourself yourselves`) {
		m[w] = true
	}
	return m
}()
