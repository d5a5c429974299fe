package openaitest

// The Batch API: /v1/files and /v1/batches, as OpenAI documents them.
//
// Sources:
//   - Files: https://platform.openai.com/docs/api-reference/files (upload
//     is multipart with "purpose" and "file"; the file object has id,
//     object "file", bytes, created_at, filename, purpose, status).
//   - Batches: https://platform.openai.com/docs/api-reference/batch (create
//     with input_file_id, endpoint, completion_window "24h", metadata;
//     retrieve, cancel, list newest first with limit/after and has_more;
//     the batch object and its statuses validating, failed, in_progress,
//     finalizing, completed, expired, cancelling, cancelled; errors.data
//     with code, message, param, line; request_counts).
//   - Input lines {"custom_id","method","url","body"} and output/error
//     lines {"id","custom_id","response":{"status_code","request_id",
//     "body"},"error"}: https://platform.openai.com/docs/api-reference/batch/request-input
//     and /request-output; at most 50,000 lines and 200 MB per file.
//   - Expiry: "unfinished requests within that batch are cancelled, and any
//     responses to completed requests are made available via the batch's
//     output file"; the unfinished ones are in the error file with code
//     "batch_expired": https://platform.openai.com/docs/guides/batch
//   - Failed lines land in the error file (error_file_id), successful ones
//     in the output file (output_file_id), in no guaranteed order (the
//     guide; /work/shared/facts/servers.md).
//
// Time is the handler's clock (Config.Now) plus a virtual offset that
// BatchConfig.TimeStep advances on every batch retrieve or list, so that
// tests run a batch through its statuses without waiting.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// BatchConfig describes how the fake runs batches. The zero value runs
// every batch to completion after a minute validating, ten in progress and
// a minute finalizing, on the virtual clock.
type BatchConfig struct {
	// Validating, InProgress and Finalizing are how long a batch spends in
	// each status (defaults 1m, 10m, 1m).
	Validating Duration `json:"validating,omitempty"`
	InProgress Duration `json:"in_progress,omitempty"`
	Finalizing Duration `json:"finalizing,omitempty"`
	// TimeStep advances the virtual clock on every batch retrieve and list
	// (0: the clock is Config.Now alone).
	TimeStep Duration `json:"time_step,omitempty"`
	// LineFailRate is the share of lines, chosen by a hash of their
	// custom_id and Seed, that fail with a 500 in the error file the first
	// time they are sent; sent again, they succeed.
	LineFailRate float64 `json:"line_fail_rate,omitempty"`
	// Expire lists batches (1-based, in creation order) that expire: half
	// their lines are answered, the rest are in the error file with code
	// "batch_expired".
	Expire []int `json:"expire,omitempty"`
	// FailValidation lists batches that fail validation at their last line
	// with "invalid_request"; real validation errors (bad JSON, a wrong
	// url, duplicate custom_id, too many lines) fail any batch.
	FailValidation []int `json:"fail_validation,omitempty"`
	// QueueLimit, when positive, is how many lines may sit in unfinished
	// batches; a batch that would pass it fails with
	// "token_limit_exceeded", as OpenAI's enqueued-token limit does.
	QueueLimit int `json:"queue_limit,omitempty"`
	// LoseOutput lists batches whose output file is gone (404) when
	// downloaded; MangleOutput lists batches whose output file has a
	// broken line first.
	LoseOutput   []int `json:"lose_output,omitempty"`
	MangleOutput []int `json:"mangle_output,omitempty"`
}

// BatchStats counts what the Batch API endpoints saw.
type BatchStats struct {
	Files       int `json:"files"`
	Batches     int `json:"batches"`
	Lines       int `json:"lines"`        // input lines in created batches
	Answered    int `json:"answered"`     // lines answered with 200
	FailedLines int `json:"failed_lines"` // lines in error files
	Expired     int `json:"expired"`      // batches that expired
	Retrieves   int `json:"retrieves"`
	// Resubmitted counts lines whose custom_id was in an earlier batch
	// that went in progress: a client that retries only failed lines has
	// as many as there were failed lines.
	Resubmitted int `json:"resubmitted"`
	// PromptTokens and CompletionTokens sum the answered lines' usage.
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

type fakeFile struct {
	ID       string `json:"id"`
	Object   string `json:"object"`
	Bytes    int    `json:"bytes"`
	Created  int64  `json:"created_at"`
	Filename string `json:"filename"`
	Purpose  string `json:"purpose"`
	Status   string `json:"status"`
	data     []byte
}

type batchError struct {
	Code    string  `json:"code"`
	Message string  `json:"message"`
	Param   *string `json:"param"`
	Line    *int    `json:"line"`
}

type fakeBatch struct {
	ID               string            `json:"id"`
	Object           string            `json:"object"`
	Endpoint         string            `json:"endpoint"`
	Errors           *batchErrors      `json:"errors"`
	InputFileID      string            `json:"input_file_id"`
	CompletionWindow string            `json:"completion_window"`
	Status           string            `json:"status"`
	OutputFileID     *string           `json:"output_file_id"`
	ErrorFileID      *string           `json:"error_file_id"`
	CreatedAt        int64             `json:"created_at"`
	InProgressAt     *int64            `json:"in_progress_at"`
	ExpiresAt        int64             `json:"expires_at"`
	FinalizingAt     *int64            `json:"finalizing_at"`
	CompletedAt      *int64            `json:"completed_at"`
	FailedAt         *int64            `json:"failed_at"`
	ExpiredAt        *int64            `json:"expired_at"`
	CancellingAt     *int64            `json:"cancelling_at"`
	CancelledAt      *int64            `json:"cancelled_at"`
	RequestCounts    batchCounts       `json:"request_counts"`
	Metadata         map[string]string `json:"metadata"`

	ord     int       // 1-based creation order
	created time.Time // virtual
	lines   []batchLine
	done    bool // output produced
}

type batchErrors struct {
	Object string       `json:"object"`
	Data   []batchError `json:"data"`
}

type batchCounts struct {
	Total     int `json:"total"`
	Completed int `json:"completed"`
	Failed    int `json:"failed"`
}

type batchLine struct {
	CustomID string          `json:"custom_id"`
	Method   string          `json:"method"`
	URL      string          `json:"url"`
	Body     json.RawMessage `json:"body"`
}

// batchState is the handler's files and batches.
type batchState struct {
	mu      sync.Mutex
	files   map[string]*fakeFile
	batches []*fakeBatch
	offset  time.Duration  // the virtual clock's advance
	sent    map[string]int // times each custom_id was in a created batch
	stats   BatchStats
}

func (h *Handler) batchState() *batchState {
	h.batchOnce.Do(func() {
		h.batch = &batchState{files: map[string]*fakeFile{}, sent: map[string]int{}}
	})
	return h.batch
}

// BatchStats returns a snapshot of the Batch API counters.
func (h *Handler) BatchStats() BatchStats {
	b := h.batchState()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stats
}

// AdvanceClock moves the Batch API's virtual clock forward by d.
func (h *Handler) AdvanceClock(d time.Duration) {
	b := h.batchState()
	b.mu.Lock()
	b.offset += d
	b.mu.Unlock()
}

func (h *Handler) vnow(b *batchState) time.Time { return h.cfg.now().Add(b.offset) }

// serveBatchAPI answers /files… and /batches…; path has no /v1.
func (h *Handler) serveBatchAPI(w http.ResponseWriter, r *http.Request, path string) {
	if !h.authorize(w, r) {
		return
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case parts[0] == "files" && len(parts) == 1 && r.Method == http.MethodPost:
		h.uploadFile(w, r)
	case parts[0] == "files" && len(parts) == 2 && r.Method == http.MethodGet:
		h.getFile(w, parts[1], false)
	case parts[0] == "files" && len(parts) == 3 && parts[2] == "content" && r.Method == http.MethodGet:
		h.getFile(w, parts[1], true)
	case parts[0] == "batches" && len(parts) == 1 && r.Method == http.MethodPost:
		h.createBatch(w, r)
	case parts[0] == "batches" && len(parts) == 1 && r.Method == http.MethodGet:
		h.listBatches(w, r)
	case parts[0] == "batches" && len(parts) == 2 && r.Method == http.MethodGet:
		h.retrieveBatch(w, parts[1])
	case parts[0] == "batches" && len(parts) == 3 && parts[2] == "cancel" && r.Method == http.MethodPost:
		h.cancelBatch(w, parts[1])
	default:
		h.writeError(w, errInvalidURL(r.Method, r.URL.Path))
	}
}

func (h *Handler) uploadFile(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		h.writeError(w, invalidRequest(400, "Invalid multipart form: "+err.Error(), "file", ""))
		return
	}
	purpose := r.FormValue("purpose")
	switch purpose {
	case "batch", "fine-tune", "assistants", "vision", "user_data", "evals":
	case "":
		h.writeError(w, errMissingParam("purpose"))
		return
	default:
		h.writeError(w, invalidRequest(400, fmt.Sprintf("'%s' is not one of ['fine-tune', 'assistants', 'batch', 'user_data', 'vision', 'evals'] - 'purpose'", purpose), "purpose", ""))
		return
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		h.writeError(w, errMissingParam("file"))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 200<<20+1))
	if err != nil {
		h.writeError(w, errBadJSON())
		return
	}
	if len(data) > 200<<20 {
		h.writeError(w, invalidRequest(400, "File is too large; a batch input file may be up to 200 MB.", "file", ""))
		return
	}
	b := h.batchState()
	b.mu.Lock()
	b.stats.Files++
	ff := &fakeFile{ID: fmt.Sprintf("file-%024d", len(b.files)+1), Object: "file", Bytes: len(data),
		Created: h.vnow(b).Unix(), Filename: fh.Filename, Purpose: purpose, Status: "processed", data: data}
	b.files[ff.ID] = ff
	b.mu.Unlock()
	h.writeJSON(w, ff)
}

func (h *Handler) getFile(w http.ResponseWriter, id string, content bool) {
	b := h.batchState()
	b.mu.Lock()
	f, ok := b.files[id]
	b.mu.Unlock()
	if !ok {
		h.writeError(w, &apiError{status: 404, message: fmt.Sprintf("No such File object: %s", id), typ: "invalid_request_error", param: "id"})
		return
	}
	if !content {
		h.writeJSON(w, f)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(f.data)
}

func (h *Handler) createBatch(w http.ResponseWriter, r *http.Request) {
	var req struct {
		InputFileID      string            `json:"input_file_id"`
		Endpoint         string            `json:"endpoint"`
		CompletionWindow string            `json:"completion_window"`
		Metadata         map[string]string `json:"metadata"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		h.writeError(w, errBadJSON())
		return
	}
	switch {
	case req.InputFileID == "":
		h.writeError(w, errMissingParam("input_file_id"))
		return
	case req.Endpoint != "/v1/chat/completions" && req.Endpoint != "/v1/completions" && req.Endpoint != "/v1/embeddings" && req.Endpoint != "/v1/responses":
		h.writeError(w, invalidRequest(400, fmt.Sprintf("Invalid value: '%s'. Supported values are: '/v1/chat/completions', '/v1/completions', '/v1/embeddings' and '/v1/responses'.", req.Endpoint), "endpoint", "invalid_value"))
		return
	case req.CompletionWindow != "24h":
		h.writeError(w, invalidRequest(400, fmt.Sprintf("Invalid value: '%s'. Supported values are: '24h'.", req.CompletionWindow), "completion_window", "invalid_value"))
		return
	}
	b := h.batchState()
	b.mu.Lock()
	defer b.mu.Unlock()
	f, ok := b.files[req.InputFileID]
	if !ok {
		h.writeError(w, &apiError{status: 404, message: fmt.Sprintf("No such File object: %s", req.InputFileID), typ: "invalid_request_error", param: "input_file_id"})
		return
	}
	if f.Purpose != "batch" {
		h.writeError(w, invalidRequest(400, "The input file must be uploaded with purpose 'batch'.", "input_file_id", ""))
		return
	}
	now := h.vnow(b)
	bt := &fakeBatch{
		ID: fmt.Sprintf("batch_%024d", len(b.batches)+1), Object: "batch", Endpoint: req.Endpoint,
		InputFileID: req.InputFileID, CompletionWindow: "24h", Status: "validating",
		CreatedAt: now.Unix(), ExpiresAt: now.Add(24 * time.Hour).Unix(), Metadata: req.Metadata,
		ord: len(b.batches) + 1, created: now,
	}
	b.batches = append(b.batches, bt)
	b.stats.Batches++
	h.advance(b, bt)
	h.writeJSON(w, bt)
}

func (h *Handler) findBatch(b *batchState, id string) *fakeBatch {
	for _, bt := range b.batches {
		if bt.ID == id {
			return bt
		}
	}
	return nil
}

func (h *Handler) errNoBatch(id string) *apiError {
	return &apiError{status: 404, message: fmt.Sprintf("No batch found with id '%s'.", id), typ: "invalid_request_error", param: "batch_id"}
}

func (h *Handler) retrieveBatch(w http.ResponseWriter, id string) {
	b := h.batchState()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.offset += h.cfg.Batch.TimeStep.D()
	b.stats.Retrieves++
	bt := h.findBatch(b, id)
	if bt == nil {
		h.writeError(w, h.errNoBatch(id))
		return
	}
	h.advance(b, bt)
	h.writeJSON(w, bt)
}

func (h *Handler) listBatches(w http.ResponseWriter, r *http.Request) {
	b := h.batchState()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.offset += h.cfg.Batch.TimeStep.D()
	limit := 20
	if v, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && v >= 1 && v <= 100 {
		limit = v
	}
	after := r.URL.Query().Get("after")
	list := struct {
		Object  string       `json:"object"`
		Data    []*fakeBatch `json:"data"`
		FirstID *string      `json:"first_id"`
		LastID  *string      `json:"last_id"`
		HasMore bool         `json:"has_more"`
	}{Object: "list", Data: []*fakeBatch{}}
	started := after == ""
	for i := len(b.batches) - 1; i >= 0; i-- { // newest first
		bt := b.batches[i]
		if !started {
			started = bt.ID == after
			continue
		}
		if len(list.Data) == limit {
			list.HasMore = true
			break
		}
		h.advance(b, bt)
		list.Data = append(list.Data, bt)
	}
	if n := len(list.Data); n > 0 {
		list.FirstID, list.LastID = &list.Data[0].ID, &list.Data[n-1].ID
	}
	h.writeJSON(w, list)
}

func (h *Handler) cancelBatch(w http.ResponseWriter, id string) {
	b := h.batchState()
	b.mu.Lock()
	defer b.mu.Unlock()
	bt := h.findBatch(b, id)
	if bt == nil {
		h.writeError(w, h.errNoBatch(id))
		return
	}
	h.advance(b, bt)
	switch bt.Status {
	case "validating", "in_progress", "finalizing":
		t := h.vnow(b).Unix()
		bt.Status, bt.CancellingAt = "cancelling", &t
	case "cancelling":
	default:
		h.writeError(w, invalidRequest(409, fmt.Sprintf("Cannot cancel a batch with status '%s'.", bt.Status), "", ""))
		return
	}
	h.writeJSON(w, bt)
}

func (c BatchConfig) durations() (v, p, f time.Duration) {
	v, p, f = c.Validating.D(), c.InProgress.D(), c.Finalizing.D()
	if v <= 0 {
		v = time.Minute
	}
	if p <= 0 {
		p = 10 * time.Minute
	}
	if f <= 0 {
		f = time.Minute
	}
	return v, p, f
}

// advance brings a batch's status up to the virtual clock.
func (h *Handler) advance(b *batchState, bt *fakeBatch) {
	cfg := h.cfg.Batch
	v, p, f := cfg.durations()
	now := h.vnow(b)
	at := func(d time.Duration) *int64 { t := bt.created.Add(d).Unix(); return &t }
	if bt.Status == "validating" && !now.Before(bt.created.Add(v)) {
		if errs := h.validateBatch(b, bt); len(errs) > 0 {
			bt.Status, bt.FailedAt = "failed", at(v)
			bt.Errors = &batchErrors{Object: "list", Data: errs}
			return
		}
		bt.Status, bt.InProgressAt = "in_progress", at(v)
		bt.RequestCounts.Total = len(bt.lines)
		for _, l := range bt.lines {
			if b.sent[l.CustomID] > 0 {
				b.stats.Resubmitted++
			}
			b.sent[l.CustomID]++
		}
		b.stats.Lines += len(bt.lines)
	}
	if bt.Status == "cancelling" {
		// Cancellation takes effect at the next look; what has run stays.
		bt.Status, bt.CancelledAt = "cancelled", at(now.Sub(bt.created))
		h.finish(b, bt, 0)
		return
	}
	if bt.Status == "in_progress" {
		share := min(1, float64(now.Sub(bt.created.Add(v)))/float64(p))
		bt.RequestCounts.Completed = int(share * float64(len(bt.lines)))
		if !now.Before(bt.created.Add(v + p)) {
			if slices.Contains(cfg.Expire, bt.ord) {
				bt.Status, bt.ExpiredAt = "expired", at(v+p)
				h.finish(b, bt, len(bt.lines)/2)
				b.stats.Expired++
				return
			}
			bt.Status, bt.FinalizingAt = "finalizing", at(v+p)
		}
	}
	if bt.Status == "finalizing" && !now.Before(bt.created.Add(v+p+f)) {
		bt.Status, bt.CompletedAt = "completed", at(v+p+f)
		h.finish(b, bt, len(bt.lines))
	}
}

// validateBatch parses the input file as OpenAI's validation does and
// returns its errors, with 1-based line numbers.
func (h *Handler) validateBatch(b *batchState, bt *fakeBatch) []batchError {
	cfg := h.cfg.Batch
	f := b.files[bt.InputFileID]
	lineErr := func(n int, code, msg string) []batchError {
		return []batchError{{Code: code, Message: msg, Line: &n}}
	}
	raw := bytes.Split(bytes.TrimRight(f.data, "\n"), []byte("\n"))
	if len(raw) > 50000 {
		return []batchError{{Code: "too_many_requests", Message: "The input file has more than the 50,000 requests a batch may hold."}}
	}
	seen := map[string]bool{}
	model := ""
	var lines []batchLine
	for i, l := range raw {
		n := i + 1
		var bl batchLine
		if err := json.Unmarshal(l, &bl); err != nil {
			return lineErr(n, "invalid_json_line", "This line is not parseable as valid JSON.")
		}
		if bl.CustomID == "" || len(bl.CustomID) > 64 {
			return lineErr(n, "invalid_request", "custom_id must be a string of 1 to 64 characters.")
		}
		if seen[bl.CustomID] {
			return lineErr(n, "duplicate_custom_id", "The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.")
		}
		seen[bl.CustomID] = true
		if bl.Method != "POST" {
			return lineErr(n, "invalid_method", "The method for this request must be POST.")
		}
		if bl.URL != bt.Endpoint {
			return lineErr(n, "mismatched_endpoint", fmt.Sprintf("The endpoint for this request ('%s') does not match the batch's endpoint ('%s').", bl.URL, bt.Endpoint))
		}
		var body struct {
			Model string `json:"model"`
		}
		if json.Unmarshal(bl.Body, &body) != nil || body.Model == "" {
			return lineErr(n, "missing_required_parameter", "The body of this request must be a JSON object with a model.")
		}
		if model != "" && body.Model != model {
			return lineErr(n, "mismatched_model", "The provided model does not match the model of other requests in this batch; a batch uses one model.")
		}
		model = body.Model
		if !h.cfg.modelAllowed(model) {
			return lineErr(n, "model_not_found", fmt.Sprintf("The model '%s' does not exist or you do not have access to it.", model))
		}
		lines = append(lines, bl)
	}
	if slices.Contains(cfg.FailValidation, bt.ord) {
		return lineErr(len(raw), "invalid_request", "This line is not a valid request.")
	}
	if cfg.QueueLimit > 0 {
		queued := 0
		for _, o := range b.batches {
			if o != bt && (o.Status == "in_progress" || o.Status == "finalizing") {
				queued += len(o.lines)
			}
		}
		if queued+len(lines) > cfg.QueueLimit {
			return []batchError{{Code: "token_limit_exceeded", Message: fmt.Sprintf("Enqueued token limit reached for %s in organization org-openaitest. Limit: %d enqueued requests. Please try submitting an equal or smaller batch later.", model, cfg.QueueLimit)}}
		}
	}
	bt.lines = lines
	return nil
}

// finish writes the output and error files: the first n lines run, the
// rest did not (expired or cancelled).
func (h *Handler) finish(b *batchState, bt *fakeBatch, n int) {
	if bt.done {
		return
	}
	bt.done = true
	cfg := h.cfg.Batch
	var out, errs bytes.Buffer
	if slices.Contains(cfg.MangleOutput, bt.ord) {
		out.WriteString("{\"id\": \"batch_req_mangled\", \"custom_id\": \n")
	}
	write := func(buf *bytes.Buffer, v any) {
		line, _ := json.Marshal(v)
		buf.Write(line)
		buf.WriteByte('\n')
	}
	type resp struct {
		StatusCode int             `json:"status_code"`
		RequestID  string          `json:"request_id"`
		Body       json.RawMessage `json:"body"`
	}
	type lineErr struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	type outLine struct {
		ID       string   `json:"id"`
		CustomID string   `json:"custom_id"`
		Response *resp    `json:"response"`
		Error    *lineErr `json:"error"`
	}
	completed, failed := 0, 0
	for i, l := range bt.lines {
		id := fmt.Sprintf("batch_req_%s_%06d", strings.TrimPrefix(bt.ID, "batch_")[16:], i+1)
		rid := fmt.Sprintf("req_%032x", hash64(bt.ID, l.CustomID))
		if i >= n {
			code, msg := "batch_expired", "This request could not be executed before the completion window expired."
			if bt.Status == "cancelled" {
				code, msg = "batch_cancelled", "This request was not executed because the batch was cancelled."
			}
			write(&errs, outLine{ID: id, CustomID: l.CustomID, Error: &lineErr{Code: code, Message: msg}})
			failed++
			continue
		}
		if cfg.LineFailRate > 0 && b.sent[l.CustomID] == 1 &&
			float64(hash64(strconv.FormatUint(h.cfg.Seed, 10), l.CustomID)%1_000_000) < cfg.LineFailRate*1_000_000 {
			body := marshalCompact(openAIErrorBody{Error: openAIErrorInner{
				Message: "The server had an error while processing your request. Sorry about that!", Type: "server_error"}})
			write(&errs, outLine{ID: id, CustomID: l.CustomID, Response: &resp{StatusCode: 500, RequestID: rid, Body: body}})
			failed++
			continue
		}
		status, body, pt, ct := h.answerLine(l.Body)
		if status == http.StatusOK {
			write(&out, outLine{ID: id, CustomID: l.CustomID, Response: &resp{StatusCode: 200, RequestID: rid, Body: body}})
			completed++
			b.stats.PromptTokens += pt
			b.stats.CompletionTokens += ct
			continue
		}
		write(&errs, outLine{ID: id, CustomID: l.CustomID, Response: &resp{StatusCode: status, RequestID: rid, Body: body}})
		failed++
	}
	b.stats.Answered += completed
	b.stats.FailedLines += failed
	bt.RequestCounts = batchCounts{Total: len(bt.lines), Completed: completed, Failed: failed}
	save := func(buf *bytes.Buffer, name string) *string {
		if buf.Len() == 0 {
			return nil
		}
		f := &fakeFile{ID: fmt.Sprintf("file-%024d", len(b.files)+1), Object: "file", Bytes: buf.Len(),
			Created: h.vnow(b).Unix(), Filename: name, Purpose: "batch_output", Status: "processed", data: buf.Bytes()}
		b.files[f.ID] = f
		return &f.ID
	}
	bt.OutputFileID = save(&out, bt.ID+"_output.jsonl")
	bt.ErrorFileID = save(&errs, bt.ID+"_error.jsonl")
	if slices.Contains(cfg.LoseOutput, bt.ord) && bt.OutputFileID != nil {
		delete(b.files, *bt.OutputFileID)
	}
}

// answerLine answers one batch line's body as the chat endpoint would,
// without rate limits, faults or latency (a batch has its own queue), and
// without counting it as a synchronous request. It returns the status, the
// compact JSON body and the usage.
func (h *Handler) answerLine(body json.RawMessage) (int, json.RawMessage, int, int) {
	rec := httptest.NewRecorder()
	c := &call{h: h, w: rec, r: httptest.NewRequest(http.MethodPost, "/v1/chat/completions", nil), logIdx: -1}
	var ans answer
	status := func() int {
		if err := json.Unmarshal(body, &c.req); err != nil {
			return c.fail(errBadJSON())
		}
		c.req.Stream, c.req.StreamOptions = false, nil
		if c.req.Messages != nil {
			for _, m := range *c.req.Messages {
				c.msgs = append(c.msgs, Message{Role: m.Role, Content: m.text(), Name: m.Name})
			}
		}
		p, e := c.validate()
		if e != nil {
			return c.fail(e)
		}
		ans = c.answer(p)
		return c.respond(ans)
	}()
	var buf bytes.Buffer
	if err := json.Compact(&buf, rec.Body.Bytes()); err != nil {
		buf.Reset()
		buf.Write(marshalCompact(map[string]string{"error": rec.Body.String()}))
	}
	if status != http.StatusOK {
		return status, buf.Bytes(), 0, 0
	}
	return status, buf.Bytes(), ans.prompt, ans.completion
}

// AnswerBatchFile answers a batch input file offline with h's fake model
// and writes the output lines, as vLLM's run_batch does
// (python -m vllm.entrypoints.openai.run_batch -i in.jsonl -o out.jsonl):
// one line per request, with the response or the error. No request is
// counted as synchronous.
func AnswerBatchFile(h *Handler, in io.Reader, out io.Writer) error {
	data, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for i, raw := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		var l batchLine
		if err := json.Unmarshal(raw, &l); err != nil {
			return fmt.Errorf("line %d: %w", i+1, err)
		}
		status, body, _, _ := h.answerLine(l.Body)
		line := map[string]any{
			"id":        fmt.Sprintf("vllm-%016x", hash64(l.CustomID)),
			"custom_id": l.CustomID,
			"response":  map[string]any{"status_code": status, "request_id": fmt.Sprintf("vllm-batch-%016x", hash64("r", l.CustomID)), "body": body},
			"error":     nil,
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}
