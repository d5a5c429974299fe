package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Limits are the per-minute rate limits a server told in its
// x-ratelimit-limit-* headers; a zero field was not told. The cache keeps
// them across runs, so that a run can pace its first requests by what the
// last run learned instead of starting slowly.
type Limits struct {
	Requests, Tokens int
	// SeenAt is when they were stored.
	SeenAt time.Time
}

// LimitsKey is the key of the limits an endpoint (scope, as the response
// keys name it) told for model. Never pass the API key.
func LimitsKey(scope, model string) Key { return KeyOf("rate-limits", scope, model) }

// Limits returns the limits stored under key, and whether there are any.
func (c *Cache) Limits(ctx context.Context, key Key) (Limits, bool, error) {
	if err := ctx.Err(); err != nil {
		return Limits{}, false, err
	}
	var l Limits
	var seen int64
	err := retryBusy(ctx, func() error {
		return c.db.QueryRowContext(ctx,
			`SELECT requests, tokens, seen_at FROM rate_limits WHERE key = ?`, key[:]).
			Scan(&l.Requests, &l.Tokens, &seen)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return Limits{}, false, nil
	}
	if err != nil {
		return Limits{}, false, fmt.Errorf("cache limits %s: %w", key, c.classify(ctx, err))
	}
	l.SeenAt = time.Unix(0, seen).UTC()
	return l, true, nil
}

// PutLimits stores l under key, replacing what was there: limits change
// as an account moves between tiers. A zero l.SeenAt is set from
// Options.Now.
func (c *Cache) PutLimits(ctx context.Context, key Key, l Limits) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.Requests < 0 || l.Tokens < 0 {
		return fmt.Errorf("cache put limits %s: negative limit (%d, %d)", key, l.Requests, l.Tokens)
	}
	seen := l.SeenAt
	if seen.IsZero() {
		seen = c.now()
	}
	err := c.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO rate_limits (key, requests, tokens, seen_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET requests = excluded.requests, tokens = excluded.tokens, seen_at = excluded.seen_at`,
			key[:], l.Requests, l.Tokens, seen.UnixNano())
		return err
	})
	if err != nil {
		return fmt.Errorf("cache put limits %s: %w", key, err)
	}
	return nil
}
