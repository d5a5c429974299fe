package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestBatchFullDiskResumes fills the output's disk mid-batch (a small
// tmpfs, which needs root: skipped otherwise). The batch stops at the
// first brief it cannot write, says the disk is full (exit 1), and once
// there is room a rerun goes on without refusing the briefs already
// written, and indexes them all (issue 10, item 11).
func TestBatchFullDiskResumes(t *testing.T) {
	out := t.TempDir()
	if err := unix.Mount("tmpfs", out, "tmpfs", 0, "size=24k"); err != nil {
		t.Skipf("cannot mount a small tmpfs (needs root): %v", err)
	}
	defer unix.Unmount(out, 0)
	in := t.TempDir()
	const n = 40
	for i := range n {
		text := fmt.Sprintf("Note %d\n\nThe agency reported incident %d on 3 May 2024. Officials said %d systems were affected. %s\n", i, i, i+2, strings.Repeat("They warned that more attacks may follow. ", 20))
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("n%02d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	briefs := filepath.Join(out, "briefs")
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"brief", "--engine", "extractive", "-o", briefs, in}, strings.NewReader(""), &stderr, &stderr)
	msg, code := describe(err)
	if code != exitFailure || !strings.Contains(msg, "the disk is full") {
		t.Fatalf("first run: exit %d %q; want 1, the disk is full\n%s", code, msg, lastLines(stderr.String(), 5))
	}
	written, _ := filepath.Glob(filepath.Join(briefs, "*.md"))
	if len(written) == 0 || len(written) >= n {
		t.Fatalf("%d briefs written on a full disk; want some, not all", len(written))
	}
	if err := unix.Mount("tmpfs", out, "tmpfs", unix.MS_REMOUNT, "size=4m"); err != nil {
		t.Fatalf("remount: %v", err)
	}
	stderr.Reset()
	if err := run(context.Background(), []string{"brief", "--engine", "extractive", "-o", briefs, in}, strings.NewReader(""), &stderr, &stderr); err != nil {
		t.Fatalf("rerun: %v\n%s", err, lastLines(stderr.String(), 5))
	}
	if !regexp.MustCompile(`\d+ done, [1-9]\d* skipped, 0 failed`).MatchString(stderr.String()) {
		t.Fatalf("the rerun did not skip the briefs already written:\n%s", lastLines(stderr.String(), 3))
	}
	index, err := os.ReadFile(filepath.Join(briefs, "index.md"))
	if err != nil || strings.Count(string(index), "\n- [") != n {
		t.Fatalf("index lists %d briefs, want %d (%v)", strings.Count(string(index), "\n- ["), n, err)
	}
}
