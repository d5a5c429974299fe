package extractive

import (
	"testing"

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

// skipBigUnderRace skips a corpus case of the largest reports under the
// race detector, where each takes about a minute (the engine runs on one
// goroutine, so the detector has little to find there); a run without
// -race covers them.
func skipBigUnderRace(t *testing.T, big bool) {
	t.Helper()
	if raceBuild && big {
		t.Skip("a report this large takes minutes under -race; go test without -race covers it")
	}
}
