// Package ctxtest helps test that long computations honour cancellation
// from inside, deterministically, without timing.
package ctxtest

import (
	"context"
	"sync/atomic"
)

// Countdown is a context that reports itself cancelled from the (n+1)th
// call of Err on, so a test can cancel a computation after exactly n of
// its looks at the context, wherever they fall. Done closes at the same
// moment.
type Countdown struct {
	context.Context
	left   atomic.Int64
	looks  atomic.Int64
	done   chan struct{}
	closed atomic.Bool
}

// NewCountdown returns a Countdown that allows n looks.
func NewCountdown(n int) *Countdown {
	c := &Countdown{Context: context.Background(), done: make(chan struct{})}
	c.left.Store(int64(n))
	return c
}

// Err returns nil for the first n calls and context.Canceled after.
func (c *Countdown) Err() error {
	c.looks.Add(1)
	if c.left.Add(-1) >= 0 {
		return nil
	}
	if c.closed.CompareAndSwap(false, true) {
		close(c.done)
	}
	return context.Canceled
}

// Done closes once Err has reported the cancellation.
func (c *Countdown) Done() <-chan struct{} { return c.done }

// Looks is how many times Err was called.
func (c *Countdown) Looks() int { return int(c.looks.Load()) }

var _ context.Context = (*Countdown)(nil)
