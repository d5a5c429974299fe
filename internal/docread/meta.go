package docread

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/lazyre"
	"github.com/brief-cli/brief/internal/terms"
)

// This file finds a document's title and date from its own evidence, in
// order of strength: what the format declares (HTML <title>, PDF metadata,
// a markdown H1), then the title block of the first lines (the capitalised
// subject line of government reports with its subtitle, or the first line
// that reads as a title), and the issue or publication date printed near
// the top (a labelled date or a line that holds little but a date), never a
// date mentioned in passing.

// metaLines is how many non-blank lines at the top are searched for the
// title block and the date; metaBytes bounds the same search in bytes.
const (
	metaLines = 80
	metaBytes = 12 << 10
)

// withMetadata fills doc.Title (when the format declared none) and
// doc.Date from doc.Text.
func withMetadata(doc Document) Document {
	lines := topLines(doc.Text)
	if doc.Title == "" {
		doc.Title = textTitle(lines, doc.Text)
	}
	if isDesignation(doc.Title) {
		if sub := memoSubject(lines); sub != "" && !strings.Contains(doc.Title, sub) {
			doc.Title += ": " + sub
		}
	}
	doc.Title = cleanTitleText(doc.Title)
	doc.Date = textDate(lines, doc.Text)
	doc.Byline = textByline(lines)
	return doc
}

// bylineLines bounds how many lines at the top are searched for the
// byline, and bylineRunes its length: a longer line is prose.
const (
	bylineLines = 40
	bylineRunes = 120
)

// textByline returns the first line near the top that is a byline
// (bylineRE), with a short continuation line joined: "Statement of David
// Walker, Comptroller General of the United" / "States" is one byline,
// while the date line under "By Christopher Krebs, Director" is not part
// of it.
func textByline(lines []string) string {
	for i, l := range lines {
		if i >= bylineLines || isProseLine(l) {
			break
		}
		if utf8.RuneCountInString(l) > bylineRunes || !bylineRE().MatchString(l) {
			continue
		}
		if i+1 < len(lines) && isBylineTail(lines[i+1]) && bylineRE().MatchString(l+" "+lines[i+1]) {
			l += " " + lines[i+1]
		}
		return l
	}
	return ""
}

// isBylineTail reports a line that can end a byline broken over two
// lines: a few words without figures ("States"), not a date.
func isBylineTail(l string) bool {
	n := len(strings.Fields(l))
	return n > 0 && n <= 3 && !strings.ContainsAny(l, "0123456789")
}

// topLines returns the first lines of text, markup marks trimmed, blank
// lines kept as "" (they separate title lines from what follows).
func topLines(text string) []string {
	var out []string
	size, nonBlank := 0, 0
	for _, l := range strings.Split(text, "\n") {
		if nonBlank >= metaLines || size > metaBytes || l == "\f" && nonBlank > 0 {
			break
		}
		size += len(l) + 1
		l = strings.TrimSpace(strings.Trim(strings.TrimSpace(strings.TrimLeft(l, "#> ")), "*_"))
		if l != "" {
			nonBlank++
		}
		out = append(out, l)
	}
	return out
}

// cleanTitleText folds whitespace and drops a leading report number
// ("GAO-07-283 Crude Oil: …"), which PDF metadata often prepends.
func cleanTitleText(t string) string {
	t = strings.Join(strings.Fields(t), " ")
	if m := reportCodePrefixRE().FindStringIndex(t); m != nil && m[1] < len(t) {
		t = t[m[1]:]
	}
	return t
}

var reportCodePrefixRE = lazyre.New(`^[A-Z]{2,6}-\d{2,4}-\d{2,6}[A-Z]{0,2}\s*[-–—:]?\s+`)

// textTitle finds the title in the first lines of a document that declares
// none: a government title block, else the first line that reads as a
// title and is not a header field, address, organisation name, date or
// byline. A title broken over lines ending in a function word is rejoined.
func textTitle(lines []string, text string) string {
	if t := titleBlock(lines, text); t != "" {
		return t
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l == "" || !candidateTitleLine(l) {
			if isProseLine(l) {
				return ""
			}
			continue
		}
		t := l
		for j := i + 1; j < len(lines) && endsWithFunctionWord(t); j++ {
			if lines[j] != "" {
				t += " " + lines[j]
			}
		}
		return t
	}
	return ""
}

// titleBlock returns a capitalised subject line and its subtitle, as
// government reports print them ("HOMELAND SECURITY" / "Critical Design
// and Implementation Issues" gives "Homeland Security: Critical Design and
// Implementation Issues").
func titleBlock(lines []string, text string) string {
	for i, l := range lines {
		if isProseLine(l) {
			return ""
		}
		if !isCapsLine(l) {
			continue
		}
		title := titleCase(l, text)
		var sub []string
		for j := i + 1; j < len(lines); j++ {
			s := lines[j]
			if s == "" {
				if len(sub) > 0 {
					break
				}
				continue
			}
			if isCapsLine(s) || !looksLikeTitle(s) || !startsUpper(s) || bylineRE().MatchString(s) || len(sub) == 3 {
				break
			}
			sub = append(sub, s)
		}
		if len(sub) > 0 {
			title += ": " + strings.Join(sub, " ")
		}
		return title
	}
	return ""
}

// designationRE: a title that only names a document by type and number
// ("Emergency Directive 19-01", "Memorandum M-21-31", "Binding Operational
// Directive 18-01"), which its subject line completes.
var designationRE = lazyre.New(`^(?:\pL+ ){1,3}(?:No\. ?)?[A-Z]{0,3}-?\d[\d-]*[A-Z]?$`)

func isDesignation(t string) bool { return designationRE().MatchString(t) }

// subjectLabelRE: the subject field of a memorandum's heading block.
var subjectLabelRE = lazyre.New(`^(?i:subject|re|subj)\s*:\s*(.*)$`)

// memoSubject returns the subject of a memorandum's heading block: the
// text after "SUBJECT:", or, when the form prints its labels in one column
// and their values after them (PDF layout), the last line that reads as a
// title before the first paragraph of prose.
func memoSubject(lines []string) string {
	for i, l := range lines {
		m := subjectLabelRE().FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if v := strings.TrimSpace(m[1]); v != "" {
			return v
		}
		last := ""
		for _, s := range lines[i+1:] {
			if isProseLine(s) || len(strings.Fields(s)) >= 12 {
				return last
			}
			if s != "" && looksLikeTitle(s) && startsUpper(s) && len(strings.Fields(s)) >= 2 && !orgLineRE().MatchString(s) && !terms.IsDebris(s) {
				last = s
			}
		}
		return ""
	}
	return ""
}

// isCapsLine reports a line of at least two words, all in capitals, that is
// not a handling marking.
func isCapsLine(l string) bool {
	if len(strings.Fields(l)) < 2 || len(l) > 120 || markingRE().MatchString(l) {
		return false
	}
	letters := 0
	for _, r := range l {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 6
}

var markingRE = lazyre.New(`(?i)unclassified|classified|official use|tlp|confidential|draft|table of contents|^contents$`)

// titleCase writes a capitalised line in title case, keeping in capitals
// the words the document itself writes in capitals in ordinary prose
// (acronyms such as DHS).
func titleCase(l, text string) string {
	words := strings.Fields(l)
	for i, w := range words {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if core == "" || strings.ContainsAny(w, ".0123456789&") || isAcronymIn(core, text) {
			continue
		}
		lower := strings.ToLower(w)
		prev := ""
		if i > 0 {
			prev = words[i-1]
		}
		if i > 0 && smallWords[strings.ToLower(core)] && !strings.ContainsAny(prev[len(prev)-1:], ":?!") {
			words[i] = lower
			continue
		}
		k := strings.Index(lower, strings.ToLower(core[:1]))
		words[i] = lower[:k] + strings.ToUpper(lower[k:k+1]) + lower[k+1:]
	}
	return strings.Join(words, " ")
}

var smallWords = map[string]bool{
	"a": true, "an": true, "and": true, "as": true, "at": true, "but": true, "by": true, "for": true,
	"from": true, "in": true, "into": true, "nor": true, "of": true, "on": true, "or": true, "the": true,
	"to": true, "with": true, "vs": true,
}

// isAcronymIn reports whether w (in capitals) occurs as a word of a line of
// text that also holds lowercase letters: the document writes it so.
func isAcronymIn(w, text string) bool {
	if len(w) > 6 {
		return false
	}
	for off := 0; ; {
		i := strings.Index(text[off:], w)
		if i < 0 {
			return false
		}
		i += off
		off = i + len(w)
		if i > 0 && isWordByte(text[i-1]) || off < len(text) && isWordByte(text[off]) {
			continue
		}
		// The words either side must be ordinary lowercase prose, not a
		// running head in capitals glued into a line.
		before := strings.Fields(text[max(0, i-40):i])
		after := strings.Fields(text[off:min(len(text), off+40)])
		if len(before) > 0 && len(after) > 0 && hasLower(before[len(before)-1]) && hasLower(after[0]) {
			return true
		}
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// candidateTitleLine reports whether l may be the title: it reads as a
// title and is none of the lines that surround titles on a cover.
func candidateTitleLine(l string) bool {
	switch {
	case !looksLikeTitle(l), headerFieldRE().MatchString(l), strings.Contains(l, "   "),
		orgLineRE().MatchString(l), terms.Addressee.MatchString(l), bylineRE().MatchString(l), terms.IsDebris(l):
		return false
	}
	rest := terms.MonthYear.ReplaceAllString(terms.FullDate.ReplaceAllString(l, ""), "")
	return len(strings.Fields(rest)) >= 2 || hasIdeographs(rest)
}

var (
	// headerFieldRE: "Category: Informational", "Obsoletes: 2828", "FYI: 36".
	headerFieldRE = lazyre.New(`^[\pL ]{2,30}:\s+\S+$`)
	// orgLineRE: an organisation's name on a cover or letterhead, or an
	// address block.
	orgLineRE = lazyre.New(`^(?:The\s+)?(?:U\.\s?S\.\s|United States\s|Federal\s)?(?:Department|Ministry|Office|Bureau|Agency)\s+of\b|` +
		`(?:Office|Agency|Department|Administration|Commission|Committee|Council|Ministry|Bureau|Institute|Group|Congress of the United States|Representatives|Senate)$|` +
		`^(?:Report|Testimony|Statement|Letter) (?:to|of|before)\b|^(?:Before|To|Ranking|Chairman|Washington)\b`)
	// bylineRE: a byline, a name and an optional role after a "By" or
	// "Statement of": "By Christopher Krebs, Director".
	bylineRE = lazyre.New(`^(?i:by|statement of|testimony of|remarks (?:by|of)|prepared by|submitted by)\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){1,3}(?:,\s+[^.!?]{2,80})?$`)
)

// looksLikeTitle: at most 15 words, no closing punctuation, every longer
// word capitalised.
func looksLikeTitle(s string) bool {
	return titleOfWords(s, strings.Fields(s))
}

// titleOfWords is looksLikeTitle(s) given the words of s.
func titleOfWords(s string, words []string) bool {
	if len(words) == 0 || len(words) > 15 || strings.ContainsAny(s[len(s)-1:], ".,;:!") {
		return false
	}
	letters := false
	for _, w := range words {
		r := []rune(strings.TrimLeft(w, "\"'“(«"))
		if len(r) == 0 {
			continue
		}
		if unicode.IsLetter(r[0]) {
			letters = true
			if len(r) > 3 && unicode.IsLower(r[0]) {
				return false
			}
		}
	}
	return letters || hasIdeographs(s)
}

// isProseLine reports a line of running text: long and ending a sentence.
// The title block lies above the first one.
func isProseLine(l string) bool {
	return len(strings.Fields(l)) >= 14 && strings.ContainsAny(l[len(l)-1:], ".!?:")
}

func hasLower(s string) bool {
	return strings.IndexFunc(s, unicode.IsLower) >= 0
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}

func endsWithFunctionWord(t string) bool {
	f := strings.Fields(t)
	return len(f) > 0 && smallWords[strings.ToLower(f[len(f)-1])]
}

func hasIdeographs(s string) bool { return strings.IndexFunc(s, terms.IsIdeographic) >= 0 }

// dateLabelRE marks a labelled issue date ("Published: 2026-03-12",
// "For Release on Delivery … July 17, 2002", "Issued on 24 January 2019").
var dateLabelRE = lazyre.New(`(?i)(?:published|issued|release[ds]?|dated?|effective|adopted|signed|опубликовано|дата|发布)\b.{0,60}$`)

// stampRE marks revision stamps, which are not the report's date.
var stampRE = lazyre.New(`(?i)(updated|revised|modified|last reviewed|обновлено)\W{0,3}(on\W{1,3})?$`)

// textDate returns the issue or publication date near the top: the first
// labelled date or date line holding a full date, else one holding a month
// and year, else a full date in the opening sentence (a news lead: "The
// port authority said on 4 April 2024 …"). A date elsewhere in running
// text is a mention, not the document's date.
func textDate(lines []string, text string) string {
	if d := dateLine(lines, text); d != "" {
		return d
	}
	return leadDate(lines)
}

// leadDate returns a full date in the first sentence of the first
// paragraph of prose.
func leadDate(lines []string) string {
	var para []string
	for _, l := range lines {
		switch {
		case l == "" && len(para) > 0:
			return firstSentenceDate(strings.Join(para, " "))
		case len(para) > 0 || len(strings.Fields(l)) >= 8:
			para = append(para, l)
		}
	}
	return firstSentenceDate(strings.Join(para, " "))
}

func firstSentenceDate(p string) string {
	if i := strings.Index(p, ". "); i >= 0 {
		p = p[:i]
	}
	return terms.FullDate.FindString(p)
}

// dateLine returns the first labelled date or date line (see textDate).
func dateLine(lines []string, text string) string {
	var monthYear string
	for i, l := range lines {
		if l == "" {
			continue
		}
		joined := l
		if i+1 < len(lines) {
			joined += " " + lines[i+1] // a date wrapped over two lines
		}
		for k, re := range []*regexp.Regexp{terms.FullDate, terms.MonthYear} {
			for _, loc := range re.FindAllStringIndex(joined, -1) {
				if loc[0] >= len(l) {
					break
				}
				before := joined[:loc[0]]
				if stampRE().MatchString(before) {
					continue
				}
				prev := ""
				if i > 0 {
					prev = lines[i-1] + " "
				}
				short := loc[1] <= len(l) && len(strings.Fields(l[:loc[0]]+" "+l[loc[1]:])) <= 5
				if !short && !dateLabelRE().MatchString(prev+before) {
					continue
				}
				d := joined[loc[0]:loc[1]]
				if k == 0 {
					return normalDate(d, text)
				}
				if monthYear == "" {
					monthYear = d
				}
			}
		}
	}
	return monthYear
}

// normalDate writes an ISO date as "March 12, 2026" in a document written
// in Latin script, so that the same report gets the same date from any
// format.
func normalDate(d, text string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil || !latinText(text) {
		return d
	}
	return t.Format("January 2, 2006")
}

func latinText(text string) bool {
	latin, other := 0, 0
	for _, r := range text[:min(len(text), 4096)] {
		switch {
		case r < 0x250 && unicode.IsLetter(r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	return latin > 4*other
}
