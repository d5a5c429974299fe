package summarize

import (
	"context"
	"testing"
)

// probing is a Completer that reports a window and counts how often it
// was asked.
type probing struct {
	scripted
	asked int
}

func (p *probing) ProbeWindow(context.Context) WindowInfo {
	p.asked++
	return WindowInfo{Tokens: 4096, Source: "a test server"}
}

var _ WindowProber = (*probing)(nil)

// TestPlanUsesProbedWindow: a plan is sized for the window a run would
// use, asked of the server once; a Summarizer given that window as
// Options.Window does not ask again.
func TestPlanUsesProbedWindow(t *testing.T) {
	p := &probing{}
	s, err := New(Options{Completer: p, Model: "llama3.1:8b", Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Name: "r.txt", Text: longReport(400)}
	plan, err := s.Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Window != 4096 || plan.WindowSource != "a test server" {
		t.Errorf("plan window %d from %q, want 4096 from the server", plan.Window, plan.WindowSource)
	}
	if _, err := s.Plan(in); err != nil {
		t.Fatal(err)
	}
	if p.asked != 1 {
		t.Errorf("the server was asked %d times, want once", p.asked)
	}
	// The table's window (131,072) would take one chunk.
	if plan.Chunks < 2 {
		t.Errorf("%d chunks: the plan is not sized for 4,096 tokens", plan.Chunks)
	}

	p2 := &probing{}
	s2, err := New(Options{Completer: p2, Model: "llama3.1:8b", Window: s.Window(context.Background()), Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	if w := s2.Window(context.Background()); w.Tokens != 4096 || w.Source != "a test server" || p2.asked != 0 {
		t.Errorf("got %d from %q after %d probes; want 4096 from the first probe, none asked", w.Tokens, w.Source, p2.asked)
	}
	// The caller's figure wins over a window handed on.
	s3, _ := New(Options{Completer: &probing{}, ContextTokens: 9000, Window: WindowInfo{Tokens: 4096, Source: "x"}, Sleep: noSleep})
	if w := s3.Window(context.Background()); w.Tokens != 9000 || w.Source != SourceCaller {
		t.Errorf("got %d from %q, want the caller's 9000", w.Tokens, w.Source)
	}
}
