package extractive

import (
	"strings"
	"unicode"

	"github.com/brief-cli/brief/internal/terms"
	"github.com/brief-cli/brief/internal/textseg"
)

// titleParas is how far down findTitle looks for a heading.
const titleParas = 12

// findTitle returns the first heading near the top of doc with Markdown
// markup removed. Without a flagged heading, a first paragraph that is a
// short unpunctuated line in capitals or title case is taken as the title.
func findTitle(doc textseg.Document) string {
	isHeading := func(p textseg.Paragraph) bool { return p.Heading || strings.HasPrefix(paraText(p), "#") }
	for i, p := range doc.Paragraphs {
		if i >= titleParas {
			break
		}
		if !isHeading(p) {
			continue
		}
		t := cleanTitle(paraText(p))
		if !isTitleText(t) || isFrontMatter(paraText(p)) {
			continue
		}
		// A title broken over several heading lines ("Report On The
		// Investigation Into" / "Russian Interference …") is rejoined.
		for j := i + 1; j < len(doc.Paragraphs) && isHeading(doc.Paragraphs[j]) && endsWithFunctionWord(t); j++ {
			t += " " + cleanTitle(paraText(doc.Paragraphs[j]))
		}
		return t
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

// isTitleText rejects headings that are only a date, a number or a
// byline ("January 24, 2019", "By Christopher Krebs, Director").
func isTitleText(t string) bool {
	rest := monthYear.ReplaceAllString(fullDate.ReplaceAllString(t, ""), "")
	words := 0
	forEachWord(rest, func(string) { words++ })
	if words < 2 && !hasIdeographs(rest) {
		return false
	}
	return !strings.HasPrefix(strings.ToLower(t), "by ")
}

func endsWithFunctionWord(t string) bool {
	f := strings.Fields(t)
	return len(f) > 0 && stopSets["en"][strings.ToLower(f[len(f)-1])]
}

func hasIdeographs(s string) bool {
	for _, r := range s {
		if terms.IsIdeographic(r) {
			return true
		}
	}
	return false
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
