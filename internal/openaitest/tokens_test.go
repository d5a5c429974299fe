package openaitest

import "testing"

// TestCountPromptTokensCookbook checks the counter against the figure
// OpenAI's cookbook ("How to count tokens with tiktoken") prints for its
// example conversation under gpt-4o and gpt-4o-mini: 124 prompt tokens,
// which the API's usage confirmed.
func TestCountPromptTokensCookbook(t *testing.T) {
	msgs := []Message{
		{Role: "system", Content: "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
		{Role: "system", Name: "example_user", Content: "New synergies will help drive top-line growth."},
		{Role: "system", Name: "example_assistant", Content: "Things working well together will increase revenue."},
		{Role: "system", Name: "example_user", Content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
		{Role: "system", Name: "example_assistant", Content: "Let's talk later when we're less busy about how to do better."},
		{Role: "user", Content: "This late pivot means we don't have time to boil the ocean for the client deliverable."},
	}
	if got := CountPromptTokens(msgs); got != 124 {
		t.Errorf("CountPromptTokens = %d, want 124", got)
	}
}

func TestCountTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"hello world", 2},
		{"<|endoftext|>", 7}, // special tokens are plain text here
	} {
		if got := CountTokens(tc.in); got != tc.want {
			t.Errorf("CountTokens(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
