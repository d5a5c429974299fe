package extractive

import (
	"github.com/brief-cli/brief/internal/docread"
	"github.com/brief-cli/brief/internal/textseg"
)

// segment reads text as the CLI does: docread cleans the format (front
// matter, comments, markdown inline marks), then the real segmenter.
func segment(text string) textseg.Document {
	doc, err := docread.Parse([]byte(text), docread.Options{})
	if err != nil {
		return textseg.Segment(text) // empty or odd input: the segmenter copes
	}
	return textseg.Segment(doc.Text)
}
