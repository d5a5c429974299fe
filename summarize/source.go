package summarize

import (
	"strings"
	"unicode"

	"github.com/brief-cli/brief/internal/textseg"
)

// sourceWords is how many first words of a cited paragraph the Sources
// list shows.
const sourceWords = 12

// sourceRunes caps the start shown for text without spaces between words
// (Chinese, Japanese), where sourceWords would take a whole paragraph.
const sourceRunes = 40

// sourceStart is the first words of a paragraph, with " …" when cut.
func sourceStart(text string) string {
	words := strings.Fields(text)
	start := strings.Join(words[:min(len(words), sourceWords)], " ")
	cut := len(words) > sourceWords
	if r := []rune(start); len(r) > sourceRunes+sourceRunes/2 && strings.IndexFunc(start, unspaced) >= 0 {
		start, cut = string(r[:sourceRunes]), true
	}
	if cut {
		start += " …"
	}
	return start
}

// unspaced reports whether r is of a script written without spaces
// between words.
func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)
}

// attachSource records what rendering needs of the report: the cited
// paragraphs' first words and pages, and the link targets it contains.
func (b *Brief) attachSource(doc textseg.Document, text string) {
	b.paras = map[int]sourcePara{}
	byNum := make(map[int]textseg.Paragraph, len(doc.Paragraphs))
	for _, p := range doc.Paragraphs {
		byNum[p.Number] = p
	}
	b.eachParagraph(func(_ string, p *Paragraph) {
		for _, n := range p.Sources {
			sp, ok := byNum[n]
			if !ok {
				continue
			}
			b.paras[n] = sourcePara{start: sourceStart(sp.Text), page: sp.Page}
		}
	})
	b.sourceURLs = map[string]bool{}
	for _, u := range reURLInSrc.FindAllString(text, -1) {
		b.sourceURLs[strings.TrimRight(u, "/.,;:")] = true
	}
}

// eachParagraph calls f with every paragraph and key fact of the brief and
// the name of its section.
func (b *Brief) eachParagraph(f func(section string, p *Paragraph)) {
	f("Lead", &b.Lead)
	for i := range b.Sections {
		for j := range b.Sections[i].Paragraphs {
			f(b.Sections[i].Heading, &b.Sections[i].Paragraphs[j])
		}
	}
	for i := range b.Implications {
		f("Implications", &b.Implications[i])
	}
	for i := range b.KeyFacts {
		f("Key facts", &b.KeyFacts[i])
	}
}
