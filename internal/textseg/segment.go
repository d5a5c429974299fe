package textseg

import (
	"github.com/brief-cli/brief/internal/terms"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Segment splits report text into numbered paragraphs and sentences.
//
// The input is expected to be UTF-8 with "\n" line ends and no byte-order
// mark (invalid UTF-8 is replaced with U+FFFD). A form feed marks a page
// break: when the text contains any, Paragraph.Page is 1 plus the number of
// form feeds before the paragraph, else it is 0.
//
// Paragraphs are blank-line separated blocks, with these layouts recognised:
//   - hard-wrapped lines are joined into one paragraph (a line ends a
//     paragraph when it ends a sentence and the next word would have fitted
//     on it, or when it is clearly short);
//   - hanging indentation (first line less indented than the rest) and
//     first-line indentation start a paragraph at each such line;
//   - paragraphs broken by a page break are joined again when the text
//     continues in lowercase on the next page;
//   - markdown: "#" headings (markers removed), setext underlines, list items,
//     table rows (one paragraph each), fenced code (one paragraph per fence);
//     front matter and HTML comments are internal/docread's to drop, before
//     the text gets here;
//   - page furniture (running headers and footers, page numbers) is
//     internal/docread's to drop; form feeds still give paragraphs their
//     page and join a paragraph across a page break;
//   - each list item (bullet or enumerated) is its own paragraph; bullets
//     ("-", "*", "•", …) are removed, and so are enumerators ("1.", "a.",
//     "(3)"), which are layout, not prose: an item's own goes to
//     Paragraph.Marker (the grounding check still counts it: "four actions"
//     rests on "4."), one of an item run into a paragraph ("… activity. 4.
//     For Category 2 networks, …") is dropped. Numbered headings ("1.
//     Introduction") and items that enumerate inline ("(1) …, (2) …") keep
//     theirs.
//
// Headings (markdown headings, setext headings, and short Title Case or ALL
// CAPS lines or numbered headings such as "1. Introduction" or "Chapter 3"
// that are followed by more text) become one-sentence paragraphs with
// Heading set.
func Segment(text string) Document {
	var s segmenter
	return s.run(text)
}

// segmenter carries the optional drop hook, which tests use to account for
// every rune the segmenter removes.
type segmenter struct {
	drop func(string)
}

type lineKind uint8

const (
	kText    lineKind = iota
	kBullet           // list item; the bullet was removed
	kEnum             // list item starting with its enumerator or a dash
	kHeading          // markdown or setext heading; markers removed
	kTable            // table row
	kTOC              // table-of-contents entry with dot leaders
	kCode             // line inside a fenced code block
)

type line struct {
	text    string // content without surrounding whitespace
	indent  int    // leading columns (tab = 4)
	n       int    // runes in text
	page    int    // 1-based page when the input has form feeds, else 0
	kind    lineKind
	removed bool // dropped as boilerplate or merged into the next line
	bullet  bool // the previous line was a lone bullet: this is a list item
	level   int  // markdown heading level (1-6), else 0
}

func (l *line) blank() bool { return l.text == "" }

func (s *segmenter) dropped(t string) {
	if s.drop != nil && t != "" {
		s.drop(t)
	}
}

func (s *segmenter) remove(l *line) {
	s.dropped(l.text)
	l.removed = true
}

func (s *segmenter) run(text string) Document {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	hasFF := strings.IndexByte(text, '\f') >= 0
	lines := splitLines(text, hasFF)
	s.classify(lines)
	return s.build(assemble(lines))
}

// splitLines splits text at "\n", "\r" and form feeds. A form feed starts a
// new page and ends the current line but does not add a blank line.
func splitLines(text string, hasFF bool) []line {
	n := strings.Count(text, "\n") + 1
	lines := make([]line, 0, n)
	page := 0
	if hasFF {
		page = 1
	}
	start := 0
	linePage := page
	emit := func(end int) {
		lines = append(lines, makeLine(text[start:end], linePage))
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			emit(i)
			start = i + 1
			linePage = page
		case '\r':
			emit(i)
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			start = i + 1
			linePage = page
		case '\f':
			if strings.TrimSpace(text[start:i]) != "" {
				emit(i)
			}
			page++
			start = i + 1
			linePage = page
		}
	}
	if start < len(text) {
		emit(len(text))
	}
	return lines
}

func makeLine(raw string, page int) line {
	indent := 0
	i := 0
	for i < len(raw) {
		c := raw[i]
		if c == ' ' {
			indent++
			i++
			continue
		}
		if c == '\t' {
			indent += 4 - indent%4
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if c == '\v' || c == '\f' {
				i++
				continue
			}
			break
		}
		r, w := utf8.DecodeRuneInString(raw[i:])
		if !unicode.IsSpace(r) {
			break
		}
		indent++
		i += w
	}
	t := strings.TrimRightFunc(raw[i:], unicode.IsSpace)
	return line{text: t, indent: indent, n: utf8.RuneCountInString(t), page: page}
}

// classify sets line kinds and strips markdown markers.
func (s *segmenter) classify(lines []line) {
	inFence := false
	var fence string
	for i := range lines {
		l := &lines[i]
		if l.removed || l.blank() {
			continue
		}
		t := l.text
		if isFence(t) && (!inFence || strings.HasPrefix(t, fence)) {
			if !inFence {
				fence = t[:3]
			}
			inFence = !inFence
			s.remove(l)
			continue
		}
		if inFence {
			l.kind = kCode
			continue
		}
		for len(l.text) > 0 && l.text[0] == '>' && l.indent <= 3 {
			// Blockquote marker: keep the quoted text.
			s.dropped(">")
			l.text = strings.TrimLeftFunc(l.text[1:], unicode.IsSpace)
			l.n = utf8.RuneCountInString(l.text)
		}
		t = l.text
		if t == "" {
			continue
		}
		if h, ok := s.mdHeading(t, l.indent); ok {
			l.text, l.kind = h, kHeading
			l.level = min(6, len(t)-len(strings.TrimLeft(t, "#")))
			l.n = utf8.RuneCountInString(h)
			if h == "" {
				l.removed = true
			}
			continue
		}
		if t[0] == '|' {
			if isTableRule(t) {
				s.remove(l)
			} else {
				l.kind = kTable
			}
			continue
		}
		if c, spaced, ok := ruleLine(t); ok {
			if !spaced && (c == '=' || c == '-') && i > 0 && isSetextTarget(lines, i) {
				p := &lines[i-1]
				p.kind = kHeading
				p.level = 2
				if c == '=' {
					p.level = 1
				}
				p.text = s.stripEmphasis(p.text)
				p.n = utf8.RuneCountInString(p.text)
			}
			s.remove(l)
			continue
		}
		if isBulletOnly(t) {
			s.remove(l)
			if i+1 < len(lines) && !lines[i+1].blank() && !lines[i+1].removed {
				lines[i+1].bullet = true
			}
			continue
		}
		if n, ok := bulletPrefix(t); ok {
			s.dropped(t[:n])
			l.text = t[n:]
			l.n = utf8.RuneCountInString(l.text)
			l.kind = kBullet
			continue
		}
		if isTOCLine(t) {
			l.kind = kTOC
			continue
		}
		if isColumnar(t) {
			l.kind = kTable // columns separated by wide gaps: keep the line whole
			continue
		}
		if isEnumOnly(t) && i+1 < len(lines) && !lines[i+1].blank() && !lines[i+1].removed {
			// "(1)" alone on a line, item text on the next (PDF layout).
			nx := &lines[i+1]
			nx.text = t + " " + nx.text
			nx.n += l.n + 1
			l.removed = true
			continue
		}
		if _, ok := enumPrefix(t); ok {
			l.kind = kEnum
			continue
		}
		if l.bullet {
			l.kind = kBullet
		}
	}
}

func isFence(t string) bool {
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// isSetextTarget reports whether lines[i-1] is a lone text line that an
// underline at lines[i] turns into a heading.
func isSetextTarget(lines []line, i int) bool {
	p := &lines[i-1]
	if p.removed || p.blank() || p.kind != kText {
		return false
	}
	return i < 2 || lines[i-2].blank() || lines[i-2].removed
}

// mdHeading recognises an ATX heading ("## Title ##") and returns its text.
func (s *segmenter) mdHeading(t string, indent int) (string, bool) {
	if indent > 3 || t[0] != '#' {
		return "", false
	}
	h := 0
	for h < len(t) && t[h] == '#' {
		h++
	}
	if h > 6 || (h < len(t) && t[h] != ' ' && t[h] != '\t') {
		return "", false
	}
	s.dropped(t[:h])
	rest := strings.TrimSpace(t[h:])
	// Optional closing sequence: "## Title ##".
	if k := strings.TrimRight(rest, "#"); len(k) < len(rest) && (k == "" || k[len(k)-1] == ' ') {
		s.dropped(rest[len(k):])
		rest = strings.TrimSpace(k)
	}
	return s.stripEmphasis(rest), true
}

// stripEmphasis removes emphasis wrapping a whole heading: "**Title**".
func (s *segmenter) stripEmphasis(t string) string {
	for _, m := range []string{"**", "__", "*", "_"} {
		if len(t) > 2*len(m) && strings.HasPrefix(t, m) && strings.HasSuffix(t, m) &&
			!strings.Contains(t[len(m):len(t)-len(m)], m) {
			s.dropped(m + m)
			return strings.TrimSpace(t[len(m) : len(t)-len(m)])
		}
	}
	return t
}

func isTableRule(t string) bool {
	dash := false
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '-':
			dash = true
		case '|', ':', ' ', '\t', '+', '=':
		default:
			return false
		}
	}
	return dash
}

// ruleLine matches a thematic break or setext underline: three or more of
// the same character among - * _ = ~, optionally separated by spaces.
func ruleLine(t string) (c byte, spaced, ok bool) {
	if len(t) < 3 {
		return 0, false, false
	}
	c = t[0]
	switch c {
	case '-', '*', '_', '=', '~':
	default:
		return 0, false, false
	}
	count := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case c:
			count++
		case ' ', '\t':
			spaced = true
		default:
			return 0, false, false
		}
	}
	return c, spaced, count >= 3
}

// bullets lists the runes that mark list items and are removed.
func isBulletRune(r rune) bool {
	switch r {
	case '-', '*', '+', '•', '◦', '▪', '▫', '●', '○', '■', '□', '‣', '⁃', '∙', '·', '➢', '►', '\uf0b7', '\uf0a7':
		return true
	}
	return false
}

// bulletPrefix returns the length of a bullet and the spaces after it.
// A lowercase "o" is a bullet (RFC style) when two spaces or a capital
// follow it.
func bulletPrefix(t string) (int, bool) {
	r, w := utf8.DecodeRuneInString(t)
	if (!isBulletRune(r) && r != 'o') || w >= len(t) {
		return 0, false
	}
	k := w
	for k < len(t) && (t[k] == ' ' || t[k] == '\t') {
		k++
	}
	if k == w || k == len(t) {
		return 0, false
	}
	if r == 'o' && k-w < 2 && !startsUpper(t[k:]) {
		return 0, false
	}
	return k, true
}

// isColumnar reports a line with a wide internal gap (five or more
// spaces): a header with columns, a table or a diagram row.
func isColumnar(t string) bool {
	return strings.Contains(t, "     ")
}

// isBulletOnly matches a line made only of bullets ("•", "• • •").
func isBulletOnly(t string) bool {
	seen := false
	for _, r := range t {
		if r == ' ' || r == '\t' {
			continue
		}
		if !isBulletRune(r) || r == '-' || r == '_' {
			return false
		}
		seen = true
	}
	return seen
}

// enumPrefix matches a list enumerator followed by a space or tab: "1.",
// "1)", "(1)", "a.", "(iv)", "2.5.", or a dash item ("– text"). It returns
// the enumerator's length.
func enumPrefix(t string) (int, bool) {
	n, ok := enumToken(t)
	if !ok || n >= len(t) || t[n] != ' ' && t[n] != '\t' {
		return 0, false
	}
	return n, true
}

// isEnumOnly reports a line holding only an enumerator ("(1)", "2.") or a
// bare footnote number ("330"), whose text follows on the next line.
func isEnumOnly(t string) bool {
	if isAllDigits(t) && len(t) <= 4 {
		return true
	}
	n, ok := enumToken(t)
	return ok && n == len(t) && t != "–" && t != "—"
}

func enumToken(t string) (int, bool) {
	if t == "" {
		return 0, false
	}
	if strings.HasPrefix(t, "–") || strings.HasPrefix(t, "—") {
		return len("–"), true
	}
	if t[0] == '(' {
		k := 1
		for k < len(t) && k <= 5 && t[k] != ')' {
			k++
		}
		if k >= len(t) || t[k] != ')' || k == 1 {
			return 0, false
		}
		inner := t[1:k]
		if isAllDigits(inner) && len(inner) <= 3 || isRoman(inner) || isSingleLetter(inner) {
			return k + 1, true
		}
		return 0, false
	}
	// Digits with optional dotted parts: "1.", "2.5.", "3)".
	k, run := 0, 0
	for k < len(t) && (isDigit(t[k]) || t[k] == '.' && k > 0 && isDigit(t[k-1])) {
		if t[k] == '.' {
			run = 0
		} else if run++; run > 3 {
			return 0, false
		}
		k++
	}
	if k > 0 && isDigit(t[0]) {
		if k <= 12 && t[k-1] == '.' {
			return k, true
		}
		if k < len(t) && t[k] == ')' && !strings.Contains(t[:k], ".") && k <= 3 {
			return k + 1, true
		}
		return 0, false
	}
	// Letter or roman numeral: "a.", "b)", "iv.", "IV.".
	k = 0
	for k < len(t) && k < 8 && t[k] != '.' && t[k] != ')' && t[k] != ' ' {
		k++
	}
	if k < len(t) && (t[k] == '.' || t[k] == ')') {
		w := t[:k]
		if isSingleLetter(w) || isRoman(w) && len(w) > 1 {
			return k + 1, true
		}
	}
	return 0, false
}

func isAllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isSingleLetter(s string) bool {
	r, w := utf8.DecodeRuneInString(s)
	return w == len(s) && unicode.IsLetter(r)
}

// isTOCLine matches a table-of-contents entry: dot leaders then a page.
func isTOCLine(t string) bool {
	i := strings.Index(t, "....")
	if i < 0 {
		i = strings.Index(t, ". . . .")
		if i < 0 {
			return false
		}
	}
	e := strings.TrimRight(t, " ")
	k := len(e)
	for k > 0 && (isDigit(e[k-1]) || strings.IndexByte("ivxlcIVXLC", e[k-1]) >= 0) {
		k--
	}
	return k < len(e) && k > i
}

// para is a paragraph being assembled.
type para struct {
	b       []byte
	kind    lineKind
	page    int
	nlines  int
	last    *line
	heading bool
	level   int // markdown heading level, else 0
}

func (p *para) add(l *line) {
	if p.nlines > 0 {
		if !joinTight(p.b, l.text) {
			p.b = append(p.b, ' ')
		}
	} else {
		p.kind = l.kind
		p.level = l.level
		p.page = l.page
	}
	p.b = appendFolded(p.b, l.text)
	p.nlines++
	p.last = l
}

// joinTight reports whether two wrapped lines join with no space: a word
// hyphenated at the line end ("infor-" "mation", the hyphen kept), or CJK
// text.
func joinTight(b []byte, next string) bool {
	last, _ := utf8.DecodeLastRune(b)
	first, _ := utf8.DecodeRuneInString(next)
	if last == '-' || last == '\u2010' || last == '\u00ad' {
		return terms.HyphenBreak(string(b[max(0, len(b)-8):]), next)
	}
	return isWide(last) && isWide(first)
}

// isWide reports CJK characters, which are written without spaces.
func isWide(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF)
}

// appendFolded appends s with every run of whitespace folded to one space.
func appendFolded(b []byte, s string) []byte {
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
				space = true
				i++
				continue
			}
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, c)
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = true
			i += w
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, s[i:i+w]...)
		i += w
	}
	return b
}

type blockStyle uint8

const (
	styleFlat      blockStyle = iota
	styleHanging              // first line less indented than its continuations
	styleFirstLine            // first line more indented than its continuations
)

// longLine is a line length (runes) beyond any hard-wrap width: a break
// after such a line is the author's, not the wrapper's.
const longLine = 160

// assemble groups lines into paragraphs.
func assemble(lines []line) []*para {
	kept := make([]*line, 0, len(lines))
	gap := make([]bool, 0, len(lines)) // blank line(s) before kept[i]
	pendingGap := false
	for i := range lines {
		l := &lines[i]
		if l.removed {
			continue
		}
		if l.blank() {
			pendingGap = true
			continue
		}
		kept = append(kept, l)
		gap = append(gap, pendingGap)
		pendingGap = false
	}
	docW := wrapWidth(kept, gap)

	// The paragraphs' text goes into one buffer, each after the one
	// before (folding never lengthens a line, and a line adds at most a
	// space), rather than into buffers of their own that grow by doubling.
	size := 0
	for _, l := range kept {
		size += len(l.text) + 1
	}
	buf := make([]byte, 0, size)
	used := 0
	var out []*para
	var cur *para
	flush := func() {
		if cur != nil && len(cur.b) > 0 {
			out = append(out, cur)
			used += len(cur.b)
		}
		cur = nil
	}
	for bs := 0; bs < len(kept); {
		be := bs + 1
		for be < len(kept) && !gap[be] {
			be++
		}
		block := kept[bs:be]
		style, minIndent := blockLayout(block)
		w := docW
		if len(block) >= 5 {
			w = blockWidth(block, docW)
		}
		for j, l := range block {
			switch {
			case cur == nil:
			case j == 0:
				if !joinAcrossPage(cur, l) {
					flush()
				}
			case breakBetween(block[j-1], l, style, minIndent, w):
				flush()
			}
			if cur == nil {
				cur = &para{}
				if used <= cap(buf) { // always, while the size above holds
					cur.b = buf[used:used]
				}
			}
			cur.add(l)
		}
		bs = be
	}
	flush()
	return out
}

// joinAcrossPage reports whether a paragraph interrupted by a page break
// (and the blank lines around the dropped header and footer) continues.
func joinAcrossPage(cur *para, next *line) bool {
	prev := cur.last
	if prev == nil || prev.page == next.page || next.kind != kText {
		return false
	}
	if cur.kind != kText && cur.kind != kBullet && cur.kind != kEnum {
		return false
	}
	switch endClass(prev.text) {
	case endTerminal, endColon:
		return false
	}
	return startsLowerLetter(next.text)
}

// blockLayout classifies the indentation pattern of a block.
func blockLayout(block []*line) (blockStyle, int) {
	minIndent := block[0].indent
	for _, l := range block[1:] {
		minIndent = min(minIndent, l.indent)
	}
	if len(block) < 2 {
		return styleFlat, minIndent
	}
	atMin, deeper, minThenDeeper, deeperRun := 0, 0, 0, false
	for j, l := range block {
		if l.indent == minIndent {
			atMin++
			if j+1 < len(block) && block[j+1].indent > minIndent {
				minThenDeeper++
			}
		} else {
			deeper++
			if j > 0 && block[j-1].indent > minIndent {
				deeperRun = true
			}
		}
	}
	switch {
	case deeper == 0:
		return styleFlat, minIndent
	case block[0].indent == minIndent && deeper >= atMin && 2*minThenDeeper > atMin:
		return styleHanging, minIndent
	case block[0].indent > minIndent && deeper <= atMin && !deeperRun:
		return styleFirstLine, minIndent
	}
	return styleFlat, minIndent
}

// wrapWidth estimates the document's hard-wrap width (runes) from lines in
// multi-line blocks: the 90th percentile of their lengths.
func wrapWidth(kept []*line, gap []bool) int {
	var hist [longLine + 1]int
	total := 0
	for i, l := range kept {
		multi := (i > 0 && !gap[i]) || (i+1 < len(kept) && !gap[i+1])
		if !multi || l.kind != kText {
			continue
		}
		hist[min(l.n, longLine)]++
		total++
	}
	w := percentile(hist[:], total, 0.9)
	if total < minWidthSample {
		w = max(w, defaultWidth) // too few lines to measure
	}
	return w
}

const (
	defaultWidth   = 72 // assumed wrap width when a document has too few lines
	minWidthSample = 8
)

func blockWidth(block []*line, docW int) int {
	var hist [longLine + 1]int
	total := 0
	for _, l := range block {
		if l.kind == kText {
			hist[min(l.n, longLine)]++
			total++
		}
	}
	if total < 5 {
		return docW
	}
	return percentile(hist[:], total, 0.9)
}

func percentile(hist []int, total int, q float64) int {
	want := int(float64(total)*q + 0.5)
	acc := 0
	for n, c := range hist {
		acc += c
		if acc >= want && acc > 0 {
			return max(n, 1)
		}
	}
	return len(hist) - 1
}

// breakBetween decides whether next starts a new paragraph after prev
// within one block.
func breakBetween(prev, next *line, style blockStyle, minIndent, w int) bool {
	switch prev.kind {
	case kHeading, kTable, kTOC:
		return true
	}
	switch next.kind {
	case kHeading, kTable, kTOC, kBullet:
		return true
	case kCode:
		return prev.kind != kCode
	case kEnum:
		return enumBreak(prev, next, w)
	}
	if prev.kind == kCode {
		return true
	}
	switch style {
	case styleHanging:
		return next.indent <= minIndent
	case styleFirstLine:
		return next.indent > minIndent
	}
	return reflowBreak(prev, next, w)
}

type endKind uint8

const (
	endOther endKind = iota
	endTerminal
	endColon
	endSemicolon
	endHyphen
	endComma
)

// endClass classifies how a line ends, looking through closing quotes and
// brackets: `."` and `.)` count as terminal.
func endClass(t string) endKind {
	k := len(t)
	for k > 0 {
		r, w := utf8.DecodeLastRuneInString(t[:k])
		if !isCloser(r) {
			break
		}
		k -= w
	}
	r, _ := utf8.DecodeLastRuneInString(t[:k])
	switch {
	case isTerminal(r) || isCJKTerminal(r):
		return endTerminal
	case r == ':' || r == '：':
		return endColon
	case r == ';' || r == '；':
		return endSemicolon
	case r == ',' || r == '，' || r == '、':
		return endComma
	case r == '-' || r == '\u2010' || r == '\u00ad':
		if k == len(t) {
			return endHyphen
		}
	}
	return endOther
}

// firstWordRunes returns the length of the first word of t: the part that
// would have had to fit on the previous line. CJK wraps at any character.
func firstWordRunes(t string) int {
	n := 0
	for _, r := range t {
		if n == 0 && isWide(r) {
			return 1
		}
		if r == ' ' || r == '\t' {
			break
		}
		n++
	}
	return n
}

func startsLowerLetter(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLower(r)
}

// reflowBreak decides a paragraph break between two hard-wrapped lines:
// break when prev ends a sentence and the next word would have fitted on it
// (so the line break was not made by wrapping), or when prev is clearly
// short and the next line does not continue in lowercase.
func reflowBreak(prev, next *line, w int) bool {
	if startsLowerLetter(next.text) {
		return false
	}
	end := endClass(prev.text)
	if prev.n >= longLine {
		return end != endHyphen // not a wrapped line: the break is the author's
	}
	need := prev.n + 1 + firstWordRunes(next.text)
	switch end {
	case endTerminal, endColon, endSemicolon:
		return need <= w
	case endHyphen, endComma:
		return false
	}
	return need*5 <= w*3
}

func enumBreak(prev, next *line, w int) bool {
	if prev.kind == kHeading || prev.kind == kTable || prev.kind == kTOC || prev.kind == kCode {
		return true
	}
	need := prev.n + 1 + firstWordRunes(next.text)
	switch endClass(prev.text) {
	case endTerminal, endColon:
		return true
	case endSemicolon:
		return need <= w
	case endHyphen:
		return false
	}
	return need*5 <= w*3
}

// build numbers the paragraphs, detects headings and splits sentences.
func (s *segmenter) build(paras []*para) Document {
	doc := Document{Paragraphs: make([]Paragraph, len(paras))}
	// Each paragraph is built on its own, so a long document's second half
	// is built on another CPU. The drop hook of the tests wants them in
	// order.
	half := len(paras)
	if s.drop == nil && len(paras) >= minParallelParas {
		half = len(paras) / 2
	}
	var wg sync.WaitGroup
	if half < len(paras) {
		wg.Go(func() { s.buildParas(paras, doc.Paragraphs, half, len(paras)) })
	}
	s.buildParas(paras, doc.Paragraphs, 0, half)
	wg.Wait()
	return doc
}

// minParallelParas is the fewest paragraphs build splits between two
// goroutines.
const minParallelParas = 512

// buildParas sets out[from:to] to the paragraphs of paras[from:to].
func (s *segmenter) buildParas(paras []*para, out []Paragraph, from, to int) {
	for i := from; i < to; i++ {
		p := paras[i]
		text := string(p.b)
		heading := p.kind == kHeading
		if !heading && i+1 < len(paras) && p.nlines <= 2 {
			switch p.kind {
			case kText:
				heading = isHeadingText(text) && !terms.Addressee.MatchString(text)
			case kEnum:
				heading = isNumberedHeading(text)
			}
		}
		var sents []string
		var marker string
		if heading {
			sents = []string{text}
		} else {
			if p.kind == kEnum {
				marker, text = s.cutEnumerator(text)
			}
			sents = capSentences(splitSentences(make([]string, 0, 4), text))
			cut := s.dropGluedEnumerators(sents)
			if len(sents) > 1 || cut {
				text = strings.Join(sents, " ")
			}
		}
		out[i] = Paragraph{
			Number:    i + 1,
			Page:      p.page,
			Heading:   heading,
			Level:     p.level,
			Marker:    marker,
			Text:      text,
			Sentences: sents,
		}
	}
}

// cutEnumerator splits a list item's enumerator ("2.", "a.", "(iv)") off
// its text. A dash item loses its dash and gets no marker. The enumerator
// stays when nothing follows it, and where it enumerates inside a
// sentence: when the item goes on in lowercase ("(1) establishing secure
// communication, and", a sentence the layout broke) or enumerates inline
// ("(1) …, (2) …").
func (s *segmenter) cutEnumerator(text string) (marker, rest string) {
	n, ok := enumPrefix(text)
	if !ok || n >= len(text)-1 || text[0] == '(' && inlineEnumRE.MatchString(text[n:]) || startsLowerLetter(text[n+1:]) {
		return "", text
	}
	s.dropped(text[:n+1])
	if strings.HasPrefix(text, "–") || strings.HasPrefix(text, "—") {
		return "", text[n+1:]
	}
	return text[:n], text[n+1:]
}

// inlineEnumRE finds an inline enumerator: "(2)", "(b)", "(iv)".
var inlineEnumRE = regexp.MustCompile(`\(\w{1,3}\)`)

// dropGluedEnumerators removes the enumerator opening a sentence after the
// first of a paragraph ("… activity. 4. For Category 2 networks, …"), a
// list item run into the paragraph by the layout, and reports whether it
// removed any. A number that could be a year or an amount ("2019.") is no
// enumerator, nor is one followed by lowercase.
func (s *segmenter) dropGluedEnumerators(sents []string) bool {
	cut := false
	for k := 1; k < len(sents); k++ {
		t := sents[k]
		n, ok := enumPrefix(t)
		if !ok || n >= len(t)-1 || t[0] == '(' || n > 4 || !startsUpper(t[n+1:]) {
			continue
		}
		if isDigit(t[0]) && n > 3 {
			continue // "2019." or "10.5." is a figure, not a list number
		}
		s.dropped(t[:n+1])
		sents[k] = t[n+1:]
		cut = true
	}
	return cut
}

// maxHeadingRunes bounds heading length; longer lines are text.
const maxHeadingRunes = 100

// isHeadingText reports a short line without terminal punctuation in Title
// Case or ALL CAPS, or a numbered heading ("Chapter 3", "第一章 总则").
func isHeadingText(t string) bool {
	if utf8.RuneCountInString(t) > maxHeadingRunes || !endsOpen(t) {
		return false
	}
	if isChapterHeading(t) {
		return true
	}
	return isTitleCase(t) && !isDateLine(t)
}

var monthNames = set("January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.",
	"Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.")

// isDateLine reports a dateline such as "December 13, 2020" or
// "October 2001": Title Case, but not a heading.
func isDateLine(t string) bool {
	month := false
	for _, f := range strings.Fields(t) {
		f = strings.TrimSuffix(f, ",")
		switch {
		case monthNames[f]:
			month = true
		case isAllDigits(f) || isAllDigits(strings.TrimRight(f, "stndrh")):
		default:
			return false
		}
	}
	return month
}

// isNumberedHeading matches "1. Introduction", "2.5. Explanatory Notes",
// "IV. FINDINGS", "(a) Scope".
func isNumberedHeading(t string) bool {
	if utf8.RuneCountInString(t) > maxHeadingRunes || !endsOpen(t) {
		return false
	}
	n, ok := enumPrefix(t)
	if !ok || strings.HasPrefix(t, "–") || strings.HasPrefix(t, "—") {
		return false
	}
	return isTitleCase(strings.TrimSpace(t[n:]))
}

// endsOpen reports a line that does not end in sentence or clause
// punctuation (looking through closing quotes and brackets).
func endsOpen(t string) bool {
	k := len(t)
	for k > 0 {
		r, w := utf8.DecodeLastRuneInString(t[:k])
		if !isCloser(r) {
			break
		}
		k -= w
	}
	if k == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t[:k])
	if isTerminal(r) || isCJKTerminal(r) {
		return false
	}
	switch r {
	case ',', ';', ':', '-', '，', '；', '：', '、':
		return false
	}
	return true
}

var chapterWords = set("Chapter", "CHAPTER", "Part", "PART", "Section", "SECTION", "Appendix",
	"APPENDIX", "Article", "ARTICLE", "Annex", "ANNEX", "Глава", "ГЛАВА", "Раздел", "РАЗДЕЛ",
	"Часть", "ЧАСТЬ", "Статья", "Chapitre", "Kapitel", "Capítulo", "Capitolo")

// isChapterHeading matches "Chapter 3", "Part II: Findings", "Глава 1" and
// Chinese/Japanese "第一章 总则", "第二节".
func isChapterHeading(t string) bool {
	sp := strings.IndexByte(t, ' ')
	if sp > 0 && chapterWords[t[:sp]] {
		rest := t[sp+1:]
		e := 0
		for e < len(rest) && rest[e] != ' ' && rest[e] != ':' && rest[e] != '.' {
			e++
		}
		num := rest[:e]
		return isAllDigits(num) || isRoman(num) || isSingleLetter(num)
	}
	if strings.HasPrefix(t, "第") {
		rest := t[len("第"):]
		for i, r := range rest {
			if i > 24 {
				return false
			}
			switch r {
			case '章', '节', '編', '编', '部', '篇', '卷':
				return i > 0
			case '条':
				return false
			}
			if !isCJKNumeral(r) {
				return false
			}
		}
	}
	return false
}

func isCJKNumeral(r rune) bool {
	return strings.ContainsRune("〇零一二三四五六七八九十百千两0123456789", r)
}

// smallWords may be lowercase inside a Title Case heading.
var smallWords = set("a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to",
	"for", "by", "with", "from", "as", "vs", "vs.", "via", "into", "onto", "per", "than", "over",
	"under", "after", "before", "about", "between", "through", "against", "without", "within",
	"upon", "is", "are", "be", "not", "its", "their", "that", "this", "do", "does", "s", "de",
	"la", "le", "du", "des", "von", "van", "der", "и", "в", "на", "с", "о", "по", "для", "и/или")

// isTitleCase reports Title Case or ALL CAPS text: every word that starts
// with a lowercase letter is a small word, and the first word is
// capitalised. Text in scripts without case is never Title Case.
func isTitleCase(t string) bool {
	words := 0
	cased := 0
	for _, f := range strings.Fields(t) {
		words++
		if words > 15 {
			return false
		}
		var first rune
		for _, r := range f {
			if unicode.IsLetter(r) {
				first = r
				break
			}
		}
		if first == 0 {
			continue
		}
		if !unicode.IsUpper(first) && !unicode.IsLower(first) {
			return false // caseless script
		}
		if unicode.IsUpper(first) {
			cased++
			continue
		}
		if cased == 0 {
			return false
		}
		w := strings.ToLower(strings.Trim(f, "\"'“”‘’()[]*_,"))
		if !smallWords[w] {
			return false
		}
	}
	if cased == 0 {
		return false
	}
	letters := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			letters++
			if letters >= 2 {
				return true
			}
		}
	}
	return false
}

// maxSentenceBytes bounds sentence length: longer runs without sentence
// punctuation (transcripts, OCR tables) are cut at a clause boundary or a
// space so that one "sentence" stays a reasonable citation unit.
const maxSentenceBytes = 2000

func capSentences(sents []string) []string {
	long := false
	for _, s := range sents {
		if len(s) > maxSentenceBytes {
			long = true
			break
		}
	}
	if !long {
		return sents
	}
	out := make([]string, 0, len(sents)+4)
	for _, s := range sents {
		for len(s) > maxSentenceBytes {
			cut := cutPoint(s[:maxSentenceBytes])
			if cut <= 0 {
				break
			}
			out = append(out, s[:cut])
			s = s[cut+1:]
		}
		out = append(out, s)
	}
	return out
}

// cutPoint returns the index of the space to cut s at: after the last
// "; ", else the last ", " in the second half, else the last space in the
// second half; -1 if there is none.
func cutPoint(s string) int {
	half := len(s) / 2
	if i := strings.LastIndex(s, "; "); i >= half {
		return i + 1
	}
	if i := strings.LastIndex(s, ", "); i >= half {
		return i + 1
	}
	if i := strings.LastIndexByte(s, ' '); i >= half {
		return i
	}
	return -1
}
