package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/summarize"
)

// progress shows how a run goes on stderr: a live bar on a terminal, plain
// lines otherwise, nothing with --quiet. stdout is never touched.
type progress struct {
	mu       sync.Mutex
	bar      *progressbar.ProgressBar // nil unless stderr is a terminal
	w        io.Writer                // plain lines; nil for none
	requests int
	cached   int
	tokens   int
	files    int
}

// newProgress returns a progress display for total items (files in a
// batch); total < 0 means unknown.
func newProgress(stderr io.Writer, quiet bool, total int) *progress {
	p := &progress{}
	if quiet {
		return p
	}
	if isTerminal(stderr) {
		// total -1 (unknown) draws a spinner.
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100 * time.Millisecond),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionClearOnFinish(),
		}
		if total > 0 {
			opts = append(opts, progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true))
		}
		p.bar = progressbar.NewOptions(total, opts...)
		return p
	}
	p.w = stderr
	return p
}

// usage counts an answered request; it is Options.OnUsage.
func (p *progress) usage(u summarize.Usage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests += u.Requests
	p.cached += u.CachedRequests
	p.tokens += u.PromptTokens + u.CompletionTokens
	if p.bar != nil {
		p.bar.Describe(p.describe())
	}
}

func (p *progress) describe() string {
	return fmt.Sprintf("%d requests (%d cached), %s tokens", p.requests, p.cached, humanCount(p.tokens))
}

// file records a finished document.
func (p *progress) file(r result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files++
	switch {
	case p.bar != nil:
		_ = p.bar.Add(1)
	case p.w != nil:
		line := fmt.Sprintf("brief: %s %s", r.status, safetext.Name(r.rel))
		if r.reason != "" {
			line += " (" + cleanLine(r.reason) + ")"
		} else if r.status == "done" {
			line += fmt.Sprintf(" (%d requests, %d from cache, %s)", r.usage.Requests, r.usage.CachedRequests, r.elapsed.Round(time.Millisecond))
		}
		fmt.Fprintln(p.w, line)
	}
}

// finish removes the bar.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

func humanCount(n int) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%.0fk", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
