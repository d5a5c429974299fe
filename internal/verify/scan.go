package verify

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tkind is the kind of a token.
type tkind uint8

const (
	tWord  tkind = iota // letters, possibly with internal apostrophes or dotted initials ("U.S.")
	tNum                // ASCII digits with thousands separators / decimals, maybe a letter suffix ("21st")
	tCode               // letters then digits ("APT29", "FY2025")
	tCJK                // one CJK character
	tPunct              // one other non-space rune
	tURL                // a URL or e-mail address, never a fact
)

// token is one lexical unit of a text, with its byte span.
type token struct {
	kind       tkind
	start, end int
	wordEnd    int    // for a possessive word, the end before "'s"
	text       string // the raw text (for tWord without a possessive "'s")
	lower      string // lowercased text; for dotted acronyms without dots ("us")
	possessive bool   // a word followed by "'s"

	// words
	upper   bool // first letter uppercase
	allCaps bool // two or more letters, all uppercase
	mixed   bool // an uppercase letter after the first ("SolarWinds", "iPhone")
	dotted  bool // dotted acronym or initial ("U.S.", "W.")

	// numbers
	intPart, fracPart string // digits only
	grouped           bool   // had thousands separators
	version           bool   // several dotted groups ("2020.2.1"): a code, not a number
	suffix            string // lowercase letters glued after the digits

	space   bool // whitespace before the token
	newline int  // newlines in the whitespace before the token
}

// tokenize splits text into tokens.
func tokenize(text string) []token {
	return tokenizeInto(make([]token, 0, len(text)/5+1), text)
}

// tokenizeInto appends the tokens of text to toks.
func tokenizeInto(toks []token, text string) []token {
	space, newline := true, 2
	for i := 0; i < len(text); {
		c := text[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || (c >= utf8.RuneSelf && unicode.IsSpace(r)) {
			space = true
			if c == '\n' {
				newline++
			}
			i += size
			continue
		}
		t := token{start: i, space: space, newline: newline}
		space, newline = false, 0
		switch {
		case isURLStart(text[i:]):
			t.kind = tURL
			t.end = urlEnd(text, i)
		case c >= '0' && c <= '9':
			scanNum(text, &t)
		case isWordRune(r) && !isCJK(r):
			scanWord(text, &t)
		case isCJK(r):
			t.kind = tCJK
			t.end = i + size
		default:
			t.kind = tPunct
			t.end = i + size
		}
		if t.text == "" {
			t.text = text[t.start:t.end]
		}
		if t.lower == "" && t.kind != tPunct {
			t.lower = strings.ToLower(t.text)
		}
		// An e-mail address: the local part was read as a word; make the
		// whole address one URL token.
		if t.kind == tPunct && r == '@' && !t.space && len(toks) > 0 && i+1 < len(text) && isWordRune(rune(text[i+1])) {
			last := &toks[len(toks)-1]
			last.kind = tURL
			last.end = urlEnd(text, i)
			last.text = text[last.start:last.end]
			last.lower = strings.ToLower(last.text)
			i = last.end
			continue
		}
		toks = append(toks, t)
		i = t.end
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

func isCJK(r rune) bool {
	return r >= 0x2e80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r))
}

func isURLStart(s string) bool {
	if len(s) < 5 {
		return false
	}
	switch s[0] {
	case 'h', 'H':
		l := strings.ToLower(s[:min(8, len(s))])
		return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
	case 'w', 'W':
		return strings.HasPrefix(strings.ToLower(s[:4]), "www.") && len(s) > 4 && s[4] != ' '
	}
	return false
}

// urlEnd returns where a URL starting at i ends: at whitespace, a closing
// bracket or quote, or trailing punctuation.
func urlEnd(s string, i int) int {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(r) || strings.ContainsRune(")]>\"'“”‘’«»<", r) {
			break
		}
		j += size
	}
	for j > i+1 && strings.ContainsRune(".,;:!?", rune(s[j-1])) {
		j--
	}
	return j
}

// scanNum reads a number: digits, thousands groups (",ddd" after a head of
// one to three digits), one decimal part, and glued lowercase letters as a
// suffix ("21st", "10am", "2.5bn", "1990s"). More dotted groups make a
// version or address ("2020.2.1"), and digits after the suffix a code.
func scanNum(s string, t *token) {
	i := t.start
	j := i
	for j < len(s) && isD(s[j]) {
		j++
	}
	intPart := s[i:j]
	if j-i <= 3 {
		for j+3 < len(s) && s[j] == ',' && isD(s[j+1]) && isD(s[j+2]) && isD(s[j+3]) && (j+4 >= len(s) || !isD(s[j+4])) {
			intPart += s[j+1 : j+4]
			t.grouped = true
			j += 4
		}
	}
	t.intPart = intPart
	if k, ok := decimalComma(s, j); ok && !t.grouped {
		t.fracPart = s[j+1 : k]
		j = k
	}
	if j+1 < len(s) && s[j] == '.' && isD(s[j+1]) {
		k := j + 1
		for k < len(s) && isD(s[k]) {
			k++
		}
		t.fracPart = s[j+1 : k]
		j = k
		for j+1 < len(s) && s[j] == '.' && isD(s[j+1]) {
			t.version = true
			j++
			for j < len(s) && isD(s[j]) {
				j++
			}
		}
	}
	k := j
	for k < len(s) && (s[k]|0x20 >= 'a' && s[k]|0x20 <= 'z') {
		k++
	}
	t.kind = tNum
	if k > j {
		t.suffix = strings.ToLower(s[j:k])
		// more digits or letters glued on: an identifier ("5G2", "3a4")
		if k < len(s) && (isD(s[k]) || isLetterByte(s, k)) {
			for k < len(s) && (isD(s[k]) || isLetterByte(s, k)) {
				k++
			}
			t.kind = tCode
		}
	}
	t.end = k
}

func isD(c byte) bool { return c >= '0' && c <= '9' }

// decimalComma reports whether a decimal comma starts at j, as Russian
// and most of Europe write fractions ("18,5 тысячи", "3,2 процента",
// "2,5%"), and where its digits end. One or two digits followed by a
// Cyrillic word or a percent sign: never a thousands group, which has
// three, nor an English list ("pages 1,2 and 3").
func decimalComma(s string, j int) (int, bool) {
	if j+1 >= len(s) || s[j] != ',' || !isD(s[j+1]) {
		return 0, false
	}
	k := j + 1
	for k < len(s) && isD(s[k]) {
		k++
	}
	if k-j-1 > 2 {
		return 0, false
	}
	rest := strings.TrimLeft(s[k:], " \u00a0")
	if strings.HasPrefix(rest, "%") {
		return k, true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return k, unicode.Is(unicode.Cyrillic, r)
}

func isLetterByte(s string, k int) bool {
	r, _ := utf8.DecodeRuneInString(s[k:])
	return isWordRune(r) && !isCJK(r)
}

// scanWord reads a word: letters and marks, apostrophes between letters
// (a trailing possessive "'s" is noted and skipped), and dotted
// abbreviations of single letters ("U.S.", "a.m.", "W."). A word running
// into digits becomes a code ("APT29").
func scanWord(s string, t *token) {
	i := t.start
	// dotted initials: L. or L.L. (single letters each followed by '.')
	if j, ok := dottedInitials(s, i); ok {
		t.kind = tWord
		t.end = j
		t.text = s[i:j]
		t.lower = strings.ToLower(strings.ReplaceAll(t.text, ".", ""))
		t.dotted = true
		r, _ := utf8.DecodeRuneInString(t.text)
		t.upper = unicode.IsUpper(r)
		t.allCaps = t.upper && utf8.RuneCountInString(t.lower) >= 2 && strings.ToUpper(t.text) == t.text
		return
	}
	j := i
	var letters, uppers int
	firstUpper := false
	mixed := false
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) && !isCJK(r) {
			if unicode.IsUpper(r) {
				if letters == 0 {
					firstUpper = true
				} else {
					mixed = true
				}
				uppers++
			}
			letters++
			j += size
			continue
		}
		if r == '\'' || r == '’' {
			k := j + size
			if k < len(s) {
				r2, size2 := utf8.DecodeRuneInString(s[k:])
				if isWordRune(r2) && !isCJK(r2) {
					if (r2 == 's' || r2 == 'S') && (k+size2 == len(s) || !continuesWord(s[k+size2:])) {
						t.possessive = true
						t.kind = tWord
						finishWord(s, t, i, j, letters, uppers, firstUpper, mixed)
						t.wordEnd = j
						t.end = k + size2
						return
					}
					j = k
					continue
				}
			}
		}
		break
	}
	t.kind = tWord
	if j < len(s) && isD(s[j]) {
		for j < len(s) && (isD(s[j]) || isLetterByte(s, j)) {
			j++
		}
		t.kind = tCode
		t.end = j
		return
	}
	t.end = j
	finishWord(s, t, i, j, letters, uppers, firstUpper, mixed)
}

func finishWord(s string, t *token, i, j, letters, uppers int, firstUpper, mixed bool) {
	t.text = s[i:j]
	t.lower = strings.ToLower(t.text)
	if strings.ContainsAny(t.lower, "'’") {
		t.lower = strings.NewReplacer("'", "", "’", "").Replace(t.lower)
	}
	t.upper = firstUpper
	t.allCaps = letters >= 2 && uppers == letters
	t.mixed = mixed && !t.allCaps
}

func continuesWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r) || (r >= '0' && r <= '9')
}

// dottedInitials matches "U.S.", "a.m.", "W." at i: single letters each
// followed by a period, the last period followed by a non-letter.
func dottedInitials(s string, i int) (int, bool) {
	j := i
	n := 0
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !isWordRune(r) || isCJK(r) || j+size >= len(s) || s[j+size] != '.' {
			break
		}
		// the letter must stand alone: no letter right after the period
		k := j + size + 1
		n++
		j = k
		if k < len(s) {
			r2, _ := utf8.DecodeRuneInString(s[k:])
			if isWordRune(r2) && !isCJK(r2) {
				continue
			}
		}
		break
	}
	if n == 0 {
		return 0, false
	}
	// the run must end after a period and not be followed by a letter
	if j < len(s) {
		r2, _ := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r2) && !isCJK(r2) {
			return 0, false
		}
	}
	// a single lowercase letter with a period is just a word ending a sentence
	if n == 1 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsUpper(r) {
			return 0, false
		}
	}
	return j, true
}
