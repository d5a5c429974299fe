package cache_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/brief-cli/brief/internal/cache"
)

func Example() {
	// A real caller passes cache.DefaultDir(os.UserCacheDir()).
	dir, err := os.MkdirTemp("", "brief-cache-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	c, err := cache.Open(dir, cache.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()

	// Everything that determines the answer, and never the API key.
	key := cache.KeyOf("https://llm.example/v1", "model-x", "map/v1", "system prompt", "chunk 1 text", "max_tokens=800")

	// First run: a miss, so the caller sends the request and stores the answer.
	if _, ok, err := c.Get(ctx, key); err != nil || ok {
		log.Fatal(ok, err)
	}
	err = c.Put(ctx, key, cache.Entry{
		Content:          `{"facts":["Floods displaced 40,000 people."]}`,
		FinishReason:     "stop",
		PromptTokens:     1200,
		CompletionTokens: 300,
		Model:            "model-x-2025",
	})
	if err != nil {
		log.Fatal(err)
	}

	// Rerun: a hit, no request.
	e, ok, err := c.Get(ctx, key)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ok, e.Content)

	s, err := c.Stats(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d entries, %d requests and %d tokens saved\n",
		s.Entries, s.RequestsSaved, s.PromptTokensSaved+s.CompletionTokensSaved)
	// Output:
	// true {"facts":["Floods displaced 40,000 people."]}
	// 1 entries, 1 requests and 1500 tokens saved
}
