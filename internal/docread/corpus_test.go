package docread

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// TestCorpusFormats parses every corpus document twice, with its file name
// and as anonymous standard input: both must succeed with the format the
// extension names, and the text must keep the document's bulk.
func TestCorpusFormats(t *testing.T) {
	dir := testcorpus.Dir(t)
	want := map[string]Format{".txt": FormatText, ".md": FormatMarkdown, ".html": FormatHTML, ".pdf": FormatPDF}
	for _, sub := range []string{"reports", "news", "html", "pdf", "multilingual", "stress"} {
		files, err := filepath.Glob(filepath.Join(dir, sub, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			t.Run(sub+"/"+filepath.Base(f), func(t *testing.T) {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				for _, hint := range []string{f, ""} {
					doc, err := Parse(data, Options{NameHint: hint})
					if err != nil {
						t.Fatalf("hint %q: %v", hint, err)
					}
					if w := want[filepath.Ext(f)]; doc.Format != w {
						t.Errorf("hint %q: Format %q, want %q", hint, doc.Format, w)
					}
					// Markdown loses its link targets and emphasis marks.
					keep := 9
					if doc.Format == FormatMarkdown {
						keep = 8
					}
					if doc.Format != FormatHTML && doc.Format != FormatPDF && len(doc.Text) < len(data)*keep/10 {
						t.Errorf("text kept %d of %d bytes", len(doc.Text), len(data))
					}
					if strings.ContainsAny(doc.Text, "\r\x00\uFEFF") {
						t.Error("text has CR, NUL or BOM")
					}
				}
			})
		}
	}
}
