package terms

import (
	"strings"
	"unicode/utf8"
)

// The stemmers are light suffix strippers: they only have to map the
// inflections of one word to the same key so that sentences about the same
// thing look alike. Over-stemming ("issue" -> "issu") is harmless here.

// StemEnglish strips common English inflections from a lowercased word.
func StemEnglish(w string) string {
	if len(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s"):
		w = w[:len(w)-1]
	}
	switch {
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "eed"):
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		w = undouble(w[:len(w)-2])
	case strings.HasSuffix(w, "ly") && len(w) > 5:
		w = w[:len(w)-2]
	}
	if strings.HasSuffix(w, "e") && len(w) > 4 {
		w = w[:len(w)-1]
	}
	return w
}

// undouble turns "stopp" into "stop" but leaves "install" and "miss" alone.
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] {
		switch w[n-1] {
		case 'l', 's', 'z', 'a', 'e', 'i', 'o', 'u':
			return w
		}
		return w[:n-1]
	}
	return w
}

// Stemmer returns the stemmer for a language code ("en", "ru"), or nil when
// there is none.
func Stemmer(lang string) func(string) string {
	switch lang {
	case "en":
		return StemEnglish
	case "ru":
		return StemRussian
	}
	return nil
}

// russianEndings are inflectional endings, longest first within each length
// so that the first match is the longest one.
var russianEndings = func() []string {
	list := strings.Fields(`иями ями ами ия ию ием иях ья ье ью ьи ого его ому ему ыми ими ией иях ах ях ов ев ей ий ый ой ая яя ое ее ие ые ую юю ом ем
ам ям ешь ете ите ишь ет ит ут ют ат ят ла ло ли ть ти ость ости а я о е ы и у ю ь й`)
	// Sort by rune length, longest first (stable for equal lengths).
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && utf8.RuneCountInString(list[j]) > utf8.RuneCountInString(list[j-1]); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
	return list
}()

// StemRussian strips a reflexive particle and one inflectional ending,
// keeping a stem of at least four letters.
func StemRussian(w string) string {
	w = strings.ReplaceAll(w, "ё", "е")
	if utf8.RuneCountInString(w) > 5 {
		if strings.HasSuffix(w, "ся") || strings.HasSuffix(w, "сь") {
			w = w[:len(w)-len("ся")]
		}
	}
	n := utf8.RuneCountInString(w)
	for _, e := range russianEndings {
		if strings.HasSuffix(w, e) && n-utf8.RuneCountInString(e) >= 4 {
			return w[:len(w)-len(e)]
		}
	}
	return w
}
