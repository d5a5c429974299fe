package summarize

import (
	"context"

	"github.com/brief-cli/brief/internal/textseg"
	"github.com/brief-cli/brief/prompts"
)

// Plan is what summarizing a report will take, estimated without sending
// any request.
type Plan struct {
	// Tokens of report text (as Brief.Source.Tokens counts them), Chunks
	// it is split into.
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
	// A plan of either engine counts the report: the tokenizer's table
	// loads on another CPU while the text is segmented.
	go s.tok.encoding()
	doc := textseg.Segment(in.Text)
	if len(doc.Paragraphs) == 0 {
		return Plan{}, ErrEmptyInput
	}
	if s.opt.Engine == EngineExtractive {
		n, err := reportTokens(ctx, doc, s.tok)
		return Plan{Tokens: n}, err
	}
	return s.plan(ctx, doc, in)
}

// plan sizes the run as abstract would, with the same code (chunkBudget,
// splitChunks, groupBudget, reduceGroups), on notes of the expected size.
func (s *Summarizer) plan(ctx context.Context, doc textseg.Document, in Input) (Plan, error) {
	var p Plan
	w := s.Window(ctx)
	p.Window, p.WindowSource = w.Tokens, w.Source
	s.mu.Lock()
	r := &run{s: s, name: promptTitle(in.Name), docTitle: in.Title, docDate: in.Date, sizes: s.sizes, source: s.windowSource}
	s.mu.Unlock()
	r.sizes.ratio = s.cal.current().ratio

	// Prompt tokens as sent, without their report text or notes.
	var over [3]int
	for i, t := range []struct {
		tmpl   string
		schema []byte
	}{{prompts.Map, notesSchema}, {prompts.Reduce, notesSchema}, {prompts.Brief, briefSchema}} {
		n, err := r.promptOverhead(t.tmpl, t.schema, true)
		if err != nil {
			return p, err
		}
		over[i] = int(n + 0.5)
	}
	mapOver, reduceOver, briefOver := over[0], over[1], over[2]

	budget, err := r.chunkBudget()
	if err != nil {
		return p, err
	}
	chunks, tokens, err := splitChunks(ctx, doc, s.tok, chunkOptions{Budget: budget, Overlap: chunkOverlap})
	if err != nil {
		return p, err
	}
	p.Tokens, p.Chunks = tokens, len(chunks)
	brief := func(input int) {
		p.Requests++
		p.InputTokens += briefOver + input
		p.OutputTokens += min(expectedBriefTokens, r.sizes.maxOutput)
	}
	if len(chunks) == 1 {
		brief(chunks[0].Tokens)
		return p, nil
	}
	oneShot, err := r.inputBudget(prompts.Brief, briefSchema)
	if err != nil {
		return p, err
	}
	groupBudget, allow, err := r.groupBudget()
	if err != nil {
		return p, err
	}
	notes := min(expectedNotesTokens, allow)
	sizes := make([]int, len(chunks))
	for i, c := range chunks {
		p.MapRequests++
		p.InputTokens += mapOver + c.Tokens
		p.OutputTokens += notes
		sizes[i] = notes
	}
	for notesTokens(sizes) > oneShot && p.ReduceLevels < maxReduceLevels {
		groups, _ := reduceGroups(sizes, groupBudget)
		var next []int
		for _, g := range groups {
			if !g.send {
				next = append(next, sizes[g.span[0]])
				continue
			}
			p.ReduceRequests++
			p.InputTokens += reduceOver + notesTokens(sizes[g.span[0]:g.span[1]])
			p.OutputTokens += notes
			next = append(next, notes)
		}
		p.ReduceLevels++
		if !shorter(sizes, next) {
			break // Summarize would fail here; the plan shows the cost so far
		}
		sizes = next
	}
	p.Requests = p.MapRequests + p.ReduceRequests
	brief(notesTokens(sizes))
	return p, nil
}
