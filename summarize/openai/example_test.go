package openai_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/brief-cli/brief/summarize"
	"github.com/brief-cli/brief/summarize/openai"
)

// A Client for a vLLM server, handed to the pipeline. Its HTTP client's
// timeout bounds each request.
func ExampleNew() {
	const model = "Qwen/Qwen2.5-7B-Instruct"
	c := openai.New(openai.Config{
		BaseURL:    "http://localhost:8000/v1",
		Model:      model,
		Stream:     true,
		HTTPClient: &http.Client{Timeout: 2 * time.Minute},
	})
	s, err := summarize.New(summarize.Options{Completer: c, Model: model})
	if err != nil {
		log.Fatal(err)
	}
	in, err := summarize.ReadInput(strings.NewReader("# Report\n\nThe board met on 3 May."), "report.md")
	if err != nil {
		log.Fatal(err)
	}
	b, err := s.Summarize(context.Background(), in)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(b.Markdown(summarize.RenderOptions{}))
}

// An error answer is classified from its status and body: here OpenAI's
// answer when the account has no credit left, which retrying cannot fix.
func ExampleErrorFromHTTP() {
	body := `{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`
	err := openai.ErrorFromHTTP(429, []byte(body))
	fmt.Println(errors.Is(err, summarize.ErrQuota), summarize.Retryable(err))
	// Output:
	// true false
}
