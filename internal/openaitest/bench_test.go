package openaitest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"testing"

	openai "github.com/sashabaranov/go-openai"
)

// The benchmarks measure what the fake adds to a client test: one chat
// round trip over loopback with a 2k-token report prompt.

func benchRequest(b *testing.B) openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model:    "gpt-4o-mini",
		Messages: []openai.ChatCompletionMessage{{Role: "system", Content: "You write briefs."}, {Role: "user", Content: reportPrompt(b)}},
		ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{Name: "brief", Schema: json.RawMessage(briefSchema), Strict: true}},
	}
}

func BenchmarkChatJSONSchema(b *testing.B) {
	s := newTestServer(b, Config{})
	client := newClient(s, "k")
	req := benchRequest(b)
	for b.Loop() {
		if _, err := client.CreateChatCompletion(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkChatStream(b *testing.B) {
	s := newTestServer(b, Config{})
	client := newClient(s, "k")
	req := benchRequest(b)
	for b.Loop() {
		st, err := client.CreateChatCompletionStream(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := st.Recv(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
	}
}

func BenchmarkChatParallel(b *testing.B) {
	s := newTestServer(b, Config{})
	client := newClient(s, "k")
	req := benchRequest(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := client.CreateChatCompletion(context.Background(), req); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkCountTokensUncached is tiktoken itself on a 2k-token report,
// what a first-seen prompt costs.
func BenchmarkCountTokensUncached(b *testing.B) {
	text := reportPrompt(b)
	encoding() // the one-time load of the ranks is not what is measured
	i := 0
	for b.Loop() {
		i++
		CountTokens(text + strconv.Itoa(i)) // a new text each time
	}
}
