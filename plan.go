package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/brief-cli/brief/internal/batch"
	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/summarize"
)

// planRow is one document's estimate, as --plan --format json shows it.
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

func newPlanRow(r batch.Row) planRow {
	row := planRow{Name: r.Name, Plan: r.Plan, CostUSD: r.CostUSD}
	if r.Err != nil {
		row.Error = errorReason(r.Err)
	}
	return row
}

// runPlan prints the estimate as a table, or as JSON with --format json.
func runPlan(ctx context.Context, cfg config, inputs []string, stdin io.Reader, stdout io.Writer) error {
	opt := cfg.batchOptions(inputs, nil)
	var (
		est batch.Estimate
		err error
	)
	if len(inputs) == 1 && inputs[0] == "-" {
		est, err = batch.PlanOne(ctx, opt, "standard input", func() (io.ReadCloser, string, error) { return openReport("-", stdin) })
	} else {
		est, err = batch.Plan(ctx, opt)
	}
	if err != nil {
		return err
	}
	rep := planReport{Model: cfg.opt.Model, Engine: string(cfg.engine), Price: cfg.opt.Price, Total: newPlanRow(est.Total),
		Window: est.Window.Tokens, WindowSource: est.Window.Source}
	for _, r := range est.Documents {
		rep.Documents = append(rep.Documents, newPlanRow(r))
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
