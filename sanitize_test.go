package main

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/brief-cli/brief/summarize"
)

// TestHostileNames runs a batch over files whose names hold an escape
// sequence, a newline and a bidi override: every printed line shows them
// escaped, the table keeps one row per document, and index.md links to the
// briefs that exist.
func TestHostileNames(t *testing.T) {
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "briefs")
	names := []string{"evil\x1b[41mH\x1b[0m.txt", "two\nlines.txt", "fdp.\u202etxt.txt", "plain (copy) [1].txt", "back`tick.txt"}
	text := "The agency reported an incident on 3 May 2024. Officials said 12 systems were affected. They warned that more attacks may follow.\n"
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(in, n), []byte(text), 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", n, err)
		}
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"brief", "-v", "--engine", "extractive", "-o", out, in}, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	index, err := os.ReadFile(filepath.Join(out, "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	for what, s := range map[string]string{"stderr": stderr.String(), "index.md": string(index)} {
		if strings.ContainsAny(s, "\x1b\u202e") {
			t.Errorf("%s holds a raw escape or bidi override:\n%q", what, s)
		}
	}
	for _, want := range []string{`evil\x1b[41mH\x1b[0m.txt`, `two\nlines.txt`, `fdp.\u202etxt.txt`} {
		if !strings.Contains(stderr.String(), "done      "+want) {
			t.Errorf("the table has no row %q:\n%s", want, stderr.String())
		}
		if !strings.Contains(string(index), want) {
			t.Errorf("index.md does not name %q", want)
		}
	}
	if rows := regexp.MustCompile(`(?m)^done {6}`).FindAllString(stderr.String(), -1); len(rows) != len(names) {
		t.Errorf("%d table rows for %d documents:\n%s", len(rows), len(names), stderr.String())
	}
	// The --plan table on stdout shows the names escaped, one row each.
	stdout.Reset()
	if err := run(context.Background(), []string{"brief", "--plan", in}, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("--plan: %v", err)
	}
	if strings.ContainsAny(stdout.String(), "\x1b\u202e") || !strings.Contains(stdout.String(), `two\nlines.txt`) {
		t.Errorf("--plan table:\n%q", stdout.String())
	}
	// Every link target is one line and leads to a brief that exists.
	links := regexp.MustCompile(`(?m)^- \[.*\]\(([^()\s]+)\)`).FindAllStringSubmatch(string(index), -1)
	if len(links) != len(names) {
		t.Fatalf("%d links for %d briefs:\n%s", len(links), len(names), index)
	}
	for _, l := range links {
		p, err := url.PathUnescape(l[1])
		if err != nil {
			t.Errorf("link %q: %v", l[1], err)
			continue
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
			t.Errorf("link %q leads nowhere: %v", l[1], err)
		}
	}
}

// TestWarningSanitized checks the grounding warning: a section heading the
// model wrote reaches stderr without escape sequences, and a file name
// shows escaped.
func TestWarningSanitized(t *testing.T) {
	b := &summarize.Brief{Verification: &summarize.Verification{Unsupported: []summarize.Unsupported{
		{Text: "12\x1b[2J", Kind: "number", Section: "Background \x1b[41mH\x1b[0m ![i](http://evil.example/h.png)\n\u202eX"},
	}}}
	var stderr bytes.Buffer
	warnUnverified(&stderr, "a\x1b]0;title\x07.txt", b, false)
	got := stderr.String()
	if strings.ContainsAny(strings.TrimSuffix(got, "\n"), "\x1b\x07\n\u202e") {
		t.Fatalf("raw control characters in %q", got)
	}
	if !strings.Contains(got, `a\x1b]0;title\x07.txt: `) || !strings.Contains(got, "(Background H ![i](http://evil.example/h.png) X)") {
		t.Errorf("warning %q", got)
	}
}
