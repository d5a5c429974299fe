package summarize

import (
	"strings"

	"github.com/brief-cli/brief/internal/textseg"
)

// sourceWords is how many first words of a cited paragraph the Sources
// list shows.
const sourceWords = 12

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
			words := strings.Fields(sp.Text)
			start := strings.Join(words[:min(len(words), sourceWords)], " ")
			if len(words) > sourceWords {
				start += " …"
			}
			b.paras[n] = sourcePara{start: start, page: sp.Page}
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
