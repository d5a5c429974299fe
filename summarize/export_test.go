package summarize

import (
	"context"
	"time"
)

// Hooks for package summarize_test, whose tests run the pipeline through
// openai.Client: package summarize cannot import summarize/openai, which
// imports it.

var (
	LongReport = longReport
	// BlindBudget is what a slow start may reserve before the limits are known.
	BlindBudget = blindBudget
	NoSleep     = noSleep
)

// DefaultChunkCap is the chunk cap at window when the caller sets none.
func DefaultChunkCap(window int) int { return defaultChunkCap(window) }

// SizesForTest returns the window and the chunk cap s works with now.
func (s *Summarizer) SizesForTest() (window, chunkCap int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sizes.window, s.sizes.cap()
}

// StatsForTest returns the chunks, reduce levels and reduce rounds of the
// run that wrote b.
func (b *Brief) StatsForTest() (chunks, reduceLevels, reduceRounds int) {
	return b.stats.chunks, b.stats.reduceLevels, b.stats.reduceRounds
}

// TestPacer exposes the pacer.
type TestPacer struct{ p *pacer }

// NewTestPacer returns a pacer of concurrency whose rate window is window,
// starting slowly or not.
func NewTestPacer(concurrency int, window time.Duration, slowStart bool) TestPacer {
	p := newPacer(concurrency, 0, 0)
	p.window = window
	if !slowStart {
		p.slowStart, p.limit = false, concurrency
	}
	return TestPacer{p}
}

func (t TestPacer) Wait(ctx context.Context, promptTokens, maxTokens int) (int, error) {
	return t.p.wait(ctx, promptTokens, maxTokens)
}

func (t TestPacer) Done(reserved int, resp *Response, err error) { t.p.done(reserved, resp, err) }
