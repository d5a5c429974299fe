package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/brief-cli/brief/internal/answercache"
	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/summarize"
)

// Run summarizes every document under opt.Inputs into opt.Output. It
// first walks the inputs and checks everything that can be checked before
// any work (output names, files in the way, a writable output folder,
// the estimated cost under opt.Summarize.MaxCostUSD), and returns a
// *SetupError or *CostError if a check fails, with a nil Report. Each
// document is read once.
//
// Once the work started, the Report says what became of every document,
// and the error is the first that stopped the batch (a refused key, a
// full disk, an interruption), else a *FailedError when some documents
// failed, else a *StrictError under opt.Strict.
func Run(ctx context.Context, opt Options) (*Report, error) {
	if opt.Events == nil {
		opt.Events = noEvents{}
	}
	p, err := newPlan(ctx, opt)
	if err != nil {
		return nil, err
	}
	if opt.Summarize.MaxCostUSD > 0 {
		if err := p.checkCost(ctx, &opt); err != nil {
			return nil, err
		}
	}
	if err := p.prepareOutput(opt.Output); err != nil {
		return nil, err
	}
	if opt.API != nil {
		rc, err := cache.Open(opt.CacheDir, cache.Options{})
		if err != nil {
			return nil, &CacheError{Dir: opt.CacheDir, Err: err}
		}
		defer rc.Close()
		return runAPI(ctx, opt, p, rc)
	}
	defer useCache(&opt)()
	s, err := summarize.New(opt.Summarize)
	if err != nil {
		return nil, err
	}
	opt.Events.Planned(len(p.jobs) + len(p.problems))
	return p.run(ctx, opt, s)
}

// useCache opens the response cache of a synchronous run into
// opt.Summarize, or tells Events that the run goes on without it. The
// function returned closes it.
func useCache(opt *Options) (closeCache func()) {
	if opt.CacheDir == "" {
		return func() {}
	}
	rc, err := cache.Open(opt.CacheDir, cache.Options{})
	if err != nil {
		opt.Events.Notice(CacheUnavailable{Dir: opt.CacheDir, Err: err})
		return func() {}
	}
	opt.Summarize.Cache = answercache.New(rc)
	return func() { rc.Close() }
}

// checkCost refuses a run whose estimated cost exceeds the limit, and
// keeps the documents it read and the window it found for the run.
func (p *plan) checkCost(ctx context.Context, opt *Options) error {
	items := make([]item, len(p.jobs))
	for i, j := range p.jobs {
		items[i] = item{job: j}
	}
	est, err := estimate(ctx, *opt, items, true)
	if err != nil {
		return err
	}
	if est.Total.CostUSD > opt.Summarize.MaxCostUSD {
		return &CostError{Estimate: est.Total.CostUSD, Max: opt.Summarize.MaxCostUSD}
	}
	for i := range items {
		p.jobs[i] = items[i].job
	}
	opt.Summarize.Window = est.Window
	return nil
}

// run summarizes the plan's documents with a pool of workers.
func (p *plan) run(ctx context.Context, opt Options, s *summarize.Summarizer) (*Report, error) {
	cfgHash := configHash(opt)
	work, stopWork := context.WithCancel(ctx)
	defer stopWork()
	var (
		fatalOnce sync.Once
		fatal     error // what no document can survive: the batch stops
	)
	jobs := make(chan job)
	results := make(chan Result)
	go func() {
		defer close(jobs)
		for i, j := range p.jobs {
			p.jobs[i] = job{} // the document is the worker's: keep memory bounded
			jobs <- j
		}
	}()

	workers := max(opt.Summarize.Concurrency, 1)
	if opt.Summarize.Engine == summarize.EngineExtractive {
		workers = 2
	}
	var (
		wg      sync.WaitGroup
		costHit atomic.Bool // --max-cost reached: start no more documents
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				switch {
				case work.Err() != nil:
					results <- stopped(j, NotStarted)
					continue
				case costHit.Load():
					results <- stopped(j, CostReached)
					continue
				}
				opt.Events.Started(j.rel)
				r, fatalErr := doJob(work, opt, s, j, cfgHash, p.man)
				if errors.Is(r.Err, summarize.ErrBudget) {
					costHit.Store(true)
				}
				if fatalErr != nil {
					fatalOnce.Do(func() { fatal = fatalErr; stopWork() })
				}
				results <- r
			}
		}()
	}
	go func() {
		for _, r := range p.problems {
			results <- r
		}
		wg.Wait()
		close(results)
	}()

	rep := &Report{}
	start := time.Now()
	for r := range results {
		if r.Status == Stopped && r.Why == Unknown && r.Err == nil {
			r.Why = Interrupted
			if ctx.Err() == nil {
				r.Why = BatchStopped
			}
		}
		opt.Events.Finished(r)
		if r.Brief != nil {
			rep.Unsupported += unsupportedCount(r.Brief)
			r.Brief = nil // keep memory bounded: the report needs no brief
		}
		rep.Results = append(rep.Results, r)
	}
	rep.Elapsed = time.Since(start)
	slices.SortFunc(rep.Results, func(a, b Result) int { return strings.Compare(a.Rel, b.Rel) })

	done, readable := 0, 0
	for _, r := range rep.Results {
		if r.Status == Done || r.Why == Unchanged {
			done++
		}
		if !r.Unreadable {
			readable++
		}
	}
	if done == 0 && readable == 0 && ctx.Err() == nil {
		// Only images, binaries and empty files: nothing was or will be written.
		if p.created {
			os.Remove(opt.Output)
		}
		return rep, &SetupError{Kind: NoDocument, N: len(rep.Results)}
	}
	// The index records whatever finished, even after an interruption:
	// each brief was recorded in the journal as it was written.
	werr := p.man.close()
	if werr == nil {
		werr = p.man.writeIndex(opt.Format.Ext())
	}
	rep.Elapsed = time.Since(start)
	if ctx.Err() != nil {
		return rep, ctx.Err()
	}
	if fatal != nil {
		return rep, fatal
	}
	if werr != nil {
		return rep, werr
	}
	failed := 0
	for _, r := range rep.Results {
		if r.Status == Failed || r.Status == Stopped {
			failed++
		}
	}
	if failed > 0 {
		return rep, &FailedError{Failed: failed, Total: len(rep.Results)}
	}
	if opt.Strict && rep.Unsupported > 0 {
		return rep, &StrictError{N: rep.Unsupported}
	}
	return rep, nil
}

func stopped(j job, why Why) Result {
	return Result{Source: j.src, Rel: j.rel, Out: j.out, Status: Stopped, Why: why}
}

func unsupportedCount(b *summarize.Brief) int {
	if b.Verification == nil {
		return 0
	}
	return len(b.Verification.Unsupported)
}

// configHash identifies the settings that shape a brief, so that a change
// of model or format redoes the briefs made with the old ones.
func configHash(opt Options) string {
	so := opt.Summarize
	renderKey := fmt.Sprintf("%d/%t/%d", opt.Render.Citations, opt.Render.AllowLinks, so.Verify)
	if so.Language != "" || so.Focus != "" || so.Prompts != nil {
		// Only when set, so that the briefs of earlier runs stay current.
		version := ""
		if so.Prompts != nil {
			version = so.Prompts.Version()
		}
		renderKey += fmt.Sprintf("/%s/%q/%s", so.Language, so.Focus, version)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%d\x00%d\x00%d\x00%s", so.Engine, so.Model, opt.Format,
		so.ContextTokens, so.ChunkTokens, so.MaxOutputTokens, so.Length, renderKey)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// stopsBatch reports whether err is one that every other document would
// meet too: a refused key, an exhausted quota, an endpoint nobody answers
// at, a full disk.
func stopsBatch(err error) bool {
	return errors.Is(err, summarize.ErrAuth) || errors.Is(err, summarize.ErrQuota) || errors.Is(err, summarize.ErrConnect) ||
		errors.Is(err, syscall.ENOSPC)
}

// DocumentContext is the context of one document's work. Offline there
// are no requests for a request timeout to bound: timeout bounds the whole
// document, and the context's cause is then a *TimeoutError.
func DocumentContext(ctx context.Context, engine summarize.Engine, timeout time.Duration) (context.Context, context.CancelFunc) {
	if engine != summarize.EngineExtractive || timeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, timeout, &TimeoutError{Timeout: timeout})
}

// TimeoutError is the offline engine taking longer than Options.Timeout
// on one document.
type TimeoutError struct{ Timeout time.Duration }

// Error says what went wrong, for logs; the CLI words it from the fields.
func (e *TimeoutError) Error() string {
	return fmt.Sprintf("the offline brief took longer than %s", e.Timeout)
}

// doJob summarizes one document and writes its brief. fatal is an error
// no other document can survive.
func doJob(ctx context.Context, opt Options, s *summarize.Summarizer, j job, cfgHash string, man *manifestFile) (res Result, fatal error) {
	start := time.Now()
	res = Result{Source: j.src, Rel: j.rel, Out: j.out}
	fail := func(status Status, err error) (Result, error) {
		res.Status, res.Err, res.Elapsed = status, err, time.Since(start)
		return res, fatal
	}
	if err := load(&j); err != nil {
		return fail(Failed, err)
	}
	outPath := filepath.Join(opt.Output, filepath.FromSlash(j.out))
	prev, seen := man.get(j.out)
	if !opt.Force && seen && !prev.Pending && prev.Input == j.hash && prev.Config == cfgHash && prev.Output == j.out {
		if _, err := os.Stat(outPath); err == nil {
			res.Title, res.Date, res.Lead = prev.Title, prev.Date, prev.Lead
			res.Why = Unchanged
			return fail(Skipped, nil)
		}
	}
	in, err := read(ctx, &j, true)
	if err != nil {
		if ctx.Err() != nil {
			return fail(Stopped, nil)
		}
		if opt.Summarize.Logger != nil {
			opt.Summarize.Logger.Info("the input could not be read", "document", j.rel, "detail", err.Error())
		}
		switch {
		case errors.Is(err, summarize.ErrBinaryInput), errors.Is(err, summarize.ErrUnsupported), errors.Is(err, summarize.ErrEmptyInput):
			res.Unreadable = true
			return fail(Skipped, err)
		}
		return fail(Failed, err)
	}
	docCtx, cancel := DocumentContext(ctx, opt.Summarize.Engine, opt.Timeout)
	defer cancel()
	b, err := s.Summarize(docCtx, in)
	if errors.Is(err, summarize.ErrPending) {
		// The batch path: answers will come in a later pass, which takes
		// the document as read now.
		res.job = j
		return fail(pending, nil)
	}
	if err != nil {
		if ctx.Err() != nil {
			return fail(Stopped, nil)
		}
		if cause := context.Cause(docCtx); cause != nil && docCtx.Err() != nil {
			err = cause // the offline timeout
		}
		if stopsBatch(err) {
			fatal = err
		}
		return fail(Failed, err)
	}
	out, err := Render(b, opt.Format, opt.Render)
	if err != nil {
		return fail(Failed, err)
	}
	// Recorded as ours before it is written, so that a crash between the
	// two leaves a file a rerun may replace, not one it must refuse.
	prev.Pending, prev.Output, prev.Source = true, j.out, j.rel
	if err := man.put(j.out, prev); err != nil {
		fatal = err
		return fail(Failed, err)
	}
	if err := os.MkdirAll(filepath.Dir(outPath), 0o755); err != nil {
		return fail(Failed, &FileError{Path: filepath.Dir(outPath), Err: err})
	}
	if err := WriteFile(outPath, out, true); err != nil {
		if stopsBatch(err) {
			fatal = err
		}
		return fail(Failed, err)
	}
	res.Usage, res.Cost = b.Usage, opt.Summarize.Price.Cost(b.Usage)
	res.Brief = b
	res.Title, res.Date, res.Lead = b.Title, b.Date, firstSentence(b.Lead.Text)
	if err := man.put(j.out, manifestEntry{Input: j.hash, Source: j.rel, Config: cfgHash, Output: j.out, Title: res.Title, Date: res.Date, Lead: res.Lead}); err != nil {
		fatal = err
		return fail(Failed, err)
	}
	return fail(Done, nil)
}
