package batch

import (
	"context"
	"io"

	"github.com/brief-cli/brief/summarize"
)

// One summarizes the one report that open gives and writes its brief to
// the file opt.Output, or to w when opt.Output is "". opt.Inputs is not
// read. Before any work it checks that the output can be written (a
// *SetupError), and refuses a report whose estimated cost exceeds
// opt.Summarize.MaxCostUSD (a *CostError). Nothing partial is written: an
// interruption after the work still writes nothing.
//
// Events hears Planned(-1) once the report is read, Started with its
// name, and Finished with the brief once it is written.
func One(ctx context.Context, opt Options, open Opener, w io.Writer) error {
	if opt.Events == nil {
		opt.Events = noEvents{}
	}
	if opt.Output != "" {
		if err := CheckOutputFile(opt.Output, opt.Force); err != nil {
			return err
		}
	}
	defer useCache(&opt)()
	so := opt.Summarize
	s, err := summarize.New(so)
	if err != nil {
		return err
	}
	var name string
	in, err := readOne(ctx, func() (io.ReadCloser, string, error) {
		r, n, err := open()
		name = n
		return r, n, err
	})
	if err != nil {
		if so.Logger != nil {
			so.Logger.Info("the input could not be read", "detail", err.Error())
		}
		return err
	}
	opt.Events.Planned(-1)
	if so.MaxCostUSD > 0 {
		plan, err := s.PlanContext(ctx, in)
		if err != nil {
			return err
		}
		if est := so.Price.Cost(summarize.Usage{PromptTokens: plan.InputTokens, CompletionTokens: plan.OutputTokens}); est > so.MaxCostUSD {
			return &CostError{Estimate: est, Max: so.MaxCostUSD}
		}
	}
	docCtx, cancel := DocumentContext(ctx, so.Engine, opt.Timeout)
	defer cancel()
	opt.Events.Started(name)
	b, err := s.Summarize(docCtx, in)
	if err != nil {
		if cause := context.Cause(docCtx); ctx.Err() == nil && cause != nil && cause != err {
			return cause
		}
		return err
	}
	out, err := Render(b, opt.Format, opt.Render)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err // interrupted after the work: still nothing written
	}
	if opt.Output == "" {
		_, err = w.Write(out)
	} else {
		err = WriteFile(opt.Output, out, opt.Force)
	}
	if err != nil {
		return err
	}
	opt.Events.Finished(Result{Rel: name, Out: opt.Output, Status: Done, Usage: b.Usage, Cost: so.Price.Cost(b.Usage), Brief: b,
		Title: b.Title, Date: b.Date, Lead: firstSentence(b.Lead.Text)})
	if n := unsupportedCount(b); opt.Strict && n > 0 {
		return &StrictError{N: n}
	}
	return nil
}
