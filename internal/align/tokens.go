package align

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/terms"
)

// Terms returns the index terms of text, in order, with repeats: runs of
// Unicode letters and digits, lowercased, with English stop words and
// one-letter words dropped and the English stemmer of internal/terms
// applied to ASCII words. Digit
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
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case terms.IsIdeographic(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !terms.IsIdeographic(r2) {
					break
				}
				j += s2
			}
			terms.Bigrams(text[i:j], f)
			i = j
			continue
		case r > 0x7f && isDigit(r):
			// digits of other scripts ("۶"): a run of them is one term
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
			j := scanNumber(text, i)
			num := text[i:j]
			if strings.IndexByte(num, ',') >= 0 {
				num = strings.ReplaceAll(num, ",", "")
			}
			f(num)
			i = j
			continue
		case isLetter(r):
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

// stopWords are the English stop words of internal/terms.
var stopWords = terms.StopWords("en")

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r > 0x7f && unicode.IsDigit(r) }

func isLetter(r rune) bool {
	if r < 0x80 {
		return r|0x20 >= 'a' && r|0x20 <= 'z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
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
		if !isLetter(r) || terms.IsIdeographic(r) {
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

// stem applies the English stemmer to plain ASCII words and leaves the
// others alone (it is not meant for other languages).
func stem(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	return terms.StemEnglish(w)
}
