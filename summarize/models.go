package summarize

import "strings"

// DefaultModel is the model used when none is named.
const DefaultModel = "gpt-4o-mini"

// DefaultContextTokens is the context window assumed for unknown models.
const DefaultContextTokens = 8192

// ModelFacts are what brief knows of a model without asking its server.
type ModelFacts struct {
	// ContextTokens is the model's context window; 0 when brief does not
	// know it. Local servers (Ollama, llama.cpp) run models with whatever
	// window they were started with, often smaller than the model's
	// maximum: their users should pass Options.ContextTokens.
	ContextTokens int
	// Reasoning marks OpenAI's reasoning models, which take
	// max_completion_tokens instead of max_tokens, and only the default
	// temperature.
	Reasoning bool
	// Price is the list price; zero when unknown (local models cost
	// nothing per token). Prices change: callers let users override them.
	Price Price
	// Encoding is the tokenizer encoding NewTokenizer uses for the model:
	// OpenAI's own, else o200k_base, a close and widely used
	// approximation of other vendors' tokenizers, which are not available
	// offline.
	Encoding string
	// MinTokensPerMinute is the tokens-per-minute limit OpenAI's API gives
	// the model at its lowest paid usage tier (Tier 1); 0 when unknown.
	// Every paying account has at least that much on OpenAI's own API
	// (not on Azure or a gateway, which set their own), so the pacer may
	// send part of it before the server tells the account's limits.
	MinTokensPerMinute int
}

// modelRow is one line of the table: facts for the names that start with
// prefix (or are exactly it, when exact).
type modelRow struct {
	prefix string
	exact  bool
	facts  ModelFacts
}

// usd is a price in dollars per million tokens, input and output.
func usd(in, out float64) Price { return Price{InputPerMillion: in, OutputPerMillion: out} }

// models is the one table of model facts. The longest matching prefix
// wins. Windows and prices are the vendors' published figures; encodings
// follow tiktoken's model table (TestModelEncodingsMatchTiktoken).
//
// Tier-1 tokens per minute (MinTokensPerMinute) are set only where a
// figure is published: gpt-4o, gpt-4o-mini, o1-mini, gpt-4-turbo, gpt-4
// and gpt-3.5-turbo from OpenAI's rate-limit guide as quoted at
// https://community.openai.com/t/gpt-4o-rate-limits-being-30k-tpm-and-90k-tpd-does-that-mean-i-can-only-do-90k-tokens-in-a-day/1028595;
// gpt-4.1 (requests under 128k tokens; longer ones have a limit of their
// own) from its model page as quoted at
// https://community.openai.com/t/long-context-on-gpt-4-1-for-tier-1-shows-tpm-of-200k-how-do-we-access-that-long-context/1371479;
// gpt-5-mini, raised to 500,000 in September 2025, from
// https://simonwillison.net/2025/Sep/12/gpt-5-rate-limits/ (gpt-5 too,
// but its row's prefix also takes gpt-5-pro, gpt-5-codex and later
// gpt-5.x names, for which no figure is published, so it has none).
var models = []modelRow{
	{prefix: "gpt-4o-mini", facts: ModelFacts{ContextTokens: 128_000, Price: usd(0.15, 0.60), Encoding: EncodingO200k, MinTokensPerMinute: 200_000}},
	{prefix: "gpt-4o", facts: ModelFacts{ContextTokens: 128_000, Price: usd(2.50, 10.00), Encoding: EncodingO200k, MinTokensPerMinute: 30_000}},
	{prefix: "chatgpt-4o", facts: ModelFacts{ContextTokens: 128_000, Encoding: EncodingO200k}},
	{prefix: "gpt-4.1-nano", facts: ModelFacts{ContextTokens: 1_047_576, Price: usd(0.10, 0.40), Encoding: EncodingO200k}},
	{prefix: "gpt-4.1-mini", facts: ModelFacts{ContextTokens: 1_047_576, Price: usd(0.40, 1.60), Encoding: EncodingO200k}},
	{prefix: "gpt-4.1", facts: ModelFacts{ContextTokens: 1_047_576, Price: usd(2.00, 8.00), Encoding: EncodingO200k, MinTokensPerMinute: 30_000}},
	{prefix: "gpt-4.5", facts: ModelFacts{ContextTokens: 8_192, Encoding: EncodingO200k}},
	{prefix: "gpt-4-turbo", facts: ModelFacts{ContextTokens: 128_000, Price: usd(10.00, 30.00), Encoding: EncodingCL100k, MinTokensPerMinute: 30_000}},
	{prefix: "gpt-4-32k", facts: ModelFacts{ContextTokens: 32_768, Encoding: EncodingCL100k}},
	{prefix: "gpt-4", facts: ModelFacts{ContextTokens: 8_192, Encoding: EncodingCL100k, MinTokensPerMinute: 10_000}},
	{prefix: "gpt-3.5-turbo", facts: ModelFacts{ContextTokens: 16_385, Price: usd(0.50, 1.50), Encoding: EncodingCL100k, MinTokensPerMinute: 200_000}},
	{prefix: "gpt-5-nano", facts: ModelFacts{ContextTokens: 400_000, Reasoning: true, Price: usd(0.05, 0.40), Encoding: EncodingO200k}},
	{prefix: "gpt-5-mini", facts: ModelFacts{ContextTokens: 400_000, Reasoning: true, Price: usd(0.25, 2.00), Encoding: EncodingO200k, MinTokensPerMinute: 500_000}},
	{prefix: "gpt-5", facts: ModelFacts{ContextTokens: 400_000, Reasoning: true, Price: usd(1.25, 10.00), Encoding: EncodingO200k}},
	{prefix: "o1-mini", facts: ModelFacts{ContextTokens: 128_000, Reasoning: true, Encoding: EncodingO200k, MinTokensPerMinute: 200_000}},
	{prefix: "o1", facts: ModelFacts{ContextTokens: 200_000, Reasoning: true, Encoding: EncodingO200k}},
	{prefix: "o3-mini", facts: ModelFacts{ContextTokens: 200_000, Reasoning: true, Price: usd(1.10, 4.40), Encoding: EncodingO200k}},
	{prefix: "o3", facts: ModelFacts{ContextTokens: 200_000, Reasoning: true, Price: usd(2.00, 8.00), Encoding: EncodingO200k}},
	{prefix: "o4-mini", facts: ModelFacts{ContextTokens: 200_000, Reasoning: true, Price: usd(1.10, 4.40), Encoding: EncodingO200k}},
	{prefix: "o4", facts: ModelFacts{Reasoning: true, Encoding: EncodingO200k}},
	// Open models, as local servers and OpenRouter name them.
	{prefix: "llama3.1", facts: ModelFacts{ContextTokens: 131_072}},
	{prefix: "llama3.2", facts: ModelFacts{ContextTokens: 131_072}},
	{prefix: "llama3.3", facts: ModelFacts{ContextTokens: 131_072}},
	{prefix: "llama3", facts: ModelFacts{ContextTokens: 8_192}},
	{prefix: "mistral-nemo", facts: ModelFacts{ContextTokens: 131_072}},
	{prefix: "mistral", facts: ModelFacts{ContextTokens: 32_768}},
	{prefix: "mixtral", facts: ModelFacts{ContextTokens: 32_768}},
	{prefix: "qwen2.5", facts: ModelFacts{ContextTokens: 32_768}},
	{prefix: "qwen3", facts: ModelFacts{ContextTokens: 40_960}},
	{prefix: "gemma2", facts: ModelFacts{ContextTokens: 8_192}},
	{prefix: "gemma3", facts: ModelFacts{ContextTokens: 131_072}},
	{prefix: "phi3", facts: ModelFacts{ContextTokens: 4_096}},
	{prefix: "phi4", facts: ModelFacts{ContextTokens: 16_384}},
	{prefix: "deepseek-r1", facts: ModelFacts{ContextTokens: 131_072}},
	// OpenAI's older models, for their tokenizers only.
	{prefix: "text-embedding-", facts: ModelFacts{Encoding: EncodingCL100k}},
	{prefix: "text-davinci-003", facts: ModelFacts{Encoding: EncodingP50k}},
	{prefix: "text-davinci-002", facts: ModelFacts{Encoding: EncodingP50k}},
	{prefix: "text-davinci-edit-", facts: ModelFacts{Encoding: EncodingP50kE}},
	{prefix: "code-davinci-edit-", facts: ModelFacts{Encoding: EncodingP50kE}},
	{prefix: "code-davinci-", facts: ModelFacts{Encoding: EncodingP50k}},
	{prefix: "code-cushman-", facts: ModelFacts{Encoding: EncodingP50k}},
	{prefix: "davinci-codex", facts: ModelFacts{Encoding: EncodingP50k}},
	{prefix: "cushman-codex", facts: ModelFacts{Encoding: EncodingP50k}},
	{prefix: "text-davinci-001", facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "text-curie-", facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "text-babbage-", facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "text-ada-", facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "text-similarity-", facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "text-search-", facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "code-search-", facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "davinci", exact: true, facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "curie", exact: true, facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "babbage", exact: true, facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "ada", exact: true, facts: ModelFacts{Encoding: EncodingR50k}},
	{prefix: "gpt2", exact: true, facts: ModelFacts{Encoding: EncodingR50k}}, // same ranks as r50k_base
}

// baseModelName is a model name as the table knows it: lower case, without
// surrounding space or a vendor prefix ("openai/" on OpenRouter,
// "meta-llama/"), and Meta's spelling of Llama folded to Ollama's.
func baseModelName(model string) string {
	m := strings.ToLower(strings.TrimSpace(model))
	if i := strings.LastIndexByte(m, '/'); i >= 0 {
		m = m[i+1:]
	}
	return strings.ReplaceAll(m, "meta-llama-", "llama")
}

// LookupModel returns what brief's table knows of model; unknown facts are
// zero, except Encoding, which is always set. An encoding name such as
// "cl100k_base" given as the model selects that encoding.
func LookupModel(model string) ModelFacts {
	facts, _ := lookupModel(model)
	return facts
}

// lookupModel is LookupModel, and whether the table has the model.
func lookupModel(model string) (ModelFacts, bool) {
	m := baseModelName(model)
	best := -1
	for i, r := range models {
		match := m == r.prefix || (!r.exact && strings.HasPrefix(m, r.prefix))
		if match && (best < 0 || len(r.prefix) > len(models[best].prefix)) {
			best = i
		}
	}
	var facts ModelFacts
	if best >= 0 {
		facts = models[best].facts
	}
	switch {
	case isEncoding(m):
		facts.Encoding = m
	case facts.Encoding == "":
		facts.Encoding = EncodingO200k
	}
	return facts, best >= 0
}

// Where a window figure came from, as Summarizer logs it.
const (
	SourceCaller  = "the caller (--context-tokens)"
	SourceTable   = "brief's table of known models"
	SourceDefault = "brief's default for unknown models"
)

// knownWindow is the table's window for model, or DefaultContextTokens,
// with where the figure came from.
func knownWindow(model string) (int, string) {
	if w := LookupModel(model).ContextTokens; w > 0 {
		return w, SourceTable
	}
	return DefaultContextTokens, SourceDefault
}
