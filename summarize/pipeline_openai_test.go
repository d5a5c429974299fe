package summarize_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/brief-cli/brief/internal/openaitest"
	"github.com/brief-cli/brief/summarize"
	"github.com/brief-cli/brief/summarize/openai"
)

// TestRefusedConnection checks that a port nobody listens on is a typed
// ErrConnect after at most one short retry, not the whole backoff.
func TestRefusedConnection(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // now nothing listens there
	var waits []time.Duration
	s, err := summarize.New(summarize.Options{
		MaxRetries: 5,
		Sleep:      func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil },
		Completer:  openai.New(openai.Config{BaseURL: "http://" + addr + "/v1", Model: summarize.DefaultModel, Stream: true}),
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Summarize(context.Background(), summarize.Input{Name: "r.txt", Text: summarize.LongReport(2)})
	if !errors.Is(err, summarize.ErrConnect) {
		t.Fatalf("err = %v, want ErrConnect", err)
	}
	if len(waits) > 1 || (len(waits) == 1 && waits[0] > time.Second) {
		t.Fatalf("waited %v before giving up; want at most one short retry", waits)
	}
}

// TestPacerFirstWindow sends a burst of requests through the pacer and the
// real client to the fake server with a token limit the client does not
// know: started blind at full concurrency they overrun the limit; with the
// slow start, the first answer's headers teach the limit before the burst,
// and no request is refused.
func TestPacerFirstWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a few seconds")
	}
	const (
		concurrency = 16
		requests    = 16
		tpm         = 20_000
		window      = 2 * time.Second
		maxTokens   = 1500
	)
	prompt := strings.Repeat("The harbour was closed for two days. ", 100) // about 900 tokens
	for _, tt := range []struct {
		name      string
		slowStart bool
	}{{"blind burst", false}, {"slow start", true}} {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(openaitest.Config{TPM: tpm, RateWindow: openaitest.Duration(window), Latency: openaitest.Duration(50 * time.Millisecond)})
			defer srv.Close()
			c := openai.New(openai.Config{BaseURL: srv.URL(), Model: "gpt-4o-mini"})
			p := summarize.NewTestPacer(concurrency, window, tt.slowStart)
			ctx := context.Background()
			var wg sync.WaitGroup
			for range requests {
				wg.Add(1)
				go func() {
					defer wg.Done()
					reserved, err := p.Wait(ctx, 1000, maxTokens)
					if err != nil {
						t.Error(err)
						return
					}
					resp, err := c.Complete(ctx, summarize.Request{Messages: []summarize.Message{{Role: "user", Content: prompt}}, MaxTokens: maxTokens, Format: summarize.FormatText})
					if err != nil {
						p.Done(reserved, nil, err)
						return
					}
					p.Done(reserved, &resp, nil)
				}()
			}
			wg.Wait()
			st := srv.Stats()
			t.Logf("%d requests, %d refused with 429, %d tokens charged", st.Requests, st.RateLimited, st.ChargedTokens)
			if tt.slowStart && st.RateLimited > 0 {
				t.Errorf("%d of %d requests refused with 429 while the limit was learned", st.RateLimited, st.Requests)
			}
			if !tt.slowStart && st.RateLimited == 0 {
				t.Errorf("the blind burst was not refused: the test does not exercise the first window")
			}
		})
	}
}

// TestLocalServerSkipsSlowStart: against a local server (llama.cpp's, on
// loopback) the first requests go out at the full concurrency; against an
// OpenAI-style server at the same address, which may be a gateway to a
// hosted API with limits nobody told, only what two requests of the
// default size would reserve goes out until the first answer: all small
// requests, two default-sized ones, a few in between. The server holds
// its answers until the concurrency is reached or, when it is not, for a
// second, so that a loaded machine cannot pass requests off as answered
// late.
func TestLocalServerSkipsSlowStart(t *testing.T) {
	if testing.Short() {
		t.Skip("holds answers for a second")
	}
	const concurrency = 8
	for _, tt := range []struct {
		name        string
		style       openaitest.Style
		chunkTokens int
		paragraphs  int
		want        int // requests in flight before the first answer; 0: what the budget holds
	}{
		{"llamacpp", openaitest.StyleLlamaCpp, 300, 150, concurrency},
		{"openai/small-requests", openaitest.StyleOpenAI, 300, 150, concurrency},
		{"openai/default-size", openaitest.StyleOpenAI, 16000, 1200, 2},
		{"openai/between", openaitest.StyleOpenAI, 5000, 1200, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, err := openaitest.NewHandler(openaitest.Config{ErrorStyle: tt.style, ContextWindow: 128000})
			if err != nil {
				t.Fatal(err)
			}
			wave := newFirstWave(h, concurrency)
			srv := httptest.NewServer(wave)
			defer srv.Close()
			s, err := summarize.New(summarize.Options{
				Completer:   openai.New(openai.Config{BaseURL: srv.URL + "/v1", Model: summarize.DefaultModel}),
				ChunkTokens: tt.chunkTokens,
				Concurrency: concurrency,
				Sleep:       summarize.NoSleep,
			})
			if err != nil {
				t.Fatal(err)
			}
			b, err := s.Summarize(context.Background(), summarize.Input{Name: "r.txt", Text: summarize.LongReport(tt.paragraphs)})
			if err != nil {
				t.Fatal(err)
			}
			before := wave.before()
			if chunks, _, _ := b.StatsForTest(); chunks <= before {
				t.Fatalf("%d chunks: too few to tell what held the first wave", chunks)
			}
			// What the first wave reserved, as the server counted it.
			reserved := 0
			for _, r := range h.Requests()[:before] {
				reserved += r.PromptTokens + *r.MaxTokens
			}
			budget := summarize.BlindBudget(128000, 2048) // gpt-4o-mini's window, the default allowance
			t.Logf("%d requests in flight before the first answer, reserving %d tokens (budget %d)", before, reserved, budget)
			switch {
			case tt.want > 0 && before != tt.want:
				t.Errorf("%d requests in flight before the first answer, want %d", before, tt.want)
			case tt.want == 0 && (before <= 2 || before >= concurrency || reserved > budget*11/10):
				t.Errorf("%d requests reserving %d tokens in flight before the first answer, want more than 2 within %d", before, reserved, budget)
			}
		})
	}
}

// firstWave is the fake server h holding its answers until concurrency
// requests are in flight or, when they never are, for a second, so that a
// loaded machine cannot pass requests off as answered late; it counts the
// requests in flight before the first answer began.
type firstWave struct {
	h           http.Handler
	concurrency int
	full        chan struct{}

	mu                sync.Mutex
	inFlight, inFirst int
	answered          bool
}

func newFirstWave(h http.Handler, concurrency int) *firstWave {
	return &firstWave{h: h, concurrency: concurrency, full: make(chan struct{})}
}

// before is the most requests in flight before the first answer began.
func (f *firstWave) before() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.inFirst
}

func (f *firstWave) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/chat/completions") {
		f.h.ServeHTTP(w, r)
		return
	}
	f.mu.Lock()
	f.inFlight++
	hold := !f.answered
	if hold {
		f.inFirst = max(f.inFirst, f.inFlight)
		if f.inFirst == f.concurrency {
			close(f.full)
		}
	}
	f.mu.Unlock()
	if hold {
		select {
		case <-f.full:
		case <-time.After(time.Second):
		}
	}
	// Answered from its headers on: the client may send more before this
	// handler returns.
	f.h.ServeHTTP(&onHeader{ResponseWriter: w, f: func() {
		f.mu.Lock()
		f.answered = true
		f.mu.Unlock()
	}}, r)
	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
}

// onHeader calls f before the response's headers are written.
type onHeader struct {
	http.ResponseWriter
	f    func()
	once sync.Once
}

func (o *onHeader) WriteHeader(code int) {
	o.once.Do(o.f)
	o.ResponseWriter.WriteHeader(code)
}

func (o *onHeader) Write(b []byte) (int, error) {
	o.once.Do(o.f)
	return o.ResponseWriter.Write(b)
}

func (o *onHeader) Unwrap() http.ResponseWriter { return o.ResponseWriter }

// platformClient is an HTTP client that takes every request, whatever its
// host, to the TLS test server srv: a client whose base URL is OpenAI's
// takes the platform's path in the pipeline without the network.
func platformClient(srv *httptest.Server) *http.Client {
	tr := srv.Client().Transport.(*http.Transport).Clone()
	addr := srv.Listener.Addr().String()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
	tr.TLSClientConfig.ServerName = "example.com" // what the test certificate is for
	return &http.Client{Transport: tr}
}

// TestOpenAIPlatformFirstWave: on OpenAI's own API the slow start may
// send half the model's Tier-1 limit before the first answer (gpt-4o-mini:
// 100,000 tokens), more than at another base URL (two default requests),
// and no more than that. Both servers are the same fake behind TLS; only
// the base URL differs.
func TestOpenAIPlatformFirstWave(t *testing.T) {
	if testing.Short() {
		t.Skip("holds answers for a second")
	}
	const (
		concurrency = 16
		window      = 128000 // gpt-4o-mini's
	)
	floor := summarize.LookupModel(summarize.DefaultModel).MinTokensPerMinute
	first := map[bool]int{}
	for _, platform := range []bool{false, true} {
		name := "other"
		if platform {
			name = "platform"
		}
		t.Run(name, func(t *testing.T) {
			h, err := openaitest.NewHandler(openaitest.Config{ContextWindow: window})
			if err != nil {
				t.Fatal(err)
			}
			wave := newFirstWave(h, concurrency)
			srv := httptest.NewTLSServer(wave)
			defer srv.Close()
			cfg := openai.Config{BaseURL: srv.URL + "/v1", Model: summarize.DefaultModel, HTTPClient: srv.Client()}
			budget := summarize.BlindBudget(window, 2048) // the default allowance
			if platform {
				cfg.BaseURL, cfg.HTTPClient = "https://api.openai.com/v1", platformClient(srv)
				budget = floor / 2
			}
			s, err := summarize.New(summarize.Options{
				Completer:   openai.New(cfg),
				ChunkTokens: 1500,
				Concurrency: concurrency,
				Sleep:       summarize.NoSleep,
			})
			if err != nil {
				t.Fatal(err)
			}
			b, err := s.Summarize(context.Background(), summarize.Input{Name: "r.txt", Text: summarize.LongReport(1200)})
			if err != nil {
				t.Fatal(err)
			}
			before := wave.before()
			if chunks, _, _ := b.StatsForTest(); chunks <= concurrency {
				t.Fatalf("%d chunks: too few to fill concurrency %d", chunks, concurrency)
			}
			reserved := 0
			for _, r := range h.Requests()[:before] {
				reserved += r.PromptTokens + *r.MaxTokens
			}
			t.Logf("%d requests in flight before the first answer, reserving %d tokens (budget %d)", before, reserved, budget)
			// The fake counts prompts with its own tokenizer: a tenth of slack.
			if before <= 2 || reserved > budget*11/10 {
				t.Errorf("%d requests reserving %d tokens in flight before the first answer, want more than 2 within %d", before, reserved, budget)
			}
			first[platform] = before
		})
	}
	if floor <= 0 || first[true] <= first[false] {
		t.Errorf("first wave %d on OpenAI's API (Tier-1 limit %d), %d elsewhere: want it larger", first[true], floor, first[false])
	}
}

// limitsMemory is a LimitsCache that keeps no answers, only limits.
type limitsMemory struct {
	mu     sync.Mutex
	limits map[string]summarize.RateLimits
	puts   int
}

func (m *limitsMemory) Get(context.Context, summarize.CacheKey) (summarize.CachedAnswer, bool, error) {
	return summarize.CachedAnswer{}, false, nil
}

func (m *limitsMemory) Put(context.Context, summarize.CacheKey, summarize.CachedAnswer) error {
	return nil
}

func (m *limitsMemory) Limits(_ context.Context, scope, model string) (summarize.RateLimits, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	l, ok := m.limits[scope+"|"+model]
	return l, ok, nil
}

func (m *limitsMemory) PutLimits(_ context.Context, scope, model string, l summarize.RateLimits) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.limits[scope+"|"+model] = l
	m.puts++
	return nil
}

// TestRecalledLimits: a run keeps what the server told of its limits, and
// the next run against the same endpoint starts with them: the first wave
// at the full concurrency, where the first run sent only what it may send
// blind; a run against another endpoint starts slowly still. The server
// holds its answers as in TestLocalServerSkipsSlowStart.
func TestRecalledLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("holds answers for a second")
	}
	const concurrency = 8
	for _, tt := range []struct {
		name     string
		rpm, tpm int // what the server tells; 0: nothing
		want     summarize.RateLimits
	}{
		{"limits told", 10_000, 2_000_000, summarize.RateLimits{LimitRequests: 10_000, LimitTokens: 2_000_000}},
		{"none told", 0, 0, summarize.RateLimits{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, err := openaitest.NewHandler(openaitest.Config{ContextWindow: 128000, RPM: tt.rpm, TPM: tt.tpm})
			if err != nil {
				t.Fatal(err)
			}
			mem := &limitsMemory{limits: map[string]summarize.RateLimits{}}
			run := func(scope string) int {
				wave := newFirstWave(h, concurrency)
				srv := httptest.NewServer(wave)
				defer srv.Close()
				s, err := summarize.New(summarize.Options{
					Completer:   openai.New(openai.Config{BaseURL: srv.URL + "/v1", Model: summarize.DefaultModel}),
					Cache:       mem,
					CacheScope:  scope,
					ChunkTokens: 4000,
					Concurrency: concurrency,
					Sleep:       summarize.NoSleep,
				})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.Summarize(context.Background(), summarize.Input{Name: "r.txt", Text: summarize.LongReport(1200)}); err != nil {
					t.Fatal(err)
				}
				return wave.before()
			}
			first := run("gateway")
			kept, ok, _ := mem.Limits(context.Background(), "gateway", summarize.DefaultModel)
			if !ok || kept != tt.want {
				t.Fatalf("kept %+v (%v), want %+v", kept, ok, tt.want)
			}
			second := run("gateway")
			other := run("another gateway")
			t.Logf("first wave: %d requests, then %d with the limits kept, %d at another endpoint", first, second, other)
			if first >= concurrency || other >= concurrency {
				t.Errorf("first waves of %d and %d requests without limits kept: the test does not exercise the slow start", first, other)
			}
			if second != concurrency {
				t.Errorf("first wave of %d requests with the limits kept, want %d", second, concurrency)
			}
			if mem.puts != 2 {
				t.Errorf("%d writes of the limits for two endpoints, want 2 (once each: a run rewrites only news)", mem.puts)
			}
		})
	}
}
