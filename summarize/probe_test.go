package summarize

import (
	"context"
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/openaitest"
)

// TestProbeWindow asks each kind of fake server for its window.
func TestProbeWindow(t *testing.T) {
	tests := []struct {
		cfg     openaitest.Config
		tokens  int
		source  string
		warning string
	}{
		{openaitest.Config{ErrorStyle: "vllm", ContextWindow: 16384}, 16384, "vLLM /v1/models max_model_len", ""},
		{openaitest.Config{ErrorStyle: "vllm-legacy", ContextWindow: 8192}, 8192, "vLLM /v1/models max_model_len", ""},
		{openaitest.Config{ErrorStyle: "llamacpp", ContextWindow: 4096, ModelContextLength: 131072}, 4096, "llama.cpp /v1/models meta.n_ctx (per slot)", ""},
		{openaitest.Config{ErrorStyle: "ollama", ContextWindow: 8192, ModelContextLength: 131072}, 8192, "Ollama /api/show num_ctx", "num_ctx 8192"},
		{openaitest.Config{ErrorStyle: "ollama", ContextWindow: 32768, ModelContextLength: 32768}, 32768, "Ollama /api/show num_ctx", ""},
		{openaitest.Config{ErrorStyle: "ollama", ContextWindow: 2048, ModelContextLength: 131072, NoNumCtx: true}, 4096, "Ollama /api/show (context_length 131072", "sets no num_ctx"},
		{openaitest.Config{ErrorStyle: "lmstudio", ContextWindow: 32768}, 32768, "LM Studio /api/v0/models max_context_length", ""},
		{openaitest.Config{ContextWindow: 32768}, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.cfg.ErrorStyle), func(t *testing.T) {
			srv := openaitest.NewServer(tt.cfg)
			defer srv.Close()
			c := NewOpenAI(OpenAIConfig{BaseURL: srv.URL(), Model: "local-model"})
			w := c.ProbeWindow(context.Background())
			if w.Tokens != tt.tokens || !strings.HasPrefix(w.Source, tt.source) || !strings.Contains(w.Warning, tt.warning) || (tt.warning == "") != (w.Warning == "") {
				t.Errorf("got %+v, want %d from %q, warning %q", w, tt.tokens, tt.source, tt.warning)
			}
		})
	}
}

// TestProbeNothingThere: a dead endpoint costs no more than the probe's
// timeout and tells nothing.
func TestProbeNothingThere(t *testing.T) {
	c := NewOpenAI(OpenAIConfig{BaseURL: "http://127.0.0.1:9/v1", Model: "m"})
	if w := c.ProbeWindow(context.Background()); w.Tokens != 0 {
		t.Errorf("got %+v from nothing", w)
	}
}

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

var _ windowProber = (*probing)(nil)

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
