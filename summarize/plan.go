package summarize

import (
	"context"
	"fmt"

	"github.com/brief-cli/brief/internal/textseg"
	"github.com/brief-cli/brief/prompts"
)

// Plan is what summarizing a report will take, estimated without sending
// any request.
type Plan struct {
	// Tokens of report text, Chunks it is split into.
	Tokens int `json:"tokens"`
	Chunks int `json:"chunks"`
	// Requests: map requests, reduce requests and the brief.
	Requests       int `json:"requests"`
	MapRequests    int `json:"map_requests"`
	ReduceRequests int `json:"reduce_requests"`
	ReduceLevels   int `json:"reduce_levels"`
	// InputTokens are the prompt tokens of all requests; OutputTokens the
	// expected answer tokens (an estimate: answers vary).
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
	// Window is the context window the plan was sized for, as a run would
	// use it (asked of the server when the caller gave none), and
	// WindowSource where that figure came from.
	Window       int    `json:"window,omitempty"`
	WindowSource string `json:"window_source,omitempty"`
}

// Expected answer sizes for planning, from what models typically write for
// these prompts.
const (
	expectedNotesTokens = 600
	expectedBriefTokens = 900
)

// Plan estimates the requests and tokens that Summarize would spend on in,
// sending no completion request: like a run, it asks the server for its
// window first when the caller gave none.
// The extractive engine spends none. The figures are the same on every run.
func (s *Summarizer) Plan(in Input) (Plan, error) {
	return s.PlanContext(context.Background(), in)
}

// PlanContext is Plan that stops with ctx's error once ctx is done.
func (s *Summarizer) PlanContext(ctx context.Context, in Input) (Plan, error) {
	doc := textseg.Segment(in.Text)
	if len(doc.Paragraphs) == 0 {
		return Plan{}, ErrEmptyInput
	}
	// The report's own count runs beside the chunking, which counts it
	// sentence by sentence.
	total := s.countAsync(ctx, in.Text)
	p, err := s.plan(ctx, doc, in)
	n, cerr := total()
	if err == nil {
		err = cerr
	}
	if err != nil {
		return Plan{}, err
	}
	p.Tokens = n
	return p, nil
}

func (s *Summarizer) plan(ctx context.Context, doc textseg.Document, in Input) (Plan, error) {
	var p Plan
	if s.opt.Engine == EngineExtractive {
		return p, nil
	}
	w := s.Window(ctx)
	p.Window, p.WindowSource = w.Tokens, w.Source
	s.mu.Lock()
	r := &run{s: s, name: promptTitle(in.Name), docTitle: in.Title, docDate: in.Date, sizes: s.sizes}
	s.mu.Unlock()

	overhead := func(tmpl string) (int, error) {
		data := r.estimateData()
		data.Part, data.Parts = 9999, 9999
		sys, err := prompts.Render(prompts.System, data)
		if err != nil {
			return 0, err
		}
		user, err := prompts.Render(tmpl, data)
		if err != nil {
			return 0, err
		}
		return s.tok.Count(sys) + s.tok.Count(user) + 2*messageOverhead, nil
	}
	mapOver, err := overhead(prompts.Map)
	if err != nil {
		return p, err
	}
	reduceOver, err := overhead(prompts.Reduce)
	if err != nil {
		return p, err
	}
	briefOver, err := overhead(prompts.Brief)
	if err != nil {
		return p, err
	}
	mapBudget, _ := r.inputBudget(prompts.Map, notesSchema)
	oneShot, _ := r.inputBudget(prompts.Brief, briefSchema)
	limit, err := r.noteLimit()
	if err != nil {
		return p, err
	}
	allow := min(r.sizes.maxOutput, limit)
	groupBudget, _ := r.reduceBudget(allow)
	budget := min(r.sizes.chunkCap, mapBudget, oneShot)
	if budget < minChunkTokens {
		return p, fmt.Errorf("%w: a window of %d tokens leaves %d for report text", ErrContextTooSmall, r.sizes.window, budget)
	}
	chunks, err := splitChunks(ctx, doc, s.tok, chunkOptions{Budget: budget, Overlap: chunkOverlap})
	if err != nil {
		return p, err
	}
	p.Chunks = len(chunks)
	brief := func(input int) {
		p.Requests++
		p.InputTokens += briefOver + input
		p.OutputTokens += min(expectedBriefTokens, r.sizes.maxOutput)
	}
	if len(chunks) == 1 {
		brief(chunks[0].Tokens)
		return p, nil
	}
	notes := min(expectedNotesTokens, allow)
	sizes := make([]int, len(chunks))
	for i, c := range chunks {
		p.MapRequests++
		p.InputTokens += mapOver + c.Tokens
		p.OutputTokens += notes
		sizes[i] = notes
	}
	for sum(sizes)+2*len(sizes) > oneShot {
		groups := packGroups(sizes, groupBudget)
		if len(groups) == len(sizes) {
			break // Summarize would fail here; the plan shows the cost so far
		}
		p.ReduceLevels++
		next := make([]int, len(groups))
		for i, g := range groups {
			if g[1]-g[0] == 1 {
				next[i] = sizes[g[0]]
				continue
			}
			p.ReduceRequests++
			p.InputTokens += reduceOver + sum(sizes[g[0]:g[1]])
			p.OutputTokens += notes
			next[i] = notes
		}
		sizes = next
	}
	p.Requests = p.MapRequests + p.ReduceRequests
	brief(sum(sizes))
	return p, nil
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
