package verify

import (
	"github.com/brief-cli/brief/internal/docread"
	"github.com/brief-cli/brief/internal/textseg"
)

// segment reads a source as the pipeline does: docread cleans the format
// (front matter, comments, markdown inline marks), then textseg segments.
func segment(text string) textseg.Document {
	doc, err := docread.Parse([]byte(text), docread.Options{})
	if err != nil {
		return textseg.Segment(text) // empty or odd input: the segmenter copes
	}
	return textseg.Segment(doc.Text)
}
