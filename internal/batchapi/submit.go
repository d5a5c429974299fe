package batchapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	openai "github.com/sashabaranov/go-openai"

	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/summarize"
)

// inputLine is one line of a batch input file, as OpenAI documents it:
// {"custom_id", "method", "url", "body"}.
// https://platform.openai.com/docs/api-reference/batch/request-input
type inputLine struct {
	CustomID string          `json:"custom_id"`
	Method   string          `json:"method"`
	URL      string          `json:"url"`
	Body     json.RawMessage `json:"body"`
}

func encodeLine(r cache.BatchRequest) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(inputLine{CustomID: r.Key.String(), Method: "POST", URL: Endpoint, Body: r.Body}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil // one line, ending in "\n"
}

// file is one input file in the making.
type file struct {
	keys []cache.Key
	data []byte
}

// pack splits requests into files of at most maxLines lines and maxBytes
// bytes.
func pack(rs []cache.BatchRequest, maxLines, maxBytes int) ([]file, error) {
	var (
		out []file
		cur file
	)
	for _, r := range rs {
		line, err := encodeLine(r)
		if err != nil {
			return nil, err
		}
		if len(line) > maxBytes {
			return nil, fmt.Errorf("a %s request of %d bytes is larger than a batch file may be (%d bytes)", r.Step, len(line), maxBytes)
		}
		if len(cur.keys) > 0 && (len(cur.keys) >= maxLines || len(cur.data)+len(line) > maxBytes) {
			out = append(out, cur)
			cur = file{}
		}
		cur.keys = append(cur.keys, r.Key)
		cur.data = append(cur.data, line...)
	}
	if len(cur.keys) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

// SubmitReport says what Submit sent.
type SubmitReport struct {
	Batches  int            // batches created
	Requests int            // requests in them
	Steps    map[string]int // requests by pipeline step
}

// Submit sends the requests the last pass reached that are waiting, as
// batches of at most MaxLines requests and MaxBytes bytes. A job is
// recorded before its upload and updated after the upload and after the
// batch is created, so a kill at any point loses nothing and a rerun
// sends nothing twice. When the provider refuses an upload or a batch
// (a quota or queue limit), the requests not sent stay waiting and the
// error is returned with what was sent.
func (e *Engine) Submit(ctx context.Context) (SubmitReport, error) {
	rep := SubmitReport{Steps: map[string]int{}}
	if e.opt.API == nil {
		return rep, fmt.Errorf("submit: no batch API configured")
	}
	if err := e.recover(ctx); err != nil {
		return rep, err
	}
	// Exported requests go too: the user switched to the Batch API.
	rs, err := e.reached(ctx, cache.BatchPending, cache.BatchExported)
	if err != nil {
		return rep, err
	}
	files, err := pack(rs, e.opt.MaxLines, e.opt.MaxBytes)
	if err != nil {
		return rep, err
	}
	steps := map[cache.Key]string{}
	for _, r := range rs {
		steps[r.Key] = r.Step
	}
	for _, f := range files {
		if err := e.submitFile(ctx, f); err != nil {
			return rep, err
		}
		rep.Batches++
		rep.Requests += len(f.keys)
		for _, k := range f.keys {
			rep.Steps[steps[k]]++
		}
	}
	return rep, nil
}

func (e *Engine) submitFile(ctx context.Context, f file) error {
	st := e.opt.Store
	// Store writes must land even when ctx ends after the provider acted.
	keep := context.WithoutCancel(ctx)
	id, err := st.NewBatchJob(keep, e.opt.Scope, f.keys)
	if err != nil {
		return err
	}
	j := cache.BatchJob{ID: id, Scope: e.opt.Scope, Status: "uploading", Requests: len(f.keys)}
	up, err := e.opt.API.CreateFileBytes(ctx, openai.FileBytesRequest{
		Name: "brief-" + strconv.FormatInt(id, 10) + ".jsonl", Bytes: f.data, Purpose: openai.PurposeBatch,
	})
	if err != nil {
		if rerr := st.ReleaseBatchJob(keep, id); rerr != nil {
			return rerr
		}
		return fmt.Errorf("uploading a batch file: %w", apiError(err))
	}
	j.FileID, j.Status = up.ID, "creating"
	if err := st.UpdateBatchJob(keep, j); err != nil {
		return err
	}
	return e.create(ctx, &j)
}

// create makes the batch for a job whose file is uploaded.
func (e *Engine) create(ctx context.Context, j *cache.BatchJob) error {
	keep := context.WithoutCancel(ctx)
	b, err := e.opt.API.CreateBatch(ctx, openai.CreateBatchRequest{
		InputFileID:      j.FileID,
		Endpoint:         openai.BatchEndpointChatCompletions,
		CompletionWindow: "24h",
		Metadata:         map[string]any{"brief_job": strconv.FormatInt(j.ID, 10)},
	})
	if err != nil {
		err = apiError(err)
		var ae *summarize.APIError
		if errors.As(err, &ae) && ae.Status >= 400 && ae.Status < 500 {
			// Refused: no batch exists; the requests wait for a later try.
			if rerr := e.opt.Store.ReleaseBatchJob(keep, j.ID); rerr != nil {
				return rerr
			}
		}
		// Otherwise the batch may exist (a lost answer): the job stays
		// "creating", and recover finds the batch by its file or makes it.
		return fmt.Errorf("creating a batch: %w", err)
	}
	j.BatchID, j.Status = b.ID, b.Status
	return e.opt.Store.UpdateBatchJob(keep, *j)
}

// Export writes the requests the last pass reached that have no answer
// (and are not in a provider's batch) as batch input lines to w, and marks
// them exported. It returns how many, by step.
func (e *Engine) Export(ctx context.Context, w io.Writer) (map[string]int, error) {
	rs, err := e.reached(ctx, cache.BatchPending, cache.BatchExported)
	if err != nil {
		return nil, err
	}
	steps := map[string]int{}
	keys := make([]cache.Key, 0, len(rs))
	for _, r := range rs {
		line, err := encodeLine(r)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(line); err != nil {
			return nil, err
		}
		keys = append(keys, r.Key)
		steps[r.Step]++
	}
	return steps, e.opt.Store.SetBatchState(ctx, keys, cache.BatchExported)
}
