package docread

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/lazyre"
	"github.com/brief-cli/brief/internal/terms"
)

// Layout thresholds, in multiples of the font size.
const (
	wordGap      = 0.15 // horizontal gap that separates words (spaces are 0.25 em, tracking under 0.15)
	sameBaseline = 0.5  // baseline difference still on the same line
	backStep     = 1.0  // backwards move that starts a new line
)

// pdfLine is one visual line of text.
type pdfLine struct {
	text           string
	dir            int
	along0, along1 float64
	across         float64
	size           float64
	letters, bold  int    // letters in the line, and how many of them are set in bold
	lead           string // the bold run opening a line that goes on in regular type
}

// allBold reports a line set wholly in bold.
func (l pdfLine) allBold() bool { return l.letters > 0 && l.bold == l.letters }

// count adds the letters of c to the line's tallies.
func (l *pdfLine) count(c textChunk) {
	n := 0
	for _, r := range c.text {
		if unicode.IsLetter(r) {
			n++
		}
	}
	l.letters += n
	if c.bold {
		l.bold += n
	}
}

// buildLines joins chunks, in content-stream order, into lines, adding
// spaces where glyphs are visibly apart. Stream order is kept because
// producers write text in reading order far more often than a geometric
// sort would recover it (columns, sidebars).
func buildLines(chunks []textChunk) []pdfLine {
	var lines []pdfLine
	var sb strings.Builder
	var cur *pdfLine
	var last textChunk
	leadEnd, leadOpen := 0, false // end of the opening bold run in sb, and whether it goes on
	finish := func() {
		if cur != nil {
			clean := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, string(hyphenMark), "")) }
			cur.text = clean(sb.String())
			if !leadOpen && leadEnd > 0 {
				cur.lead = clean(sb.String()[:leadEnd])
			}
			if cur.text != "" {
				lines = append(lines, *cur)
			}
		}
		sb.Reset()
		cur = nil
	}
	add := func(c textChunk) {
		sb.WriteString(c.text)
		n := cur.letters
		cur.count(c)
		switch {
		case !leadOpen:
		case c.bold || cur.letters == n:
			leadEnd = sb.Len()
		default:
			leadOpen = false
		}
	}
	for _, c := range chunks {
		size := max(c.size, 1)
		if cur != nil && c.dir == cur.dir &&
			abs(c.across-cur.across) <= sameBaseline*max(size, cur.size) &&
			c.along0 >= cur.along1-backStep*size {
			// Fake bold: the same text drawn again a hair to the side.
			if c.text == last.text && abs(c.along0-last.along0) < 0.2*size && abs(c.across-last.across) < 0.2*size {
				continue
			}
			if c.along0-cur.along1 > wordGap*size && !endsSpace(sb.String()) && !startsSpace(c.text) {
				sb.WriteByte(' ')
			}
			add(c)
			cur.along1 = max(cur.along1, c.along1)
			if c.size > cur.size && strings.TrimSpace(c.text) != "" {
				// The line takes the size and baseline of its largest text,
				// so a leading superscript (footnote mark) does not skew them.
				cur.size, cur.across = c.size, c.across
			}
			last = c
			continue
		}
		finish()
		cur = &pdfLine{dir: c.dir, along0: c.along0, along1: c.along1, across: c.across, size: c.size}
		leadEnd, leadOpen = 0, c.bold
		add(c)
		last = c
	}
	finish()
	return lines
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func endsSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return s == "" || unicode.IsSpace(r)
}

func startsSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// marginLines returns the indexes of a page's lines that may be running
// headers or footers: the two top-most and two bottom-most lines of the
// page's main direction, and every line in another direction (margin
// notes printed sideways).
func marginLines(lines []pdfLine) []int {
	if len(lines) == 0 {
		return nil
	}
	dirs := map[int]int{}
	for _, l := range lines {
		dirs[l.dir] += len(l.text)
	}
	main := 0
	for d, n := range dirs {
		if n > dirs[main] {
			main = d
		}
	}
	var idx, out []int
	for i, l := range lines {
		if l.dir == main {
			idx = append(idx, i)
		} else {
			out = append(out, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return lines[idx[a]].across > lines[idx[b]].across })
	if len(idx) <= 4 {
		return append(out, idx...)
	}
	return append(append(out, idx[:2]...), idx[len(idx)-2:]...)
}

// dropFurniture removes running headers, footers and page numbers: margin
// lines whose normalized text recurs on at least 40% of the pages (and on
// three or more), and margin lines that are just a page number.
func dropFurniture(pages [][]pdfLine) {
	count := map[string]int{}
	margins := make([][]int, len(pages))
	for p, lines := range pages {
		margins[p] = marginLines(lines)
		seen := map[string]bool{}
		for _, i := range margins[p] {
			k := furnitureKey(lines[i].text)
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	need := max(3, (len(pages)*2+4)/5)
	for p, lines := range pages {
		drop := map[int]bool{}
		for _, i := range margins[p] {
			k := furnitureKey(lines[i].text)
			if (len(pages) >= 3 && count[k] >= need) || isPageNumberLine(lines[i].text) {
				drop[i] = true
			}
		}
		if len(drop) == 0 {
			continue
		}
		kept := lines[:0]
		for i, l := range lines {
			if !drop[i] {
				kept = append(kept, l)
			}
		}
		pages[p] = kept
	}
}

var bulletRE = lazyre.New(`^(?:[•●○◦▪■□►‣⁃∙·\x{F0B7}\x{F0A7}\x{F076}\x{F0D8}]|[-–—*]\s|\(?[0-9]{1,2}[.)]\s|\(?[a-z][.)]\s)`)

// pageParagraphs groups a page's lines into paragraphs. A paragraph ends
// where the line spacing opens up, the font size or weight changes, the
// text jumps up or sideways (a new column or box), a bullet starts, or a
// short line ends a sentence.
func pageParagraphs(lines []pdfLine) [][]pdfLine {
	pitch := typicalPitch(lines)
	var paras [][]pdfLine
	paraRight := 0.0
	for i, l := range lines {
		if strings.HasPrefix(l.text, "\uF0B7") || strings.HasPrefix(l.text, "\uF0A7") {
			l.text = "•" + strings.TrimPrefix(strings.TrimPrefix(l.text, "\uF0B7"), "\uF0A7")
		}
		if i == 0 || paragraphBreak(lines[i-1], l, pitch, max(paraRight, l.along1)) {
			paras = append(paras, nil)
			paraRight = 0
		}
		paras[len(paras)-1] = append(paras[len(paras)-1], l)
		paraRight = max(paraRight, l.along1)
	}
	return paras
}

// pageText writes a page's paragraphs separated by blank lines, headings
// (see headingStyle) as markdown headings on one line. Words hyphenated
// across lines are marked for resolveHyphens.
func pageText(paras [][]pdfLine, hs headingStyle) string {
	levels := make([]int, len(paras))
	left := textLeft(paras, hs.body)
	for i, p := range paras {
		levels[i] = hs.level(p, left)
	}
	paras, levels = placeSideHeadings(paras, levels)
	var sb strings.Builder
	heading := func(level int, text string) {
		sb.WriteString(strings.Repeat("#", level) + " " + strings.TrimRight(text, ": "))
	}
	for i, p := range paras {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		if levels[i] > 0 {
			heading(levels[i], headingText(p))
			continue
		}
		if lead, rest, ok := hs.runInHeading(p); ok {
			heading(hs.below(), lead)
			sb.WriteString("\n\n")
			p = append([]pdfLine{rest}, p[1:]...)
		}
		start := sb.Len()
		for j, l := range p {
			switch {
			case j == 0:
			case terms.HyphenBreak(sb.String()[start:], l.text):
				// Marked for resolveHyphens, which needs the whole document.
				s := sb.String()
				sb.Reset()
				sb.WriteString(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "-"), "\u2010"), "\u00AD"))
				sb.WriteRune(hyphenMark)
			default:
				sb.WriteString("\n")
			}
			sb.WriteString(l.text)
		}
	}
	return sb.String()
}

// placeSideHeadings moves each side heading (set in the margin, left of
// the text it heads) before the paragraph it stands beside: producers
// often draw the margin after the text column, which would put the
// heading after the text it heads, even in the middle of a sentence
// running on to the next page.
func placeSideHeadings(paras [][]pdfLine, levels []int) ([][]pdfLine, []int) {
	for i := range paras {
		if levels[i] == 0 {
			continue
		}
		h := paras[i][0]
		right := 0.0
		for _, l := range paras[i] {
			right = max(right, l.along1)
		}
		j := i
		for k := i - 1; k >= 0; k-- {
			q := paras[k][0]
			if levels[k] > 0 || q.dir != h.dir || q.along0 <= right || q.across > h.across+0.8*h.size {
				break
			}
			j = k
		}
		if j < i {
			p, lv := paras[i], levels[i]
			copy(paras[j+1:i+1], paras[j:i])
			copy(levels[j+1:i+1], levels[j:i])
			paras[j], levels[j] = p, lv
		}
	}
	return paras, levels
}

func paragraphBreak(prev, l pdfLine, pitch, right float64) bool {
	size := max(prev.size, 1)
	dy := prev.across - l.across
	switch {
	case l.dir != prev.dir:
		return true
	case abs(dy) <= sameBaseline*size:
		return false // the same visual line, drawn in pieces
	case dy < 0:
		return true // moved up: next column or box
	case dy > 1.3*pitch*size || dy > 3*size:
		return true
	case abs(l.size-prev.size) > 0.15*max(l.size, prev.size):
		return true
	case prev.allBold() && l.bold == 0 || l.allBold() && prev.bold == 0:
		return true // a bold heading above text, or text above one
	case bulletRE().MatchString(l.text) && !continuesEnumeration(prev.text, l.text):
		return true
	case prev.along1 < right-4*size && endsSentence(prev.text):
		return true
	}
	return false
}

// continuesEnumeration reports an enumerator inside a sentence wrapped
// over lines ("GAO (1) examined when oil production could peak," / "(2)
// assessed …, and" / "(3) examined …"): the line before it ends in a comma
// or a conjunction, so the enumerator opens no list item.
func continuesEnumeration(prev, next string) bool {
	if !enumStartRE().MatchString(next) {
		return false
	}
	return strings.HasSuffix(prev, ",") || strings.HasSuffix(prev, " and") || strings.HasSuffix(prev, " or")
}

var enumStartRE = lazyre.New(`^\(?(?:[0-9]{1,2}|[a-z])[.)]\s`)

// typicalPitch is the median baseline distance between consecutive lines,
// in multiples of the font size (1.2 when there are too few lines).
func typicalPitch(lines []pdfLine) float64 {
	var r []float64
	for i := 1; i < len(lines); i++ {
		a, b := lines[i-1], lines[i]
		if a.dir != b.dir || a.size <= 0 || abs(a.size-b.size) > 0.15*a.size {
			continue
		}
		if q := (a.across - b.across) / a.size; q > 0.8 && q < 2.5 {
			r = append(r, q)
		}
	}
	if len(r) < 3 {
		return 1.2
	}
	sort.Float64s(r)
	return r[len(r)/2]
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, "\"'”’)]*")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?:;", r)
}

// hyphenMark stands for a line-end hyphen until resolveHyphens decides
// whether it splits a word or belongs to a compound. It is a
// private-use code point; buildLines removes any from the PDF's own text.
const hyphenMark = '\uE000'

// hyphenJoinRE takes the whole compound before the mark ("gas-to" in
// "gas-to-" / "liquid"), so that a hyphen inside a compound is kept.
var hyphenJoinRE = lazyre.New(`([\pL-]+)\x{E000}(\pL+)`)

// compoundPrefixes keep their hyphen at a line end unless the document
// spells the joined word elsewhere.
var compoundPrefixes = map[string]bool{
	"self": true, "non": true, "well": true, "cross": true, "long": true, "short": true,
	"high": true, "low": true, "full": true, "part": true, "half": true, "co": true,
	"ex": true, "all": true, "mid": true, "post": true, "pre": true, "multi": true,
	"government": true, "agency": true, "state": true, "federal": true,
}

// resolveHyphens joins words hyphenated at line ends. The document itself
// is the dictionary: a joined spelling found elsewhere wins, then a
// hyphenated one, then the hyphen is dropped unless the first part is a
// usual compound prefix such as "self" or "non".
func resolveHyphens(text string) string {
	if !strings.ContainsRune(text, hyphenMark) {
		return text
	}
	// vocab counts the document's words; the broken halves count once
	// each from the break itself.
	vocab := map[string]int{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || r == '-')
	}) {
		vocab[strings.ToLower(w)]++
	}
	text = hyphenJoinRE().ReplaceAllStringFunc(text, func(m string) string {
		a, b, _ := strings.Cut(m, string(hyphenMark))
		la, lb := strings.ToLower(a), strings.ToLower(b)
		if i := strings.LastIndexByte(la, '-'); i >= 0 {
			// Within a hyphenated compound the line-end hyphen is one of
			// its hyphens: "gas-to-liquid", never "gas-toliquid".
			if vocab[la[i+1:]+lb] > 0 {
				return a + b
			}
			return a + "-" + b
		}
		switch {
		case vocab[la+lb] > 0:
			return a + b
		case vocab[la+"-"+lb] > 0:
			return a + "-" + b
		case compoundPrefixes[la]:
			return a + "-" + b
		case len(la) >= 3 && len(lb) >= 4 && vocab[la] > 1 && vocab[lb] > 1:
			return a + "-" + b // two words of the document: "oil-displacing"
		case len(la) > 4 && strings.HasSuffix(la, "ly") && !strings.HasPrefix(lb, "ing") && !strings.HasPrefix(lb, "er"):
			return a + "-" + b // "statutorily-defined": hyphenation never splits after -ly
		}
		return a + b
	})
	return strings.ReplaceAll(text, string(hyphenMark), "")
}
