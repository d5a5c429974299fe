package summarize

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimits is what a server says of its rate limits in the
// x-ratelimit-* headers; zero fields were not sent.
type RateLimits struct {
	LimitRequests, LimitTokens         int
	RemainingRequests, RemainingTokens int
	ResetRequests, ResetTokens         time.Duration
}

// startConcurrency is the concurrency of a slow start.
const startConcurrency = 2

// pacer keeps requests within the endpoint's limits: a concurrency gate
// that halves on 429 and grows back one step per window of successes
// (AIMD), token buckets for requests and tokens per minute (set by the user
// or learned from the x-ratelimit-limit-* headers), and a shared pause when
// the server asks everyone to wait.
//
// Until a token limit is known, it starts slowly: startConcurrency
// requests, one more per success (so doubling per round of answers), until
// the first answer's headers tell the limits (or show that the server
// tells none), the transport tells that the server is local and has none
// (see LocalServer), or the configured concurrency is reached. A full
// burst sent blind could charge more than the limit before the limit is
// known, and OpenAI counts refused requests against it too ("unsuccessful
// requests contribute to your per-minute limit", help.openai.com/en/articles/5955604);
// what was sent meanwhile is charged to the learned buckets. The risk is in tokens, not
// requests: smaller requests may go out blind beyond startConcurrency
// while all sent blind fit in blindTokens, what startConcurrency requests
// of the default size reserve, or on OpenAI's own API half the model's
// published Tier-1 limit (see startBudget).
type pacer struct {
	mu       sync.Mutex
	limit    int // current concurrency limit
	max      int // configured concurrency
	inFlight int
	waiters  []waiter
	streak   int // successes since the last change of limit

	rpm, tpm         *rate.Limiter
	userRPM, userTPM bool
	// learnedRPM and learnedTPM are the limits last read from the server.
	learnedRPM, learnedTPM int
	pauseUntil             time.Time

	slowStart bool
	// blindTokens is how many tokens a slow start may reserve before the
	// limits are known (0: startConcurrency requests, whatever their
	// size); blindSent is what it has reserved so far.
	blindTokens, blindSent int
	// window is the servers' rate window, a minute; tests shorten it.
	window time.Duration
	// sent are the requests let through in the last window, so that a
	// bucket learned later starts with them spent.
	sent []sentRequest
	// told is whether an answer's headers have been read (admitted), and
	// toldLimits the per-minute limits they gave: what a run leaves the
	// next one (see LimitsCache).
	told       bool
	toldLimits RateLimits
}

// waiter is a request waiting for a concurrency slot, and the tokens it
// will reserve.
type waiter struct {
	ch     chan struct{}
	tokens int
}

// blindBudget is what startConcurrency requests of the default size
// reserve at a window: a default chunk and the whole answer allowance
// each. A slow start sends no more than that before the limits are known.
func blindBudget(window, maxOutput int) int {
	return startConcurrency * (defaultChunkCap(window) + maxOutput)
}

// startBudget is the slow start's budget of tokens sent blind for model,
// on OpenAI's own API (platform) or not. There the model's Tier-1 limit
// (ModelFacts.MinTokensPerMinute) is the least any paying account has:
// half of it may go out blind, the other half left to whatever else the
// account runs, since refused requests count against the limit too
// (help.openai.com/en/articles/5955604). That half may be below
// blindBudget (gpt-4o: 15,000 against 36,096), and then it holds: the
// floor says two default requests could overrun a Tier-1 account. The
// pacer still lets startConcurrency requests through whatever the
// budget. Elsewhere, or for a model without a published figure, the
// limits are unknown and blindBudget holds.
func startBudget(window, maxOutput int, model string, platform bool) int {
	if floor := LookupModel(model).MinTokensPerMinute; platform && floor > 0 {
		return floor / 2
	}
	return blindBudget(window, maxOutput)
}

// setBlindTokens sets the slow start's budget of tokens sent blind.
func (p *pacer) setBlindTokens(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.blindTokens = n
	p.grant()
}

// sentRequest is a request let through and the tokens reserved for it.
type sentRequest struct {
	at     time.Time
	tokens int
}

func newPacer(concurrency, rpm, tpm int) *pacer {
	p := &pacer{limit: concurrency, max: concurrency, window: time.Minute}
	if rpm > 0 {
		p.rpm, p.userRPM = newPerMinute(rpm), true
	}
	if tpm > 0 {
		p.tpm, p.userTPM = newPerMinute(tpm), true
	} else if concurrency > startConcurrency {
		p.slowStart, p.limit = true, startConcurrency
	}
	return p
}

// newPerMinute is a token bucket that never lets more than n through in any
// minute, as a server's sliding one-minute window counts: its burst is a
// twentieth of n and it refills the rest, (n - burst) per minute.
func newPerMinute(n int) *rate.Limiter { return newPerWindow(n, time.Minute) }

func newPerWindow(n int, window time.Duration) *rate.Limiter {
	burst := max(1, n/20)
	return rate.NewLimiter(rate.Limit(float64(n-burst)/window.Seconds()), burst)
}

// spend takes n from bucket l now, going into debt past its burst, so that
// later requests wait for what was sent before l existed.
func spend(l *rate.Limiter, now time.Time, n int) {
	for n > 0 {
		k := min(n, l.Burst())
		l.ReserveN(now, k)
		n -= k
	}
}

// wait blocks until a request of promptTokens (and an answer of up to
// maxTokens) may be sent. It returns the tokens reserved, for done.
func (p *pacer) wait(ctx context.Context, promptTokens, maxTokens int) (reserved int, err error) {
	// Servers charge the limit with the prompt plus the answer's whole
	// allowance when the request arrives (OpenAI does), so reserve that.
	reserved = promptTokens + maxTokens
	if err := p.acquire(ctx, reserved); err != nil {
		return 0, err
	}
	p.mu.Lock()
	pause := time.Until(p.pauseUntil)
	rpm, tpm := p.rpm, p.tpm
	p.mu.Unlock()
	fail := func(err error) (int, error) { p.release(); return 0, err }
	if pause > 0 {
		if err := sleepCtx(ctx, pause); err != nil {
			return fail(err)
		}
	}
	if rpm != nil {
		if err := rpm.Wait(ctx); err != nil {
			return fail(ctxErr(ctx, err))
		}
	}
	if tpm != nil {
		// The bucket must hold one whole request; it stays as small as
		// that allows, so a start-up burst cannot overrun the server's window.
		if limit := int(float64(tpm.Limit())*p.window.Seconds()) + tpm.Burst(); reserved > tpm.Burst() && tpm.Burst() < limit {
			tpm.SetBurst(min(reserved, limit))
		}
		if err := tpm.WaitN(ctx, min(reserved, tpm.Burst())); err != nil {
			return fail(ctxErr(ctx, err))
		}
	}
	p.mu.Lock()
	now := time.Now()
	i := 0
	for i < len(p.sent) && now.Sub(p.sent[i].at) > p.window {
		i++
	}
	p.sent = append(p.sent[i:], sentRequest{at: now, tokens: reserved})
	p.mu.Unlock()
	return reserved, nil
}

// admitted records that the server accepted a request let through by wait
// and began to answer, with the limits its headers gave. A slow start ends
// here as it would when the answer is done: for a streamed answer the
// headers come with the first token, long before the last.
func (p *pacer) admitted(l RateLimits) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.learn(l)
	p.told, p.toldLimits = true, RateLimits{LimitRequests: l.LimitRequests, LimitTokens: l.LimitTokens}
	if p.slowStart && (p.tpm != nil || l == RateLimits{}) {
		p.slowStart, p.limit, p.streak = false, p.max, 0
		p.grant()
	}
}

// recall starts the pacer with what an earlier run's server told of its
// per-minute limits (see LimitsCache): they pace the first requests as if
// the first answer had told them, and a server that told none is not
// waited for. The first answer's headers replace them, with what they say
// is already used.
func (p *pacer) recall(l RateLimits) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l = RateLimits{LimitRequests: l.LimitRequests, LimitTokens: l.LimitTokens}
	p.learn(l)
	// The first answer's headers then set the buckets anew, as they would
	// have without this, with what the server says is used in its window
	// (an earlier run's requests may still count there).
	p.learnedRPM, p.learnedTPM = 0, 0
	if p.slowStart && (p.tpm != nil || l == RateLimits{}) {
		p.slowStart, p.limit, p.streak = false, p.max, 0
		p.grant()
	}
}

// heard returns the per-minute limits the last answer's headers gave, and
// whether any answer's headers have been read.
func (p *pacer) heard() (RateLimits, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.toldLimits, p.told
}

// unmetered ends a slow start: the transport says the server is local
// software that enforces no rate limits, so there is no limit to learn
// (a 429 still halves the concurrency).
func (p *pacer) unmetered() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.slowStart {
		p.slowStart, p.limit, p.streak = false, p.max, 0
		p.grant()
	}
}

// done records the outcome of a request let through by wait.
func (p *pacer) done(reserved int, resp *Response, err error) {
	p.mu.Lock()
	defer func() {
		p.mu.Unlock()
		p.release()
	}()
	if resp != nil {
		used := resp.Usage.PromptTokens + resp.Usage.CompletionTokens
		if p.tpm != nil && used > reserved {
			// Book an underestimate as debt, so later requests wait for it.
			p.tpm.ReserveN(time.Now(), min(used-reserved, p.tpm.Burst()))
		}
		p.learn(resp.Limits)
		switch {
		case p.slowStart && (p.tpm != nil || resp.Limits == RateLimits{}):
			// The limits are known, and the buckets pace from here; or the
			// server tells none (local servers), and waiting cannot teach
			// them: a 429 still halves the concurrency.
			p.slowStart, p.limit, p.streak = false, p.max, 0
		case p.slowStart:
			if p.limit++; p.limit >= p.max {
				p.slowStart = false
			}
		default:
			if p.streak++; p.streak >= p.limit && p.limit < p.max {
				p.limit++
				p.streak = 0
			}
		}
		return
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Kind != ErrRateLimited {
		return
	}
	p.slowStart = false
	p.limit = max(1, p.limit/2)
	p.streak = 0
	if apiErr.RetryAfter > 0 {
		if until := time.Now().Add(min(apiErr.RetryAfter, maxRetryWait)); until.After(p.pauseUntil) {
			p.pauseUntil = until
		}
	}
}

// learn adopts the server's advertised limits unless the user set them. A
// new bucket starts with what was already spent in the window: what this
// pacer let through, or what the server says is used, whichever is more.
func (p *pacer) learn(l RateLimits) {
	now := time.Now()
	var reqs, toks int
	for _, s := range p.sent {
		if now.Sub(s.at) <= p.window {
			reqs++
			toks += s.tokens
		}
	}
	if l.LimitRequests > 0 && !p.userRPM && l.LimitRequests != p.learnedRPM {
		p.rpm, p.learnedRPM = newPerWindow(l.LimitRequests, p.window), l.LimitRequests
		if l.RemainingRequests > 0 {
			reqs = max(reqs, l.LimitRequests-l.RemainingRequests)
		}
		spend(p.rpm, now, reqs)
	}
	if l.LimitTokens > 0 && !p.userTPM && l.LimitTokens != p.learnedTPM {
		p.tpm, p.learnedTPM = newPerWindow(l.LimitTokens, p.window), l.LimitTokens
		if l.RemainingTokens > 0 {
			toks = max(toks, l.LimitTokens-l.RemainingTokens)
		}
		spend(p.tpm, now, toks)
	}
}

// acquire takes a concurrency slot for a request that will reserve
// tokens, first come first served.
func (p *pacer) acquire(ctx context.Context, tokens int) error {
	p.mu.Lock()
	if len(p.waiters) == 0 && p.room(tokens) {
		p.take(tokens)
		p.mu.Unlock()
		return nil
	}
	w := waiter{ch: make(chan struct{}), tokens: tokens}
	p.waiters = append(p.waiters, w)
	p.mu.Unlock()
	select {
	case <-w.ch:
		return nil
	case <-ctx.Done():
		p.mu.Lock()
		for i, o := range p.waiters {
			if o.ch == w.ch {
				p.waiters = append(p.waiters[:i], p.waiters[i+1:]...)
				p.grant() // a smaller request behind it may fit now
				p.mu.Unlock()
				return ctx.Err()
			}
		}
		p.mu.Unlock()
		p.release() // granted as we gave up
		return ctx.Err()
	}
}

// room reports whether a request that will reserve tokens may start now:
// within the concurrency limit, or, in a slow start, within the
// configured concurrency while all sent blind fit in blindTokens. p.mu is
// held.
func (p *pacer) room(tokens int) bool {
	if p.inFlight < p.limit {
		return true
	}
	return p.slowStart && p.inFlight < p.max && p.blindSent+tokens <= p.blindTokens
}

// take counts a request let through; p.mu is held.
func (p *pacer) take(tokens int) {
	p.inFlight++
	if p.slowStart {
		p.blindSent += tokens
	}
}

func (p *pacer) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inFlight--
	p.grant()
}

// grant lets waiters through while there is room; p.mu is held.
func (p *pacer) grant() {
	for len(p.waiters) > 0 && p.room(p.waiters[0].tokens) {
		w := p.waiters[0]
		p.waiters = p.waiters[1:]
		p.take(w.tokens)
		close(w.ch)
	}
}

// ctxErr prefers the context's error: rate.Limiter reports a wait that
// would outlast the deadline with its own.
func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
