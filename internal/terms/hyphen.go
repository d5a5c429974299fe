package terms

import (
	"unicode"
	"unicode/utf8"
)

// isLineEndHyphen: hyphen-minus, hyphen or soft hyphen.
func isLineEndHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u00ad' }

// HyphenBreak reports whether a line ending in prev and the next line
// starting with next hold one word (or compound) broken at a hyphen: prev
// ends in a letter and a hyphen (or soft hyphen) and next goes on in
// lowercase. It is the one rule for hyphens at line ends: internal/textseg
// joins such lines keeping the hyphen, internal/docread joins PDF lines and
// then decides whether the hyphen stays.
func HyphenBreak(prev, next string) bool {
	last, w := utf8.DecodeLastRuneInString(prev)
	if !isLineEndHyphen(last) {
		return false
	}
	if last == '\u00ad' {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(prev[:len(prev)-w])
	first, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLetter(before) && unicode.IsLower(first)
}
