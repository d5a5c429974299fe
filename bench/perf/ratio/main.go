// Command ratio measures what brief sends per token of report: it runs the
// LLM pipeline in process against the fake server (internal/openaitest) on
// one report at a given window and prints the prompt tokens of each step,
// their ratio to the report's tokens, how many of the report's paragraphs
// the notes cite (notes coverage) and the grounding check's figures.
//
//	go run ./bench/perf/ratio -window 16384 ../shared/corpus/reports/911-commission-ch01-we-have-some-planes.txt
//
// The fake model picks its notes from the prompt's own sentences, so the
// coverage and grounding figures show what the sizes change mechanically,
// not how a real model's notes fare.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sync"

	"github.com/brief-cli/brief/internal/openaitest"
	"github.com/brief-cli/brief/summarize"
	"github.com/brief-cli/brief/summarize/openai"
)

func main() {
	window := flag.Int("window", 16384, "context window in tokens")
	chunk := flag.Int("chunk-tokens", 0, "chunk cap (0: brief's default)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: ratio [-window N] [-chunk-tokens N] report.txt")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := openaitest.NewServer(openaitest.Config{})
	defer srv.Close()
	var (
		mu     sync.Mutex
		prompt = map[string]int{}
		count  = map[string]int{}
		cited  = map[string]bool{}
	)
	marker := regexp.MustCompile(`"paragraphs":\[([0-9,]*)\]`)
	inner := openai.New(openai.Config{BaseURL: srv.URL(), Model: summarize.DefaultModel})
	spy := summarize.CompleterFunc(func(ctx context.Context, req summarize.Request) (summarize.Response, error) {
		resp, err := inner.Complete(ctx, req)
		mu.Lock()
		defer mu.Unlock()
		prompt[req.Step] += resp.Usage.PromptTokens
		count[req.Step]++
		if req.Step == "map" {
			for _, m := range marker.FindAllStringSubmatch(resp.Content, -1) {
				var ps []int
				if json.Unmarshal([]byte("["+m[1]+"]"), &ps) == nil {
					for _, p := range ps {
						cited[fmt.Sprint(p)] = true
					}
				}
			}
		}
		return resp, err
	})
	s, err := summarize.New(summarize.Options{Completer: spy, ContextTokens: *window, ChunkTokens: *chunk})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	b, err := s.Summarize(context.Background(), summarize.Input{Name: "report.txt", Text: string(data)})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	total := 0
	for _, step := range []string{"map", "reduce", "brief", "revise"} {
		if count[step] > 0 {
			fmt.Printf("%-7s %3d requests %7d prompt tokens\n", step, count[step], prompt[step])
			total += prompt[step]
		}
	}
	v := b.Verification
	fmt.Printf("report %d tokens, %d chunks, %d paragraphs\n", b.Source.Tokens, b.Source.Chunks, b.Source.Paragraphs)
	fmt.Printf("prompt/report %.3f\n", float64(total)/float64(b.Source.Tokens))
	if b.Source.Chunks > 1 {
		fmt.Printf("notes coverage %.3f (paragraphs cited by the notes)\n", float64(len(cited))/float64(b.Source.Paragraphs))
	}
	if v != nil {
		fmt.Printf("grounding: %d facts checked, %d unsupported, %d misplaced\n", v.Checked, len(v.Unsupported), len(v.Misplaced))
	}
}
