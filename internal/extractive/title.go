package extractive

import (
	"strings"
	"unicode"

	"github.com/brief-cli/brief/internal/textseg"
)

// titleParas is how far down findTitle looks for a heading.
const titleParas = 12

// findTitle returns the first heading near the top of doc with Markdown
// markup removed. Without a flagged heading, a first paragraph that is a
// short unpunctuated line in capitals or title case is taken as the title.
func findTitle(doc textseg.Document) string {
	for i, p := range doc.Paragraphs {
		if i >= titleParas {
			break
		}
		if p.Heading || strings.HasPrefix(paraText(p), "#") {
			if t := cleanTitle(paraText(p)); t != "" && !isFrontMatter(paraText(p)) {
				return t
			}
		}
	}
	// Otherwise the first paragraph that is not OCR debris, if it looks
	// like a title.
	for i, p := range doc.Paragraphs {
		t := cleanTitle(paraText(p))
		if i >= 3 || t == "" {
			break
		}
		if isDebris(t) {
			continue // such as a garbled page banner
		}
		if len(p.Sentences) > 1 {
			break
		}
		if looksLikeTitle(t) {
			return t
		}
		break
	}
	return ""
}

func isFrontMatter(s string) bool {
	return strings.HasPrefix(s, "---") || strings.Count(s, ": ") >= 2
}

// cleanTitle drops Markdown heading marks, emphasis and surrounding quotes.
func cleanTitle(s string) string {
	s = strings.TrimLeft(s, "# ")
	s = strings.TrimSpace(strings.Trim(s, "*_ \t"))
	if strings.HasPrefix(s, "\"") && strings.HasSuffix(s, "\"") && len(s) > 2 {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// looksLikeTitle: at most 15 words, no closing punctuation, every longer
// word capitalised.
func looksLikeTitle(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 15 || strings.ContainsAny(s[len(s)-1:], ".,;:!?") {
		return false
	}
	letters := false
	for _, w := range words {
		r := []rune(strings.TrimLeft(w, "\"'“(«"))
		if len(r) == 0 {
			continue
		}
		if unicode.IsLetter(r[0]) {
			letters = true
			if len(r) > 3 && unicode.IsLower(r[0]) {
				return false
			}
		}
	}
	return letters
}
