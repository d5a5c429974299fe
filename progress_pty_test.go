//go:build linux

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/brief-cli/brief/internal/openaitest"
)

// openPTY opens a pseudo-terminal pair, wide enough that no line is cut.
func openPTY(t *testing.T) (pty, tty *os.File) {
	t.Helper()
	pty, tty, err := openPTYPair(200)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	return pty, tty
}

// TestProgressOnTerminal runs a batch with stderr on a pseudo-terminal and
// checks what the user sees (issue 10, item 10): the bar reaches 100% and
// names the document under way; a warning prints on its own line, above
// the bar, never on it; the final table lists the skip with its reason and
// the successes as one total line.
func TestProgressOnTerminal(t *testing.T) {
	// The first request fails once (a 500), so that a retry warning is
	// printed while the bar is up.
	srv := openaitest.NewServer(openaitest.Config{Faults: []openaitest.Fault{{Kind: openaitest.Fault500}}, Latency: openaitest.Duration(200e6)})
	defer srv.Close()
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "briefs")
	files := map[string]string{
		"alpha.txt": "The ministry announced new export controls on 5 May 2023. Officials said the controls would take effect in June.",
		"beta.txt":  "The river crested at 9.2 metres on Monday. Emergency services evacuated 1,200 residents.",
		"gamma.txt": "The agency reported 14 incidents in March 2024. Repairs would take a week.",
		"empty.txt": "",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(in, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pty, tty := openPTY(t)
	defer pty.Close()
	var (
		screen bytes.Buffer
		wg     sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		io.Copy(&screen, pty) // ends when the terminal side is closed
	}()
	var stdout bytes.Buffer
	err := run(context.Background(), []string{"brief", "-c", "1", "--no-cache", "--max-retries", "2",
		"--base-url", srv.URL(), "--api-key", "sk-test", "-o", out, in}, strings.NewReader(""), &stdout, tty)
	tty.Close()
	wg.Wait()
	if err != nil {
		t.Fatalf("run: %v\n%s", err, screen.String())
	}
	got := strings.ReplaceAll(screen.String(), "\r\n", "\n")
	t.Logf("terminal:\n%q", got)
	if !strings.Contains(got, "100% 4/4") {
		t.Errorf("the bar never reached 100%% 4/4")
	}
	if !regexp.MustCompile(`\] +\d+% \d/4 +(alpha|beta|gamma)\.txt`).MatchString(got) {
		t.Errorf("the bar never named the document under way")
	}
	// The warning starts a fresh line (the bar was erased first) and ends
	// with a newline; no bar text precedes it on its line.
	warn := regexp.MustCompile(`(?m)(^|\r\x1b\[K)brief: warning: request failed; retrying[^\r\n]*\n`)
	if !warn.MatchString(got) {
		t.Errorf("no retry warning on a line of its own")
	}
	if regexp.MustCompile(`%[^\n]*brief: warning`).MatchString(strings.ReplaceAll(got, "\r\x1b[K", "\n")) {
		t.Errorf("a warning printed on the bar's line")
	}
	if !regexp.MustCompile(`skipped +empty\.txt +\(empty\.txt: the input is empty`).MatchString(got) {
		t.Errorf("the table does not show the skip with its reason")
	}
	if regexp.MustCompile(`(?m)^done +`).MatchString(got) {
		t.Errorf("the table lists successes row by row; want one total line")
	}
	if !strings.Contains(got, "3 done, 1 skipped, 0 failed; 3 requests (0 from cache)") {
		t.Errorf("no total line")
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout is not for progress: %q", stdout.String())
	}
}

// TestQuietOnTerminal checks that -q prints nothing on a terminal when all
// goes well: no bar, no table, no totals.
func TestQuietOnTerminal(t *testing.T) {
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "briefs")
	os.WriteFile(filepath.Join(in, "a.txt"), []byte("The ministry announced new export controls on 5 May 2023."), 0o644)
	os.WriteFile(filepath.Join(in, "b.txt"), []byte("The river crested at 9.2 metres on Monday."), 0o644)
	pty, tty := openPTY(t)
	defer pty.Close()
	var (
		screen bytes.Buffer
		wg     sync.WaitGroup
	)
	wg.Add(1)
	go func() { defer wg.Done(); io.Copy(&screen, pty) }()
	err := run(context.Background(), []string{"brief", "-q", "--engine", "extractive", "-o", out, in}, strings.NewReader(""), io.Discard, tty)
	tty.Close()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if screen.Len() != 0 {
		t.Fatalf("-q printed %q", screen.String())
	}
}
