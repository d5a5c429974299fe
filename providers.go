package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"
)

// provider is a preset: where a service's OpenAI-compatible API lives and
// the environment variable that conventionally holds its key. A profile
// names one with provider = "NAME" and starts from it.
type provider struct {
	name    string
	title   string
	baseURL string
	keyEnv  string // "" for local servers that need no key
	note    string
}

// azureBaseURL holds a placeholder a profile must replace with its own
// resource's name: there is no shared Azure endpoint.
const azureBaseURL = "https://YOUR-RESOURCE-NAME.openai.azure.com/openai/v1"

// providers are the presets, in the order `brief providers` lists them.
// Base URLs and ports are those the services document:
var providers = []provider{
	// OpenAI: the go-openai default, https://api.openai.com/v1.
	{"openai", "OpenAI", "https://api.openai.com/v1", "OPENAI_API_KEY", ""},
	// Azure OpenAI v1 API: learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle
	// ("base_url = https://YOUR-RESOURCE-NAME.openai.azure.com/openai/v1/", no api-version needed).
	{"azure", "Azure OpenAI", azureBaseURL, "AZURE_OPENAI_API_KEY", "set base_url to your resource; model is the deployment name"},
	// Ollama: docs/openai.md, base_url http://localhost:11434/v1/ ("api_key required but ignored").
	{"ollama", "Ollama", "http://localhost:11434/v1", "", "local; no key"},
	// LM Studio: lmstudio.ai/docs/api/openai-api, http://localhost:1234/v1 (port 1234 by default).
	{"lmstudio", "LM Studio", "http://localhost:1234/v1", "", "local; no key"},
	// llama.cpp llama-server: --port defaults to 8080, --host to 127.0.0.1 (tools/server README).
	{"llamacpp", "llama.cpp llama-server", "http://localhost:8080/v1", "", "local; a key only if started with --api-key"},
	// vLLM: `vllm serve` listens on port 8000 (docs.vllm.ai, OpenAI-Compatible Server).
	{"vllm", "vLLM", "http://localhost:8000/v1", "", "local; a key only if started with --api-key"},
	// OpenRouter: openrouter.ai/docs/quickstart, base_url https://openrouter.ai/api/v1, OPENROUTER_API_KEY.
	{"openrouter", "OpenRouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", "models are vendor/name, e.g. openai/gpt-4o-mini"},
	// Groq: console.groq.com/docs/openai, base_url https://api.groq.com/openai/v1, GROQ_API_KEY.
	{"groq", "Groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY", ""},
	// Together AI: docs.together.ai/docs/inference/openai-compatibility, https://api.together.ai/v1, TOGETHER_API_KEY.
	{"together", "Together AI", "https://api.together.ai/v1", "TOGETHER_API_KEY", "models are vendor/name"},
	// Gemini's OpenAI endpoint: ai.google.dev/gemini-api/docs/openai,
	// https://generativelanguage.googleapis.com/v1beta/openai/, key from AI Studio.
	{"gemini", "Google Gemini (OpenAI endpoint)", "https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY", ""},
	// Mistral: docs.mistral.ai, https://api.mistral.ai/v1, MISTRAL_API_KEY.
	{"mistral", "Mistral", "https://api.mistral.ai/v1", "MISTRAL_API_KEY", ""},
}

// providerNamed returns the preset called name.
func providerNamed(name string) (provider, bool) {
	for _, p := range providers {
		if p.name == name {
			return p, true
		}
	}
	return provider{}, false
}

func providerNames() string {
	names := make([]string, len(providers))
	for i, p := range providers {
		names[i] = p.name
	}
	return strings.Join(names, ", ")
}

// providersCommand is `brief providers`.
func providersCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "providers",
		Usage: "list the provider presets a profile can start from (provider = \"NAME\")",
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("brief providers takes no arguments.")
			}
			listProviders(stdout)
			return nil
		},
	}
}

func listProviders(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tBASE URL\tKEY VARIABLE\tNOTES")
	for _, p := range providers {
		key := p.keyEnv
		if key == "" {
			key = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.name, p.baseURL, key, p.note)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nUse one in ~/.config/brief/config.toml:  [profiles.local]  provider = \"ollama\"  model = \"llama3.1:8b\"")
}
