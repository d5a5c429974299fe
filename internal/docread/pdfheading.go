package docread

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/lazyre"
	"github.com/brief-cli/brief/internal/terms"
)

// This file tells a PDF's headings from its layout, which is all a PDF has
// of its structure: a short paragraph set larger than the body text, wholly
// in bold, or standing alone with a heading number ("1.", "II.", "A.") is
// written as a markdown heading ("## Background"), as HTML and markdown
// headings are, so that the segmenter and the extractive engine see the
// report's own sections.

// Heading limits: a heading is a short paragraph.
const (
	maxHeadingLines = 8 // a side heading in a narrow margin takes many
	maxHeadingWords = 20
	maxHeadingRunes = 160
	// largerText is how much larger than the body text a heading's type is;
	// marginText the same for a side heading, set in the margin left of
	// the text.
	largerText = 1.15
	marginText = 1.05
	// bodyText: type this much smaller than the body text is no heading's,
	// however bold (chart labels, running heads, notes).
	bodyText = 0.95
	// sameLevel: heading sizes within this ratio of each other are one level.
	sameLevel = 0.92
	// maxSizeLevels is how many levels sizes give; headings at the body
	// size (bold or numbered) come below them.
	maxSizeLevels = 5
)

// headingStyle is what a document's headings look like.
type headingStyle struct {
	body  float64   // the size most letters are set in
	sizes []float64 // sizes of the larger headings, one per level, largest first
}

// newHeadingStyle measures the body text size of a document's pages and
// the sizes its larger headings come in.
func newHeadingStyle(pages [][][]pdfLine) headingStyle {
	letters := map[float64]int{}
	for _, paras := range pages {
		for _, p := range paras {
			for _, l := range p {
				letters[roundSize(l.size)] += l.letters
			}
		}
	}
	var hs headingStyle
	for s, n := range letters {
		if n > letters[hs.body] || n == letters[hs.body] && s < hs.body {
			hs.body = s
		}
	}
	var large []float64
	for _, paras := range pages {
		left := textLeft(paras, hs.body)
		for _, p := range paras {
			if hs.larger(p, left) && headingForm(p) {
				large = append(large, roundSize(minSize(p)))
			}
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(large)))
	for _, s := range large {
		if n := len(hs.sizes); n == 0 || s < hs.sizes[n-1]*sameLevel {
			hs.sizes = append(hs.sizes, s)
		}
	}
	return hs
}

// roundSize rounds a font size to a quarter point, so that sizes that
// differ by rounding errors count as one.
func roundSize(s float64) float64 { return math.Round(s*4) / 4 }

func minSize(p []pdfLine) float64 {
	s := math.Inf(1)
	for _, l := range p {
		s = min(s, l.size)
	}
	return s
}

// textLeft is where the lines of body text start on a page (the most
// common start of lines in the body size): side headings stand left of it.
func textLeft(paras [][]pdfLine, body float64) float64 {
	starts := map[float64]int{}
	best := 0.0
	for _, p := range paras {
		for _, l := range p {
			if abs(l.size-body) > 0.05*body {
				continue
			}
			x := math.Round(l.along0)
			starts[x] += l.letters
			if starts[x] > starts[best] {
				best = x
			}
		}
	}
	return best
}

// larger reports a paragraph set larger than the body text: much larger,
// or a little larger in the margin left of the text.
func (hs headingStyle) larger(p []pdfLine, left float64) bool {
	s := minSize(p)
	if s >= hs.body*largerText {
		return true
	}
	if s < hs.body*marginText {
		return false
	}
	for _, l := range p {
		if l.along1 >= left {
			return false
		}
	}
	return true
}

// level returns the markdown heading level of paragraph p of a page whose
// body text starts at left, or 0 when it is not a heading.
func (hs headingStyle) level(p []pdfLine, left float64) int {
	if hs.body <= 0 || !headingForm(p) {
		return 0
	}
	if hs.larger(p, left) {
		s := roundSize(minSize(p))
		for i, h := range hs.sizes {
			if s >= h*sameLevel {
				return min(i, maxSizeLevels-1) + 1
			}
		}
	}
	if minSize(p) < hs.body*bodyText {
		return 0 // smaller than the text: chart labels, running heads
	}
	bold := true
	for _, l := range p {
		bold = bold && l.allBold()
	}
	if bold || len(p) == 1 && numberedHeadingRE().MatchString(p[0].text) && titleWords(p[0].text) {
		if strings.HasSuffix(headingText(p), ":") {
			return hs.below()
		}
		return hs.below() + 1
	}
	return 0
}

// below is the level of the headings set in the body size that end in a
// colon, one below the larger headings; those that do not come one level
// lower. A label ending in a colon introduces what follows: ED 19-01's
// "Required Actions:" holds "Action One: Audit DNS Records".
func (hs headingStyle) below() int { return min(len(hs.sizes), maxSizeLevels) + 1 }

// runInHeading splits a paragraph that opens with a bold run-in heading
// ("Background: In coordination with …", "Manage Administrative
// Credentials – Although …") into the heading and the line that goes on,
// when the run is a few words ending in a colon or period, or followed by
// a dash.
func (hs headingStyle) runInHeading(p []pdfLine) (string, pdfLine, bool) {
	l := p[0]
	if l.lead == "" || l.size < hs.body*bodyText {
		return "", l, false
	}
	rest, ok := strings.CutPrefix(l.text, l.lead)
	rest = strings.TrimSpace(rest)
	words := strings.Fields(l.lead)
	last, _ := utf8.DecodeLastRuneInString(l.lead)
	dash := strings.HasPrefix(rest, "– ") || strings.HasPrefix(rest, "— ")
	if dash {
		rest = strings.TrimSpace(rest[len("–"):])
	}
	if !ok || rest == "" || len(words) > 6 || !strings.ContainsRune(":.", last) && !dash ||
		!startsUpper(l.lead) || !headingForm([]pdfLine{{text: strings.TrimRight(l.lead, ":.")}}) {
		return "", l, false
	}
	l.text = rest
	return strings.TrimRight(l.lead, ":. "), l, true
}

// numberedHeadingRE: "1. Introduction", "2.3 Scope", "II. Background",
// "A. Required Actions".
var numberedHeadingRE = lazyre.New(`^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.|[A-Z]\.)\s+\p{Lu}`)

// captionLineRE marks captions and notes, which are short and often bold
// but head no section.
var captionLineRE = lazyre.New(`^(?i:figure|fig\.|table|chart|exhibit|source|sources|note|notes)\b`)

// headingForm reports a paragraph shaped like a heading, whatever its
// type: at most three lines and twenty words, starting with a capital or
// a number, not closing a sentence or clause, and no bullet, caption,
// page number, address or OCR debris.
func headingForm(p []pdfLine) bool {
	if len(p) == 0 || len(p) > maxHeadingLines {
		return false
	}
	t := headingText(p)
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > maxHeadingWords || utf8.RuneCountInString(t) > maxHeadingRunes {
		return false
	}
	first := strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	if first != 0 {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(t); unicode.IsLower(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".,;-–", last) {
		return false
	}
	letters := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	switch {
	case letters < 3, bulletRE().MatchString(t) && !enumStartRE().MatchString(t), captionLineRE().MatchString(t), isPageNumberLine(t),
		strings.Contains(t, "http") || strings.Contains(t, "www.") || strings.Contains(t, "@") || strings.Contains(t, "...."),
		terms.IsDebris(t):
		return false
	case last == ':' && len(words) == 1:
		return false // a form label ("SUBJECT:")
	case tocEntryRE().MatchString(t), frontListRE().MatchString(t):
		return false
	}
	return true
}

// tocEntryRE: a table of contents entry ending in its page number
// ("Appendix I Scope and Methodology 43").
var tocEntryRE = lazyre.New(`\pL\s+\d{1,3}$`)

// frontListRE: the heading of a front-matter list (contents, figures,
// abbreviations). Set in the cover's large type, it would rank above the
// report's own sections and hold the whole report under it.
var frontListRE = lazyre.New(`^(?i:(table of )?contents|figures|tables|abbreviations|acronyms)$`)

// titleWords reports text whose longer words are mostly capitalised, as
// a heading's are ("II. Scope of the Review"), unlike a numbered list
// item's sentence.
func titleWords(t string) bool {
	long, caps := 0, 0
	for _, w := range strings.Fields(t) {
		r, n := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) || utf8.RuneCountInString(w) < 4 || n == 0 {
			continue
		}
		long++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return long > 0 && caps*3 >= long*2
}

// headingText joins the lines of a heading paragraph into one line,
// rejoining a word hyphenated at a line end.
func headingText(p []pdfLine) string {
	var sb strings.Builder
	for i, l := range p {
		if i > 0 && !terms.HyphenBreak(sb.String(), l.text) {
			sb.WriteByte(' ')
		} else if i > 0 {
			s := strings.TrimRight(sb.String(), "-\u2010\u00AD")
			sb.Reset()
			sb.WriteString(s)
		}
		sb.WriteString(l.text)
	}
	return strings.Join(strings.Fields(sb.String()), " ")
}
