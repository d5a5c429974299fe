// Package verify checks that the facts in a brief come from its source:
// figures, amounts, percentages, dates, times, identifiers, quotations and
// proper names. Language models invent such facts; a checker built once
// per report flags every one the report does not contain.
//
//	c := verify.NewChecker(textseg.Segment(reportText))
//	for _, f := range c.Check([]verify.Statement{{Section: "Background", Text: para}}) {
//		fmt.Printf("%s: %q not in the report\n", f.Section, f.Fact.Text)
//	}
//
// Matching is by normalized form, so that a fact the report states in
// other words is still found: "18,000" = "18 000" = "eighteen thousand",
// "1.2 million" = "1,200,000" = "$1.2M" (as money), "3.50" = "3.5",
// "10%" = "10 percent" = "10 per cent", "January 24, 2019" =
// "24 January 2019" = "2019-01-24" = "Jan. 24, 2019", "8:46 a.m." =
// "8:46 AM", names compared case-insensitively without possessives or
// plurals. See Fact.Norm for the forms.
//
// Beyond presence, Check asks whether a fact appears where the statement's
// other words lead in the source (see Finding.Elsewhere): a name or figure
// swapped for another one of the same report is caught there.
package verify

import (
	"context"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/brief-cli/brief/internal/align"
	"github.com/brief-cli/brief/internal/textseg"
)

// Kind is the kind of a fact.
type Kind string

// The kinds of facts.
const (
	KindNumber  Kind = "number"  // a count or measure, with its unit when it has one
	KindMoney   Kind = "money"   // an amount of money
	KindPercent Kind = "percent" // a percentage
	KindDate    Kind = "date"    // a calendar date, month, year, decade or weekday
	KindTime    Kind = "time"    // a time of day
	KindCode    Kind = "code"    // an identifier with digits: "21-01", "GAO-02-957T", "APT29", "9/11"
	KindQuote   Kind = "quote"   // a quoted passage
	KindName    Kind = "name"    // a proper name or acronym
)

// Fact is one checkable fact in a text.
type Fact struct {
	// Text is the fact as written; always a substring of the text it was
	// extracted from (for a quote, the words between the marks).
	Text string
	Kind Kind
	// Norm is the normalized form matched against the source:
	//   number   "18000", "3.5", "3 hour" (value and canonical unit)
	//   money    "USD 2500000000"
	//   percent  "10%"
	//   date     "2019-01-24", "2019-01", "--01-24" (no year), "--01"
	//            (month), "2019", "1990s", "tuesday"
	//   time     "8:46 am", "8:46" (no am/pm, so either)
	//   code     "gao02957t" (lowercase, no separators)
	//   quote    "we know an active attacker" (folded words; parts around
	//            an ellipsis or editorial brackets joined by " | ")
	//   name     "department of homeland security" (lowercase words)
	// A "~" before a number, money or percent marks a hedged figure ("about
	// 18,000"), which a more precise figure in the source may round to.
	Norm string
	// Offset is the byte offset of Text in the text.
	Offset int
}

// Extract returns the facts of a brief's text in order: numbers with their
// units, money, percentages, dates, times, identifiers, quoted passages
// ("…", “…”, «…», „…“, ‘…’) and proper names. Inside a quotation only the
// quotation counts. Names are runs of capitalized words (with "of", "al",
// "bin" and the like inside), acronyms, and mixed-case words; a lone
// capitalized word opening a sentence is a name only if the text also
// capitalizes it elsewhere (Checker.Check also asks the source). Sentence
// openers ("The", "However"), the brief's own labels ("Background", "Key
// facts"), months and weekdays are not names; a lone "one" and ordinals
// are not figures. URLs and e-mail addresses are skipped.
func Extract(text string) []Fact {
	facts := extract(text, mode{})
	inside := properWords(facts)
	var out []Fact
	for _, f := range facts {
		if f.initial && !inside[f.Norm] {
			continue
		}
		out = append(out, f.Fact)
	}
	return out
}

// properWords returns the words of the names found away from sentence
// starts.
func properWords(facts []fact) map[string]bool {
	m := map[string]bool{}
	for _, f := range facts {
		if f.Kind == KindName && !f.initial {
			for _, w := range strings.Fields(f.Norm) {
				m[w] = true
			}
		}
	}
	return m
}

// Statement is a piece of a brief to check.
type Statement struct {
	Section string // the brief's section: "Lead", "Background", "Key facts", …
	Text    string
}

// Finding is a fact of a statement the source does not support.
type Finding struct {
	Fact      Fact
	Section   string
	Statement string // the statement's text
	// Elsewhere is set when the fact is in the source, but not in the
	// passages that the rest of its sentence comes from: a name, figure or
	// date most likely attached to the wrong actor or event. When unset,
	// the source does not contain the fact at all.
	Elsewhere bool
}

// Checker checks facts against one source text. Build it once per
// source; it is safe for concurrent use.
type Checker struct {
	sents []string
	ix    *align.Index // over sents; paragraph number = sentence index + 1
	// keys maps a normalized fact key ("n:18000", "d:2019-01-24",
	// "w:atta") to the ascending indexes of the sentences holding it.
	keys   map[string][]int32
	lower  map[string]bool // words the source writes in lowercase
	proper map[string]bool // words the source capitalizes inside sentences
	mdYear map[string][]int
	folded string // " word word … " of the whole source
	nums   numSet // values of all figures
	pcts   numSet // values of percentages
	// head: sentences [0, head) open the source (title, byline,
	// dateline) and speak for the whole of it, as do datelines (lines
	// holding only a date) anywhere.
	head      int
	nameHead  int
	dateLines map[int32]bool
}

// numSet is a sorted set of numeric values with their canonical forms.
type numSet struct {
	v []float64
	s []string
}

func (n *numSet) add(c string) {
	f, err := strconv.ParseFloat(c, 64)
	if err != nil || math.IsInf(f, 0) {
		return
	}
	n.v = append(n.v, f)
	n.s = append(n.s, c)
}

func (n *numSet) sort() {
	idx := make([]int, len(n.v))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return n.v[idx[a]] < n.v[idx[b]] })
	v, s := make([]float64, 0, len(idx)), make([]string, 0, len(idx))
	for _, i := range idx {
		if len(v) > 0 && v[len(v)-1] == n.v[i] {
			continue
		}
		v, s = append(v, n.v[i]), append(s, n.s[i])
	}
	n.v, n.s = v, s
}

// near returns the canonical forms of the values that round to x.
func (n *numSet) near(x string) []string {
	xf, err := strconv.ParseFloat(x, 64)
	if err != nil {
		return nil
	}
	lo := sort.SearchFloat64s(n.v, xf*0.9-1)
	var out []string
	for i := lo; i < len(n.v) && n.v[i] <= xf*1.1+1; i++ {
		if roundsTo(n.v[i], x) {
			out = append(out, n.s[i])
		}
	}
	return out
}

// headBytes is how much of the start of a source counts as its head, where
// the dates of the whole document stand (dateline, title).
const headBytes = 1200

// NewChecker indexes a source document as textseg segmented it (the
// pipeline's own segmentation, so that the check and the brief see the same
// sentences): it records, for each sentence, the normalized facts and words
// it holds.
func NewChecker(doc textseg.Document) *Checker {
	c, _ := NewCheckerContext(context.Background(), doc)
	return c
}

// checkEvery is how many sentences a loop indexes or checks between looks
// at its context: well under a millisecond of work, so the looks cost
// nothing measurable and a cancellation is seen at once.
const checkEvery = 256

// NewCheckerContext is NewChecker that stops soon after ctx is done and
// then returns ctx.Err() and no Checker. It looks at ctx every checkEvery
// sentences and between stages.
func NewCheckerContext(ctx context.Context, doc textseg.Document) (*Checker, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := &Checker{
		keys:      make(map[string][]int32, 4096),
		lower:     make(map[string]bool, 4096),
		proper:    make(map[string]bool, 1024),
		mdYear:    map[string][]int{},
		dateLines: map[int32]bool{},
	}
	prose := false
	e := &extractor{mode: mode{source: true}}
	spans := sentenceSpans(doc)
	c.sents = make([]string, len(spans))
	var folded strings.Builder
	folded.WriteByte(' ')
	// The alignment index is over sentences: paragraph number = sentence
	// index + 1.
	sentDoc := textseg.Document{Paragraphs: make([]textseg.Paragraph, len(spans))}
	for i, sp := range spans {
		if i%checkEvery == checkEvery-1 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		s := sp.text
		c.sents[i] = s
		if sp.start < headBytes {
			c.head = i + 1
			if !prose && sp.prose && isProse(s) {
				prose = true
			}
			if !prose {
				c.nameHead = i + 1
			}
		}
		sentDoc.Paragraphs[i] = textseg.Paragraph{Number: i + 1, Text: stripURLs(s)}
		// one token buffer and extractor for all sentences
		e.text, e.toks, e.facts = s, tokenizeInto(e.toks[:0], s), e.facts[:0]
		e.start = sentenceStartsInto(e.start[:0], e.toks)
		e.skip = resetBools(e.skip, len(e.toks))
		e.claimed = resetBools(e.claimed, len(e.toks))
		e.run()
		appendFolded(&folded, e.toks)
		for x, t := range e.toks {
			if t.kind != tWord && t.kind != tCode {
				continue
			}
			c.addKey("w:"+t.lower, i)
			switch {
			case !t.upper && !t.mixed:
				c.lower[t.lower] = true
			case !e.start[x] && !t.allCaps:
				c.proper[t.lower] = true
			}
		}
		for _, f := range e.facts {
			c.index(f.Fact, i)
		}
		for _, a := range initialisms(e.toks) {
			c.addKey("a:"+a, i)
		}
		if len(e.facts) == 1 && e.facts[0].Kind == KindDate && len(strings.Fields(s)) <= len(strings.Fields(e.facts[0].Text))+3 {
			c.dateLines[int32(i)] = true
		}
	}
	c.folded = folded.String()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.ix = align.NewIndex(sentDoc)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.nums.sort()
	c.pcts.sort()
	return c, nil
}

func (c *Checker) addKey(k string, sent int) {
	p := c.keys[k]
	if n := len(p); n > 0 && p[n-1] == int32(sent) {
		return
	}
	c.keys[k] = append(p, int32(sent))
}

// index records the keys of a source fact found in sentence sent.
func (c *Checker) index(f Fact, sent int) {
	norm := strings.TrimPrefix(f.Norm, "~")
	switch f.Kind {
	case KindNumber:
		v, unit, _ := strings.Cut(norm, " ")
		c.addKey("n:"+v, sent)
		c.nums.add(v)
		if unit != "" {
			c.addKey("u:"+norm, sent)
		}
	case KindPercent:
		v := strings.TrimSuffix(norm, "%")
		c.addKey("p:"+v, sent)
		c.addKey("n:"+v, sent)
		c.pcts.add(v)
		c.nums.add(v)
	case KindMoney:
		c.addKey("m:"+norm, sent)
		_, v, _ := strings.Cut(norm, " ")
		c.addKey("n:"+v, sent)
		c.nums.add(v)
	case KindDate:
		y, m, d, ok := parseDateNorm(norm)
		switch {
		case !ok:
			if strings.HasSuffix(norm, "s") {
				c.addKey("dec:"+norm, sent)
			} else {
				c.addKey("wd:"+norm, sent)
			}
			return
		case y != 0 && d != 0:
			c.addKey("d:"+norm, sent)
			md := dateNorm(0, m, d)
			c.addKey("md:"+md, sent)
			c.addKey("ym:"+dateNorm(y, m, 0), sent)
			if !slices.Contains(c.mdYear[md], y) {
				c.mdYear[md] = append(c.mdYear[md], y)
			}
		case y != 0 && m != 0:
			c.addKey("ym:"+norm, sent)
		case d != 0:
			c.addKey("md:"+norm, sent)
		}
		if m != 0 {
			c.addKey("mon:"+dateNorm(0, m, 0), sent)
		}
		if y != 0 {
			ys := strconv.Itoa(y)
			c.addKey("y:"+ys, sent)
			c.addKey("dec:"+ys[:3]+"0s", sent)
			c.addKey("n:"+ys, sent)
		}
		if d != 0 {
			c.addKey("n:"+strconv.Itoa(d), sent)
		}
	case KindTime:
		hm, ampm, _ := strings.Cut(norm, " ")
		if ampm != "" {
			c.addKey("t:"+norm, sent)
		} else {
			c.addKey("t?:"+hm, sent)
		}
		c.addKey("t*:"+hm, sent)
	case KindCode:
		c.addKey("c:"+norm, sent)
		// a year inside an identifier ("FY2003", "CVE-2020-1014") is a year
		for _, y := range yearsIn(f.Text) {
			c.addKey("y:"+y, sent)
			c.addKey("dec:"+y[:3]+"0s", sent)
		}
	}
}

// yearsIn returns the runs of exactly four digits from 1900 to 2100 in s.
func yearsIn(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		if !isD(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isD(s[j]) {
			j++
		}
		if y := atoi(s[i:j]); j-i == 4 && y >= 1900 && y <= 2100 {
			out = append(out, s[i:j])
		}
		i = j
	}
	return out
}

// initialisms returns the acronyms that runs of capitalized words and
// their parts spell ("Department of Homeland Security" → "dhs", "dohs",
// "hs", …), lowercase.
func initialisms(toks []token) []string {
	var out []string
	var run []token // the capitalized words and connectors of one run
	flush := func() {
		// from each capitalized word that is not a sentence opener, the
		// initials of the rest of the run: with and without connectors
		for s := range run {
			if !run[s].upper || starters[run[s].lower] {
				continue
			}
			var all, major []byte
			for _, t := range run[s:min(len(run), s+8)] {
				all = append(all, t.lower[0])
				if !t.upper {
					continue
				}
				major = append(major, t.lower[0])
				if len(major) >= 2 {
					out = append(out, string(major))
					if len(all) != len(major) {
						out = append(out, string(all))
					}
				}
			}
		}
		run = run[:0]
	}
	for i, t := range toks {
		switch {
		case t.kind == tWord && t.upper && !t.allCaps && len(t.lower) > 1:
			run = append(run, t)
		case t.kind == tWord && len(run) > 0 && (connectors[t.lower] || t.lower == "and" || t.lower == "the") &&
			i+1 < len(toks) && toks[i+1].kind == tWord && toks[i+1].upper:
			run = append(run, t)
		case t.kind == tPunct && isDash(t.text) && !t.space && len(run) > 0:
		default:
			flush()
		}
	}
	flush()
	return out
}

// resetBools returns b resized to n and cleared, reusing its memory.
func resetBools(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// stripURLs removes URLs and e-mail addresses, whose pieces would match
// statements by accident.
func stripURLs(s string) string {
	if !strings.Contains(s, "http") && !strings.Contains(s, "www.") && !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	last := 0
	for _, t := range tokenize(s) {
		if t.kind == tURL {
			b.WriteString(s[last:t.start])
			b.WriteByte(' ')
			last = t.end
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// isProse reports whether a sentence reads as running text rather than a
// title, byline or metadata: six words or more ending with a stop.
func isProse(s string) bool {
	s = strings.TrimRight(s, "\"'”’)]*_» ")
	return len(strings.Fields(s)) >= 6 && (strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?"))
}

// parseDateNorm reads a date Norm: "2019-01-24", "2019-01", "--01-24",
// "--01" or "2019". ok is false for decades and weekdays.
func parseDateNorm(n string) (y, m, d int, ok bool) {
	if strings.HasPrefix(n, "--") {
		switch len(n) {
		case 4:
			m = atoi(n[2:])
			return 0, m, 0, m > 0
		case 7:
			m, d = atoi(n[2:4]), atoi(n[5:])
			return 0, m, d, m > 0 && d > 0
		}
		return 0, 0, 0, false
	}
	switch {
	case len(n) == 4:
		y = atoi(n)
		return y, 0, 0, y > 0
	case len(n) == 10 && n[4] == '-' && n[7] == '-':
		y, m, d = atoi(n[:4]), atoi(n[5:7]), atoi(n[8:])
		return y, m, d, y > 0 && m > 0 && d > 0
	case len(n) == 7 && n[4] == '-':
		y, m = atoi(n[:4]), atoi(n[5:])
		return y, m, 0, y > 0 && m > 0
	}
	return 0, 0, 0, false
}

// run extracts every fact of the extractor's text.
func (e *extractor) run() {
	for i := 0; i < len(e.toks); {
		if e.skip[i] || e.toks[i].kind == tURL || e.toks[i].kind == tPunct && !isCurrencyPunct(e.toks[i].text) {
			i++
			continue
		}
		n := e.date(i)
		if n == 0 {
			n = e.time(i)
		}
		if n == 0 {
			n = e.money(i)
		}
		if n == 0 {
			n = e.code(i)
		}
		if n == 0 {
			n = e.number(i)
		}
		if n == 0 {
			n = e.numberWords(i)
		}
		if n == 0 && e.mode.source {
			n = e.hanNumber(i)
		}
		if n == 0 && !e.mode.source {
			n = e.name(i)
		}
		i += max(n, 1)
	}
	slices.SortStableFunc(e.facts, func(a, b fact) int { return a.Offset - b.Offset })
}

// Supported reports whether the source contains the fact, in any of the
// forms that normalize alike (see Fact.Norm). Beyond equal forms:
//   - a figure of three significant digits or fewer from 1,000 up, a hedged
//     figure ("about 40") and a percentage match a more precise source
//     figure that rounds to them ("1.3 million" for 1,327,431);
//   - money matches the same amount with no currency named;
//   - a full date matches a source day and month without a year ("January
//     22nd") when the year is in the source and no other year is given to
//     that day; a year matches any date in it; a decade any year in it;
//   - a time without a.m./p.m. matches either; one with it, the same time
//     written without;
//   - a name needs each word in the source, case aside, as written, in the
//     singular or plural, or as a demonym: "Russia" and "Russian",
//     "China" and "Chinese" verify each other, as both name the same
//     country and a brief turns one into the other freely. An acronym may
//     also be spelled out ("DHS", "Department of Homeland Security"). A
//     name made of common words only ("National Security Agency", each
//     word one the source writes in lowercase) must be in the source
//     as a whole;
//   - a quotation needs its words in order, with case, punctuation and
//     quote marks aside, around any "…" or "[…]" it has.
func (c *Checker) Supported(f Fact) bool {
	ok, _ := c.evidence(f)
	return ok
}

// evidence reports whether the source supports f and returns the lists of
// sentences holding it: f is found in a sentence on any of the lists. A
// name's lists are one per word; quotes have none.
func (c *Checker) evidence(f Fact) (bool, [][]int32) {
	var lists [][]int32
	try := func(keys ...string) {
		for _, k := range keys {
			if p := c.keys[k]; len(p) > 0 {
				lists = append(lists, p)
			}
		}
	}
	norm := f.Norm
	approx := strings.HasPrefix(norm, "~")
	norm = strings.TrimPrefix(norm, "~")
	switch f.Kind {
	case KindNumber:
		v, unit, _ := strings.Cut(norm, " ")
		if unit != "" {
			try("u:" + norm)
			break
		}
		try("n:" + v)
		if xf, err := strconv.ParseFloat(v, 64); err == nil && (approx || xf >= 1000 && sigDigits(v) <= 3) {
			for _, s := range c.nums.near(v) {
				try("n:" + s)
			}
		}
	case KindPercent:
		v := strings.TrimSuffix(norm, "%")
		try("p:" + v)
		for _, s := range c.pcts.near(v) {
			try("p:" + s)
		}
	case KindMoney:
		try("m:" + norm)
		if _, v, ok := strings.Cut(norm, " "); ok {
			try("n:" + v)
			if xf, err := strconv.ParseFloat(v, 64); err == nil && (approx || xf >= 1000 && sigDigits(v) <= 3) {
				for _, s := range c.nums.near(v) {
					try("n:" + s)
				}
			}
		}
	case KindDate:
		y, m, d, ok := parseDateNorm(norm)
		switch {
		case !ok && strings.HasSuffix(norm, "s"):
			try("dec:" + norm)
		case !ok:
			try("wd:" + norm)
		case y != 0 && d != 0:
			try("d:" + norm)
			// "January 22" in the source, the year elsewhere: accept unless
			// the source dates that day in another year
			md := dateNorm(0, m, d)
			if len(lists) == 0 && len(c.keys["y:"+strconv.Itoa(y)]) > 0 {
				if len(c.mdYear[md]) == 0 {
					try("md:" + md)
				}
			}
		case y != 0 && m != 0:
			try("ym:" + norm)
		case y != 0:
			try("y:" + norm)
		case d != 0:
			try("md:" + norm)
		default:
			try("mon:" + norm)
		}
	case KindTime:
		hm, ampm, _ := strings.Cut(norm, " ")
		if ampm != "" {
			try("t:"+norm, "t?:"+hm)
		} else {
			try("t*:" + hm)
		}
	case KindCode:
		try("c:" + norm)
	case KindQuote:
		return c.quoteFound(norm), nil
	case KindName:
		words := nameWords(norm)
		if len(words) == 0 {
			return false, nil
		}
		common := true
		for _, w := range words {
			p := c.wordSentences(w)
			if len(p) == 0 {
				return false, nil
			}
			lists = append(lists, p)
			common = common && c.lower[w]
		}
		// a name made of common words alone ("National Security Agency")
		// names something only as a whole
		if common && len(words) > 1 && !strings.Contains(c.folded, " "+norm+" ") {
			return false, nil
		}
		return true, lists
	}
	return len(lists) > 0, lists
}

// wordSentences returns the sentences holding word w or a close form of
// it: a plural or singular, a possessive, a demonym ("Russia"/"Russian").
func (c *Checker) wordSentences(w string) []int32 {
	// the word, or an acronym the source spells out: "EST", "Eastern
	// Standard Time"
	out := mergeSorted(c.keys["w:"+w], c.keys["a:"+w])
	for _, v := range wordVariants(w) {
		if p := c.keys["w:"+v]; len(p) > 0 {
			out = mergeSorted(out, p)
		}
	}
	return out
}

// wordVariants returns the plural, singular and demonym forms of w.
func wordVariants(w string) []string {
	var out []string
	n := len(w)
	if n >= 3 {
		out = append(out, w+"s", w+"es")
		if strings.HasSuffix(w, "es") && n > 4 {
			out = append(out, w[:n-2])
		}
		if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && n > 3 {
			out = append(out, w[:n-1])
		}
	}
	// demonyms: a stem of four or more letters, a base ending and a
	// people ending ("russia"/"russian", "china"/"chinese", "iraq"/"iraqi")
	bases := []string{"", "a", "e", "y"}
	peoples := []string{"n", "an", "ian", "ese", "i", "ish", "ic"}
	for k := 4; k <= n; k++ {
		stem, rest := w[:k], w[k:]
		if slices.Contains(bases, rest) {
			for _, p := range peoples {
				out = append(out, stem+p)
			}
		}
		if slices.Contains(peoples, rest) {
			for _, b := range bases {
				out = append(out, stem+b)
			}
		}
	}
	return out
}

func mergeSorted(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// quoteFound reports whether the folded quotation is in the source: its
// parts (split at ellipses and editorial brackets) in order.
func (c *Checker) quoteFound(norm string) bool {
	at, found := 0, false
	for _, part := range quoteParts(norm) {
		i := strings.Index(c.folded[at:], " "+part+" ")
		if i < 0 {
			return false
		}
		at += i + len(part) + 1
		found = true
	}
	return found
}

// quoteParts splits a quotation's Norm into its parts (see quoteNorm).
func quoteParts(norm string) []string {
	var out []string
	for _, p := range strings.Split(norm, " | ") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
