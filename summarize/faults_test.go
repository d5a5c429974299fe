package summarize_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/brief-cli/brief/internal/openaitest"
	"github.com/brief-cli/brief/internal/testcorpus"
	"github.com/brief-cli/brief/summarize"
	"github.com/brief-cli/brief/summarize/openai"
)

// TestEndpointFaults runs the pipeline through the real OpenAI client
// against the fake server, injecting each failure real endpoints show, and
// checks the policy: retry what retrying fixes, adapt once to what can be
// adapted to, stop at once on the rest.
func TestEndpointFaults(t *testing.T) {
	report := summarize.LongReport(4) // fits one request
	fault := func(kinds ...openaitest.FaultKind) []openaitest.Fault {
		var fs []openaitest.Fault
		for _, k := range kinds {
			fs = append(fs, openaitest.Fault{Kind: k})
		}
		return fs
	}
	tests := []struct {
		name     string
		cfg      openaitest.Config
		model    string
		stream   bool
		wantErr  error
		requests int // requests the server saw
	}{
		{"server errors are retried", openaitest.Config{Faults: fault("500", "502", "503")}, "", true, nil, 4},
		{"rate limit with Retry-After", openaitest.Config{Faults: fault("429")}, "", true, nil, 2},
		{"rate limit without Retry-After", openaitest.Config{Faults: fault("429-no-retry-after")}, "", false, nil, 2},
		{"malformed body", openaitest.Config{Faults: fault("malformed-json")}, "", false, nil, 2},
		{"stream cut without finish_reason", openaitest.Config{Faults: fault("truncated-stream")}, "", true, nil, 2},
		{"stream error event", openaitest.Config{Faults: fault("stream-error")}, "", true, nil, 2},
		{"empty choices", openaitest.Config{Faults: fault("empty-choices")}, "", false, nil, 2},
		{"answer cut by length", openaitest.Config{Faults: fault("length")}, "", true, nil, 2},
		{"hung server times out", openaitest.Config{Faults: fault("hang")}, "", true, nil, 2},
		{"quota stops at once", openaitest.Config{Faults: fault("insufficient_quota")}, "", true, summarize.ErrQuota, 1},
		{"bad key stops at once", openaitest.Config{Faults: fault("401")}, "", true, summarize.ErrAuth, 1},
		{"forbidden stops at once", openaitest.Config{Faults: fault("403")}, "", true, summarize.ErrAuth, 1},
		{"unknown model stops at once", openaitest.Config{Models: []string{"gpt-4o-mini"}}, "gpt-nope", true, summarize.ErrModelNotFound, 1},
		{"json_schema refused: json_object", openaitest.Config{ResponseFormats: []string{"json_object", "text"}}, "", true, nil, 2},
		// llama-server takes json_object but answers in prose: one
		// refusal of json_schema, one prose answer, then the schema in the
		// prompt.
		{"json_object accepted but not enforced (llama.cpp): text", openaitest.Config{ResponseFormats: []string{"json_object", "text"}, ErrorStyle: "llamacpp"}, "", true, nil, 3},
		{"no response_format at all: text", openaitest.Config{ResponseFormats: []string{"text"}, ErrorStyle: "llamacpp"}, "", true, nil, 3},
		{"reasoning model rules", openaitest.Config{Reasoning: true}, "my-reasoner", true, nil, 3},
		{"request too large for the TPM limit: smaller chunks", openaitest.Config{TPM: 6000, RateWindow: openaitest.Duration(time.Second)}, "", true, nil, 0},
		// 2,400 tokens: with today's shorter prompts the whole report fits a
		// 3,000-token window in one request unless the window probe answers
		// first, so the test hung on timing.
		{"context window learned (openai)", openaitest.Config{ContextWindow: 2400, Faults: fault("ok")}, "", true, nil, 0},
		{"context window learned (llama.cpp)", openaitest.Config{ContextWindow: 2400, ErrorStyle: "llamacpp"}, "", true, nil, 0},
		{"context window learned (vllm)", openaitest.Config{ContextWindow: 2400, ErrorStyle: "vllm"}, "", true, nil, 0},
		{"silent truncation learned (ollama)", openaitest.Config{ContextWindow: 2400, ErrorStyle: "ollama"}, "", true, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(tt.cfg)
			defer srv.Close()
			model := tt.model
			if model == "" {
				model = summarize.DefaultModel
			}
			text := report
			opt := summarize.Options{Model: model, MaxRetries: 3, Sleep: summarize.NoSleep}
			if tt.cfg.ContextWindow > 0 {
				// The client believes in 128k tokens; the server has 3,000.
				text = summarize.LongReport(60)
				opt.MaxOutputTokens = 600
				opt.ContextTokens = 128_000
			}
			if tt.cfg.TPM > 0 {
				// Chunks of 6,000 tokens with a 2,048-token answer cannot
				// pass a 6,000-token limit; the server's window is a second.
				text = summarize.LongReport(150)
				opt.TokensPerMinute = tt.cfg.TPM * 60
			}
			opt.Completer = openai.New(openai.Config{
				BaseURL: srv.URL(), Model: model, Temperature: 0.2, Stream: tt.stream,
				HTTPClient: &http.Client{Timeout: 2 * time.Second},
			})
			s, err := summarize.New(opt)
			if err != nil {
				t.Fatal(err)
			}
			b, err := s.Summarize(context.Background(), summarize.Input{Name: "r.txt", Text: text})
			if !errors.Is(err, tt.wantErr) || (err != nil) != (tt.wantErr != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			st := srv.Stats()
			window, chunkCap := s.SizesForTest()
			if tt.requests > 0 && st.Requests != tt.requests {
				t.Fatalf("server saw %d requests, want %d", st.Requests, tt.requests)
			}
			if err == nil && (b.Lead.Text == "" && len(b.Sections) == 0) {
				t.Fatal("empty brief")
			}
			// Usage counts what the server answered, including answers cut
			// or broken on the way (their prompt was likely billed), but
			// never refusals.
			if err == nil && (b.Usage.Requests < st.ByStatus[200] || b.Usage.Requests > st.Requests-st.ByStatus[400]-st.RateLimited) {
				t.Fatalf("usage counts %d requests; the server answered %d of %d with 200", b.Usage.Requests, st.ByStatus[200], st.Requests)
			}
			if tt.cfg.TPM > 0 && (st.RateLimited == 0 || chunkCap >= summarize.DefaultChunkCap(window)) {
				t.Fatalf("expected a request too large, then smaller chunks: %+v, %d chunks", st, b.Source.Chunks)
			}
			if tt.cfg.ContextWindow > 0 && tt.cfg.ErrorStyle == "ollama" {
				// Ollama answers 200 with a cut prompt: learned from usage.
				if window > tt.cfg.ContextWindow || b.Source.Chunks < 2 {
					t.Fatalf("window %d not learned from the cut prompt, %d chunks", window, b.Source.Chunks)
				}
			} else if tt.cfg.ContextWindow > 0 {
				// llama-server accepts a prompt that fits and stops the
				// answer where the window ends: learned from the answers.
				if (st.ByStatus[400] == 0 && tt.cfg.ErrorStyle != "llamacpp") || window > tt.cfg.ContextWindow || b.Source.Chunks < 2 {
					t.Fatalf("expected the window learned, then smaller chunks: %+v, window %d, %d chunks", st, window, b.Source.Chunks)
				}
			}
		})
	}
}

// TestPromptsFitTheWindow runs a long real report through a model with a
// small window that the server enforces: every request must fit (the
// server would answer 400 otherwise), and the notes must be merged over
// reduce levels.
func TestPromptsFitTheWindow(t *testing.T) {
	data := testcorpus.Read(t, "reports/911-commission-ch01-we-have-some-planes.txt")
	srv := openaitest.NewServer(openaitest.Config{ContextWindow: 4096})
	defer srv.Close()
	s, err := summarize.New(summarize.Options{
		Completer:       openai.New(openai.Config{BaseURL: srv.URL(), Model: summarize.DefaultModel, Stream: true}),
		ContextTokens:   4096,
		MaxOutputTokens: 700,
		Sleep:           summarize.NoSleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Summarize(context.Background(), summarize.Input{Name: "911-ch01.txt", Text: string(data)})
	if err != nil {
		t.Fatal(err)
	}
	st := srv.Stats()
	_, reduceLevels, _ := b.StatsForTest()
	if st.ByStatus[400] != 0 {
		for _, r := range srv.Requests() {
			if r.Status == 400 {
				t.Logf("request %d: %d prompt tokens, max_tokens %v", r.Seq, openaitest.CountPromptTokens(r.Messages), *r.MaxTokens)
			}
		}
		t.Fatalf("%d requests did not fit the window", st.ByStatus[400])
	}
	if reduceLevels == 0 || b.Source.Chunks < 8 {
		t.Fatalf("%d chunks, %d reduce levels: want a tree", b.Source.Chunks, reduceLevels)
	}
	if b.Usage.Requests != st.Requests {
		t.Fatalf("usage counts %d requests, server saw %d", b.Usage.Requests, st.Requests)
	}
	t.Logf("%d chunks, %d reduce levels, %d requests", b.Source.Chunks, reduceLevels, st.Requests)
}
