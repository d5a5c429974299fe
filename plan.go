package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"text/tabwriter"

	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/summarize"
)

// planRow is one document's estimate.
type planRow struct {
	Name string `json:"name"`
	summarize.Plan
	CostUSD float64 `json:"cost_usd"`
	Error   string  `json:"error,omitempty"`
}

type planReport struct {
	Model  string `json:"model"`
	Engine string `json:"engine"`
	// Window and WindowSource: the context window the plan was sized
	// for, the one a run would use, and where it came from.
	Window       int             `json:"window,omitempty"`
	WindowSource string          `json:"window_source,omitempty"`
	Price        summarize.Price `json:"price_per_million"`
	Documents    []planRow       `json:"documents"`
	Total        planRow         `json:"total"`
}

// estimate plans every document under inputs without sending anything.
func estimate(ctx context.Context, cfg config, inputs []string, stdin io.Reader) (planReport, error) {
	opt := cfg.opt
	opt.Cache, opt.OnUsage = nil, nil
	s, err := summarize.New(opt)
	if err != nil {
		return planReport{}, err
	}
	rep := planReport{Model: opt.Model, Engine: string(cfg.engine), Price: opt.Price, Total: planRow{Name: "total"}}
	if cfg.engine == summarize.EngineLLM {
		// Asked of the server once, as a run would; the run takes it.
		w := s.Window(ctx)
		rep.Window, rep.WindowSource = w.Tokens, w.Source
	}
	add := func(name string, in summarize.Input, err error) {
		row := planRow{Name: name}
		if err == nil {
			row.Plan, err = s.PlanContext(ctx, in)
		}
		if err != nil {
			row.Error, _ = describe(err)
		} else {
			row.CostUSD = opt.Price.Cost(summarize.Usage{PromptTokens: row.InputTokens, CompletionTokens: row.OutputTokens})
		}
		rep.Documents = append(rep.Documents, row)
		t := &rep.Total
		t.Tokens += row.Tokens
		t.Chunks += row.Chunks
		t.Requests += row.Requests
		t.MapRequests += row.MapRequests
		t.ReduceRequests += row.ReduceRequests
		t.InputTokens += row.InputTokens
		t.OutputTokens += row.OutputTokens
		t.CostUSD += row.CostUSD
	}
	if len(inputs) == 1 && inputs[0] == "-" {
		in, err := readReport("-", stdin)
		add("standard input", in, err)
		return rep, ctx.Err()
	}
	w := newWalker(cfg)
	jobs := make(chan job)
	problems := make(chan result)
	errc := make(chan error, 1)
	go func() {
		defer close(jobs)
		errc <- w.walk(ctx, inputs, jobs, problems)
	}()
	for {
		select {
		case j, ok := <-jobs:
			if !ok {
				return rep, <-errc
			}
			data, err := readLimited(j.src)
			var in summarize.Input
			if err == nil {
				in, err = interruptible(ctx, func() (summarize.Input, error) { return summarize.ReadInput(bytesReader(data), path.Base(j.rel)) })
			}
			add(j.rel, in, err)
		case p := <-problems:
			rep.Documents = append(rep.Documents, planRow{Name: p.rel, Error: p.reason})
		}
	}
}

// runPlan prints the estimate as a table, or as JSON with --format json.
func runPlan(ctx context.Context, cfg config, inputs []string, stdin io.Reader, stdout io.Writer) error {
	rep, err := estimate(ctx, cfg, inputs, stdin)
	if err != nil {
		return err
	}
	if cfg.format == "json" {
		out, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		_, err = stdout.Write(append(out, '\n'))
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOCUMENT\tTOKENS\tCHUNKS\tREQUESTS\tINPUT TOKENS\tOUTPUT TOKENS (EST.)\tCOST (EST.)")
	cost := func(r planRow) string {
		if !rep.Price.Known() && cfg.engine == summarize.EngineLLM {
			return "?"
		}
		return fmt.Sprintf("$%.4f", r.CostUSD)
	}
	for _, r := range append(rep.Documents, rep.Total) {
		if r.Error != "" {
			fmt.Fprintf(tw, "%s\t\t\t\t\t\t%s\n", safetext.Name(r.Name), "("+cleanLine(r.Error)+")")
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\n", safetext.Name(r.Name), r.Tokens, r.Chunks, r.Requests, r.InputTokens, r.OutputTokens, cost(r))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rep.Window > 0 {
		fmt.Fprintf(stdout, "\nContext window: %d tokens, from %s.\n", rep.Window, rep.WindowSource)
	}
	if cfg.engine == summarize.EngineExtractive {
		fmt.Fprintf(stdout, "\nThis run would be offline (the built-in extractive engine): it sends nothing and costs nothing. Configure an endpoint, or add --engine llm, to price a model run.\n")
	} else if !rep.Price.Known() {
		fmt.Fprintf(stdout, "\nThe price of %q is unknown: set --price-in and --price-out (USD per million tokens) for a cost.\n", rep.Model)
	} else {
		fmt.Fprintf(stdout, "\nModel %s at $%.2f/$%.2f per million input/output tokens; output tokens and cost are estimates; cached answers cost nothing.\n",
			rep.Model, rep.Price.InputPerMillion, rep.Price.OutputPerMillion)
	}
	return nil
}

// checkEstimate refuses a run whose estimated cost exceeds --max-cost. It
// returns the window the estimate was sized for, for the run to use
// without asking the server again.
func checkEstimate(ctx context.Context, cfg config, inputs []string, stdin io.Reader) (summarize.WindowInfo, error) {
	if len(inputs) == 1 && inputs[0] == "-" {
		return summarize.WindowInfo{}, nil // checked after reading, in summarizeCmd
	}
	rep, err := estimate(ctx, cfg, inputs, stdin)
	if err != nil {
		return summarize.WindowInfo{}, err
	}
	if rep.Total.CostUSD > cfg.opt.MaxCostUSD {
		return summarize.WindowInfo{}, &costError{estimate: rep.Total.CostUSD, max: cfg.opt.MaxCostUSD}
	}
	return summarize.WindowInfo{Tokens: rep.Window, Source: rep.WindowSource}, nil
}

// costError is a run refused because its estimate exceeds --max-cost.
type costError struct{ estimate, max float64 }

func (e *costError) Error() string {
	return fmt.Sprintf("the estimated cost $%.4f exceeds --max-cost $%.4f; nothing was sent. See brief --plan for the breakdown.", e.estimate, e.max)
}
