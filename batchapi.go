package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"github.com/urfave/cli/v2"

	"github.com/brief-cli/brief/internal/batch"
	"github.com/brief-cli/brief/internal/batchapi"
	"github.com/brief-cli/brief/internal/cache"
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

// parseShard reads --shard K/N.
func parseShard(s string) (batch.Shard, error) {
	if s == "" {
		return batch.Shard{}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	k, err1 := strconv.ParseUint(a, 10, 32)
	n, err2 := strconv.ParseUint(b, 10, 32)
	if !ok || err1 != nil || err2 != nil || n < 1 || k < 1 || k > n {
		return batch.Shard{}, usagef("--shard %q is not K/N with 1 ≤ K ≤ N, e.g. 2/3.", s)
	}
	return batch.Shard{K: k, N: n}, nil
}

// runBatchAPI is brief with --batch-api, --batch-export or --batch-import.
func runBatchAPI(c *cli.Context, cfg config, inputs []string, stdin io.Reader, stdout io.Writer, prog *progress) error {
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
	opt := cfg.batchOptions(inputs, &display{prog: prog, cfg: cfg, api: true})
	opt.API = &batch.APIOptions{
		Temperature: openAITemperature, MaxLines: c.Int("batch-size"),
		NoWait: c.Bool("no-wait"), Export: export, Import: imp, Poll: c.Duration("batch-poll"),
	}
	if c.Bool("batch-api") {
		opt.API.API = batchClient(c)
	}
	rep, err := batch.Run(ctx, opt)
	if rep != nil {
		apiTable(prog, rep, cfg, list)
	}
	return err
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

// batchCommand is `brief batch list|status|cancel`.
func batchCommand(stdout io.Writer) *cli.Command {
	common := []cli.Flag{
		&cli.StringFlag{Name: "cache-dir", EnvVars: []string{"BRIEF_CACHE_DIR"}, Usage: "the cache's `DIR`"},
		&cli.StringFlag{Name: "api-key", EnvVars: []string{"OPENAI_API_KEY"}, Usage: "API `KEY` for the endpoint"},
		&cli.StringFlag{Name: "base-url", EnvVars: []string{"OPENAI_BASE_URL"}, Usage: "`URL` of the endpoint (default: OpenAI)"},
		&cli.DurationFlag{Name: "timeout", Value: 120 * time.Second, Usage: "per-request `DURATION`"},
	}
	// withEngine runs an action with the cache and the batch engine.
	withEngine := func(action func(c *cli.Context, rc *cache.Cache, eng *batchapi.Engine) error) cli.ActionFunc {
		return withCache(func(c *cli.Context, _ string, rc *cache.Cache) error {
			eng := batchapi.New(batchapi.Options{Store: rc, API: batchClient(c), Scope: strings.TrimSpace(c.String("base-url"))})
			return action(c, rc, eng)
		})
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
				Action: withEngine(func(c *cli.Context, rc *cache.Cache, _ *batchapi.Engine) error {
					jobs, err := rc.BatchJobs(c.Context, "", false)
					if err != nil {
						return err
					}
					table(jobs)
					return nil
				}),
			},
			{
				Name:  "status",
				Usage: "ask the endpoint about its running batches, collect finished ones, and count requests by step",
				Flags: common,
				Action: withEngine(func(c *cli.Context, _ *cache.Cache, eng *batchapi.Engine) error {
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
					for _, step := range steps {
						if m := counts[step]; m != nil {
							fmt.Fprintf(stdout, "%-8s  %8d  %8d  %9d  %8d  %6d\n", step, m[cache.BatchPending], m[cache.BatchSubmitted],
								m[cache.BatchAnswered], m[cache.BatchExported], m[cache.BatchFailed]+m[cache.BatchCancelled])
						}
					}
					if rep.Collected > 0 {
						fmt.Fprintf(stdout, "\n%d batches finished and were collected; run the brief command again to go on.\n", rep.Collected)
					}
					return nil
				}),
			},
			{
				Name:      "cancel",
				Usage:     "cancel running batches: the given ids, or every running batch of the endpoint",
				ArgsUsage: "[BATCH_ID...]",
				Flags:     common,
				Action: withEngine(func(c *cli.Context, _ *cache.Cache, eng *batchapi.Engine) error {
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
				}),
			},
		},
	}
}
