package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBatchManySmallFiles runs a batch over thousands of small documents
// in process: every one gets a brief, and the table counts them all.
// Under the race detector 500 documents keep the 4 workers busy for over
// a hundred rounds, which is what it needs to see, at a quarter of the
// time; a run without -race does 2,000.
func TestBatchManySmallFiles(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 300
	} else if raceBuild {
		n = 500
	}
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "briefs")
	for i := range n {
		dir := filepath.Join(in, fmt.Sprintf("d%02d", i%37))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		text := fmt.Sprintf("Note %d\n\nThe agency reported incident %d on 3 May 2024. Officials said %d systems were affected. They warned that more attacks may follow.\n", i, i, i%50+2)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("n%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"brief", "--engine", "extractive", "-o", out, in}, strings.NewReader(""), &stdout, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if want := fmt.Sprintf("%d done, 0 skipped, 0 failed", n); !strings.Contains(stderr.String(), want) {
		t.Fatalf("stderr does not say %q:\n%s", want, lastLines(stderr.String(), 3))
	}
	briefs, _ := filepath.Glob(filepath.Join(out, "d*", "*.md"))
	if len(briefs) != n {
		t.Fatalf("%d briefs for %d documents", len(briefs), n)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.md"))
	if err != nil || strings.Count(string(index), "\n- [") != n {
		t.Fatalf("index lists %d briefs (%v)", strings.Count(string(index), "\n- ["), err)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
