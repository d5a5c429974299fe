package extractive

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"

	"github.com/brief-cli/brief/internal/textseg"
)

func readCorpus(tb testing.TB, rel string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(testcorpus.Dir(tb), rel))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// segment is the real segmenter, as the CLI uses it.
var segment = textseg.Segment
