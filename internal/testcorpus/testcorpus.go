// Package testcorpus finds the shared corpus of real reports that tests and
// benchmarks read: ../shared/corpus beside the repository, as CI lays it
// out (or one level further up, for a git worktree).
//
//	data := testcorpus.Read(t, "reports/mueller-report-2019-ocr.txt")
package testcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Find returns the corpus folder, or "" when there is none.
func Find() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	for _, c := range []string{filepath.Join(dir, "..", "shared", "corpus"), filepath.Join(dir, "..", "..", "shared", "corpus")} {
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c
		}
	}
	return ""
}

// Dir returns the corpus folder, skipping the test when there is none.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := Find()
	if dir == "" {
		tb.Skip("shared corpus not found beside the repository")
	}
	return dir
}

// Read returns a corpus file, named relative to the corpus folder.
func Read(tb testing.TB, rel string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(tb), rel))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
