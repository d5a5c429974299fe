package extractive

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/lazyre"
	"github.com/brief-cli/brief/internal/terms"
	"github.com/brief-cli/brief/internal/textseg"
)

// Length selects how long the brief is relative to the source.
type Length int

const (
	// Medium is the default: about 6.5% of a report's usable sentences plus
	// two, between 3 and 25 picks.
	Medium Length = iota
	// Short is about half of Medium, between 3 and 12 picks.
	Short
	// Long is about 1.6 times Medium, between 4 and 40 picks.
	Long
)

// String returns "short", "medium" or "long".
func (l Length) String() string {
	switch l {
	case Short:
		return "short"
	case Long:
		return "long"
	}
	return "medium"
}

// Options tune Summarize. The zero value is a medium-length brief.
type Options struct {
	// Length scales the number of picks with the size of the source.
	Length Length
	// Focus, when set, is the reader's question: sentences sharing its
	// terms score higher (see focusBoost), so that they are picked first.
	Focus string
	// MaxSentences, when positive, replaces the Length-derived total number
	// of picks (lead, sections and key facts together).
	MaxSentences int
	// Date is the document's own date as internal/docread found it, or "".
	// Events in years before it are Background, after it Implications.
	Date string
	// Title is the document's own title as internal/docread found it, or
	// "". A lead that shares its words is about what the report is about.
	Title string
	// Byline is the document's byline as internal/docread found it, or
	// "": the brief names who speaks when the lead says "I".
	Byline string
}

// Pick is one extracted sentence.
type Pick struct {
	// Para is the 1-based number of the source paragraph (textseg numbering).
	Para int
	// Sentence is the 0-based index of the sentence in doc.Sentences(); it
	// orders picks that share a paragraph.
	Sentence int
	// Text is the source sentence exactly as the segmenter produced it
	// (whitespace already folded); never edited.
	Text string
	// Score is the sentence's salience: its LexRank centrality, normalised
	// so that the most central sentence of the document has 1, times the
	// length and position factors. Comparable within one Result only.
	Score float64
}

// Result is an extractive brief. Every Pick is a sentence of the source; a
// sentence appears at most once in the whole Result. Sections are in source
// order.
type Result struct {
	// Lead holds one to three early, central sentences (who, what, when,
	// where).
	Lead []Pick
	// Background holds context, history and earlier events. When Ordered
	// is set it instead holds every non-lead pick, in source order.
	Background []Pick
	// Response holds actions by authorities, organisations and people.
	Response []Pick
	// Themes are the report's own major sections that carry enough of the
	// picks (at least minThemePicks), in source order, each under its
	// heading; a sentence under a heading that names a brief part
	// (Background, Required Actions, Conclusions …) goes to that part.
	Themes []Theme
	// Implications holds forward-looking, evaluative and modal statements.
	Implications []Pick
	// KeyFacts holds sentences with figures, money, percentages and dates,
	// short ones preferred, none repeating the sections above.
	KeyFacts []Pick
	// Language is the detected language ("en", "ru", "zh", …) or "und".
	Language string
	// Ordered reports that no section cue lexicon exists for Language, so
	// the picks were not sorted into Background/Response/Implications
	// (guessing from position alone would misfile them). Background then
	// holds a plain summary in source order, which the caller should
	// render without the "Background" heading.
	Ordered bool
	// Narrative reports a document that tells events in order of time
	// (many of its sentences carry a clock time or a date): sorting them
	// into Background, Response and Implications would break the story,
	// so Background holds every non-lead pick in source order, which the
	// caller should render as one account of the events.
	Narrative bool
	// Byline is Options.Byline, the report's byline ("By Christopher
	// Krebs, Director"), when the lead speaks in the first person singular, which otherwise
	// leaves the reader asking who "I" is; "" otherwise.
	Byline string
}

// Theme is one of the report's major sections, as a section of the brief.
type Theme struct {
	// Heading is the report's own heading, as the segmenter gave it.
	Heading string
	// Para is the heading's paragraph number.
	Para int
	// Picks are the sentences taken from under it, in source order.
	Picks []Pick
}

// Picks returns every pick of r (lead, sections, key facts) in source order.
func (r Result) Picks() []Pick {
	var all []Pick
	for _, s := range [][]Pick{r.Lead, r.Background, r.Response, r.Implications, r.KeyFacts} {
		all = append(all, s...)
	}
	for _, t := range r.Themes {
		all = append(all, t.Picks...)
	}
	slices.SortFunc(all, func(a, b Pick) int { return a.Sentence - b.Sentence })
	return all
}

// sentence is the engine's view of one source sentence.
type sentence struct {
	idx   int // position among all sentences of the document
	para  int
	text  string
	units int  // length in words (ideographs count half a word)
	skip  bool // heading, boilerplate or duplicate: never picked
	// aside: prose that is not a finding (methodology, appendices):
	// never picked, but part of the report's length.
	aside bool
	score float64 // final salience (candidates only)
	fact  float64 // key-fact strength
	// role is what the report's headings say about the sentence; theme
	// and themeText name its major heading (0 and "" at the top).
	role      role
	theme     int
	themeText string
	// anaphor: the sentence opens with a reference back and may only be
	// picked after its antecedent, the previous candidate of its paragraph
	// (prevCand, -1 when there is none).
	anaphor  bool
	prevCand int
	// lead is leadForm of the text, computed the first time the lead
	// choice asks (leadKnown): few sentences are ever lead candidates.
	lead      float64
	leadKnown bool
	// title is the share of the document title's terms the sentence holds.
	title float64
}

// Summarize extracts a brief from doc. It never fails: a document without
// usable sentences gives a Result with empty sections. The output depends
// only on doc and opt.
func Summarize(doc textseg.Document, opt Options) Result {
	res, _ := SummarizeContext(context.Background(), doc, opt)
	return res
}

// checkEvery is how many sentences a loop handles between looks at its
// context: a few microseconds of work, so a look costs nothing measurable
// and cancellation is seen within milliseconds.
const checkEvery = 256

// SummarizeContext is Summarize that stops soon after ctx is done and then
// returns ctx.Err() and an empty Result. It looks at ctx between stages,
// every checkEvery sentences, every LexRank iteration and every pick.
// When it returns nil, the Result is exactly Summarize's.
func SummarizeContext(ctx context.Context, doc textseg.Document, opt Options) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	var res Result
	res.Language = detectLanguage(languageSample(doc))

	sents := collectSentences(doc)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	tok := newTokenizer(res.Language)
	var terms [][]int32
	var cands []*sentence
	prose := 0 // usable sentences, asides included: the report's length
	for i := range sents {
		if i%checkEvery == checkEvery-1 {
			if err := ctx.Err(); err != nil {
				return Result{}, err
			}
		}
		s := &sents[i]
		if !s.usable() {
			continue
		}
		if s.aside {
			prose++ // not tokenized: appendices can be most of a report
			continue
		}
		ts := tok.appendTerms(nil, s.text)
		if len(ts) < minTerms {
			continue
		}
		prose++
		cands = append(cands, s)
		terms = append(terms, ts)
	}
	if len(cands) == 0 {
		return res, nil
	}
	m := buildMatrix(terms, tok.vocabSize())
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	rank, err := lexRank(ctx, m, nil)
	if err != nil {
		return Result{}, err
	}
	scoreCandidates(cands, rank, terms)
	for i, s := range cands {
		s.prevCand = -1
		if s.anaphor && i > 0 && cands[i-1].idx == s.idx-1 && cands[i-1].para == s.para {
			s.prevCand = i - 1
		}
	}
	if opt.Focus != "" {
		boostFocus(cands, terms, tok.appendTerms(nil, opt.Focus))
	}
	if opt.Title != "" {
		titleShares(cands, terms, tok.appendTerms(nil, opt.Title))
	}

	sel := newSelector(ctx, m, cands)
	total := min(targetCount(prose, opt), len(cands))
	plan := planFor(opt.Length, total)

	lead := sel.pickLead(plan.lead)
	nFacts := plan.facts
	main := sel.pickMain(total - len(lead) - nFacts)
	facts := sel.pickFacts(nFacts)
	if len(facts) < nFacts {
		// Few sentences carry figures: give their share to the sections.
		main = append(main, sel.pickMain(nFacts-len(facts))...)
	}
	if err := ctx.Err(); err != nil {
		// the pickers stopped early: their picks are incomplete
		return Result{}, err
	}

	res.Lead = toPicks(lead)
	for _, s := range lead {
		if firstPersonRe().MatchString(s.text) {
			res.Byline = opt.Byline
			break
		}
	}
	res.KeyFacts = toPicks(facts)
	cues := cueSets()[res.Language]
	if cues == nil || sel.narrative {
		res.Ordered = cues == nil
		res.Narrative = cues != nil
		res.Background = toPicks(main)
		return res, nil
	}
	placeSections(&res, sel, main, facts, cues, dateYear(opt.Date))
	if err := ctx.Err(); err != nil {
		// the refill stopped early: its picks are incomplete
		return Result{}, err
	}
	return res, nil
}

// minThemePicks is how many picks a major heading of the report must gather
// to become a section of its own; maxThemes bounds how many do.
const (
	minThemePicks = 2
	maxThemes     = 4
)

// placeSections sorts the main picks into Background, Response, thematic
// sections and Implications. A sentence under a heading that names a part
// goes there; sentences under one major heading form a theme when there
// are enough of them; the rest go by their cue words. A part the report has
// content for but no pick landed in gets its best candidate. An anaphoric
// sentence goes wherever its antecedent went.
func placeSections(res *Result, sel *selector, main, facts []*sentence, cues *cueSet, refYear int) {
	budget := len(main)
	place := make(map[*sentence]section)
	themeOf := make(map[*sentence]int)
	byTheme := map[int][]*sentence{}
	for _, s := range main {
		switch s.role {
		case roleBackground:
			place[s] = secBackground
		case roleResponse:
			place[s] = secResponse
		case roleImplications:
			place[s] = secImplications
		default:
			if s.theme > 0 && s.role != roleSummary && isThemeHeading(s.themeText) {
				byTheme[s.theme] = append(byTheme[s.theme], s)
			}
		}
	}
	// In a report with its own summary, a major heading with one pick
	// takes its own next best sentence from the body: the picks cluster in
	// the summary, which feeds no theme (GAO-02-24, GAO-07-283), while each
	// theme has sentences of its own.
	var single []int
	for t, ss := range byTheme {
		if len(ss) == 1 && isTitleHeading(ss[0].themeText) && sel.hasSummary() {
			single = append(single, t)
		}
	}
	slices.Sort(single)
	for _, t := range single {
		if s := sel.bestInTheme(t); s != nil {
			byTheme[t] = append(byTheme[t], s)
			main = append(main, s)
		}
	}
	var themes []int
	for t, ss := range byTheme {
		// A theme holding most picks is the report's body, not a theme.
		if len(ss) >= minThemePicks && 3*len(ss) <= 2*len(main) {
			themes = append(themes, t)
		}
	}
	slices.Sort(themes)
	if len(themes) > maxThemes {
		// keep the themes with the most picks, in source order
		slices.SortStableFunc(themes, func(a, b int) int { return len(byTheme[b]) - len(byTheme[a]) })
		themes = themes[:maxThemes]
		slices.Sort(themes)
	}
	for _, t := range themes {
		for _, s := range byTheme[t] {
			themeOf[s] = t
		}
	}
	for _, s := range main {
		_, placed := place[s]
		if _, themed := themeOf[s]; !placed && !themed {
			place[s] = cues.classify(s.text, refYear)
		}
	}
	// Anaphors follow their antecedents.
	follow := func(s *sentence) {
		if s.prevCand < 0 {
			return
		}
		prev := sel.cands[s.prevCand]
		if sec, ok := place[prev]; ok {
			place[s] = sec
			delete(themeOf, s)
		} else if t, ok := themeOf[prev]; ok {
			themeOf[s] = t
			delete(place, s)
		}
	}
	for _, s := range main {
		follow(s)
	}
	// Every part the report has content for, within the same number of
	// picks: an added sentence replaces the weakest pick of a part or theme
	// that can spare one.
	for _, want := range []section{secBackground, secResponse, secImplications} {
		found := false
		for _, sec := range place {
			found = found || sec == want
		}
		if !found && budget >= 3 {
			if s := sel.bestFor(want, cues, refYear); s != nil {
				place[s] = want
				main = append(main, s)
			}
		}
	}
	// An antecedent stays while its anaphor is picked.
	needed := map[*sentence]bool{}
	for _, s := range slices.Concat(main, facts) {
		if s.prevCand >= 0 {
			needed[sel.cands[s.prevCand]] = true
		}
	}
	group := func(s *sentence) int {
		if t, ok := themeOf[s]; ok {
			return -t
		}
		return int(place[s])
	}
	for len(main) > budget {
		size := map[int]int{}
		for _, s := range main {
			size[group(s)]++
		}
		weakest := 0
		spare := func(s *sentence) bool {
			if needed[s] {
				return false
			}
			g := group(s)
			return g < 0 && size[g] > minThemePicks || g >= 0 && size[g] > 1
		}
		for i, s := range main {
			if spare(s) && (!spare(main[weakest]) || s.score < main[weakest].score) {
				weakest = i
			}
		}
		delete(place, main[weakest])
		delete(themeOf, main[weakest])
		main = slices.Delete(main, weakest, weakest+1)
	}
	// No part outgrows a third of the picks (at least three): a long run of
	// one kind of sentence is what the report says at length, not what a
	// reader needs from it. The weakest go.
	limit := max(3, (budget+2)/3)
	for {
		size := map[int]int{}
		for _, s := range main {
			size[group(s)]++
		}
		weakest := -1
		for i, s := range main {
			if size[group(s)] > limit && !needed[s] && (weakest < 0 || s.score < main[weakest].score) {
				weakest = i
			}
		}
		if weakest < 0 {
			break
		}
		delete(place, main[weakest])
		delete(themeOf, main[weakest])
		main = slices.Delete(main, weakest, weakest+1)
	}
	// The picks so freed go to the next best sentences that fit a part
	// with room, so the brief keeps its length.
	isTheme := map[int]bool{}
	for _, t := range themes {
		isTheme[t] = true
	}
	for tries := 0; len(main) < budget && tries < 4*budget; tries++ {
		next := sel.pickMain(1)
		if len(next) == 0 {
			break
		}
		n := next[0]
		switch {
		case n.prevCand >= 0 && (place[sel.cands[n.prevCand]] != 0 || themeOf[sel.cands[n.prevCand]] != 0):
			if t, ok := themeOf[sel.cands[n.prevCand]]; ok {
				themeOf[n] = t
			} else {
				place[n] = place[sel.cands[n.prevCand]]
			}
		case n.role == roleBackground:
			place[n] = secBackground
		case n.role == roleResponse:
			place[n] = secResponse
		case n.role == roleImplications:
			place[n] = secImplications
		case isTheme[n.theme] && n.role != roleSummary:
			themeOf[n] = n.theme
		default:
			place[n] = cues.classify(n.text, refYear)
		}
		size := 0
		for _, s := range main {
			if group(s) == group(n) {
				size++
			}
		}
		if size >= limit {
			delete(place, n)
			delete(themeOf, n)
			continue // taken, but there is no room for it
		}
		main = append(main, n)
	}
	var bg, resp, impl []*sentence
	perTheme := map[int][]*sentence{}
	for _, s := range main {
		if t, ok := themeOf[s]; ok {
			perTheme[t] = append(perTheme[t], s)
			continue
		}
		switch place[s] {
		case secResponse:
			resp = append(resp, s)
		case secImplications:
			impl = append(impl, s)
		default:
			bg = append(bg, s)
		}
	}
	res.Background, res.Response, res.Implications = toPicks(bg), toPicks(resp), toPicks(impl)
	for _, t := range themes {
		if ss := perTheme[t]; len(ss) > 0 {
			res.Themes = append(res.Themes, Theme{Heading: byTheme[t][0].themeText, Para: t, Picks: toPicks(ss)})
		}
	}
}

// Candidate limits. Fragments shorter than minUnits words are captions,
// bylines or back-channel turns; longer than maxUnits they are usually
// run-together lists or layout debris, and unreadable in a brief anyway.
const (
	minUnits = 6
	maxUnits = 70
	minTerms = 3
)

func collectSentences(doc textseg.Document) []sentence {
	var out []sentence
	counts := make(map[string]int)
	for _, p := range doc.Paragraphs {
		for _, s := range p.Sentences {
			counts[s]++
		}
	}
	seen := make(map[string]bool)
	ol := newOutline(doc)
	for _, p := range doc.Paragraphs {
		heading := p.Heading || strings.HasPrefix(paraText(p), "#")
		if p.Heading {
			ol.enter(p)
		} else if len(p.Sentences) > 0 {
			ol.prose = true
			ol.sinceHeading = false
		}
		r := ol.role()
		theme, themeText := 0, ""
		if f := ol.theme(); f != nil {
			theme, themeText = f.para, f.text
		}
		for _, s := range p.Sentences {
			st := sentence{idx: len(out), para: p.Number, text: s, units: units(s), role: r, theme: theme, themeText: themeText}
			// Headings, repeated boilerplate (page banners: three or more
			// copies), later copies of a duplicate, methodology and what
			// stands under a methodology or appendix heading never compete.
			st.skip = heading || counts[s] >= 3 || seen[s] || isDisclaimer(s) || courtesyRe().MatchString(s)
			st.aside = r == roleSkip || isMethodology(s)
			st.anaphor = isAnaphoric(s)
			seen[s] = true
			out = append(out, st)
		}
	}
	return out
}

// disclaimerCues mark legal and handling boilerplate: disclaimers,
// warranties, copyright and distribution notices. Such sentences are
// central (every report has them, in similar words) but never news.
var disclaimerCues = []string{
	"disclaimer", "warranties", "warranty", "provided \"as is\"", "provided “as is”", "as is” for informational",
	"all rights reserved", "copyright", "does not endorse", "tlp:", "traffic light protocol",
	"for informational purposes only", "distribution is unlimited", "may not be reproduced",
}

// isDisclaimer reports whether s is legal or handling boilerplate.
func isDisclaimer(s string) bool {
	l := strings.ToLower(s)
	for _, c := range disclaimerCues {
		if strings.Contains(l, c) {
			return true
		}
	}
	return false
}

// leadForm is leadForm(s.text), computed once.
func (s *sentence) leadForm() float64 {
	if !s.leadKnown {
		s.lead, s.leadKnown = leadForm(s.text), true
	}
	return s.lead
}

// usable reports whether s may be extracted at all.
func (s *sentence) usable() bool {
	if s.skip || s.units < minUnits || s.units > maxUnits {
		return false
	}
	return looksLikeProse(s.text)
}

// units counts words; ideographs count half a word each, roughly the
// average Chinese word length.
func units(s string) int {
	n, ideo := 0, 0
	inWord := false
	for _, r := range s {
		switch {
		case terms.IsIdeographic(r):
			ideo++
			inWord = false
		case r == ' ':
			inWord = false
		default:
			if !inWord && !isPunctOnly(r) {
				n++
				inWord = true
			}
		}
	}
	return n + (ideo+1)/2
}

func isPunctOnly(r rune) bool {
	return strings.ContainsRune("-–—*_#>|•·.,;:!?()[]{}\"'“”‘’«»、，。：；！？（）《》", r)
}

// looksLikeProse rejects tables of contents, front matter, footnote
// definitions, title-case lines (headings, running heads, citations), OCR
// debris and other text that is not a readable sentence.
func looksLikeProse(s string) bool {
	if strings.Contains(s, "....") || strings.Contains(s, ". . .") || strings.Count(s, "|") >= 2 ||
		strings.Count(s, ": ") >= 3 && len(yamlKeyRe().FindAllStringIndex(s, 3)) >= 3 ||
		s[0] == '[' && footnoteDefRe().MatchString(s) {
		return false
	}
	var letters, other, tokens, weird, long, capital int
	for _, f := range strings.Fields(s) {
		tokens++
		if terms.IsDamagedWord(f) {
			weird++
		}
		n := 0
		upper := false
		for _, r := range f {
			if !isWordRune(r) {
				other++
				continue
			}
			if n == 0 {
				upper = unicode.IsUpper(r)
			}
			n++
			letters++
		}
		if n > 3 {
			long++
			if upper {
				capital++
			}
		}
	}
	if letters == 0 || other*3 > letters || weird*5 > tokens {
		return false
	}
	// In title case nearly every longer word is capitalised; in prose,
	// even one dense with names, many are not.
	return long < 4 || capital*10 < long*7
}

var (
	yamlKeyRe     = lazyre.New(`(?:^|\s)[a-z_]+: `)
	footnoteDefRe = lazyre.New(`^\[\^?[\w-]+\]:`)
)

// Salience factors on top of LexRank centrality.
const (
	// posBoost and posDecay: sentences near the start get up to +posBoost,
	// decaying over the first posDecay share of the document (at least
	// minPosDecay sentences) — reports and news put the gist up front.
	posBoost    = 0.5
	posDecay    = 0.03
	minPosDecay = 3.0
	// fullTerms: sentences with fewer content terms are scaled down by the
	// square root of the shortfall (cosine similarity favours short
	// sentences that merely share one frequent word).
	fullTerms = 10.0
)

func scoreCandidates(cands []*sentence, rank []float64, terms [][]int32) {
	var top float64
	for _, r := range rank {
		top = max(top, r)
	}
	tau := max(minPosDecay, posDecay*float64(len(cands)))
	for i, s := range cands {
		rel := rank[i] / top
		lenF := math.Sqrt(min(1, float64(len(terms[i]))/fullTerms))
		posF := 1 + posBoost*math.Exp(-float64(i)/tau)
		s.score = rel * lenF * posF * formFactor(s.text)
		if s.role == roleSummary {
			s.score *= summaryBoost
		}
	}
	// Key facts are chosen among the salient sentences only; the regular
	// expressions are too slow to run on every sentence of a long report.
	byScore := slices.Clone(cands)
	slices.SortStableFunc(byScore, func(a, b *sentence) int { return cmp.Compare(b.score, a.score) })
	for _, s := range byScore[:min(len(byScore), factPool)] {
		s.fact = factStrength(s.text)
	}
}

// summaryBoost scales the salience of sentences in the report's own
// summary (Highlights, Executive Summary …): its authors chose them.
const summaryBoost = 1.5

// factPool is how many of the most salient sentences are examined for
// figures and dates.
const factPool = 150

// formFactor scales down sentences that read badly out of context: no
// closing punctuation (fragments, list intros ending in a colon), links,
// footnote text ("12 See DOD Instruction …") and questions.
func formFactor(s string) float64 {
	f := 1.0
	if !endsSentence(s) {
		f *= 0.7
	}
	if hasLink(s) {
		f *= 0.7
	}
	if footnoteTextRe().MatchString(s) {
		f *= 0.5
	}
	if strings.HasSuffix(strings.TrimRight(s, ` "'”’)`), "?") {
		f *= 0.6 // a question raises a point; the brief states them
	}
	return f
}

func hasLink(s string) bool {
	return strings.Contains(s, "http") || strings.Contains(s, "www.")
}

var footnoteTextRe = lazyre.New(`^\d{1,3}(?:\s*\p{Lu}|\s+\d)`)

// endsSentence reports whether s closes with sentence-final punctuation
// (ignoring closing quotes, brackets and emphasis marks).
func endsSentence(s string) bool {
	s = strings.TrimRight(s, ` "'”’»)]）」』*_`)
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?。！？…", r)
}

// paraText is the paragraph's text, rebuilt from its sentences when a
// caller filled in only those.
func paraText(p textseg.Paragraph) string {
	if p.Text != "" || len(p.Sentences) == 0 {
		return p.Text
	}
	return strings.Join(p.Sentences, " ")
}

func languageSample(doc textseg.Document) string {
	var b strings.Builder
	for _, p := range doc.Paragraphs {
		if b.Len() > detectSample {
			break
		}
		b.WriteString(paraText(p))
		b.WriteByte('\n')
	}
	return b.String()
}

// Language returns the detected language of doc ("en", "ru", "zh", …) or
// "und", as Result.Language would give it.
func Language(doc textseg.Document) string { return detectLanguage(languageSample(doc)) }

// focusBoost is how much more a sentence holding every term of the focus
// scores than one holding none; a sentence holding some gets its share.
// Large enough to reorder sentences of like salience, not to let a
// peripheral sentence that merely repeats the question's words win over
// the report's main points.
const focusBoost = 1.0

// boostFocus raises the score of the candidates that share terms with
// the focus.
func boostFocus(cands []*sentence, terms [][]int32, focus []int32) {
	for i, sh := range termShares(terms, focus) {
		cands[i].score *= 1 + focusBoost*sh
	}
}

// titleShares sets every candidate's share of the title's terms.
func titleShares(cands []*sentence, terms [][]int32, title []int32) {
	for i, sh := range termShares(terms, title) {
		cands[i].title = sh
	}
}

// termShares returns, for every term list, the share of the distinct terms
// of query it holds; nil when query has none.
func termShares(terms [][]int32, query []int32) []float64 {
	want := map[int32]bool{}
	for _, t := range query {
		want[t] = true
	}
	if len(want) == 0 {
		return nil
	}
	out := make([]float64, len(terms))
	for i, ts := range terms {
		seen := map[int32]bool{}
		for _, t := range ts {
			if want[t] {
				seen[t] = true
			}
		}
		out[i] = float64(len(seen)) / float64(len(want))
	}
	return out
}

func toPicks(ss []*sentence) []Pick {
	if len(ss) == 0 {
		return nil
	}
	out := make([]Pick, len(ss))
	for i, s := range ss {
		out[i] = Pick{Para: s.para, Sentence: s.idx, Text: s.text, Score: s.score}
	}
	slices.SortFunc(out, func(a, b Pick) int { return a.Sentence - b.Sentence })
	return out
}
