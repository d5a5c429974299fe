package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/brief-cli/brief/summarize"
)

func TestClassifyHTTP(t *testing.T) {
	const key = "sk-test-SECRETSECRETSECRET1234"
	tests := []struct {
		name    string
		status  int
		header  http.Header
		body    string
		kind    error
		code    string
		window  int
		retryIn time.Duration
	}{
		{"openai bad key", 401, nil, `{"error":{"message":"Incorrect API key provided: sk-test-****1234. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`, summarize.ErrAuth, "invalid_api_key", 0, 0},
		{"forbidden", 403, nil, `{"error":{"message":"Project does not have access","type":"invalid_request_error","code":"model_not_found"}}`, summarize.ErrAuth, "model_not_found", 0, 0},
		{"openai quota", 429, nil, `{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`, summarize.ErrQuota, "insufficient_quota", 0, 0},
		{"openrouter credits", 402, nil, `{"error":{"message":"Insufficient credits","code":402}}`, summarize.ErrQuota, "402", 0, 0},
		{"rate limit", 429, http.Header{"Retry-After": {"3"}}, `{"error":{"message":"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"}}`, summarize.ErrRateLimited, "rate_limit_exceeded", 0, 3 * time.Second},
		{"rate limit ms", 429, http.Header{"Retry-After-Ms": {"1500"}, "Retry-After": {"9"}}, `{"error":{"message":"slow down","code":"rate_limit_exceeded"}}`, summarize.ErrRateLimited, "rate_limit_exceeded", 0, 1500 * time.Millisecond},
		{"rate limit reset header", 429, http.Header{"X-Ratelimit-Reset-Tokens": {"6m0s"}, "X-Ratelimit-Reset-Requests": {"20ms"}}, `{"error":{"message":"slow down","code":"rate_limit_exceeded"}}`, summarize.ErrRateLimited, "rate_limit_exceeded", 0, 6 * time.Minute},
		{"too large", 429, nil, `{"error":{"message":"Request too large for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Requested 45000.","type":"tokens","param":null,"code":"rate_limit_exceeded"}}`, summarize.ErrRequestTooLarge, "rate_limit_exceeded", 0, 0},
		{"model not found", 404, nil, `{"error":{"message":"The model 'gpt-9' does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}`, summarize.ErrModelNotFound, "model_not_found", 0, 0},
		{"ollama model", 404, nil, `{"error":{"message":"model \"llama9\" not found, try pulling it first","type":"api_error","param":null,"code":null}}`, summarize.ErrModelNotFound, "", 0, 0},
		{"ollama string error", 404, nil, `{"error":"model 'llama9' not found"}`, summarize.ErrModelNotFound, "", 0, 0},
		{"openai context", 400, nil, `{"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}`, summarize.ErrContextLength, "context_length_exceeded", 8192, 0},
		{"llama.cpp context", 400, nil, `{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}}`, summarize.ErrContextLength, "400", 4096, 0},
		{"vllm context", 400, nil, `{"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.","type":"BadRequestError","param":null,"code":400}`, summarize.ErrContextLength, "400", 4096, 0},
		{"format rejected", 400, nil, `{"error":{"message":"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.","type":"invalid_request_error","param":"response_format","code":null}}`, summarize.ErrFormatRejected, "", 0, 0},
		{"unsupported max_tokens", 400, nil, `{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}`, summarize.ErrUnsupportedParam, "unsupported_parameter", 0, 0},
		{"server", 503, nil, `{"error":{"message":"The server is overloaded or not ready yet.","type":"server_error"}}`, summarize.ErrServer, "", 0, 0},
		{"html gateway", 502, nil, `<html><body>Bad Gateway</body></html>`, summarize.ErrServer, "", 0, 0},
		{"other 400", 400, nil, `{"error":{"message":"bad thing","type":"invalid_request_error"}}`, summarize.ErrBadRequest, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := classifyHTTP(tt.status, tt.header, []byte(tt.body), key)
			if !errors.Is(e, tt.kind) {
				t.Errorf("kind = %v, want %v", e.Kind, tt.kind)
			}
			if e.Code != tt.code {
				t.Errorf("code = %q, want %q", e.Code, tt.code)
			}
			if e.ContextWindow != tt.window {
				t.Errorf("window = %d, want %d", e.ContextWindow, tt.window)
			}
			if tt.retryIn != 0 && e.RetryAfter != tt.retryIn {
				t.Errorf("retry after = %v, want %v", e.RetryAfter, tt.retryIn)
			}
			if strings.Contains(e.Error(), "SECRET") || strings.Contains(e.Error(), "sk-test-") {
				t.Errorf("key leaked: %s", e.Error())
			}
		})
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	h := http.Header{"Retry-After": {now.Add(7 * time.Second).Format(http.TimeFormat)}}
	if got := retryAfter(h, now); got != 7*time.Second {
		t.Fatalf("got %v", got)
	}
}

// TestContextErrorFigures: the prompt's size is read from each server's
// context-length error, and the status is shown once.
func TestContextErrorFigures(t *testing.T) {
	for _, tc := range []struct {
		body           string
		prompt, window int
	}{
		{`{"error":{"code":400,"message":"request (7511 tokens) exceeds the available context size (4096 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":7511,"n_ctx":4096}}`, 7511, 4096},
		{`{"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.","type":"BadRequestError","param":null,"code":400}`, 4000, 4096},
		{`{"error":{"message":"This model's maximum context length is 16384 tokens. However, your request has 17000 input tokens. Please reduce the length of the input messages.","type":"BadRequestError","param":null,"code":400}}`, 17000, 16384},
		{`{"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}`, 9000, 8192},
	} {
		e := classifyHTTP(400, nil, []byte(tc.body), "")
		if e.PromptTokens != tc.prompt || e.ContextWindow != tc.window {
			t.Errorf("prompt, window = %d, %d; want %d, %d (%s)", e.PromptTokens, e.ContextWindow, tc.prompt, tc.window, tc.body)
		}
		if strings.Contains(e.Error(), "400 400") {
			t.Errorf("status shown twice: %s", e.Error())
		}
	}
}

// TestStreamAnsweredWithWebPage checks that a 200 answer that is no event
// stream (a web page at a wrong base URL) is said to be one, not a cut stream.
func TestStreamAnsweredWithWebPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><html><body>Welcome</body></html>"))
	}))
	defer srv.Close()
	c := New(Config{BaseURL: srv.URL + "/v1", Model: summarize.DefaultModel, Stream: true})
	_, err := c.Complete(context.Background(), summarize.Request{Messages: []summarize.Message{{Role: "user", Content: "hi"}}, MaxTokens: 10})
	var apiErr *summarize.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, summarize.ErrBadResponse) {
		t.Fatalf("err = %v, want ErrBadResponse", err)
	}
	if want := "text/html instead of an event stream"; !strings.Contains(apiErr.Message, want) {
		t.Fatalf("message %q does not say %q", apiErr.Message, want)
	}
}

// TestAnswerSizeCap: a server that ignores max_tokens and sends an endless
// answer without usage (as in issue 11's adversarial run) gets ErrTruncated
// after maxAnswerBytes, not a process that grows without end.
func TestAnswerSizeCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"x","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"`)
		chunk := strings.Repeat("a", 64<<10)
		for i := 0; i < (maxAnswerBytes/len(chunk))*2; i++ {
			if _, err := fmt.Fprint(w, chunk); err != nil {
				return
			}
		}
		fmt.Fprint(w, `"}}]}`)
	}))
	defer srv.Close()
	c := New(Config{BaseURL: srv.URL + "/v1", Model: "m", HTTPClient: srv.Client()})
	_, err := c.Complete(context.Background(), summarize.Request{Messages: []summarize.Message{{Role: "user", Content: "hi"}}, MaxTokens: 10})
	if !errors.Is(err, summarize.ErrTruncated) {
		t.Errorf("Complete = %v, want ErrTruncated", err)
	}
}

func TestParseRateLimits(t *testing.T) {
	h := http.Header{}
	h.Set("x-ratelimit-limit-requests", "600")
	h.Set("x-ratelimit-limit-tokens", "60000")
	h.Set("x-ratelimit-remaining-tokens", "59000")
	h.Set("x-ratelimit-reset-tokens", "1s")
	l := parseRateLimits(h)
	if l.LimitTokens != 60000 || l.RemainingTokens != 59000 || l.ResetTokens != time.Second {
		t.Fatalf("parsed %+v", l)
	}
	// Azure's way of telling nothing.
	h = http.Header{}
	h.Set("x-ratelimit-limit-tokens", "-1")
	h.Set("x-ratelimit-remaining-tokens", "-1")
	h.Set("x-ratelimit-reset-tokens", "0")
	if l := parseRateLimits(h); l != (summarize.RateLimits{}) {
		t.Errorf("-1 limits parsed as %+v, want none told", l)
	}
}
