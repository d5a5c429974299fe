package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"github.com/urfave/cli/v2"

	"github.com/brief-cli/brief/internal/answercache"
	"github.com/brief-cli/brief/internal/batchapi"
	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/summarize"
)

// batchFlags are the flags of the Batch API and of batch files.
func batchFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "batch-api", Usage: "send the requests through the provider's Batch API: half the price, any scale, answers within 24 hours (see README)"},
		&cli.BoolFlag{Name: "no-wait", Usage: "with --batch-api, submit and exit; run the same command again to collect and go on"},
		&cli.StringFlag{Name: "batch-export", Usage: "write the requests the documents wait for to `FILE` (batch input JSONL, e.g. for vLLM's run_batch) and exit"},
		&cli.StringFlag{Name: "batch-import", Usage: "load answers from `FILE` (batch output JSONL) and go on"},
		&cli.Float64Flag{Name: "batch-discount", Value: 0.5, Usage: "batch price as a `SHARE` of the token price (OpenAI: 0.5)"},
		&cli.DurationFlag{Name: "batch-poll", Value: 30 * time.Second, Usage: "first `DURATION` between checks on running batches; it grows to 10m while nothing finishes"},
		&cli.IntFlag{Name: "batch-size", Value: batchapi.MaxLines, Usage: "at most `N` requests per batch (and 200 MB)"},
		&cli.StringFlag{Name: "shard", Usage: "take only share `K/N` of the documents (by a hash of their path), e.g. 2/3 on the second of three machines"},
	}
}

// batchMode reports whether a flag of this file asks for the batch path.
func batchMode(c *cli.Context) bool {
	return c.Bool("batch-api") || c.Bool("no-wait") || c.String("batch-export") != "" || c.String("batch-import") != ""
}

// shard is a stable share of the documents: K of N.
type shard struct{ k, n uint64 }

func parseShard(s string) (shard, error) {
	if s == "" {
		return shard{}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	k, err1 := strconv.ParseUint(a, 10, 32)
	n, err2 := strconv.ParseUint(b, 10, 32)
	if !ok || err1 != nil || err2 != nil || n < 1 || k < 1 || k > n {
		return shard{}, usagef("--shard %q is not K/N with 1 ≤ K ≤ N, e.g. 2/3.", s)
	}
	return shard{k: k, n: n}, nil
}

// has reports whether the document at rel (slash-separated, relative to
// its input) is in the share. The hash of the path alone keeps the split
// the same on every machine and every run.
func (s shard) has(rel string) bool {
	if s.n <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(rel))
	return h.Sum64()%s.n == s.k-1
}

// batchRun is one invocation of brief on the batch path.
type batchRun struct {
	cfg      config
	eng      *batchapi.Engine
	s        *summarize.Summarizer
	list     summarize.Price // the synchronous price, for the saving
	stderr   io.Writer
	outDir   string
	man      *manifestFile
	cfgHash  string
	finished []result // done, skipped, failed
	waiting  []job    // documents waiting for answers
}

// runBatchAPI is brief with --batch-api, --batch-export or --batch-import.
func runBatchAPI(c *cli.Context, cfg config, inputs []string, stdin io.Reader, stdout, stderr io.Writer) error {
	ctx := c.Context
	export, imp := c.String("batch-export"), c.String("batch-import")
	switch {
	case c.Bool("batch-api") && export != "":
		return usagef("--batch-api and --batch-export are two ways to send the same requests; pick one.")
	case c.Bool("no-wait") && !c.Bool("batch-api"):
		return usagef("--no-wait goes with --batch-api.")
	case c.Bool("no-cache"):
		return usagef("the batch path keeps its state in the response cache; drop --no-cache.")
	case slices.Contains(inputs, "-"):
		return usagef("the batch path reads files and folders, not standard input.")
	case cfg.output == "" && !cfg.plan:
		return usagef("the batch path writes one brief per document: add -o DIR.")
	case cfg.output != "" && fileExists(cfg.output) && !isDir(cfg.output):
		return usagef("%s is a file; the batch path needs -o to name a folder.", cfg.output)
	case cfg.engine != summarize.EngineLLM:
		return usagef("the batch path needs the llm engine; drop --engine %s.", cfg.engine)
	}
	if d := c.Float64("batch-discount"); d <= 0 || d > 1 {
		return usagef("--batch-discount must be more than 0 and at most 1.")
	}
	if n := c.Int("batch-size"); n < 1 || n > batchapi.MaxLines {
		return usagef("--batch-size must be between 1 and %d.", batchapi.MaxLines)
	}
	list := cfg.opt.Price
	d := c.Float64("batch-discount")
	cfg.opt.Price = summarize.Price{InputPerMillion: list.InputPerMillion * d, OutputPerMillion: list.OutputPerMillion * d}
	if cfg.plan {
		return runPlan(ctx, cfg, inputs, stdin, stdout)
	}
	if cfg.opt.MaxCostUSD > 0 {
		w, err := checkEstimate(ctx, cfg, inputs, stdin)
		if err != nil {
			return err
		}
		cfg.opt.Window = w
	}
	// The same checked plan of output names as a synchronous batch, made
	// before anything is sent.
	bp, err := planBatch(ctx, cfg, inputs)
	if err != nil {
		return err
	}
	if err := bp.prepareOutput(cfg.output); err != nil {
		return err
	}
	rc, err := cache.Open(cfg.cacheDir, cache.Options{})
	if err != nil {
		return fmt.Errorf("the batch path keeps its state in the response cache, and the one in %s cannot be used (%w); run 'brief cache clear' to reset it", cfg.cacheDir, err)
	}
	defer rc.Close()

	opt := batchapi.Options{
		Store: rc, Scope: cfg.opt.CacheScope, Model: cfg.opt.Model, Temperature: openAITemperature,
		MaxLines: c.Int("batch-size"),
	}
	if c.Bool("batch-api") {
		opt.API = batchClient(c)
	}
	eng := batchapi.New(opt)
	// Nothing is sent synchronously: client-side pacing would only slow
	// the recording of requests.
	cfg.opt.RequestsPerMinute, cfg.opt.TokensPerMinute = 0, 0
	cfg.opt.Completer = eng
	// Each round replays the pipeline: it must ask the same requests.
	cfg.opt.FixedSizing = true
	cfg.opt.Cache = answercache.New(rc)
	s, err := summarize.New(cfg.opt)
	if err != nil {
		return err
	}
	br := &batchRun{cfg: cfg, eng: eng, s: s, list: list, stderr: stderr, outDir: cfg.output, man: bp.man, cfgHash: configHash(cfg)}
	if _, err := eng.Restart(ctx); err != nil {
		return err
	}
	if imp != "" {
		if err := br.importFile(ctx, imp); err != nil {
			return err
		}
	}
	br.finished = bp.problems
	br.waiting = bp.jobs
	start := time.Now()

	if c.Bool("batch-api") {
		// Collect what finished since the last run, before the pass.
		rep, err := eng.Poll(ctx)
		if err != nil {
			return err
		}
		br.report(rep)
	}
	poll := c.Duration("batch-poll")
	for {
		br.pass(ctx)
		if ctx.Err() != nil {
			return br.finish(start, ctx.Err())
		}
		if len(br.waiting) == 0 {
			return br.finish(start, nil)
		}
		if export != "" {
			return br.finish(start, br.exportFile(ctx, export))
		}
		if !c.Bool("batch-api") {
			br.say("%d documents wait for answers that are not in %s; export their requests with --batch-export FILE.", len(br.waiting), imp)
			return br.finish(start, nil)
		}
		rep, serr := eng.Submit(ctx)
		if rep.Batches > 0 {
			br.say("submitted %d requests in %s (%s).", rep.Requests, plural(rep.Batches, "batch", "batches"), stepCounts(rep.Steps))
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
			br.say("could not submit more requests (%s); they wait until a running batch finishes.", lastCause(serr))
		}
		if c.Bool("no-wait") {
			br.say("%s wait for %s; run the same command again to collect what has finished and go on ('brief batch status' shows progress).", plural(len(br.waiting), "document", "documents"), plural(len(open), "batch", "batches"))
			return br.finish(start, nil)
		}
		if !running {
			return br.finish(start, errors.New("documents wait for answers, but no batch is running; run the same command again"))
		}
		if err := br.wait(ctx, poll); err != nil {
			return br.finish(start, err)
		}
	}
}

// openAITemperature is the temperature every request is sent with; the
// synchronous client is configured with the same in parseConfig.
const openAITemperature = 0.2

// batchClient is a go-openai client for the endpoint's files and batches.
func batchClient(c *cli.Context) *openai.Client {
	oc := openai.DefaultConfig(strings.TrimSpace(c.String("api-key")))
	if u := strings.TrimSpace(c.String("base-url")); u != "" {
		oc.BaseURL = strings.TrimRight(u, "/")
	}
	oc.HTTPClient = &http.Client{Timeout: max(c.Duration("timeout"), 5*time.Minute)} // files can be large
	return openai.NewClientWithConfig(oc)
}

func (br *batchRun) say(format string, args ...any) {
	if !br.cfg.quiet {
		fmt.Fprintf(br.stderr, "brief: "+format+"\n", args...)
	}
}

func stepCounts(m map[string]int) string {
	var parts []string
	for _, step := range []string{"map", "reduce", "brief", "revise"} {
		if m[step] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", step, m[step]))
		}
	}
	return strings.Join(parts, ", ")
}

// pass takes every waiting document as far as the answers at hand go.
func (br *batchRun) pass(ctx context.Context) {
	br.eng.StartPass()
	in := make(chan job)
	out := make(chan result)
	workers := max(br.cfg.opt.Concurrency, 8)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range in {
				out <- doJob(ctx, br.cfg, br.s, j, br.outDir, br.cfgHash, br.man)
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
		if r.status == statusPending {
			still = append(still, r.job)
			continue
		}
		if r.brief != nil {
			warnUnverified(br.stderr, r.rel, r.brief, br.cfg.quiet)
			r.brief = nil
		}
		br.finished = append(br.finished, r)
	}
	slices.SortFunc(still, func(a, b job) int { return strings.Compare(a.rel, b.rel) })
	br.waiting = still
}

// wait polls the running batches, with backoff, until one finishes.
func (br *batchRun) wait(ctx context.Context, first time.Duration) error {
	delay := first
	last := ""
	for {
		rep, err := br.eng.Poll(ctx)
		if err != nil {
			return err
		}
		br.report(rep)
		if line := br.progressLine(ctx, rep); line != last {
			br.say("%s", line)
			last = line
		}
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

// report says what went wrong with batches as a whole.
func (br *batchRun) report(rep batchapi.PollReport) {
	for _, v := range rep.Jobs {
		if v.Problem != "" {
			fmt.Fprintf(br.stderr, "brief: warning: batch %s (%s): %s.\n", v.BatchID, v.Status, cleanLine(v.Problem))
		}
	}
}

// progressLine says how the batches and the pipeline's steps stand.
func (br *batchRun) progressLine(ctx context.Context, rep batchapi.PollReport) string {
	var parts []string
	for _, v := range rep.Jobs {
		parts = append(parts, fmt.Sprintf("%s %s %d/%d", short(v.BatchID), v.Status, v.Completed+v.Failed, v.Requests))
	}
	line := "batches: " + strings.Join(parts, ", ")
	if counts, err := br.eng.Counts(ctx); err == nil {
		var steps []string
		for _, step := range []string{"map", "reduce", "brief", "revise"} {
			if m := counts[step]; m != nil {
				steps = append(steps, fmt.Sprintf("%s %d/%d answered", step, m[cache.BatchAnswered], total(m)))
			}
		}
		line += "; " + strings.Join(steps, ", ")
	}
	return line
}

func total(m map[cache.BatchState]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func short(id string) string {
	if len(id) > 14 {
		return id[:6] + "…" + id[len(id)-6:]
	}
	return id
}

func (br *batchRun) importFile(ctx context.Context, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return usagef("cannot open %s: %v.", name, unwrapPathError(err))
	}
	defer f.Close()
	rep, err := br.eng.Import(ctx, f)
	if err != nil {
		return fmt.Errorf("importing %s: %w", name, err)
	}
	br.say("imported %s: %d answers, %d to send again, %d failed.", name, rep.Answered, rep.Retry, rep.Failed)
	if rep.Unknown+rep.Malformed > 0 {
		fmt.Fprintf(br.stderr, "brief: warning: %s: %d lines were not answers to brief's requests for this endpoint and model (first: %s).\n", name, rep.Unknown+rep.Malformed, cleanLine(rep.FirstBad))
	}
	if rep.Answered+rep.Retry+rep.Failed == 0 && rep.Unknown+rep.Malformed > 0 {
		return usagef("%s holds no answer to a request brief exported with these settings; check that it is the output of the file --batch-export wrote, and that --model and --base-url are the same.", name)
	}
	return nil
}

func (br *batchRun) exportFile(ctx context.Context, name string) error {
	var buf bytes.Buffer
	steps, err := br.eng.Export(ctx, &buf)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(name, buf.Bytes(), true); err != nil {
		return err
	}
	n := 0
	for _, v := range steps {
		n += v
	}
	br.say("wrote %s (%s) for %s to %s; answer them (e.g. with vLLM's run_batch) and run again with --batch-import RESULTS.",
		plural(n, "request", "requests"), stepCounts(steps), plural(len(br.waiting), "document", "documents"), name)
	return nil
}

// finish writes the manifest and index, prints the table and totals, and
// returns err or what the results call for.
func (br *batchRun) finish(start time.Time, err error) error {
	if errors.Is(err, context.Canceled) {
		// Interrupted: say where the work is; the state is already stored.
		if open, jerr := br.eng.Jobs(context.Background(), true); jerr == nil && len(open) > 0 {
			fmt.Fprintf(br.stderr, "brief: stopped; %s keep running at the provider. Run the same command again to collect them and go on.\n", plural(len(open), "batch", "batches"))
		}
	}
	// Each brief was recorded in the manifest's journal as it was written.
	werr := br.man.close()
	if werr == nil {
		werr = br.man.writeIndex(br.cfg)
	}
	if werr != nil && err == nil {
		err = werr
	}
	all := slices.Clone(br.finished)
	for _, j := range br.waiting {
		all = append(all, result{job: j, status: statusWaiting})
	}
	slices.SortFunc(all, func(a, b result) int { return strings.Compare(a.rel, b.rel) })
	counts := map[string]int{}
	for _, r := range all {
		counts[r.status]++
	}
	w := br.stderr
	if !br.cfg.quiet || counts[statusFailed] > 0 {
		fmt.Fprintf(w, "\n%-8s  %s\n", "STATUS", "DOCUMENT")
		for _, r := range all {
			if br.cfg.quiet && r.status != statusFailed {
				continue
			}
			line := fmt.Sprintf("%-8s  %s", r.status, safetext.Name(r.rel))
			if r.reason != "" {
				line += "  (" + cleanLine(r.reason) + ")"
			}
			fmt.Fprintln(w, line)
		}
	}
	u := br.eng.Billed()
	cost := br.cfg.opt.Price.Cost(u)
	costText := "unknown (set --price-in and --price-out)"
	if br.cfg.opt.Price.Known() {
		costText = fmt.Sprintf("$%.4f at batch prices, saving $%.4f on $%.4f synchronous", cost, br.list.Cost(u)-cost, br.list.Cost(u))
	}
	fmt.Fprintf(w, "\n%d done, %d skipped, %d failed, %d waiting; %d batch answers collected, %d prompt + %d completion tokens, cost %s, %s\n",
		counts[statusDone], counts[statusSkipped], counts[statusFailed]+counts[statusStopped], counts[statusWaiting], u.Requests, u.PromptTokens, u.CompletionTokens, costText,
		time.Since(start).Round(time.Millisecond))
	if err != nil {
		return err
	}
	if counts[statusFailed] > 0 {
		return &batchError{failed: counts[statusFailed], total: len(all)}
	}
	return nil
}

// batchCommand is `brief batch list|status|cancel`.
func batchCommand(stdout io.Writer) *cli.Command {
	common := []cli.Flag{
		&cli.StringFlag{Name: "cache-dir", EnvVars: []string{"BRIEF_CACHE_DIR"}, Usage: "the cache's `DIR`"},
		&cli.StringFlag{Name: "api-key", EnvVars: []string{"OPENAI_API_KEY"}, Usage: "API `KEY` for the endpoint"},
		&cli.StringFlag{Name: "base-url", EnvVars: []string{"OPENAI_BASE_URL"}, Usage: "`URL` of the endpoint (default: OpenAI)"},
		&cli.DurationFlag{Name: "timeout", Value: 120 * time.Second, Usage: "per-request `DURATION`"},
	}
	open := func(c *cli.Context) (*cache.Cache, *batchapi.Engine, error) {
		d := c.String("cache-dir")
		if d == "" {
			base, err := os.UserCacheDir()
			if err != nil {
				return nil, nil, usagef("no user cache folder (%v); set --cache-dir.", err)
			}
			d = cache.DefaultDir(base)
		}
		rc, err := cache.Open(d, cache.Options{})
		if err != nil {
			return nil, nil, fmt.Errorf("the cache in %s cannot be read (%w); 'brief cache clear' resets it", d, err)
		}
		eng := batchapi.New(batchapi.Options{Store: rc, API: batchClient(c), Scope: strings.TrimSpace(c.String("base-url"))})
		return rc, eng, nil
	}
	table := func(jobs []cache.BatchJob) {
		fmt.Fprintf(stdout, "%-32s  %-11s  %8s  %9s  %6s  %-16s  %s\n", "BATCH", "STATUS", "REQUESTS", "COMPLETED", "FAILED", "CREATED", "NOTE")
		for _, j := range jobs {
			id := j.BatchID
			if id == "" {
				id = "(local " + strconv.FormatInt(j.ID, 10) + ")"
			}
			fmt.Fprintf(stdout, "%-32s  %-11s  %8d  %9d  %6d  %-16s  %s\n", id, j.Status, j.Requests, j.Completed, j.Failed,
				j.CreatedAt.Local().Format("2006-01-02 15:04"), cleanLine(j.Note))
		}
	}
	return &cli.Command{
		Name:  "batch",
		Usage: "show and manage the Batch API work of --batch-api",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list the batches brief recorded, for every endpoint (no request is sent)",
				Flags: common,
				Action: func(c *cli.Context) error {
					rc, _, err := open(c)
					if err != nil {
						return err
					}
					defer rc.Close()
					jobs, err := rc.BatchJobs(c.Context, "", false)
					if err != nil {
						return err
					}
					table(jobs)
					return nil
				},
			},
			{
				Name:  "status",
				Usage: "ask the endpoint about its running batches, collect finished ones, and count requests by step",
				Flags: common,
				Action: func(c *cli.Context) error {
					rc, eng, err := open(c)
					if err != nil {
						return err
					}
					defer rc.Close()
					rep, err := eng.Poll(c.Context)
					if err != nil {
						return err
					}
					jobs, err := eng.Jobs(c.Context, false)
					if err != nil {
						return err
					}
					table(jobs)
					counts, err := eng.Counts(c.Context)
					if err != nil {
						return err
					}
					fmt.Fprintf(stdout, "\n%-8s  %8s  %8s  %9s  %8s  %6s\n", "STEP", "WAITING", "IN BATCH", "ANSWERED", "EXPORTED", "FAILED")
					for _, step := range []string{"map", "reduce", "brief", "revise"} {
						if m := counts[step]; m != nil {
							fmt.Fprintf(stdout, "%-8s  %8d  %8d  %9d  %8d  %6d\n", step, m[cache.BatchPending], m[cache.BatchSubmitted],
								m[cache.BatchAnswered], m[cache.BatchExported], m[cache.BatchFailed]+m[cache.BatchCancelled])
						}
					}
					if rep.Collected > 0 {
						fmt.Fprintf(stdout, "\n%d batches finished and were collected; run the brief command again to go on.\n", rep.Collected)
					}
					return nil
				},
			},
			{
				Name:      "cancel",
				Usage:     "cancel running batches: the given ids, or every running batch of the endpoint",
				ArgsUsage: "[BATCH_ID...]",
				Flags:     common,
				Action: func(c *cli.Context) error {
					rc, eng, err := open(c)
					if err != nil {
						return err
					}
					defer rc.Close()
					ids := c.Args().Slice()
					if len(ids) == 0 {
						jobs, err := eng.Jobs(c.Context, true)
						if err != nil {
							return err
						}
						for _, j := range jobs {
							if j.BatchID != "" {
								ids = append(ids, j.BatchID)
							}
						}
					}
					if len(ids) == 0 {
						fmt.Fprintln(stdout, "no running batch to cancel.")
						return nil
					}
					for _, id := range ids {
						st, err := eng.Cancel(c.Context, id)
						if err != nil {
							return err
						}
						fmt.Fprintf(stdout, "%s: %s\n", id, st)
					}
					fmt.Fprintln(stdout, "Their unanswered requests fail in the run that collects them and are sent again in the run after.")
					return nil
				},
			},
		},
	}
}
