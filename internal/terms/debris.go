package terms

import (
	"strings"
	"unicode"
)

// IsDebris reports whether more than a fifth of the words of s are
// damaged (see IsDamagedWord).
func IsDebris(s string) bool {
	tokens, weird := 0, 0
	for _, f := range strings.Fields(s) {
		tokens++
		if IsDamagedWord(f) {
			weird++
		}
	}
	return weird*5 > tokens
}

// IsDamagedWord spots OCR damage such as "Ma1:ertal" or "\\'erlc": letters
// mixed with digits or with characters that never occur inside words.
func IsDamagedWord(f string) bool {
	f = strings.Trim(f, `.,;:!?()[]"'“”‘’*_`)
	var letter, digit, odd bool
	for _, r := range f {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			letter = true
		case strings.ContainsRune(`\|{}<>=;:^~`, r):
			odd = true
		}
	}
	return letter && (odd || digit && !plausibleAlnum(f))
}

// plausibleAlnum accepts identifiers like "COVID-19", "21-01", "H1N1",
// "4th", "1990s" or "GAO-02-24".
func plausibleAlnum(f string) bool {
	upper := true
	for _, r := range f {
		if r >= 'a' && r <= 'z' {
			upper = false
			break
		}
	}
	if upper {
		return true
	}
	for _, suf := range []string{"st", "nd", "rd", "th", "s", "am", "pm", "m", "km", "kg", "mb", "gb"} {
		if d := strings.TrimSuffix(f, suf); d != f && d != "" && strings.Trim(d, "0123456789,.") == "" {
			return true
		}
	}
	return false
}
