// Package batchapi runs brief's pipeline through OpenAI's Batch API (and
// Azure OpenAI's, and any engine that reads and writes its JSONL files,
// such as vLLM's run_batch).
//
// The pipeline itself is unchanged: the Engine is a summarize.Completer
// that answers a request from a batch answer it already has, and otherwise
// records the request (its cache key is the custom_id, its body the exact
// chat completion body a synchronous run sends) and returns
// summarize.ErrPending, which stops that document at the current step.
// Submit sends what a pass recorded as batches; Poll collects finished
// batches into the state; the next pass takes every document one step
// further. Because the answers reach the pipeline through the same call
// path as synchronous answers, a document finished through batches is the
// one a synchronous run would write from the same answers.
//
// All state lives in the cache database (see cache.BatchRequest and
// cache.BatchJob), written before and after each upload and batch
// creation, so a killed process loses nothing and a rerun submits nothing
// twice.
package batchapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	openai "github.com/sashabaranov/go-openai"

	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/summarize"
	oaiclient "github.com/brief-cli/brief/summarize/openai"
)

// Limits of one batch input file, from OpenAI's API reference (Create
// batch, input_file_id): "The file can contain up to 50,000 requests, and
// can be up to 200 MB in size."
// https://platform.openai.com/docs/api-reference/batch/create
const (
	MaxLines = 50_000
	MaxBytes = 200 << 20
)

// Endpoint is the URL of every line: chat completions.
const Endpoint = "/v1/chat/completions"

// Store keeps the batch state; *cache.Cache is the implementation.
type Store interface {
	AddBatchRequest(ctx context.Context, r cache.BatchRequest) (bool, error)
	BatchRequest(ctx context.Context, key cache.Key) (cache.BatchRequest, bool, error)
	JobRequests(ctx context.Context, job int64) ([]cache.BatchRequest, error)
	NewBatchJob(ctx context.Context, scope string, keys []cache.Key) (int64, error)
	UpdateBatchJob(ctx context.Context, j cache.BatchJob) error
	ReleaseBatchJob(ctx context.Context, id int64) error
	BatchJobs(ctx context.Context, scope string, open bool) ([]cache.BatchJob, error)
	SetBatchResults(ctx context.Context, rs []cache.BatchRequest) error
	RestartBatchFailures(ctx context.Context, scope string) (int, error)
	SetBatchState(ctx context.Context, keys []cache.Key, state cache.BatchState) error
	BatchStateCounts(ctx context.Context, scope string) (map[string]map[cache.BatchState]int, error)
}

var _ Store = (*cache.Cache)(nil)

// API is the part of go-openai's client the engine uses.
type API interface {
	CreateFileBytes(ctx context.Context, request openai.FileBytesRequest) (openai.File, error)
	CreateBatch(ctx context.Context, request openai.CreateBatchRequest) (openai.BatchResponse, error)
	RetrieveBatch(ctx context.Context, batchID string) (openai.BatchResponse, error)
	CancelBatch(ctx context.Context, batchID string) (openai.BatchResponse, error)
	ListBatch(ctx context.Context, after *string, limit *int) (openai.ListBatchResponse, error)
	GetFileContent(ctx context.Context, fileID string) (openai.RawResponse, error)
}

var _ API = (*openai.Client)(nil)

// Options configure an Engine.
type Options struct {
	// Store keeps the state; required.
	Store Store
	// API talks to the provider; nil for export and import only.
	API API
	// Scope names the endpoint, as summarize.Options.CacheScope does.
	Scope string
	// Model and Temperature go into every request body, as the
	// synchronous client sends them.
	Model       string
	Temperature float32
	// MaxAttempts is how many batches may fail to answer a request
	// (error lines, expiry, missing output) before its document fails.
	// 0 means 3.
	MaxAttempts int
	// MaxLines and MaxBytes bound one input file; 0 means the API's
	// limits, MaxLines and MaxBytes.
	MaxLines, MaxBytes int
}

// Engine is a summarize.Completer that answers through batches.
type Engine struct {
	opt Options

	mu      sync.Mutex
	touched map[cache.Key]bool // requests a pass reached without an answer
	billed  summarize.Usage    // answers collected by this Engine
}

// Billed returns the usage of the answers this Engine collected or
// imported: what the provider charges for.
func (e *Engine) Billed() summarize.Usage {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.billed
}

func (e *Engine) bill(rs []cache.BatchRequest) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range rs {
		if r.State == cache.BatchAnswered {
			e.billed = e.billed.Add(summarize.Usage{Requests: 1, PromptTokens: r.PromptTokens, CompletionTokens: r.CompletionTokens})
		}
	}
}

var _ summarize.Completer = (*Engine)(nil)

// New returns an Engine for opt.
func New(opt Options) *Engine {
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 3
	}
	if opt.MaxLines <= 0 || opt.MaxLines > MaxLines {
		opt.MaxLines = MaxLines
	}
	if opt.MaxBytes <= 0 || opt.MaxBytes > MaxBytes {
		opt.MaxBytes = MaxBytes
	}
	return &Engine{opt: opt, touched: map[cache.Key]bool{}}
}

// LineError is a request that got no usable answer from its batches: it
// failed for good this run. Retrying happens in the batches, so this is
// deliberately not a *summarize.APIError the pipeline would retry.
type LineError struct {
	Attempts int
	Reason   string
}

func (e *LineError) Error() string {
	if e.Attempts > 0 {
		return fmt.Sprintf("no answer after %d batch attempts: %s", e.Attempts, e.Reason)
	}
	return e.Reason
}

// Complete answers req from a collected batch answer, or records it to be
// sent and returns summarize.ErrPending.
func (e *Engine) Complete(ctx context.Context, req summarize.Request) (summarize.Response, error) {
	st := e.opt.Store
	key := cache.Key(req.Key)
	r, ok, err := st.BatchRequest(ctx, key)
	if err != nil {
		return summarize.Response{}, err
	}
	if !ok {
		body, err := oaiclient.RequestBody(e.opt.Model, e.opt.Temperature, req)
		if err != nil {
			return summarize.Response{}, fmt.Errorf("batch request body: %w", err)
		}
		if _, err := st.AddBatchRequest(ctx, cache.BatchRequest{Key: key, Scope: e.opt.Scope, Step: req.Step, Body: body}); err != nil {
			return summarize.Response{}, err
		}
		e.touch(key)
		return summarize.Response{}, summarize.ErrPending
	}
	switch r.State {
	case cache.BatchAnswered:
		return summarize.Response{
			Content:      r.Content,
			FinishReason: r.FinishReason,
			Usage:        summarize.Usage{Requests: 1, PromptTokens: r.PromptTokens, CompletionTokens: r.CompletionTokens},
		}, nil
	case cache.BatchFailed:
		if r.Status >= 400 {
			apiErr := oaiclient.ErrorFromHTTP(r.Status, []byte(r.Error))
			if !summarize.Retryable(apiErr) {
				return summarize.Response{}, apiErr
			}
		}
		le := &LineError{Reason: r.Error}
		if r.Attempts >= e.opt.MaxAttempts {
			le.Attempts = r.Attempts // retries ran out
		}
		return summarize.Response{}, le
	case cache.BatchCancelled:
		return summarize.Response{}, &LineError{Reason: "its batch was cancelled; run the same command again to submit it anew"}
	case cache.BatchPending, cache.BatchExported:
		e.touch(key)
	}
	return summarize.Response{}, summarize.ErrPending
}

func (e *Engine) touch(k cache.Key) {
	e.mu.Lock()
	e.touched[k] = true
	e.mu.Unlock()
}

// StartPass forgets which requests the last pass reached.
func (e *Engine) StartPass() {
	e.mu.Lock()
	clear(e.touched)
	e.mu.Unlock()
}

// reached returns the requests the pass reached that are in one of
// states, ordered by step and key, so that files come out the same.
func (e *Engine) reached(ctx context.Context, states ...cache.BatchState) ([]cache.BatchRequest, error) {
	e.mu.Lock()
	keys := make([]cache.Key, 0, len(e.touched))
	for k := range e.touched {
		keys = append(keys, k)
	}
	e.mu.Unlock()
	var out []cache.BatchRequest
	for _, k := range keys {
		r, ok, err := e.opt.Store.BatchRequest(ctx, k)
		if err != nil {
			return nil, err
		}
		if ok && slices.Contains(states, r.State) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b cache.BatchRequest) int {
		if c := stepOrder(a.Step) - stepOrder(b.Step); c != 0 {
			return c
		}
		return slices.Compare(a.Key[:], b.Key[:])
	})
	return out, nil
}

func stepOrder(step string) int {
	switch step {
	case "map":
		return 0
	case "reduce":
		return 1
	case "brief":
		return 2
	}
	return 3
}

// Restart puts requests that failed or were cancelled in an earlier run
// back in line, and settles submissions a killed run left half done.
func (e *Engine) Restart(ctx context.Context) (int, error) {
	n, err := e.opt.Store.RestartBatchFailures(ctx, e.opt.Scope)
	if err != nil {
		return 0, err
	}
	return n, e.recover(ctx)
}

// recover settles jobs whose upload or creation was interrupted: one
// without a file is released; one with a file but no batch id is matched
// against the provider's batches by input file, or created now.
func (e *Engine) recover(ctx context.Context) error {
	jobs, err := e.opt.Store.BatchJobs(ctx, e.opt.Scope, true)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		if j.BatchID != "" {
			continue
		}
		if j.FileID == "" || e.opt.API == nil {
			if err := e.opt.Store.ReleaseBatchJob(ctx, j.ID); err != nil {
				return err
			}
			continue
		}
		b, found, err := e.findBatch(ctx, j.FileID)
		if err != nil {
			return err
		}
		if !found {
			if err := e.create(ctx, &j); err != nil {
				return err
			}
			continue
		}
		j.BatchID, j.Status = b.ID, b.Status
		if err := e.opt.Store.UpdateBatchJob(context.WithoutCancel(ctx), j); err != nil {
			return err
		}
	}
	return nil
}

// findBatch looks for the batch made from fileID among the provider's.
func (e *Engine) findBatch(ctx context.Context, fileID string) (openai.Batch, bool, error) {
	var after *string
	limit := 100
	for {
		page, err := e.opt.API.ListBatch(ctx, after, &limit)
		if err != nil {
			return openai.Batch{}, false, apiError(err)
		}
		for _, b := range page.Data {
			if b.InputFileID == fileID {
				return b, true, nil
			}
		}
		if !page.HasMore || page.LastID == "" {
			return openai.Batch{}, false, nil
		}
		last := page.LastID
		after = &last
	}
}

// apiError turns a go-openai error into the *summarize.APIError a
// synchronous request would have met, so that main words it alike.
func apiError(err error) error {
	var oe *openai.APIError
	if errors.As(err, &oe) {
		code, _ := oe.Code.(string)
		body, _ := json.Marshal(map[string]any{"error": map[string]any{"message": oe.Message, "type": oe.Type, "code": code}})
		return oaiclient.ErrorFromHTTP(oe.HTTPStatusCode, body)
	}
	var re *openai.RequestError
	if errors.As(err, &re) {
		return oaiclient.ErrorFromHTTP(re.HTTPStatusCode, re.Body)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &summarize.APIError{Kind: summarize.ErrTransport, Message: err.Error(), Err: err}
}
