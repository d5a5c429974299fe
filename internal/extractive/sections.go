package extractive

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/brief-cli/brief/internal/lazyre"
	"github.com/brief-cli/brief/internal/terms"
)

type section int

const (
	secBackground section = iota
	secResponse
	secImplications
)

// cueSet is a language's section lexicon. Words are matched against the
// sentence's lowercased words: exactly in words, as a prefix in prefixes
// (for inflected languages), and patterns are matched against the
// lowercased sentence. Each match adds its weight to its section.
type cueSet struct {
	words    [3]map[string]float64
	prefixes [3][]prefixCue
	patterns [3][]weightedRe
	// pastTense, when set, adds pastWeight per regular past-tense verb
	// (up to pastCap) to Background.
	pastTense bool
	// yearRe finds "in/since/by <year>" (year in group 1): a year before
	// the document's own year is Background, a later one Implications.
	yearRe *regexp.Regexp
	// imperative verbs opening a sentence (after a list marker or a short
	// "For …," / "If …," clause) are instructions: Response.
	imperative map[string]bool
}

type weightedRe struct {
	re *regexp.Regexp
	w  float64
}

// Cue lexicons. Each entry is word:weight; a sentence's cue weights are
// summed per section and the sentence goes to the heaviest section, ties
// going to Response, then Implications (the more specific sections). A
// section other than Background needs a total of at least minCue, so a
// sentence with no real cue is context and stays in Background.
//
// English (exact lowercased words):
//
//   - Background (context, history, earlier events): enBackground, "last
//     year/month/decade", "in the past", "for years", "has/have/had been",
//     0.3 per regular past-tense verb (at most 1), and 1.5 per
//     "in/since/during/by/until/through/from/before/after <year>" when the
//     year is before the document's own (Options.Date).
//   - Response (actions by authorities, organisations, people, and what
//     they require): enResponse, "in response", "took action/steps",
//     "required to", and 2 when the sentence opens, after any list marker or
//     short "For …,"/"If …," clause, with an imperative from enImperative
//     ("Disconnect …", "b. Identify and remove …").
//   - Implications (forward-looking, evaluative, modal): enImplications,
//     "going forward", "in the future/coming", "coming years/months",
//     "long term", "lead to", "result in", "need(s) to", and 1.5 per
//     "in/by/until … <year>" after the document's year.
//
// Russian (stems, matched as word prefixes, longest first): ruBackground,
// ruResponse, ruImplications, plus "с тех пор"/"в прошлом", "в ответ",
// "в будущем"/"в ближайшие", and years after "в/с/до/к/по/после" as for
// English.
const (
	enBackground = `since:1 previously:1.5 previous:1 prior:1 formerly:1.5 former:0.5 originally:1.5 earlier:1 history:1.5
historical:1.5 historically:1.5 background:1.5 began:1.5 begun:1 initially:1 ago:1.5 past:1 decades:1 founded:1.5
established:0.5 traditionally:1 was:0.5 were:0.5 had:0.5 originated:1 emerged:1 first:0.5 origins:1.5 context:1
long-standing:1 longstanding:1 inherited:1 grew:0.5 evolved:1`
	enResponse = `announced:1.5 announce:1 announces:1 announcement:1 issued:1.5 issues:0.5 directed:1.5 directs:1.5
directing:1 required:1.5 requires:1.5 require:1 requirement:1 requirements:1 recommended:1.5 recommends:1.5
recommend:1 recommendation:1.5 recommendations:1.5 warned:1.5 warns:1.5 deployed:1.5 deploy:1 arrested:2 arrest:1
sanction:1.5 sanctions:1.5 sanctioned:1.5 measures:1 responded:1.5 respond:1 response:0.5 ordered:1.5 orders:0.5
instructed:1.5 mandated:1.5 mandate:1 mandates:1 implemented:1 implement:1 implementing:1 launched:1.5 imposed:1.5
adopted:1 enacted:1.5 signed:1 approved:1 charged:1.5 indicted:2 prosecuted:1.5 convicted:1.5 seized:1.5 banned:1.5
blocked:1 disconnect:1.5 disconnected:1.5 patch:1 patched:1.5 mitigate:1 mitigated:1 mitigation:1 mitigations:1
remediate:1 remediation:1 shall:1.5 must:1 released:1 took:0.5 action:0.5 actions:1 steps:0.5 agreed:1 decided:1
created:0.5 established:0.5 funded:1 allocated:1.5 evacuated:1.5 investigated:1 investigating:1 notify:1
notified:1 report:0.5 submit:1 submitted:1 coordinate:0.5 coordinated:1 provided:0.5 updated:0.5 urged:1.5
demanded:1.5 condemned:1.5 vowed:1 pledged:1.5 promised:1 introduced:1 passed:0.5 established:0.5
guidance:1 directive:0.5 instruct:1 prohibit:1 prohibited:1.5 restrict:1 restricted:1 suspended:1.5 closed:1`
	enImplications = `will:1.5 would:1 could:1.5 may:1 might:1.5 should:1.5 can:0.5 must:0.5 risk:1.5 risks:1.5 threat:1
threats:1 threaten:1.5 threatens:1.5 consequence:1.5 consequences:1.5 likely:1.5 unlikely:1.5 likelihood:1.5
expected:1.5 expect:1.5 expects:1.5 future:1.5 potential:1 potentially:1.5 implication:2 implications:2 impact:1
impacts:1 outlook:1.5 forecast:1.5 projected:1.5 possible:1 possibly:1.5 vulnerable:1 concern:1 concerns:1
uncertain:1.5 uncertainty:1.5 challenge:1 challenges:1 danger:1.5 jeopardize:1.5 undermine:1.5 undermines:1.5
ensure:0.5 affect:1 continue:0.5 important:0.5 critical:0.5 essential:0.5 significant:0.5 increasingly:1
lessons:1.5 opportunity:1 help:0.5`
	ruBackground = `ранее:1.5 прежде:1.5 истори:1.5 начал:1 был:0.5 было:0.5 были:0.5 прошл:1 назад:1.5 впервые:1
традицион:1 изначальн:1.5 создан:0.5 основан:1.5 десятилети:1`
	ruResponse = `принял:1.5 принят:1.5 приня:1 объяв:1.5 подписа:1.5 указ:1 санкци:1.5 мер:1 поруч:1.5 предлага:1.5
предлож:1.5 утверд:1.5 запуст:1.5 выдел:1.5 направ:1 ввест:1.5 введ:1 обязан:1 задержа:2 арестова:2 запрет:1.5
реализ:1 обеспеч:0.5 решени:1 решил:1.5 должн:1 нужно:0.5 необходимо:1 поддерж:1 финансир:1 программ:0.5`
	ruImplications = `будет:1.5 будут:1.5 будем:1.5 может:1 могут:1 смож:1 следует:1 риск:1.5 угроз:1.5
последстви:2 вероятн:1.5 ожида:1.5 будущ:1.5 перспектив:1.5 потенциал:1 возможн:1 опасн:1.5 вызов:1 важн:0.5
ближайш:1 долгосроч:1.5 стратеги:1`
)

func parseLexicon(s string) map[string]float64 {
	m := make(map[string]float64)
	for _, f := range strings.Fields(s) {
		w, wt, _ := strings.Cut(f, ":")
		x, err := strconv.ParseFloat(wt, 64)
		if err != nil {
			panic("extractive: bad lexicon entry " + f)
		}
		m[w] = max(m[w], x)
	}
	return m
}

type prefixCue struct {
	prefix string
	w      float64
}

// parsePrefixes returns the entries longest first, so that a word counts
// once, for its most specific stem.
func parsePrefixes(s string) []prefixCue {
	var out []prefixCue
	for w, x := range parseLexicon(s) {
		out = append(out, prefixCue{w, x})
	}
	slices.SortFunc(out, func(a, b prefixCue) int {
		if d := len(b.prefix) - len(a.prefix); d != 0 {
			return d
		}
		return strings.Compare(a.prefix, b.prefix)
	})
	return out
}

// Weights of the structural cues.
const (
	pastWeight       = 0.3 // per regular past-tense verb, for Background
	pastCap          = 1.0
	yearWeight       = 1.5 // per "in/since/by <year>"
	imperativeWeight = 2.0
	// minCue is the least total weight that moves a sentence out of
	// Background into Response or Implications.
	minCue = 1.0
)

// enImperative are verbs that open instructions in directives, guidance
// and recommendations.
const enImperative = `provide report disconnect update ensure identify conduct submit block rebuild reset apply install
implement review remove monitor verify add assess establish develop notify patch upgrade isolate collect analyze
analyse treat assume contact take use maintain complete designate keep restrict enable disable change rotate revoke
audit document prioritize prioritise coordinate limit follow request create deploy configure scan search investigate
inventory harden replace prohibit prevent report forward perform`

// cueSets is built on first use (see internal/lazyre).
var cueSets = sync.OnceValue(func() map[string]*cueSet {
	return map[string]*cueSet{
		"en": {
			words: [3]map[string]float64{parseLexicon(enBackground), parseLexicon(enResponse), parseLexicon(enImplications)},
			patterns: [3][]weightedRe{
				{
					{regexp.MustCompile(`\b(last|previous) (year|month|decade|week)\b|\bin the past\b|\bfor (many )?years\b|\b(has|have|had) been\b`), 1},
				},
				{
					{regexp.MustCompile(`\bin response\b|\btook (action|steps)\b|\brequired to\b`), 2},
				},
				{
					{regexp.MustCompile(`\bgoing forward\b|\bin the (future|coming)\b|\bcoming (years|months)\b|\blong[- ]term\b|\blead to\b|\bresult in\b|\bneeds? to\b`), 1.5},
				},
			},
			pastTense:  true,
			yearRe:     regexp.MustCompile(`\b(?:in|since|during|by|until|through|from|before|after) (?:the )?(?:early |late |mid-?)?((?:1[89]|20)\d\d)s?\b`),
			imperative: terms.WordSet(enImperative),
		},
		"ru": {
			prefixes: [3][]prefixCue{parsePrefixes(ruBackground), parsePrefixes(ruResponse), parsePrefixes(ruImplications)},
			yearRe:   regexp.MustCompile(`(?:^|\s)(?:в|во|с|со|до|к|по|после|начиная с) ((?:1[89]|20)\d\d)`),
			patterns: [3][]weightedRe{
				{{regexp.MustCompile(`с тех пор|в прошлом`), 1.5}},
				{{regexp.MustCompile(`в ответ`), 2}},
				{{regexp.MustCompile(`в будущем|в ближайшие`), 1.5}},
			},
		},
	}
})

// classify returns the section whose cues weigh most in s. refYear is the
// year of the document's date, or 0 when unknown (no year cues then).
func (c *cueSet) classify(s string, refYear int) section {
	var score [3]float64
	past := 0.0
	words := strings.Fields(s)
	for i, raw := range words {
		forEachWord(raw, func(w string) {
			if w == "may" && i > 0 && strings.HasPrefix(raw, "May") {
				return // the month
			}
			for sec := range score {
				score[sec] += c.words[sec][w]
				for _, p := range c.prefixes[sec] {
					if strings.HasPrefix(w, p.prefix) {
						score[sec] += p.w
						break
					}
				}
			}
			if c.pastTense && len(w) > 4 && strings.HasSuffix(w, "ed") && c.words[secResponse][w] == 0 {
				past += pastWeight
			}
		})
	}
	score[secBackground] += min(past, pastCap)
	lower := strings.ToLower(s)
	for sec := range score {
		for _, p := range c.patterns[sec] {
			score[sec] += p.w * float64(len(p.re.FindAllStringIndex(lower, 4)))
		}
	}
	if c.yearRe != nil && refYear > 0 {
		for _, m := range c.yearRe.FindAllStringSubmatch(lower, 4) {
			y, _ := strconv.Atoi(m[1])
			switch {
			case y < refYear:
				score[secBackground] += yearWeight
			case y > refYear:
				score[secImplications] += yearWeight
			}
		}
	}
	if c.imperative != nil && c.imperative[leadingWord(words)] {
		score[secResponse] += imperativeWeight
	}
	best := secBackground
	for _, sec := range []section{secResponse, secImplications} {
		if score[sec] >= minCue && score[sec] >= score[best] {
			if best == secBackground || score[sec] > score[best] {
				best = sec
			}
		}
	}
	return best
}

// leadingWord returns the lowercased first word of a sentence after list
// markers, emphasis and a short introductory clause ending in a comma.
func leadingWord(words []string) string {
	i := 0
	for i < len(words) && listMarkerRe().MatchString(words[i]) {
		i++
	}
	if i < len(words) {
		switch strings.ToLower(strings.Trim(words[i], "*_")) {
		case "for", "if", "within", "by", "after", "when", "upon", "until", "where", "once", "additionally", "also", "then", "immediately":
			for j := i; j < len(words) && j < i+12; j++ {
				if strings.HasSuffix(words[j], ",") {
					i = j + 1
					break
				}
			}
		}
	}
	if i >= len(words) {
		return ""
	}
	return strings.ToLower(strings.Trim(words[i], "*_\"'“(,:"))
}

var listMarkerRe = lazyre.New(`^(?:[-*•–]|\d{1,2}[.)]|\(?[a-z0-9ivx]{1,3}\)|[a-z][.)]|\{:[^}]*\})$`)
