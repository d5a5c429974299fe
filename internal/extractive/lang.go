package extractive

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/terms"
)

// Language detection is deliberately simple: the dominant script decides for
// non-Latin text, and for Latin text the language whose function words cover
// the largest share of the tokens wins. That is enough to choose stop words,
// a stemmer and the section cue lexicons; anything uncertain is "und".

// detectSample bounds the work of language detection on huge inputs.
const detectSample = 64 << 10

// latinProfiles are the most frequent function words of the Latin-script
// languages we recognise. They double as those languages' stop words.
var latinProfiles = []struct {
	code  string
	words []string
}{
	{"en", []string{"the", "of", "and", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as", "by", "are", "this", "be", "at", "have", "from"}},
	{"fr", []string{"le", "la", "les", "de", "des", "et", "est", "un", "une", "du", "que", "qui", "dans", "pour", "pas", "sur", "au", "par", "ce", "il"}},
	{"de", []string{"der", "die", "das", "und", "ist", "nicht", "den", "von", "zu", "mit", "sich", "des", "auf", "für", "ein", "eine", "dem", "im", "auch", "es"}},
	{"es", []string{"el", "la", "los", "las", "de", "que", "y", "en", "un", "una", "es", "por", "con", "para", "del", "se", "no", "al", "lo", "como"}},
	{"it", []string{"il", "la", "di", "che", "e", "è", "un", "una", "per", "non", "del", "della", "con", "sono", "gli", "le", "si", "nel", "da", "dei"}},
	{"pt", []string{"o", "a", "os", "as", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "por", "dos", "das", "se", "no"}},
	{"nl", []string{"de", "het", "een", "van", "en", "is", "dat", "niet", "op", "te", "zijn", "voor", "met", "die", "er", "aan", "ook", "als", "bij", "wordt"}},
}

// detectLanguage returns a BCP 47 primary language subtag, or "und".
func detectLanguage(sample string) string {
	if len(sample) > detectSample {
		cut := detectSample
		for cut > 0 && !utf8.RuneStart(sample[cut]) {
			cut--
		}
		sample = sample[:cut]
	}
	var latin, cyr, han, kana, hangul, arabic, greek, hebrew, deva, thai, ukr int
	for _, r := range sample {
		switch {
		case r < 0x80:
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				latin++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			switch r {
			case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
				ukr++
			}
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		case unicode.Is(unicode.Devanagari, r):
			deva++
		case unicode.Is(unicode.Thai, r):
			thai++
		}
	}
	total := latin + cyr + han + kana + hangul + arabic + greek + hebrew + deva + thai
	if total == 0 {
		return "und"
	}
	best, n := "latin", latin
	for _, c := range []struct {
		s string
		n int
	}{{"cyr", cyr}, {"cjk", han + kana}, {"ko", hangul}, {"ar", arabic}, {"el", greek}, {"he", hebrew}, {"hi", deva}, {"th", thai}} {
		if c.n > n {
			best, n = c.s, c.n
		}
	}
	switch best {
	case "latin":
		return detectLatin(sample)
	case "cyr":
		// Ukrainian has letters Russian lacks; a handful per thousand is decisive.
		if ukr*200 > cyr {
			return "uk"
		}
		return "ru"
	case "cjk":
		if kana*10 > han+kana {
			return "ja"
		}
		return "zh"
	}
	return best
}

// detectLatin picks the Latin-script language whose function words cover the
// largest share of the sample's words; below 10% coverage nothing is claimed.
func detectLatin(sample string) string {
	counts := make([]int, len(latinProfiles))
	words := 0
	forEachWord(sample, func(w string) {
		words++
		for i, set := range latinSets {
			if set[w] {
				counts[i]++
			}
		}
	})
	best, bestN := -1, 0
	for i, n := range counts {
		if n > bestN {
			best, bestN = i, n
		}
	}
	if best < 0 || bestN*10 < words {
		return "und"
	}
	return latinProfiles[best].code
}

// latinSets are latinProfiles as sets, in the same order.
var latinSets = func() []map[string]bool {
	var sets []map[string]bool
	for _, p := range latinProfiles {
		sets = append(sets, terms.WordSet(strings.Join(p.words, " ")))
	}
	return sets
}()

// forEachWord calls f with every lowercased letter run of s.
func forEachWord(s string, f func(string)) {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			f(strings.ToLower(s[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		f(strings.ToLower(s[start:]))
	}
}
