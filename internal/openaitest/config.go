package openaitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Config describes how the fake server behaves. The zero value is a
// permissive OpenAI-style server: any model, any key, no limits, no faults.
//
// Config round-trips through encoding/json (snake_case keys, durations as
// strings such as "250ms") so that a CLI test script can carry it as a file;
// use [ParseConfig] to read one strictly.
type Config struct {
	// APIKey, when set, is required as "Authorization: Bearer <key>".
	APIKey string `json:"api_key,omitempty"`

	// Models lists the model ids the server accepts; a request for any other
	// model gets the style's 404 model-not-found error. Empty accepts any
	// model. GET /v1/models lists these (or "openaitest" when empty).
	Models []string `json:"models,omitempty"`

	// ContextWindow is the model's context size in tokens; 0 means
	// unlimited. How an over-long request is answered depends on ErrorStyle
	// (see the package documentation): OpenAI and vLLM reject prompt plus
	// requested completion tokens over the window, llama.cpp rejects only
	// the prompt and cuts generation at the window, Ollama silently keeps
	// the tail of the prompt.
	ContextWindow int `json:"context_window,omitempty"`

	// ErrorStyle selects which real server the fake imitates in its error
	// bodies, context-window behaviour, prompt-token accounting and
	// metadata endpoints. Empty means [StyleOpenAI].
	ErrorStyle Style `json:"error_style,omitempty"`

	// TokenDensity is how many tokens the server's own tokenizer makes per
	// o200k_base token: 1.3 imitates a looser vocabulary (Mistral's 32k on
	// English), 0.6 a denser one (Qwen or Gemma on Chinese and Russian).
	// It scales every count the server makes: usage, windows, max_tokens.
	// 0 means 1. Real servers count with the model's own tokenizer, never
	// tiktoken (ollama/ollama#11022; llama.cpp tools/server; vLLM docs).
	TokenDensity float64 `json:"token_density,omitempty"`

	// ModelContextLength is the length the model was trained for, as the
	// metadata endpoints report it (llama.cpp meta.n_ctx_train, Ollama
	// model_info "<arch>.context_length", LM Studio max_context_length);
	// 0 means ContextWindow.
	ModelContextLength int `json:"model_context_length,omitempty"`

	// NoNumCtx, for the Ollama style, leaves num_ctx out of /api/show's
	// parameters, as for a model whose Modelfile does not set it: the
	// server's default then applies (ContextWindow).
	NoNumCtx bool `json:"no_num_ctx,omitempty"`

	// ResponseFormats lists the accepted response_format types among
	// "text", "json_object" and "json_schema". Empty accepts all three.
	ResponseFormats []string `json:"response_formats,omitempty"`

	// Latency is added to every answered request (not to early errors),
	// before the first byte; it ends early when the client gives up.
	Latency Duration `json:"latency,omitempty"`
	// ChunkDelay is slept between streamed chunks.
	ChunkDelay Duration `json:"chunk_delay,omitempty"`
	// StreamTime is how long a streamed answer takes after its first
	// chunk, spread evenly over its tokens: a model generating, with
	// Latency as the time to the first token. Headers are sent before it.
	StreamTime Duration `json:"stream_time,omitempty"`

	// RPM and TPM are requests and tokens allowed per RateWindow (0: no
	// limit). RateWindow defaults to one minute.
	RPM        int      `json:"rpm,omitempty"`
	TPM        int      `json:"tpm,omitempty"`
	RateWindow Duration `json:"rate_window,omitempty"`

	// Reasoning makes the model behave like OpenAI's o-series and gpt-5:
	// max_tokens is rejected in favour of max_completion_tokens and any
	// temperature other than 1 is rejected.
	Reasoning bool `json:"reasoning,omitempty"`
	// ReasoningTokens is how many hidden reasoning tokens a reasoning model
	// spends per request. They count as completion tokens and against
	// max_completion_tokens, so a small budget yields empty content with
	// finish_reason "length", as real reasoning models do.
	ReasoningTokens int `json:"reasoning_tokens,omitempty"`

	// Invent, when set, is a sentence the fake model adds to every answer
	// (at the start of its first "text" field): a model making facts up,
	// for testing the grounding check.
	Invent string `json:"invent,omitempty"`

	// Faults are injected one per chat request, in arrival order; after the
	// list is used up requests behave normally (see [Fault]).
	Faults []Fault `json:"faults,omitempty"`
	// FaultRate is the probability in [0,1] that a request not covered by
	// Faults gets a random fault drawn from FaultKinds (default: "500",
	// "502", "503" and "429"). The draws are deterministic for a given Seed
	// and request order.
	FaultRate  float64     `json:"fault_rate,omitempty"`
	FaultKinds []FaultKind `json:"fault_kinds,omitempty"`
	Seed       uint64      `json:"seed,omitempty"`

	// Batch configures the Batch API endpoints (see batch.go).
	Batch BatchConfig `json:"batch,omitempty"`

	// Now is the clock used for "created" timestamps and rate windows;
	// nil means time.Now. Not serialised.
	Now func() time.Time `json:"-"`
}

// Style names a real server whose error bodies and context-window
// behaviour the fake imitates.
type Style string

// The supported error styles.
const (
	// StyleOpenAI: {"error":{"message","type","param","code"}}.
	StyleOpenAI Style = "openai"
	// StyleLlamaCpp: llama.cpp's llama-server,
	// {"error":{"code":400,"message","type"}} (plus n_prompt_tokens and
	// n_ctx for exceed_context_size_error).
	StyleLlamaCpp Style = "llamacpp"
	// StyleVLLM: vLLM 0.10.1 and later,
	// {"error":{"message","type":"BadRequestError","param":null,"code":400}};
	// a bad key gets {"error":"Unauthorized"}.
	StyleVLLM Style = "vllm"
	// StyleVLLMLegacy: vLLM before 0.10.1, the flat
	// {"object":"error","message","type","param":null,"code":400}. go-openai
	// cannot decode it and returns *openai.RequestError.
	StyleVLLMLegacy Style = "vllm-legacy"
	// StyleOllama: Ollama's OpenAI layer,
	// {"error":{"message","type","param":null,"code":null}}.
	StyleOllama Style = "ollama"
	// StyleLMStudio: LM Studio's OpenAI layer, OpenAI's error bodies, with
	// its own GET /api/v0/models (https://lmstudio.ai/docs/developer/rest/endpoints).
	// How LM Studio handles an over-long prompt is not modelled from a
	// source: the fake refuses it as OpenAI does.
	StyleLMStudio Style = "lmstudio"
)

var styles = []Style{StyleOpenAI, StyleLlamaCpp, StyleVLLM, StyleVLLMLegacy, StyleOllama, StyleLMStudio}

// Response format types.
const (
	FormatText       = "text"
	FormatJSONObject = "json_object"
	FormatJSONSchema = "json_schema"
)

// Duration is a time.Duration that encodes to and from JSON as a string
// such as "1.5s" or "250ms".
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String formats d like time.Duration.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON encodes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON decodes a duration string ("250ms", "1m").
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be a string such as \"250ms\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Fault is one injected failure. In JSON it is either an object
// {"kind":"429","retry_after":"2s"} or just the kind, "429".
type Fault struct {
	Kind FaultKind `json:"kind"`
	// RetryAfter is the wait announced by the "429" kind (Retry-After and
	// retry-after-ms headers, and the message); default one second.
	RetryAfter Duration `json:"retry_after,omitempty"`
}

// UnmarshalJSON accepts a bare kind string or an object.
func (f *Fault) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var k FaultKind
		if err := json.Unmarshal(b, &k); err != nil {
			return err
		}
		*f = Fault{Kind: k}
		return nil
	}
	type plain Fault
	var p plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return err
	}
	*f = Fault(p)
	return nil
}

// FaultKind names a failure the server can inject.
type FaultKind string

// The fault kinds. Error kinds answer with the status and a real-looking
// body in the configured ErrorStyle (rate-limit and quota errors always use
// OpenAI's body: only OpenAI-like gateways send them).
const (
	// FaultNone lets the request through; use it to skip a slot in Faults.
	FaultNone FaultKind = "ok"
	// Fault500 is an internal server error.
	Fault500 FaultKind = "500"
	// Fault502 is a bad gateway: Cloudflare's JSON body for OpenAI, an
	// nginx HTML page for the local servers (go-openai: *RequestError).
	Fault502 FaultKind = "502"
	// Fault503 is an overloaded or loading server.
	Fault503 FaultKind = "503"
	// Fault429 is rate_limit_exceeded with Retry-After.
	Fault429 FaultKind = "429"
	// Fault429NoRetryAfter is rate_limit_exceeded without any retry hint.
	Fault429NoRetryAfter FaultKind = "429-no-retry-after"
	// FaultInsufficientQuota is OpenAI's 429 billing error; retrying does
	// not help.
	FaultInsufficientQuota FaultKind = "insufficient_quota"
	// Fault401 is an invalid API key.
	Fault401 FaultKind = "401"
	// Fault403 is a forbidden request (OpenAI: unsupported region).
	Fault403 FaultKind = "403"
	// Fault404Model is a model-not-found error for the requested model.
	Fault404Model FaultKind = "404-model"
	// FaultContextLength is a context-length error in the ErrorStyle.
	FaultContextLength FaultKind = "context-length"
	// FaultHang sends nothing until the client gives up or the server is
	// closed.
	FaultHang FaultKind = "hang"
	// FaultStall sends the status, headers and the start of the body (a
	// few chunks when streaming), then nothing until the client gives up.
	FaultStall FaultKind = "stall"
	// FaultMalformedJSON answers 200 with a body (or a streamed chunk) that
	// is not valid JSON.
	FaultMalformedJSON FaultKind = "malformed-json"
	// FaultTruncatedStream ends the response early: a stream stops without
	// a finish_reason and without [DONE] (go-openai then reports a plain
	// io.EOF); a non-streamed body is cut short of its Content-Length.
	FaultTruncatedStream FaultKind = "truncated-stream"
	// FaultStreamError sends a few chunks, then an in-stream error event
	// (data: {"error":{...}}) as OpenAI does on mid-stream failures. A
	// non-streamed request gets a 500.
	FaultStreamError FaultKind = "stream-error"
	// FaultLength answers with about half of the content and
	// finish_reason "length".
	FaultLength FaultKind = "length"
	// FaultEmptyChoices answers 200 with "choices": [].
	FaultEmptyChoices FaultKind = "empty-choices"
)

var faultKinds = []FaultKind{
	FaultNone, Fault500, Fault502, Fault503, Fault429, Fault429NoRetryAfter,
	FaultInsufficientQuota, Fault401, Fault403, Fault404Model, FaultContextLength,
	FaultHang, FaultStall, FaultMalformedJSON, FaultTruncatedStream, FaultStreamError,
	FaultLength, FaultEmptyChoices,
}

// FaultKinds returns every fault kind the server knows.
func FaultKinds() []FaultKind { return slices.Clone(faultKinds) }

// defaultRandomKinds are the transient failures a retrying client must ride out.
var defaultRandomKinds = []FaultKind{Fault500, Fault502, Fault503, Fault429}

// ErrInvalidConfig is wrapped by every error Validate returns.
var ErrInvalidConfig = errors.New("invalid openaitest config")

// Validate reports the first problem with c.
func (c Config) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidConfig, fmt.Sprintf(format, a...))
	}
	if c.ErrorStyle != "" && !slices.Contains(styles, c.ErrorStyle) {
		return bad("unknown error_style %q (want one of %v)", c.ErrorStyle, styles)
	}
	for _, f := range c.ResponseFormats {
		switch f {
		case FormatText, FormatJSONObject, FormatJSONSchema:
		default:
			return bad("unknown response format %q", f)
		}
	}
	if c.TokenDensity < 0 || c.TokenDensity > 10 {
		return bad("token_density %v outside [0,10]", c.TokenDensity)
	}
	if c.ContextWindow < 0 || c.ModelContextLength < 0 || c.RPM < 0 || c.TPM < 0 || c.ReasoningTokens < 0 {
		return bad("context_window, rpm, tpm and reasoning_tokens must not be negative")
	}
	if c.Latency < 0 || c.ChunkDelay < 0 || c.StreamTime < 0 || c.RateWindow < 0 {
		return bad("durations must not be negative")
	}
	if c.FaultRate < 0 || c.FaultRate > 1 {
		return bad("fault_rate %v outside [0,1]", c.FaultRate)
	}
	for i, f := range c.Faults {
		if !slices.Contains(faultKinds, f.Kind) {
			return bad("faults[%d]: unknown kind %q", i, f.Kind)
		}
		if f.RetryAfter < 0 {
			return bad("faults[%d]: negative retry_after", i)
		}
	}
	for _, k := range c.FaultKinds {
		if !slices.Contains(faultKinds, k) {
			return bad("fault_kinds: unknown kind %q", k)
		}
	}
	return nil
}

// ParseConfig decodes a JSON config, rejecting unknown fields, and
// validates it.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	if dec.More() {
		return Config{}, fmt.Errorf("%w: trailing data after the config object", ErrInvalidConfig)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

func (c Config) style() Style {
	if c.ErrorStyle == "" {
		return StyleOpenAI
	}
	return c.ErrorStyle
}

func (c Config) density() float64 {
	if c.TokenDensity <= 0 {
		return 1
	}
	return c.TokenDensity
}

func (c Config) modelLength() int {
	if c.ModelContextLength > 0 {
		return c.ModelContextLength
	}
	return c.ContextWindow
}

func (c Config) window() time.Duration {
	if c.RateWindow <= 0 {
		return time.Minute
	}
	return c.RateWindow.D()
}

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c Config) formatAllowed(f string) bool {
	return len(c.ResponseFormats) == 0 || slices.Contains(c.ResponseFormats, f)
}

func (c Config) modelAllowed(m string) bool {
	return len(c.Models) == 0 || slices.Contains(c.Models, m)
}
