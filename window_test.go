package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/brief-cli/brief/summarize"
)

// TestWindowFailureWords: a run stopped for the window says what the
// server reported, and which window brief used, from where, at which
// token ratio.
func TestWindowFailureWords(t *testing.T) {
	cause := &summarize.APIError{Kind: summarize.ErrContextLength, Status: 200, ContextWindow: 8192, PromptTokens: 8192,
		Message: "the server reported 8192 prompt tokens for 3 prompts of 9000 to 9400 tokens of ours: it reads no more than that"}
	err := fmt.Errorf("chunk 2 of 5: %w", &summarize.WindowError{Window: 8192, Source: "Ollama /api/show num_ctx", Ratio: 1.02, RatioKnown: true, Err: cause})
	msg, code := describe(err)
	for _, want := range []string{"8192 prompt tokens for 3 prompts", "window of 8192 tokens from Ollama /api/show num_ctx", "1.02 server tokens per token", "measured", "--context-tokens"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	if code != exitFailure {
		t.Errorf("exit %d, want %d", code, exitFailure)
	}
}
