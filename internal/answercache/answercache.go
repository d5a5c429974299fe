// Package answercache keeps the pipeline's answers in brief's on-disk
// response cache: it adapts *cache.Cache to summarize.Cache, whose types
// summarize owns so that code outside this module can supply its own store.
package answercache

import (
	"context"

	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/summarize"
)

// Store is a summarize.Cache backed by a *cache.Cache.
type Store struct{ c *cache.Cache }

var _ summarize.LimitsCache = Store{}

// New returns c as a summarize.Cache.
func New(c *cache.Cache) Store { return Store{c} }

// Get returns the answer stored under key, and whether there is one.
func (s Store) Get(ctx context.Context, key summarize.CacheKey) (summarize.CachedAnswer, bool, error) {
	e, ok, err := s.c.Get(ctx, cache.Key(key))
	if err != nil || !ok {
		return summarize.CachedAnswer{}, ok, err
	}
	return summarize.CachedAnswer{
		Content: e.Content, FinishReason: e.FinishReason,
		PromptTokens: e.PromptTokens, CompletionTokens: e.CompletionTokens, Model: e.Model,
	}, true, nil
}

// Put stores a under key.
func (s Store) Put(ctx context.Context, key summarize.CacheKey, a summarize.CachedAnswer) error {
	return s.c.Put(ctx, cache.Key(key), cache.Entry{
		Content: a.Content, FinishReason: a.FinishReason,
		PromptTokens: a.PromptTokens, CompletionTokens: a.CompletionTokens, Model: a.Model,
	})
}

// Limits returns the rate limits kept for scope and model.
func (s Store) Limits(ctx context.Context, scope, model string) (summarize.RateLimits, bool, error) {
	l, ok, err := s.c.Limits(ctx, cache.LimitsKey(scope, model))
	return summarize.RateLimits{LimitRequests: l.Requests, LimitTokens: l.Tokens}, ok, err
}

// PutLimits keeps the rate limits l for scope and model.
func (s Store) PutLimits(ctx context.Context, scope, model string, l summarize.RateLimits) error {
	return s.c.PutLimits(ctx, cache.LimitsKey(scope, model), cache.Limits{Requests: l.LimitRequests, Tokens: l.LimitTokens})
}
