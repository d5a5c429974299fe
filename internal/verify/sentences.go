package verify

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a sentence with its byte offset in the text.
type span struct {
	text  string // whitespace folded
	start int
}

// maxSentenceWords caps a sentence; longer runs (tables, OCR blocks, lists
// without punctuation) are cut into pieces so that no piece matches
// everything.
const maxSentenceWords = 60

// splitSentences splits text into sentences: blocks end at blank lines and
// at lines that open markdown headings, list items, quotes or table rows;
// within a block sentences end at ".", "!" or "?" followed by a space and
// a capital, digit or opening mark (not after an abbreviation or initial),
// and at CJK full stops.
func splitSentences(text string) []span {
	var out []span
	for _, b := range blocks(text) {
		out = splitBlock(text, b, out)
	}
	return out
}

// blocks returns the [start, end) byte ranges of text's blocks.
func blocks(text string) [][2]int {
	var out [][2]int
	start := -1
	lineStart := 0
	for lineStart <= len(text) {
		end := strings.IndexByte(text[lineStart:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += lineStart
		}
		line := text[lineStart:end]
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || isRule(trimmed):
			if start >= 0 {
				out = append(out, [2]int{start, lineStart})
				start = -1
			}
		case opensBlock(trimmed):
			if start >= 0 {
				out = append(out, [2]int{start, lineStart})
			}
			start = lineStart
			if trimmed[0] == '#' {
				// a heading is a block of its own
				out = append(out, [2]int{start, end})
				start = -1
			}
		default:
			if start < 0 {
				start = lineStart
			}
		}
		if end == len(text) {
			break
		}
		lineStart = end + 1
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

func isRule(s string) bool {
	return strings.Trim(s, "-=*_~ ") == "" && len(s) >= 3
}

// opensBlock reports whether a line starts a block of its own.
func opensBlock(s string) bool {
	switch s[0] {
	case '#', '>', '|', '*', '-', '+':
		return len(s) > 1 && (s[1] == ' ' || s[0] == '#' || s[0] == '|')
	}
	if strings.HasPrefix(s, "•") {
		return true
	}
	// "1. ", "12) "
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' '
}

// splitBlock appends the sentences of text[b[0]:b[1]] to out.
func splitBlock(text string, b [2]int, out []span) []span {
	s := text[b[0]:b[1]]
	sentStart := -1
	words := 0
	inWord := false
	flush := func(end int) {
		if sentStart >= 0 {
			if t := strings.Join(strings.Fields(s[sentStart:end]), " "); t != "" {
				out = append(out, span{text: t, start: b[0] + sentStart})
			}
		}
		sentStart, words, inWord = -1, 0, false
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			if inWord {
				inWord = false
				words++
				if words >= maxSentenceWords {
					flush(i)
				}
			}
			i += size
			continue
		}
		if sentStart < 0 {
			sentStart = i
		}
		inWord = true
		switch r {
		case '。', '！', '？':
			flush(i + size)
			i += size
			continue
		case '.', '!', '?':
			// swallow closing marks after the stop
			j := i + size
			for j < len(s) {
				c, cs := utf8.DecodeRuneInString(s[j:])
				if !strings.ContainsRune("\"'”’)]*_»", c) {
					break
				}
				j += cs
			}
			if endsSentence(s, i, j) {
				flush(j)
				i = j
				continue
			}
		}
		i += size
	}
	flush(len(s))
	return out
}

// endsSentence reports whether the stop at i (closing marks up to j) ends
// a sentence.
func endsSentence(s string, i, j int) bool {
	if j >= len(s) {
		return true
	}
	c, _ := utf8.DecodeRuneInString(s[j:])
	if !unicode.IsSpace(c) {
		return false
	}
	k := j
	for k < len(s) {
		c, cs := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsSpace(c) {
			break
		}
		k += cs
	}
	if k >= len(s) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(s[k:])
	if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("\"'“‘([*_«", next) || isCJK(next)) {
		return false
	}
	if s[i] != '.' {
		return true
	}
	// the word before the period: an abbreviation or an initial?
	w := i
	for w > 0 {
		p, ps := utf8.DecodeLastRuneInString(s[:w])
		if !unicode.IsLetter(p) && p != '.' {
			break
		}
		w -= ps
	}
	word := strings.ToLower(strings.Trim(s[w:i], "."))
	if word == "" {
		// "1." opening a list item
		lead := strings.TrimLeft(s[:i], " \t\n\r")
		return !(len(lead) > 0 && len(lead) <= 3 && strings.Trim(lead, "0123456789") == "")
	}
	if abbrevs[word] || strings.Contains(word, ".") {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(s[w:]); utf8.RuneCountInString(word) == 1 && unicode.IsUpper(r) {
		return false // "George W. Bush"
	}
	return true
}
