package openaitest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is a started fake on a loopback httptest server.
type Server struct {
	*Handler
	ts *httptest.Server
}

// NewServer starts a fake server. It panics if cfg is invalid, as
// httptest does on failure to listen; call cfg.Validate or ParseConfig
// first to handle that as an error.
func NewServer(cfg Config) *Server {
	h, err := NewHandler(cfg)
	if err != nil {
		panic(err)
	}
	return &Server{Handler: h, ts: httptest.NewServer(h)}
}

// URL is the API base URL including "/v1", ready for OPENAI_BASE_URL or
// go-openai's ClientConfig.BaseURL.
func (s *Server) URL() string { return s.ts.URL + "/v1" }

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close releases hanging requests and shuts the server down.
func (s *Server) Close() {
	s.Handler.Close()
	s.ts.CloseClientConnections()
	s.ts.Close()
}

// Handler is the fake API as an http.Handler, for use without httptest.
// It is safe for concurrent use.
type Handler struct {
	cfg   Config
	style Style
	lim   *limiter
	fault *faultPlan

	done      chan struct{}
	closeOnce sync.Once

	batchOnce sync.Once
	batch     *batchState // the Batch API's files and batches (batch.go)

	mu       sync.Mutex
	stats    Stats
	log      []Request
	inFlight int
}

// NewHandler returns a handler for cfg.
func NewHandler(cfg Config) (*Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	encoding() // load the ranks now, not inside the first request's deadline
	cfg.Models = slices.Clone(cfg.Models)
	cfg.Faults = slices.Clone(cfg.Faults)
	cfg.FaultKinds = slices.Clone(cfg.FaultKinds)
	cfg.ResponseFormats = slices.Clone(cfg.ResponseFormats)
	return &Handler{
		cfg:   cfg,
		style: cfg.style(),
		lim:   newLimiter(cfg),
		fault: newFaultPlan(cfg),
		done:  make(chan struct{}),
		stats: Stats{ByStatus: map[int]int{}},
	}, nil
}

// Close ends every request that is hanging or stalled on purpose. The
// handler keeps serving afterwards, but injected hangs return at once.
func (h *Handler) Close() {
	h.closeOnce.Do(func() { close(h.done) })
}

// Stats counts what the handler has seen.
type Stats struct {
	// Requests is the number of chat completion requests received.
	Requests int `json:"requests"`
	// ByStatus counts chat completion responses by HTTP status; 499 means
	// the client gave up before an answer was sent.
	ByStatus map[int]int `json:"by_status"`
	// PromptTokens and CompletionTokens sum the usage of answered requests.
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	// RateLimited counts 429 answers of any cause.
	RateLimited int `json:"rate_limited"`
	// Faults counts injected faults (not "ok").
	Faults int `json:"faults"`
	// MaxInFlight is the largest number of chat requests handled at once.
	MaxInFlight int `json:"max_in_flight"`
	// ChargedTokens sums what admitted requests were charged against the
	// TPM limit (prompt plus completion budget), when a limit is set.
	ChargedTokens int `json:"charged_tokens"`
}

// Stats returns a snapshot of the counters.
func (h *Handler) Stats() Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.stats
	s.ByStatus = maps.Clone(h.stats.ByStatus)
	return s
}

// Request is one decoded chat completion request, as the client sent it,
// with what the server did about it.
type Request struct {
	// Seq is the 1-based arrival order among chat requests.
	Seq      int       `json:"seq"`
	Model    string    `json:"model"`
	Messages []Message `json:"messages"`
	// ResponseFormat is the response_format type, "" when absent.
	ResponseFormat string `json:"response_format,omitempty"`
	// SchemaName and Schema are the json_schema's name and schema.
	SchemaName string          `json:"schema_name,omitempty"`
	Schema     json.RawMessage `json:"schema,omitempty"`
	// MaxTokens and MaxCompletionTokens are nil when absent.
	MaxTokens           *int     `json:"max_tokens,omitempty"`
	MaxCompletionTokens *int     `json:"max_completion_tokens,omitempty"`
	Temperature         *float64 `json:"temperature,omitempty"`
	Stream              bool     `json:"stream,omitempty"`
	IncludeUsage        bool     `json:"include_usage,omitempty"`
	Stop                []string `json:"stop,omitempty"`
	// Authorization is the Authorization header as sent.
	Authorization string `json:"authorization,omitempty"`

	// Fault is the fault injected into the answer, "" for none.
	Fault FaultKind `json:"fault,omitempty"`
	// Status is the HTTP status answered (499: the client gave up first).
	Status           int    `json:"status"`
	PromptTokens     int    `json:"prompt_tokens,omitempty"`
	CompletionTokens int    `json:"completion_tokens,omitempty"`
	FinishReason     string `json:"finish_reason,omitempty"`
}

// Requests returns a copy of the request log, in arrival order.
func (h *Handler) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Request, len(h.log))
	for i, r := range h.log {
		r.Messages = slices.Clone(r.Messages)
		r.Stop = slices.Clone(r.Stop)
		r.Schema = slices.Clone(r.Schema)
		out[i] = r
	}
	return out
}

// ServeHTTP routes the API: POST /v1/chat/completions, GET /v1/models and
// GET /v1/models/{id}; the same paths without /v1 are accepted too.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimSuffix(r.URL.Path, "/")
	path = strings.TrimPrefix(path, "/v1")
	switch {
	case path == "/chat/completions" && r.Method == http.MethodPost:
		h.chat(w, r)
	case strings.HasPrefix(path, "/files") || strings.HasPrefix(path, "/batches"):
		h.serveBatchAPI(w, r, path)
	case path == "/models" && r.Method == http.MethodGet:
		if h.authorize(w, r) {
			h.models(w, "")
		}
	case strings.HasPrefix(path, "/models/") && r.Method == http.MethodGet:
		if h.authorize(w, r) {
			h.models(w, strings.TrimPrefix(path, "/models/"))
		}
	case path == "/props" && r.Method == http.MethodGet && h.style == StyleLlamaCpp:
		if h.authorize(w, r) {
			h.props(w)
		}
	case path == "/api/show" && r.Method == http.MethodPost && h.style == StyleOllama:
		h.ollamaShow(w, r)
	case (path == "/api/v0/models" || strings.HasPrefix(path, "/api/v0/models/")) && r.Method == http.MethodGet && h.style == StyleLMStudio:
		h.lmStudioModels(w, strings.TrimPrefix(strings.TrimPrefix(path, "/api/v0/models"), "/"))
	default:
		h.writeError(w, errInvalidURL(r.Method, r.URL.Path))
	}
}

func (h *Handler) modelIDs() []string {
	if len(h.cfg.Models) == 0 {
		return []string{"openaitest"}
	}
	return h.cfg.Models
}

func (h *Handler) models(w http.ResponseWriter, id string) {
	created := h.cfg.now().Unix()
	if id != "" {
		if !h.cfg.modelAllowed(id) {
			h.writeError(w, errModelNotFound(h.style, id))
			return
		}
		h.writeJSON(w, h.modelCard(id, created))
		return
	}
	list := modelList{Object: "list"}
	for _, m := range h.modelIDs() {
		list.Data = append(list.Data, h.modelCard(m, created))
	}
	h.writeJSON(w, list)
}

// modelCard is a model as the style's /v1/models lists it: vLLM adds
// max_model_len (vllm/entrypoints/openai/protocol.py, ModelCard);
// llama-server adds meta with n_ctx (the window per slot, -c over -np) and
// n_ctx_train (observed on a recent build, see servers.md).
func (h *Handler) modelCard(id string, created int64) modelCard {
	c := modelCard{ID: id, Object: "model", Created: created, OwnedBy: "openaitest"}
	switch h.style {
	case StyleVLLM, StyleVLLMLegacy:
		if h.cfg.ContextWindow > 0 {
			c.MaxModelLen = h.cfg.ContextWindow
		}
	case StyleLlamaCpp:
		if h.cfg.ContextWindow > 0 {
			c.Meta = &llamaModelMeta{NCtx: h.cfg.ContextWindow, NCtxTrain: h.cfg.modelLength(), NVocab: 128256}
		}
	}
	return c
}

// props answers llama-server's GET /props: default_generation_settings.n_ctx
// is the context of one slot (llama.cpp tools/server/README.md, "GET /props").
func (h *Handler) props(w http.ResponseWriter) {
	p := llamaProps{TotalSlots: 1, ModelPath: h.modelIDs()[0]}
	p.DefaultGenerationSettings.NCtx = h.cfg.ContextWindow
	h.writeJSON(w, p)
}

// ollamaShow answers Ollama's POST /api/show, at the server root and never
// under /v1 (ollama docs/api.md, "Show Model Information"): model_info
// holds "<arch>.context_length", the model's trained length; parameters is
// the Modelfile's PARAMETER lines as text, with num_ctx when it sets one.
func (h *Handler) ollamaShow(w http.ResponseWriter, r *http.Request) {
	var q struct {
		Model string `json:"model"`
		Name  string `json:"name"` // the older spelling
	}
	_ = json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&q)
	m := cmp.Or(q.Model, q.Name)
	if m == "" || !h.cfg.modelAllowed(m) {
		// Ollama: 404 {"error":"model 'x' not found"}.
		body, _ := json.Marshal(map[string]string{"error": fmt.Sprintf("model '%s' not found", m)})
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(body)
		return
	}
	params := "stop                           \"<|eot_id|>\""
	if !h.cfg.NoNumCtx && h.cfg.ContextWindow > 0 {
		params = fmt.Sprintf("num_ctx                        %d\n", h.cfg.ContextWindow) + params
	}
	info := map[string]any{"general.architecture": "llama", "general.parameter_count": 8030261248}
	if n := h.cfg.modelLength(); n > 0 {
		info["llama.context_length"] = n
	}
	h.writeJSON(w, map[string]any{
		"modelfile":  "FROM " + m,
		"parameters": params,
		"template":   "{{ .Prompt }}",
		"details":    map[string]any{"format": "gguf", "family": "llama", "parameter_size": "8.0B", "quantization_level": "Q4_K_M"},
		"model_info": info,
	})
}

// lmStudioModels answers LM Studio's GET /api/v0/models[/{id}]
// (https://lmstudio.ai/docs/developer/rest/endpoints): max_context_length
// per model.
func (h *Handler) lmStudioModels(w http.ResponseWriter, id string) {
	card := func(m string) lmStudioModel {
		return lmStudioModel{ID: m, Object: "model", Type: "llm", Publisher: "openaitest", Arch: "llama",
			CompatibilityType: "gguf", Quantization: "Q4_K_M", State: "loaded", MaxContextLength: h.cfg.modelLength()}
	}
	if id != "" {
		if !h.cfg.modelAllowed(id) {
			h.writeError(w, errModelNotFound(h.style, id))
			return
		}
		h.writeJSON(w, card(id))
		return
	}
	list := struct {
		Object string          `json:"object"`
		Data   []lmStudioModel `json:"data"`
	}{Object: "list"}
	for _, m := range h.modelIDs() {
		list.Data = append(list.Data, card(m))
	}
	h.writeJSON(w, list)
}

// authorize checks the bearer key; on failure it has answered.
func (h *Handler) authorize(w http.ResponseWriter, r *http.Request) bool {
	if e := h.authError(r); e != nil {
		h.writeError(w, e)
		return false
	}
	return true
}

func (h *Handler) authError(r *http.Request) *apiError {
	if h.cfg.APIKey == "" {
		return nil
	}
	auth := r.Header.Get("Authorization")
	scheme, key, ok := strings.Cut(auth, " ")
	if auth == "" || !ok || !strings.EqualFold(scheme, "Bearer") {
		return errMissingAuth(h.style)
	}
	if key = strings.TrimSpace(key); key != h.cfg.APIKey {
		return errInvalidAPIKey(h.style, key)
	}
	return nil
}

// maxBody bounds a request body; real servers refuse far less.
const maxBody = 64 << 20

// call is one chat request on its way through the handler.
type call struct {
	h       *Handler
	w       http.ResponseWriter
	r       *http.Request
	seq     int
	logIdx  int // index in h.log, -1 before logging
	req     chatRequest
	msgs    []Message
	fault   Fault
	headers http.Header // x-ratelimit-* for the answer
	status  int         // the status answered, 499 if the client left first
}

func (h *Handler) chat(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.stats.Requests++
	seq := h.stats.Requests
	h.inFlight++
	h.stats.MaxInFlight = max(h.stats.MaxInFlight, h.inFlight)
	h.mu.Unlock()

	c := &call{h: h, w: w, r: r, seq: seq, logIdx: -1}
	// Deferred so that answers cut off with http.ErrAbortHandler count too.
	defer func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.inFlight--
		h.stats.ByStatus[c.status]++
		if c.status == http.StatusTooManyRequests {
			h.stats.RateLimited++
		}
		if c.logIdx >= 0 {
			h.log[c.logIdx].Status = c.status
		}
	}()
	c.status = c.serve()
}

// serve answers the call and returns the status it sent.
func (c *call) serve() int {
	h := c.h
	if e := h.authError(c.r); e != nil {
		return c.fail(e)
	}
	body, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	if err != nil && c.r.Context().Err() != nil {
		// The client hung up while sending (a run that restarts cancels
		// its requests): nobody reads an answer, so it is no refusal.
		return 499
	}
	if err != nil {
		return c.fail(errBadJSON())
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&c.req); err != nil {
		return c.fail(errBadJSON())
	}
	if c.req.Messages != nil {
		for _, m := range *c.req.Messages {
			c.msgs = append(c.msgs, Message{Role: m.Role, Content: m.text(), Name: m.Name})
		}
	}
	c.record()
	c.fault = h.fault.next()
	if c.fault.Kind != FaultNone && c.fault.Kind != "" {
		h.mu.Lock()
		h.stats.Faults++
		h.log[c.logIdx].Fault = c.fault.Kind
		h.mu.Unlock()
	}
	if e := c.faultError(); e != nil {
		return c.fail(e)
	}
	if c.fault.Kind == FaultHang {
		c.wait(0)
		return 499
	}

	plan, e := c.validate()
	if e != nil {
		return c.fail(e)
	}
	headers, charge, e := h.lim.admit(h.cfg.now(), plan.model, plan.prompt+plan.budget)
	c.headers = headers
	if e != nil {
		return c.fail(e)
	}
	if h.cfg.Latency > 0 && !c.wait(h.cfg.Latency.D()) {
		return 499
	}
	ans := c.answer(plan)
	if plan.budget == 0 {
		h.lim.add(charge, ans.completion)
	}
	h.mu.Lock()
	lr := &h.log[c.logIdx]
	lr.PromptTokens, lr.CompletionTokens, lr.FinishReason = ans.prompt, ans.completion, ans.finish
	if charge != nil {
		h.stats.ChargedTokens += charge.n
	}
	h.mu.Unlock()
	var status int
	if c.req.Stream {
		status = c.stream(ans)
	} else {
		status = c.respond(ans)
	}
	if status == http.StatusOK {
		h.mu.Lock()
		h.stats.PromptTokens += ans.prompt
		h.stats.CompletionTokens += ans.completion
		h.mu.Unlock()
	}
	return status
}

// record appends the decoded request to the log.
func (c *call) record() {
	q := c.req
	lr := Request{
		Seq: c.seq, Messages: c.msgs, MaxTokens: q.MaxTokens, MaxCompletionTokens: q.MaxCompletionTokens,
		Temperature: q.Temperature, Stream: q.Stream, Stop: q.stops(),
		Authorization: c.r.Header.Get("Authorization"),
	}
	if q.Model != nil {
		lr.Model = *q.Model
	}
	if q.StreamOptions != nil {
		lr.IncludeUsage = q.StreamOptions.IncludeUsage
	}
	if f := q.ResponseFormat; f != nil {
		lr.ResponseFormat = f.Type
		if f.JSONSchema != nil {
			lr.SchemaName = f.JSONSchema.Name
			lr.Schema = slices.Clone(f.JSONSchema.Schema)
		}
	}
	c.h.mu.Lock()
	c.logIdx = len(c.h.log)
	c.h.log = append(c.h.log, lr)
	c.h.mu.Unlock()
}

// wait sleeps for d (forever when d is 0) unless the client gives up or
// the handler is closed first; it reports whether the full time passed.
func (c *call) wait(d time.Duration) bool {
	var timer <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-timer:
		return true
	case <-c.r.Context().Done():
		return false
	case <-c.h.done:
		return false
	}
}

// plan is a validated request: what to answer and within which budget.
type plan struct {
	model  string
	mode   string
	schema *ordMap
	prompt int // prompt tokens as billed
	// budget is the completion tokens the request reserved (0: none); it
	// is what rate limits charge up front.
	budget int
	// limit caps generation (budget, or what the context window leaves).
	limit int
	msgs  []Message // messages the model sees (Ollama may truncate)
}

func (c *call) validate() (*plan, *apiError) {
	h, q := c.h, c.req
	style := h.style
	if q.Model == nil || *q.Model == "" {
		return nil, errMissingModel()
	}
	p := &plan{model: *q.Model, mode: modeText, msgs: c.msgs}
	if !h.cfg.modelAllowed(p.model) {
		return nil, errModelNotFound(style, p.model)
	}
	if q.Messages == nil {
		return nil, errMissingParam("messages")
	}
	if len(*q.Messages) == 0 {
		return nil, errEmptyMessages()
	}
	for i, m := range *q.Messages {
		switch m.Role {
		case "system", "developer", "user", "assistant", "tool", "function":
		default:
			return nil, errInvalidRole(i, m.Role)
		}
	}
	for _, pm := range []struct {
		name string
		v    *int
	}{{"max_tokens", q.MaxTokens}, {"max_completion_tokens", q.MaxCompletionTokens}} {
		if pm.v != nil && *pm.v < 1 {
			return nil, errBelowMin(pm.name, *pm.v)
		}
	}
	if t := q.Temperature; t != nil && (*t < 0 || *t > 2) {
		return nil, errTemperatureRange(*t)
	}
	if q.StreamOptions != nil && !q.Stream {
		return nil, errStreamOptions()
	}
	if h.cfg.Reasoning {
		if q.MaxTokens != nil {
			return nil, errUnsupportedMaxTokens()
		}
		if t := q.Temperature; t != nil && *t != 1 {
			return nil, errUnsupportedTemperature(*t)
		}
	}
	schemaTokens := 0
	if f := q.ResponseFormat; f != nil {
		switch f.Type {
		case FormatText, FormatJSONObject, FormatJSONSchema:
		default:
			return nil, errFormatInvalid(f.Type)
		}
		if !h.cfg.formatAllowed(f.Type) {
			return nil, errFormatUnsupported(style, f.Type)
		}
		p.mode = f.Type
		switch f.Type {
		case FormatJSONObject:
			if style == StyleOpenAI && !mentionsJSON(c.msgs) {
				return nil, errJSONWordMissing()
			}
			if style == StyleLlamaCpp {
				// llama-server accepts json_object without a schema and
				// answers 200, but does not constrain the output: the
				// answer may be plain prose (observed, servers.md).
				p.mode = modeUnenforced
			}
		case FormatJSONSchema:
			if f.JSONSchema == nil {
				return nil, errMissingParam("response_format.json_schema")
			}
			if f.JSONSchema.Name == "" && style == StyleOpenAI {
				return nil, errMissingParam("response_format.json_schema.name")
			}
			if len(f.JSONSchema.Schema) > 0 && string(f.JSONSchema.Schema) != "null" {
				v, err := decodeOrdered(f.JSONSchema.Schema)
				m, ok := v.(*ordMap)
				if err != nil || !ok {
					return nil, errStrictSchema(f.JSONSchema.Name, "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"None\"'.")
				}
				if style == StyleOpenAI && f.JSONSchema.Strict != nil && *f.JSONSchema.Strict {
					if detail := strictProblem(m, m, nil, 0); detail != "" {
						return nil, errStrictSchema(f.JSONSchema.Name, detail)
					}
				}
				p.schema = m
				if style == StyleOpenAI {
					schemaTokens = openAISchemaTokens(m)
				}
			} else {
				p.schema = newOrdMap()
			}
		}
	}

	if q.MaxCompletionTokens != nil {
		p.budget = *q.MaxCompletionTokens
	} else if q.MaxTokens != nil {
		p.budget = *q.MaxTokens
	}
	p.limit = p.budget
	// Each server counts with its own tokenizer (TokenDensity). Only
	// OpenAI bills the json_schema as prompt, in a compact form
	// (openai/openai-cookbook#2140); Ollama leaves it out of
	// prompt_eval_count (ollama/ollama#11022), and llama.cpp and vLLM turn
	// it into a grammar for guided decoding (observed on llama-server; vLLM
	// docs, "Structured Outputs").
	p.prompt = h.scale(CountPromptTokens(p.msgs) + schemaTokens)
	ctx := h.cfg.ContextWindow
	if ctx == 0 {
		return p, nil
	}
	switch style {
	case StyleLlamaCpp:
		// llama-server only refuses prompts that fill the context; the
		// generation then stops where the context ends.
		if p.prompt >= ctx {
			return nil, errContextLength(style, ctx, p.prompt, p.budget)
		}
		if room := ctx - p.prompt; p.limit == 0 || p.limit > room {
			p.limit = room
		}
	case StyleOllama:
		// Ollama never refuses: it drops the oldest messages and then the
		// start of the prompt until it fits (a WARN in its log, nothing in
		// the response but the smaller prompt_tokens).
		if p.prompt > ctx {
			for keep := h.unscale(ctx); keep > 0 && p.prompt > ctx; keep -= max(1, keep/200) {
				p.msgs = truncateToWindow(p.msgs, keep)
				p.prompt = h.scale(CountPromptTokens(p.msgs))
			}
		}
	case StyleVLLM:
		if p.prompt > ctx || (p.budget > 0 && p.prompt+p.budget > ctx) {
			return nil, errContextLength(style, ctx, p.prompt, p.budget)
		}
		if p.budget == 0 {
			p.limit = ctx - p.prompt
		}
	case StyleVLLMLegacy:
		if (p.budget == 0 && p.prompt >= ctx) || (p.budget > 0 && p.prompt+p.budget > ctx) {
			return nil, errContextLength(style, ctx, p.prompt, p.budget)
		}
		if p.budget == 0 {
			p.limit = ctx - p.prompt
		}
	default:
		if p.prompt+p.budget > ctx {
			return nil, errContextLength(style, ctx, p.prompt, p.budget)
		}
	}
	return p, nil
}

// mentionsJSON reports whether any message contains the word "json" in
// some form, which OpenAI requires for response_format json_object.
func mentionsJSON(msgs []Message) bool {
	for _, m := range msgs {
		if strings.Contains(strings.ToLower(m.Content), "json") {
			return true
		}
	}
	return false
}

// truncateToWindow drops the oldest non-system messages, then the start of
// the last message, until the prompt fits in window tokens.
func truncateToWindow(msgs []Message, window int) []Message {
	out := slices.Clone(msgs)
	for CountPromptTokens(out) > window {
		i := slices.IndexFunc(out[:len(out)-1], func(m Message) bool { return m.Role != "system" })
		if i < 0 {
			break
		}
		out = slices.Delete(out, i, i+1)
	}
	if over := CountPromptTokens(out) - window; over > 0 {
		last := &out[len(out)-1]
		keep := max(1, CountTokens(last.Content)-over)
		last.Content = tailTokens(last.Content, keep)
	}
	return out
}

// answer is the generated reply and its accounting.
type answer struct {
	id, model          string
	content            string
	finish             string
	prompt, completion int
	reasoning          int
	createdUnix        int64
}

func (c *call) answer(p *plan) answer {
	h := c.h
	content := fakeAnswer(p.msgs, p.mode, p.schema)
	if h.cfg.Invent != "" {
		content = invent(content, h.cfg.Invent)
	}
	finish := "stop"
	for _, s := range c.req.stops() {
		if i := strings.Index(content, s); s != "" && i >= 0 {
			content = content[:i]
		}
	}
	reasoning := 0
	if h.cfg.Reasoning {
		reasoning = h.cfg.ReasoningTokens
	}
	if p.limit > 0 {
		if reasoning >= p.limit {
			reasoning, content, finish = p.limit, "", "length"
		} else if cut, was := cutTokens(content, h.unscale(p.limit-reasoning)); was {
			content, finish = cut, "length"
		}
	}
	if c.fault.Kind == FaultLength {
		n := CountTokens(content)
		content, _ = cutTokens(content, max(1, n/2))
		finish = "length"
	}
	completion := h.scale(CountTokens(content))
	if p.limit > 0 {
		completion = min(completion, max(p.limit-reasoning, 0)) // rounding
	}
	return answer{
		id:          responseID(c.seq, p.model, c.msgs),
		model:       p.model,
		content:     content,
		finish:      finish,
		prompt:      p.prompt,
		completion:  completion + reasoning,
		reasoning:   reasoning,
		createdUnix: h.cfg.now().Unix(),
	}
}

// scale turns o200k_base tokens into the server's own (TokenDensity).
func (h *Handler) scale(n int) int {
	d := h.cfg.density()
	if d == 1 {
		return n
	}
	return int(math.Round(float64(n) * d))
}

// unscale turns server tokens into the most o200k_base tokens that stay
// within them.
func (h *Handler) unscale(n int) int {
	d := h.cfg.density()
	if d == 1 {
		return n
	}
	return int(float64(n) / d)
}

// openAISchemaTokens is what OpenAI bills for a json_schema: the schema
// without "required", "additionalProperties" and "$schema", compact, plus
// about 9 tokens of framing (openai/openai-cookbook#2140, a user's measured
// formula; #2102).
func openAISchemaTokens(m *ordMap) int {
	return CountTokens(compactJSON(stripSchema(m))) + 9
}

// stripSchema drops the keywords OpenAI leaves out of the billed schema,
// keeping properties that happen to have those names.
func stripSchema(v any) any {
	switch x := v.(type) {
	case *ordMap:
		out := newOrdMap()
		for _, k := range x.keys {
			val := x.vals[k]
			switch k {
			case "required", "additionalProperties", "$schema":
				continue
			case "properties", "$defs", "definitions":
				if pm, ok := val.(*ordMap); ok {
					props := newOrdMap()
					for _, pk := range pm.keys {
						props.set(pk, stripSchema(pm.vals[pk]))
					}
					out.set(k, props)
					continue
				}
			}
			out.set(k, stripSchema(val))
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = stripSchema(e)
		}
		return out
	}
	return v
}

// responseID is deterministic for a given request and arrival order, and
// shaped like OpenAI's: "chatcmpl-" and 29 letters and digits.
func responseID(seq int, model string, msgs []Message) string {
	parts := []string{strconv.Itoa(seq), model}
	for _, m := range msgs {
		parts = append(parts, m.Role, m.Content)
	}
	x := hash64(parts...)
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 29)
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = alnum[x%uint64(len(alnum))]
	}
	return "chatcmpl-" + string(b)
}

func fingerprint(model string) string {
	return fmt.Sprintf("fp_%010x", hash64(model)&0xffffffffff)
}

func (a answer) usage() usage {
	return usage{
		PromptTokens:            a.prompt,
		CompletionTokens:        a.completion,
		TotalTokens:             a.prompt + a.completion,
		CompletionTokensDetails: completionTokensDetails{ReasoningTokens: a.reasoning},
	}
}

// respond writes a non-streamed answer, with the body faults applied.
func (c *call) respond(a answer) int {
	resp := chatResponse{
		ID: a.id, Object: "chat.completion", Created: a.createdUnix, Model: a.model,
		Choices: []respChoice{{Message: respMessage{Role: "assistant", Content: a.content, Annotations: []string{}}, FinishReason: a.finish}},
		Usage:   a.usage(), ServiceTier: "default", SystemFingerprint: fingerprint(a.model),
	}
	if c.fault.Kind == FaultEmptyChoices {
		resp.Choices = []respChoice{}
	}
	body := c.h.encode(resp)
	half := body[:len(body)/2]
	switch c.fault.Kind {
	case FaultMalformedJSON:
		return c.writeBody(http.StatusOK, "application/json", half, nil)
	case FaultTruncatedStream, FaultStall:
		c.setHeaders("application/json")
		c.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		c.w.WriteHeader(http.StatusOK)
		c.status = http.StatusOK
		_, _ = c.w.Write(half)
		flush(c.w)
		if c.fault.Kind == FaultStall && !c.wait(0) {
			c.status = 499
		}
		// Break the connection so the client sees a short body.
		panic(http.ErrAbortHandler)
	}
	return c.writeBody(http.StatusOK, "application/json", body, nil)
}

// encode renders an answer body: indented for OpenAI (as it sends them),
// compact for the local servers; never HTML-escaped.
func (h *Handler) encode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if h.style == StyleOpenAI {
		enc.SetIndent("", "  ")
	}
	_ = enc.Encode(v)
	return buf.Bytes()
}

func (c *call) setHeaders(contentType string) {
	hd := c.w.Header()
	for k, v := range c.headers {
		hd[k] = slices.Clone(v)
	}
	hd.Set("Content-Type", contentType)
	if c.h.style == StyleOpenAI {
		hd.Set("x-request-id", "req_"+strings.ToLower(responseID(c.seq, "", nil)[9:]))
		hd.Set("openai-processing-ms", strconv.Itoa(int(c.h.cfg.Latency.D().Milliseconds())))
	}
}

func (c *call) writeBody(status int, contentType string, body []byte, extra http.Header) int {
	c.setHeaders(contentType)
	for k, v := range extra {
		c.w.Header()[k] = slices.Clone(v)
	}
	c.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write(body)
	return status
}

// fail answers with an error in the handler's style.
func (c *call) fail(e *apiError) int {
	body, ct := e.render(c.h.style)
	return c.writeBody(e.status, ct, body, e.header)
}

func (h *Handler) writeError(w http.ResponseWriter, e *apiError) {
	body, ct := e.render(h.style)
	for k, v := range e.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.status)
	_, _ = w.Write(body)
}

func (h *Handler) writeJSON(w http.ResponseWriter, v any) {
	body := h.encode(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func flush(w http.ResponseWriter) {
	_ = http.NewResponseController(w).Flush()
}

// invent puts a sentence the request never contained at the start of the
// first "text" string of a JSON answer (or of a plain answer), as a model
// that makes facts up would.
func invent(content, sentence string) string {
	esc, _ := json.Marshal(sentence + " ")
	ins := string(esc[1 : len(esc)-1])
	if i := strings.Index(content, `"text":"`); i >= 0 {
		i += len(`"text":"`)
		return content[:i] + ins + content[i:]
	}
	return sentence + " " + content
}
