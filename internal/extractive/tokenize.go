package extractive

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/terms"
)

// stopSets are the stop words by language: English and Russian from
// internal/terms; the other Latin-script languages get their detection
// profile as a (short) stop list.
var stopSets = map[string]map[string]bool{
	"en": terms.StopWords("en"),
	"ru": terms.StopWords("ru"),
}

func init() {
	for _, p := range latinProfiles {
		if _, ok := stopSets[p.code]; ok {
			continue
		}
		stopSets[p.code] = terms.WordSet(strings.Join(p.words, " "))
	}
}

// tokenizer turns sentences into term ids. Words of spaced scripts are
// lowercased, stop words dropped and the rest stemmed when a stemmer exists
// for the language; runs of Han/Kana (written without spaces) become
// overlapping character bigrams, the usual language-neutral unit for them.
type tokenizer struct {
	stop  map[string]bool
	stem  func(string) string
	vocab map[string]int32 // term -> id
	// surface caches lowercased surface form -> term id (-1: dropped), so
	// that each distinct word is lowercased, filtered and stemmed once.
	surface map[string]int32
	buf     []byte
}

func newTokenizer(lang string) *tokenizer {
	t := &tokenizer{
		stop:    stopSets[lang],
		vocab:   make(map[string]int32),
		surface: make(map[string]int32),
	}
	t.stem = terms.Stemmer(lang)
	return t
}

// vocabSize is the number of distinct terms seen so far.
func (t *tokenizer) vocabSize() int { return len(t.vocab) }

func (t *tokenizer) intern(term string) int32 {
	if id, ok := t.vocab[term]; ok {
		return id
	}
	id := int32(len(t.vocab))
	t.vocab[term] = id
	return id
}

// word maps one raw word (a letter/digit run) to a term id, or -1.
func (t *tokenizer) word(raw string) int32 {
	if id, ok := t.surface[raw]; ok {
		return id
	}
	id := int32(-1)
	lower := toLower(raw)
	if keepWord(lower) && !t.stop[lower] {
		term := lower
		if t.stem != nil {
			term = t.stem(lower)
		}
		id = t.intern(term)
	}
	t.surface[raw] = id
	return id
}

// keepWord drops one-letter words and pure numbers: numbers are handled as
// key facts, and as terms they mostly link unrelated sentences (page and
// footnote numbers, list items).
func keepWord(w string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func toLower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c >= 'A' && c <= 'Z' {
			return lowerSlow(s)
		}
	}
	return s
}

func lowerSlow(s string) string {
	b := make([]rune, 0, len(s))
	for _, r := range s {
		b = append(b, unicode.ToLower(r))
	}
	return string(b)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// appendTerms appends the term ids of s to dst.
func (t *tokenizer) appendTerms(dst []int32, s string) []int32 {
	wordStart, ideoStart := -1, -1
	flushWord := func(end int) {
		if wordStart >= 0 {
			if id := t.word(s[wordStart:end]); id >= 0 {
				dst = append(dst, id)
			}
			wordStart = -1
		}
	}
	flushIdeo := func(end int) {
		if ideoStart >= 0 {
			dst = t.appendBigrams(dst, s[ideoStart:end])
			ideoStart = -1
		}
	}
	for i, r := range s {
		switch {
		case r < 0x80:
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				flushIdeo(i)
				if wordStart < 0 {
					wordStart = i
				}
				continue
			}
			flushWord(i)
			flushIdeo(i)
		case terms.IsIdeographic(r):
			flushWord(i)
			if ideoStart < 0 {
				ideoStart = i
			}
		case isWordRune(r):
			flushIdeo(i)
			if wordStart < 0 {
				wordStart = i
			}
		default:
			flushWord(i)
			flushIdeo(i)
		}
	}
	flushWord(len(s))
	flushIdeo(len(s))
	return dst
}

// appendBigrams appends the character bigrams of an ideographic run (or the
// single character of a one-character run).
func (t *tokenizer) appendBigrams(dst []int32, run string) []int32 {
	terms.Bigrams(run, func(b string) { dst = append(dst, t.intern(b)) })
	return dst
}
