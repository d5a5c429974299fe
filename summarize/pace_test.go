package summarize

import (
	"context"
	"testing"
	"time"
)

func TestPacerAIMD(t *testing.T) {
	p := newPacer(8, 0, 1_000_000) // a known limit: no slow start
	ctx := context.Background()
	limited := &APIError{Kind: ErrRateLimited, Status: 429}
	for _, want := range []int{4, 2, 1, 1} {
		if _, err := p.wait(ctx, 10, 10); err != nil {
			t.Fatal(err)
		}
		p.done(0, nil, limited)
		if p.limit != want {
			t.Fatalf("limit = %d after 429, want %d", p.limit, want)
		}
	}
	// Recovery: one step up per `limit` successes, up to the maximum.
	ok := &Response{Usage: Usage{PromptTokens: 10, CompletionTokens: 5}}
	for range 100 {
		if _, err := p.wait(ctx, 10, 10); err != nil {
			t.Fatal(err)
		}
		p.done(0, ok, nil)
	}
	if p.limit != 8 {
		t.Fatalf("limit = %d after recovery, want 8", p.limit)
	}
}

func TestPacerGateBlocksAndCancels(t *testing.T) {
	p := newPacer(1, 0, 0)
	if _, err := p.wait(context.Background(), 1, 1); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() { _, err := p.wait(ctx, 1, 1); errc <- err }()
	select {
	case err := <-errc:
		t.Fatalf("second request let through at concurrency 1: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	cancel()
	if err := <-errc; err != context.Canceled {
		t.Fatalf("err = %v", err)
	}
	p.done(0, &Response{}, nil)
	if p.inFlight != 0 || len(p.waiters) != 0 {
		t.Fatalf("in flight %d, waiters %d", p.inFlight, len(p.waiters))
	}
}

func TestPacerLearnsLimits(t *testing.T) {
	p := newPacer(4, 0, 0)
	// As openai.Client parses them (TestParseRateLimits there).
	l := RateLimits{LimitRequests: 600, LimitTokens: 60000, RemainingTokens: 59000, ResetTokens: time.Second}
	p.learn(l)
	if p.tpm == nil || p.rpm == nil || p.tpm.Burst() != 3000 || float64(p.tpm.Limit()) != 57000.0/60 {
		t.Fatalf("limits not learned")
	}
	user := newPacer(4, 0, 1000)
	user.learn(l)
	if user.tpm.Burst() != 50 || float64(user.tpm.Limit()) != 950.0/60 {
		t.Fatalf("user's limit overridden")
	}
}

// TestPerMinuteBucketFitsTheWindow checks the bucket's promise: in any
// minute, starting full, it lets through at most the limit.
func TestPerMinuteBucketFitsTheWindow(t *testing.T) {
	for _, n := range []int{20, 3000, 1_000_000} {
		l := newPerMinute(n)
		start := time.Now()
		let := 0
		for at := start; at.Before(start.Add(time.Minute)); at = at.Add(time.Second) {
			for l.AllowN(at, 1+n/1000) {
				let += 1 + n/1000
			}
		}
		if let > n {
			t.Errorf("limit %d: %d let through in the first minute", n, let)
		}
		if n >= 1000 && let < n*9/10 {
			t.Errorf("limit %d: only %d let through in the first minute", n, let)
		}
	}
}

// TestPacerSlowStartEnds checks when the slow start gives way: limits
// learned, or an answer that tells none, open the gate to the configured
// concurrency; headers without limits let it grow one step per answer; a
// user's --tpm skips it.
func TestPacerSlowStartEnds(t *testing.T) {
	ctx := context.Background()
	answer := func(p *pacer, l RateLimits) {
		t.Helper()
		reserved, err := p.wait(ctx, 100, 100)
		if err != nil {
			t.Fatal(err)
		}
		p.done(reserved, &Response{Usage: Usage{PromptTokens: 100, CompletionTokens: 50}, Limits: l}, nil)
	}
	if p := newPacer(16, 0, 50_000); p.slowStart || p.limit != 16 {
		t.Errorf("with --tpm: slow start %t, limit %d", p.slowStart, p.limit)
	}
	p := newPacer(16, 0, 0)
	if !p.slowStart || p.limit != startConcurrency {
		t.Fatalf("slow start %t, limit %d", p.slowStart, p.limit)
	}
	answer(p, RateLimits{RemainingTokens: 9000}) // a hint, but no limit
	if !p.slowStart || p.limit != startConcurrency+1 {
		t.Errorf("after a header without limits: slow start %t, limit %d", p.slowStart, p.limit)
	}
	answer(p, RateLimits{LimitTokens: 100_000, RemainingTokens: 99_000})
	if p.slowStart || p.limit != 16 || p.tpm == nil {
		t.Errorf("after the limits: slow start %t, limit %d", p.slowStart, p.limit)
	}
	p = newPacer(16, 0, 0)
	answer(p, RateLimits{})
	if p.slowStart || p.limit != 16 {
		t.Errorf("after an answer without rate headers: slow start %t, limit %d", p.slowStart, p.limit)
	}
	p = newPacer(16, 0, 0)
	reserved, _ := p.wait(ctx, 100, 100)
	p.done(reserved, nil, &APIError{Kind: ErrRateLimited, Status: 429})
	if p.slowStart || p.limit != 1 {
		t.Errorf("after a 429: slow start %t, limit %d", p.slowStart, p.limit)
	}
}

// A slow start counts tokens sent blind, not requests: small requests go
// out beyond startConcurrency while all of them fit in the budget of
// startConcurrency default requests, and large ones stop at
// startConcurrency.
func TestPacerBlindBudget(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name             string
		prompt, answer   int
		budget, wantSent int
	}{
		{"small requests fill the budget", 600, 400, 10_000, 10},
		{"default-sized requests", 16_000, 2048, blindBudget(128_000, 2048), startConcurrency},
		{"larger than the budget", 30_000, 2048, 10_000, startConcurrency},
		{"no budget", 100, 100, 0, startConcurrency},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newPacer(16, 0, 0)
			p.setBlindTokens(tt.budget)
			sent := 0
			for range 16 {
				p.mu.Lock()
				ok := len(p.waiters) == 0 && p.room(tt.prompt+tt.answer)
				p.mu.Unlock()
				if !ok {
					break
				}
				if _, err := p.wait(ctx, tt.prompt, tt.answer); err != nil {
					t.Fatal(err)
				}
				sent++
			}
			if sent != tt.wantSent {
				t.Errorf("%d requests of %d tokens sent before any answer, want %d", sent, tt.prompt+tt.answer, tt.wantSent)
			}
			// The next waits for an answer, which (with no limits told)
			// opens the slow start.
			let := make(chan struct{})
			go func() {
				if _, err := p.wait(ctx, tt.prompt, tt.answer); err == nil {
					close(let)
				}
			}()
			select {
			case <-let:
				t.Fatal("a request passed a full slow start")
			case <-time.After(20 * time.Millisecond):
			}
			p.done(tt.prompt+tt.answer, &Response{}, nil)
			select {
			case <-let:
			case <-time.After(time.Second):
				t.Fatal("the waiting request was not let through after an answer")
			}
		})
	}
}

// A slow start opens when the first answer's headers arrive, and lets the
// waiting requests through, without waiting for that answer to end.
func TestPacerSlowStartOpensOnHeaders(t *testing.T) {
	ctx := context.Background()
	p := newPacer(8, 0, 0)
	for range startConcurrency {
		if _, err := p.wait(ctx, 100, 100); err != nil {
			t.Fatal(err)
		}
	}
	let := make(chan struct{}, 8)
	for range 6 {
		go func() {
			if _, err := p.wait(ctx, 100, 100); err == nil {
				let <- struct{}{}
			}
		}()
	}
	select {
	case <-let:
		t.Fatal("a request passed a full slow start")
	case <-time.After(20 * time.Millisecond):
	}
	ReportLimits(withLimitsHook(ctx, p.admitted), RateLimits{}) // a local server: no limits
	for i := range 6 {
		select {
		case <-let:
		case <-time.After(time.Second):
			t.Fatalf("only %d of 6 waiting requests let through after the headers", i)
		}
	}
	if p.slowStart || p.limit != 8 || p.inFlight != 8 {
		t.Errorf("slow start %t, limit %d, in flight %d", p.slowStart, p.limit, p.inFlight)
	}
	ReportLimits(ctx, RateLimits{}) // a context the pipeline did not make: no-op
}

// A server known to be local (LocalServer) opens the slow start before
// any answer, and lets the waiting requests through; with a user's --tpm
// there is no slow start to open.
func TestPacerUnmetered(t *testing.T) {
	ctx := context.Background()
	p := newPacer(8, 0, 0)
	for range startConcurrency {
		if _, err := p.wait(ctx, 100, 100); err != nil {
			t.Fatal(err)
		}
	}
	let := make(chan struct{}, 8)
	for range 6 {
		go func() {
			if _, err := p.wait(ctx, 100, 100); err == nil {
				let <- struct{}{}
			}
		}()
	}
	p.unmetered()
	for i := range 6 {
		select {
		case <-let:
		case <-time.After(time.Second):
			t.Fatalf("only %d of 6 waiting requests let through", i)
		}
	}
	if p.slowStart || p.limit != 8 || p.inFlight != 8 {
		t.Errorf("slow start %t, limit %d, in flight %d", p.slowStart, p.limit, p.inFlight)
	}
	// A 429 still halves the concurrency afterwards.
	p.done(0, nil, &APIError{Kind: ErrRateLimited, Status: 429})
	if p.limit != 4 {
		t.Errorf("limit %d after a 429, want 4", p.limit)
	}
	user := newPacer(8, 0, 50_000)
	user.unmetered()
	if user.slowStart || user.limit != 8 || user.tpm == nil {
		t.Errorf("with --tpm: slow start %t, limit %d", user.slowStart, user.limit)
	}
}

// platformCompleter is a Completer that says whether it is on OpenAI's
// API (OpenAIPlatform).
type platformCompleter struct {
	CompleterFunc
	on bool
}

func (p platformCompleter) OpenAIPlatform() bool { return p.on }

// The slow start's budget is half the model's Tier-1 limit on OpenAI's
// own API when the table has the figure, and blindBudget otherwise;
// New sets it from what the Completer says.
func TestPacerStartBudget(t *testing.T) {
	const window, maxOutput = 128_000, 2048
	today := blindBudget(window, maxOutput)
	for _, tt := range []struct {
		name      string
		model     string
		completer Completer
		want      int
	}{
		{"platform, known model", "gpt-4o-mini", platformCompleter{on: true}, 100_000},
		{"platform, vendor prefix", "openai/gpt-4o-mini", platformCompleter{on: true}, 100_000},
		{"platform, unknown model", "my-own-model", platformCompleter{on: true}, today},
		{"platform, open model", "llama3.1:8b", platformCompleter{on: true}, today},
		{"not the platform", "gpt-4o-mini", platformCompleter{on: false}, today},
		{"cannot tell", "gpt-4o-mini", CompleterFunc(nil), today},
		// Half the floor is below today's budget, and holds.
		{"platform, gpt-4o", "gpt-4o", platformCompleter{on: true}, 15_000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := tt.completer.(OpenAIPlatform)
			if got := startBudget(window, maxOutput, tt.model, ok && p.OpenAIPlatform()); got != tt.want {
				t.Errorf("startBudget = %d, want %d", got, tt.want)
			}
			s, err := New(Options{Completer: tt.completer, Model: tt.model, ContextTokens: window, Concurrency: 16})
			if err != nil {
				t.Fatal(err)
			}
			if s.pace.blindTokens != tt.want || !s.pace.slowStart {
				t.Errorf("New: blind budget %d (slow start %t), want %d", s.pace.blindTokens, s.pace.slowStart, tt.want)
			}
		})
	}
	if today != 36_096 {
		t.Errorf("blindBudget(128k) = %d: the gpt-4o case no longer tests a floor below it", today)
	}
	// With the user's --tpm there is no slow start for the floor to open.
	s, err := New(Options{Completer: platformCompleter{on: true}, Model: "gpt-4o-mini", Concurrency: 16, TokensPerMinute: 10_000})
	if err != nil {
		t.Fatal(err)
	}
	if s.pace.slowStart || s.pace.limit != 16 {
		t.Errorf("with --tpm: slow start %t, limit %d", s.pace.slowStart, s.pace.limit)
	}
}

// A pacer started with what an earlier run learned (recall) skips the
// slow start when that was a token limit or no limits at all, paces by
// it, and leaves a user's own limit alone; heard tells what the server's
// headers said, for the next run.
func TestPacerRecall(t *testing.T) {
	for _, tt := range []struct {
		name      string
		userTPM   int
		recalled  RateLimits
		slowStart bool
		tpm       int // the token bucket's limit per minute, 0 for none
	}{
		{"token limit", 0, RateLimits{LimitRequests: 500, LimitTokens: 2_000_000}, false, 2_000_000},
		{"a server that tells none", 0, RateLimits{}, false, 0},
		{"requests only", 0, RateLimits{LimitRequests: 500}, true, 0},
		{"the user's limit holds", 100_000, RateLimits{LimitTokens: 2_000_000}, false, 100_000},
		{"stale remaining counts are ignored", 0, RateLimits{LimitTokens: 1_000_000, RemainingTokens: 10}, false, 1_000_000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newPacer(16, 0, tt.userTPM)
			p.recall(tt.recalled)
			if p.slowStart != tt.slowStart {
				t.Errorf("slow start %v, want %v", p.slowStart, tt.slowStart)
			}
			if !tt.slowStart && p.limit != 16 {
				t.Errorf("concurrency limit %d, want 16", p.limit)
			}
			got := 0
			if p.tpm != nil {
				got = int(float64(p.tpm.Limit())*60) + p.tpm.Burst()
			}
			if got < tt.tpm*99/100 || got > tt.tpm*101/100 {
				t.Errorf("token bucket of %d a minute, want %d", got, tt.tpm)
			}
			if p.tpm != nil && tt.userTPM == 0 && p.tpm.Tokens() < float64(p.tpm.Burst())*0.99 {
				t.Errorf("the recalled bucket starts with %.0f of its %d tokens: the remaining count of an earlier run was taken as spent", p.tpm.Tokens(), p.tpm.Burst())
			}
			if _, told := p.heard(); told {
				t.Error("heard before any answer")
			}
			p.admitted(RateLimits{LimitRequests: 5000, LimitTokens: 4_000_000, RemainingTokens: 3_999_000})
			if l, told := p.heard(); !told || l != (RateLimits{LimitRequests: 5000, LimitTokens: 4_000_000}) {
				t.Errorf("heard %+v, %v; want the limits alone", l, told)
			}
		})
	}
}

// After a recall, the first answer's headers set the token bucket anew
// with what the server says is used: an earlier run's requests may still
// count in its window.
func TestPacerRecallThenHeaders(t *testing.T) {
	p := newPacer(16, 0, 0)
	p.recall(RateLimits{LimitTokens: 1_000_000})
	recalled := p.tpm
	p.admitted(RateLimits{LimitTokens: 1_000_000, RemainingTokens: 400_000})
	if p.tpm == recalled {
		t.Fatal("the recalled bucket was kept: what the server says is used was ignored")
	}
	if got := p.tpm.Tokens(); got > 0 {
		t.Errorf("the bucket holds %.0f tokens with 600,000 of 1,000,000 used in the window, want a debt", got)
	}
}
