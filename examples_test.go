package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateExamples = flag.Bool("update", false, "rewrite examples/*.brief.md and the README sample from the binary")

// unsetEnv removes the variables that would send run() to an LLM endpoint,
// restoring them when t ends.
func unsetEnv(t *testing.T, names ...string) {
	for _, n := range names {
		if v, ok := os.LookupEnv(n); ok {
			os.Unsetenv(n)
			t.Cleanup(func() { os.Setenv(n, v) })
		}
	}
}

// runBrief runs the CLI in-process and returns its standard output and
// standard error.
func runBrief(t *testing.T, args ...string) (string, string) {
	t.Helper()
	unsetEnv(t, "OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEF_ENGINE", "BRIEF_MODEL")
	var stdout, stderr bytes.Buffer
	runMu.Lock()
	err := run(context.Background(), append([]string{"brief"}, args...), strings.NewReader(""), &stdout, &stderr)
	runMu.Unlock()
	if code := report(err, &stderr); code != exitOK {
		t.Fatalf("brief %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String(), stderr.String()
}

// TestExamplesCurrent regenerates every examples/*.brief.md from its report
// with the command examples/README.md gives, and fails on any difference,
// so the committed examples cannot drift from what the binary writes.
// go test . -run TestExamplesCurrent -update rewrites them.
func TestExamplesCurrent(t *testing.T) {
	briefs, err := filepath.Glob("examples/*.brief.md")
	if err != nil || len(briefs) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, b := range briefs {
		name := strings.TrimSuffix(filepath.Base(b), ".brief.md")
		t.Run(name, func(t *testing.T) {
			srcs, _ := filepath.Glob(filepath.Join("examples", name+".*"))
			var src string
			for _, s := range srcs {
				if s != b {
					src = s
				}
			}
			if src == "" {
				t.Fatalf("no report for %s", b)
			}
			got, _ := runBrief(t, "--engine", "extractive", "-q", src)
			checkOrUpdate(t, b, got)
		})
	}
}

// TestReadmeSample regenerates the README's "Sample output" block from the
// binary: it runs the command the block shows ("$ go run . ARGS") and
// compares what it prints on both streams.
func TestReadmeSample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	sec := bytes.Index(readme, []byte("## Sample output"))
	if sec < 0 {
		t.Fatal("README.md has no Sample output section")
	}
	const prompt = "\n$ go run . "
	at := bytes.Index(readme[sec:], []byte(prompt))
	if at < 0 {
		t.Fatalf("README.md's Sample output shows no %q command", strings.TrimSpace(prompt))
	}
	at += sec + 1
	nl := bytes.IndexByte(readme[at:], '\n')
	if nl < 0 {
		t.Fatal("README.md sample command is not closed")
	}
	args := strings.Fields(string(readme[at+len(prompt)-1 : at+nl]))
	start := at + nl + 1
	end := bytes.Index(readme[start:], []byte("```\n"))
	if end < 0 {
		t.Fatal("README.md sample block is not closed")
	}
	end += start
	stdout, stderr := runBrief(t, args...)
	got := stderr + stdout
	if string(readme[start:end]) == got {
		return
	}
	if !*updateExamples {
		t.Errorf("README.md sample output is stale (go test . -run TestReadmeSample -update rewrites it); the binary prints:\n%s", got)
		return
	}
	out := append(append(append([]byte{}, readme[:start]...), got...), readme[end:]...)
	if err := os.WriteFile("README.md", out, 0o644); err != nil {
		t.Fatal(err)
	}
}

func checkOrUpdate(t *testing.T, path, got string) {
	t.Helper()
	want, err := os.ReadFile(path)
	if err == nil && string(want) == got {
		return
	}
	if !*updateExamples {
		t.Errorf("%s differs from what the binary writes (go test . -run TestExamplesCurrent -update rewrites it):\n%s", path, got)
		return
	}
	if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}
