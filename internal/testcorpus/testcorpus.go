// Package testcorpus finds the shared corpus of real reports that tests and
// benchmarks read: ../shared/corpus beside the repository, as CI lays it
// out (or one level further up, for a git worktree).
//
//	data := testcorpus.Read(t, "reports/mueller-report-2019-ocr.txt")
//
// Without the corpus those tests skip. A package that uses it runs its tests
// through Main, which then says in one line how many skipped and why:
//
//	func TestMain(m *testing.M) { testcorpus.Main(m) }
package testcorpus

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// skipReason is what a skipped test says; Main counts them.
const skipReason = "shared corpus not found beside the repository (../shared/corpus)"

// skipped counts the tests and benchmarks of this test binary that skipped
// for want of the corpus.
var skipped atomic.Int64

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
		skipped.Add(1)
		tb.Skip(skipReason)
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

// Main runs a package's tests, then prints one line if any skipped for want
// of the corpus, and exits with the tests' status.
func Main(m *testing.M) {
	code := m.Run()
	report(os.Stdout, skipped.Load())
	os.Exit(code)
}

// report writes the skip summary line, if there is anything to say.
func report(w io.Writer, n int64) {
	if n == 0 {
		return
	}
	noun := "tests"
	if n == 1 {
		noun = "test"
	}
	fmt.Fprintf(w, "testcorpus: %d corpus %s skipped: %s\n", n, noun, skipReason)
}
