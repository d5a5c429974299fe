package summarize

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/brief-cli/brief/internal/textseg"
	"github.com/brief-cli/brief/prompts"
)

// budgetMargin absorbs the few tokens that joining separately counted
// pieces can add.
const budgetMargin = 16

// minChunkTokens is the least report text per request worth sending.
const minChunkTokens = 256

// runStats records the shape of an LLM run: what the critical path was.
type runStats struct {
	chunks       int
	reduceLevels int
	// reduceRounds is how many rounds of concurrent requests the reduce
	// levels needed at the configured concurrency.
	reduceRounds int
}

// abstract writes the brief with the model: map each chunk to notes, reduce
// the notes in a tree until they fit one request, then write the brief. A
// report that fits in one chunk takes a single request.
func (s *Summarizer) abstract(ctx context.Context, doc textseg.Document, in Input) (*Brief, error) {
	var spent Usage // by attempts that had to start again, still paid for
	for attempt := 0; ; attempt++ {
		s.mu.Lock()
		r := &run{s: s, name: promptTitle(in.Name), sizes: s.sizes, source: s.windowSource, text: in.Text, usage: spent}
		s.mu.Unlock()
		r.sizes.ratio = s.cal.current().ratio
		r.newFence(in.Text)
		b, err := r.abstract(ctx, doc)
		if err == nil {
			s.logAccounting()
			return b, nil
		}
		if attempt >= maxResizes || !s.shrink(err, r.sizes) {
			if errors.Is(err, ErrContextLength) || errors.Is(err, ErrContextTooSmall) {
				est := s.cal.current()
				err = &WindowError{Window: r.sizes.window, Source: r.source, Ratio: est.ratio, RatioKnown: est.known, Err: err}
			}
			return b, err
		}
		r.mu.Lock()
		spent = r.usage
		r.mu.Unlock()
		s.log.Warn("the request was too large for the endpoint; splitting the report smaller and starting again", "error", err)
	}
}

// WindowError is a run stopped for the context window: it says which
// window brief worked with, where that figure came from, and how the
// server's tokens compared with brief's.
type WindowError struct {
	Window     int     // the window, in the server's tokens
	Source     string  // where the figure came from
	Ratio      float64 // server tokens per token of brief's
	RatioKnown bool    // Ratio was measured, not assumed
	Err        error
}

// Error gives the figures and the cause.
func (e *WindowError) Error() string {
	how := "measured"
	if !e.RatioKnown {
		how = "assumed"
	}
	return fmt.Sprintf("with a window of %d tokens from %s (%.2f server tokens per token of brief's, %s): %v", e.Window, e.Source, e.Ratio, how, e.Err)
}

// Unwrap returns the cause.
func (e *WindowError) Unwrap() error { return e.Err }

// maxResizes bounds how often a run starts again with smaller sizes.
const maxResizes = 3

// shrink learns from a size error: the real context window from a
// context-length error, a smaller request from a request larger than the
// per-minute token limit. It reports whether sizes changed.
func (s *Summarizer) shrink(err error, was sizes) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case errors.Is(err, ErrContextLength):
		w, learned := apiErr.ContextWindow, s.cal.current().ratio > was.ratio*1.01
		switch {
		case w > 0 && w < was.window:
			s.windowSource = "the server's answer"
			if apiErr.Status == 200 {
				s.windowSource = "the server's prompt counts"
			}
		case learned:
			// The server's count showed a looser tokenizer than assumed:
			// the same window holds less of our text.
			w = was.window
		default:
			// Never below a prompt the server has shown it read whole.
			w = max(was.window*3/4, s.cal.largestWhole())
			s.windowSource = "a guess after the server refused a prompt"
		}
		s.sizes.window = min(s.sizes.window, w)
		s.sizes.maxOutput = min(s.sizes.maxOutput, max(s.sizes.window/4, 256))
		if learned {
			return true
		}
	case errors.Is(err, ErrRequestTooLarge):
		s.sizes.chunkCap = min(s.sizes.chunkCap, was.chunkCap/2)
		s.sizes.maxOutput = min(s.sizes.maxOutput, max(was.maxOutput/2, 256))
	default:
		return false
	}
	now := s.sizes
	now.ratio = was.ratio
	return now != was
}

func (r *run) abstract(ctx context.Context, doc textseg.Document) (*Brief, error) {
	s := r.s
	mapBudget, err := r.inputBudget(prompts.Map, notesSchema)
	if err != nil {
		return nil, err
	}
	oneShotBudget, err := r.inputBudget(prompts.Brief, briefSchema)
	if err != nil {
		return nil, err
	}
	budget := min(r.sizes.chunkCap, mapBudget, oneShotBudget)
	if budget < minChunkTokens {
		return nil, fmt.Errorf("%w: a window of %d tokens (from %s) leaves %d for report text", ErrContextTooSmall, r.sizes.window, r.source, budget)
	}
	chunks, err := splitChunks(ctx, doc, s.tok, ChunkOptions{Budget: budget, Overlap: chunkOverlap})
	if err != nil {
		return nil, err
	}
	stats := runStats{chunks: len(chunks)}
	s.log.Info("chunked", "report", r.name, "chunks", len(chunks), "budget", budget)

	var answer briefAnswer
	if len(chunks) == 1 {
		data := r.data()
		data.Report = chunks[0].Text
		if err := r.call(ctx, "brief", prompts.Brief, data, "brief", briefSchema, &answer); err != nil {
			return nil, fmt.Errorf("brief: %w", err)
		}
	} else {
		notes, err := r.mapChunks(ctx, chunks)
		if err != nil {
			return nil, err
		}
		merged, levels, err := r.reduce(ctx, notes, &stats)
		if err != nil {
			return nil, err
		}
		stats.reduceLevels = levels
		data := r.data()
		data.Notes = merged
		if err := r.call(ctx, "brief", prompts.Brief, data, "brief", briefSchema, &answer); err != nil {
			return nil, fmt.Errorf("brief: %w", err)
		}
	}

	b := answer.brief()
	b.tidy(len(doc.Paragraphs))
	if err := r.checkBrief(ctx, b, doc); err != nil {
		return nil, err
	}
	b.Engine = string(EngineLLM)
	b.Model = s.opt.Model
	b.Source.Chunks = len(chunks)
	b.Usage = r.usage
	b.stats = stats
	return b, nil
}

// promptTitle names the report for the model: its file name only, since a
// title taken from the document would put report text outside the fence.
func promptTitle(name string) string {
	if name == "" || name == "-" {
		return "report"
	}
	return filepath.Base(name)
}

func (r *run) data() prompts.Data {
	return prompts.Data{Open: r.open, Close: r.shut, Title: r.name}
}

// inputBudget is how many tokens of report text or notes a prompt made from
// tmpl can carry: the window less the prompt's own tokens (with the schema
// written out, as the weaker formats need) and the answer's allowance.
func (r *run) inputBudget(tmpl string, schema json.RawMessage) (int, error) {
	data := r.estimateData()
	data.Part, data.Parts = 9999, 9999
	data.Schema = string(schema)
	system, err := prompts.Render(prompts.System, data)
	if err != nil {
		return 0, err
	}
	user, err := prompts.Render(tmpl, data)
	if err != nil {
		return 0, err
	}
	// The window and the answer are in the server's tokens, the text in
	// ours: convert at the ratio learned so far (or assumed, erring high).
	overhead := r.s.tok.Count(system) + r.s.tok.Count(user) + 2*messageOverhead
	room := float64(r.sizes.window-r.sizes.maxOutput-budgetMargin) / r.s.cal.sizingRatio()
	return int(room) - overhead, nil
}

// mapChunks takes notes on every chunk, concurrently.
func (r *run) mapChunks(ctx context.Context, chunks []Chunk) ([]string, error) {
	out := make([]string, len(chunks))
	g, gctx := errgroup.WithContext(ctx)
	var pending atomic.Bool
	for i, c := range chunks {
		g.Go(func() error {
			n, err := r.mapText(gctx, i+1, len(chunks), c.Text, 0)
			if errors.Is(err, ErrPending) {
				// Not a failure: let the other chunks ask too.
				pending.Store(true)
				return nil
			}
			if err != nil {
				return fmt.Errorf("chunk %d of %d: %w", i+1, len(chunks), err)
			}
			if !n.empty() {
				out[i] = string(mustJSON(n))
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if pending.Load() {
		return nil, ErrPending
	}
	notes := out[:0]
	for _, n := range out {
		if n != "" {
			notes = append(notes, n)
		}
	}
	return notes, nil
}

// maxSplits bounds how often a piece of report is halved because the notes
// on it did not fit in the answer.
const maxSplits = 3

// mapText takes notes on one piece of the report. When the notes do not
// fit in the longest answer allowed, the piece is halved and each half
// noted on its own.
func (r *run) mapText(ctx context.Context, part, parts int, text string, depth int) (Notes, error) {
	data := r.data()
	data.Part, data.Parts, data.Report = part, parts, text
	var n Notes
	err := r.call(ctx, "map", prompts.Map, data, "notes", notesSchema, &n)
	if !errors.Is(err, ErrAnswerTooLong) || depth >= maxSplits {
		return n, err
	}
	a, b, ok := halve(text)
	if !ok {
		return n, err
	}
	r.s.log.Warn("notes did not fit in one answer; splitting the chunk", "part", part)
	na, err := r.mapText(ctx, part, parts, a, depth+1)
	if err != nil {
		return n, err
	}
	nb, err := r.mapText(ctx, part, parts, b, depth+1)
	if err != nil {
		return n, err
	}
	return na.merge(nb), nil
}

var reLastMarker = regexp.MustCompile(`\[P\d+\]`)

// halve cuts chunk text near its middle, at a paragraph break if there is
// one, else after a sentence; the second half keeps its paragraph marker.
func halve(text string) (string, string, bool) {
	mid := len(text) / 2
	cut := -1
	for _, sep := range []string{"\n\n", ". "} {
		before := strings.LastIndex(text[:mid], sep)
		after := strings.Index(text[mid:], sep)
		switch {
		case before < 0 && after < 0:
			continue
		case after < 0 || (before >= 0 && mid-before <= after):
			cut = before + len(sep)
		default:
			cut = mid + after + len(sep)
		}
		break
	}
	if cut <= 0 || cut >= len(text) {
		return "", "", false
	}
	a, b := strings.TrimSpace(text[:cut]), strings.TrimSpace(text[cut:])
	if !strings.HasPrefix(b, "[P") {
		if ms := reLastMarker.FindAllString(a, -1); len(ms) > 0 {
			b = ms[len(ms)-1] + " " + b
		}
	}
	return a, b, a != "" && b != ""
}

// reduce merges notes level by level, in groups that fit one request, until
// all of them fit in the brief prompt. It returns them as one JSON array and
// the number of levels it took.
func (r *run) reduce(ctx context.Context, notes []string, stats *runStats) (string, int, error) {
	briefBudget, err := r.inputBudget(prompts.Brief, briefSchema)
	if err != nil {
		return "", 0, err
	}
	groupBudget, err := r.inputBudget(prompts.Reduce, notesSchema)
	if err != nil {
		return "", 0, err
	}
	for level := 0; ; level++ {
		joined := "[" + strings.Join(notes, ",\n") + "]"
		if r.s.tok.Count(joined) <= briefBudget {
			return joined, level, nil
		}
		sizes := make([]int, len(notes))
		for i, n := range notes {
			sizes[i] = r.s.tok.Count(n)
		}
		groups := packGroups(sizes, groupBudget)
		if len(groups) == len(notes) {
			return "", level, fmt.Errorf("%w: notes on the report do not fit %d tokens even in pairs", ErrContextTooSmall, r.sizes.window)
		}
		r.s.log.Info("reducing notes", "report", r.name, "level", level+1, "notes", len(notes), "groups", len(groups))
		merges := 0
		for _, g := range groups {
			if g[1]-g[0] > 1 {
				merges++
			}
		}
		stats.reduceRounds += (merges + r.s.pace.max - 1) / r.s.pace.max
		next := make([][]string, len(groups))
		g, gctx := errgroup.WithContext(ctx)
		var pending atomic.Bool
		for i, span := range groups {
			g.Go(func() error {
				merged, err := r.reduceGroup(gctx, notes[span[0]:span[1]])
				if errors.Is(err, ErrPending) {
					pending.Store(true)
					return nil
				}
				if err != nil {
					return fmt.Errorf("merging notes (level %d, group %d): %w", level+1, i+1, err)
				}
				next[i] = merged
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return "", level, err
		}
		if pending.Load() {
			return "", level, ErrPending
		}
		flat := notes[:0:0]
		for _, m := range next {
			flat = append(flat, m...)
		}
		if len(flat) >= len(notes) {
			return "", level, fmt.Errorf("%w: merged notes on the report do not get shorter; raise --max-output-tokens", ErrContextTooSmall)
		}
		notes = flat
	}
}

// reduceGroup merges a group of notes into one. When the merged notes do
// not fit in the longest answer allowed, the group is merged in two halves
// whose results are concatenated: the next level merges them further.
func (r *run) reduceGroup(ctx context.Context, group []string) ([]string, error) {
	if len(group) == 1 {
		return group, nil
	}
	data := r.data()
	data.Notes = "[" + strings.Join(group, ",\n") + "]"
	var n Notes
	err := r.call(ctx, "reduce", prompts.Reduce, data, "notes", notesSchema, &n)
	if err == nil {
		return []string{string(mustJSON(n))}, nil
	}
	if !errors.Is(err, ErrAnswerTooLong) || len(group) < 3 {
		return nil, err
	}
	half := len(group) / 2
	a, err := r.reduceGroup(ctx, group[:half])
	if err != nil {
		return nil, err
	}
	b, err := r.reduceGroup(ctx, group[half:])
	if err != nil {
		return nil, err
	}
	return append(a, b...), nil
}

// packGroups packs consecutive items of the given token sizes greedily
// into groups that fit budget, and returns the groups as index ranges.
func packGroups(sizes []int, budget int) [][2]int {
	var (
		groups [][2]int
		start  int
		used   int
	)
	for i, t := range sizes {
		t += 2 // the separator
		if i > start && used+t > budget {
			groups = append(groups, [2]int{start, i})
			start, used = i, 0
		}
		used += t
	}
	if start < len(sizes) {
		groups = append(groups, [2]int{start, len(sizes)})
	}
	return groups
}

// briefAnswer is the JSON the model writes for the brief.
type briefAnswer struct {
	Title        string      `json:"title"`
	Date         string      `json:"date"`
	Lead         Paragraph   `json:"lead"`
	Sections     []Section   `json:"sections"`
	Implications []Paragraph `json:"implications"`
	KeyFacts     []Paragraph `json:"key_facts"`
}

// validate requires the substance of a brief: a lead or a section.
func (a *briefAnswer) validate() error {
	if strings.TrimSpace(a.Lead.Text) == "" && len(a.Sections) == 0 {
		return errors.New("the brief has neither a lead nor any section")
	}
	return nil
}

func (a briefAnswer) brief() *Brief {
	return &Brief{Title: a.Title, Date: a.Date, Lead: a.Lead, Sections: a.Sections, Implications: a.Implications, KeyFacts: a.KeyFacts}
}
