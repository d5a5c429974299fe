package openai

import (
	"strings"
	"testing"
)

// FuzzClassifyHTTP: any error body is classified without a panic, its
// figures are never negative, and the key never comes back.
func FuzzClassifyHTTP(f *testing.F) {
	f.Add(400, `{"error":{"code":400,"message":"request (7511 tokens) exceeds the available context size (4096 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":7511,"n_ctx":4096}}`)
	f.Add(400, `{"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion).","type":"BadRequestError","param":null,"code":400}`)
	f.Add(429, `{"error":"slow down sk-test-SECRETSECRET"}`)
	f.Add(502, `<html>Bad Gateway</html>`)
	f.Add(400, `{"error":{"message":"context size","n_ctx":-5,"n_prompt_tokens":-1}}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		const key = "sk-test-SECRETSECRET"
		e := classifyHTTP(status, nil, []byte(body), key)
		if e.Kind == nil {
			t.Fatal("no kind")
		}
		if e.PromptTokens < 0 || e.ContextWindow < 0 {
			t.Fatalf("negative figures: %+v", e)
		}
		if strings.Contains(e.Error(), key) {
			t.Fatalf("key leaked: %s", e.Error())
		}
	})
}
