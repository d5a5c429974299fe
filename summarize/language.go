package summarize

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// A language the brief can be asked to be written in: its English name,
// for the prompt, and its script, for the grounding check.
type language struct {
	name   string
	script string
}

// languages are those Options.Language accepts, by ISO 639-1 code. The
// list is short on purpose: each is a language the check knows the script
// of.
var languages = map[string]language{
	"en": {"English", "Latin"}, "fr": {"French", "Latin"}, "de": {"German", "Latin"},
	"es": {"Spanish", "Latin"}, "it": {"Italian", "Latin"}, "pt": {"Portuguese", "Latin"},
	"nl": {"Dutch", "Latin"}, "pl": {"Polish", "Latin"}, "tr": {"Turkish", "Latin"},
	"ru": {"Russian", "Cyrillic"}, "uk": {"Ukrainian", "Cyrillic"},
	"zh": {"Chinese", "Han"}, "ja": {"Japanese", "Han"}, "ko": {"Korean", "Hangul"},
	"ar": {"Arabic", "Arabic"}, "fa": {"Persian", "Arabic"}, "he": {"Hebrew", "Hebrew"},
	"el": {"Greek", "Greek"}, "hi": {"Hindi", "Devanagari"},
}

// LanguageCode returns the code of a language given by code ("en") or by
// English name ("English"), case aside, and whether brief knows it.
func LanguageCode(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if before, _, ok := strings.Cut(s, "-"); ok { // "en-GB", "zh-Hans"
		s = before
	}
	if _, ok := languages[s]; ok {
		return s, true
	}
	for code, l := range languages {
		if strings.ToLower(l.name) == s {
			return code, true
		}
	}
	return "", false
}

// LanguageCodes lists the codes LanguageCode accepts, sorted.
func LanguageCodes() []string {
	var out []string
	for code := range languages {
		out = append(out, code)
	}
	sort.Strings(out)
	return out
}

// languageName is the English name of a language code, for prompts.
func languageName(code string) string { return languages[code].name }

// ErrCannotTranslate means a brief was asked in another language than the
// report's, of the offline engine, which only picks the report's own
// sentences.
var ErrCannotTranslate = errors.New("the offline engine cannot translate")

// LanguageError is Options.Language asked of the offline engine for a
// report in another language. It wraps ErrCannotTranslate.
type LanguageError struct {
	// Want is the language asked for; Report the report's, as detected.
	Want, Report string
}

func (e *LanguageError) Error() string {
	return fmt.Sprintf("%s: the brief was asked in %s, the report is in %s", ErrCannotTranslate, nameOf(e.Want), nameOf(e.Report))
}

// Unwrap returns ErrCannotTranslate.
func (e *LanguageError) Unwrap() error { return ErrCannotTranslate }

// LanguageName is the English name of a code LanguageCode returned, or the
// code itself when brief has no name for it.
func LanguageName(code string) string { return nameOf(code) }

func nameOf(code string) string {
	if l, ok := languages[code]; ok {
		return l.name
	}
	return code
}

// scriptSample bounds the letters looked at to tell a text's script.
const scriptSample = 20000

// dominantScript is the script most letters of text are written in
// ("Latin", "Cyrillic", "Han", …), or "" when text has no letters.
func dominantScript(text string) string {
	counts := map[string]int{}
	n := 0
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		if n++; n > scriptSample {
			break
		}
		counts[scriptOf(r)]++
	}
	best, most := "", 0
	for s, c := range counts {
		if c > most || c == most && s < best {
			best, most = s, c
		}
	}
	return best
}

// scriptOf names the script of a letter, with kana counted as Han: a
// Japanese report mixes them.
func scriptOf(r rune) string {
	switch {
	case unicode.Is(unicode.Latin, r):
		return "Latin"
	case unicode.Is(unicode.Cyrillic, r):
		return "Cyrillic"
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return "Han"
	case unicode.Is(unicode.Hangul, r):
		return "Hangul"
	case unicode.Is(unicode.Arabic, r):
		return "Arabic"
	case unicode.Is(unicode.Hebrew, r):
		return "Hebrew"
	case unicode.Is(unicode.Greek, r):
		return "Greek"
	case unicode.Is(unicode.Devanagari, r):
		return "Devanagari"
	}
	return "other"
}

// setAsideCrossScript moves the names and quotations that the check could
// not find because they are written in another script than the report's
// (a transliteration, a translated quotation) from Unsupported to
// CrossScript: absent from the report's letters is no evidence either way.
// It does so only when the brief was asked in a language of another
// script than the report's.
func (b *Brief) setAsideCrossScript(want, report string) {
	v := b.Verification
	if v == nil || want == "" || report == "" || want == report {
		return
	}
	kept := v.Unsupported[:0]
	for _, u := range v.Unsupported {
		if (u.Kind == "name" || u.Kind == "quote") && dominantScript(u.Text) == want {
			v.CrossScript = append(v.CrossScript, u)
			continue
		}
		kept = append(kept, u)
	}
	v.Unsupported = kept
	v.ReportScript, v.BriefScript = report, want
}
