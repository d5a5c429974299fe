// Package textseg splits normalized report text into numbered paragraphs and
// sentences. Paragraph numbers are 1-based and stable for a given input: the
// map notes, citations and the extractive engine all refer to them.
//
// It understands the layouts reports arrive in: hard-wrapped text, hanging
// and first-line indentation, one paragraph per line, PDF page breaks (form
// feeds), markdown, and non-English text (CJK, Cyrillic, Devanagari, Arabic
// punctuation). It expects text as internal/docread gives it: front matter,
// HTML comments and page furniture (running headers and footers, page
// numbers) are docread's to drop. textseg owns sentence splitting and the
// abbreviation table (IsAbbreviation) for every other package.
//
//	doc := textseg.Segment(text)
//	for _, p := range doc.Paragraphs {
//		if p.Heading {
//			fmt.Printf("[P%d] ## %s\n", p.Number, p.Text)
//			continue
//		}
//		fmt.Printf("[P%d] %d sentences\n", p.Number, len(p.Sentences))
//	}
package textseg

// Document is a report split into paragraphs.
type Document struct {
	Paragraphs []Paragraph
}

// Paragraph is one block of text separated from its neighbours by a blank
// line (or a layout break the segmenter recognises).
type Paragraph struct {
	// Number is the 1-based paragraph number used in citations.
	Number int
	// Page is the 1-based source page when known (PDF input), else 0.
	Page int
	// Heading reports whether the paragraph looks like a section heading.
	Heading bool
	// Level is a markdown heading's level ("## Findings" is 2, a setext
	// "===" underline 1), or 0 for other paragraphs and for headings
	// recognised from their form alone.
	Level int
	// Marker is the enumerator that opened a list item ("2.", "a.", "(3)"),
	// removed from Text and Sentences because it is layout, not prose; ""
	// for other paragraphs. The grounding check still reads it: "four
	// actions" rests on the "4." of a list.
	Marker string
	// Text is the paragraph with internal whitespace folded to single spaces.
	Text string
	// Sentences are the paragraph's sentences, in order; joined with single
	// spaces they give Text.
	Sentences []string
}

// Sentence is a sentence together with the paragraph it belongs to.
type Sentence struct {
	Para int    // paragraph number
	Text string // the sentence, whitespace folded
}

// Sentences returns every sentence of the document in order.
func (d Document) Sentences() []Sentence {
	var out []Sentence
	for _, p := range d.Paragraphs {
		for _, s := range p.Sentences {
			out = append(out, Sentence{Para: p.Number, Text: s})
		}
	}
	return out
}
