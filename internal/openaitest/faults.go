package openaitest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// faultPlan hands out one fault per chat request: the scripted list first,
// then random draws.
type faultPlan struct {
	mu       sync.Mutex
	scripted []Fault
	pos      int
	rate     float64
	kinds    []FaultKind
	rng      *rand.Rand
}

func newFaultPlan(c Config) *faultPlan {
	kinds := c.FaultKinds
	if len(kinds) == 0 {
		kinds = defaultRandomKinds
	}
	return &faultPlan{
		scripted: c.Faults,
		rate:     c.FaultRate,
		kinds:    kinds,
		rng:      rand.New(rand.NewPCG(c.Seed, c.Seed^0x6f70656e61697465)),
	}
}

// next returns the fault for the next request; Kind is "" for none.
func (p *faultPlan) next() Fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pos < len(p.scripted) {
		f := p.scripted[p.pos]
		p.pos++
		return f
	}
	if p.rate > 0 && p.rng.Float64() < p.rate {
		return Fault{Kind: p.kinds[p.rng.IntN(len(p.kinds))]}
	}
	return Fault{}
}

// faultError is the error answer of an error fault, nil for the kinds that
// shape a 200 answer (or none).
func (c *call) faultError() *apiError {
	h := c.h
	model := ""
	if c.req.Model != nil {
		model = *c.req.Model
	}
	switch c.fault.Kind {
	case Fault500:
		return errServer(h.style)
	case FaultStreamError:
		if !c.req.Stream {
			return errServer(h.style)
		}
	case Fault502:
		return errBadGateway(h.style)
	case Fault503:
		return errOverloaded(h.style)
	case Fault429, Fault429NoRetryAfter:
		wait := c.fault.RetryAfter.D()
		if wait <= 0 {
			wait = time.Second
		}
		limit := max(h.cfg.RPM, 3)
		e := errRateLimited("requests", model, limit, limit, 1, wait)
		if c.fault.Kind == Fault429NoRetryAfter {
			// No header and no hint in the message: the client has to
			// pick its own backoff.
			e.message = fmt.Sprintf("Rate limit reached for %s in organization %s on requests per min (RPM): Limit %d, Used %d, Requested 1. %s",
				model, organization, limit, limit, rateLimitDocs)
		} else {
			e.header = retryHeaders(wait)
		}
		return e
	case FaultInsufficientQuota:
		return errInsufficientQuota()
	case Fault401:
		key := ""
		if _, k, ok := strings.Cut(c.r.Header.Get("Authorization"), " "); ok {
			key = strings.TrimSpace(k)
		}
		if key == "" {
			return errMissingAuth(h.style)
		}
		return errInvalidAPIKey(h.style, key)
	case Fault403:
		return errForbidden(h.style)
	case Fault404Model:
		return errModelNotFound(h.style, model)
	case FaultContextLength:
		prompt := CountPromptTokens(c.msgs)
		budget := 0
		if c.req.MaxCompletionTokens != nil {
			budget = *c.req.MaxCompletionTokens
		} else if c.req.MaxTokens != nil {
			budget = *c.req.MaxTokens
		}
		ctx := h.cfg.ContextWindow
		if ctx == 0 || ctx >= prompt+budget {
			ctx = max(1, prompt-1)
		}
		return errContextLength(h.style, ctx, prompt, budget)
	}
	return nil
}
