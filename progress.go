package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/brief-cli/brief/internal/batch"
	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/summarize"
)

// progress shows how a run goes on stderr: a live line on a terminal (a bar
// for a batch, a spinner for one document), plain lines otherwise, nothing
// with --quiet. stdout is never touched. It is also the writer of every
// warning and log line, so that they print above the live line, never on it.
type progress struct {
	mu       sync.Mutex
	w        io.Writer // stderr
	tty      bool      // draw a live line
	lines    bool      // print a plain line per finished document
	total    int       // documents in a batch; < 0 for one document
	files    int       // finished
	current  []string  // names in progress, oldest first
	requests int
	cached   int
	tokens   int
	start    time.Time
	drawn    bool // a live line is on screen
	last     time.Time
	spin     int
	stop     chan struct{}
	finished bool
	quiet    bool
}

// newProgress returns a display on stderr that shows nothing yet but
// passes warnings through; show starts it.
func newProgress(stderr io.Writer, quiet bool) *progress {
	return &progress{w: stderr, total: -1, start: time.Now(), quiet: quiet}
}

// show starts the display for total documents (a batch), or total < 0 for
// one document. live=false draws no live line (work that sends nothing
// and is quick).
func (p *progress) show(total int, live bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total, p.start = total, time.Now()
	if p.quiet {
		return
	}
	if isTerminal(p.w) {
		p.tty = live
		if p.tty {
			p.stop = make(chan struct{})
			go p.tick()
		}
		return
	}
	p.lines = total >= 0
}

// tick redraws the live line, so that the clock and the spinner move while
// a long request runs.
func (p *progress) tick() {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.spin++
			p.draw(true)
			p.mu.Unlock()
		}
	}
}

// Write prints log and warning lines above the live line.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	n, err := p.w.Write(b)
	p.draw(true)
	return n, err
}

// usage counts an answered request; it is Options.OnUsage.
func (p *progress) usage(u summarize.Usage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests += u.Requests
	p.cached += u.CachedRequests
	p.tokens += u.PromptTokens + u.CompletionTokens
	p.draw(false)
}

// begin records a document being started, shown on the live line.
func (p *progress) begin(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = append(p.current, name)
	p.draw(true)
}

// file records a finished document.
func (p *progress) file(r batch.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files++
	if i := slices.Index(p.current, r.Rel); i >= 0 {
		p.current = slices.Delete(p.current, i, i+1)
	}
	if p.lines {
		line := fmt.Sprintf("brief: %s %s", r.Status, safetext.Name(r.Rel))
		if reason := reasonOf(r); reason != "" {
			line += " (" + cleanLine(reason) + ")"
		} else if r.Status == batch.Done && r.Usage.Requests+r.Usage.CachedRequests > 0 {
			line += fmt.Sprintf(" (%s, %d from cache, %s)", plural(r.Usage.Requests, "request", "requests"), r.Usage.CachedRequests, r.Elapsed.Round(time.Millisecond))
		}
		fmt.Fprintln(p.w, line)
	}
	p.draw(true)
}

// finish draws the final state of a batch's bar (100% when all is done)
// and leaves it on screen; one document's spinner is removed.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.finished = true
	if p.stop != nil {
		close(p.stop)
	}
	if !p.tty {
		return
	}
	p.current = nil
	if p.total >= 0 {
		p.draw(true)
		if p.drawn {
			fmt.Fprintln(p.w)
			p.drawn = false
		}
		return
	}
	p.clear()
}

// clear removes the live line.
func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// draw redraws the live line, at most ten times a second unless force.
func (p *progress) draw(force bool) {
	if !p.tty || (p.finished && p.total < 0) {
		return
	}
	now := time.Now()
	if !force && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	width := 80
	if f, ok := p.w.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 20 {
			width = w
		}
	}
	var b strings.Builder
	elapsed := now.Sub(p.start).Round(time.Second)
	if p.total >= 0 {
		pct := 100
		if p.total > 0 {
			pct = p.files * 100 / p.total
		}
		const barWidth = 20
		fill := pct * barWidth / 100
		fmt.Fprintf(&b, "[%s%s] %3d%% %d/%d", strings.Repeat("=", fill), strings.Repeat(" ", barWidth-fill), pct, p.files, p.total)
	} else {
		frames := `|/-\`
		fmt.Fprintf(&b, "%c", frames[p.spin%len(frames)])
	}
	if len(p.current) > 0 {
		b.WriteString("  " + cleanLine(p.current[0]))
		if len(p.current) > 1 {
			fmt.Fprintf(&b, " (+%d)", len(p.current)-1)
		}
	}
	fmt.Fprintf(&b, "  %s", elapsed)
	if left := p.total - p.files; p.total > 0 && p.files > 0 && left > 0 {
		// The average so far times what is left; none is shown once the
		// estimate would be under a second, since the slowest may still run.
		if eta := time.Duration(float64(now.Sub(p.start)) / float64(p.files) * float64(left)).Round(time.Second); eta >= time.Second {
			fmt.Fprintf(&b, ", about %s left", eta)
		}
	}
	// Last, as what a narrow terminal cuts first.
	if p.requests+p.cached > 0 {
		fmt.Fprintf(&b, "  %s (%d cached), %s tokens", plural(p.requests, "request", "requests"), p.cached, humanCount(p.tokens))
	}
	line := []rune(b.String())
	if len(line) > width-1 {
		line = append(line[:width-2], '…')
	}
	fmt.Fprint(p.w, "\r\x1b[K"+string(line))
	p.drawn = true
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
