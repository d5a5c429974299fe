package extractive

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/brief-cli/brief/internal/textseg"
)

// corpusDir locates the shared corpus next to the repository (CI layout) or
// two levels up (worktree layout), skipping the test when it is absent.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("repository root not found")
		}
		dir = parent
	}
	for _, c := range []string{
		filepath.Join(dir, "..", "shared", "corpus"),
		filepath.Join(dir, "..", "..", "shared", "corpus"),
	} {
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c
		}
	}
	tb.Skip("shared corpus not found")
	return ""
}

func readCorpus(tb testing.TB, rel string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir(tb), rel))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// segment is the real segmenter, as the CLI uses it.
var segment = textseg.Segment
