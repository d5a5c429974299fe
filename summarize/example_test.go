package summarize_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/brief-cli/brief/summarize"
	"github.com/brief-cli/brief/summarize/openai"
)

// The extractive engine needs no endpoint: every sentence of the brief is a
// sentence of the report, cited by its paragraph.
func Example_extractive() {
	report := `# Port cyberattack halts container traffic

The port authority said on 4 April 2024 that a cyberattack had halted container traffic for two days.

Shipping lines diverted 14 vessels to other terminals while engineers restored the systems.

The authority has asked the national cyber agency to investigate and has hired outside experts.

Officials warned that the attackers may still have access to the network and could strike again.`
	in, err := summarize.ReadInput(strings.NewReader(report), "port.md")
	if err != nil {
		panic(err)
	}
	s, err := summarize.New(summarize.Options{Engine: summarize.EngineExtractive, Length: summarize.LengthLong})
	if err != nil {
		panic(err)
	}
	b, err := s.Summarize(context.Background(), in)
	if err != nil {
		panic(err)
	}
	fmt.Print(b.Markdown(summarize.RenderOptions{Citations: summarize.CitationsNone}))
	// Output:
	// # Port cyberattack halts container traffic
	// *4 April 2024*
	//
	// The port authority said on 4 April 2024 that a cyberattack had halted container traffic for two days.
	//
	// ## Background
	//
	// Shipping lines diverted 14 vessels to other terminals while engineers restored the systems. The authority has asked the national cyber agency to investigate and has hired outside experts.
	//
	// ## Response
	//
	// No sentence of the report describes a response.
	//
	// ## Implications
	//
	// Officials warned that the attackers may still have access to the network and could strike again.
}

// Errors from the endpoint unwrap to sentinels that tell what to do.
func ExampleAPIError() {
	err := fmt.Errorf("chunk 3 of 9: %w", &summarize.APIError{Kind: summarize.ErrQuota, Status: 429, Code: "insufficient_quota"})
	fmt.Println(errors.Is(err, summarize.ErrQuota))
	fmt.Println(err)
	// Output:
	// true
	// chunk 3 of 9: quota or billing limit reached (HTTP 429 insufficient_quota)
}

// With an OpenAI-compatible endpoint, here a local Ollama server, the
// Completer comes from package summarize/openai, and the pipeline learns
// the model's window from the server.
func Example_openAI() {
	f, err := os.Open("report.pdf")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	in, err := summarize.ReadInput(f, "report.pdf")
	if err != nil {
		log.Fatal(err)
	}
	const model = "llama3.1:8b"
	s, err := summarize.New(summarize.Options{
		Completer: openai.New(openai.Config{
			BaseURL:    "http://localhost:11434/v1",
			Model:      model,
			Stream:     true,
			HTTPClient: &http.Client{Timeout: 2 * time.Minute},
		}),
		Model: model,
		Price: summarize.LookupModel(model).Price, // zero: local models cost nothing
	})
	if err != nil {
		log.Fatal(err)
	}
	b, err := s.Summarize(context.Background(), in)
	switch {
	case errors.Is(err, summarize.ErrAuth), errors.Is(err, summarize.ErrQuota):
		log.Fatalf("the endpoint refused the work: %v", err)
	case err != nil:
		log.Fatal(err)
	}
	fmt.Print(b.Markdown(summarize.RenderOptions{Citations: summarize.CitationsInline}))
}

// memoryCache is a Cache kept in memory: any store with Get and Put will
// do, such as a database table keyed by CacheKey.String().
type memoryCache struct {
	mu      sync.Mutex
	answers map[summarize.CacheKey]summarize.CachedAnswer
}

func (c *memoryCache) Get(_ context.Context, key summarize.CacheKey) (summarize.CachedAnswer, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.answers[key]
	return a, ok, nil
}

func (c *memoryCache) Put(_ context.Context, key summarize.CacheKey, a summarize.CachedAnswer) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answers[key] = a
	return nil
}

// A Cache keeps answers so that summarizing the same report again, or
// after an interruption, sends no request for work already done.
func ExampleCache() {
	cache := &memoryCache{answers: map[summarize.CacheKey]summarize.CachedAnswer{}}
	s, err := summarize.New(summarize.Options{
		Completer:  openai.New(openai.Config{APIKey: "sk-…", Model: summarize.DefaultModel}),
		Cache:      cache,
		CacheScope: "https://api.openai.com/v1", // answers of different servers are kept apart
	})
	if err != nil {
		log.Fatal(err)
	}
	_ = s // s.Summarize twice on one report asks the server once
}

// LookupModel is brief's table of what it knows of a model without asking
// its server.
func ExampleLookupModel() {
	for _, model := range []string{"gpt-4o-mini", "openai/o3-mini", "llama3.1:8b", "my-own-model"} {
		f := summarize.LookupModel(model)
		fmt.Printf("%s: window %d, reasoning %t, $%.2f/$%.2f per million, %s\n",
			model, f.ContextTokens, f.Reasoning, f.Price.InputPerMillion, f.Price.OutputPerMillion, f.Encoding)
	}
	// Output:
	// gpt-4o-mini: window 128000, reasoning false, $0.15/$0.60 per million, o200k_base
	// openai/o3-mini: window 200000, reasoning true, $1.10/$4.40 per million, o200k_base
	// llama3.1:8b: window 131072, reasoning false, $0.00/$0.00 per million, o200k_base
	// my-own-model: window 0, reasoning false, $0.00/$0.00 per million, o200k_base
}

// PickEngine is how New chooses the engine; a caller may ask it first, to
// tell its user before any work.
func ExamplePickEngine() {
	fmt.Println(summarize.PickEngine("", false))
	fmt.Println(summarize.PickEngine("", true))
	_, err := summarize.PickEngine(summarize.EngineLLM, false)
	fmt.Println(errors.Is(err, summarize.ErrNoEndpoint))
	// Output:
	// extractive <nil>
	// llm <nil>
	// true
}

// ReadInput detects the format from the content and keeps only the text:
// here the main content of a web page.
func ExampleReadInput() {
	page := `<html><head><title>Harbour closed</title></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Harbour closed</h1><p>The harbour was closed for two days after the storm.</p></article>
</body></html>`
	in, err := summarize.ReadInput(strings.NewReader(page), "harbour.html")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s, %q: %q\n", in.Format, in.Title, in.Text)
	// Output:
	// html, "Harbour closed": "The harbour was closed for two days after the storm."
}
