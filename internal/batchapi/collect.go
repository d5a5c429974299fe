package batchapi

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/summarize"
	oaiclient "github.com/brief-cli/brief/summarize/openai"
)

// Batch statuses, from OpenAI's API reference (the batch object):
// validating, failed, in_progress, finalizing, completed, expired,
// cancelling, cancelled.
// https://platform.openai.com/docs/api-reference/batch/object
const (
	StatusValidating = "validating"
	StatusFailed     = "failed"
	StatusInProgress = "in_progress"
	StatusFinalizing = "finalizing"
	StatusCompleted  = "completed"
	StatusExpired    = "expired"
	StatusCancelling = "cancelling"
	StatusCancelled  = "cancelled"
)

// Terminal reports whether a batch in status will change no more.
func Terminal(status string) bool {
	switch status {
	case StatusFailed, StatusCompleted, StatusExpired, StatusCancelled:
		return true
	}
	return false
}

// outputLine is one line of a batch output or error file, as OpenAI
// documents it (the request output object): the custom_id, and either a
// response with its HTTP status and body, or an error with a code and
// message (as for requests left when a batch expired, code
// "batch_expired"). vLLM's run_batch writes the same shape.
// https://platform.openai.com/docs/api-reference/batch/request-output
type outputLine struct {
	ID       string `json:"id"`
	CustomID string `json:"custom_id"`
	Response *struct {
		StatusCode int             `json:"status_code"`
		RequestID  string          `json:"request_id"`
		Body       json.RawMessage `json:"body"`
	} `json:"response"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// chatBody is what an answer's body must hold.
type chatBody struct {
	Choices []struct {
		Message struct {
			Content *string `json:"content"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
}

// outcome is what one output line says about its request.
type outcome struct {
	answered bool
	content  string
	finish   string
	prompt   int
	complete int

	status int    // HTTP status of an error answer, 0 for none
	body   string // the error body, or a plain reason
	retry  bool   // a later batch may answer it
	cancel bool   // its batch was cancelled before it ran
}

// parseLine reads one output line. An unparsable line, or one whose
// custom_id is not a key, returns an error: its request, if ours, counts
// as missing.
func parseLine(line []byte) (cache.Key, outcome, error) {
	var l outputLine
	if err := json.Unmarshal(line, &l); err != nil {
		return cache.Key{}, outcome{}, fmt.Errorf("not a JSON object: %w", err)
	}
	key, ok := cache.ParseKey(l.CustomID)
	if !ok {
		return cache.Key{}, outcome{}, fmt.Errorf("custom_id %q is not one of brief's", truncate(l.CustomID, 80))
	}
	switch {
	case l.Response != nil && l.Response.StatusCode == 200:
		var b chatBody
		if err := json.Unmarshal(l.Response.Body, &b); err != nil || len(b.Choices) == 0 || b.Choices[0].Message.Content == nil {
			return key, outcome{retry: true, body: "the answer in the output file is malformed"}, nil
		}
		c := b.Choices[0]
		return key, outcome{answered: true, content: *c.Message.Content, finish: c.FinishReason,
			prompt: b.Usage.PromptTokens, complete: b.Usage.CompletionTokens, status: 200}, nil
	case l.Response != nil && l.Response.StatusCode != 0:
		apiErr := oaiclient.ErrorFromHTTP(l.Response.StatusCode, l.Response.Body)
		return key, outcome{status: l.Response.StatusCode, body: string(l.Response.Body), retry: summarize.Retryable(apiErr)}, nil
	case l.Error != nil:
		o := outcome{body: strings.TrimSpace(l.Error.Code + ": " + l.Error.Message), retry: true}
		if l.Error.Code == "batch_cancelled" {
			o.retry, o.cancel = false, true
		}
		return key, o, nil
	}
	return key, outcome{}, errors.New("not an output line: it has neither a response nor an error (is it an input file?)")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// settle applies an outcome to a request, counting a failed attempt
// against MaxAttempts.
func (e *Engine) settle(r cache.BatchRequest, o outcome) cache.BatchRequest {
	switch {
	case o.answered:
		r.State, r.Status, r.Content, r.FinishReason, r.PromptTokens, r.CompletionTokens, r.Error =
			cache.BatchAnswered, 200, o.content, o.finish, o.prompt, o.complete, ""
	case o.cancel:
		r.State, r.Error = cache.BatchCancelled, o.body
	default:
		r.Attempts++
		r.Status, r.Error = o.status, o.body
		r.State = cache.BatchFailed
		if o.retry && r.Attempts < e.opt.MaxAttempts {
			r.State = cache.BatchPending
		}
	}
	return r
}

// readLines calls fn for each non-empty line of r.
func readLines(r io.Reader, fn func(n int, line []byte)) error {
	br := bufio.NewReaderSize(r, 1<<20)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if line = bytes.TrimSpace(line); len(line) > 0 {
			fn(n, line)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// ImportReport says what an import loaded.
type ImportReport struct {
	Answered, Retry, Failed int
	// Unknown lines name no request brief recorded; Malformed lines could
	// not be read. FirstBad describes the first of either.
	Unknown, Malformed int
	FirstBad           string
}

// Import loads batch output lines (OpenAI's output or error file format,
// as vLLM's run_batch writes too) into the state: answers for the next
// pass, errors retried up to MaxAttempts.
func (e *Engine) Import(ctx context.Context, r io.Reader) (ImportReport, error) {
	var (
		rep  ImportReport
		sets []cache.BatchRequest
		err  error
	)
	seen := map[cache.Key]bool{}
	bad := func(n int, why string) {
		if rep.FirstBad == "" {
			rep.FirstBad = fmt.Sprintf("line %d: %s", n, why)
		}
	}
	rerr := readLines(r, func(n int, line []byte) {
		if err != nil {
			return
		}
		key, o, perr := parseLine(line)
		if perr != nil {
			rep.Malformed++
			bad(n, perr.Error())
			return
		}
		req, ok, gerr := e.opt.Store.BatchRequest(ctx, key)
		if gerr != nil {
			err = gerr
			return
		}
		if !ok || req.Scope != e.opt.Scope {
			rep.Unknown++
			bad(n, "custom_id "+key.String()+" is not a request brief recorded for this endpoint")
			return
		}
		if seen[key] || req.State == cache.BatchAnswered {
			return
		}
		seen[key] = true
		req = e.settle(req, o)
		countOutcome(&rep, req.State)
		sets = append(sets, req)
	})
	if err == nil {
		err = rerr
	}
	if err != nil {
		return rep, err
	}
	if err := e.opt.Store.SetBatchResults(ctx, sets); err != nil {
		return rep, err
	}
	e.bill(sets)
	return rep, nil
}

func countOutcome(rep *ImportReport, s cache.BatchState) {
	switch s {
	case cache.BatchAnswered:
		rep.Answered++
	case cache.BatchPending:
		rep.Retry++
	default:
		rep.Failed++
	}
}

// JobView is a batch as Poll last saw it.
type JobView struct {
	cache.BatchJob
	// Answered, Retry and Failed count its requests once collected.
	Answered, Retry, Failed int
	// Problem is a batch-wide failure in one sentence, if any.
	Problem string
}

// PollReport is what one Poll saw.
type PollReport struct {
	Jobs []JobView
	// Collected counts the batches that finished in this poll.
	Collected int
}

// Poll asks the provider once about every open batch and collects those
// that have finished: answers are stored for the next pass, failed lines
// are put back in line until MaxAttempts, and a batch that failed
// validation fails its requests with a message naming its first bad line.
func (e *Engine) Poll(ctx context.Context) (PollReport, error) {
	var rep PollReport
	jobs, err := e.opt.Store.BatchJobs(ctx, e.opt.Scope, true)
	if err != nil {
		return rep, err
	}
	for _, j := range jobs {
		if j.BatchID == "" {
			continue
		}
		b, err := e.opt.API.RetrieveBatch(ctx, j.BatchID)
		if err != nil {
			return rep, fmt.Errorf("checking batch %s: %w", j.BatchID, apiError(err))
		}
		j.Status = b.Status
		j.Completed, j.Failed = b.RequestCounts.Completed, b.RequestCounts.Failed
		if b.OutputFileID != nil {
			j.OutputFileID = *b.OutputFileID
		}
		if b.ErrorFileID != nil {
			j.ErrorFileID = *b.ErrorFileID
		}
		v := JobView{BatchJob: j}
		if Terminal(b.Status) {
			var problem string
			if b.Status == StatusFailed {
				if queueFull(b.Errors) {
					// OpenAI's enqueued-token limit fails the whole batch
					// at validation; the requests can go out again later.
					j.Status = statusQueueFull
				}
				problem = validationProblem(b.Errors)
			}
			v, err = e.collect(ctx, j, problem)
			if err != nil {
				return rep, err
			}
			rep.Collected++
		} else if err := e.opt.Store.UpdateBatchJob(context.WithoutCancel(ctx), j); err != nil {
			return rep, err
		}
		rep.Jobs = append(rep.Jobs, v)
	}
	return rep, nil
}

// statusQueueFull marks a job whose batch failed on the provider's queue
// limit: its requests are retried, not failed.
const statusQueueFull = "failed (queue full)"

// queueFull reports whether a failed batch hit the enqueued-token limit
// ("token_limit_exceeded", https://platform.openai.com/docs/guides/rate-limits,
// "Batch API queue limits").
func queueFull(errs *struct {
	Object string `json:"object,omitempty"`
	Data   []struct {
		Code    string  `json:"code,omitempty"`
		Message string  `json:"message,omitempty"`
		Param   *string `json:"param,omitempty"`
		Line    *int    `json:"line,omitempty"`
	} `json:"data"`
}) bool {
	if errs == nil {
		return false
	}
	for _, d := range errs.Data {
		if d.Code == "token_limit_exceeded" {
			return true
		}
	}
	return false
}

// validationProblem words a failed batch's errors, naming the first bad
// line when the provider gave one.
func validationProblem(errs *struct {
	Object string `json:"object,omitempty"`
	Data   []struct {
		Code    string  `json:"code,omitempty"`
		Message string  `json:"message,omitempty"`
		Param   *string `json:"param,omitempty"`
		Line    *int    `json:"line,omitempty"`
	} `json:"data"`
}) string {
	if errs == nil || len(errs.Data) == 0 {
		return "the batch failed validation and the provider gave no reason"
	}
	first := errs.Data[0]
	for _, d := range errs.Data {
		if d.Line != nil && (first.Line == nil || *d.Line < *first.Line) {
			first = d
		}
	}
	msg := strings.TrimSuffix(first.Message, ".")
	if first.Code != "" {
		msg = first.Code + ": " + msg
	}
	if first.Line != nil {
		return fmt.Sprintf("the batch failed validation at line %d of its input file (%s)", *first.Line, msg)
	}
	return fmt.Sprintf("the batch failed validation (%s)", msg)
}

// collect loads a finished batch's output and error files and settles
// every request of the job, then marks the job collected.
func (e *Engine) collect(ctx context.Context, j cache.BatchJob, problem string) (JobView, error) {
	keep := context.WithoutCancel(ctx)
	v := JobView{BatchJob: j}
	reqs, err := e.opt.Store.JobRequests(ctx, j.ID)
	if err != nil {
		return v, err
	}
	byKey := make(map[cache.Key]int, len(reqs))
	for i, r := range reqs {
		byKey[r.Key] = i
	}
	outcomes := map[cache.Key]outcome{}
	var notes []string
	if j.Status == statusQueueFull {
		v.Problem = problem + "; its requests go out again when a running batch has finished"
		for _, r := range reqs {
			outcomes[r.Key] = outcome{retry: true, body: problem}
		}
	} else if j.Status == StatusFailed {
		if problem == "" {
			problem = "the batch failed"
		}
		v.Problem = problem
		for _, r := range reqs {
			outcomes[r.Key] = outcome{body: problem}
		}
		// The line number names the request too, for the message.
		if i := strings.Index(problem, "at line "); i >= 0 {
			var n int
			if _, err := fmt.Sscanf(problem[i:], "at line %d", &n); err == nil && n >= 1 && n <= len(reqs) {
				v.Problem = fmt.Sprintf("%s; that line is a %s request (custom_id %s)", problem, reqs[n-1].Step, reqs[n-1].Key)
			}
		}
	} else {
		malformed := 0
		for _, fid := range []string{j.OutputFileID, j.ErrorFileID} {
			if fid == "" {
				continue
			}
			content, err := e.opt.API.GetFileContent(ctx, fid)
			if err != nil {
				if ctx.Err() != nil {
					return v, ctx.Err()
				}
				notes = append(notes, fmt.Sprintf("file %s could not be read (%v); its requests go out again", fid, apiError(err)))
				continue
			}
			rerr := readLines(content, func(_ int, line []byte) {
				key, o, perr := parseLine(line)
				if _, ours := byKey[key]; perr != nil || !ours {
					malformed++
					return
				}
				if prev, dup := outcomes[key]; dup && prev.answered {
					return
				}
				outcomes[key] = o
			})
			content.Close()
			if rerr != nil {
				notes = append(notes, fmt.Sprintf("file %s was cut short (%v)", fid, rerr))
			}
		}
		if malformed > 0 {
			notes = append(notes, fmt.Sprintf("%d lines of its files were malformed or not ours", malformed))
		}
	}
	sets := make([]cache.BatchRequest, 0, len(reqs))
	for _, r := range reqs {
		o, ok := outcomes[r.Key]
		switch {
		case ok:
		case j.Status == StatusCancelled:
			o = outcome{cancel: true, body: "batch cancelled"}
		case j.Status == StatusExpired:
			o = outcome{retry: true, body: "batch_expired: the batch expired before this request ran"}
		default:
			o = outcome{retry: true, body: "missing from the batch's output and error files"}
		}
		r = e.settle(r, o)
		switch r.State {
		case cache.BatchAnswered:
			v.Answered++
		case cache.BatchPending:
			v.Retry++
		default:
			v.Failed++
		}
		sets = append(sets, r)
	}
	if err := e.opt.Store.SetBatchResults(keep, sets); err != nil {
		return v, err
	}
	e.bill(sets)
	if v.Problem == "" && len(notes) > 0 {
		v.Problem = strings.Join(notes, "; ")
	}
	j.Collected, j.Note = true, v.Problem
	v.BatchJob = j
	return v, e.opt.Store.UpdateBatchJob(keep, j)
}

// Cancel asks the provider to cancel a batch by its id. Requests that it
// did not answer fail in the run that collects it, and go out again in
// the run after.
func (e *Engine) Cancel(ctx context.Context, batchID string) (string, error) {
	b, err := e.opt.API.CancelBatch(ctx, batchID)
	if err != nil {
		return "", fmt.Errorf("cancelling batch %s: %w", batchID, apiError(err))
	}
	return b.Status, nil
}

// Jobs returns the recorded batch jobs of the engine's scope ("" for all).
func (e *Engine) Jobs(ctx context.Context, open bool) ([]cache.BatchJob, error) {
	return e.opt.Store.BatchJobs(ctx, e.opt.Scope, open)
}

// Counts returns the requests of the engine's scope by step and state.
func (e *Engine) Counts(ctx context.Context) (map[string]map[cache.BatchState]int, error) {
	return e.opt.Store.BatchStateCounts(ctx, e.opt.Scope)
}
