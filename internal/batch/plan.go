package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"

	"github.com/brief-cli/brief/internal/docread"
	"github.com/brief-cli/brief/internal/outplan"
	"github.com/brief-cli/brief/summarize"
)

// plan is what a batch will do, decided before any work: every document
// with its output name, and what could not be walked.
type plan struct {
	jobs     []job
	problems []Result
	man      *manifestFile
	created  bool // the output folder did not exist before
}

// newPlan walks the inputs, names every output and checks that nothing
// the user did not ask to overwrite is in the way, before any request.
func newPlan(ctx context.Context, opt Options) (*plan, error) {
	var outReal string
	if opt.Output != "" {
		if r, err := filepath.EvalSymlinks(opt.Output); err == nil {
			outReal, _ = filepath.Abs(r)
		}
	}
	for _, in := range opt.Inputs {
		st, err := os.Stat(in)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, &SetupError{Kind: InputMissing, Path: in}
			}
			return nil, &SetupError{Kind: InputUnreadable, Path: in, Err: plainPathError(err)}
		}
		if st.IsDir() && outReal != "" {
			if r, err := filepath.EvalSymlinks(in); err == nil {
				if r, _ = filepath.Abs(r); r == outReal {
					return nil, &SetupError{Kind: OutputIsInput, Path: opt.Output}
				}
			}
		}
	}
	items, err := walk(ctx, opt)
	if err != nil {
		return nil, err
	}
	p := &plan{}
	for _, it := range items {
		if it.err != nil {
			p.problems = append(p.problems, Result{Source: it.src, Rel: it.rel, Status: it.status, Err: it.err})
			continue
		}
		p.jobs = append(p.jobs, it.job)
	}
	if len(items) == 0 {
		return nil, &SetupError{Kind: NothingToDo, Path: joinInputs(opt.Inputs), Hidden: !opt.Hidden, Filtered: len(opt.Include)+len(opt.Exclude) > 0}
	}
	rels := make([]string, len(p.jobs))
	for i, j := range p.jobs {
		rels[i] = j.rel
	}
	for i, name := range outplan.Names(rels, opt.Format.Ext(), indexName) {
		p.jobs[i].out = name
	}
	if opt.Output == "" {
		if len(p.jobs) == 1 {
			return nil, &SetupError{Kind: FolderNeedsOutput, Path: opt.Inputs[0]}
		}
		return nil, &SetupError{Kind: DocumentsNeedOutput, N: len(p.jobs)}
	}
	p.man = openManifest(opt.Output)
	if !opt.Force {
		var inTheWay []string
		for _, j := range p.jobs {
			if !p.man.known(j.out) && fileExists(filepath.Join(opt.Output, filepath.FromSlash(j.out))) {
				inTheWay = append(inTheWay, j.out)
			}
		}
		if fileExists(filepath.Join(opt.Output, indexName)) && !p.man.indexOurs() {
			inTheWay = append(inTheWay, indexName)
		}
		if len(inTheWay) > 0 {
			return nil, &SetupError{Kind: InTheWay, Path: inTheWay[0], Dir: opt.Output, N: len(inTheWay)}
		}
	}
	return p, nil
}

// prepareOutput creates the output folder and checks that brief can write
// in it, before any request is sent.
func (p *plan) prepareOutput(dir string) error {
	if !fileExists(dir) {
		p.created = true
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &SetupError{Kind: OutputUncreatable, Path: dir, Err: plainPathError(err)}
	}
	return checkWritable(dir)
}

// Row is one document's estimate.
type Row struct {
	// Name is the document's path under its input.
	Name string
	summarize.Plan
	CostUSD float64
	// Err is why the document cannot be planned.
	Err error
}

// Estimate is what a run would send and cost, without sending anything.
type Estimate struct {
	// Window is the context window the plan was sized for, the one a run
	// would use.
	Window    summarize.WindowInfo
	Documents []Row
	Total     Row
}

// Plan estimates every document of opt.Inputs without sending anything
// (but a question about the model's window), in the order a walk finds
// them.
func Plan(ctx context.Context, opt Options) (Estimate, error) {
	items, err := walk(ctx, opt)
	if err != nil {
		return Estimate{}, err
	}
	return estimate(ctx, opt, items, false)
}

// PlanOne estimates the one report that open gives, named name in the
// estimate.
func PlanOne(ctx context.Context, opt Options, name string, open Opener) (Estimate, error) {
	in, err := readOne(ctx, open)
	return estimate(ctx, opt, []item{{job: job{rel: name, in: &in}, err: err}}, false)
}

// estimate plans every item. With keep, the documents read stay in the
// items, for a run not to read them again.
func estimate(ctx context.Context, opt Options, items []item, keep bool) (Estimate, error) {
	sopt := opt.Summarize
	sopt.Cache, sopt.OnUsage = nil, nil
	s, err := summarize.New(sopt)
	if err != nil {
		return Estimate{}, err
	}
	est := Estimate{Total: Row{Name: "total"}}
	if sopt.Engine == summarize.EngineLLM {
		// Asked of the server once, as a run would; the run takes it.
		est.Window = s.Window(ctx)
	}
	for i := range items {
		it := &items[i]
		row := Row{Name: it.rel, Err: it.err}
		if it.err == nil {
			var in summarize.Input
			in, row.Err = read(ctx, &it.job, keep)
			if !keep {
				it.job = job{} // no run follows: keep memory bounded
			}
			if row.Err == nil {
				row.Plan, row.Err = s.PlanContext(ctx, in)
			}
		}
		if it.err == nil && row.Err == nil {
			row.CostUSD = sopt.Price.Cost(summarize.Usage{PromptTokens: row.InputTokens, CompletionTokens: row.OutputTokens})
		}
		est.Documents = append(est.Documents, row)
		t := &est.Total
		t.Tokens += row.Tokens
		t.Chunks += row.Chunks
		t.Requests += row.Requests
		t.MapRequests += row.MapRequests
		t.ReduceRequests += row.ReduceRequests
		t.InputTokens += row.InputTokens
		t.OutputTokens += row.OutputTokens
		t.CostUSD += row.CostUSD
		if ctx.Err() != nil {
			return est, ctx.Err()
		}
	}
	return est, ctx.Err()
}

// load reads j's document and hashes it, unless it was read before.
func load(j *job) error {
	if j.hash != "" {
		return nil
	}
	if j.data == nil {
		var err error
		if j.data, err = readLimited(j.src); err != nil {
			return err
		}
	}
	sum := sha256.Sum256(j.data)
	j.hash = hex.EncodeToString(sum[:])
	return nil
}

// read reads and parses j's document, unless that was done before, and
// keeps the result in j. With hash it also hashes the document, as a run
// needs for its manifest; a plan alone does not.
func read(ctx context.Context, j *job, hash bool) (summarize.Input, error) {
	if j.in != nil {
		return *j.in, nil
	}
	var err error
	if hash {
		err = load(j)
	} else if j.data == nil {
		j.data, err = readLimited(j.src)
	}
	if err != nil {
		return summarize.Input{}, err
	}
	in, err := interruptible(ctx, func() (summarize.Input, error) {
		return summarize.ParseInput(j.data, path.Base(j.rel))
	})
	if err != nil {
		return in, err
	}
	j.in, j.data = &in, nil
	return in, nil
}

// readLimited reads the file name, refusing one larger than brief reads.
func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, &FileError{Path: name, Err: err}
	}
	defer f.Close()
	data, err := docread.ReadAll(f, docread.DefaultMaxBytes)
	if errors.Is(err, docread.ErrTooLarge) {
		return nil, &FileError{Path: name, Err: summarize.ErrInputTooBig}
	}
	if err != nil {
		return nil, &FileError{Path: name, Err: err}
	}
	return data, nil
}

// interruptible runs f, a step that sends nothing and does not watch ctx
// (parsing a large PDF), and returns ctx's error as soon as ctx is done,
// so that an interruption is honoured at once. f finishes unobserved.
func interruptible[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type outcome struct {
		v   T
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		v, err := f()
		done <- outcome{v, err}
	}()
	select {
	case o := <-done:
		return o.v, o.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Opener opens the one report of One or PlanOne: its contents, and its
// name ("" for standard input). Errors are returned as they are.
type Opener func() (r io.ReadCloser, name string, err error)

// readOne opens and reads the report, and returns ctx's error as soon as
// ctx is done, however long the parsing takes.
func readOne(ctx context.Context, open Opener) (summarize.Input, error) {
	return interruptible(ctx, func() (summarize.Input, error) {
		r, name, err := open()
		if err != nil {
			return summarize.Input{}, err
		}
		defer r.Close()
		return summarize.ReadInput(r, name)
	})
}
