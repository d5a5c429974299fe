package summarize

import (
	"fmt"
	"math"
	"slices"
	"sync"
)

// Servers count prompts with the model's own tokenizer, not ours, and not
// all of them count a response_format schema (servers.md): OpenAI bills a
// compact form of it, Ollama, llama.cpp and vLLM none. So brief learns,
// per Summarizer (one endpoint and model), how the server's counts relate
// to its own, and concludes that the server cut a prompt only on evidence
// of a cap, never on one count below an estimate.

// uncalibratedRatio is the server tokens per token of ours assumed before
// the server has reported any count: looser vocabularies (Mistral's 32k on
// English) make up to about 30% more tokens than ours.
const uncalibratedRatio = 1.35

// minCalibrationTokens is the least prompt, in our tokens, whose count
// says something about the tokenizer rather than the chat framing.
const minCalibrationTokens = 200

// maxSamples bounds the counts kept.
const maxSamples = 64

// sample is one prompt: our counts and the server's.
type sample struct {
	text     int  // our tokens of the messages, with their framing
	schema   int  // our tokens of a response_format schema sent, else 0
	reported int  // the server's prompt_tokens
	full     bool // the count of a whole prompt the server refused (an error's figure)
}

// calibration is what the server's counts have shown. It is safe for
// concurrent use.
type calibration struct {
	mu      sync.Mutex
	samples []sample
	// caps are the ceilings concluded so far: counts at them say nothing
	// about the tokenizer.
	caps []int
	// fixed: size at the assumed ratio whatever the counts show.
	fixed bool
}

// atCap reports whether n is one of the concluded ceilings.
func (c *calibration) atCap(n int) bool {
	for _, k := range c.caps {
		if d := n - k; d <= max(2, k/1000) && -d <= max(2, k/1000) {
			return true
		}
	}
	return false
}

// estimate is the calibration's current reading.
type estimate struct {
	ratio float64 // server tokens per token of ours
	known bool    // ratio learned from the server, not assumed
	// share is the part of a response_format schema's tokens that the
	// server counts: 0 (Ollama, llama.cpp, vLLM), about half (OpenAI's
	// compact form), 1 while unknown.
	share      float64
	shareKnown bool
	// lowRatio, while the share is unknown, is the ratio with the schema
	// counted whole: the lowest count the samples allow comes from it.
	lowRatio float64
}

// schemaShares are the accountings of a schema seen in servers.
var schemaShares = []float64{0, 0.5, 1}

// serverTokens is what a prompt of text tokens of ours, plus a schema of
// schema tokens sent as response_format, costs on the server.
func (e estimate) serverTokens(text, schema int) int {
	return int(math.Ceil((float64(text) + e.share*float64(schema)) * e.ratio))
}

// current returns the estimate from the samples so far.
func (c *calibration) current() estimate {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fixed {
		return estimate{ratio: uncalibratedRatio, share: 1}
	}
	return c.estimateLocked(nil)
}

// largestWhole is the largest prompt, in server tokens, that the server
// has shown it read whole (a count not at a cap).
func (c *calibration) largestWhole() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.samples {
		if !s.full && !c.atCap(s.reported) {
			n = max(n, s.reported)
		}
	}
	return n
}

// recentSamples is how many of the latest counts bound the sizing ratio.
const recentSamples = 16

// sizingRatio is the ratio to size prompts with: the assumption before any
// count, else the highest ratio among the recent prompts of some size (a
// batch can mix languages, and texts differ in density), and never less
// than the median with a little room.
func (c *calibration) sizingRatio() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fixed {
		// Options.FixedSizing: the same requests on every replay.
		return uncalibratedRatio
	}
	e := c.estimateLocked(nil)
	if !e.known {
		return e.ratio
	}
	high := e.ratio * 1.03
	seen := 0
	for i := len(c.samples) - 1; i >= 0 && seen < recentSamples; i-- {
		s := c.samples[i]
		if s.text < 1024 || s.reported <= 0 || (!s.full && c.atCap(s.reported)) {
			continue
		}
		seen++
		high = max(high, float64(s.reported)/(float64(s.text)+e.share*float64(s.schema)))
	}
	return high
}

// estimateLocked reads the samples, leaving out those in skip and those
// at a concluded cap: with none, the assumption; from prompts without a
// schema the ratio directly, and then the schema's share from the rest;
// from prompts with a schema only, the share under which the ratios agree
// best, erring high while the shares cannot be told apart.
func (c *calibration) estimateLocked(skip map[int]bool) estimate {
	var plain []float64
	var with []sample
	for i, s := range c.samples {
		if skip[i] || s.text < minCalibrationTokens || s.reported <= 0 || (!s.full && c.atCap(s.reported)) {
			continue
		}
		if s.schema == 0 {
			plain = append(plain, float64(s.reported)/float64(s.text))
		} else {
			with = append(with, s)
		}
	}
	ratios := func(share float64) []float64 {
		out := make([]float64, len(with))
		for i, s := range with {
			out[i] = float64(s.reported) / (float64(s.text) + share*float64(s.schema))
		}
		return out
	}
	switch {
	case len(plain) > 0:
		e := estimate{ratio: median(plain), known: true, share: 1}
		if len(with) > 0 {
			shares := make([]float64, len(with))
			for i, s := range with {
				shares[i] = (float64(s.reported)/e.ratio - float64(s.text)) / float64(s.schema)
			}
			e.share, e.shareKnown = min(max(median(shares), 0), 1), true
		}
		return e
	case len(with) == 0:
		return estimate{ratio: uncalibratedRatio, share: 1}
	}
	lo, hi := math.Inf(1), 0.0
	for _, s := range with {
		f := float64(s.schema) / float64(s.text)
		lo, hi = min(lo, f), max(hi, f)
	}
	if len(with) >= 2 && hi-lo > 0.05 {
		best := estimate{known: true, shareKnown: true}
		bestSpread := math.Inf(1)
		for _, share := range schemaShares {
			if sp := spread(ratios(share)); sp < bestSpread {
				best.ratio, best.share, bestSpread = median(ratios(share)), share, sp
			}
		}
		return best
	}
	// Cannot tell: the ratio as if the schema were free is the higher
	// one, and the schema is still reserved whole.
	return estimate{ratio: median(ratios(0)), known: true, share: 1, lowRatio: median(ratios(1))}
}

// verdict is what one count showed.
type verdict struct {
	// window is the window the counts show, in server tokens, when they
	// show a cap lower than the one in use; else 0.
	window int
	// why says what led there, with the figures.
	why string
	// conflict, when set, says which evidence was set aside.
	conflict string
	// confirm asks for one smaller request before judging: the count is
	// far below ours with nothing yet to tell a cut from a dense
	// tokenizer.
	confirm bool
}

// observe records a prompt's counts and says whether they, with the
// earlier ones, show that the server cuts prompts at a cap below window.
// A cap is shown by counts that stay flat while our prompts grow, or by a
// count far below the calibrated estimate confirmed by a second one, by
// sitting at the window's edge, or by one smaller request (the verdict
// then asks for it: see confirmed). A steady ratio is a tokenizer
// difference. The window shown never drops below a prompt the server read
// whole.
func (c *calibration) observe(s sample, window int) verdict {
	c.mu.Lock()
	defer c.mu.Unlock()
	before := c.estimateLocked(nil)
	c.samples = append(c.samples, s)
	if len(c.samples) > maxSamples {
		c.samples = slices.Delete(c.samples, 0, len(c.samples)-maxSamples)
	}
	if s.full || s.reported <= 0 || s.text < 1024 {
		return verdict{}
	}
	return c.judgeLocked(len(c.samples)-1, before, window, true)
}

// confirmed judges sample s again once the smaller request asked for has
// been observed: the estimate now leaves s out and includes that request.
func (c *calibration) confirmed(s sample, window int) verdict {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := slices.Index(c.samples, s)
	if i < 0 {
		return verdict{}
	}
	return c.judgeLocked(i, c.estimateLocked(map[int]bool{i: true}), window, false)
}

// confirmTokens is the size, in our tokens, of the smaller request that
// confirms a cap at reported: small enough to be read whole under any
// plausible tokenizer, large enough to measure one.
func confirmTokens(reported int) int { return max(reported/2, 256) }

func (c *calibration) judgeLocked(idx int, before estimate, window int, mayAsk bool) verdict {
	s := c.samples[idx]
	tol := max(2, s.reported/1000)
	near := func(a, b int) bool { return a-b <= tol && b-a <= tol }
	flat := map[int]bool{}
	for i, o := range c.samples {
		if i != idx && !o.full && near(o.reported, s.reported) && o.text != s.text {
			flat[i] = true
		}
	}
	var capAt int
	var why string
	if len(flat) > 0 {
		flat[idx] = true
		for i, o := range c.samples {
			if near(o.reported, s.reported) && o.text == s.text {
				flat[i] = true
			}
		}
		// Different prompts read as the same count: unless the ratio
		// explains it (prompts nearly equal), that count is a ceiling.
		lo, hi := s.text, s.text
		for i := range flat {
			lo, hi = min(lo, c.samples[i].text), max(hi, c.samples[i].text)
		}
		// A cut only ever makes a count smaller: when the count is at
		// least what the known ratio expects of the largest prompt, that
		// prompt was read whole and the meeting is chance.
		readWhole := before.known && float64(s.reported) >= float64(hi)*before.ratio
		if !readWhole && (float64(hi-lo) > 0.01*float64(hi) || (before.known && float64(hi)*before.ratio*0.9 > float64(s.reported))) {
			capAt = s.reported
			why = fmt.Sprintf("the server reported %d prompt tokens for %d prompts of %d to %d tokens of ours: it reads no more than that", s.reported, len(flat), lo, hi)
		}
	}
	if capAt == 0 {
		expect := float64(s.text) * before.ratio
		if before.shareKnown {
			expect += before.share * float64(s.schema) * before.ratio
		} else if before.lowRatio > 0 && s.schema > 0 {
			// before.ratio took the schema as free; counted whole, it
			// predicts less for a prompt of more text than schema.
			expect = min(expect, float64(s.text+s.schema)*before.lowRatio)
		}
		switch {
		case !before.known:
			// No ratio yet: a count this far under ours is a dense
			// tokenizer or a cut; one smaller request tells which.
			if mayAsk && float64(s.reported) < 0.95*float64(s.text) {
				return verdict{confirm: true}
			}
		case float64(s.reported) < gapShare(mayAsk)*expect:
			gaps := 0
			for i, o := range c.samples {
				if i != idx && !o.full && o.text >= 1024 && !c.atCap(o.reported) && float64(o.reported) < 0.8*before.ratio*float64(o.text) {
					gaps++
				}
			}
			edge := window > 0 && s.reported <= window && s.reported >= window*98/100
			if gaps == 0 && !edge && mayAsk {
				return verdict{confirm: true}
			}
			capAt = s.reported
			why = fmt.Sprintf("the server reported %d prompt tokens where its ratio of %.2f to ours predicts about %.0f", s.reported, before.ratio, expect)
			flat[idx] = true
		}
	}
	if capAt == 0 || (window > 0 && capAt >= window) {
		return verdict{}
	}
	c.caps = append(c.caps, capAt)
	// Never below a prompt the server has shown it read whole.
	whole := 0
	for i, o := range c.samples {
		if !flat[i] && !o.full && !c.atCap(o.reported) && o.reported > whole {
			whole = o.reported
		}
	}
	v := verdict{window: capAt, why: why}
	if whole > capAt+tol {
		v.window = whole
		v.conflict = fmt.Sprintf("a cap at %d tokens conflicts with a prompt of %d tokens the server read whole; keeping %d", capAt, whole, whole)
	}
	if window > 0 && v.window >= window {
		return verdict{conflict: v.conflict}
	}
	return v
}

// gapShare is the share of the estimate below which a count is a gap: a
// ratio measured on other text leaves room for texts that differ; one
// measured on the start of the same prompt (a confirmation) leaves little.
func gapShare(beforeConfirming bool) float64 {
	if beforeConfirming {
		return 0.8
	}
	return 0.95
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// spread is the relative width of v, max over min.
func spread(v []float64) float64 {
	lo := slices.Min(v)
	if lo <= 0 {
		return math.Inf(1)
	}
	return slices.Max(v) / lo
}

// logAccounting says, for --verbose, what the server's counts have shown.
func (s *Summarizer) logAccounting() {
	e := s.cal.current()
	if !e.known {
		return
	}
	schema := "unknown"
	if e.shareKnown {
		schema = fmt.Sprintf("%.0f%% counted", 100*e.share)
	}
	s.log.Info("server token accounting", "server_tokens_per_token", fmt.Sprintf("%.2f", e.ratio), "sizing_ratio", fmt.Sprintf("%.2f", s.cal.sizingRatio()), "response_format_schema", schema)
}
