package openaitest_test

import (
	"context"
	"errors"
	"fmt"

	openai "github.com/sashabaranov/go-openai"

	"github.com/brief-cli/brief/internal/openaitest"
)

// A client pointed at the fake server sees a 503 on its first request (an
// injected fault) and a deterministic answer drawn from its own text on
// the second.
func Example() {
	srv := openaitest.NewServer(openaitest.Config{
		APIKey: "sk-test",
		Models: []string{"gpt-4o-mini"},
		Faults: []openaitest.Fault{{Kind: openaitest.Fault503}},
	})
	defer srv.Close()

	cfg := openai.DefaultConfig("sk-test")
	cfg.BaseURL = srv.URL()
	client := openai.NewClientWithConfig(cfg)
	req := openai.ChatCompletionRequest{
		Model: "gpt-4o-mini",
		Messages: []openai.ChatCompletionMessage{{
			Role:    openai.ChatMessageRoleUser,
			Content: "Summarise:\n```report\nThe bridge reopened on Friday. Traffic returned to normal within hours.\n```",
		}},
	}

	_, err := client.CreateChatCompletion(context.Background(), req)
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("first try:", apiErr.HTTPStatusCode, apiErr.Code)
	}
	resp, err := client.CreateChatCompletion(context.Background(), req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Choices[0].Message.Content)
	fmt.Println("finish:", resp.Choices[0].FinishReason, "tokens:", resp.Usage.PromptTokens, resp.Usage.CompletionTokens)

	st := srv.Stats()
	fmt.Println("requests:", st.Requests, "503s:", st.ByStatus[503], "200s:", st.ByStatus[200])
	// Output:
	// first try: 503 server_is_overloaded
	// The bridge reopened on Friday. Traffic returned to normal within hours.
	// finish: stop tokens: 28 13
	// requests: 2 503s: 1 200s: 1
}

// A test script can keep the server's behaviour in a JSON file.
func ExampleParseConfig() {
	cfg, err := openaitest.ParseConfig([]byte(`{
		"error_style": "llamacpp",
		"context_window": 4096,
		"latency": "20ms",
		"faults": ["503", {"kind": "429", "retry_after": "2s"}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.ErrorStyle, cfg.ContextWindow, cfg.Latency, cfg.Faults[0].Kind, cfg.Faults[1].RetryAfter)
	// Output: llamacpp 4096 20ms 503 2s
}
