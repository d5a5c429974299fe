package textseg

import "strings"

// Segment splits text into paragraphs and sentences.
// Placeholder implementation: blank-line paragraphs, one sentence each.
func Segment(text string) Document {
	var doc Document
	for _, block := range strings.Split(text, "\n\n") {
		t := strings.Join(strings.Fields(block), " ")
		if t == "" {
			continue
		}
		doc.Paragraphs = append(doc.Paragraphs, Paragraph{Number: len(doc.Paragraphs) + 1, Text: t, Sentences: []string{t}})
	}
	return doc
}
