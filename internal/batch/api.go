package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/brief-cli/brief/internal/answercache"
	"github.com/brief-cli/brief/internal/batchapi"
	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/summarize"
)

// APIOptions configures the batch path: requests are recorded, sent in
// batches (or exported to a file), and their answers collected, in rounds
// that replay every waiting document's pipeline until all are answered.
type APIOptions struct {
	// API sends batches; nil for batch files only (Export, Import).
	API batchapi.API
	// Temperature of every request.
	Temperature float32
	// MaxLines is the largest batch, in requests.
	MaxLines int
	// NoWait returns once the batches are submitted.
	NoWait bool
	// Export writes the requests the documents wait for to this file, and
	// returns.
	Export string
	// Import loads answers from this file first.
	Import string
	// Poll is the first pause between checks on running batches; it grows
	// to 10 minutes while nothing finishes.
	Poll time.Duration
}

// Notice is something of the batch path to tell the user: one of the
// types below.
type Notice interface{ notice() }

// Submitted: requests were sent in new batches.
type Submitted struct{ Report batchapi.SubmitReport }

// SubmitDeferred: requests could not be submitted; they wait until a
// running batch finishes.
type SubmitDeferred struct{ Err error }

// NotImported: documents wait for answers that the imported file lacks.
type NotImported struct {
	Documents int
	File      string
}

// NoWait: documents wait for batches, and the run returns (APIOptions.NoWait).
type NoWait struct{ Documents, Batches int }

// Polled: how the running batches and the pipeline's steps stand.
// CountErr is why the requests could not be counted by step and state.
type Polled struct {
	Report   batchapi.PollReport
	Counts   map[string]map[cache.BatchState]int
	CountErr error
}

// CacheUnavailable: the response cache cannot be used; the synchronous
// run goes on without it.
type CacheUnavailable struct {
	Dir string
	Err error
}

// BatchProblem: a batch as a whole went wrong.
type BatchProblem struct{ Job batchapi.JobView }

// Imported: a batch file was loaded.
type Imported struct {
	File   string
	Report batchapi.ImportReport
}

// Exported: the requests were written to a batch file.
type Exported struct {
	File      string
	Steps     map[string]int
	Documents int
}

// StillRunning: the run was interrupted while batches keep running at the
// provider.
type StillRunning struct{ Batches int }

func (Submitted) notice()        {}
func (SubmitDeferred) notice()   {}
func (NotImported) notice()      {}
func (NoWait) notice()           {}
func (Polled) notice()           {}
func (BatchProblem) notice()     {}
func (Imported) notice()         {}
func (Exported) notice()         {}
func (StillRunning) notice()     {}
func (CacheUnavailable) notice() {}

// apiRun is one run of the batch path.
type apiRun struct {
	opt      Options
	eng      *batchapi.Engine
	s        *summarize.Summarizer
	man      *manifestFile
	cfgHash  string
	finished []Result // done, skipped, failed
	waiting  []job    // documents waiting for answers
}

func runAPI(ctx context.Context, opt Options, p *plan, store *cache.Cache) (*Report, error) {
	a := opt.API
	eng := batchapi.New(batchapi.Options{
		Store: store, API: a.API, Scope: opt.Summarize.CacheScope, Model: opt.Summarize.Model, Temperature: a.Temperature,
		MaxLines: a.MaxLines,
	})
	so := opt.Summarize
	// Nothing is sent synchronously: client-side pacing would only slow
	// the recording of requests.
	so.RequestsPerMinute, so.TokensPerMinute = 0, 0
	so.Completer = eng
	// Each round replays the pipeline: it must ask the same requests.
	so.FixedSizing = true
	// Only the answers: what synchronous runs learned of the server's
	// rate limits would pace the recording of requests.
	so.Cache = struct{ summarize.Cache }{answercache.New(store)}
	s, err := summarize.New(so)
	if err != nil {
		return nil, err
	}
	opt.Summarize = so
	br := &apiRun{opt: opt, eng: eng, s: s, man: p.man, cfgHash: configHash(opt)}
	if _, err := eng.Restart(ctx); err != nil {
		return nil, err
	}
	if a.Import != "" {
		if err := br.importFile(ctx, a.Import); err != nil {
			return nil, err
		}
	}
	br.finished = p.problems
	br.waiting = p.jobs
	start := time.Now()

	if a.API != nil {
		// Collect what finished since the last run, before the pass.
		rep, err := eng.Poll(ctx)
		if err != nil {
			return nil, err
		}
		br.problems(rep)
	}
	for {
		br.pass(ctx)
		if ctx.Err() != nil {
			return br.finish(start, ctx.Err())
		}
		if len(br.waiting) == 0 {
			return br.finish(start, nil)
		}
		if a.Export != "" {
			return br.finish(start, br.exportFile(ctx, a.Export))
		}
		if a.API == nil {
			opt.Events.Notice(NotImported{Documents: len(br.waiting), File: a.Import})
			return br.finish(start, nil)
		}
		rep, serr := eng.Submit(ctx)
		if rep.Batches > 0 {
			opt.Events.Notice(Submitted{Report: rep})
		}
		open, err := eng.Jobs(ctx, true)
		if err != nil {
			return br.finish(start, err)
		}
		running := slices.ContainsFunc(open, func(j cache.BatchJob) bool { return j.BatchID != "" })
		if serr != nil {
			if !running {
				// Nothing to wait for: say what went wrong; a rerun
				// settles any half-made submission first.
				return br.finish(start, serr)
			}
			opt.Events.Notice(SubmitDeferred{Err: serr})
		}
		if a.NoWait {
			opt.Events.Notice(NoWait{Documents: len(br.waiting), Batches: len(open)})
			return br.finish(start, nil)
		}
		if !running {
			return br.finish(start, ErrStuck)
		}
		if err := br.wait(ctx, a.Poll); err != nil {
			return br.finish(start, err)
		}
	}
}

// pass takes every waiting document as far as the answers at hand go.
func (br *apiRun) pass(ctx context.Context) {
	br.eng.StartPass()
	in := make(chan job)
	out := make(chan Result)
	workers := max(br.opt.Summarize.Concurrency, 8)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range in {
				r, _ := doJob(ctx, br.opt, br.s, j, br.cfgHash, br.man)
				out <- r
			}
		}()
	}
	go func() {
		for _, j := range br.waiting {
			if ctx.Err() != nil {
				break
			}
			in <- j
		}
		close(in)
		wg.Wait()
		close(out)
	}()
	var still []job
	for r := range out {
		if r.Status == pending {
			still = append(still, r.job)
			continue
		}
		br.opt.Events.Finished(r)
		r.Brief = nil
		br.finished = append(br.finished, r)
	}
	slices.SortFunc(still, func(a, b job) int { return strings.Compare(a.rel, b.rel) })
	br.waiting = still
}

// wait polls the running batches, with backoff, until one finishes.
func (br *apiRun) wait(ctx context.Context, first time.Duration) error {
	delay := first
	for {
		rep, err := br.eng.Poll(ctx)
		if err != nil {
			return err
		}
		br.problems(rep)
		counts, cerr := br.eng.Counts(ctx)
		br.opt.Events.Notice(Polled{Report: rep, Counts: counts, CountErr: cerr})
		if rep.Collected > 0 || len(rep.Jobs) == 0 {
			return nil
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		delay = min(delay*3/2, 10*time.Minute)
	}
}

// problems reports batches that went wrong as a whole.
func (br *apiRun) problems(rep batchapi.PollReport) {
	for _, v := range rep.Jobs {
		if v.Problem != "" {
			br.opt.Events.Notice(BatchProblem{Job: v})
		}
	}
}

func (br *apiRun) importFile(ctx context.Context, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return &SetupError{Kind: ImportUnreadable, Path: name, Err: plainPathError(err)}
	}
	defer f.Close()
	rep, err := br.eng.Import(ctx, f)
	if err != nil {
		return fmt.Errorf("importing %s: %w", name, err)
	}
	br.opt.Events.Notice(Imported{File: name, Report: rep})
	if rep.Answered+rep.Retry+rep.Failed == 0 && rep.Unknown+rep.Malformed > 0 {
		return &SetupError{Kind: ImportEmpty, Path: name}
	}
	return nil
}

func (br *apiRun) exportFile(ctx context.Context, name string) error {
	var buf bytes.Buffer
	steps, err := br.eng.Export(ctx, &buf)
	if err != nil {
		return err
	}
	if err := WriteFile(name, buf.Bytes(), true); err != nil {
		return err
	}
	br.opt.Events.Notice(Exported{File: name, Steps: steps, Documents: len(br.waiting)})
	return nil
}

// finish writes the manifest and index and returns the report, with err
// or what the results call for.
func (br *apiRun) finish(start time.Time, err error) (*Report, error) {
	if errors.Is(err, context.Canceled) {
		// Interrupted: say where the work is; the state is already stored.
		if open, jerr := br.eng.Jobs(context.Background(), true); jerr == nil && len(open) > 0 {
			br.opt.Events.Notice(StillRunning{Batches: len(open)})
		}
	}
	// Each brief was recorded in the manifest's journal as it was written.
	werr := br.man.close()
	if werr == nil {
		werr = br.man.writeIndex(br.opt.Format.Ext())
	}
	if werr != nil && err == nil {
		err = werr
	}
	rep := &Report{Results: slices.Clone(br.finished), Billed: br.eng.Billed(), Elapsed: time.Since(start)}
	for _, j := range br.waiting {
		rep.Results = append(rep.Results, Result{Source: j.src, Rel: j.rel, Out: j.out, Status: Waiting})
	}
	slices.SortFunc(rep.Results, func(a, b Result) int { return strings.Compare(a.Rel, b.Rel) })
	if err != nil {
		return rep, err
	}
	failed := 0
	for _, r := range rep.Results {
		if r.Status == Failed {
			failed++
		}
	}
	if failed > 0 {
		return rep, &FailedError{Failed: failed, Total: len(rep.Results)}
	}
	return rep, nil
}
