package openaitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	openai "github.com/sashabaranov/go-openai"
)

func newTestServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	s := NewServer(cfg)
	t.Cleanup(s.Close)
	return s
}

func newClient(s *Server, key string) *openai.Client {
	cfg := openai.DefaultConfig(key)
	cfg.BaseURL = s.URL()
	cfg.HTTPClient = s.Client()
	return openai.NewClientWithConfig(cfg)
}

// rawResponse is an HTTP answer read whole.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// post sends body (a string, []byte or value to encode) to path under the
// server's /v1 with optional headers given as name, value pairs.
func post(t testing.TB, s *Server, path string, body any, hdr ...string) rawResponse {
	t.Helper()
	var b []byte
	switch v := body.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(http.MethodPost, s.URL()+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return do(t, s, req)
}

func do(t testing.TB, s *Server, req *http.Request) rawResponse {
	t.Helper()
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: out}
}

// chatBody builds a request body map; opts are merged in.
func chatBody(model string, msgs []Message, opts map[string]any) map[string]any {
	m := map[string]any{"model": model, "messages": msgs}
	for k, v := range opts {
		m[k] = v
	}
	return m
}

func userMsg(text string) []Message {
	return []Message{{Role: "system", Content: "You write briefs."}, {Role: "user", Content: text}}
}

// numbered prefixes each blank-line paragraph with a [P#] marker, as the
// brief pipeline does before asking for citations.
func numbered(text string) string {
	var out []string
	n := 0
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		n++
		out = append(out, fmt.Sprintf("[P%d] %s", n, strings.TrimSpace(p)))
	}
	return strings.Join(out, "\n\n")
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// reportPrompt is a user message quoting the GAO excerpt with markers.
func reportPrompt(t testing.TB) string {
	return "Write a brief of the report below. Cite paragraph numbers.\n\n```report\n" +
		numbered(readTestdata(t, "gao-26-107955-excerpt.md")) + "\n```\n"
}

// briefSchema is the kind of schema the brief pipeline sends.
const briefSchema = `{
  "type": "object",
  "additionalProperties": false,
  "required": ["title", "date", "lead", "background", "key_facts", "sections", "confidence"],
  "properties": {
    "title": {"type": "string", "maxLength": 120},
    "date": {"type": "string"},
    "lead": {"type": "string"},
    "background": {"type": "string"},
    "key_facts": {
      "type": "array", "minItems": 1, "maxItems": 5,
      "items": {
        "type": "object", "additionalProperties": false,
        "required": ["fact", "paragraph"],
        "properties": {"fact": {"type": "string"}, "paragraph": {"type": "integer", "minimum": 1}}
      }
    },
    "sections": {"type": "array", "items": {"$ref": "#/$defs/section"}},
    "confidence": {"type": "string", "enum": ["low", "medium", "high"]}
  },
  "$defs": {
    "section": {
      "type": "object", "additionalProperties": false,
      "required": ["heading", "body", "sources"],
      "properties": {
        "heading": {"type": "string"},
        "body": {"type": "string"},
        "sources": {"type": "array", "items": {"type": "integer"}, "minItems": 1}
      }
    }
  }
}`

func jsonSchemaFormat(name, schema string, strict bool) map[string]any {
	return map[string]any{"type": "json_schema", "json_schema": map[string]any{
		"name": name, "strict": strict, "schema": json.RawMessage(schema),
	}}
}

var compileMu sync.Mutex

// validateJSON checks doc against schema with an independent validator.
func validateJSON(t testing.TB, schema, doc string) {
	t.Helper()
	compileMu.Lock()
	c := jsonschema.NewCompiler()
	sdoc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema))
	if err != nil {
		compileMu.Unlock()
		t.Fatalf("schema: %v", err)
	}
	if err := c.AddResource("schema.json", sdoc); err != nil {
		compileMu.Unlock()
		t.Fatal(err)
	}
	sch, err := c.Compile("schema.json")
	compileMu.Unlock()
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, doc)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("answer does not match schema: %v\n%s", err, doc)
	}
}

// decodeChat decodes a non-streamed answer.
func decodeChat(t testing.TB, body []byte) openai.ChatCompletionResponse {
	t.Helper()
	var r openai.ChatCompletionResponse
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("decode answer: %v\n%s", err, body)
	}
	return r
}

// openAIError decodes an OpenAI-shaped error body.
func openAIError(t testing.TB, body []byte) map[string]any {
	t.Helper()
	var e struct {
		Error map[string]any `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error == nil {
		t.Fatalf("not an error envelope: %v\n%s", err, body)
	}
	return e.Error
}

// manualClock is a settable clock for rate-window tests.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *manualClock {
	return &manualClock{t: time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)}
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
