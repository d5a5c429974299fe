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
		r := &run{s: s, name: promptTitle(in.Name), docTitle: in.Title, docDate: in.Date, sizes: s.sizes, source: s.windowSource, text: in.Text, usage: spent}
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
		s.sizes.chunkCap = min(s.sizes.cap(), was.cap()/2)
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
	budget, err := r.chunkBudget()
	if err != nil {
		return nil, err
	}
	m, err := r.mapChunks(ctx, doc, budget)
	if err != nil {
		return nil, err
	}
	stats := runStats{chunks: m.chunks}

	var answer briefAnswer
	data := r.data()
	if m.whole != "" {
		data.Report = m.whole
	} else {
		merged, levels, err := r.reduce(ctx, m.notes, &stats)
		if err != nil {
			return nil, err
		}
		stats.reduceLevels = levels
		data.Notes = merged
	}
	if err := r.call(ctx, "brief", prompts.Brief, data, "brief", briefSchema, &answer); err != nil {
		return nil, fmt.Errorf("brief: %w", err)
	}

	b := answer.brief()
	b.tidy(len(doc.Paragraphs))
	if err := r.checkBrief(ctx, b, doc); err != nil {
		return nil, err
	}
	b.Engine = string(EngineLLM)
	b.Model = s.opt.Model
	b.Source.Chunks = m.chunks
	b.Source.Tokens = m.tokens
	b.Usage = r.usage
	b.stats = stats
	return b, nil
}

// promptTitle names the report for the model: its file name only, since a
// title taken from the document would put report text outside the fence.
func promptTitle(name string) string {
	if name == "" || name == "-" || strings.Contains(name, "://") {
		// A URL: the cache keys on the content, not on the address.
		return "report"
	}
	return filepath.Base(name)
}

// chunkBudget is the most report text a chunk carries: what a map request
// and, for a report of one chunk, the brief request can hold, within the
// chunk cap.
func (r *run) chunkBudget() (int, error) {
	mapBudget, err := r.inputBudget(prompts.Map, notesSchema)
	if err != nil {
		return 0, err
	}
	oneShot, err := r.inputBudget(prompts.Brief, briefSchema)
	if err != nil {
		return 0, err
	}
	budget := min(r.sizes.cap(), mapBudget, oneShot)
	if budget < minChunkTokens {
		return 0, detailf(ErrContextTooSmall, "a window of %d tokens (from %s) leaves %d for report text", r.sizes.window, r.source, budget)
	}
	return budget, nil
}

func (r *run) data() prompts.Data {
	return prompts.Data{Open: r.open, Close: r.shut, Title: r.name, DocTitle: r.docTitle, DocDate: r.docDate, Language: languageName(r.s.opt.Language), Focus: r.s.opt.Focus}
}

// inputBudget is how many tokens of report text or notes a prompt made from
// tmpl can carry: the window less the prompt's own tokens (with the schema
// written out, as the weaker formats need) and the answer's allowance.
func (r *run) inputBudget(tmpl string, schema json.RawMessage) (int, error) {
	overhead, err := r.promptOverhead(tmpl, schema, false)
	if err != nil {
		return 0, err
	}
	return r.room(overhead, r.sizes.maxOutput), nil
}

// room is how many of our tokens a prompt of overhead tokens of ours can
// carry besides, with an answer allowance of answer server tokens.
func (r *run) room(overhead float64, answer int) int {
	// The window and the answer are in the server's tokens, the text in
	// ours: convert at the ratio learned so far (or assumed, erring high).
	return int(float64(r.sizes.window-answer-budgetMargin)/r.s.cal.sizingRatio() - overhead)
}

// promptOverhead counts, in our tokens, a prompt made from tmpl without
// its report text or notes. With asSent, the schema is counted as the
// current response format sends it: in response_format at the share of it
// the server counts, or written out in the prompt; else always written
// out, as the weaker formats need.
func (r *run) promptOverhead(tmpl string, schema json.RawMessage, asSent bool) (float64, error) {
	data := r.estimateData()
	data.Part = 9999
	data.Schema = string(schema)
	extra := 0.0
	if asSent && Format(r.s.format.Load()) == FormatJSONSchema {
		data.Schema = ""
		extra = r.s.cal.current().share * float64(r.s.tok.Count(string(schema)))
	}
	system, err := r.s.prompts.Render(prompts.System, data)
	if err != nil {
		return 0, err
	}
	// Whether a part is the last is known only as it is sent: count the
	// longer wording.
	lasts := []bool{false}
	if tmpl == prompts.Map {
		lasts = append(lasts, true)
	}
	user := 0
	for _, last := range lasts {
		data.Last = last
		text, err := r.s.prompts.Render(tmpl, data)
		if err != nil {
			return 0, err
		}
		user = max(user, r.s.tok.Count(text))
	}
	return float64(r.s.tok.Count(system)+user+2*messageOverhead) + extra, nil
}

// noteGrowth bounds how much larger a note counts in our tokens, once
// decoded, re-encoded and converted at the sizing ratio, than the server
// counted it as an answer.
const noteGrowth = 1.05

// noteLimit is the longest answer, in the server's tokens, that a map or
// reduce step may write, even after a cut answer is given more room: two
// notes of that length, the reduce prompt as sent and a reduce answer of
// that length fill the window. Were notes allowed to grow past it, two of
// them would no longer fit one reduce request (a 4,096-token llama.cpp
// slot).
func (r *run) noteLimit() (int, error) {
	overhead, err := r.promptOverhead(prompts.Reduce, notesSchema, true)
	if err != nil {
		return 0, err
	}
	free := float64(r.sizes.window-budgetMargin) - (overhead+4)*r.s.cal.sizingRatio()
	return max(int(free/(1+2*noteGrowth)), 1), nil
}

// reduceBudget is how many tokens of notes one reduce request carries
// when its answer may take allow server tokens.
func (r *run) reduceBudget(allow int) (int, error) {
	overhead, err := r.promptOverhead(prompts.Reduce, notesSchema, true)
	if err != nil {
		return 0, err
	}
	return r.room(overhead, allow), nil
}

// mapped is what mapChunks made of a report.
type mapped struct {
	chunks int
	tokens int // the report's tokens (see reportTokens)
	// whole is the text of a report that fits in one chunk, on which no
	// notes are taken: the brief request reads it whole.
	whole string
	notes []string // JSON notes, in the report's order
}

// mapChunks splits the report into chunks of budget tokens and takes notes
// on every chunk, concurrently (the pacer bounds the requests in flight).
// Each chunk's request leaves as soon as the chunk is made, while the
// rest are still being made.
func (r *run) mapChunks(ctx context.Context, doc textseg.Document, budget int) (mapped, error) {
	var (
		m       mapped
		out     []*[]string // each chunk's notes, in order
		pending atomic.Bool
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var err error
		m.tokens, err = streamChunks(gctx, doc, r.s.tok, chunkOptions{Budget: budget, Overlap: chunkOverlap}, func(c chunk, last bool) error {
			m.chunks++
			if c.Index == 0 && last {
				m.whole = c.Text
				return nil
			}
			notes := new([]string)
			out = append(out, notes)
			g.Go(func() error {
				ns, err := r.mapText(gctx, c.Index+1, last, c.Text, 0)
				if errors.Is(err, ErrPending) {
					// Not a failure: let the other chunks ask too.
					pending.Store(true)
					return nil
				}
				if err != nil {
					return fmt.Errorf("chunk %d: %w", c.Index+1, err)
				}
				for _, n := range ns {
					if !n.empty() {
						*notes = append(*notes, string(mustJSON(n)))
					}
				}
				return nil
			})
			return nil
		})
		return err
	})
	if err := g.Wait(); err != nil {
		return mapped{}, err
	}
	r.s.log.Info("chunked", "report", r.name, "chunks", m.chunks, "budget", budget)
	if pending.Load() {
		return mapped{}, ErrPending
	}
	for _, ns := range out {
		m.notes = append(m.notes, *ns...)
	}
	return m, nil
}

// maxSplits bounds how often a piece of report is halved because the notes
// on it did not fit in the answer.
const maxSplits = 3

// mapText takes notes on one piece of the report. When the notes do not
// fit in the longest answer allowed, the piece is halved and each half
// noted on its own. The notes on the halves stay apart, in order: merged,
// they could be too long to share a reduce request.
func (r *run) mapText(ctx context.Context, part int, last bool, text string, depth int) ([]Notes, error) {
	data := r.data()
	data.Part, data.Last, data.Report = part, last, text
	var n Notes
	err := r.call(ctx, "map", prompts.Map, data, "notes", notesSchema, &n)
	if !errors.Is(err, ErrAnswerTooLong) {
		return []Notes{n}, err
	}
	a, b, ok := halve(text)
	if depth >= maxSplits || !ok {
		n, err := r.salvage(err, "part", part)
		return []Notes{n}, err
	}
	r.s.log.Warn("notes did not fit in one answer; splitting the chunk", "part", part)
	na, err := r.mapText(ctx, part, last, a, depth+1)
	if err != nil {
		return nil, err
	}
	nb, err := r.mapText(ctx, part, last, b, depth+1)
	if err != nil {
		return nil, err
	}
	return append(na, nb...), nil
}

// salvage keeps the complete part of notes cut at the longest answer
// allowed, when no smaller request is left to try; err is the cut.
func (r *run) salvage(err error, where ...any) (Notes, error) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return Notes{}, err
	}
	n, ok := salvageNotes(apiErr.partial)
	if !ok {
		return Notes{}, err
	}
	r.s.log.Warn("notes cut at the longest answer allowed; keeping the part written before the cut", where...)
	return n, nil
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

// maxReduceLevels bounds the reduce tree; notes that halve at every level
// need far fewer.
const maxReduceLevels = 24

// reduce merges notes level by level, in groups that fit one request, until
// all of them fit in the brief prompt. A note too long to share a request
// with another, or the last one left when it is still too long for the
// brief, is reduced alone, which shortens it. It returns the notes as one
// JSON array and the number of levels it took.
func (r *run) reduce(ctx context.Context, notes []string, stats *runStats) (string, int, error) {
	briefBudget, err := r.inputBudget(prompts.Brief, briefSchema)
	if err != nil {
		return "", 0, err
	}
	// Each note is counted once, when it is written.
	sizes := make([]int, len(notes))
	for i, n := range notes {
		sizes[i] = r.s.tok.Count(n)
	}
	for level := 0; ; level++ {
		total := notesTokens(sizes)
		if total <= briefBudget {
			return "[" + strings.Join(notes, ",\n") + "]", level, nil
		}
		if level >= maxReduceLevels {
			return "", level, detailf(ErrContextTooSmall, "notes on the report still take %d tokens after %d levels of merging", total, level)
		}
		// Sized at each level: the ratio learned so far may have changed.
		groupBudget, _, err := r.groupBudget()
		if err != nil {
			return "", level, err
		}
		groups, merges := reduceGroups(sizes, groupBudget)
		r.s.log.Info("reducing notes", "report", r.name, "level", level+1, "notes", len(notes), "groups", len(groups), "requests", merges)
		stats.reduceRounds += (merges + r.s.pace.max - 1) / r.s.pace.max
		next := make([][]string, len(groups))
		g, gctx := errgroup.WithContext(ctx)
		var pending atomic.Bool
		for i, grp := range groups {
			g.Go(func() error {
				merged, err := r.reduceGroup(gctx, notes[grp.span[0]:grp.span[1]], grp.send)
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
		var flatSizes []int
		for i, m := range next {
			if !groups[i].send {
				flat, flatSizes = append(flat, m...), append(flatSizes, sizes[groups[i].span[0]])
				continue
			}
			for _, n := range m {
				flat, flatSizes = append(flat, n), append(flatSizes, r.s.tok.Count(n))
			}
		}
		if !shorter(sizes, flatSizes) {
			return "", level, detailf(ErrContextTooSmall, "merged notes on the report do not get shorter")
		}
		notes, sizes = flat, flatSizes
	}
}

// groupBudget is how many tokens of notes one reduce request carries, and
// allow the longest answer, in the server's tokens, a note may take.
func (r *run) groupBudget() (budget, allow int, err error) {
	limit, err := r.noteLimit()
	if err != nil {
		return 0, 0, err
	}
	allow = min(r.sizes.maxOutput, limit)
	budget, err = r.reduceBudget(allow)
	return budget, allow, err
}

// notesTokens is the size of notes of the given sizes joined as one JSON
// array: each note and its separator.
func notesTokens(sizes []int) int {
	n := 0
	for _, x := range sizes {
		n += x + 2
	}
	return n
}

// shorter reports whether a reduce level made progress: fewer notes, or
// notes at least a tenth shorter.
func shorter(before, after []int) bool {
	return len(after) < len(before) || notesTokens(after) <= notesTokens(before)*9/10
}

// noteGroup is a group of consecutive notes (an index range) at one
// level of the reduce tree, and whether it is sent to be merged or passed
// on as it is.
type noteGroup struct {
	span [2]int
	send bool
}

// reduceGroups packs the notes of one reduce level into groups (see
// packGroups) and says which are sent; merges counts those. A run and its
// plan both size the tree with it.
func reduceGroups(sizes []int, groupBudget int) (groups []noteGroup, merges int) {
	spans := packGroups(sizes, groupBudget)
	groups = make([]noteGroup, len(spans))
	for i, g := range spans {
		send := g[1]-g[0] > 1 || compressAlone(sizes[g[0]], groupBudget, len(spans))
		groups[i] = noteGroup{span: g, send: send}
		if send {
			merges++
		}
	}
	return groups, merges
}

// compressAlone reports whether a note alone in its group is reduced by
// itself: when it is too long to share a request with a note as long, or
// when it is the only group left and still too long for the brief.
func compressAlone(size, groupBudget, groups int) bool {
	return groups == 1 || size+2 > groupBudget/2
}

// reduceGroup merges a group of notes into one; a lone note is passed on
// as it is unless alone asks to shorten it. When the merged notes do not
// fit in the longest answer allowed, a group of three or more is merged in
// two halves whose results are concatenated (the next level merges them
// further); of a pair or a lone note, the part written before the cut is
// kept, which is shorter than the notes were, so that every level makes
// progress.
func (r *run) reduceGroup(ctx context.Context, group []string, alone bool) ([]string, error) {
	if len(group) == 1 && !alone {
		return group, nil
	}
	data := r.data()
	data.Notes = "[" + strings.Join(group, ",\n") + "]"
	var n Notes
	err := r.call(ctx, "reduce", prompts.Reduce, data, "notes", notesSchema, &n)
	if err == nil {
		return []string{string(mustJSON(n))}, nil
	}
	if !errors.Is(err, ErrAnswerTooLong) {
		return nil, err
	}
	if len(group) <= 2 {
		n, err := r.salvage(err, "step", "reduce", "notes", len(group))
		if err != nil {
			return nil, err
		}
		return []string{string(mustJSON(n))}, nil
	}
	half := len(group) / 2
	a, err := r.reduceGroup(ctx, group[:half], false)
	if err != nil {
		return nil, err
	}
	b, err := r.reduceGroup(ctx, group[half:], false)
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
