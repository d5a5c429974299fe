package openaitest

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// limiter enforces RPM and TPM over a sliding window: it remembers when
// each request was admitted and how many tokens it was charged, and forgets
// entries older than the window.
//
// As on OpenAI, a request turned away with 429 still counts against the
// request limit ("unsuccessful requests contribute to your per-minute
// limit"), so hammering a full window keeps it full.
type limiter struct {
	rpm, tpm int
	window   time.Duration

	mu   sync.Mutex
	reqs []time.Time
	toks []*tokenCharge
}

// tokenCharge is the tokens one admitted request holds in the window.
type tokenCharge struct {
	at time.Time
	n  int
}

func newLimiter(c Config) *limiter {
	if c.RPM == 0 && c.TPM == 0 {
		return nil
	}
	return &limiter{rpm: c.RPM, tpm: c.TPM, window: c.window()}
}

// admit decides on a request that needs need tokens (prompt plus the
// requested completion budget). It returns the x-ratelimit-* headers to
// send, and either the charge recorded for the request or a 429.
func (l *limiter) admit(now time.Time, model string, need int) (http.Header, *tokenCharge, *apiError) {
	if l == nil {
		return nil, nil, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.prune(now)

	var apiErr *apiError
	full := l.rpm > 0 && len(l.reqs) >= l.rpm
	used := l.usedTokens()
	// The request counts against RPM whatever the answer.
	l.reqs = append(l.reqs, now)
	switch {
	case full:
		// Retry-After accounts for this refused request too, so a client
		// that waits exactly that long gets through.
		wait := l.reqs[len(l.reqs)-l.rpm].Add(l.window).Sub(now)
		apiErr = errRateLimited("requests", model, l.rpm, len(l.reqs)-1, 1, wait)
		apiErr.header = retryHeaders(wait)
	case l.tpm > 0 && need > l.tpm:
		// Waiting cannot help, so OpenAI sends no retry hint.
		apiErr = errRequestTooLarge(model, l.tpm, need)
	case l.tpm > 0 && used+need > l.tpm:
		wait := l.window
		freed := 0
		for _, c := range l.toks {
			freed += c.n
			if used-freed+need <= l.tpm {
				wait = c.at.Add(l.window).Sub(now)
				break
			}
		}
		apiErr = errRateLimited("tokens", model, l.tpm, used, need, wait)
		apiErr.header = retryHeaders(wait)
	}

	var charge *tokenCharge
	if apiErr == nil && l.tpm > 0 {
		charge = &tokenCharge{at: now, n: need}
		l.toks = append(l.toks, charge)
	}
	h := l.headers(now)
	if apiErr != nil {
		for k, v := range apiErr.header {
			h[k] = v
		}
	}
	return h, charge, apiErr
}

// add charges extra tokens to an admitted request (its completion, when
// the request set no budget up front).
func (l *limiter) add(c *tokenCharge, extra int) {
	if l == nil || c == nil || extra <= 0 {
		return
	}
	l.mu.Lock()
	c.n += extra
	l.mu.Unlock()
}

func (l *limiter) prune(now time.Time) {
	cut := now.Add(-l.window)
	i := 0
	for i < len(l.reqs) && !l.reqs[i].After(cut) {
		i++
	}
	l.reqs = l.reqs[i:]
	j := 0
	for j < len(l.toks) && !l.toks[j].at.After(cut) {
		j++
	}
	l.toks = l.toks[j:]
}

func (l *limiter) usedTokens() int {
	n := 0
	for _, c := range l.toks {
		n += c.n
	}
	return n
}

// headers reports the window as OpenAI does; reset-* is the time until the
// window is back to its initial state.
func (l *limiter) headers(now time.Time) http.Header {
	h := http.Header{}
	if l.rpm > 0 {
		h.Set("x-ratelimit-limit-requests", strconv.Itoa(l.rpm))
		h.Set("x-ratelimit-remaining-requests", strconv.Itoa(max(0, l.rpm-len(l.reqs))))
		reset := time.Duration(0)
		if n := len(l.reqs); n > 0 {
			reset = l.reqs[n-1].Add(l.window).Sub(now)
		}
		h.Set("x-ratelimit-reset-requests", fmtDuration(reset))
	}
	if l.tpm > 0 {
		h.Set("x-ratelimit-limit-tokens", strconv.Itoa(l.tpm))
		h.Set("x-ratelimit-remaining-tokens", strconv.Itoa(max(0, l.tpm-l.usedTokens())))
		reset := time.Duration(0)
		if n := len(l.toks); n > 0 {
			reset = l.toks[n-1].at.Add(l.window).Sub(now)
		}
		h.Set("x-ratelimit-reset-tokens", fmtDuration(reset))
	}
	return h
}

// retryHeaders are the two retry hints OpenAI's SDKs read: Retry-After in
// whole seconds (rounded up, at least 1) and retry-after-ms.
func retryHeaders(wait time.Duration) http.Header {
	if wait < time.Millisecond {
		wait = time.Millisecond
	}
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	h.Set("retry-after-ms", strconv.FormatInt(int64(math.Ceil(float64(wait)/float64(time.Millisecond))), 10))
	return h
}
