package textseg

import (
	"testing"

	"github.com/brief-cli/brief/internal/docread"
)

// readText returns a file's text as the pipeline hands it to Segment:
// through docread, which drops front matter, comments and other format
// furniture before segmentation.
func readText(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	doc, err := docread.Parse(data, docread.Options{NameHint: name})
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return doc.Text
}
