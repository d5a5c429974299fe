package docread

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/lazyre"
)

// Page furniture of text: running headers and footers and page numbers.
// It works on lines of text with pages separated by form feeds, so it
// serves every format (pdftotext output saved as .txt as much as a PDF,
// which first gets the geometric pass of pdflayout.go). Segmentation
// (internal/textseg) sees the text without it.

// textLine is one line of a document's text.
type textLine struct {
	start, end int    // byte range of the line in the text, terminator excluded
	text       string // the line without surrounding white space
	n          int    // runes in text
	page       int    // 1-based page when the text has form feeds, else 0
	removed    bool
}

func (l *textLine) blank() bool { return l.text == "" }

// dropTextFurniture returns text without its page furniture lines: on text
// with form feeds, lines at the top or bottom of many pages that recur
// there, and page numbers; on any text, "Page N …" footer lines that recur.
func dropTextFurniture(text string) string {
	var b strings.Builder
	keep := func(piece string) {
		if b.Len() == 0 {
			b.Grow(len(text))
		}
		b.WriteString(piece)
	}
	if !furniture(text, keep) {
		return text
	}
	return b.String()
}

// furniture finds text's page furniture lines. When it finds some, it
// hands keep the text around them, piece by piece in order (each line
// dropped with its line feed), and reports true; else it calls keep
// never.
func furniture(text string, keep func(string)) bool {
	hasFF := strings.IndexByte(text, '\f') >= 0
	lines := splitTextLines(text, hasFF)
	if hasFF {
		dropPageFurniture(lines)
	}
	dropPageFooters(lines)
	dropInlinePageNumbers(lines)
	pos, found := 0, false
	for _, l := range lines {
		if !l.removed {
			continue
		}
		found = true
		keep(text[pos:l.start])
		pos = l.end
		if pos < len(text) && text[pos] == '\n' {
			pos++
		}
	}
	if found {
		keep(text[pos:])
	}
	return found
}

// splitTextLines splits text at line feeds and form feeds; a form feed
// starts a new page and ends the current line (a blank one is not kept).
func splitTextLines(text string, hasFF bool) []textLine {
	lines := make([]textLine, 0, strings.Count(text, "\n")+1)
	page := 0
	if hasFF {
		page = 1
	}
	start := 0
	emit := func(end int) {
		t := strings.TrimFunc(text[start:end], unicode.IsSpace)
		lines = append(lines, textLine{start: start, end: end, text: t, n: utf8.RuneCountInString(t), page: page})
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			emit(i)
			start = i + 1
		case '\f':
			if strings.TrimSpace(text[start:i]) != "" {
				emit(i)
			}
			page++
			start = i + 1
		}
	}
	if start < len(text) {
		emit(len(text))
	}
	return lines
}

const (
	zoneLines     = 2  // lines at the top and at the bottom of a page examined
	maxClusters   = 48 // bound on fuzzy header clusters (cost guard)
	clusterSample = 8  // members kept per cluster for comparison
	minFuzzyKey   = 12 // shorter keys are matched exactly only
	fuzzyDice     = 0.4
)

// dropPageFurniture removes, on text with form feeds, lines in the top or
// bottom zone of a page that recur in that zone on many pages (exactly
// after digit normalisation, or approximately for OCR-garbled banners),
// and page numbers on the first or last line of a page.
func dropPageFurniture(lines []textLine) {
	type zoneLine struct {
		idx  int
		page int
		edge bool // first or last non-blank line of its page
	}
	var zone []zoneLine
	pages := 0
	for i := 0; i < len(lines); {
		page := lines[i].page
		j := i
		for j < len(lines) && lines[j].page == page {
			j++
		}
		pages++
		var body []int
		for k := i; k < j; k++ {
			if !lines[k].blank() && !lines[k].removed {
				body = append(body, k)
			}
		}
		for n, k := range body {
			top := n < zoneLines
			bottom := n >= len(body)-zoneLines
			if top || bottom {
				zone = append(zone, zoneLine{k, page, n == 0 || n == len(body)-1})
			}
		}
		i = j
	}

	drop := make([]bool, len(zone))
	for z, zl := range zone {
		if zl.edge && isPageNumberLine(lines[zl.idx].text) {
			drop[z] = true
		}
	}
	if pages >= 3 {
		threshold := max(3, (pages+3)/4)
		keys := make([]string, len(zone))
		exact := map[string]map[int]bool{}
		for z, zl := range zone {
			keys[z] = furnitureKey(lines[zl.idx].text)
			if keys[z] == "" {
				continue
			}
			m := exact[keys[z]]
			if m == nil {
				m = map[int]bool{}
				exact[keys[z]] = m
			}
			m[zl.page] = true
		}
		type cluster struct {
			samples [][]uint64
			pages   map[int]bool
		}
		var clusters []*cluster
		member := make([]*cluster, len(zone))
		for z, zl := range zone {
			k := keys[z]
			if len(exact[k]) >= threshold {
				drop[z] = true
				continue
			}
			if !zl.edge || utf8.RuneCountInString(k) < minFuzzyKey {
				continue // OCR-garbled banners are the first or last line
			}
			bg := bigrams(k)
			var into *cluster
			for _, c := range clusters {
				for _, smp := range c.samples {
					if dice(bg, smp) >= fuzzyDice {
						into = c
						break
					}
				}
				if into != nil {
					break
				}
			}
			if into == nil {
				if len(clusters) >= maxClusters {
					continue
				}
				into = &cluster{pages: map[int]bool{}}
				clusters = append(clusters, into)
			}
			if len(into.samples) < clusterSample {
				into.samples = append(into.samples, bg)
			}
			into.pages[zl.page] = true
			member[z] = into
		}
		for z := range zone {
			if c := member[z]; c != nil && len(c.pages) >= threshold {
				drop[z] = true
			}
		}
	}
	for z, zl := range zone {
		if drop[z] {
			lines[zl.idx].removed = true
		}
	}
}

// dropInlinePageNumbers removes a page number left between two lines of
// one wrapped sentence, as text saved from a PDF without form feeds keeps
// it ("… will take considerable time and" / "19" / "money. Careful …"): the
// line before does not end a sentence and the line after goes on in
// lowercase.
func dropInlinePageNumbers(lines []textLine) {
	for i := 1; i+1 < len(lines); i++ {
		l := &lines[i]
		if l.removed || !allDigits(l.text) || len(l.text) > 3 {
			continue
		}
		prev, next := lines[i-1].text, lines[i+1].text
		if prev == "" || next == "" || strings.ContainsAny(prev[len(prev)-1:], ".!?:;") {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(next); unicode.IsLower(r) {
			l.removed = true
		}
	}
}

// dropPageFooters removes lines such as "Page 5 GAO-02-24 Information
// Sharing Practices" that name a page number and recur (with different
// numbers) at least three times; PDF-to-text output keeps them inline.
func dropPageFooters(lines []textLine) {
	var count map[string]int
	var keys []string
	for i := range lines {
		l := &lines[i]
		if l.removed || l.n == 0 || l.n > 120 || !mentionsPage(l.text) {
			continue
		}
		if count == nil {
			count = map[string]int{}
			keys = make([]string, len(lines))
		}
		k := furnitureKey(l.text)
		keys[i] = k
		count[k]++
	}
	if count == nil {
		return
	}
	for i := range lines {
		if k := keys[i]; k != "" && count[k] >= 3 {
			lines[i].removed = true
		}
	}
}

// mentionsPage reports a page reference typical of footers: "Page 5 …" at
// the start of the line or "… [Page 12]" at its end. The number must stand
// alone ("Page 3/10/17" is a citation, not a page).
func mentionsPage(t string) bool {
	for i := 0; i+5 < len(t); i++ {
		if t[i] != 'P' && t[i] != 'p' {
			continue
		}
		if !strings.EqualFold(t[i:i+4], "page") || (i > 0 && isASCIILetter(t[i-1])) {
			continue
		}
		k := i + 4
		for k < len(t) && t[k] == ' ' {
			k++
		}
		d := k
		for k < len(t) && isDigit(t[k]) {
			k++
		}
		if k == d || k == i+4 || (k < len(t) && t[k] != ' ' && t[k] != ']') {
			continue
		}
		atStart := strings.TrimLeft(t[:i], "[(- ") == ""
		atEnd := strings.TrimLeft(t[k:], "]) ") == ""
		if atStart || atEnd {
			return true
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isPageNumberLine matches "12", "- 12 -", "Page 12", "[Page 12]",
// "12 of 40", "12 / 40", "iv". Both furniture passes (lines of text, and
// the margin lines of a PDF page) use it.
func isPageNumberLine(t string) bool {
	t = strings.Trim(t, " -–—[]()|.")
	if len(t) >= 4 && strings.EqualFold(t[:4], "page") {
		t = strings.TrimLeft(t[4:], " ")
	}
	for _, sep := range []string{" of ", "/"} {
		if i := strings.Index(t, sep); i > 0 && allDigits(strings.TrimSpace(t[i+len(sep):])) {
			t = strings.TrimSpace(t[:i])
			break
		}
	}
	return allDigits(t) && len(t) <= 4 || isLowerRoman(t) && len(t) <= 5
}

// furnitureKey normalises a line for repetition counting, in both
// furniture passes: lowercase, no spaces, every digit run replaced by '#'.
func furnitureKey(t string) string {
	var b strings.Builder
	b.Grow(len(t))
	inDigits := false
	for _, r := range t {
		switch {
		case unicode.IsSpace(r):
			continue
		case r >= '0' && r <= '9':
			if !inDigits {
				b.WriteByte('#')
			}
			inDigits = true
			continue
		}
		inDigits = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// bigrams returns the sorted character bigrams of k.
func bigrams(k string) []uint64 {
	out := make([]uint64, 0, len(k))
	var prev rune = -1
	for _, r := range k {
		if prev >= 0 {
			out = append(out, uint64(prev)<<32|uint64(r))
		}
		prev = r
	}
	slices.Sort(out)
	return out
}

// dice is the Dice coefficient of two sorted bigram multisets.
func dice(a, b []uint64) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	i, j, common := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// isLowerRoman matches a lowercase roman numeral as front-matter pages
// are numbered ("iv").
func isLowerRoman(w string) bool {
	if w == "" || len(w) > 6 {
		return false
	}
	for k := 0; k < len(w); k++ {
		switch w[k] {
		case 'i', 'v', 'x', 'l', 'c':
		default:
			return false
		}
	}
	return true
}

// splitGluedHeadings puts back on a line of its own a subheading that text
// extraction glued to the paragraph under it ("Transmission of the
// Authorization from the White House to the Pilots The NMCC learned …"): a
// paragraph opening with at least three words in title case, none ending a
// clause, then a capitalised sentence opener followed by more text.
func splitGluedHeadings(text string) string {
	lines, changed := splitGluedLines(strings.Split(text, "\n"))
	if !changed {
		return text
	}
	return strings.Join(lines, "\n")
}

// splitGluedLines is splitGluedHeadings on the text's lines, which it
// changes in place; it reports whether it changed any.
func splitGluedLines(lines []string) ([]string, bool) {
	if !slices.ContainsFunc(lines, func(l string) bool {
		return strings.Contains(l, " The ") || strings.Contains(l, " In ") || strings.Contains(l, " At ")
	}) {
		return lines, false
	}
	changed := false
	for i, l := range lines {
		if i > 0 && strings.TrimSpace(lines[i-1]) != "" {
			continue // not the first line of a paragraph
		}
		if h, rest, ok := gluedHeading(l); ok {
			lines[i] = h + "\n\n" + rest
			changed = true
		}
	}
	return lines, changed
}

// mendHeadings is splitGluedHeadings(liftSideHeadings(text)), with the
// lines split and joined once.
func mendHeadings(text string) string {
	lines, lifted := liftSideLines(strings.Split(text, "\n"))
	lines, split := splitGluedLines(lines)
	if !lifted && !split {
		return text
	}
	return strings.Join(lines, "\n")
}

// maxSideHeadingLines bounds how many lines a side heading runs to.
const maxSideHeadingLines = 3

// liftSideHeadings takes out a side heading that text extraction dropped
// into the middle of a sentence (GAO-02-24: "… to gain an" / "" /
// "Developing Agreements on the Use and" / "Protection of Shared
// Information" / "understanding of the law enforcement community's …"): a
// paragraph opening with one to three lines that read as a title, then a
// line going on in lowercase. When the paragraph before breaks off
// mid-sentence, the text after the heading rejoins it and the heading
// stands on its own at the next sentence that opens a line; otherwise the
// heading just gets a paragraph of its own.
func liftSideHeadings(text string) string {
	lines, changed := liftSideLines(strings.Split(text, "\n"))
	if !changed {
		return text
	}
	return strings.Join(lines, "\n")
}

// liftSideLines is liftSideHeadings on the text's lines; it reports
// whether it changed any. No line it returns holds a line feed.
func liftSideLines(lines []string) ([]string, bool) {
	out := make([]string, 0, len(lines)+8)
	changed := false
	for i := 0; i < len(lines); i++ {
		n := sideHeadingLines(lines, i)
		if n == 0 {
			out = append(out, lines[i])
			continue
		}
		changed = true
		heading := strings.Join(lines[i:i+n], " ")
		// the body after the heading: up to the paragraph's end
		end := i + n
		for end < len(lines) && strings.TrimSpace(lines[end]) != "" {
			end++
		}
		body := lines[i+n : end]
		p := len(out) - 1
		for p >= 0 && strings.TrimSpace(out[p]) == "" {
			p--
		}
		if p < 0 || !endsMidSentence(out[p]) {
			out = append(out, heading, "")
			out = append(out, body...)
			i = end - 1
			continue
		}
		// The broken sentence rejoins the text before the heading, which
		// then heads what follows that sentence.
		out = out[:p+1]
		k, cut := sentenceEnd(body)
		out = append(out, body[:k]...)
		out = append(out, strings.TrimRight(body[k][:cut], " "), "", heading, "")
		if rest := strings.TrimSpace(body[k][cut:]); rest != "" {
			out = append(out, rest)
		}
		out = append(out, body[k+1:]...)
		i = end - 1
	}
	if !changed {
		return lines, false
	}
	return out, true
}

// sideHeadingLines returns how many lines from lines[i] make a side heading
// dropped into a sentence (see liftSideHeadings), or 0.
func sideHeadingLines(lines []string, i int) int {
	if i > 0 && strings.TrimSpace(lines[i-1]) != "" {
		return 0 // not the first line of a paragraph
	}
	for n := 1; n <= maxSideHeadingLines && i+n < len(lines); n++ {
		l := strings.TrimSpace(lines[i+n-1])
		if l == "" {
			return 0
		}
		next := strings.TrimSpace(lines[i+n])
		r, _ := utf8.DecodeRuneInString(next)
		if !unicode.IsLower(r) {
			continue
		}
		if !mayBeTitle(lines[i : i+n]) {
			return 0 // what titleOfWords would refuse, told without allocating
		}
		words := strings.Fields(strings.Join(lines[i:i+n], " "))
		if len(words) < 3 {
			return 0
		}
		h := strings.Join(words, " ")
		if startsUpper(h) && titleOfWords(h, words) && !smallWords[strings.ToLower(words[len(words)-1])] {
			return n
		}
		return 0
	}
	return 0
}

// mayBeTitle reports whether the words of lines could pass titleOfWords:
// at most 15, and none of more than three letters starting in lower case
// (after opening quotes). Most first lines of paragraphs fail it, and
// this way without the words being copied.
func mayBeTitle(lines []string) bool {
	words := 0
	for _, l := range lines {
		for w := range strings.FieldsSeq(l) {
			if words++; words > 15 {
				return false
			}
			w = strings.TrimLeft(w, "\"'“(«")
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsLetter(r) && unicode.IsLower(r) && utf8.RuneCountInString(w) > 3 {
				return false
			}
		}
	}
	return true
}

// sentenceEndRE finds the end of a sentence inside a line: a stop, then
// a capital or the line's end.
var sentenceEndRE = lazyre.New(`[.!?]["')”’]*(?:\s+\p{Lu}|\s*$)`)

// sentenceEnd returns the line of body where its first sentence ends and
// the byte offset just after that sentence; the last line's end when no
// sentence ends.
func sentenceEnd(body []string) (line, cut int) {
	for k, l := range body {
		if m := sentenceEndRE().FindStringIndex(l); m != nil {
			e := m[0] + 1
			for e < len(l) && strings.ContainsRune(`"')”’`, rune(l[e])) {
				e++
			}
			return k, e
		}
	}
	return len(body) - 1, len(body[len(body)-1])
}

// endsMidSentence reports a line that breaks off inside a sentence: it
// ends in a lowercase word.
func endsMidSentence(l string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(l))
	return unicode.IsLower(r)
}

// sentenceOpeners start the sentence after a glued heading.
var sentenceOpeners = map[string]bool{"The": true, "In": true, "At": true, "On": true, "By": true, "After": true,
	"When": true, "As": true, "During": true, "Within": true, "Shortly": true, "Once": true, "While": true, "A": true}

func gluedHeading(l string) (heading, rest string, ok bool) {
	lead := len(l) - len(strings.TrimLeft(l, " \t"))
	var buf [20]string // all the words looked at below
	words := appendFields(buf[:0], l)
	if len(words) < 8 {
		return "", "", false
	}
	for k := 3; k < min(len(words)-3, 16); k++ {
		w := words[k-1]
		if strings.ContainsAny(w, ".,;:!?\"“”()") {
			return "", "", false
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !smallWords[w] || !unicode.IsLetter(r) {
			return "", "", false
		}
		next, after := words[k], words[k+1]
		if sentenceOpeners[next] && (isAllCapsWord(after) || unicode.IsLower([]rune(after)[0]) || unicode.IsUpper([]rune(after)[0])) && !smallWords[strings.ToLower(w)] {
			// The heading must hold at least two capitalised words of
			// four letters or more, and the text after it must read on in
			// lowercase within a few words.
			caps := 0
			for _, h := range words[:k] {
				if r, _ := utf8.DecodeRuneInString(h); unicode.IsUpper(r) && len(h) >= 4 {
					caps++
				}
			}
			lowerSoon := false
			for _, a := range words[k+1 : min(len(words), k+5)] {
				if r, _ := utf8.DecodeRuneInString(a); unicode.IsLower(r) {
					lowerSoon = true
				}
			}
			if caps >= 2 && lowerSoon {
				idx := wordOffset(l, k)
				return strings.TrimRight(l[:idx], " \t"), l[:lead] + l[idx:], true
			}
		}
	}
	return "", "", false
}

// appendFields appends to out the first words of s as strings.Fields
// splits them, as many as out has room for, and splits no further: most
// lines gluedHeading looks at are whole paragraphs.
func appendFields(out []string, s string) []string {
	n := cap(out)
	start := -1
	for i, r := range s {
		if !unicode.IsSpace(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if out = append(out, s[start:i]); len(out) == n {
				return out
			}
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// wordOffset returns the byte offset of the k-th (0-based) word of l.
func wordOffset(l string, k int) int {
	n := -1
	for i := 0; i < len(l); i++ {
		if l[i] != ' ' && l[i] != '\t' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t') {
			n++
			if n == k {
				return i
			}
		}
	}
	return len(l)
}

func isAllCapsWord(w string) bool {
	return strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0
}

// mendDroppedLetters mends markdown headings in which a PDF converter moved
// one letter, a descender set apart in the source, to the end of the line:
// "#### Back round g" is "#### Background", "… O erations p" is
// "… Operations". The letter goes back between two words when the word
// they then make is used elsewhere in the document or is one of the part
// names reports head sections with; otherwise the heading stays as it was.
func mendDroppedLetters(text string) string {
	lines := strings.Split(text, "\n")
	var vocab map[string]bool
	for i, l := range lines {
		hashes := len(l) - len(strings.TrimLeft(l, "#"))
		if hashes == 0 || hashes > 6 || len(l) < hashes+4 || l[hashes] != ' ' {
			continue
		}
		words := strings.Fields(l[hashes:])
		last := words[len(words)-1]
		if len(words) < 3 || len(last) != 1 || last[0] < 'a' || last[0] > 'z' {
			continue
		}
		if vocab == nil {
			vocab = wordSet(text)
		}
		words = words[:len(words)-1]
		for j := 0; j+1 < len(words); j++ {
			joined := words[j] + last + words[j+1]
			if vocab[strings.ToLower(strings.Trim(joined, `.,;:!?()"'`))] {
				words = slices.Concat(words[:j], []string{joined}, words[j+2:])
				lines[i] = l[:hashes] + " " + strings.Join(words, " ")
				break
			}
		}
	}
	return strings.Join(lines, "\n")
}

// partNames head the parts of reports, and a report need not use them
// anywhere but in the heading.
var partNames = []string{
	"background", "introduction", "overview", "summary", "highlights", "conclusions",
	"recommendations", "objectives", "scope", "methodology", "appendix", "comments",
}

// wordSet is the set of the lower-cased words of text, and partNames.
func wordSet(text string) map[string]bool {
	set := make(map[string]bool)
	for _, w := range partNames {
		set[w] = true
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		set[strings.ToLower(w)] = true
	}
	return set
}
