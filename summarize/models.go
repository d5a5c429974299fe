package summarize

import "strings"

// DefaultModel is the model used when none is named.
const DefaultModel = "gpt-4o-mini"

// DefaultContextTokens is the context window assumed for unknown models.
const DefaultContextTokens = 8192

// contextWindows maps model name prefixes to context windows, longest
// prefix first within each family. Local servers (Ollama, llama.cpp) run
// models with whatever window they were started with, often smaller than the
// model's maximum: such users should pass ContextTokens.
var contextWindows = []struct {
	prefix string
	tokens int
}{
	{"gpt-4.1", 1_047_576},
	{"gpt-4o", 128_000},
	{"gpt-4-turbo", 128_000},
	{"gpt-4-32k", 32_768},
	{"gpt-4", 8_192},
	{"gpt-3.5-turbo", 16_385},
	{"gpt-5", 400_000},
	{"o1-mini", 128_000},
	{"o1", 200_000},
	{"o3", 200_000},
	{"o4-mini", 200_000},
	{"chatgpt-4o", 128_000},
	{"llama3.1", 131_072},
	{"llama3.2", 131_072},
	{"llama3.3", 131_072},
	{"llama3", 8_192},
	{"mistral-nemo", 131_072},
	{"mistral", 32_768},
	{"mixtral", 32_768},
	{"qwen2.5", 32_768},
	{"qwen3", 40_960},
	{"gemma2", 8_192},
	{"gemma3", 131_072},
	{"phi3", 4_096},
	{"phi4", 16_384},
	{"deepseek-r1", 131_072},
}

// Where a window figure came from, as Summarizer logs it.
const (
	SourceCaller  = "the caller (--context-tokens)"
	SourceTable   = "brief's table of known models"
	SourceDefault = "brief's default for unknown models"
)

// knownWindow is ContextWindow with where the figure came from.
func knownWindow(model string) (int, string) {
	if w := ContextWindow(model); w != DefaultContextTokens || inTable(model) {
		return w, SourceTable
	}
	return DefaultContextTokens, SourceDefault
}

// inTable reports whether model matches an entry of the known-model table.
func inTable(model string) bool {
	m := normalModel(model)
	for _, e := range contextWindows {
		if strings.HasPrefix(m, e.prefix) {
			return true
		}
	}
	return false
}

func normalModel(model string) string {
	m := strings.ToLower(model)
	if i := strings.LastIndexByte(m, '/'); i >= 0 {
		m = m[i+1:]
	}
	return strings.ReplaceAll(m, "meta-llama-", "llama")
}

// ContextWindow returns the known context window of model, or
// DefaultContextTokens. Vendor prefixes such as "openai/" (OpenRouter) and
// "meta-llama/" are ignored.
func ContextWindow(model string) int {
	m := normalModel(model)
	for _, e := range contextWindows {
		if strings.HasPrefix(m, e.prefix) {
			return e.tokens
		}
	}
	return DefaultContextTokens
}

// reasoningModel reports whether model is an OpenAI reasoning model, which
// takes max_completion_tokens and no temperature.
func reasoningModel(model string) bool {
	m := strings.ToLower(model)
	if i := strings.LastIndexByte(m, '/'); i >= 0 {
		m = m[i+1:]
	}
	for _, p := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return false
}
