// Package terms is the one home of word analysis: stemmers, stop words and
// the character bigrams of scripts written without spaces. The offline
// engine (internal/extractive) and citation alignment (internal/align, and
// through it the grounding check) use it, so that "issued" and "issuing"
// are one term everywhere.
//
//	stem := terms.Stemmer("en") // nil for a language without one
//	if !terms.StopWords("en")[w] {
//		term := stem(w)
//	}
package terms

import (
	"unicode"
	"unicode/utf8"
)

// IsIdeographic reports whether r belongs to a script written without
// spaces between words (Han, Hiragana, Katakana), whose text is analysed
// as overlapping character bigrams.
func IsIdeographic(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

// Bigrams calls f for each overlapping character bigram of run, a run of
// ideographic text, or once with the whole run when it is one character.
// The strings passed to f are substrings of run.
func Bigrams(run string, f func(string)) {
	_, size := utf8.DecodeRuneInString(run)
	if size == len(run) {
		f(run)
		return
	}
	prev := 0
	i := size
	for i < len(run) {
		_, n := utf8.DecodeRuneInString(run[i:])
		f(run[prev : i+n])
		prev = i
		i += n
	}
}
