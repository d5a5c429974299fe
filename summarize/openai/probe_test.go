package openai

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
			c := New(Config{BaseURL: srv.URL(), Model: "local-model"})
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
	c := New(Config{BaseURL: "http://127.0.0.1:9/v1", Model: "m"})
	if w := c.ProbeWindow(context.Background()); w.Tokens != 0 {
		t.Errorf("got %+v from nothing", w)
	}
}
