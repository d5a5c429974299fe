package openaitest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

func TestChatJSONSchemaThroughGoOpenAI(t *testing.T) {
	s := newTestServer(t, Config{Models: []string{"gpt-4o-mini"}})
	client := newClient(s, "sk-anything")
	prompt := reportPrompt(t)
	req := openai.ChatCompletionRequest{
		Model:    "gpt-4o-mini",
		Messages: []openai.ChatCompletionMessage{{Role: "system", Content: "You write briefs."}, {Role: "user", Content: prompt}},
		ResponseFormat: &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: "brief", Schema: json.RawMessage(briefSchema), Strict: true,
			},
		},
	}
	resp, err := client.CreateChatCompletion(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Choices) != 1 || resp.Choices[0].FinishReason != openai.FinishReasonStop {
		t.Fatalf("choices = %+v", resp.Choices)
	}
	content := resp.Choices[0].Message.Content
	validateJSON(t, briefSchema, content)

	var brief struct {
		Title    string `json:"title"`
		Date     string `json:"date"`
		KeyFacts []struct {
			Fact      string `json:"fact"`
			Paragraph int    `json:"paragraph"`
		} `json:"key_facts"`
		Sections []struct {
			Sources []int `json:"sources"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(content), &brief); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(prompt, brief.Title) || brief.Title == "" {
		t.Errorf("title %q is not from the text", brief.Title)
	}
	if brief.Date != "2026-03-12" && !strings.Contains(prompt, brief.Date) {
		t.Errorf("date %q is not from the text", brief.Date)
	}
	// Every fact is a sentence of the paragraph it cites.
	paras := paragraphsByMarker(prompt)
	for _, f := range brief.KeyFacts {
		if !strings.Contains(strings.Join(strings.Fields(paras[f.Paragraph]), " "), f.Fact) {
			t.Errorf("fact %q is not in [P%d] %q", f.Fact, f.Paragraph, paras[f.Paragraph])
		}
	}
	for _, sec := range brief.Sections {
		for _, p := range sec.Sources {
			if _, ok := paras[p]; !ok {
				t.Errorf("section cites [P%d], which the text lacks", p)
			}
		}
	}
	if resp.Usage.PromptTokens != CountPromptTokens([]Message{{Role: "system", Content: "You write briefs."}, {Role: "user", Content: prompt}})+openAISchemaTokens(mustOrdered(t, briefSchema).(*ordMap)) {
		t.Errorf("prompt tokens = %d", resp.Usage.PromptTokens)
	}
	if resp.Usage.CompletionTokens != CountTokens(content) || resp.Usage.TotalTokens != resp.Usage.PromptTokens+resp.Usage.CompletionTokens {
		t.Errorf("usage = %+v", resp.Usage)
	}
	if !strings.HasPrefix(resp.ID, "chatcmpl-") || resp.Object != "chat.completion" || resp.Model != "gpt-4o-mini" {
		t.Errorf("envelope = %q %q %q", resp.ID, resp.Object, resp.Model)
	}

	log := s.Requests()
	if len(log) != 1 || log[0].ResponseFormat != "json_schema" || log[0].SchemaName != "brief" || log[0].Model != "gpt-4o-mini" || log[0].Status != 200 {
		t.Fatalf("log = %+v", log)
	}
	if log[0].Authorization != "Bearer sk-anything" || len(log[0].Messages) != 2 || log[0].Messages[1].Content != prompt {
		t.Errorf("logged request = %+v", log[0])
	}
}

func mustOrdered(t testing.TB, s string) any {
	t.Helper()
	v, err := decodeOrdered([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var markerPara = regexp.MustCompile(`(?s)\[P(\d+)\]\s*(.*?)(?:\n\n|\n` + "```" + `|$)`)

func paragraphsByMarker(text string) map[int]string {
	out := map[int]string{}
	for _, m := range markerPara.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		out[n] = m[2]
	}
	return out
}

func TestStreamAssemblesToNonStreamedContent(t *testing.T) {
	for _, tc := range []struct {
		name string
		rf   *openai.ChatCompletionResponseFormat
		max  int
	}{
		{name: "text"},
		{name: "json_object", rf: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}},
		{name: "json_schema", rf: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{Name: "brief", Schema: json.RawMessage(briefSchema)}}},
		{name: "cut by max_tokens", max: 17},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, Config{})
			client := newClient(s, "k")
			req := openai.ChatCompletionRequest{
				Model:          "gpt-4o-mini",
				Messages:       []openai.ChatCompletionMessage{{Role: "user", Content: reportPrompt(t) + "Answer in JSON."}},
				ResponseFormat: tc.rf,
				MaxTokens:      tc.max,
			}
			whole, err := client.CreateChatCompletion(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
			stream, err := client.CreateChatCompletionStream(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			defer stream.Close()
			var b strings.Builder
			var finish openai.FinishReason
			var u *openai.Usage
			chunks := 0
			for {
				r, err := stream.Recv()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				chunks++
				if r.Usage != nil {
					u = r.Usage
					if len(r.Choices) != 0 {
						t.Errorf("usage chunk has choices %+v", r.Choices)
					}
					continue
				}
				if len(r.Choices) != 1 {
					t.Fatalf("chunk has %d choices", len(r.Choices))
				}
				b.WriteString(r.Choices[0].Delta.Content)
				if r.Choices[0].FinishReason != "" {
					finish = r.Choices[0].FinishReason
				}
			}
			if got, want := b.String(), whole.Choices[0].Message.Content; got != want {
				t.Errorf("streamed content differs:\n got %q\nwant %q", got, want)
			}
			if finish != whole.Choices[0].FinishReason {
				t.Errorf("finish = %q, want %q", finish, whole.Choices[0].FinishReason)
			}
			if u == nil || u.PromptTokens != whole.Usage.PromptTokens || u.CompletionTokens != whole.Usage.CompletionTokens || u.TotalTokens != whole.Usage.TotalTokens {
				t.Errorf("stream usage = %+v, want %+v", u, whole.Usage)
			}
			if chunks < 4 {
				t.Errorf("only %d chunks", chunks)
			}
			if tc.max > 0 && (whole.Choices[0].FinishReason != openai.FinishReasonLength || whole.Usage.CompletionTokens != tc.max) {
				t.Errorf("max_tokens %d: finish %q, completion tokens %d", tc.max, whole.Choices[0].FinishReason, whole.Usage.CompletionTokens)
			}
		})
	}
}

func TestStreamWireFormat(t *testing.T) {
	s := newTestServer(t, Config{})
	r := post(t, s, "/chat/completions", chatBody("m", userMsg("One sentence here. Another one follows."), map[string]any{"stream": true}))
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("status %d, content type %q", r.status, r.header.Get("Content-Type"))
	}
	events := strings.Split(strings.TrimSuffix(string(r.body), "\n\n"), "\n\n")
	if last := events[len(events)-1]; last != "data: [DONE]" {
		t.Fatalf("last event %q", last)
	}
	var first, final map[string]any
	if err := json.Unmarshal([]byte(strings.TrimPrefix(events[0], "data: ")), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(strings.TrimPrefix(events[len(events)-2], "data: ")), &final); err != nil {
		t.Fatal(err)
	}
	d := first["choices"].([]any)[0].(map[string]any)["delta"].(map[string]any)
	if d["role"] != "assistant" || d["content"] != "" || first["object"] != "chat.completion.chunk" {
		t.Errorf("first chunk = %v", first)
	}
	if _, ok := first["usage"]; ok {
		t.Errorf("usage present without include_usage: %v", first)
	}
	c := final["choices"].([]any)[0].(map[string]any)
	if c["finish_reason"] != "stop" || len(c["delta"].(map[string]any)) != 0 {
		t.Errorf("final chunk = %v", final)
	}
	for _, e := range events {
		if !strings.HasPrefix(e, "data: ") {
			t.Errorf("event %q lacks data: prefix", e)
		}
	}
}

func TestTextModes(t *testing.T) {
	report := "```report\n[P1] The ministry published the survey on 4 May 2023. It found that flooding displaced thousands of families.\n\n[P2] Aid groups asked for more shelters. The government promised funds within a month.\n```"
	schemaPrompt := "Fill this schema:\n```json\n{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},\"points\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":[\"title\",\"points\"]}\n```\n" + report
	for _, tc := range []struct {
		name, prompt string
		rf           map[string]any
		check        func(t *testing.T, content string)
	}{
		{"text is sentences of the text", report, nil, func(t *testing.T, content string) {
			for _, s := range splitSentences(content) {
				if !strings.Contains(report, s) {
					t.Errorf("sentence %q is not from the text", s)
				}
			}
			if strings.Contains(content, "[P") {
				t.Errorf("markers leaked: %q", content)
			}
		}},
		{"text with schema answers prose then fenced JSON", schemaPrompt, nil, func(t *testing.T, content string) {
			first, rest, ok := strings.Cut(content, "\n\n```json\n")
			if !ok || strings.Contains(first, "{") || !strings.HasSuffix(rest, "\n```") {
				t.Fatalf("shape: %q", content)
			}
			validateJSON(t, `{"type":"object","properties":{"title":{"type":"string"},"points":{"type":"array","items":{"type":"string"}}},"required":["title","points"]}`, strings.TrimSuffix(rest, "\n```"))
		}},
		{"json_object fills the prompt's schema", schemaPrompt, map[string]any{"type": "json_object"}, func(t *testing.T, content string) {
			validateJSON(t, `{"type":"object","required":["title","points"]}`, content)
		}},
		{"json_object without schema is a summary", report + "\nAnswer in JSON.", map[string]any{"type": "json_object"}, func(t *testing.T, content string) {
			var v map[string]string
			if err := json.Unmarshal([]byte(content), &v); err != nil || len(v) != 1 || v["summary"] == "" {
				t.Fatalf("content %q (%v)", content, err)
			}
			for _, s := range splitSentences(v["summary"]) {
				if !strings.Contains(report, s) {
					t.Errorf("sentence %q is not from the text", s)
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, Config{})
			opts := map[string]any{}
			if tc.rf != nil {
				opts["response_format"] = tc.rf
			}
			r := post(t, s, "/chat/completions", chatBody("m", userMsg(tc.prompt), opts))
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			tc.check(t, decodeChat(t, r.body).Choices[0].Message.Content)
		})
	}
}

func TestDeterministicAcrossServers(t *testing.T) {
	body := chatBody("gpt-4o-mini", userMsg(reportPrompt(t)), map[string]any{"response_format": jsonSchemaFormat("brief", briefSchema, true)})
	clock := newClock()
	var answers [][]byte
	for range 2 {
		s := newTestServer(t, Config{Now: clock.Now})
		r := post(t, s, "/chat/completions", body)
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		answers = append(answers, r.body)
	}
	if string(answers[0]) != string(answers[1]) {
		t.Errorf("same request, different answers:\n%s\n%s", answers[0], answers[1])
	}
	// A different text gives a different answer.
	s := newTestServer(t, Config{Now: clock.Now})
	other := chatBody("gpt-4o-mini", userMsg(strings.Replace(reportPrompt(t), "[P3]", "[P3] Congress acted first.", 1)), map[string]any{"response_format": jsonSchemaFormat("brief", briefSchema, true)})
	if r := post(t, s, "/chat/completions", other); decodeChat(t, r.body).Choices[0].Message.Content == decodeChat(t, answers[0]).Choices[0].Message.Content {
		t.Error("a changed text gave the same answer")
	}
}

func TestModelsEndpoint(t *testing.T) {
	s := newTestServer(t, Config{APIKey: "sk-test", Models: []string{"gpt-4o-mini", "gpt-4.1"}})
	client := newClient(s, "sk-test")
	list, err := client.ListModels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range list.Models {
		ids = append(ids, m.ID)
	}
	if !slices.Equal(ids, []string{"gpt-4o-mini", "gpt-4.1"}) {
		t.Errorf("models = %v", ids)
	}
	if m, err := client.GetModel(context.Background(), "gpt-4.1"); err != nil || m.ID != "gpt-4.1" {
		t.Errorf("GetModel = %+v, %v", m, err)
	}
	_, err = client.GetModel(context.Background(), "gpt-9")
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 404 || apiErr.Code != "model_not_found" {
		t.Errorf("unknown model: %v", err)
	}
	if _, err := newClient(s, "wrong").ListModels(context.Background()); !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 401 {
		t.Errorf("bad key: %v", err)
	}
	req, _ := http.NewRequest(http.MethodGet, strings.TrimSuffix(s.URL(), "/v1")+"/models", nil)
	req.Header.Set("Authorization", "Bearer sk-test")
	if r := do(t, s, req); r.status != 200 {
		t.Errorf("path without /v1: %d", r.status)
	}
}

func TestUnknownRoutes(t *testing.T) {
	s := newTestServer(t, Config{})
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/chat/completions", nil)
	r := do(t, s, req)
	if r.status != 404 || openAIError(t, r.body)["message"] != "Invalid URL (GET /v1/chat/completions)" {
		t.Errorf("GET chat: %d %s", r.status, r.body)
	}
	r = post(t, s, "/completions", "{}")
	if r.status != 404 || openAIError(t, r.body)["message"] != "Invalid URL (POST /v1/completions)" {
		t.Errorf("POST completions: %d %s", r.status, r.body)
	}
	b, _ := json.Marshal(chatBody("m", userMsg("Hello there, world."), nil))
	req, _ = http.NewRequest(http.MethodPost, strings.TrimSuffix(s.URL(), "/v1")+"/chat/completions", strings.NewReader(string(b)))
	if r := do(t, s, req); r.status != 200 {
		t.Errorf("path without /v1: %d %s", r.status, r.body)
	}
}

// TestOpenAIErrorBodies pins OpenAI's exact bodies for request errors.
func TestOpenAIErrorBodies(t *testing.T) {
	msgs := userMsg("Summarise the text. It has two sentences.")
	n := CountPromptTokens(msgs)
	for _, tc := range []struct {
		name   string
		cfg    Config
		body   any
		hdr    []string
		status int
		want   string
	}{
		{"missing key", Config{APIKey: "sk-test"}, chatBody("m", msgs, nil), nil, 401,
			`{"message":"Missing bearer or basic authentication in header","type":"invalid_request_error","param":null,"code":null}`},
		{"wrong key", Config{APIKey: "sk-test"}, chatBody("m", msgs, nil), []string{"Authorization", "Bearer sk-proj-abcdefghijklmnopqrstuvwxyz"}, 401,
			`{"message":"Incorrect API key provided: sk-proj-**********************wxyz. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}`},
		{"unknown model", Config{Models: []string{"gpt-4o"}}, chatBody("gpt-5-nano", msgs, nil), nil, 404,
			"{\"message\":\"The model `gpt-5-nano` does not exist or you do not have access to it.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}"},
		{"bad json", Config{}, `{"model": "m", "messages": [`, nil, 400,
			`{"message":"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)","type":"invalid_request_error","param":null,"code":null}`},
		{"no model", Config{}, map[string]any{"messages": msgs}, nil, 400,
			`{"message":"you must provide a model parameter","type":"invalid_request_error","param":null,"code":null}`},
		{"no messages", Config{}, map[string]any{"model": "m"}, nil, 400,
			`{"message":"Missing required parameter: 'messages'.","type":"invalid_request_error","param":"messages","code":"missing_required_parameter"}`},
		{"empty messages", Config{}, map[string]any{"model": "m", "messages": []Message{}}, nil, 400,
			`{"message":"Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.","type":"invalid_request_error","param":"messages","code":"empty_array"}`},
		{"bad role", Config{}, chatBody("m", []Message{{Role: "robot", Content: "hi"}}, nil), nil, 400,
			`{"message":"Invalid value: 'robot'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.","type":"invalid_request_error","param":"messages[0].role","code":"invalid_value"}`},
		{"max_tokens 0", Config{}, chatBody("m", msgs, map[string]any{"max_tokens": 0}), nil, 400,
			`{"message":"Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead.","type":"invalid_request_error","param":"max_tokens","code":"integer_below_min_value"}`},
		{"temperature 3", Config{}, chatBody("m", msgs, map[string]any{"temperature": 3}), nil, 400,
			`{"message":"Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3.0 instead.","type":"invalid_request_error","param":"temperature","code":"decimal_above_max_value"}`},
		{"stream_options without stream", Config{}, chatBody("m", msgs, map[string]any{"stream_options": map[string]any{"include_usage": true}}), nil, 400,
			`{"message":"The 'stream_options' parameter is only allowed when 'stream' is enabled.","type":"invalid_request_error","param":"stream_options","code":null}`},
		{"reasoning rejects max_tokens", Config{Reasoning: true}, chatBody("m", msgs, map[string]any{"max_tokens": 100}), nil, 400,
			`{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}`},
		{"reasoning rejects temperature", Config{Reasoning: true}, chatBody("m", msgs, map[string]any{"temperature": 0}), nil, 400,
			`{"message":"Unsupported value: 'temperature' does not support 0.0 with this model. Only the default (1) value is supported.","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}`},
		{"unknown response_format", Config{}, chatBody("m", msgs, map[string]any{"response_format": map[string]any{"type": "xml"}}), nil, 400,
			`{"message":"Invalid value: 'xml'. Supported values are: 'json_object', 'json_schema', and 'text'.","type":"invalid_request_error","param":"response_format.type","code":"invalid_value"}`},
		{"unsupported json_schema", Config{ResponseFormats: []string{"text", "json_object"}}, chatBody("m", msgs, map[string]any{"response_format": jsonSchemaFormat("b", briefSchema, true)}), nil, 400,
			`{"message":"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model. Learn more about supported models at the Structured Outputs guide: https://platform.openai.com/docs/guides/structured-outputs","type":"invalid_request_error","param":"response_format","code":null}`},
		{"json_object without the word json", Config{}, chatBody("m", msgs, map[string]any{"response_format": map[string]any{"type": "json_object"}}), nil, 400,
			`{"message":"'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.","type":"invalid_request_error","param":"messages","code":null}`},
		{"json_schema missing", Config{}, chatBody("m", msgs, map[string]any{"response_format": map[string]any{"type": "json_schema"}}), nil, 400,
			`{"message":"Missing required parameter: 'response_format.json_schema'.","type":"invalid_request_error","param":"response_format.json_schema","code":"missing_required_parameter"}`},
		{"strict schema without additionalProperties", Config{}, chatBody("m", msgs, map[string]any{"response_format": jsonSchemaFormat("brief",
			`{"type":"object","additionalProperties":false,"required":["a"],"properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"required":["b"]}}}`, true)}), nil, 400,
			`{"message":"Invalid schema for response_format 'brief': In context=('properties', 'a'), 'additionalProperties' is required to be supplied and to be false.","type":"invalid_request_error","param":"response_format","code":null}`},
		{"strict schema with optional property", Config{}, chatBody("m", msgs, map[string]any{"response_format": jsonSchemaFormat("brief",
			`{"type":"object","additionalProperties":false,"required":["a"],"properties":{"a":{"type":"string"},"b":{"type":"string"}}}`, true)}), nil, 400,
			`{"message":"Invalid schema for response_format 'brief': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'b'.","type":"invalid_request_error","param":"response_format","code":null}`},
		{"context window", Config{ContextWindow: n + 5}, chatBody("m", msgs, map[string]any{"max_tokens": 10}), nil, 400,
			fmt.Sprintf(`{"message":"This model's maximum context length is %d tokens. However, you requested %d tokens (%d in the messages, 10 in the completion). Please reduce the length of the messages or completion.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}`, n+5, n+10, n)},
		{"context window without max_tokens", Config{ContextWindow: n - 1}, chatBody("m", msgs, nil), nil, 400,
			fmt.Sprintf(`{"message":"This model's maximum context length is %d tokens. However, your messages resulted in %d tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}`, n-1, n)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, tc.cfg)
			r := post(t, s, "/chat/completions", tc.body, tc.hdr...)
			if r.status != tc.status {
				t.Errorf("status = %d, want %d", r.status, tc.status)
			}
			var env struct {
				Error json.RawMessage `json:"error"`
			}
			if err := json.Unmarshal(r.body, &env); err != nil {
				t.Fatalf("body %s: %v", r.body, err)
			}
			var got, want any
			_ = json.Unmarshal(env.Error, &got)
			_ = json.Unmarshal([]byte(tc.want), &want)
			gb, _ := json.Marshal(got)
			wb, _ := json.Marshal(want)
			if string(gb) != string(wb) {
				t.Errorf("error body\n got %s\nwant %s", gb, wb)
			}
			if !strings.HasPrefix(string(r.body), "{\n    \"error\": {\n        \"message\"") {
				t.Errorf("not OpenAI's indented layout: %q", r.body)
			}
		})
	}
}

// TestStyles pins each server's body for the errors it words its own way.
func TestStyles(t *testing.T) {
	long := userMsg(strings.Repeat("The committee met again to discuss the budget. ", 20))
	n := CountPromptTokens(long)
	for _, tc := range []struct {
		name   string
		cfg    Config
		body   any
		hdr    []string
		status int
		want   string
	}{
		{"llamacpp context", Config{ErrorStyle: StyleLlamaCpp, ContextWindow: 100}, chatBody("m", long, nil), nil, 400,
			fmt.Sprintf(`{"error":{"code":400,"message":"request (%d tokens) exceeds the available context size (100 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":%d,"n_ctx":100}}`, n, n)},
		{"llamacpp bad key", Config{ErrorStyle: StyleLlamaCpp, APIKey: "k"}, chatBody("m", long, nil), []string{"Authorization", "Bearer nope"}, 401,
			`{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}`},
		{"llamacpp format", Config{ErrorStyle: StyleLlamaCpp, ResponseFormats: []string{"text"}}, chatBody("m", long, map[string]any{"response_format": map[string]any{"type": "json_object"}}), nil, 400,
			`{"error":{"code":400,"message":"response_format type must be one of \"text\" or \"json_object\", but got: json_object","type":"invalid_request_error"}}`},
		{"vllm context", Config{ErrorStyle: StyleVLLM, ContextWindow: 100}, chatBody("m", long, nil), nil, 400,
			fmt.Sprintf(`{"error":{"message":"This model's maximum context length is 100 tokens. However, your request has %d input tokens. Please reduce the length of the input messages.","type":"BadRequestError","param":null,"code":400}}`, n)},
		{"vllm max_tokens too large", Config{ErrorStyle: StyleVLLM, ContextWindow: n + 50}, chatBody("m", long, map[string]any{"max_tokens": 100}), nil, 400,
			fmt.Sprintf(`{"error":{"message":"'max_tokens' or 'max_completion_tokens' is too large: 100. This model's maximum context length is %d tokens and your request has %d input tokens (100 > %d - %d).","type":"BadRequestError","param":null,"code":400}}`, n+50, n, n+50, n)},
		{"vllm unknown model", Config{ErrorStyle: StyleVLLM, Models: []string{"qwen"}}, chatBody("llama", long, nil), nil, 404,
			"{\"error\":{\"message\":\"The model `llama` does not exist.\",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}}"},
		{"vllm bad key", Config{ErrorStyle: StyleVLLM, APIKey: "k"}, chatBody("m", long, nil), nil, 401,
			`{"error":"Unauthorized"}`},
		{"vllm legacy context", Config{ErrorStyle: StyleVLLMLegacy, ContextWindow: n + 50}, chatBody("m", long, map[string]any{"max_tokens": 100}), nil, 400,
			fmt.Sprintf(`{"object":"error","message":"This model's maximum context length is %d tokens. However, you requested %d tokens (%d in the messages, 100 in the completion). Please reduce the length of the messages or completion.","type":"BadRequestError","param":null,"code":400}`, n+50, n+100, n)},
		{"ollama unknown model", Config{ErrorStyle: StyleOllama, Models: []string{"llama3.2"}}, chatBody("qwen3", long, nil), nil, 404,
			`{"error":{"message":"model \"qwen3\" not found, try pulling it first","type":"not_found_error","param":null,"code":null}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, tc.cfg)
			r := post(t, s, "/chat/completions", tc.body, tc.hdr...)
			if r.status != tc.status || string(r.body) != tc.want {
				t.Errorf("got %d %s\nwant %d %s", r.status, r.body, tc.status, tc.want)
			}
		})
	}
}

func TestContextWindowBehaviours(t *testing.T) {
	long := "Opening remarks covered the agenda. " + strings.Repeat("The committee met again to discuss the budget. ", 20) + "Finally the chair closed the meeting at noon."
	msgs := []Message{{Role: "system", Content: "Be brief."}, {Role: "user", Content: "Old question about the weather today."}, {Role: "assistant", Content: "It is sunny."}, {Role: "user", Content: long}}
	full := CountPromptTokens(msgs)

	t.Run("ollama truncates silently", func(t *testing.T) {
		s := newTestServer(t, Config{ErrorStyle: StyleOllama, ContextWindow: 120})
		r := post(t, s, "/chat/completions", chatBody("m", msgs, nil))
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		resp := decodeChat(t, r.body)
		if resp.Usage.PromptTokens > 120 || resp.Usage.PromptTokens >= full {
			t.Errorf("prompt tokens %d (full %d)", resp.Usage.PromptTokens, full)
		}
		// The start of the prompt is gone: the answer, which always opens
		// with the text's first sentence, no longer has it.
		c := resp.Choices[0].Message.Content
		if strings.Contains(c, "Opening remarks") || c == "" {
			t.Errorf("answer still has the start of the prompt: %q", c)
		}
		if s.Requests()[0].Messages[3].Content != long {
			t.Error("the log must keep what the client sent")
		}
	})
	t.Run("llamacpp cuts output at the window", func(t *testing.T) {
		s := newTestServer(t, Config{ErrorStyle: StyleLlamaCpp, ContextWindow: full + 5})
		r := post(t, s, "/chat/completions", chatBody("m", msgs, map[string]any{"max_tokens": 500}))
		resp := decodeChat(t, r.body)
		if r.status != 200 || resp.Choices[0].FinishReason != "length" || resp.Usage.CompletionTokens != 5 {
			t.Errorf("status %d finish %q completion %d", r.status, resp.Choices[0].FinishReason, resp.Usage.CompletionTokens)
		}
	})
	t.Run("openai accepts what fits", func(t *testing.T) {
		s := newTestServer(t, Config{ContextWindow: full + 50})
		r := post(t, s, "/chat/completions", chatBody("m", msgs, map[string]any{"max_tokens": 50}))
		if r.status != 200 {
			t.Errorf("status %d: %s", r.status, r.body)
		}
		r = post(t, s, "/chat/completions", chatBody("m", msgs, map[string]any{"max_tokens": 51}))
		if r.status != 400 || openAIError(t, r.body)["code"] != "context_length_exceeded" {
			t.Errorf("one token over: %d %s", r.status, r.body)
		}
	})
}

func TestReasoningModel(t *testing.T) {
	s := newTestServer(t, Config{Reasoning: true, ReasoningTokens: 40})
	client := newClient(s, "k")
	// A model name go-openai does not check itself, so the server decides.
	req := openai.ChatCompletionRequest{Model: "fake-reasoner", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: reportPrompt(t)}}}

	req.MaxTokens = 100
	_, err := client.CreateChatCompletion(context.Background(), req)
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "unsupported_parameter" || *apiErr.Param != "max_tokens" {
		t.Fatalf("max_tokens: %v", err)
	}
	req.MaxTokens = 0
	req.Temperature = 0.2
	if _, err := client.CreateChatCompletion(context.Background(), req); !errors.As(err, &apiErr) || apiErr.Code != "unsupported_value" ||
		apiErr.Message != "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported." {
		t.Fatalf("temperature: %v", err)
	}
	req.Temperature = 1
	req.MaxCompletionTokens = 30 // less than the reasoning spends
	resp, err := client.CreateChatCompletion(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Message.Content != "" || resp.Choices[0].FinishReason != "length" || resp.Usage.CompletionTokens != 30 ||
		resp.Usage.CompletionTokensDetails == nil || resp.Usage.CompletionTokensDetails.ReasoningTokens != 30 {
		t.Errorf("starved reasoning: %+v %+v", resp.Choices[0], resp.Usage)
	}
	req.MaxCompletionTokens = 60
	resp, err = client.CreateChatCompletion(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := CountTokens(resp.Choices[0].Message.Content); got != 20 || resp.Usage.CompletionTokens != 60 || resp.Choices[0].FinishReason != "length" {
		t.Errorf("content tokens %d, usage %+v", got, resp.Usage)
	}
}

func TestStopSequences(t *testing.T) {
	s := newTestServer(t, Config{})
	text := "First sentence is here. Second sentence follows here. Third sentence ends it."
	r := post(t, s, "/chat/completions", chatBody("m", userMsg(text), map[string]any{"stop": []string{"Second"}}))
	resp := decodeChat(t, r.body)
	if c := resp.Choices[0].Message.Content; c != "First sentence is here. " || resp.Choices[0].FinishReason != "stop" {
		t.Errorf("content %q finish %q", c, resp.Choices[0].FinishReason)
	}
	if log := s.Requests(); !slices.Equal(log[0].Stop, []string{"Second"}) {
		t.Errorf("logged stop %v", log[0].Stop)
	}
}

func TestContentParts(t *testing.T) {
	s := newTestServer(t, Config{})
	client := newClient(s, "k")
	resp, err := client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{
		Model: "m",
		Messages: []openai.ChatCompletionMessage{{Role: "user", MultiContent: []openai.ChatMessagePart{
			{Type: openai.ChatMessagePartTypeText, Text: "The first part is a sentence."},
			{Type: openai.ChatMessagePartTypeText, Text: "The second part is another sentence."},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := resp.Choices[0].Message.Content; !strings.Contains(c, "The second part is another sentence.") {
		t.Errorf("content %q", c)
	}
	if got := s.Requests()[0].Messages[0].Content; got != "The first part is a sentence.\nThe second part is another sentence." {
		t.Errorf("logged content %q", got)
	}
}

func TestConcurrentRequests(t *testing.T) {
	s := newTestServer(t, Config{Latency: Duration(20e6)})
	client := newClient(s, "k")
	prompt := reportPrompt(t)
	const n = 16
	var wg sync.WaitGroup
	contents := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			req := openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: prompt}},
				ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
					JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{Name: "brief", Schema: json.RawMessage(briefSchema)}}}
			if i%2 == 1 {
				st, err := client.CreateChatCompletionStream(context.Background(), req)
				if err != nil {
					errs[i] = err
					return
				}
				defer st.Close()
				var b strings.Builder
				for {
					r, err := st.Recv()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						errs[i] = err
						return
					}
					b.WriteString(r.Choices[0].Delta.Content)
				}
				contents[i] = b.String()
				return
			}
			resp, err := client.CreateChatCompletion(context.Background(), req)
			if err != nil {
				errs[i] = err
				return
			}
			contents[i] = resp.Choices[0].Message.Content
			_ = s.Stats()
			_ = s.Requests()
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		if contents[i] != contents[0] {
			t.Errorf("request %d answered differently", i)
		}
	}
	st := s.Stats()
	if st.Requests != n || st.ByStatus[200] != n || st.MaxInFlight < 2 || st.PromptTokens <= 0 || st.CompletionTokens != n*CountTokens(contents[0]) {
		t.Errorf("stats = %+v", st)
	}
	seqs := map[int]bool{}
	for _, r := range s.Requests() {
		seqs[r.Seq] = true
	}
	if len(seqs) != n {
		t.Errorf("sequence numbers not unique: %v", seqs)
	}
}

func TestLatencyHonoursCancellation(t *testing.T) {
	s := newTestServer(t, Config{Latency: Duration(10e9)})
	client := newClient(s, "k")
	ctx, cancel := context.WithTimeout(context.Background(), 50e6)
	defer cancel()
	_, err := client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "Hi there."}}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	s.Close() // must not wait for the ten-second latency
	if st := s.Stats(); st.ByStatus[499] != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestChunkDelayAndClientLeavingMidStream(t *testing.T) {
	s := newTestServer(t, Config{ChunkDelay: Duration(20e6)})
	client := newClient(s, "k")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := client.CreateChatCompletionStream(ctx, openai.ChatCompletionRequest{Model: "m",
		Messages: []openai.ChatCompletionMessage{{Role: "user", Content: reportPrompt(t)}}})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for range 3 {
		if _, err := st.Recv(); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	for deadline := time.Now().Add(5 * time.Second); s.Stats().ByStatus[499] == 0; {
		if time.Now().After(deadline) {
			t.Fatalf("the handler did not notice the client leaving: %+v", s.Stats())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if st := s.Stats(); st.CompletionTokens != 0 || st.ByStatus[200] != 0 {
		t.Errorf("an abandoned stream was counted as answered: %+v", st)
	}
}

func TestMissingAuthPerStyle(t *testing.T) {
	for style, want := range map[Style]string{
		StyleLlamaCpp: `{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}`,
		StyleVLLM:     `{"error":"Unauthorized"}`,
		StyleOllama:   `{"error":{"message":"unauthorized","type":"api_error","param":null,"code":null}}`,
	} {
		s := newTestServer(t, Config{APIKey: "k", ErrorStyle: style})
		req, _ := http.NewRequest(http.MethodGet, s.URL()+"/models", nil)
		if r := do(t, s, req); r.status != 401 || string(r.body) != want {
			t.Errorf("%s: %d %s", style, r.status, r.body)
		}
	}
}
