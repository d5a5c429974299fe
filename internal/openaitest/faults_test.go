package openaitest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// outcome is what a go-openai caller observes for one request.
type outcome struct {
	content string
	finish  openai.FinishReason
	choices int
	err     error
}

func runChat(t *testing.T, client *openai.Client, stream bool, timeout time.Duration) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req := openai.ChatCompletionRequest{
		Model: "gpt-4o-mini",
		Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "```report\nThe storm reached the coast on Monday. Officials ordered the evacuation of three towns. " +
			"Power was cut to forty thousand homes. Repairs are expected to take a week.\n```"}},
	}
	if !stream {
		resp, err := client.CreateChatCompletion(ctx, req)
		if err != nil {
			return outcome{err: err}
		}
		o := outcome{choices: len(resp.Choices)}
		if len(resp.Choices) > 0 {
			o.content, o.finish = resp.Choices[0].Message.Content, resp.Choices[0].FinishReason
		}
		return o
	}
	st, err := client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return outcome{err: err}
	}
	defer st.Close()
	var o outcome
	var b strings.Builder
	for {
		r, err := st.Recv()
		if err != nil {
			o.err = err
			break
		}
		o.choices = max(o.choices, len(r.Choices))
		if len(r.Choices) > 0 {
			b.WriteString(r.Choices[0].Delta.Content)
			if r.Choices[0].FinishReason != "" {
				o.finish = r.Choices[0].FinishReason
			}
		}
	}
	o.content = b.String()
	return o
}

// wantAPIError checks the error is go-openai's *APIError with the fields.
// go-openai decodes "code": null as the int 0.
func wantAPIError(status int, code any, typ string) func(*testing.T, outcome) {
	return func(t *testing.T, o outcome) {
		t.Helper()
		var e *openai.APIError
		if !errors.As(o.err, &e) {
			t.Fatalf("err = %#v (%v), want *openai.APIError", o.err, o.err)
		}
		if e.HTTPStatusCode != status || e.Code != code || e.Type != typ {
			t.Errorf("APIError status %d code %#v type %q, want %d %#v %q (%s)", e.HTTPStatusCode, e.Code, e.Type, status, code, typ, e.Message)
		}
	}
}

func wantRequestError(status int) func(*testing.T, outcome) {
	return func(t *testing.T, o outcome) {
		t.Helper()
		var e *openai.RequestError
		if !errors.As(o.err, &e) || e.HTTPStatusCode != status {
			t.Fatalf("err = %#v, want *openai.RequestError with status %d", o.err, status)
		}
	}
}

func wantDeadline(t *testing.T, o outcome) {
	t.Helper()
	if !errors.Is(o.err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", o.err)
	}
}

func wantDecodeError(t *testing.T, o outcome) {
	t.Helper()
	var syn *json.SyntaxError
	if o.err == nil || !(errors.As(o.err, &syn) || errors.Is(o.err, io.ErrUnexpectedEOF)) {
		t.Fatalf("err = %#v (%v), want a JSON decoding error", o.err, o.err)
	}
}

func TestFaultKindsThroughGoOpenAI(t *testing.T) {
	full := "The storm reached the coast on Monday. Officials ordered the evacuation of three towns. Power was cut to forty thousand homes. Repairs are expected to take a week."
	for _, tc := range []struct {
		kind        FaultKind
		style       Style
		plain, strm func(*testing.T, outcome)
	}{
		{kind: FaultNone, plain: wantOK(full), strm: wantOK(full)},
		{kind: Fault500, plain: wantAPIError(500, 0, "server_error"), strm: wantAPIError(500, 0, "server_error")},
		{kind: Fault502, plain: wantAPIError(502, 502, "cf_bad_gateway"), strm: wantAPIError(502, 502, "cf_bad_gateway")},
		{kind: Fault503, plain: wantAPIError(503, "server_is_overloaded", "service_unavailable_error"), strm: wantAPIError(503, "server_is_overloaded", "service_unavailable_error")},
		{kind: Fault429, plain: wantAPIError(429, "rate_limit_exceeded", "requests"), strm: wantAPIError(429, "rate_limit_exceeded", "requests")},
		{kind: Fault429NoRetryAfter, plain: wantAPIError(429, "rate_limit_exceeded", "requests"), strm: wantAPIError(429, "rate_limit_exceeded", "requests")},
		{kind: FaultInsufficientQuota, plain: wantAPIError(429, "insufficient_quota", "insufficient_quota"), strm: wantAPIError(429, "insufficient_quota", "insufficient_quota")},
		{kind: Fault401, plain: wantAPIError(401, "invalid_api_key", "invalid_request_error"), strm: wantAPIError(401, "invalid_api_key", "invalid_request_error")},
		{kind: Fault403, plain: wantAPIError(403, "unsupported_country_region_territory", "request_forbidden"), strm: wantAPIError(403, "unsupported_country_region_territory", "request_forbidden")},
		{kind: Fault404Model, plain: wantAPIError(404, "model_not_found", "invalid_request_error"), strm: wantAPIError(404, "model_not_found", "invalid_request_error")},
		{kind: FaultContextLength, plain: wantAPIError(400, "context_length_exceeded", "invalid_request_error"), strm: wantAPIError(400, "context_length_exceeded", "invalid_request_error")},
		{kind: FaultHang, plain: wantDeadline, strm: wantDeadline},
		{kind: FaultStall, plain: wantDeadline, strm: func(t *testing.T, o outcome) {
			wantDeadline(t, o)
			if o.content == "" || o.finish != "" {
				t.Errorf("stalled stream: content %q finish %q", o.content, o.finish)
			}
		}},
		{kind: FaultMalformedJSON, plain: wantDecodeError, strm: func(t *testing.T, o outcome) {
			wantDecodeError(t, o)
			if o.content == "" {
				t.Error("no content before the broken chunk")
			}
		}},
		{kind: FaultTruncatedStream, plain: func(t *testing.T, o outcome) {
			if !errors.Is(o.err, io.ErrUnexpectedEOF) {
				t.Fatalf("err = %v, want unexpected EOF", o.err)
			}
		}, strm: func(t *testing.T, o outcome) {
			// go-openai reports a plain EOF: only the missing finish_reason
			// tells the truncation apart.
			if !errors.Is(o.err, io.EOF) || o.finish != "" || o.content == "" || !strings.HasPrefix(full, o.content) || o.content == full {
				t.Errorf("err %v finish %q content %q", o.err, o.finish, o.content)
			}
		}},
		{kind: FaultStreamError, plain: wantAPIError(500, 0, "server_error"), strm: func(t *testing.T, o outcome) {
			var e *openai.APIError
			if !errors.As(o.err, &e) || e.Type != "server_error" || o.content == "" {
				t.Fatalf("err = %v content %q", o.err, o.content)
			}
		}},
		{kind: FaultLength, plain: wantLength(full), strm: wantLength(full)},
		{kind: FaultEmptyChoices, plain: wantNoChoices, strm: wantNoChoices},

		{kind: Fault502, style: StyleLlamaCpp, plain: wantRequestError(502), strm: wantRequestError(502)},
		{kind: Fault503, style: StyleLlamaCpp, plain: wantAPIError(503, 503, "unavailable_error"), strm: wantAPIError(503, 503, "unavailable_error")},
		{kind: FaultContextLength, style: StyleLlamaCpp, plain: wantAPIError(400, 400, "exceed_context_size_error"), strm: wantAPIError(400, 400, "exceed_context_size_error")},
		{kind: FaultContextLength, style: StyleVLLM, plain: wantAPIError(400, 400, "BadRequestError"), strm: wantAPIError(400, 400, "BadRequestError")},
		{kind: FaultContextLength, style: StyleVLLMLegacy, plain: wantRequestError(400), strm: wantRequestError(400)},
		{kind: Fault500, style: StyleOllama, plain: wantAPIError(500, 0, "api_error"), strm: wantAPIError(500, 0, "api_error")},
		{kind: Fault404Model, style: StyleOllama, plain: wantAPIError(404, 0, "not_found_error"), strm: wantAPIError(404, 0, "not_found_error")},
		{kind: Fault401, style: StyleVLLM, plain: wantRequestError(401), strm: wantRequestError(401)},
		{kind: Fault429, style: StyleLlamaCpp, plain: wantAPIError(429, "rate_limit_exceeded", "requests"), strm: wantAPIError(429, "rate_limit_exceeded", "requests")},
	} {
		for _, stream := range []bool{false, true} {
			name := string(tc.kind) + "/" + string(tc.style)
			if stream {
				name += "/stream"
			}
			t.Run(name, func(t *testing.T) {
				s := newTestServer(t, Config{ErrorStyle: tc.style, Faults: []Fault{{Kind: tc.kind}}})
				check := tc.plain
				if stream {
					check = tc.strm
				}
				check(t, runChat(t, newClient(s, "sk-test-0123456789abcdef"), stream, 300*time.Millisecond))
				log := s.Requests()
				wantFault := tc.kind
				if wantFault == FaultNone {
					wantFault = ""
				}
				if len(log) != 1 || log[0].Fault != wantFault {
					t.Errorf("log fault = %q, want %q", log[0].Fault, wantFault)
				}
				// The next request is served normally.
				if o := runChat(t, newClient(s, "k"), stream, 5*time.Second); o.err != nil && !errors.Is(o.err, io.EOF) || o.content != full {
					t.Errorf("after the fault: %+v", o)
				}
				if st := s.Stats(); st.Faults != map[bool]int{true: 0, false: 1}[tc.kind == FaultNone] {
					t.Errorf("stats faults = %d", st.Faults)
				}
				// Both answers are counted, cut-off ones included (a hung
				// handler notices the client leaving a moment later).
				answered := func() int {
					n := 0
					for _, c := range s.Stats().ByStatus {
						n += c
					}
					return n
				}
				for deadline := time.Now().Add(5 * time.Second); answered() < 2 && time.Now().Before(deadline); {
					time.Sleep(5 * time.Millisecond)
				}
				if st := s.Stats(); answered() != 2 {
					t.Errorf("statuses counted: %v", st.ByStatus)
				}
			})
		}
	}
}

func wantOK(full string) func(*testing.T, outcome) {
	return func(t *testing.T, o outcome) {
		t.Helper()
		if (o.err != nil && !errors.Is(o.err, io.EOF)) || o.content != full || o.finish != "stop" {
			t.Errorf("outcome %+v", o)
		}
	}
}

func wantLength(full string) func(*testing.T, outcome) {
	return func(t *testing.T, o outcome) {
		t.Helper()
		if (o.err != nil && !errors.Is(o.err, io.EOF)) || o.finish != "length" || o.content == "" || o.content == full || !strings.HasPrefix(full, o.content) {
			t.Errorf("outcome %+v", o)
		}
	}
}

func wantNoChoices(t *testing.T, o outcome) {
	t.Helper()
	if (o.err != nil && !errors.Is(o.err, io.EOF)) || o.choices != 0 {
		t.Errorf("outcome %+v", o)
	}
}

func TestFaultHeaders(t *testing.T) {
	for _, tc := range []struct {
		fault            Fault
		retry, retryMs   string
		messageHasWaitIn string
	}{
		{Fault{Kind: Fault429}, "1", "1000", "Please try again in 1s."},
		{Fault{Kind: Fault429, RetryAfter: Duration(1500 * time.Millisecond)}, "2", "1500", "Please try again in 1.5s."},
		{Fault{Kind: Fault429NoRetryAfter}, "", "", ""},
		{Fault{Kind: FaultInsufficientQuota}, "", "", ""},
	} {
		t.Run(string(tc.fault.Kind), func(t *testing.T) {
			s := newTestServer(t, Config{Faults: []Fault{tc.fault}})
			r := post(t, s, "/chat/completions", chatBody("gpt-4o", userMsg("Hello there. How are you?"), nil))
			if r.status != 429 {
				t.Fatalf("status %d", r.status)
			}
			if got := r.header.Get("Retry-After"); got != tc.retry {
				t.Errorf("Retry-After = %q, want %q", got, tc.retry)
			}
			if got := r.header.Get("retry-after-ms"); got != tc.retryMs {
				t.Errorf("retry-after-ms = %q, want %q", got, tc.retryMs)
			}
			msg := openAIError(t, r.body)["message"].(string)
			if tc.messageHasWaitIn != "" && !strings.Contains(msg, tc.messageHasWaitIn) {
				t.Errorf("message %q lacks %q", msg, tc.messageHasWaitIn)
			}
			if tc.fault.Kind == Fault429NoRetryAfter && strings.Contains(msg, "try again in") {
				t.Errorf("message gives a hint: %q", msg)
			}
		})
	}
}

func TestScriptedFaultsInOrder(t *testing.T) {
	s := newTestServer(t, Config{Faults: []Fault{{Kind: Fault503}, {Kind: FaultNone}, {Kind: Fault429}, {Kind: Fault500}}})
	var got []int
	for range 6 {
		got = append(got, post(t, s, "/chat/completions", chatBody("m", userMsg("A sentence to answer from."), nil)).status)
	}
	if want := []int{503, 200, 429, 500, 200, 200}; !slices.Equal(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	st := s.Stats()
	if st.Faults != 3 || st.RateLimited != 1 || st.ByStatus[200] != 3 || st.Requests != 6 {
		t.Errorf("stats %+v", st)
	}
}

func TestRandomFaultsDeterministic(t *testing.T) {
	run := func(seed uint64) []int {
		s := newTestServer(t, Config{FaultRate: 0.5, Seed: seed, FaultKinds: []FaultKind{Fault500, Fault503}})
		var statuses []int
		for range 40 {
			statuses = append(statuses, post(t, s, "/chat/completions", chatBody("m", userMsg("A sentence to answer from."), nil)).status)
		}
		return statuses
	}
	a, b, c := run(7), run(7), run(8)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different faults:\n%v\n%v", a, b)
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave the same faults")
	}
	counts := map[int]int{}
	for _, st := range a {
		counts[st]++
	}
	if counts[200] < 8 || counts[200] > 32 || counts[500] == 0 || counts[503] == 0 || len(counts) != 3 {
		t.Errorf("statuses %v", counts)
	}
}

func TestCloseReleasesHangs(t *testing.T) {
	s := NewServer(Config{Faults: []Fault{{Kind: FaultHang}, {Kind: FaultStall}}})
	client := newClient(s, "k")
	done := make(chan outcome, 2)
	for _, stream := range []bool{false, true} {
		go func() { done <- runChat(t, client, stream, time.Hour) }()
	}
	// Wait until both requests are inside the handler.
	for deadline := time.Now().Add(10 * time.Second); s.Stats().Requests < 2; {
		if time.Now().After(deadline) {
			t.Fatal("requests never arrived")
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.Close()
	for range 2 {
		select {
		case o := <-done:
			if o.err == nil {
				t.Errorf("a hung request succeeded: %+v", o)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Close left a request hanging")
		}
	}
}
