package extractive

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/lazyre"
	"github.com/brief-cli/brief/internal/terms"
	"github.com/brief-cli/brief/internal/textseg"
)

// This file reads a report's own structure: which brief part each of its
// headings stands for, which major heading (theme) a sentence falls under,
// and which sentences cannot stand alone (methodology, anaphoric openers)
// or may not lead (courtesy openers, the weather, fragments).

// role is what a report's heading says about the text under it.
type role uint8

const (
	roleNone role = iota
	roleBackground
	roleResponse
	roleImplications
	// roleSummary: the report's own summary (Highlights, What GAO Found,
	// Executive Summary, Key Judgments), which weighs for the lead and the
	// key facts.
	roleSummary
	// roleSkip: methodology, appendices, contacts, contents: never findings.
	roleSkip
)

// headingRoles maps heading text (lowercased) onto roles; the first match
// wins, so the more specific patterns come first. Built on first use.
var headingRoles = sync.OnceValue(func() []headingRule {
	return []headingRule{
		{regexp.MustCompile(`scope and methodology|objectives, scope|\bmethodology\b|^appendix|gao contacts?\b|staff acknowledgments|related gao products|^(table of )?contents$|^abbreviations$|^references$|^bibliography$|^(foot|end)notes$|^acknowledg|^about (this report|the authors)`), roleSkip},
		{regexp.MustCompile(`^(highlights|what gao found|executive summary|key judgments|summary|results in brief|key findings|in brief|at a glance|bottom line)\b`), roleSummary},
		{regexp.MustCompile(`^(background|introduction|why gao did this study|context|history|overview)\b`), roleBackground},
		{regexp.MustCompile(`required actions|actions? taken|agency comments|\bactions\b|^response\b|steps taken|what (we|they|the \w+) (are|is|have) doing|^(cisa|agency|federal|government) (actions|response)`), roleResponse},
		{regexp.MustCompile(`^(conclusions?|recommendations?|what gao recommends|matters? for congressional consideration|outlook|implications|next steps|the way forward|looking ahead)\b`), roleImplications},
	}
})

type headingRule struct {
	re   *regexp.Regexp
	role role
}

// headingRole returns the role of a heading's text, after any numbering
// ("1. Introduction", "IV. Conclusions").
func headingRole(h string) role {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.TrimLeft(strings.TrimLeft(h, "0123456789ivx"), ".): ")
	for _, hr := range headingRoles() {
		if hr.re.MatchString(h) {
			return hr.role
		}
	}
	return roleNone
}

// frame is one open heading while walking the document.
type frame struct {
	level int // markdown level, or untitledLevel for headings known by form
	role  role
	para  int
	text  string
	title bool // a heading above all prose: the document's title
}

// untitledLevel ranks headings recognised from their form alone (no
// markdown level): below every markdown heading.
const untitledLevel = 7

// outline tracks the open headings of the document as collectSentences
// walks it.
type outline struct {
	stack []frame
	// titleLevel is the level of the document's title heading (a single
	// level-1 heading), which opens no theme.
	titleLevel int
	// prose is set once a paragraph of text has been seen: headings above
	// it are the title block.
	prose bool
	// titleText is the document's title heading (its only level-1
	// heading, or the first in the title block), lowercased: a later
	// heading that repeats it ("Alert—The Increasing Threat to …")
	// heads the whole report again and is no theme.
	titleText string
	// paras is the number of the document's paragraphs; its own summary
	// stands in the first summaryShare of them (further on, "Summary" heads
	// an appendix's digest of one project, not the report's findings).
	paras int
	// sinceHeading is set while no paragraph of text has followed the last
	// heading: a heading then continues it (a title broken over lines).
	sinceHeading bool
}

// summaryShare bounds where the report's own summary may stand.
const summaryShare = 1.0 / 3

func newOutline(doc textseg.Document) *outline {
	h1 := 0
	for _, p := range doc.Paragraphs {
		if p.Heading && p.Level == 1 {
			h1++
		}
	}
	o := &outline{paras: len(doc.Paragraphs)}
	if h1 == 1 {
		o.titleLevel = 1
	}
	return o
}

// enter opens heading p, closing the open headings it ends: those at its
// level or deeper and, when p names a part of the report (Background,
// Conclusions, …), the open parts too, whatever their level. A named part
// never holds another: "Background" after a summary's "What GAO
// Recommends", set larger, is the report's own Background.
func (o *outline) enter(p textseg.Paragraph) {
	level := p.Level
	if level == 0 {
		level = untitledLevel
	}
	r := headingRole(paraText(p))
	if r == roleSummary && float64(p.Number) > summaryShare*float64(o.paras) {
		r = roleNone
	}
	for len(o.stack) > 0 {
		top := o.stack[len(o.stack)-1]
		if top.level < level && !(isPart(r) && isPart(top.role)) {
			break
		}
		if o.sinceHeading && top.level == level && r == roleNone {
			// "## Appendix III: Summaries of Selected" continued by "## of
			// Environmental Management …": the role carries over.
			r = top.role
		}
		o.stack = o.stack[:len(o.stack)-1]
	}
	text := paraText(p)
	title := !o.prose || o.titleText != "" && strings.Contains(strings.ToLower(text), o.titleText) ||
		wrapperRe().MatchString(strings.ToLower(text))
	if o.titleText == "" && p.Level == 1 && (title || o.titleLevel == 1) && len(strings.Fields(text)) >= 3 {
		o.titleText = strings.ToLower(text)
	}
	o.stack = append(o.stack, frame{level: level, role: r, para: p.Number, text: text, title: title})
	o.sinceHeading = true
}

// wrapperRe matches a heading that wraps the whole body rather than naming
// a theme: the "Letter" label above a GAO report's body.
var wrapperRe = lazyre.New(`^(letter|report|main text|body)$`)

// isPart reports the roles of the report's named parts; methodology and
// appendices (roleSkip) hold what they hold.
func isPart(r role) bool { return r != roleNone && r != roleSkip }

// role is the role of the innermost heading that has one.
func (o *outline) role() role {
	for i := len(o.stack) - 1; i >= 0; i-- {
		if r := o.stack[i].role; r != roleNone {
			return r
		}
	}
	return roleNone
}

// theme is the outermost open heading below the title, which names the
// theme a sentence belongs to; nil at the top of the document.
func (o *outline) theme() *frame {
	for i := range o.stack {
		if o.stack[i].level > o.titleLevel && !o.stack[i].title {
			return &o.stack[i]
		}
	}
	return nil
}

// isThemeHeading reports a heading that can head a section of the brief:
// words, not a figure or table caption or a report number.
func isThemeHeading(h string) bool {
	if captionRe().MatchString(h) || letterheadRe().MatchString(h) || terms.Addressee.MatchString(h) || utf8.RuneCountInString(h) > 160 {
		return false
	}
	words := 0
	for _, w := range strings.Fields(h) {
		if strings.IndexFunc(w, unicode.IsLower) >= 0 {
			words++
		}
	}
	return words >= 1 || strings.IndexFunc(h, terms.IsIdeographic) >= 0
}

// isTitleHeading reports a heading that reads as a report's own section
// title, capitalised and of three words or more ("DOD Offers Resources for
// Small Companies …"), not OCR debris (", Roger Stone, and") or a bare
// label ("Analysis").
func isTitleHeading(h string) bool {
	r, _ := utf8.DecodeRuneInString(h)
	return unicode.IsUpper(r) && len(strings.Fields(h)) >= 3
}

// letterheadRe: an address on a letterhead, "… Office Washington, DC 20548".
var letterheadRe = lazyre.New(`\b(?:[A-Z]{2}|D\.\s?C\.)\s+\d{5}(?:-\d{4})?$`)

var captionRe = lazyre.New(`(?i)^(figure|fig\.|table|chart|box|exhibit|graphic|map|source|note)s?\b`)

// methodRe marks methodology: how the authors did the work, not what they
// found.
var methodRe = lazyre.New(`(?i)\b(we|gao) \(1\)|\b(we|gao|i)( also| then| have)? (reviewed|interviewed|analyzed|analysed|surveyed|selected|visited|obtained|collected|administered|met with|spoke with|examined documents|conducted (this|our|a|the) (performance )?(audit|review|survey|work|interviews?|site visits?)|compared)\b|` +
	`generally accepted government auditing standards|\bthis performance audit\b|\bour (objectives|methodology|scope)\b|` +
	`^to (determine|assess|address|examine|describe|evaluate|identify|review) [^.]{0,160}, (we|gao)\b|\bgao (was asked|examined|reviewed)\b|\b(we|gao) used [^.;]{0,80}\bto (collect|gather|identify|assess|determine|select|analy[sz]e)\b|\b(this|the) (report|testimony|review) (examines|describes|addresses|assesses|reviews)\b`)

// methodWords: every match of methodRe holds one of these in lower case,
// or starts with "to ". The expression, a long case-folded alternation,
// was most of the engine's time when tried on every sentence.
var methodWords = []string{
	"(1)", "review", "interview", "analy", "survey", "selected", "visited", "obtained",
	"collected", "administered", "met with", "spoke with", "examine", "conducted", "compared",
	"auditing standards", "performance audit", "objectives", "methodology", "scope",
	"was asked", "used", "describes", "addresses", "assesses",
}

// isMethodology reports a sentence about how the work was done.
func isMethodology(s string) bool {
	// ſ is the one letter that case-folds to ASCII but ToLower leaves.
	if l := strings.ToLower(s); !strings.HasPrefix(l, "to ") && !strings.ContainsRune(l, 'ſ') &&
		!slices.ContainsFunc(methodWords, func(w string) bool { return strings.Contains(l, w) }) {
		return false
	}
	return methodRe().MatchString(s)
}

// anaphorRe marks openers that point back to an earlier sentence: a
// pronoun or demonstrative, or a relative time ("Six minutes later").
var anaphorRe = lazyre.New(`^(?:["“(]?)(?:this|these|that|those|it|its|they|their|them|he|his|she|her|such|both|the latter|the former|there|then|later|afterward|afterwards|thereafter|meanwhile|however|moreover|furthermore|also|additionally|in addition|in response|as a result|therefore|thus|consequently|at the same time|at that time|by then|for example|for instance|in this context|in particular|specifically|since then|in turn|as such|accordingly|instead|otherwise|still|yet|similarly|likewise|(?:[\w-]+ ){0,2}(?:seconds|minutes|hours|days|weeks|months|years|moments) (?:later|afterward|earlier)|more recently|most recently|as (?:i|we|noted|mentioned|discussed|stated|described|shown|explained)\b[^,]{0,30}\b(?:stated|noted|said|mentioned|discussed|described|testified|reported|above|earlier|previously|before)|(?:about|around|at|by|during|in) (?:this|that|the same) (?:same )?(?:time|point|moment|period|stage)|(?:shortly|soon|immediately|just) (?:thereafter|afterwards?|after (?:that|this))|(?:the )?(?:next|following) (?:day|morning|week|month|year))\b`)

// isAnaphoric reports a sentence that opens with a reference back.
func isAnaphoric(s string) bool {
	return anaphorRe().MatchString(strings.ToLower(s))
}

// Lead filters.
var (
	courtesyRe = lazyre.New(`(?i)^(?:["“]?)(?:thank you|thanks|mr\.? chairman|madam chair|madame chair|chairman|good (?:morning|afternoon|evening)|i am (?:pleased|honored|honoured|happy|glad)|i appreciate|we appreciate|it is (?:a|my) (?:pleasure|privilege|honou?r)|i welcome|dear)\b`)
	weatherRe  = lazyre.New(`(?i)\b(weather|cloudless|temperate|sunny|sunshine|rainy|overcast|dawned|forecasters?)\b`)
	boilerRe   = lazyre.New(`(?i)^(highlights of |this page|this (web|web-friendly) version|this (document|report|memo|testimony|statement|publication) (contains|provides|is|was|presents|summarizes|summarises|discusses)|click |see (also|the|our) |for more information|please )`)
	timePlace  = lazyre.New(`\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\d{1,2}:\d{2}|(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}|(?:in|at|from|across|near|into|on) (?:the )?\p{Lu}\p{Ll}+)\b`)
)

// leadForm scores how well a sentence can open the brief: 0 when it must
// not (a courtesy opener, the weather, boilerplate, an anaphoric opener or a
// fragment starting in lowercase or with a list marker, OCR damage),
// otherwise a factor
// above 1 for each of an actor (a name after the first word), an action (a
// past-tense or cue verb) and a time or place, and below 1 for first-person
// singular narration, which leaves the reader asking who "I" is.
func leadForm(s string) float64 {
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(r) || courtesyRe().MatchString(s) ||
		weatherRe().MatchString(s) || boilerRe().MatchString(s) || isAnaphoric(s) || leadingEnum().MatchString(s) {
		return 0
	}
	words := strings.Fields(s)
	f := 1.0
	actor, action := false, false
	for i, w := range words {
		w = strings.Trim(w, `.,;:!?()"'“”’`)
		if w == "" {
			continue
		}
		if terms.IsDamagedWord(w) {
			return 0 // OCR damage has no place in the opening sentence
		}
		if i > 0 && w != "I" {
			if c, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(c) {
				actor = true
			}
		}
		if len(w) > 4 && strings.HasSuffix(w, "ed") && unicode.IsLower(rune(w[0])) || irregularPast[w] {
			action = true
		}
	}
	if actor {
		f *= 1.2
	}
	if action {
		f *= 1.2
	}
	if terms.Year.MatchString(s) || timePlace().MatchString(s) {
		f *= 1.2
	}
	if firstPersonRe().MatchString(s) {
		f *= 0.4
	}
	return f
}

// irregularPast are common irregular past-tense verbs: the action of a
// sentence such as "the attackers stole credentials" or "Cisco found".
var irregularPast = terms.WordSet(`began became brought built bought caught chose came did drew drove fell felt fled
flew forbade forgave fought found froze gave got grew hid hit held kept knew laid led left lent lost made meant met
overran overtook paid put quit ran rang rose said sank sat saw sent set shot shut slew sold sought spent split spread
stole stood struck swore swept took taught thought threw told took understood undertook upheld wrote won withdrew`)

var (
	leadingEnum   = lazyre.New(`^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]+\))\s`)
	firstPersonRe = lazyre.New(`(?:^|\s)I(?:\s|'|’)`)
)
