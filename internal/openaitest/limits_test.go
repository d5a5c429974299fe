package openaitest

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

func headerMap(h http.Header, names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = h.Get(n)
	}
	return m
}

var requestHeaders = []string{"x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"}
var tokenHeaders = []string{"x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"}

func TestRequestsPerWindow(t *testing.T) {
	clock := newClock()
	s := newTestServer(t, Config{RPM: 2, RateWindow: Duration(time.Second), Now: clock.Now})
	body := chatBody("gpt-4o-mini", userMsg("Quick question about the budget."), nil)
	type step struct {
		advance time.Duration
		status  int
		headers map[string]string
	}
	for i, st := range []step{
		{0, 200, map[string]string{"x-ratelimit-limit-requests": "2", "x-ratelimit-remaining-requests": "1", "x-ratelimit-reset-requests": "1s"}},
		{250 * time.Millisecond, 200, map[string]string{"x-ratelimit-limit-requests": "2", "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1s"}},
		// Full. The refused request counts too, so the window has room
		// again only when the second one and this one have left it.
		{0, 429, map[string]string{"x-ratelimit-limit-requests": "2", "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1s", "Retry-After": "1", "retry-after-ms": "1000"}},
		// One millisecond early: refused, and told to wait that millisecond.
		{999 * time.Millisecond, 429, map[string]string{"x-ratelimit-remaining-requests": "0", "Retry-After": "1", "retry-after-ms": "1"}},
		// Obeying it works; the refused request still holds a slot.
		{time.Millisecond, 200, map[string]string{"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1s"}},
		{time.Second, 200, map[string]string{"x-ratelimit-remaining-requests": "1"}},
	} {
		clock.Advance(st.advance)
		r := post(t, s, "/chat/completions", body)
		if r.status != st.status {
			t.Fatalf("step %d: status %d, want %d: %s", i, r.status, st.status, r.body)
		}
		for k, v := range st.headers {
			if got := r.header.Get(k); got != v {
				t.Errorf("step %d: %s = %q, want %q", i, k, got, v)
			}
		}
		for _, k := range tokenHeaders {
			if r.header.Get(k) != "" {
				t.Errorf("step %d: %s sent without a token limit", i, k)
			}
		}
		if r.status == 429 {
			e := openAIError(t, r.body)
			want := "Rate limit reached for gpt-4o-mini in organization org-openaitest on requests per min (RPM): Limit 2, Used 2, Requested 1. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more."
			if i == 2 && e["message"] != want || e["type"] != "requests" || e["code"] != "rate_limit_exceeded" {
				t.Errorf("step %d: error %v", i, e)
			}
		}
	}
	if st := s.Stats(); st.RateLimited != 2 || st.ByStatus[429] != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestTokensPerWindow(t *testing.T) {
	clock := newClock()
	msgs := userMsg("A short request about the harbour project.")
	p := CountPromptTokens(msgs)
	tpm := 4*p + 400
	s := newTestServer(t, Config{TPM: tpm, RateWindow: Duration(time.Minute), Now: clock.Now})

	r := post(t, s, "/chat/completions", chatBody("m", msgs, map[string]any{"max_tokens": 100}))
	if r.status != 200 {
		t.Fatalf("first: %d %s", r.status, r.body)
	}
	if got := headerMap(r.header, tokenHeaders...); got["x-ratelimit-limit-tokens"] != strconv.Itoa(tpm) ||
		got["x-ratelimit-remaining-tokens"] != strconv.Itoa(tpm-p-100) || got["x-ratelimit-reset-tokens"] != "1m0s" {
		t.Errorf("headers %v", got)
	}

	// The budget of the next request does not fit what is left.
	clock.Advance(20 * time.Second)
	big := tpm - p - 50
	r = post(t, s, "/chat/completions", chatBody("m", msgs, map[string]any{"max_tokens": big}))
	e := openAIError(t, r.body)
	want := fmt.Sprintf("Rate limit reached for m in organization org-openaitest on tokens per min (TPM): Limit %d, Used %d, Requested %d. Please try again in 40s. Visit https://platform.openai.com/account/rate-limits to learn more.", tpm, p+100, p+big)
	if r.status != 429 || e["message"] != want || e["type"] != "tokens" || r.header.Get("Retry-After") != "40" || r.header.Get("retry-after-ms") != "40000" {
		t.Errorf("second: %d %v %v", r.status, e, r.header)
	}

	// Without a budget only the prompt is charged up front, then the
	// completion once known.
	r = post(t, s, "/chat/completions", chatBody("m", msgs, nil))
	if r.status != 200 {
		t.Fatalf("third: %d %s", r.status, r.body)
	}
	used := decodeChat(t, r.body).Usage
	if got := r.header.Get("x-ratelimit-remaining-tokens"); got != strconv.Itoa(tpm-p-100-p) {
		t.Errorf("remaining after third = %s", got)
	}
	r = post(t, s, "/chat/completions", chatBody("m", msgs, map[string]any{"max_tokens": 1}))
	if want := tpm - p - 100 - used.TotalTokens - p - 1; r.status != 200 || r.header.Get("x-ratelimit-remaining-tokens") != strconv.Itoa(want) {
		t.Errorf("fourth: status %d, remaining %s, want %d", r.status, r.header.Get("x-ratelimit-remaining-tokens"), want)
	}

	// A request larger than the whole limit is refused for good.
	r = post(t, s, "/chat/completions", chatBody("m", msgs, map[string]any{"max_tokens": tpm}))
	e = openAIError(t, r.body)
	want = fmt.Sprintf("Request too large for m in organization org-openaitest on tokens per min (TPM): Limit %d, Requested %d. The input or output tokens must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.", tpm, p+tpm)
	if r.status != 429 || e["message"] != want || e["type"] != "tokens" || e["code"] != "rate_limit_exceeded" || r.header.Get("Retry-After") != "" {
		t.Errorf("too large: %d %v Retry-After %q", r.status, e, r.header.Get("Retry-After"))
	}

	// After the window everything is available again.
	clock.Advance(time.Minute)
	r = post(t, s, "/chat/completions", chatBody("m", msgs, map[string]any{"max_tokens": 100}))
	if r.status != 200 || r.header.Get("x-ratelimit-remaining-tokens") != strconv.Itoa(tpm-p-100) {
		t.Errorf("after the window: %d remaining %s", r.status, r.header.Get("x-ratelimit-remaining-tokens"))
	}
}

func TestNoLimitHeadersWithoutLimits(t *testing.T) {
	s := newTestServer(t, Config{})
	r := post(t, s, "/chat/completions", chatBody("m", userMsg("Hello there, friend."), nil))
	for _, k := range append(requestHeaders, tokenHeaders...) {
		if v := r.header.Get(k); v != "" {
			t.Errorf("%s = %q without limits", k, v)
		}
	}
}

func TestGoOpenAIReadsLimitHeaders(t *testing.T) {
	s := newTestServer(t, Config{RPM: 50, TPM: 100000})
	resp, err := newClient(s, "k").CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{
		Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "Hello there, friend."}},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := resp.GetRateLimitHeaders()
	// Remaining tokens are reported at admission, before the completion
	// (which had no budget) is known.
	if h.LimitRequests != 50 || h.RemainingRequests != 49 || h.LimitTokens != 100000 || h.RemainingTokens != 100000-resp.Usage.PromptTokens ||
		h.ResetRequests.String() == "" || h.ResetTokens.String() == "" {
		t.Errorf("rate limit headers %+v", h)
	}
}

// TestRateLimitRealClock runs the limiter on the real clock with a short
// window, as benchmarks configure it.
func TestRateLimitRealClock(t *testing.T) {
	s := newTestServer(t, Config{RPM: 3, RateWindow: Duration(200 * time.Millisecond)})
	body := chatBody("m", userMsg("Hello there, friend."), nil)
	ok, limited := 0, 0
	deadline := time.Now().Add(5 * time.Second)
	for ok < 6 && time.Now().Before(deadline) {
		r := post(t, s, "/chat/completions", body)
		switch r.status {
		case 200:
			ok++
		case 429:
			limited++
			ms, err := strconv.Atoi(r.header.Get("retry-after-ms"))
			if err != nil || ms <= 0 || ms > 200 {
				t.Fatalf("retry-after-ms %q", r.header.Get("retry-after-ms"))
			}
			time.Sleep(time.Duration(ms) * time.Millisecond)
		default:
			t.Fatalf("status %d", r.status)
		}
	}
	if ok < 6 || limited == 0 {
		t.Errorf("ok %d limited %d", ok, limited)
	}
}

func TestFmtDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"}, {-time.Second, "0s"}, {time.Second, "1s"}, {6 * time.Minute, "6m0s"},
		{1500 * time.Millisecond, "1.5s"}, {120 * time.Millisecond, "120ms"}, {400 * time.Microsecond, "1ms"},
		{9816 * time.Millisecond, "9.816s"},
	} {
		if got := fmtDuration(tc.d); got != tc.want {
			t.Errorf("fmtDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
