package summarize

import (
	"context"
	"hash/fnv"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/brief-cli/brief/internal/textseg"
)

// chunk is a run of consecutive sentences sent to the model in one request.
type chunk struct {
	Index int // 0-based
	// Text is what the prompt embeds: paragraphs rendered as
	// "[P12] sentence sentence …", paragraphs separated by a blank line; a
	// heading paragraph rendered "[P7] ## Heading". A chunk that starts in
	// the middle of a paragraph still opens with that paragraph's marker.
	Text      string
	FirstPara int                // first paragraph number covered
	LastPara  int                // last paragraph number covered
	Tokens    int                // Tokenizer.Count(Text)
	Sentences []textseg.Sentence // in order, including the overlap
	Overlap   int                // leading sentences repeated from the previous chunk
}

// chunkOptions configures chunkDocument.
type chunkOptions struct {
	// Budget is the maximum number of tokens of chunk.Text; required (>0).
	// Budgets below minChunkBudget are raised to it.
	Budget int
	// Overlap is the number of sentences repeated from the end of the
	// previous chunk at the start of the next; 0 means none, callers use
	// 1-2. Overlap counts toward the budget and is reduced when it would
	// take more than a quarter of it or push the chunk over the budget.
	Overlap int
}

// minChunkBudget is the smallest budget chunkDocument uses: enough for a
// paragraph marker and a few tokens of text.
const minChunkBudget = 16

// chunkFillRatio is how full (in estimated tokens) a chunk must be before
// chunkDocument prefers ending it at a paragraph boundary over filling it up
// to the budget in the middle of a paragraph.
const chunkFillRatio = 0.75

// chunk ends are partly chosen by content, so that an edit moves only the
// ends near it: a chunk full enough ends after a paragraph whose last
// sentence hashes to an anchor (one in anchorEvery). Chunks after an edit
// then fall back on the same anchors as before it, and their text, prompts
// and cached answers are unchanged.
const (
	anchorEvery     = 2
	anchorRoom      = 10   // average paragraphs of room left for meeting an anchor
	anchorMinFill   = 0.65 // never end at an anchor below this fill
	anchorMinChunks = 4    // reports shorter than this many full chunks fill greedily
)

func isAnchor(u chunkUnit) bool {
	h := fnv.New32a()
	h.Write([]byte(u.text))
	return h.Sum32()%anchorEvery == 0
}

// chunkDocument packs the document's sentences into chunks of at most
// opt.Budget tokens, in order. A chunk ends at a paragraph boundary when it
// is at least ~75% full there, else after the last sentence that fits. A
// sentence longer than a chunk can hold is split on token boundaries into
// pieces, each becoming a Sentence with the same paragraph. Empty sentences
// are skipped. Every chunk satisfies Tokens == tok.Count(Text) <= Budget.
//
// Each sentence is tokenized once, together with the space that precedes it
// in the rendered text (BPE attaches that space to the first word); markers
// and paragraph breaks are counted separately. The sum bounds the chunk's
// count except for rare merges across a paragraph break, so each chunk's
// text is counted exactly once more and shrunk if it is over the budget.
//
// chunkDocument panics if opt.Budget <= 0.
func chunkDocument(doc textseg.Document, tok *Tokenizer, opt chunkOptions) []chunk {
	chunks, _, _ := splitChunks(context.Background(), doc, tok, opt)
	return chunks
}

// splitChunks is chunkDocument that stops with ctx's error once ctx is done.
// It also returns the report's tokens as reportTokens counts them, from
// the counts it took anyway: the text is counted once.
func splitChunks(ctx context.Context, doc textseg.Document, tok *Tokenizer, opt chunkOptions) ([]chunk, int, error) {
	var chunks []chunk
	tokens, err := streamChunks(ctx, doc, tok, opt, func(c chunk, _ bool) error {
		chunks = append(chunks, c)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return chunks, tokens, nil
}

// streamChunks makes the chunks of splitChunks and hands each to yield, in
// order, as soon as it is final, with whether it is the last: a request
// on the first chunk can leave while the rest are still being made. Every
// sentence is counted first (the count decides how chunk ends are chosen,
// and gives the report's tokens, which streamChunks returns); packing and
// the exact count of each chunk, the rest of the work, overlap with yield.
// It stops with ctx's error, or yield's.
func streamChunks(ctx context.Context, doc textseg.Document, tok *Tokenizer, opt chunkOptions, yield func(c chunk, last bool) error) (int, error) {
	c, units, sentences, err := newChunker(ctx, doc, tok, opt)
	if err != nil {
		return 0, err
	}
	if err := c.pack(units, yield); err != nil {
		return 0, err
	}
	return sentences, nil
}

// newChunker counts doc's sentences into units and sets the chunker up for
// them; it also returns the sum of the sentences' counts (see
// reportTokens).
func newChunker(ctx context.Context, doc textseg.Document, tok *Tokenizer, opt chunkOptions) (*chunker, []chunkUnit, int, error) {
	if opt.Budget <= 0 {
		panic("summarize: chunkOptions.Budget must be positive")
	}
	c := &chunker{
		ctx:     ctx,
		tok:     tok,
		budget:  max(opt.Budget, minChunkBudget),
		overlap: max(opt.Overlap, 0),
		markers: make(map[int]int),
		paraSep: tok.Count("\n\n"),
	}
	units, sentences, err := c.units(doc)
	if err != nil {
		return nil, nil, 0, err
	}
	total, paras := 0, 0
	for i, u := range units {
		total += u.tokens
		if i == 0 || u.para != units[i-1].para {
			paras++
		}
	}
	// Content-chosen ends cost some fill; they pay off only for reports of
	// many chunks, whose reruns after an edit they keep cheap. A chunk may
	// end at an anchor once it is full but for room for anchorRoom average
	// paragraphs: enough to meet an anchor before the budget runs out
	// (which would cut by fill again), little enough to keep chunks full.
	if total > anchorMinChunks*c.budget && paras > 0 {
		c.anchors = true
		avg := float64(total) / float64(paras)
		c.anchorFill = max(anchorMinFill, 1-anchorRoom*avg/float64(c.budget))
	}
	return c, units, sentences, nil
}

// reportTokens is the size of a report in tokens as brief gives it
// (Brief.Source.Tokens, Plan.Tokens): the sum of its sentences' counts,
// each with the space before it, as chunks carry them. It differs from a
// count of the file by its whitespace and markup, not by its words.
func reportTokens(ctx context.Context, doc textseg.Document, tok *Tokenizer) (int, error) {
	c := &chunker{ctx: ctx, tok: tok}
	n := 0
	err := c.sentences(doc, func(_ *textseg.Paragraph, _ string, tokens int) { n += tokens })
	return n, err
}

// checkEvery is how many units the chunker handles between looks at its
// context.
const checkEvery = 256

// chunkUnit is a sentence (or a piece of an oversized one) with its count.
type chunkUnit struct {
	para    int
	heading bool
	text    string
	tokens  int // Count(" " + text): the sentence as it appears after a marker or a sentence
}

type chunker struct {
	ctx        context.Context
	tok        *Tokenizer
	budget     int
	overlap    int
	markers    map[int]int // paragraph -> tokens of "[Pn]" (and " ##")
	paraSep    int         // tokens of the blank line between paragraphs
	anchors    bool        // end chunks at content anchors (see isAnchor)
	anchorFill float64     // fill from which a chunk may end at an anchor
}

// marker returns the tokens of a paragraph's marker, without the space that
// follows it (counted with the first sentence).
func (c *chunker) marker(para int, heading bool) int {
	if n, ok := c.markers[para]; ok {
		return n
	}
	n := c.tok.Count("[P" + strconv.Itoa(para) + "]")
	if heading {
		n += c.tok.Count(" ##")
	}
	c.markers[para] = n
	return n
}

// unitTokens counts a sentence with its leading space; 0 once the context
// is done (units then returns its error).
func (c *chunker) unitTokens(s string) int {
	n, _ := c.tok.CountContext(c.ctx, " "+s)
	return n
}

// maxUnit is the most tokens a unit of a paragraph may have: what fits in
// an otherwise empty chunk.
func (c *chunker) maxUnit(para int, heading bool) int {
	return c.budget - c.marker(para, heading)
}

// sentences counts every non-empty sentence of doc, in order, and hands
// it to f with its count; it stops with ctx's error. The counting, nearly
// all of the work of chunking, is spread over the CPUs.
func (c *chunker) sentences(doc textseg.Document, f func(p *textseg.Paragraph, s string, tokens int)) error {
	type sentence struct {
		para *textseg.Paragraph
		text string
	}
	var all []sentence
	for i := range doc.Paragraphs {
		p := &doc.Paragraphs[i]
		for _, s := range p.Sentences {
			if strings.TrimSpace(s) != "" {
				all = append(all, sentence{p, s})
			}
		}
	}
	counts := make([]int, len(all))
	var next atomic.Int64 // the next block of checkEvery sentences to count
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(all)/checkEvery+1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c.ctx.Err() == nil {
				from := int(next.Add(1)-1) * checkEvery
				if from >= len(all) {
					return
				}
				for k := from; k < min(from+checkEvery, len(all)); k++ {
					counts[k] = c.unitTokens(all[k].text)
				}
			}
		}()
	}
	wg.Wait()
	if err := c.ctx.Err(); err != nil {
		return err
	}
	for k, s := range all {
		f(s.para, s.text, counts[k])
	}
	return nil
}

// units counts every sentence and splits the oversized ones; it also
// returns the sum of the sentences' counts (see reportTokens).
func (c *chunker) units(doc textseg.Document) ([]chunkUnit, int, error) {
	var out []chunkUnit
	total := 0
	err := c.sentences(doc, func(p *textseg.Paragraph, s string, tokens int) {
		total += tokens
		u := chunkUnit{para: p.Number, heading: p.Heading, text: s, tokens: tokens}
		if limit := c.maxUnit(p.Number, p.Heading); u.tokens > limit {
			out = c.appendPieces(out, u, limit)
			return
		}
		out = append(out, u)
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// appendPieces splits u into pieces of at most limit tokens (counted with
// their leading space) on token boundaries, preferring spaces, and appends
// them. The spaces at the cuts are dropped, so the pieces joined with
// single spaces (or nothing, for a cut inside a word) give u.text back.
//
// The leading space or a trimmed one can change a piece's BPE merges by a
// token or two; when a piece comes out over limit the whole unit is split
// again with a target lowered by the excess (doubling each time), so a
// long unit costs a few passes, never one per token.
func (c *chunker) appendPieces(out []chunkUnit, u chunkUnit, limit int) []chunkUnit {
	limit = max(limit, 2)
	target := limit - 1
	for tries := 0; ; tries++ {
		var units []chunkUnit
		excess := 0
		pieces, err := c.tok.split(c.ctx, u.text, target)
		if err != nil {
			return out // the caller sees c.ctx's error
		}
		for _, piece := range pieces {
			piece = strings.Trim(piece, " ")
			if piece == "" {
				continue
			}
			n := c.unitTokens(piece)
			excess = max(excess, n-limit)
			units = append(units, chunkUnit{para: u.para, heading: u.heading, text: piece, tokens: n})
		}
		if excess <= 0 || target == 1 || tries == maxSplitTries {
			// Still over after the last try: pack splits it again.
			return append(out, units...)
		}
		target = max(1, target-excess<<tries)
	}
}

// maxSplitTries bounds the passes of appendPieces.
const maxSplitTries = 8

// chunkDraft is a chunk being filled.
type chunkDraft struct {
	units    []chunkUnit
	ests     []int // ests[k]: estimated tokens of units[:k]
	nOverlap int
}

func (d *chunkDraft) est() int { return d.ests[len(d.ests)-1] }

// cost is the estimated tokens that appending u adds to the draft.
func (c *chunker) cost(d *chunkDraft, u chunkUnit) int {
	if len(d.units) == 0 {
		return c.marker(u.para, u.heading) + u.tokens
	}
	if last := d.units[len(d.units)-1]; last.para == u.para {
		return u.tokens
	}
	return c.paraSep + c.marker(u.para, u.heading) + u.tokens
}

func (c *chunker) add(d *chunkDraft, u chunkUnit) {
	e := d.est() + c.cost(d, u)
	d.units = append(d.units, u)
	d.ests = append(d.ests, e)
}

func (c *chunker) draft(us []chunkUnit, nOverlap int) *chunkDraft {
	d := &chunkDraft{ests: []int{0}, nOverlap: nOverlap}
	for _, u := range us {
		c.add(d, u)
	}
	return d
}

// overlapFor picks the overlap for the chunk after prev that starts with
// first: up to c.overlap trailing units of prev, at most a quarter of the
// budget, and leaving room for first.
func (c *chunker) overlapFor(prev []chunkUnit, first chunkUnit) []chunkUnit {
	if c.overlap == 0 || len(prev) == 0 {
		return nil
	}
	ov := prev[max(0, len(prev)-c.overlap):]
	for len(ov) > 0 {
		d := c.draft(ov, len(ov))
		if d.est() <= c.budget/4 && d.est()+c.cost(d, first) <= c.budget {
			return ov
		}
		ov = ov[1:]
	}
	return nil
}

// pack fills chunks greedily and hands each to yield as soon as it is
// final. Each chunk's text is counted exactly, which is a second count of
// the report: the chunks are first packed by their estimates alone, which
// costs no count, and counted side by side on every CPU, in order, each
// handed on once counted. The estimate bounds the count but for rare
// merges, so the exact pass (packFrom with exact) is needed only from the
// first chunk whose count exceeds the budget, and gives the same chunks as
// packing exactly from the start.
func (c *chunker) pack(units []chunkUnit, yield func(chunk, bool) error) error {
	var (
		chunks []chunk
		starts []int
	)
	err := c.packFrom(units, 0, nil, 0, false, func(ch chunk, start int, _ bool) error {
		chunks, starts = append(chunks, ch), append(starts, start)
		return nil
	})
	if err != nil {
		return err
	}
	counted := make([]chan struct{}, len(chunks))
	for k := range counted {
		counted[k] = make(chan struct{})
	}
	var (
		next atomic.Int64
		stop atomic.Bool // the exact pass takes over, or yield failed
		wg   sync.WaitGroup
	)
	defer func() {
		stop.Store(true)
		wg.Wait()
	}()
	for range min(runtime.GOMAXPROCS(0), len(chunks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c.ctx.Err() == nil && !stop.Load() {
				k := int(next.Add(1) - 1)
				if k >= len(chunks) {
					return
				}
				chunks[k].Tokens = c.tok.Count(chunks[k].Text)
				close(counted[k])
			}
		}()
	}
	for k := range chunks {
		select {
		case <-counted[k]:
		case <-c.ctx.Done():
		}
		if err := c.ctx.Err(); err != nil {
			return err
		}
		if chunks[k].Tokens <= c.budget {
			if err := yield(chunks[k], k == len(chunks)-1); err != nil {
				return err
			}
			continue
		}
		stop.Store(true)
		var prev []chunkUnit
		if k > 0 {
			// Chunks are runs of consecutive units, overlap included.
			prev = units[starts[k-1]-chunks[k-1].Overlap : starts[k]]
		}
		return c.packFrom(units, starts[k], prev, k, true, func(ch chunk, _ int, last bool) error {
			return yield(ch, last)
		})
	}
	return nil
}

// packFrom packs units[i:] into chunks numbered from index, after a chunk
// made of prev, and hands each to emit with the index of its first unit of
// its own (after the overlap) and whether it is the last. With exact, each
// chunk is counted and shrunk until it fits the budget; without, Tokens is
// left 0 for the caller to count.
func (c *chunker) packFrom(units []chunkUnit, i int, prev []chunkUnit, index int, exact bool, emit func(ch chunk, start int, last bool) error) error {
	for i < len(units) {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		d := c.draft(c.overlapFor(prev, units[i]), 0)
		d.nOverlap = len(d.units)
		start := i
		for i < len(units) && d.est()+c.cost(d, units[i]) <= c.budget {
			c.add(d, units[i])
			i++
			if c.anchors && i < len(units) && units[i].para != units[i-1].para &&
				float64(d.est()) >= c.anchorFill*float64(c.budget) && isAnchor(units[i-1]) {
				break
			}
		}
		if i == start {
			// Units are sized to fit an empty chunk and the overlap leaves
			// room for the first one, unless BPE merges defeated the sizing
			// of a piece (appendPieces); take it, the exact check below
			// splits it further.
			c.add(d, units[i])
			i++
		}
		if i < len(units) && units[i].para == d.units[len(d.units)-1].para {
			// Ending mid-paragraph: prefer the last paragraph boundary if
			// the chunk is already full enough there.
			for k := len(d.units) - 1; k > d.nOverlap; k-- {
				if d.units[k].para != d.units[k-1].para {
					if float64(d.ests[k]) >= chunkFillRatio*float64(c.budget) {
						i -= len(d.units) - k
						d.units, d.ests = d.units[:k], d.ests[:k+1]
					}
					break
				}
			}
		}
		text := renderChunk(d.units)
		n := 0
		if exact {
			n = c.tok.Count(text)
		}
		for exact && n > c.budget {
			switch own := len(d.units) - d.nOverlap; {
			case own > 1:
				d.units, d.ests = d.units[:len(d.units)-1], d.ests[:len(d.ests)-1]
				i--
			case d.nOverlap > 0:
				d = c.draft(d.units[1:], d.nOverlap-1)
			default:
				// One unit that fit by estimate but not exactly: split it
				// tighter and pack again from it.
				u := d.units[0]
				pieces := c.appendPieces(nil, u, u.tokens-(n-c.budget)-1)
				units = slices.Replace(units, i-1, i, pieces...)
				i--
				d = nil
			}
			if d == nil {
				break
			}
			text = renderChunk(d.units)
			n = c.tok.Count(text)
		}
		if d == nil {
			continue
		}
		sents := make([]textseg.Sentence, len(d.units))
		for k, u := range d.units {
			sents[k] = textseg.Sentence{Para: u.para, Text: u.text}
		}
		ch := chunk{
			Index:     index,
			Text:      text,
			FirstPara: d.units[0].para,
			LastPara:  d.units[len(d.units)-1].para,
			Tokens:    n,
			Sentences: sents,
			Overlap:   d.nOverlap,
		}
		if err := emit(ch, start, i >= len(units)); err != nil {
			return err
		}
		index++
		prev = d.units
	}
	return nil
}

// renderChunk renders units as "[P12] s s\n\n[P13] ## Heading".
func renderChunk(us []chunkUnit) string {
	size := 0
	for _, u := range us {
		size += len(u.text) + 12
	}
	var b strings.Builder
	b.Grow(size)
	for k, u := range us {
		if k == 0 || u.para != us[k-1].para {
			if k > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString("[P")
			b.WriteString(strconv.Itoa(u.para))
			b.WriteString("] ")
			if u.heading {
				b.WriteString("## ")
			}
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(u.text)
	}
	return b.String()
}
