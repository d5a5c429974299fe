package summarize

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/brief-cli/brief/internal/textseg"
	"github.com/brief-cli/brief/internal/verify"
	"github.com/brief-cli/brief/prompts"
)

// messageOverhead is what the chat format adds to each message, in tokens
// (role and separators), counted on the safe side.
const messageOverhead = 8

// Summarizer turns reports into briefs. It is safe for concurrent use and
// meant to be reused across documents: it learns what the server accepts.
type Summarizer struct {
	opt        Options
	prompts    Prompts
	tok        *Tokenizer
	log        *slog.Logger
	sleep      func(context.Context, time.Duration) error
	maxRetries int
	// mu guards sizes, which shrink when the server tells us better.
	mu    sync.Mutex
	sizes sizes
	// format is the strongest response format the server has not refused.
	format atomic.Int32
	// pace bounds and paces the requests in flight across every document
	// summarized.
	pace *pacer
	// spend keeps the run under Options.MaxCostUSD.
	spend *budget
	// schemaTokens are the tokens of each answer schema, by name, counted
	// on first use so that a run which sends nothing loads no tokenizer.
	schemaOnce   sync.Once
	schemaTokens map[string]int
	// cal is what the server's token counts have shown.
	cal calibration
	// windowSource says where sizes.window came from; guarded by mu.
	windowSource string
	// probeOnce asks the server for its window, once, when the caller
	// gave none.
	probeOnce sync.Once
	// localOnce asks the Completer, once, whether the server is local
	// (see LocalServer).
	localOnce sync.Once
	// limitsOnce recalls, once, the limits the last run learned (see
	// LimitsCache); kept is what the cache holds as far as this run
	// knows, guarded by mu.
	limitsOnce sync.Once
	kept       *RateLimits
}

// ErrContextTooSmall means the model's context window cannot hold a prompt
// and a useful amount of report text.
var ErrContextTooSmall = errors.New("context window too small")

// New returns a Summarizer for opt.
func New(opt Options) (*Summarizer, error) {
	engine, err := PickEngine(opt.Engine, opt.Completer != nil)
	if err != nil {
		return nil, err
	}
	opt.Engine = engine
	if opt.Model == "" {
		opt.Model = DefaultModel
	}
	if opt.Language != "" {
		code, ok := LanguageCode(opt.Language)
		if !ok {
			return nil, fmt.Errorf("unknown language %q (known: %s)", opt.Language, strings.Join(LanguageCodes(), ", "))
		}
		opt.Language = code
	}
	s := &Summarizer{opt: opt, log: opt.Logger, sleep: opt.Sleep, prompts: opt.Prompts}
	if s.prompts == nil {
		s.prompts = prompts.Default()
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.sleep == nil {
		s.sleep = sleepCtx
	}
	tok, err := NewTokenizer(opt.Model)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	s.tok = tok
	s.sizes.window, s.windowSource = opt.ContextTokens, SourceCaller
	s.cal.fixed = opt.FixedSizing
	if s.sizes.window <= 0 {
		s.sizes.window, s.windowSource = knownWindow(opt.Model)
		if opt.Window.Tokens > 0 {
			// Probed once for the run already.
			s.sizes.window, s.windowSource = opt.Window.Tokens, opt.Window.Source
			s.probeOnce.Do(func() {})
		}
	}
	conc := opt.Concurrency
	if conc <= 0 {
		conc = defaultConcurrency
	}
	s.pace = newPacer(conc, opt.RequestsPerMinute, opt.TokensPerMinute)
	s.setMaxOutput()
	s.sizes.chunkCap = max(opt.ChunkTokens, 0) // 0: by the window (sizes.cap)
	s.spend = &budget{max: opt.MaxCostUSD}
	switch {
	case opt.MaxRetries == 0:
		s.maxRetries = defaultMaxRetries
	case opt.MaxRetries > 0:
		s.maxRetries = opt.MaxRetries
	}
	return s, nil
}

// Summarize writes a brief of in. It returns ctx's error as soon as ctx is
// done, even in the middle of work that sends nothing (segmenting, the
// offline engine, the grounding check).
func (s *Summarizer) Summarize(ctx context.Context, in Input) (*Brief, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type outcome struct {
		b   *Brief
		err error
	}
	done := make(chan outcome, 1) // buffered: an abandoned run does not block
	work, cancel := context.WithCancel(ctx)
	go func() {
		b, err := s.summarize(work, in)
		done <- outcome{b, err}
	}()
	select {
	case o := <-done:
		cancel()
		return o.b, o.err
	case <-ctx.Done():
		// The CPU-bound steps check work between stages and stop soon
		// after; the caller need not wait for them.
		cancel()
		return nil, ctx.Err()
	}
}

func (s *Summarizer) summarize(ctx context.Context, in Input) (*Brief, error) {
	doc := textseg.Segment(in.Text)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(doc.Paragraphs) == 0 {
		return nil, ErrEmptyInput
	}
	var (
		b     *Brief
		err   error
		total func() (int, error) // the report's count, when not taken by chunking
	)
	switch s.opt.Engine {
	case EngineExtractive:
		// The count runs beside the work, off its critical path; the LLM
		// path has it from chunking.
		total = s.countAsync(ctx, doc)
		if b, err = s.extract(ctx, doc, in); err != nil {
			break
		}
		if s.opt.Verify != VerifyNone {
			// Verbatim sentences need no alignment; the check still runs,
			// so that both engines report alike (and it catches a bug).
			var c *verify.Checker
			if c, err = verify.NewCheckerContext(ctx, doc); err != nil {
				break
			}
			err = b.check(ctx, c, in.Title)
		}
	default:
		s.probeOnce.Do(func() { s.probeWindow(ctx) })
		s.localOnce.Do(func() { go s.checkLocal(ctx) })
		s.limitsOnce.Do(func() { s.recallLimits(ctx) })
		b, err = s.abstract(ctx, doc, in)
		s.keepLimits(ctx)
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.attachSource(doc, in.Text)
	b.Source.Name = in.Name
	b.Source.URL = in.URL
	b.Source.Bytes = in.Bytes
	b.Source.Paragraphs = len(doc.Paragraphs)
	if total != nil {
		if b.Source.Tokens, err = total(); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// checkLocal opens the pacer's slow start when the Completer says the
// server is local. It runs beside the first requests, so that a question
// the window probe did not already answer delays none of them.
func (s *Summarizer) checkLocal(ctx context.Context) {
	l, ok := s.opt.Completer.(LocalServer)
	if !ok || !l.Local(ctx) {
		return
	}
	s.log.Info("the server is local and enforces no rate limits: all requests may start at once", "concurrency", s.pace.max)
	s.pace.unmetered()
}

// recallLimits starts the pacer with the limits the last run learned from
// the same endpoint and model, when the Cache keeps them (LimitsCache).
func (s *Summarizer) recallLimits(ctx context.Context) {
	lc, ok := s.opt.Cache.(LimitsCache)
	if !ok {
		return
	}
	l, ok, err := lc.Limits(ctx, s.opt.CacheScope, s.opt.Model)
	if err != nil {
		s.log.Warn("cache: the rate limits kept from the last run could not be read; starting slowly", "error", err)
		return
	}
	if !ok {
		return
	}
	s.mu.Lock()
	s.kept = &l
	s.mu.Unlock()
	s.pace.recall(l)
	s.log.Info("pacing by the rate limits the last run learned from this server", "rpm", l.LimitRequests, "tpm", l.LimitTokens)
}

// keepLimits keeps for the next run what the server's answers told of its
// limits, when that is news to the cache (LimitsCache).
func (s *Summarizer) keepLimits(ctx context.Context) {
	lc, ok := s.opt.Cache.(LimitsCache)
	if !ok {
		return
	}
	l, told := s.pace.heard()
	if !told {
		return
	}
	s.mu.Lock()
	news := s.kept == nil || *s.kept != l
	s.kept = &l
	s.mu.Unlock()
	if !news {
		return
	}
	if err := lc.PutLimits(ctx, s.opt.CacheScope, s.opt.Model, l); err != nil && ctx.Err() == nil {
		s.log.Warn("cache: the server's rate limits could not be kept for the next run", "error", err)
	}
}

// setMaxOutput sets the answer allowance from the window unless the
// caller set it, and with it the slow start's budget of tokens sent
// blind. s.mu must be held or s not yet shared.
func (s *Summarizer) setMaxOutput() {
	s.sizes.maxOutput = s.opt.MaxOutputTokens
	if s.sizes.maxOutput <= 0 {
		s.sizes.maxOutput = min(defaultMaxOutputTokens, s.sizes.window/4)
	}
	p, ok := s.opt.Completer.(OpenAIPlatform)
	s.pace.setBlindTokens(startBudget(s.sizes.window, s.sizes.maxOutput, s.opt.Model, ok && p.OpenAIPlatform()))
}

// sizes are the token sizes a run works with. window and maxOutput are in
// the server's tokens, chunkCap in ours.
type sizes struct {
	window    int     // the model's context window
	maxOutput int     // answer allowance per request
	chunkCap  int     // largest chunk of report text; 0 means by the window
	ratio     float64 // server tokens per token of ours when the run began
}

// cap is the largest chunk of report text: the caller's cap, else five
// eighths of the window within the default's bounds. Read from the window
// each time, it follows a window learned smaller during the run.
func (z sizes) cap() int {
	if z.chunkCap > 0 {
		return z.chunkCap
	}
	return defaultChunkCap(z.window)
}

// defaultChunkCap is the chunk cap when the caller sets none (see
// Options.ChunkTokens).
func defaultChunkCap(window int) int {
	return min(max(window*5/8, minDefaultChunkTokens), maxDefaultChunkTokens)
}

// run is the state of one Summarize call on the LLM path.
type run struct {
	s      *Summarizer
	sizes  sizes
	source string // where sizes.window came from
	name   string
	// docTitle and docDate are the document's own title and date
	// (Input.Title, Input.Date), given to the model as facts.
	docTitle, docDate string
	open, shut        string // the prompt fence
	fenceID           string
	text              string // the report
	mu                sync.Mutex
	usage             Usage
}

// newFence sets the run's fence: random per run, and occurring nowhere in
// text, so that the report can neither guess nor close it.
func (r *run) newFence(text string) {
	for {
		n, err := rand.Int(rand.Reader, fenceIDSpace)
		if err != nil {
			panic("summarize: no randomness for the fence: " + err.Error())
		}
		id := fmt.Sprintf("%0*d", fenceDigits, n)
		if !strings.Contains(text, id) {
			r.fenceID = id
			r.open, r.shut = prompts.Fence(id)
			return
		}
	}
}

// schemaTokenCount returns the tokens of the answer schema called name.
func (s *Summarizer) schemaTokenCount(name string) int {
	s.schemaOnce.Do(func() {
		s.schemaTokens = map[string]int{"notes": s.tok.Count(string(notesSchema)), "brief": s.tok.Count(string(briefSchema))}
	})
	return s.schemaTokens[name]
}

// countAsync counts doc's tokens (reportTokens) in a goroutine; the
// function it returns waits for the count.
func (s *Summarizer) countAsync(ctx context.Context, doc textseg.Document) func() (int, error) {
	type result struct {
		n   int
		err error
	}
	ch := make(chan result, 1)
	go func() {
		n, err := reportTokens(ctx, doc, s.tok)
		ch <- result{n, err}
	}()
	return func() (int, error) {
		r := <-ch
		return r.n, r.err
	}
}

// estimateFenceID stands in for the random fence id when prompts are
// counted for budgets and plans, so that chunking and --plan give the same
// figures on every run. Digits go to the tokenizers in groups of three,
// each one token, so every id of fenceDigits digits counts alike;
// TestEstimateFenceIsWorstCase holds the stand-in to that.
const estimateFenceID = "000000000000000"

// fenceDigits is the fence id's length in decimal digits: some 50 bits are
// out of reach of a report written before the run, and at five tokens the
// id costs each of the four fence lines in a request less than half what
// twelve hexadecimal digits did (letters and digits alternating make a
// token of nearly every character).
const fenceDigits = 15

// fenceIDSpace is the number of fence ids, 10^fenceDigits.
var fenceIDSpace = new(big.Int).Exp(big.NewInt(10), big.NewInt(fenceDigits), nil)

// estimateData is data() with the stand-in fence, for counting.
func (r *run) estimateData() prompts.Data {
	open, shut := prompts.Fence(estimateFenceID)
	return prompts.Data{Open: open, Close: shut, Title: r.name, DocTitle: r.docTitle, DocDate: r.docDate, Language: languageName(r.s.opt.Language), Focus: r.s.opt.Focus}
}

// Spent returns the dollars spent so far at Options.Price.
func (s *Summarizer) Spent() float64 {
	s.spend.mu.Lock()
	defer s.spend.mu.Unlock()
	return s.spend.spent
}
