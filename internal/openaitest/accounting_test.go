package openaitest

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
)

// TestPromptAccountingPerStyle: only OpenAI bills the json_schema, and the
// density knob scales every count.
func TestPromptAccountingPerStyle(t *testing.T) {
	const schema = `{"type":"object","properties":{"summary":{"type":"string"},"points":{"type":"array","items":{"type":"string"}}},"required":["summary","points"],"additionalProperties":false}`
	msgs := []Message{{Role: "system", Content: "Summarize as JSON."}, {Role: "user", Content: strings.Repeat("The committee met on Tuesday and agreed the budget. ", 40)}}
	base := CountPromptTokens(msgs)
	compact := CountTokens(`{"type":"object","properties":{"summary":{"type":"string"},"points":{"type":"array","items":{"type":"string"}}}}`) + 9
	for _, tc := range []struct {
		style   Style
		density float64
		want    int
	}{
		{StyleOpenAI, 0, base + compact},
		{StyleOllama, 0, base},
		{StyleLlamaCpp, 0, base},
		{StyleVLLM, 0, base},
		{StyleVLLMLegacy, 0, base},
		{StyleLMStudio, 0, base},
		{StyleOllama, 1.3, int(math.Round(float64(base) * 1.3))},
		{StyleLlamaCpp, 0.6, int(math.Round(float64(base) * 0.6))},
		{StyleOpenAI, 0.6, int(math.Round(float64(base+compact) * 0.6))},
	} {
		srv := newTestServer(t, Config{ErrorStyle: tc.style, TokenDensity: tc.density})
		body := map[string]any{"model": "m", "messages": msgs, "max_tokens": 50,
			"response_format": map[string]any{"type": "json_schema", "json_schema": map[string]any{"name": "s", "strict": true, "schema": json.RawMessage(schema)}}}
		r := post(t, srv, "/chat/completions", body)
		var u struct {
			Usage struct {
				Prompt     int `json:"prompt_tokens"`
				Completion int `json:"completion_tokens"`
			} `json:"usage"`
		}
		if err := json.Unmarshal(r.body, &u); err != nil || r.status != 200 {
			t.Fatalf("%s: %d %s", tc.style, r.status, r.body)
		}
		if u.Usage.Prompt != tc.want {
			t.Errorf("%s density %v: prompt_tokens = %d, want %d", tc.style, tc.density, u.Usage.Prompt, tc.want)
		}
		if u.Usage.Completion > 50 {
			t.Errorf("%s density %v: completion_tokens %d over max_tokens 50", tc.style, tc.density, u.Usage.Completion)
		}
	}
}

// TestOllamaTruncatesInServerTokens: a dense-looking prompt past num_ctx
// is cut to fit, and the usage shows the smaller count.
func TestOllamaTruncatesInServerTokens(t *testing.T) {
	srv := newTestServer(t, Config{ErrorStyle: StyleOllama, ContextWindow: 1000, TokenDensity: 1.3})
	msgs := []Message{{Role: "user", Content: strings.Repeat("Every sentence here adds a few more tokens to the prompt. ", 200)}}
	r := post(t, srv, "/chat/completions", map[string]any{"model": "m", "messages": msgs, "max_tokens": 20})
	var u struct {
		Usage struct {
			Prompt int `json:"prompt_tokens"`
		} `json:"usage"`
	}
	if err := json.Unmarshal(r.body, &u); err != nil || r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if u.Usage.Prompt > 1000 || u.Usage.Prompt < 990 {
		t.Errorf("prompt_tokens = %d, want just under the window of 1000", u.Usage.Prompt)
	}
}

// TestLlamaCppJSONObjectUnenforced: llama-server answers json_object with
// prose even when the prompt carries a schema.
func TestLlamaCppJSONObjectUnenforced(t *testing.T) {
	srv := newTestServer(t, Config{ErrorStyle: StyleLlamaCpp})
	msgs := []Message{{Role: "user", Content: "Answer with JSON matching {\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}}}.\n\n```report\nThe board met. It approved the plan. Costs rose.\n```"}}
	r := post(t, srv, "/chat/completions", map[string]any{"model": "m", "messages": msgs, "response_format": map[string]string{"type": "json_object"}})
	var out struct {
		Choices []struct {
			Message struct{ Content string } `json:"message"`
		} `json:"choices"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil || len(out.Choices) == 0 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if c := out.Choices[0].Message.Content; strings.Contains(c, "{") {
		t.Errorf("content = %q, want prose", c)
	}
}

// TestWindowEndpoints: each style reports its window where the real server
// does, and nowhere else.
func TestWindowEndpoints(t *testing.T) {
	get := func(srv *Server, method, path, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, strings.TrimSuffix(srv.URL(), "/v1")+path, strings.NewReader(body))
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		return resp.StatusCode, m
	}
	num := func(v any) int { f, _ := v.(float64); return int(f) }

	vllm := newTestServer(t, Config{ErrorStyle: StyleVLLM, ContextWindow: 16384, Models: []string{"m"}})
	if _, m := get(vllm, "GET", "/v1/models", ""); num(m["data"].([]any)[0].(map[string]any)["max_model_len"]) != 16384 {
		t.Errorf("vllm /v1/models = %v", m)
	}
	if st, _ := get(vllm, "GET", "/props", ""); st != 404 {
		t.Errorf("vllm /props = %d, want 404", st)
	}

	llama := newTestServer(t, Config{ErrorStyle: StyleLlamaCpp, ContextWindow: 4096, ModelContextLength: 131072})
	if _, m := get(llama, "GET", "/props", ""); num(m["default_generation_settings"].(map[string]any)["n_ctx"]) != 4096 {
		t.Errorf("llama.cpp /props = %v", m)
	}
	_, m := get(llama, "GET", "/v1/models", "")
	meta := m["data"].([]any)[0].(map[string]any)["meta"].(map[string]any)
	if num(meta["n_ctx"]) != 4096 || num(meta["n_ctx_train"]) != 131072 {
		t.Errorf("llama.cpp meta = %v", meta)
	}

	ollama := newTestServer(t, Config{ErrorStyle: StyleOllama, ContextWindow: 8192, ModelContextLength: 131072, Models: []string{"llama3.1:8b"}})
	st, m := get(ollama, "POST", "/api/show", `{"model":"llama3.1:8b"}`)
	if st != 200 || num(m["model_info"].(map[string]any)["llama.context_length"]) != 131072 || !strings.Contains(m["parameters"].(string), "num_ctx                        8192") {
		t.Errorf("ollama /api/show = %d %v", st, m)
	}
	if st, _ := get(ollama, "POST", "/api/show", `{"model":"other"}`); st != 404 {
		t.Errorf("ollama /api/show unknown model = %d", st)
	}

	lms := newTestServer(t, Config{ErrorStyle: StyleLMStudio, ContextWindow: 32768})
	if _, m := get(lms, "GET", "/api/v0/models/qwen", ""); num(m["max_context_length"]) != 32768 {
		t.Errorf("lmstudio /api/v0/models = %v", m)
	}
}
