package verify

import (
	"context"
	"slices"
	"strings"

	"github.com/brief-cli/brief/internal/align"
)

// Locality parameters: a sentence of the source belongs to a statement's
// context when it holds at least ctxRel of the best share of the
// statement's other words that any source sentence holds; a statement
// whose best share is under ctxMin cannot be placed and is checked for
// presence only.
var (
	ctxRel      = 0.4
	ctxMin      = 0.3
	ctxResidual = 0.2 // share of the words left unplaced that calls for another round
	ctxRounds   = 2
	ctxWindow   = 0 // neighbouring sentences on each side that join the context
	ctxBack     = 0 // preceding sentences that join the context (where "it" and "the flight" were named)
)

// Check returns the facts of the statements that the source does not
// support: absent from it, or (Elsewhere) present but not where the rest
// of their sentence comes from. It checks the facts Extract finds, plus
// lone capitalized words opening a sentence that the source uses only as
// names, or that look like names and that the source does not contain.
// A fact repeated within a statement is reported once.
func (c *Checker) Check(statements []Statement) []Finding {
	out, _ := c.CheckContext(context.Background(), statements)
	return out
}

// CheckContext is Check that stops soon after ctx is done and then returns
// ctx.Err() and no findings. It looks at ctx before each sentence of the
// statements.
func (c *Checker) CheckContext(ctx context.Context, statements []Statement) ([]Finding, error) {
	type sentence struct {
		stmt  int
		text  string
		facts []fact
	}
	var sents []sentence
	var all []fact
	for si, st := range statements {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, sp := range statementSpans(st.Text) {
			fs := extract(sp.text, mode{})
			sents = append(sents, sentence{si, sp.text, fs})
			all = append(all, fs...)
		}
	}
	inside := properWords(all)
	var out []Finding
	seen := map[[3]string]bool{}
	for _, s := range sents {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		st := statements[s.stmt]
		// first the facts the source lacks: they must not steer the search
		// for the passages the sentence draws on
		type checked struct {
			f     fact
			ok    bool
			lists [][]int32
		}
		var facts []checked
		var absent []string
		for _, f := range s.facts {
			if f.initial && !inside[f.Norm] && !c.nameLike(f.Norm) {
				continue
			}
			ok, lists := c.evidence(f.Fact)
			facts = append(facts, checked{f, ok, lists})
			if !ok {
				absent = append(absent, f.Text)
			}
		}
		for _, x := range facts {
			f := x.f
			key := [3]string{strings.TrimSpace(st.Text), string(f.Kind), f.Norm}
			if seen[key] {
				continue
			}
			elsewhere := false
			if x.ok && f.Kind != KindQuote {
				if ctx, placed := c.context(s.text, append([]string{f.Text}, absent...)); placed {
					elsewhere = !c.local(f.Fact, x.lists, ctx)
				}
			}
			if x.ok && !elsewhere {
				continue
			}
			seen[key] = true
			out = append(out, Finding{Fact: f.Fact, Section: st.Section, Statement: st.Text, Elsewhere: elsewhere})
		}
	}
	return out, nil
}

// nameLike decides whether a lone capitalized word opening a sentence is a
// name: the source writes it only with a capital inside sentences, or it
// does not contain the word at all and the word has no common English
// ending.
func (c *Checker) nameLike(w string) bool {
	if c.proper[w] && !c.lower[w] {
		return true
	}
	if len(c.wordSentences(w)) > 0 || starters[w] || len(w) < 3 {
		return false
	}
	for _, s := range commonSuffixes {
		if strings.HasSuffix(w, s) && len(w) > len(s)+2 {
			return false
		}
	}
	return true
}

// context returns the source sentences (ascending indexes) that a brief
// sentence draws on, judged by its words other than those in leave (the
// fact in question and the facts the source lacks):
// the sentences holding close to the best share of them, then, for words
// those leave out, the best sentences for the rest. placed is false when
// the sentence has too few other words or no source sentence holds enough
// of them.
func (c *Checker) context(sentence string, leave []string) (ctx []int32, placed bool) {
	drop := map[string]bool{}
	for _, l := range leave {
		for _, t := range align.Terms(l) {
			drop[t] = true
		}
	}
	var terms []string
	for _, t := range align.Terms(sentence) {
		if !drop[t] && !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	if len(terms) < 2 {
		return nil, false
	}
	matches := c.ix.Cover(terms, ctxRel)
	if len(matches) == 0 || matches[0].Score < ctxMin {
		return nil, false
	}
	var total float64
	for _, t := range terms {
		total += c.ix.IDF(t)
	}
	for round := 0; ; round++ {
		for _, m := range matches {
			ctx = append(ctx, int32(m.Para-1))
		}
		if round == ctxRounds {
			break
		}
		// the words no context sentence holds
		var rest []string
		var restW float64
		for _, t := range terms {
			held := false
			for _, m := range matches[:min(len(matches), 20)] {
				if c.ix.Has(m.Para, t) {
					held = true
					break
				}
			}
			if !held {
				rest = append(rest, t)
				restW += c.ix.IDF(t)
			}
		}
		if len(rest) == 0 || restW < ctxResidual*total {
			break
		}
		matches = c.ix.Cover(rest, ctxRel)
		if len(matches) == 0 || matches[0].Score < ctxMin {
			break
		}
		terms = rest
	}
	if ctxBack > 0 {
		for _, x := range ctx[:len(ctx)] {
			for d := int32(1); d <= int32(ctxBack) && x-d >= 0; d++ {
				ctx = append(ctx, x-d)
			}
		}
	}
	if ctxWindow > 0 {
		n := len(ctx)
		for _, x := range ctx[:n] {
			for d := int32(1); d <= int32(ctxWindow); d++ {
				if x-d >= 0 {
					ctx = append(ctx, x-d)
				}
				if int(x+d) < len(c.sents) {
					ctx = append(ctx, x+d)
				}
			}
		}
	}
	slices.Sort(ctx)
	return slices.Compact(ctx), true
}

// local reports whether fact f, held by the sentences on lists, is in the
// context: a figure or date when one of its sentences is; a name when all
// its distinctive words are, or when the source has the whole name and
// its last distinctive word is in the context. Dates in the head of the
// source (dateline) are local everywhere.
func (c *Checker) local(f Fact, lists [][]int32, ctx []int32) bool {
	in := func(p []int32) bool {
		i, j := 0, 0
		for i < len(p) && j < len(ctx) {
			switch {
			case p[i] == ctx[j]:
				return true
			case p[i] < ctx[j]:
				i++
			default:
				j++
			}
		}
		return false
	}
	if f.Kind != KindName {
		for _, p := range lists {
			if in(p) {
				return true
			}
			if f.Kind == KindDate && len(p) > 0 {
				if int(p[0]) < c.head {
					return true
				}
				for _, x := range p {
					if c.dateLines[x] {
						return true
					}
				}
			}
		}
		return false
	}
	inHead := len(lists) > 0
	for _, p := range lists {
		inHead = inHead && len(p) > 0 && int(p[0]) < c.nameHead
	}
	if inHead {
		return true // named in the title or byline
	}
	words := nameWords(f.Norm)
	if len(words) != len(lists) {
		return true
	}
	// distinctive words: never written in lowercase by the source
	last := -1
	for i, w := range words {
		if !c.lower[w] {
			last = i
		}
	}
	if strings.Contains(c.folded, " "+f.Norm+" ") {
		// a name of the source: its last distinctive word (a surname, the
		// proper part of an agency's name) must be in the context, or any
		// word when all are common ones ("Federal Reserve Board")
		if last >= 0 {
			return in(lists[last])
		}
		for _, p := range lists {
			if in(p) {
				return true
			}
		}
		return false
	}
	// words the source never puts together: a name of common words alone
	// ("National Security Agency") names nothing in the source; otherwise
	// all the distinctive words must be in the context
	for i, w := range words {
		if (last < 0 || !c.lower[w]) && !in(lists[i]) {
			return false
		}
	}
	return true
}
