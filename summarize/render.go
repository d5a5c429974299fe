package summarize

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/brief-cli/brief/internal/safetext"
)

// Citations is how a markdown brief shows the source paragraphs of its
// statements.
type Citations int

// Citation styles.
const (
	// CitationsFootnote puts a compact [12, 14] marker after each paragraph
	// and bullet, and a Sources list at the end with each cited paragraph's
	// first words (and page, for PDFs).
	CitationsFootnote Citations = iota
	// CitationsInline puts self-contained markers such as [¶12 p. 3; ¶14]
	// after each paragraph and bullet, with no list.
	CitationsInline
	// CitationsNone shows no citations.
	CitationsNone
)

// RenderOptions control Markdown.
type RenderOptions struct {
	Citations Citations
	// AllowLinks keeps links, images and raw HTML as the text has them.
	// Otherwise images, raw HTML and links to targets that the report does
	// not contain are rendered as inert text, so that opening the brief
	// cannot fetch or run anything a report planted.
	AllowLinks bool
	// HideUnverified leaves out the "Unverified" note that lists the facts
	// the grounding check did not find in the report.
	HideUnverified bool
}

// Markdown renders the brief as markdown:
//
//	# Title
//	*Date*
//	*Byline* (when the lead says "I")
//
//	Lead paragraph. [1, 2]
//
//	## Background
//	## Response
//	## <thematic sections>
//	## Implications
//	## Key facts
//	## Sources
func (b *Brief) Markdown(opt RenderOptions) string {
	w := &mdWriter{b: b, opt: opt, cited: map[int]bool{}}
	title := w.text(b.Title)
	if title == "" {
		title = w.text(b.Source.Name)
	}
	if title == "" {
		title = "Brief"
	}
	w.line("# " + title)
	if d := w.text(b.Date); d != "" {
		w.line("*" + d + "*")
	}
	if by := w.text(b.Byline); by != "" {
		w.line("*" + by + "*")
	}
	if lead := w.para(b.Lead); lead != "" {
		w.line("\n" + lead)
	}
	section := func(heading string, ps []Paragraph) {
		var body []string
		for _, p := range ps {
			if t := w.para(p); t != "" {
				body = append(body, t)
			}
		}
		if len(body) == 0 {
			return
		}
		w.line("\n## " + w.text(heading))
		for _, t := range body {
			w.line("\n" + t)
		}
	}
	for _, s := range b.Sections {
		section(s.Heading, s.Paragraphs)
	}
	section("Implications", b.Implications)
	var facts []string
	for _, f := range b.KeyFacts {
		if t := w.para(f); t != "" {
			facts = append(facts, "- "+t)
		}
	}
	if len(facts) > 0 {
		w.line("\n## Key facts\n")
		for _, f := range facts {
			w.line(f)
		}
	}
	if opt.Citations == CitationsFootnote && len(w.cited) > 0 || b.Source.URL != "" {
		w.sources()
	}
	if v := b.Verification; v != nil && !opt.HideUnverified && len(v.Unsupported)+len(v.Misplaced) > 0 {
		w.unverified()
	}
	if v := b.Verification; v != nil && !opt.HideUnverified && len(v.CrossScript) > 0 {
		w.crossScript()
	}
	return w.b2.String()
}

type mdWriter struct {
	b     *Brief
	opt   RenderOptions
	b2    strings.Builder
	cited map[int]bool
}

func (w *mdWriter) line(s string) { w.b2.WriteString(s + "\n") }

// text makes model or report text safe to print as one markdown line.
func (w *mdWriter) text(s string) string {
	s = clean(s)
	if !w.opt.AllowLinks {
		s = w.b.neutralize(s)
	}
	return escapeLineStart(s)
}

// para renders a paragraph with its citation marker.
func (w *mdWriter) para(p Paragraph) string {
	t := w.text(p.Text)
	if t == "" || len(p.Sources) == 0 || w.opt.Citations == CitationsNone {
		return t
	}
	var parts []string
	for _, n := range p.Sources {
		w.cited[n] = true
		if w.opt.Citations == CitationsInline {
			part := "¶" + strconv.Itoa(n)
			if sp, ok := w.b.paras[n]; ok && sp.page > 0 {
				part += " p. " + strconv.Itoa(sp.page)
			}
			parts = append(parts, part)
			continue
		}
		parts = append(parts, strconv.Itoa(n))
	}
	sep := ", "
	if w.opt.Citations == CitationsInline {
		sep = "; "
	}
	// No link definitions can exist in the brief (escapeLineStart), so a
	// bare [4] renders as itself.
	return t + " [" + strings.Join(parts, sep) + "]"
}

// sources writes the list of cited paragraphs with their first words.
func (w *mdWriter) sources() {
	nums := make([]int, 0, len(w.cited))
	for n := range w.cited {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	w.line("\n## Sources\n")
	if u := w.b.Source.URL; u != "" {
		// Our own line: the address the user gave, printable (fetch.SafeURL).
		w.line("- <" + u + ">")
	}
	for _, n := range nums {
		sp := w.b.paras[n]
		line := fmt.Sprintf("- ¶%d", n)
		if sp.page > 0 {
			line += fmt.Sprintf(" (p. %d)", sp.page)
		}
		if sp.start != "" {
			line += ": " + w.text(sp.start)
		}
		w.line(line)
	}
}

// unverified writes the grounding check's findings.
func (w *mdWriter) unverified() {
	v := w.b.Verification
	w.line("\n## Unverified\n")
	if len(v.Unsupported) > 0 {
		w.line("Not found in the report; check before use:\n")
		for _, u := range v.Unsupported {
			w.line(fmt.Sprintf("- %s “%s” (%s)", u.Kind, w.text(u.Text), w.text(u.Section)))
		}
	}
	if len(v.Misplaced) > 0 {
		if len(v.Unsupported) > 0 {
			w.line("")
		}
		w.line("In the report, but not in the passages the statement draws on; check it is attached to the right actor or event:\n")
		for _, u := range v.Misplaced {
			w.line(fmt.Sprintf("- %s “%s” (%s)", u.Kind, w.text(u.Text), w.text(u.Section)))
		}
	}
}

// crossScript lists what the check could not compare with the report.
func (w *mdWriter) crossScript() {
	v := w.b.Verification
	w.line("\n## Not checked\n")
	w.line(fmt.Sprintf("In %s script, which the %s report does not use, so the check could not compare them with it; check them against the original:\n", v.BriefScript, v.ReportScript))
	for _, u := range v.CrossScript {
		w.line(fmt.Sprintf("- %s “%s” (%s)", u.Kind, w.text(u.Text), w.text(u.Section)))
	}
}

// sourcePara is what the Sources list shows of a report paragraph.
type sourcePara struct {
	start string // first words
	page  int
}

var (
	reImage    = regexp.MustCompile(`!\[([^\]]*)\]\(([^)]*)\)`)
	reLink     = regexp.MustCompile(`\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	reAutolink = regexp.MustCompile(`<((?:https?|ftp|mailto|file|javascript|data):[^>\s]*)>`)
	reBareURL  = regexp.MustCompile("(?i)\\b(?:https?://|www\\.)[^\\s<>`]+")
	reURLInSrc = regexp.MustCompile(`(?i)https?://[^\s<>"'()\[\]]+`)
)

// neutralize renders images, raw HTML, and links whose targets the report
// does not contain as inert text: a remote image in a brief would be
// fetched when the brief is opened, and could carry data out in its URL.
// Links that stay are set aside while the rest is escaped.
func (b *Brief) neutralize(s string) string {
	var kept []string
	keep := func(m string) string {
		kept = append(kept, m)
		return "\x00" + strconv.Itoa(len(kept)-1) + "\x00"
	}
	s = reImage.ReplaceAllStringFunc(s, func(m string) string {
		sub := reImage.FindStringSubmatch(m)
		return keep(strings.TrimSpace(sub[1]+" (image not shown: "+codeSpan(sub[2])) + ")")
	})
	s = reLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := reLink.FindStringSubmatch(m)
		if b.linkAllowed(sub[2]) {
			return keep(m)
		}
		return keep(sub[1] + " (link not followed: " + codeSpan(sub[2]) + ")")
	})
	s = reAutolink.ReplaceAllStringFunc(s, func(m string) string {
		u := reAutolink.FindStringSubmatch(m)[1]
		if b.linkAllowed(u) {
			return keep(m)
		}
		return keep(codeSpan(u))
	})
	// Raw HTML becomes text: no tag survives to be rendered.
	s = strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s)
	s = replaceOutsideCode(s, reBareURL, func(m string) string {
		u := m
		if i := strings.Index(u, "&"); i >= 0 && (strings.HasPrefix(u[i:], "&lt;") || strings.HasPrefix(u[i:], "&gt;")) {
			u = u[:i]
		}
		u = strings.TrimRight(u, ".,;:!?)]'\"")
		if b.linkAllowed(u) {
			return m
		}
		return codeSpan(u) + m[len(u):]
	})
	return reKept.ReplaceAllStringFunc(s, func(m string) string {
		i, _ := strconv.Atoi(m[1 : len(m)-1])
		return kept[i]
	})
}

var reKept = regexp.MustCompile("\x00[0-9]+\x00")

func (b *Brief) linkAllowed(u string) bool {
	u = strings.TrimSpace(u)
	if u == "" || strings.HasPrefix(u, "#") {
		return true
	}
	return b.sourceURLs[strings.TrimRight(u, "/")]
}

// replaceOutsideCode applies f to the matches of re outside code spans.
func replaceOutsideCode(s string, re *regexp.Regexp, f func(string) string) string {
	parts := strings.Split(s, "`")
	for i := 0; i < len(parts); i += 2 {
		parts[i] = re.ReplaceAllStringFunc(parts[i], f)
	}
	return strings.Join(parts, "`")
}

// codeSpan shows s literally: markdown does not link or fetch inside one.
func codeSpan(s string) string {
	s = strings.ReplaceAll(s, "`", "'")
	return "`" + s + "`"
}

// escapeLineStart keeps a paragraph from becoming a heading, quote, list,
// table or link definition because of how it begins.
func escapeLineStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '>', '-', '+', '*', '=', '|', '[', '~', '_':
		return `\` + s
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// clean makes model or report text safe to print as one line.
func clean(s string) string { return safetext.Line(s) }
