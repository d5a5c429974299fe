package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"syscall"
	"time"

	"github.com/brief-cli/brief/internal/batch"
	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/internal/docread"
	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/summarize"
)

// display shows a batch's events: the progress line, a warning for every
// brief that states facts its report lacks, and the batch path's notices.
type display struct {
	prog *progress
	cfg  config
	// api: the batch path, which draws no progress line.
	api bool
	// one: a single document, shown with a spinner.
	one  bool
	note func() // says once which engine writes the briefs
	last string // the batch path's last status line, said once
}

var _ batch.Events = (*display)(nil)

func (d *display) Planned(n int) {
	d.note()
	d.prog.show(n, !d.one || d.cfg.engine == summarize.EngineLLM)
}

func (d *display) Started(doc string) {
	if d.one && doc == "" {
		doc = "standard input"
	}
	d.prog.begin(doc)
}

func (d *display) Finished(r batch.Result) {
	switch {
	case d.one:
		d.prog.finish()
		warnUnverified(d.prog, "", r.Brief, d.cfg.quiet)
		return
	case !d.api:
		d.prog.file(r)
	}
	if r.Brief != nil {
		warnUnverified(d.prog, r.Rel, r.Brief, d.cfg.quiet)
	}
}

// say prints a line of the batch path, unless --quiet.
func (d *display) say(format string, args ...any) {
	if !d.cfg.quiet {
		fmt.Fprintf(d.prog, "brief: "+format+"\n", args...)
	}
}

func (d *display) Notice(n batch.Notice) {
	switch n := n.(type) {
	case batch.CacheUnavailable:
		fmt.Fprintf(d.prog, "brief: warning: %s; going on without the response cache.\n", cacheProblem(n.Dir, n.Err))
	case batch.Submitted:
		d.say("submitted %d requests in %s (%s).", n.Report.Requests, plural(n.Report.Batches, "batch", "batches"), stepCounts(n.Report.Steps))
	case batch.SubmitDeferred:
		d.say("could not submit more requests (%s); they wait until a running batch finishes.", innermost(n.Err))
	case batch.NotImported:
		d.say("%d documents wait for answers that are not in %s; export their requests with --batch-export FILE.", n.Documents, n.File)
	case batch.NoWait:
		d.say("%s wait for %s; run the same command again to collect what has finished and go on ('brief batch status' shows progress).", plural(n.Documents, "document", "documents"), plural(n.Batches, "batch", "batches"))
	case batch.Polled:
		if line := pollLine(n); line != d.last {
			d.say("%s", line)
			d.last = line
		}
	case batch.BatchProblem:
		fmt.Fprintf(d.prog, "brief: warning: batch %s (%s): %s.\n", n.Job.BatchID, n.Job.Status, cleanLine(n.Job.Problem))
	case batch.Imported:
		r := n.Report
		d.say("imported %s: %d answers, %d to send again, %d failed.", n.File, r.Answered, r.Retry, r.Failed)
		if r.Unknown+r.Malformed > 0 {
			fmt.Fprintf(d.prog, "brief: warning: %s: %d lines were not answers to brief's requests for this endpoint and model (first: %s).\n", n.File, r.Unknown+r.Malformed, cleanLine(r.FirstBad))
		}
	case batch.Exported:
		total := 0
		for _, v := range n.Steps {
			total += v
		}
		d.say("wrote %s (%s) for %s to %s; answer them (e.g. with vLLM's run_batch) and run again with --batch-import RESULTS.",
			plural(total, "request", "requests"), stepCounts(n.Steps), plural(n.Documents, "document", "documents"), n.File)
	case batch.StillRunning:
		fmt.Fprintf(d.prog, "brief: stopped; %s keep running at the provider. Run the same command again to collect them and go on.\n", plural(n.Batches, "batch", "batches"))
	}
}

// steps are the pipeline's steps, in order, as the batch path counts them.
var steps = []string{"map", "reduce", "brief", "revise"}

func stepCounts(m map[string]int) string {
	var parts []string
	for _, step := range steps {
		if m[step] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", step, m[step]))
		}
	}
	return strings.Join(parts, ", ")
}

// pollLine says how the batches and the pipeline's steps stand.
func pollLine(n batch.Polled) string {
	var parts []string
	for _, v := range n.Report.Jobs {
		parts = append(parts, fmt.Sprintf("%s %s %d/%d", shortID(v.BatchID), v.Status, v.Completed+v.Failed, v.Requests))
	}
	line := "batches: " + strings.Join(parts, ", ")
	if n.CountErr == nil {
		var done []string
		for _, step := range steps {
			if m := n.Counts[step]; m != nil {
				total := 0
				for _, v := range m {
					total += v
				}
				done = append(done, fmt.Sprintf("%s %d/%d answered", step, m[cache.BatchAnswered], total))
			}
		}
		line += "; " + strings.Join(done, ", ")
	}
	return line
}

func shortID(id string) string {
	if len(id) > 14 {
		return id[:6] + "…" + id[len(id)-6:]
	}
	return id
}

// innermost is the message of the last error in err's chain.
func innermost(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 0 {
				next = j.Unwrap()[0]
			}
		}
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// reasonOf is why a document of a batch was not done, in a table row or
// a plan's row.
func reasonOf(r batch.Result) string {
	if r.Err == nil {
		switch r.Why {
		case batch.Unchanged:
			return "unchanged"
		case batch.NotStarted:
			return "not started"
		case batch.CostReached:
			return "not started: --max-cost reached"
		case batch.Interrupted:
			return "interrupted before it was finished"
		case batch.BatchStopped:
			return "not finished: the batch stopped"
		}
		return ""
	}
	return errorReason(r.Err)
}

// errorReason is err in a table row: shorter than describe's sentence
// for what happened to one file.
func errorReason(err error) string {
	var (
		fe     *batch.FileError
		link   *batch.LinkOutsideError
		we     *batch.WriteError
		record *batch.RecordError
	)
	switch {
	case errors.As(err, &fe):
		if errors.Is(fe.Err, summarize.ErrInputTooBig) {
			return fmt.Sprintf("larger than %d MiB; split it into parts", docread.DefaultMaxBytes>>20)
		}
		return fe.Cause().Error()
	case errors.Is(err, batch.ErrLinkLoop):
		return "symbolic link loop; not followed"
	case errors.As(err, &link):
		return "symbolic link to " + safetext.Name(link.Target) + ", outside the folder; --follow-symlinks reads it"
	case errors.As(err, &we), errors.As(err, &record):
		return err.Error()
	}
	msg, _ := describe(err)
	return msg
}

// summaryTable prints what needs the user's eye (failures, skips and
// documents not done, with their reasons), then one total line. Every row,
// successes included, is shown with --verbose; with --quiet only failures.
func summaryTable(w io.Writer, rep *batch.Report, cfg config) {
	var done, skipped, failed, stopped int
	var usage summarize.Usage
	var cost float64
	var rows []string
	for _, r := range rep.Results {
		switch r.Status {
		case batch.Done:
			done++
		case batch.Skipped:
			skipped++
		case batch.Failed:
			failed++
		case batch.Stopped:
			stopped++
		}
		usage = usage.Add(r.Usage)
		cost += r.Cost
		show := r.Status != batch.Done && r.Why != batch.Unchanged
		if cfg.quiet {
			show = r.Status == batch.Failed
		} else if cfg.verbose {
			show = true
		}
		if show {
			rows = append(rows, tableRow(r))
		}
	}
	if len(rows) > 0 {
		fmt.Fprintf(w, "\n%-8s  %s\n%s\n", "STATUS", "DOCUMENT", strings.Join(rows, "\n"))
	}
	if cfg.quiet {
		return
	}
	total := fmt.Sprintf("%d done, %d skipped, %d failed", done, skipped, failed)
	if stopped > 0 {
		total += fmt.Sprintf(", %d not done", stopped)
	}
	if cfg.engine == summarize.EngineExtractive {
		total += "; offline, nothing sent"
	} else {
		costText := "cost unknown (set --price-in and --price-out)"
		if cfg.opt.Price.Known() {
			costText = fmt.Sprintf("cost $%.4f", cost)
		}
		total += fmt.Sprintf("; %s (%d from cache), %d prompt + %d completion tokens, %s",
			plural(usage.Requests, "request", "requests"), usage.CachedRequests, usage.PromptTokens, usage.CompletionTokens, costText)
	}
	fmt.Fprintf(w, "\n%s, %s\n", total, rep.Elapsed.Round(time.Millisecond))
}

// tableRow is a document's row in a batch's table.
func tableRow(r batch.Result) string {
	line := fmt.Sprintf("%-8s  %s", r.Status, safetext.Name(r.Rel))
	if reason := reasonOf(r); reason != "" {
		line += "  (" + cleanLine(reason) + ")"
	}
	return line
}

// apiTable prints the batch path's table: every document with its status,
// then the totals at batch prices and what they saved on list prices.
func apiTable(w io.Writer, rep *batch.Report, cfg config, list summarize.Price) {
	counts := map[batch.Status]int{}
	for _, r := range rep.Results {
		counts[r.Status]++
	}
	if !cfg.quiet || counts[batch.Failed] > 0 {
		fmt.Fprintf(w, "\n%-8s  %s\n", "STATUS", "DOCUMENT")
		for _, r := range rep.Results {
			if cfg.quiet && r.Status != batch.Failed {
				continue
			}
			fmt.Fprintln(w, tableRow(r))
		}
	}
	u := rep.Billed
	cost := cfg.opt.Price.Cost(u)
	costText := "unknown (set --price-in and --price-out)"
	if cfg.opt.Price.Known() {
		costText = fmt.Sprintf("$%.4f at batch prices, saving $%.4f on $%.4f synchronous", cost, list.Cost(u)-cost, list.Cost(u))
	}
	fmt.Fprintf(w, "\n%d done, %d skipped, %d failed, %d waiting; %d batch answers collected, %d prompt + %d completion tokens, cost %s, %s\n",
		counts[batch.Done], counts[batch.Skipped], counts[batch.Failed]+counts[batch.Stopped], counts[batch.Waiting], u.Requests, u.PromptTokens, u.CompletionTokens, costText,
		rep.Elapsed.Round(time.Millisecond))
}

// warnUnverified says on stderr which facts of the brief the report does
// not contain.
func warnUnverified(stderr io.Writer, name string, b *summarize.Brief, quiet bool) {
	v := b.Verification
	if v == nil || quiet || len(v.Unsupported)+len(v.Misplaced)+len(v.CrossScript) == 0 {
		return
	}
	prefix := "brief: warning: "
	if name != "" {
		prefix += safetext.Name(name) + ": "
	}
	list := func(us []summarize.Unsupported) string {
		var parts []string
		for _, u := range us {
			// The text and the section heading come from the model.
			parts = append(parts, fmt.Sprintf("%s %q (%s)", u.Kind, cleanLine(u.Text), cleanLine(u.Section)))
		}
		return strings.Join(parts, ", ")
	}
	if len(v.CrossScript) > 0 {
		fmt.Fprintf(stderr, "%snot checked: %s in %s script cannot be compared with the %s report (listed in the brief).\n", prefix,
			plural(len(v.CrossScript), "name or quotation", "names and quotations"), v.BriefScript, v.ReportScript)
	}
	if len(v.Unsupported) > 0 {
		fmt.Fprintf(stderr, "%s%s: %s.\n", prefix, plural(len(v.Unsupported), "fact in the brief was not found in the report", "facts in the brief were not found in the report"), list(v.Unsupported))
	}
	if len(v.Misplaced) > 0 {
		fmt.Fprintf(stderr, "%s%s: %s.\n", prefix, plural(len(v.Misplaced), "fact is in the report but not where the brief draws on it", "facts are in the report but not where the brief draws on it"), list(v.Misplaced))
	}
}

// cleanLine makes text a report or a server may reach safe to print.
func cleanLine(s string) string { return safetext.Line(s) }

// plural is "1 brief" or "2 briefs".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// cacheProblem says why the response cache cannot be used, from the
// error's type: a full disk or a read-only folder is no damaged cache.
func cacheProblem(dir string, err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Sprintf("the disk holding the response cache %s is full", dir)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return fmt.Sprintf("the response cache folder %s is not writable (set --cache-dir to another folder, or --no-cache)", dir)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Sprintf("the response cache folder %s cannot be made: a file is in the way (set --cache-dir to another folder)", dir)
	case errors.Is(err, cache.ErrCorrupt), errors.Is(err, cache.ErrNewerSchema):
		return fmt.Sprintf("the response cache in %s cannot be used (%v); 'brief cache clear' resets it", dir, err)
	}
	return fmt.Sprintf("the response cache in %s cannot be used (%v)", dir, unwrapPathError(err))
}
