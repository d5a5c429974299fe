package summarize

import (
	"context"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/prompts"
)

// CacheKey identifies one request's answer: a SHA-256 of everything that
// shapes it (the endpoint's scope, model, prompt version, format, size and
// messages), never of the API key.
type CacheKey [32]byte

// String returns k in lowercase hexadecimal.
func (k CacheKey) String() string { return hex.EncodeToString(k[:]) }

// CachedAnswer is what a Cache keeps of an answer.
type CachedAnswer struct {
	Content      string
	FinishReason string // "stop", "length", … as the server reported it
	// PromptTokens and CompletionTokens are the usage of the original
	// request; a hit saves as many.
	PromptTokens, CompletionTokens int
	Model                          string // the model that answered
}

// Cache stores answers so that a rerun sends no request for work already
// done. It must be safe for concurrent use. A Get or Put that fails is
// logged and the run goes on without the cache.
type Cache interface {
	// Get returns the answer stored under key, and whether there is one.
	Get(ctx context.Context, key CacheKey) (CachedAnswer, bool, error)
	// Put stores a under key.
	Put(ctx context.Context, key CacheKey, a CachedAnswer) error
}

// LimitsCache is a Cache that also keeps, across runs, what servers told
// of their per-minute rate limits (RateLimits' LimitRequests and
// LimitTokens; both zero for a server that tells none), by endpoint
// (Options.CacheScope) and model. A run then paces its first requests by
// what the last run learned instead of starting slowly, and keeps what
// its own answers tell. internal/answercache's Store is one.
type LimitsCache interface {
	Cache
	// Limits returns the limits kept for scope and model, and whether
	// there are any.
	Limits(ctx context.Context, scope, model string) (RateLimits, bool, error)
	// PutLimits keeps l for scope and model, replacing what was kept.
	PutLimits(ctx context.Context, scope, model string, l RateLimits) error
}

// Prompts renders the prompt templates of a run; *prompts.Set is the
// implementation (prompts.Default, or prompts.Load for a user's own).
type Prompts interface {
	Render(name string, data prompts.Data) (string, error)
	// Version identifies the templates' text, for cache keys.
	Version() string
}

var _ Prompts = (*prompts.Set)(nil)

// fencePlaceholder stands for the run's random fence id in cache keys: the
// fence changes every run, the answer does not depend on it.
const fencePlaceholder = "\x00fence\x00"

// cacheKey identifies a request's answer: the endpoint and model (through
// Options.CacheScope), the prompt templates' version, the format and size
// asked for, and the messages. The API key is never part of it.
func (r *run) cacheKey(req Request) CacheKey {
	parts := []string{
		r.s.opt.CacheScope,
		r.s.opt.Model,
		r.s.prompts.Version(),
		req.Format.String(),
		req.SchemaName,
		strconv.Itoa(req.MaxTokens),
	}
	for _, m := range req.Messages {
		parts = append(parts, m.Role, strings.ReplaceAll(m.Content, r.fenceID, fencePlaceholder))
	}
	return CacheKey(cache.KeyOf(parts...))
}

// cached returns a stored answer for req, if any. A cache that fails is
// logged and bypassed: it must never cost the run.
func (r *run) cached(ctx context.Context, req Request) (Response, CacheKey, bool) {
	c := r.s.opt.Cache
	if c == nil {
		return Response{}, CacheKey{}, false
	}
	key := r.cacheKey(req)
	e, ok, err := c.Get(ctx, key)
	if err != nil {
		if ctx.Err() == nil { // a cancelled run is no cache problem
			r.s.log.Warn("response cache unreadable; going on without it", "error", err)
		}
		return Response{}, key, false
	}
	if !ok {
		return Response{}, key, false
	}
	return Response{
		Content:      e.Content,
		FinishReason: e.FinishReason,
		Usage:        Usage{PromptTokens: e.PromptTokens, CompletionTokens: e.CompletionTokens},
	}, key, true
}

// store keeps a good answer for later runs.
func (r *run) store(ctx context.Context, key CacheKey, resp Response) {
	c := r.s.opt.Cache
	if c == nil {
		return
	}
	err := c.Put(context.WithoutCancel(ctx), key, CachedAnswer{
		Content:          resp.Content,
		FinishReason:     resp.FinishReason,
		PromptTokens:     resp.Usage.PromptTokens,
		CompletionTokens: resp.Usage.CompletionTokens,
		Model:            r.s.opt.Model,
	})
	if err != nil {
		r.s.log.Warn("could not store an answer in the response cache", "error", err)
	}
}
