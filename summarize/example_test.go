package summarize_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/brief-cli/brief/summarize"
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
