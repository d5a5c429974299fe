package openai

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/brief-cli/brief/internal/openaitest"
)

// TestProbeWindow asks each kind of fake server for its window.
func TestProbeWindow(t *testing.T) {
	tests := []struct {
		cfg     openaitest.Config
		tokens  int
		source  string
		warning string
	}{
		{openaitest.Config{ErrorStyle: "vllm", ContextWindow: 16384}, 16384, "vLLM /v1/models max_model_len", ""},
		{openaitest.Config{ErrorStyle: "vllm-legacy", ContextWindow: 8192}, 8192, "vLLM /v1/models max_model_len", ""},
		{openaitest.Config{ErrorStyle: "llamacpp", ContextWindow: 4096, ModelContextLength: 131072}, 4096, "llama.cpp /v1/models meta.n_ctx (per slot)", ""},
		{openaitest.Config{ErrorStyle: "ollama", ContextWindow: 8192, ModelContextLength: 131072}, 8192, "Ollama /api/show num_ctx", "num_ctx 8192"},
		{openaitest.Config{ErrorStyle: "ollama", ContextWindow: 32768, ModelContextLength: 32768}, 32768, "Ollama /api/show num_ctx", ""},
		{openaitest.Config{ErrorStyle: "ollama", ContextWindow: 2048, ModelContextLength: 131072, NoNumCtx: true}, 4096, "Ollama /api/show (context_length 131072", "sets no num_ctx"},
		{openaitest.Config{ErrorStyle: "lmstudio", ContextWindow: 32768}, 32768, "LM Studio /api/v0/models max_context_length", ""},
		{openaitest.Config{ContextWindow: 32768}, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.cfg.ErrorStyle), func(t *testing.T) {
			srv := openaitest.NewServer(tt.cfg)
			defer srv.Close()
			c := New(Config{BaseURL: srv.URL(), Model: "local-model"})
			w := c.ProbeWindow(context.Background())
			if w.Tokens != tt.tokens || !strings.HasPrefix(w.Source, tt.source) || !strings.Contains(w.Warning, tt.warning) || (tt.warning == "") != (w.Warning == "") {
				t.Errorf("got %+v, want %d from %q, warning %q", w, tt.tokens, tt.source, tt.warning)
			}
		})
	}
}

// TestProbeNothingThere: a dead endpoint costs no more than the probe's
// timeout and tells nothing.
func TestProbeNothingThere(t *testing.T) {
	c := New(Config{BaseURL: "http://127.0.0.1:9/v1", Model: "m"})
	if w := c.ProbeWindow(context.Background()); w.Tokens != 0 {
		t.Errorf("got %+v from nothing", w)
	}
}

// TestLocal: a local server is known by its own metadata endpoint at a
// loopback address; an OpenAI-style server there (a gateway in front of a
// hosted API, or the fake one of the rate-limit benchmarks) is not, nor
// is OpenAI's own API.
func TestLocal(t *testing.T) {
	tests := []struct {
		cfg  openaitest.Config
		want bool
	}{
		{openaitest.Config{ErrorStyle: "llamacpp", ContextWindow: 4096}, true},
		{openaitest.Config{ErrorStyle: "vllm", ContextWindow: 16384}, true},
		{openaitest.Config{ErrorStyle: "ollama", ContextWindow: 8192, ModelContextLength: 8192}, true},
		{openaitest.Config{ErrorStyle: "lmstudio", ContextWindow: 32768}, true},
		{openaitest.Config{ContextWindow: 32768, TPM: 200_000}, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.cfg.ErrorStyle), func(t *testing.T) {
			srv := openaitest.NewServer(tt.cfg)
			defer srv.Close()
			for _, probeFirst := range []bool{false, true} {
				c := New(Config{BaseURL: srv.URL(), Model: "local-model"})
				if probeFirst {
					c.ProbeWindow(context.Background())
				}
				if got := c.Local(context.Background()); got != tt.want {
					t.Errorf("window probed first %t: Local = %t, want %t", probeFirst, got, tt.want)
				}
			}
		})
	}
	if New(Config{Model: "gpt-4o-mini"}).Local(context.Background()) {
		t.Error("OpenAI's API is local")
	}
}

func TestPrivateHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST": true, "ollama.localhost": true,
		"127.0.0.1": true, "127.8.9.10": true, "::1": true,
		"10.0.0.5": true, "172.16.3.4": true, "192.168.1.20": true, "fd12:3456::1": true, "169.254.10.1": true, "::ffff:192.168.1.20": true,
		"8.8.8.8": false, "172.32.0.1": false, "2001:4860:4860::8888": false, "": false,
	} {
		if got := privateHost(context.Background(), host); got != want {
			t.Errorf("privateHost(%q) = %t, want %t", host, got, want)
		}
	}
}

// TestOpenAIPlatform: OpenAI's own API is the empty base URL or any on
// api.openai.com; Azure, gateways and local servers are not it.
func TestOpenAIPlatform(t *testing.T) {
	for _, tt := range []struct {
		baseURL string
		want    bool
	}{
		{"", true},
		{"https://api.openai.com/v1", true},
		{"https://API.OPENAI.COM/v1", true},
		{"https://api.openai.com:443/v1/", true},
		{"https://api.openai.com./v1", true},
		{"https://my-resource.openai.azure.com/openai/v1?api-version=2024-10-21", false},
		{"https://openrouter.ai/api/v1", false},
		{"http://localhost:8080/v1", false},
		{"https://api.openai.com.example.net/v1", false},
		{"https://gateway.example.net/api.openai.com/v1", false},
	} {
		if got := New(Config{BaseURL: tt.baseURL, Model: "gpt-4o-mini"}).OpenAIPlatform(); got != tt.want {
			t.Errorf("OpenAIPlatform() for base URL %q = %t, want %t", tt.baseURL, got, tt.want)
		}
	}
}

// TestPlatformNotProbed: on OpenAI's own API neither ProbeWindow nor
// Local sends a request.
func TestPlatformNotProbed(t *testing.T) {
	var sent atomic.Int32
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent.Add(1)
		return nil, errors.New("no request expected")
	})}
	c := New(Config{BaseURL: "https://api.openai.com/v1", Model: "gpt-4o-mini", HTTPClient: hc})
	if w := c.ProbeWindow(context.Background()); w.Tokens != 0 {
		t.Errorf("ProbeWindow = %+v", w)
	}
	if c.Local(context.Background()) {
		t.Error("Local = true for OpenAI's API")
	}
	if n := sent.Load(); n > 0 {
		t.Errorf("%d requests sent to OpenAI's API by the probes", n)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
