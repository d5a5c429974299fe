package summarize

import (
	"context"
	"encoding/json"
)

// Completer sends one chat completion request to a language model.
// Package summarize/openai implements it for OpenAI-compatible endpoints;
// others (a batch, a test) may supply their own. A Completer reports
// failures as *APIError, whose Kind tells the pipeline whether to retry.
type Completer interface {
	Complete(ctx context.Context, req Request) (Response, error)
}

// Message is one chat message.
type Message struct {
	Role    string // "system" or "user"
	Content string
}

// Format is how a request asks for structured output. Servers differ in what
// they accept; the pipeline starts with the strongest and steps down when a
// server refuses it.
type Format int

// Formats, strongest first.
const (
	FormatJSONSchema Format = iota // response_format json_schema, strict
	FormatJSONObject               // response_format json_object; schema in the prompt
	FormatText                     // no response_format; schema in the prompt, tolerant parsing
)

// String returns the response_format type name.
func (f Format) String() string {
	switch f {
	case FormatJSONSchema:
		return "json_schema"
	case FormatJSONObject:
		return "json_object"
	default:
		return "text"
	}
}

// Request is one completion request.
type Request struct {
	// Step names the pipeline step ("map", "reduce", "brief") for logs.
	Step     string
	Messages []Message
	// Format selects the response_format; SchemaName and Schema describe the
	// expected JSON for FormatJSONSchema.
	Format     Format
	SchemaName string
	Schema     json.RawMessage
	// MaxTokens bounds the answer's length.
	MaxTokens int
	// Key is the request's response-cache key, set by the pipeline: the
	// same request asked again, in any run, has the same Key. A Completer
	// that answers later (a batch) uses it to match answers to requests.
	Key CacheKey
}

// Response is a completion's answer.
type Response struct {
	Content string
	// FinishReason is "stop", "length", … as the server reports it.
	FinishReason string
	Usage        Usage
	// Limits are the rate limits the server advertised with the answer.
	Limits RateLimits
}

// Usage counts requests and tokens.
type Usage struct {
	Requests         int `json:"requests"`
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	// CachedRequests were answered from the response cache: no request
	// was sent and no tokens were spent for them.
	CachedRequests int `json:"cached_requests"`
}

// Add returns the sum of u and v.
func (u Usage) Add(v Usage) Usage {
	return Usage{
		Requests:         u.Requests + v.Requests,
		PromptTokens:     u.PromptTokens + v.PromptTokens,
		CompletionTokens: u.CompletionTokens + v.CompletionTokens,
		CachedRequests:   u.CachedRequests + v.CachedRequests,
	}
}

// CompleterFunc adapts a function to the Completer interface.
type CompleterFunc func(ctx context.Context, req Request) (Response, error)

// Complete calls f.
func (f CompleterFunc) Complete(ctx context.Context, req Request) (Response, error) {
	return f(ctx, req)
}

type limitsHookKey struct{}

// withLimitsHook returns ctx carrying hook for ReportLimits.
func withLimitsHook(ctx context.Context, hook func(RateLimits)) context.Context {
	return context.WithValue(ctx, limitsHookKey{}, hook)
}

// ReportLimits tells the pipeline that sent the request in ctx that the
// server has accepted it and begun to answer, with the rate limits its
// headers gave (zero if none). A Completer that reads a response's headers
// before its body ends (a stream) calls it then, so the pipeline can open
// its slow start without waiting for the whole answer; Response.Limits
// still carries the limits at the end. Calling it is optional, and a no-op
// for a context the pipeline did not make.
func ReportLimits(ctx context.Context, l RateLimits) {
	if hook, ok := ctx.Value(limitsHookKey{}).(func(RateLimits)); ok {
		hook(l)
	}
}

// LocalServer is a Completer that can tell whether its server is local
// inference software (llama.cpp, vLLM, Ollama, LM Studio on this machine
// or a private network), which enforces no rate limits; openai.Client is
// one. For such a server the pacer skips the slow start that guards
// against a hosted API's unknown limits, which would otherwise hold the
// first round of requests to what may be sent blind until the first
// answer begins.
type LocalServer interface {
	// Local reports whether the server is one; it may ask the server, and
	// says false when it cannot tell.
	Local(ctx context.Context) bool
}

// OpenAIPlatform is a Completer that can tell whether its requests go to
// OpenAI's own API (api.openai.com), where every paying account has at
// least the model's Tier-1 limit (ModelFacts.MinTokensPerMinute);
// openai.Client is one. There the pacer's slow start may send more
// before the first answer tells the account's limits. Azure, OpenRouter,
// gateways and local servers set limits of their own (an Azure
// deployment may have 1,000 tokens a minute), so they say false.
type OpenAIPlatform interface {
	// OpenAIPlatform reports whether the requests go to OpenAI's API; it
	// asks no server.
	OpenAIPlatform() bool
}
