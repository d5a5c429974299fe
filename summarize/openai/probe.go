package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/brief-cli/brief/summarize"
)

// probeTimeout bounds each window probe: a server that does not answer
// quickly is taken not to have the endpoint.
const probeTimeout = 3 * time.Second

// ollamaDefaultContext is the window Ollama gives a model whose Modelfile
// sets no num_ctx, on machines under 24 GiB of VRAM (Ollama docs,
// context-length.mdx; older versions used 2048 and OLLAMA_CONTEXT_LENGTH
// overrides it): brief cannot see the server's setting, so it errs small.
const ollamaDefaultContext = 4096

// ProbeWindow asks the server for the model's context window, trying at
// once the endpoints that the local servers document: vLLM's /v1/models
// max_model_len, llama.cpp's /v1/models meta.n_ctx and /props
// default_generation_settings.n_ctx (both per slot), Ollama's /api/show at
// the server root, and LM Studio's /api/v0/models. Each probe has a short
// timeout; a probe that fails tells nothing. OpenAI's own API (no base
// URL, or api.openai.com) is not probed: its /v1/models gives no window.
func (c *Client) ProbeWindow(ctx context.Context) summarize.WindowInfo {
	w, _ := c.probe(ctx)
	return w
}

// What a probe found of the server (Client.server).
const (
	serverLocal = 1 + iota // local inference software
	serverOther
)

// probe is ProbeWindow, and whether one of the local servers' own
// endpoints answered (OpenRouter's context_length is not one).
func (c *Client) probe(ctx context.Context) (w summarize.WindowInfo, local bool) {
	if c.OpenAIPlatform() {
		return summarize.WindowInfo{}, false
	}
	base := strings.TrimRight(c.cfg.BaseURL, "/")
	root := strings.TrimSuffix(base, "/v1")
	model := c.cfg.Model
	hc := c.cfg.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	probes := []func(context.Context, *http.Client) (summarize.WindowInfo, bool){
		func(ctx context.Context, hc *http.Client) (summarize.WindowInfo, bool) {
			return c.probeModels(ctx, hc, base, model)
		},
		func(ctx context.Context, hc *http.Client) (summarize.WindowInfo, bool) {
			w := c.probeProps(ctx, hc, root)
			return w, w.Tokens > 0
		},
		func(ctx context.Context, hc *http.Client) (summarize.WindowInfo, bool) {
			w := c.probeOllama(ctx, hc, root, model)
			return w, w.Tokens > 0
		},
		func(ctx context.Context, hc *http.Client) (summarize.WindowInfo, bool) {
			w := c.probeLMStudio(ctx, hc, root, model)
			return w, w.Tokens > 0
		},
	}
	found := make([]summarize.WindowInfo, len(probes))
	server := make([]bool, len(probes))
	var wg sync.WaitGroup
	for i, p := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pctx, cancel := context.WithTimeout(ctx, probeTimeout)
			defer cancel()
			found[i], server[i] = p(pctx, hc)
		}()
	}
	wg.Wait()
	for i := range found {
		local = local || server[i]
	}
	if local {
		c.server.Store(serverLocal)
	} else if ctx.Err() == nil {
		c.server.Store(serverOther)
	}
	for _, f := range found { // in order of precedence
		if f.Tokens > 0 {
			return f, local
		}
	}
	return summarize.WindowInfo{}, local
}

// Local reports whether the server is local inference software, which
// enforces no rate limits (summarize.LocalServer): one of llama.cpp,
// vLLM, Ollama and LM Studio, known by its own metadata endpoint (those
// ProbeWindow reads), at a loopback or private address. Both are needed:
// a gateway in front of a hosted API (LiteLLM on localhost) answers none
// of those endpoints, and a hosted vLLM is at a public address; either
// keeps the pacer's guard against unknown limits. The server is asked
// only if ProbeWindow has not asked it already.
func (c *Client) Local(ctx context.Context) bool {
	if c.OpenAIPlatform() {
		return false // and its name need not be resolved
	}
	u, err := url.Parse(c.cfg.BaseURL)
	if err != nil || !privateHost(ctx, u.Hostname()) {
		return false
	}
	if c.server.Load() == 0 {
		c.probe(ctx)
	}
	return c.server.Load() == serverLocal
}

// openAIHost is the host of OpenAI's own API.
const openAIHost = "api.openai.com"

// OpenAIPlatform reports whether the requests go to OpenAI's own API
// (summarize.OpenAIPlatform): no base URL, or one whose host is
// api.openai.com. Azure, OpenRouter, gateways and local servers, whose
// limits are their own, are not it.
func (c *Client) OpenAIPlatform() bool {
	if c.cfg.BaseURL == "" {
		return true
	}
	u, err := url.Parse(c.cfg.BaseURL)
	return err == nil && strings.EqualFold(strings.TrimSuffix(u.Hostname(), "."), openAIHost)
}

// privateHost reports whether host is this machine or on a private
// network: localhost, or addresses (as written, or all those its name
// resolves to) that are loopback, private (RFC 1918, IPv6 unique local)
// or link-local.
func privateHost(ctx context.Context, host string) bool {
	if host == "" {
		return false
	}
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else {
		rctx, cancel := context.WithTimeout(ctx, probeTimeout)
		defer cancel()
		if addrs, err = net.DefaultResolver.LookupNetIP(rctx, "ip", host); err != nil {
			return false
		}
	}
	for _, a := range addrs {
		a = a.Unmap()
		if !a.IsLoopback() && !a.IsPrivate() && !a.IsLinkLocalUnicast() {
			return false
		}
	}
	return len(addrs) > 0
}

// getJSON fetches u and decodes a 200 answer into v.
func (c *Client) getJSON(ctx context.Context, hc *http.Client, method, u string, body []byte, v any) bool {
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return false
	}
	if c.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return false
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(v) == nil
}

// probeModels reads /v1/models: vLLM's max_model_len
// (vllm/entrypoints/openai/protocol.py, ModelCard), llama-server's
// meta.n_ctx, the window of one slot (observed), OpenRouter's
// context_length (its models API).
func (c *Client) probeModels(ctx context.Context, hc *http.Client, base, model string) (w summarize.WindowInfo, local bool) {
	var list struct {
		Data []struct {
			ID            string `json:"id"`
			MaxModelLen   int    `json:"max_model_len"`
			ContextLength int    `json:"context_length"`
			Meta          *struct {
				NCtx      int `json:"n_ctx"`
				NCtxTrain int `json:"n_ctx_train"`
			} `json:"meta"`
		} `json:"data"`
	}
	if !c.getJSON(ctx, hc, http.MethodGet, base+"/models", nil, &list) {
		return summarize.WindowInfo{}, false
	}
	for i, m := range list.Data {
		// llama-server serves one model whatever the name asked for.
		if m.ID != model && !(len(list.Data) == 1 && i == 0) {
			continue
		}
		switch {
		case m.Meta != nil && m.Meta.NCtx > 0:
			return summarize.WindowInfo{Tokens: m.Meta.NCtx, Source: "llama.cpp /v1/models meta.n_ctx (per slot)"}, true
		case m.MaxModelLen > 0:
			return summarize.WindowInfo{Tokens: m.MaxModelLen, Source: "vLLM /v1/models max_model_len"}, true
		case m.ContextLength > 0:
			return summarize.WindowInfo{Tokens: m.ContextLength, Source: "/v1/models context_length"}, false
		}
	}
	return summarize.WindowInfo{}, false
}

// probeProps reads llama-server's GET /props (llama.cpp
// tools/server/README.md): default_generation_settings.n_ctx is one slot's
// window, the whole context divided by --parallel.
func (c *Client) probeProps(ctx context.Context, hc *http.Client, root string) summarize.WindowInfo {
	var p struct {
		Default struct {
			NCtx int `json:"n_ctx"`
		} `json:"default_generation_settings"`
	}
	if !c.getJSON(ctx, hc, http.MethodGet, root+"/props", nil, &p) || p.Default.NCtx <= 0 {
		return summarize.WindowInfo{}
	}
	return summarize.WindowInfo{Tokens: p.Default.NCtx, Source: "llama.cpp /props default_generation_settings.n_ctx (per slot)"}
}

var reNumCtx = regexp.MustCompile(`(?m)^\s*num_ctx\s+(\d+)`)

// probeOllama reads Ollama's POST /api/show at the server root (ollama
// docs/api.md): model_info "<arch>.context_length" is the model's length,
// parameters may set num_ctx, where Ollama cuts prompts without a word.
func (c *Client) probeOllama(ctx context.Context, hc *http.Client, root, model string) summarize.WindowInfo {
	body, _ := json.Marshal(map[string]string{"model": model})
	var show struct {
		Parameters string                     `json:"parameters"`
		ModelInfo  map[string]json.RawMessage `json:"model_info"`
	}
	if !c.getJSON(ctx, hc, http.MethodPost, root+"/api/show", body, &show) || show.ModelInfo == nil {
		return summarize.WindowInfo{}
	}
	length := 0
	for k, v := range show.ModelInfo {
		if strings.HasSuffix(k, ".context_length") {
			length, _ = strconv.Atoi(string(v))
		}
	}
	if m := reNumCtx.FindStringSubmatch(show.Parameters); m != nil {
		n, _ := strconv.Atoi(m[1])
		w := summarize.WindowInfo{Tokens: n, Source: "Ollama /api/show num_ctx"}
		if length > n {
			w.Warning = fmt.Sprintf("the model %s is made for %d tokens but Ollama runs it with num_ctx %d and silently cuts longer prompts; brief keeps its prompts under %d (raise num_ctx in the Modelfile for larger chunks)", model, length, n, n)
		}
		return w
	}
	if length <= 0 {
		return summarize.WindowInfo{}
	}
	n := min(length, ollamaDefaultContext)
	return summarize.WindowInfo{Tokens: n, Source: fmt.Sprintf("Ollama /api/show (context_length %d, no num_ctx: Ollama's default of %d assumed)", length, ollamaDefaultContext),
		Warning: fmt.Sprintf("the model %s sets no num_ctx, so Ollama uses its server default (OLLAMA_CONTEXT_LENGTH) and silently cuts longer prompts; brief assumes %d tokens (set --context-tokens to the server's real setting)", model, n)}
}

// probeLMStudio reads LM Studio's GET /api/v0/models/{model}
// (https://lmstudio.ai/docs/developer/rest/endpoints): max_context_length.
func (c *Client) probeLMStudio(ctx context.Context, hc *http.Client, root, model string) summarize.WindowInfo {
	var m struct {
		MaxContextLength int `json:"max_context_length"`
	}
	if !c.getJSON(ctx, hc, http.MethodGet, root+"/api/v0/models/"+url.PathEscape(model), nil, &m) || m.MaxContextLength <= 0 {
		return summarize.WindowInfo{}
	}
	return summarize.WindowInfo{Tokens: m.MaxContextLength, Source: "LM Studio /api/v0/models max_context_length"}
}
