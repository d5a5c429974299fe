// Package batch turns reports into brief files: one document into one
// file, or folders of documents into a mirrored tree of briefs with an
// index. It walks the inputs once, plans every output name before any
// work, checks that nothing the user did not ask to overwrite is in the
// way, summarizes the documents with a worker pool (or through a provider's
// Batch API), records each brief in a journaled manifest so that a rerun
// skips what is up to date, and writes index.md.
//
// It prints nothing: what happens is reported to an Events value, and
// what went wrong as typed errors, for the caller to put into words.
//
//	rep, err := batch.Run(ctx, batch.Options{
//		Inputs:    []string{"reports/"},
//		Output:    "briefs/",
//		Summarize: summarize.Options{Engine: summarize.EngineExtractive},
//	})
//	// rep.Results: one Result per document, sorted by path.
package batch

import (
	"time"

	"github.com/brief-cli/brief/summarize"
)

// Format is the file format of the briefs.
type Format int

// Formats of a brief file.
const (
	Markdown Format = iota // a markdown brief, .md
	JSON                   // the brief with usage and source details, .json
)

// String is "markdown" or "json".
func (f Format) String() string {
	if f == JSON {
		return "json"
	}
	return "markdown"
}

// Ext is the extension of a brief file in this format, with its dot.
func (f Format) Ext() string {
	if f == JSON {
		return ".json"
	}
	return ".md"
}

// Options says what a batch reads, how it summarizes and where it writes.
type Options struct {
	// Inputs are files and folders; folders are walked.
	Inputs []string
	// Output is the folder that receives the briefs, mirroring the inputs'
	// trees, with index.md and the manifest.
	Output string
	Format Format
	Render summarize.RenderOptions
	// Force overwrites files that brief did not write and redoes briefs
	// that are up to date.
	Force bool
	// Include and Exclude are glob patterns on a file's name, or on its
	// path under the input when the pattern has a slash.
	Include, Exclude []string
	// Hidden walks hidden files and folders too.
	Hidden bool
	// FollowLinks follows symbolic links that lead out of a folder.
	FollowLinks bool
	// Shard takes only a share of the documents.
	Shard Shard
	// Strict makes Run return a *StrictError when a brief states facts
	// its report does not contain.
	Strict bool
	// CacheDir is the response cache's folder; "" for none. On the batch
	// path the cache keeps the batches' state, and is required.
	CacheDir string
	// Timeout bounds each document's work with the offline engine, which
	// sends no requests for a request timeout to bound; 0 for none.
	Timeout time.Duration
	// Summarize configures the summarizer. Its MaxCostUSD also makes Run
	// estimate the whole batch first and refuse it with a *CostError.
	Summarize summarize.Options
	// Events receives what happens, from one goroutine at a time except
	// Started; nil for none.
	Events Events
	// API sends the requests through a Batch API or batch files instead
	// of synchronously; nil for synchronous.
	API *APIOptions
}

// Events is told what a run does, for a display.
type Events interface {
	// Planned is the number of documents, and of inputs that could not be
	// walked, before any is started (synchronous runs only).
	Planned(documents int)
	// Started is a document being started; it may be called from several
	// goroutines at once.
	Started(doc string)
	// Finished is a document finished, skipped or failed. Result.Brief is
	// the brief when one was written.
	Finished(r Result)
	// Notice is something of the batch path to tell the user.
	Notice(n Notice)
}

// noEvents is the Events of a run that nobody watches.
type noEvents struct{}

func (noEvents) Planned(int)     {}
func (noEvents) Started(string)  {}
func (noEvents) Finished(Result) {}
func (noEvents) Notice(Notice)   {}

// Status is what became of a document.
type Status string

// Statuses of a document.
const (
	Done    Status = "done"
	Skipped Status = "skipped"
	Failed  Status = "failed"
	// Stopped: not finished or not started, because of an interruption,
	// --max-cost, or an error that stopped the batch.
	Stopped Status = "stopped"
	// Waiting: on the batch path, still waiting for answers at the end of
	// the run.
	Waiting Status = "waiting"
	// pending: waiting for answers within a pass of the batch path.
	pending Status = "pending"
)

// Why is why a document was skipped or stopped without an error.
type Why int

// Reasons for skipping or stopping a document without an error.
const (
	Unknown      Why = iota
	Unchanged        // skipped: the brief is up to date
	NotStarted       // stopped before it was started
	CostReached      // stopped before it was started: --max-cost was reached
	Interrupted      // stopped: the run was interrupted
	BatchStopped     // stopped: an error stopped the batch
)

// Result is what became of one document.
type Result struct {
	// Source is the path read; Rel the slash-separated path under its
	// input, mirrored in the output; Out the output path under the output
	// folder.
	Source, Rel, Out string
	Status           Status
	// Why says why, when the status is not Done and Err is nil.
	Why Why
	// Err is why the document failed or was skipped.
	Err   error
	Usage summarize.Usage
	// Cost is the usage at Options.Summarize.Price.
	Cost    float64
	Elapsed time.Duration
	// Brief is the written brief, in Events.Finished only.
	Brief *summarize.Brief
	// Unreadable: not a document brief reads (binary, an image, empty).
	Unreadable bool
	// Title, Date and Lead are the brief's, for the index.
	Title, Date, Lead string
	// job is a pending document as read, for the next pass.
	job job
}

// Report is what a run did.
type Report struct {
	// Results has one entry per document and per input that could not be
	// walked, sorted by Rel.
	Results []Result
	// Elapsed is the time the documents took, from the first start.
	Elapsed time.Duration
	// Billed is what the batch path's answers cost in tokens (batch path
	// only).
	Billed summarize.Usage
	// Unsupported counts facts, over all briefs, that the reports do not
	// contain.
	Unsupported int
}
