package extractive

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/brief-cli/brief/internal/lazyre"
	"github.com/brief-cli/brief/internal/terms"
)

// Selection parameters.
const (
	// mmrLambda trades salience against novelty in maximal marginal
	// relevance (Carbonell & Goldstein 1998).
	mmrLambda = 0.7
	// redundant is the cosine similarity above which a sentence is taken to
	// repeat one already picked and is never chosen.
	redundant = 0.5
	// leadWindowShare and maxLeadWindow bound where the lead may come from:
	// the first 5% of candidate sentences, at least 3 and at most 12.
	leadWindowShare = 0.05
	maxLeadWindow   = 12
	// leadDecay makes the lead prefer the first substantive sentences, as
	// in news writing: the k-th candidate's salience counts 1/(1+k·leadDecay).
	leadDecay = 0.5
	// leadMinShare: a further lead sentence needs this share of the first
	// one's lead value; leadMaxUnits caps the lead's length in words.
	leadMinShare = 0.4
	// leadMinScore: a lead sentence needs this share of the best salience
	// in the window, so that an early but marginal sentence does not lead.
	leadMinScore = 0.4
	leadMaxUnits = 60
	leadMinUnits = 10
	// titleWeight: a lead sentence holding every term of the document's
	// title counts 1+titleWeight times one holding none.
	titleWeight = 1.0
	// fullForm is the leadForm of a sentence naming an actor, an action
	// and a time or place. In a narrative without a summary of its own,
	// whose opening sets the scene, such a sentence may lead from beyond
	// the opening window at beyondShare of its value.
	fullForm    = 1.7
	beyondShare = 0.5
	// factsShare of the total goes to key facts, at most maxFacts.
	factsShare = 0.2
	maxFacts   = 8
)

// targetCount is the total number of picks for a document with n candidate
// sentences: about 6.5% of them plus two, scaled by Length and clamped.
func targetCount(n int, opt Options) int {
	if opt.MaxSentences > 0 {
		return min(opt.MaxSentences, n)
	}
	lo, hi, f := 3, 25, 1.0
	switch opt.Length {
	case Short:
		lo, hi, f = 3, 12, 0.5
	case Long:
		lo, hi, f = 4, 40, 1.6
	}
	t := int(math.Round((0.065*float64(n) + 2) * f))
	return min(max(t, lo), hi, n)
}

type plan struct{ lead, facts int }

func planFor(l Length, total int) plan {
	lead := 2
	switch l {
	case Short:
		lead = 1
	case Long:
		lead = 3
	}
	lead = min(lead, max(1, total/3), total)
	facts := min(int(factsShare*float64(total)), maxFacts, total-lead)
	return plan{lead: lead, facts: facts}
}

// selector picks sentences greedily, remembering for every candidate its
// highest similarity to anything picked so far.
type selector struct {
	ctx    context.Context // the pickers stop when it ends
	m      *matrix
	cands  []*sentence
	taken  []bool
	maxSim []float64
	top    float64
	dense  []float64 // scratch: the last picked row, expanded
	// bring lets pickMain take an anaphoric sentence together with its
	// antecedent (which is taken first).
	bring bool
	// narrative: the document tells events in order of time (isNarrative).
	narrative bool
}

func newSelector(ctx context.Context, m *matrix, cands []*sentence) *selector {
	sel := &selector{
		ctx:    ctx,
		m:      m,
		cands:  cands,
		taken:  make([]bool, len(cands)),
		maxSim: make([]float64, len(cands)),
		dense:  make([]float64, m.nTerms),
	}
	for _, s := range cands {
		sel.top = max(sel.top, s.score)
	}
	if sel.top == 0 {
		sel.top = 1
	}
	sel.narrative = isNarrative(cands)
	return sel
}

// take marks candidate i as picked and updates maxSim in one pass over the
// matrix.
func (sel *selector) take(i int) *sentence {
	sel.taken[i] = true
	cols, vals := sel.m.row(i)
	for k, id := range cols {
		sel.dense[id] = vals[k]
	}
	for j := range sel.cands {
		if sel.taken[j] {
			continue
		}
		cj, vj := sel.m.row(j)
		var s float64
		for k, id := range cj {
			s += vj[k] * sel.dense[id]
		}
		sel.maxSim[j] = max(sel.maxSim[j], s)
	}
	for _, id := range cols {
		sel.dense[id] = 0
	}
	return sel.cands[i]
}

// best returns the untaken, non-redundant candidate in [0, n) maximising
// value, or -1. Ties go to the earlier sentence.
func (sel *selector) best(n int, value func(i int) float64) int {
	bi, bv := -1, math.Inf(-1)
	for i := 0; i < n; i++ {
		if sel.taken[i] || sel.maxSim[i] >= redundant || !sel.ready(i) {
			continue
		}
		if v := value(i); v > bv {
			bi, bv = i, v
		}
	}
	return bi
}

// ready reports whether candidate i may be picked now: an anaphoric
// sentence only after its antecedent, or, while bring is set, with it.
func (sel *selector) ready(i int) bool {
	s := sel.cands[i]
	return !s.anaphor || s.prevCand >= 0 && (sel.taken[s.prevCand] || sel.bring && !sel.cands[s.prevCand].anaphor)
}

// bestFor returns the most salient untaken candidate for a brief part that
// no pick landed in: one under a heading that names the part, else one whose
// cue words put it there; nil when the report has none.
func (sel *selector) bestFor(want section, cues *cueSet, refYear int) *sentence {
	roleOf := map[section]role{secBackground: roleBackground, secResponse: roleResponse, secImplications: roleImplications}[want]
	for _, byRole := range []bool{true, false} {
		bi := sel.best(len(sel.cands), func(i int) float64 {
			s := sel.cands[i]
			if byRole && s.role != roleOf || !byRole && (s.role != roleNone || s.score < 0.3*sel.top || cues.classify(s.text, refYear) != want) {
				return math.Inf(-1)
			}
			return s.score
		})
		if bi >= 0 {
			return sel.take(bi)
		}
	}
	return nil
}

// hasSummary reports whether some candidate stands in the report's own
// summary (Highlights, Results in Brief, …).
func (sel *selector) hasSummary() bool {
	return slices.ContainsFunc(sel.cands, func(s *sentence) bool { return s.role == roleSummary })
}

// bestInTheme takes the best remaining candidate under major heading t,
// outside the report's summary and able to stand alone, or nil.
func (sel *selector) bestInTheme(t int) *sentence {
	bi := sel.best(len(sel.cands), func(i int) float64 {
		s := sel.cands[i]
		if s.theme != t || s.role != roleNone || s.anaphor || s.aside || s.score < 0.3*sel.top {
			return math.Inf(-1)
		}
		return s.score
	})
	if bi < 0 {
		return nil
	}
	return sel.take(bi)
}

// pickLead chooses up to k sentences among the first candidates and the
// report's own summary, strongly preferring earlier ones and sentences that
// say who did what, when or where (leadForm).
func (sel *selector) pickLead(k int) []*sentence {
	n := len(sel.cands)
	w := min(n, max(3, k, min(maxLeadWindow, int(math.Ceil(leadWindowShare*float64(n))))))
	// The lead may come from the window or the summary; pos is the
	// sentence's rank there.
	pos := make([]int, n)
	var windowTop float64
	summary := 0
	for i, s := range sel.cands {
		switch {
		case s.role == roleSummary:
			pos[i] = summary
			summary++
		case i < w && summary == 0:
			pos[i] = i
		default:
			pos[i] = -1
			continue
		}
		windowTop = max(windowTop, s.score)
	}
	narrative := sel.narrative
	leadValue := func(i int) float64 {
		s := sel.cands[i]
		// A lead is a complete, central sentence without links or
		// footnote debris, fit to open a brief.
		if pos[i] < 0 && (summary > 0 || !narrative) || s.score < leadMinScore*windowTop || s.units < leadMinUnits {
			return math.Inf(-1) // before leadForm, its regular expressions cost
		}
		lead := s.leadForm()
		beyond := pos[i] < 0 && lead >= fullForm
		if pos[i] < 0 && !beyond || lead == 0 || !endsSentence(s.text) || footnoteTextRe().MatchString(s.text) || hasLink(s.text) {
			return math.Inf(-1)
		}
		v := s.score * lead * (1 + titleWeight*s.title)
		if beyond {
			return beyondShare * v
		}
		return v / (1 + leadDecay*float64(pos[i]))
	}
	var out []*sentence
	var first float64
	words := 0
	for len(out) < k && words < leadMaxUnits && sel.ctx.Err() == nil {
		i := sel.best(n, leadValue)
		if i < 0 || math.IsInf(leadValue(i), -1) {
			break
		}
		v := leadValue(i)
		if len(out) == 0 {
			first = v
		} else if v < leadMinShare*first {
			break
		}
		s := sel.take(i)
		words += s.units
		out = append(out, s)
	}
	return out
}

// pickMain chooses k sentences by maximal marginal relevance. An
// anaphoric sentence brings its antecedent, when there is room for both.
func (sel *selector) pickMain(k int) []*sentence {
	var out []*sentence
	for len(out) < k && sel.ctx.Err() == nil {
		sel.bring = len(out)+2 <= k
		i := sel.best(len(sel.cands), func(i int) float64 {
			return mmrLambda*sel.cands[i].score/sel.top - (1-mmrLambda)*sel.maxSim[i]
		})
		sel.bring = false
		if i < 0 {
			break
		}
		if s := sel.cands[i]; s.anaphor && !sel.taken[s.prevCand] {
			out = append(out, sel.take(s.prevCand))
		}
		out = append(out, sel.take(i))
	}
	return out
}

// pickFacts chooses up to k sentences carrying figures or dates, preferring
// salient, short and figure-dense ones.
func (sel *selector) pickFacts(k int) []*sentence {
	var out []*sentence
	for len(out) < k && sel.ctx.Err() == nil {
		i := sel.best(len(sel.cands), func(i int) float64 {
			s := sel.cands[i]
			if s.fact < 1 || footnoteTextRe().MatchString(s.text) {
				return math.Inf(-1)
			}
			short := 1 / (1 + max(0, float64(s.units)-20)/20)
			rel := s.score / sel.top * (0.5 + min(s.fact, 4)/8) * short
			return mmrLambda*rel - (1-mmrLambda)*sel.maxSim[i]
		})
		if i < 0 {
			break
		}
		out = append(out, sel.take(i))
	}
	return out
}

// narrativeShare is the share of candidates stamped with a clock time or a
// full date above which a document is a narrative, told in order of time
// (the 9/11 Commission's chapter 1: 23%; the Mueller report, which tells
// its events by date but argues from them: 11%; GAO reports: at most 5%).
const narrativeShare = 0.15

// narrativeMin is the fewest stamped sentences that make a narrative: one
// date in a four-sentence news item does not.
const narrativeMin = 10

var clockRe = lazyre.New(`\b\d{1,2}:\d{2}\b`)

// isNarrative reports a document told by the clock or the calendar: its
// events are spread through it, not summed up in its opening.
func isNarrative(cands []*sentence) bool {
	// A sample spread over the document is enough, and keeps the regular
	// expressions off most sentences of a long report.
	step := max(1, len(cands)/narrativeSample)
	n, seen := 0, 0
	for i := 0; i < len(cands); i += step {
		seen++
		t := cands[i].text
		if strings.ContainsAny(t, "0123456789") && (clockRe().MatchString(t) || terms.FullDate.MatchString(t)) {
			n++
		}
	}
	return n*step >= narrativeMin && float64(n) > narrativeShare*float64(seen)
}

// narrativeSample is how many candidates isNarrative looks at, at most.
const narrativeSample = 500
