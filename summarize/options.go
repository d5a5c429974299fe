package summarize

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Engine selects what writes the brief.
type Engine string

// Engines.
const (
	// EngineLLM writes the brief with a language model through Completer.
	EngineLLM Engine = "llm"
	// EngineExtractive picks the brief's sentences from the report itself,
	// offline, with no model.
	EngineExtractive Engine = "extractive"
)

// PickEngine settles which engine writes the brief: want, or for ""
// (auto) EngineLLM when there is an endpoint and EngineExtractive when
// there is none. EngineLLM without an endpoint is ErrNoEndpoint. New
// decides with it, Completer standing for the endpoint; a caller that
// settles its configuration before making a Completer may ask it first.
func PickEngine(want Engine, haveEndpoint bool) (Engine, error) {
	switch want {
	case "":
		if haveEndpoint {
			return EngineLLM, nil
		}
		return EngineExtractive, nil
	case EngineLLM:
		if !haveEndpoint {
			return "", ErrNoEndpoint
		}
		return EngineLLM, nil
	case EngineExtractive:
		return EngineExtractive, nil
	}
	return "", fmt.Errorf("unknown engine %q", want)
}

// Length is how long an extractive brief is.
type Length int

// Lengths of an extractive brief.
const (
	LengthMedium Length = iota // about 5-8% of a long report's sentences
	LengthShort
	LengthLong
)

// Options configure a Summarizer. The zero value is usable with a Completer
// set: every field has a documented default.
type Options struct {
	// Engine writes the brief. "" means EngineLLM if Completer is set,
	// else EngineExtractive.
	Engine Engine
	// Completer sends requests to the model; required for EngineLLM.
	Completer Completer
	// Model names the model, for the tokenizer and the context table.
	// "" means DefaultModel.
	Model string
	// ContextTokens is the model's context window, in the server's own
	// tokens. 0 means what the server reports (when the Completer can ask
	// it, as openai.Client does for vLLM, llama.cpp, Ollama and LM Studio), else
	// LookupModel(Model).ContextTokens, else DefaultContextTokens.
	ContextTokens int
	// Window, when its Tokens are set and ContextTokens is not, is a
	// window learned before (by Summarizer.Window on another Summarizer
	// of the same run): it is used with its source, and the server is not
	// asked again.
	Window WindowInfo
	// FixedSizing sizes every prompt at the tokenizer ratio assumed before
	// any count (1.35 of ours per server token), instead of the ratio the
	// server's counts show as the run goes on. Then the same report always
	// makes the same requests, whatever order answers came in: the Batch
	// API path, which replays the pipeline once per round and looks each
	// request up in the cache, needs that. It costs room in small windows.
	FixedSizing bool
	// MaxOutputTokens bounds each answer. 0 means 2048, or a quarter of the
	// context window if that is smaller.
	MaxOutputTokens int
	// ChunkTokens caps the size of a chunk of report text: smaller chunks
	// give more faithful notes, larger ones cost fewer prompt tokens per
	// token of report. 0 means five eighths of the context window, at
	// least 6,000 and at most 16,000 tokens (the window may allow less).
	// A window the caller overstated is found out from the server's
	// prompt counts (Ollama cuts prompts silently), and the report is
	// split again for the real one.
	ChunkTokens int
	// Concurrency is how many requests may be in flight. 0 means 4.
	Concurrency int
	// RequestsPerMinute and TokensPerMinute pace requests on the client
	// side. 0 means unlimited until the server advertises its limits in
	// x-ratelimit-* headers, which are then followed.
	RequestsPerMinute, TokensPerMinute int
	// MaxRetries is how often a request that failed in a way that retrying
	// can fix is sent again. 0 means 5; negative means never.
	MaxRetries int
	// Cache stores answers so that a rerun sends no request for work
	// already done; a LimitsCache also keeps what the server told of its
	// rate limits for the next run. nil means no cache.
	Cache Cache
	// CacheScope names the endpoint in cache keys, e.g. its base URL, so
	// that answers from different servers are kept apart.
	CacheScope string
	// Price of the model's tokens, for MaxCostUSD and cost reports.
	// LookupModel(Model).Price is the list price of known models.
	Price Price
	// MaxCostUSD stops the work, before the request that would pass it,
	// when the spend on this Summarizer would exceed it. 0 means no limit.
	MaxCostUSD float64
	// OnUsage, if set, is called after every answered request with its
	// usage (including answers from the cache), e.g. to show progress. It
	// must be safe for concurrent use.
	OnUsage func(Usage)
	// Verify selects the grounding check; the zero value checks.
	Verify Verify
	// Language is the language the brief is written in, as LanguageCode
	// accepts it ("en", "English"); "" means the report's own. New
	// refuses a language it does not know. The offline engine cannot
	// translate: asked for another language than the report's, it fails
	// with a *LanguageError.
	Language string
	// Focus is the reader's question or audience, which the brief is aimed
	// at. It goes to the model as an instruction, apart from the fenced
	// report, and is never taken as a fact of the report; the offline
	// engine prefers the sentences that share its words.
	Focus string
	// Prompts renders the prompt templates; nil means prompts.Default().
	// Its version is part of every cache key.
	Prompts Prompts
	// Length of an extractive brief.
	Length Length
	// Logger receives progress and retry messages. nil discards them.
	Logger *slog.Logger
	// Sleep waits between retries; nil means a timer that honours ctx.
	// Tests replace it to run without waiting.
	Sleep func(ctx context.Context, d time.Duration) error
}

const (
	// The default chunk cap's bounds (see Options.ChunkTokens): larger
	// chunks spend fewer tokens on instructions and notes per token of
	// report; past 16,000 a map answer of at most 2,048 tokens would have
	// to leave out too much.
	minDefaultChunkTokens  = 6000
	maxDefaultChunkTokens  = 16000
	defaultMaxOutputTokens = 2048
	defaultConcurrency     = 4
	defaultMaxRetries      = 5
	// Overlap between chunks, in sentences: enough to carry a referent
	// across the cut, not enough to cost much.
	chunkOverlap = 1
)

// Price is what a model's tokens cost, in US dollars per million.
type Price struct {
	InputPerMillion  float64 `json:"input"`
	OutputPerMillion float64 `json:"output"`
}

// Cost returns what u costs at p.
func (p Price) Cost(u Usage) float64 {
	return (float64(u.PromptTokens)*p.InputPerMillion + float64(u.CompletionTokens)*p.OutputPerMillion) / 1e6
}

// Known reports whether the price is set.
func (p Price) Known() bool { return p.InputPerMillion > 0 || p.OutputPerMillion > 0 }
