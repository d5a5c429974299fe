package docread

import (
	"strings"

	"github.com/brief-cli/brief/internal/lazyre"
	"github.com/brief-cli/brief/internal/terms"
)

// detectTextFormat decides between HTML, markdown and plain text for
// decoded text. Unambiguous content wins over the extension hint ext
// (lower case, with dot); the hint decides the rest.
func detectTextFormat(text, ext string) Format {
	head := text[:min(len(text), 64<<10)]
	if looksLikeHTMLStart(head) {
		return FormatHTML
	}
	switch ext {
	case ".html", ".htm", ".xhtml", ".shtml":
		if htmlTagRE().MatchString(head) {
			return FormatHTML
		}
	case ".md", ".markdown", ".mdown", ".mkd", ".mdx":
		return FormatMarkdown
	}
	if tags := len(htmlTagRE().FindAllStringIndex(head, -1)); tags >= 10 && tags*40 >= len(head) {
		return FormatHTML
	}
	if looksLikeMarkdown(head) {
		return FormatMarkdown
	}
	return FormatText
}

// htmlTagRE matches opening or closing tags of common HTML elements.
var htmlTagRE = lazyre.New(`(?i)</?(?:p|div|span|a|br|hr|table|tr|td|th|li|ul|ol|h[1-6]|img|strong|em|b|i|section|article|header|footer|nav|main|script|style|meta|link|form|blockquote|pre|code|body|head|html|title)[\s/>]`)

// looksLikeHTMLStart reports whether text opens like an HTML document,
// after any whitespace, XML declaration and comments.
func looksLikeHTMLStart(text string) bool {
	s := strings.TrimLeft(text, " \t\r\n\uFEFF")
	for {
		switch {
		case strings.HasPrefix(s, "<!--"):
			end := strings.Index(s, "-->")
			if end < 0 {
				return false
			}
			s = strings.TrimLeft(s[end+3:], " \t\r\n")
			continue
		case strings.HasPrefix(s, "<?xml"):
			end := strings.Index(s, "?>")
			if end < 0 {
				return false
			}
			s = strings.TrimLeft(s[end+2:], " \t\r\n")
			continue
		}
		break
	}
	lower := strings.ToLower(s[:min(len(s), 32)])
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

var (
	atxHeadingRE  = lazyre.New(`(?m)^#{1,6}[ \t]+\S`)
	frontMatterRE = lazyre.New(`\A(?:---|\+\+\+)\r?\n`)
)

// looksLikeMarkdown reports front matter, a leading "# " heading, or at
// least two ATX headings. Single "# " lines elsewhere are too common in
// plain text (shell comments) to count.
func looksLikeMarkdown(text string) bool {
	if frontMatterRE().MatchString(text) {
		if _, _, ok := splitFrontMatter(normalize(text[:min(len(text), 16<<10)])); ok {
			return true
		}
	}
	trimmed := strings.TrimLeft(text, " \t\r\n")
	if first, _, _ := strings.Cut(trimmed, "\n"); atxHeadingRE().MatchString(first) {
		return true
	}
	return len(atxHeadingRE().FindAllStringIndex(text, 3)) >= 2
}

// parseMarkdown drops front matter (keeping its title) and HTML comments
// and otherwise keeps the markdown as is: the segmenter understands it.
func parseMarkdown(text string) Document {
	text = normalize(text)
	fmTitle := ""
	if fm, body, ok := splitFrontMatter(text); ok {
		fmTitle = frontMatterTitle(fm)
		text = body
	}
	text = mendDroppedLetters(normalize(stripInlineMarkdown(stripHTMLComments(text))))
	return Document{Format: FormatMarkdown, Text: text, Title: markdownTitle(fmTitle, text)}
}

// parsePlainText normalizes plain text, dropping a front-matter block and
// HTML comments as for markdown (text exported from a site generator keeps
// them), but taking no title from them.
func parsePlainText(text string) Document {
	text = normalize(text)
	if _, body, ok := splitFrontMatter(text); ok {
		text = body
	}
	if strings.Contains(text, "<!--") {
		text = normalize(stripHTMLComments(text))
	}
	return Document{Format: FormatText, Text: mendHeadings(text)}
}

// splitFrontMatter splits a leading YAML ("---") or TOML ("+++") front
// matter block from normalized text. The block must close within 400 lines
// and hold at least one "key: value" (or "key = value") line.
func splitFrontMatter(text string) (fm, body string, ok bool) {
	var fence string
	switch {
	case strings.HasPrefix(text, "---\n"):
		fence = "---"
	case strings.HasPrefix(text, "+++\n"):
		fence = "+++"
	default:
		return "", "", false
	}
	rest := text[4:]
	for i, n := 0, 0; n < 400; n++ {
		end := strings.IndexByte(rest[i:], '\n')
		line := rest[i:]
		if end >= 0 {
			line = rest[i : i+end]
		}
		if line == fence || (fence == "---" && line == "...") {
			fm = rest[:i]
			if !frontMatterKeyRE().MatchString(fm) {
				return "", "", false
			}
			if end < 0 {
				return fm, "", true
			}
			return fm, rest[i+end+1:], true
		}
		if end < 0 {
			break
		}
		i += end + 1
	}
	return "", "", false
}

var (
	frontMatterKeyRE   = lazyre.New(`(?m)^[A-Za-z0-9_-]+[ \t]*[:=]`)
	frontMatterTitleRE = lazyre.New(`(?m)^title[ \t]*[:=][ \t]*(.*)$`)
)

// frontMatterTitle returns the top-level title of a YAML or TOML block,
// unquoted; YAML block scalars (title: >) take the indented lines after.
func frontMatterTitle(fm string) string {
	m := frontMatterTitleRE().FindStringSubmatchIndex(fm)
	if m == nil {
		return ""
	}
	v := strings.TrimSpace(fm[m[2]:m[3]])
	if v == "" || v == ">" || v == "|" || v == ">-" || v == "|-" {
		var parts []string
		for _, l := range strings.Split(fm[m[1]:], "\n")[1:] {
			if l == "" || (l[0] != ' ' && l[0] != '\t') {
				break
			}
			parts = append(parts, strings.TrimSpace(l))
		}
		v = strings.Join(parts, " ")
	}
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
		if v != "" && strings.ContainsRune(v, '\\') {
			v = strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(v)
		}
	}
	return strings.TrimSpace(v)
}

// stripHTMLComments removes <!-- ... --> comments; an unterminated one is
// left alone rather than swallowing the rest of the document.
func stripHTMLComments(s string) string {
	if !strings.Contains(s, "<!--") {
		return s
	}
	var sb strings.Builder
	for {
		i := strings.Index(s, "<!--")
		if i < 0 {
			break
		}
		j := strings.Index(s[i+4:], "-->")
		if j < 0 {
			break
		}
		sb.WriteString(s[:i])
		s = s[i+4+j+3:]
	}
	sb.WriteString(s)
	return sb.String()
}

// markdownTitle chooses between the front matter's title and the page's
// own headings (its level-1 heading, else the first heading near the top).
// A front-matter title naming a document by number ("Emergency Directive
// 21-01") takes the heading as its subtitle; one that only names the site
// or section ("CISA blog": no digits, three words at most) gives way to the
// heading, and so does any other when the page has a level-1 heading.
func markdownTitle(fmTitle, text string) string {
	h1 := firstHeading(text)
	top := h1
	if top == "" {
		top = topHeading(text)
	}
	switch {
	case fmTitle == "":
		return h1
	case top == "" || strings.Contains(fmTitle, top) || strings.Contains(top, fmTitle):
		return fmTitle
	case strings.ContainsAny(fmTitle, "0123456789"):
		return fmTitle + ": " + top
	case h1 != "" || len(strings.Fields(fmTitle)) <= 3:
		return top
	}
	return fmTitle
}

// topHeading returns the first ATX heading of any level among the first
// lines of text, emphasis removed, unless it is only a date.
func topHeading(text string) string {
	for i, l := range strings.SplitN(text, "\n", 40) {
		if i == 39 || !strings.HasPrefix(l, "#") {
			continue
		}
		h := strings.TrimSpace(strings.Trim(strings.TrimSpace(strings.TrimLeft(l, "#")), "*_"))
		rest := terms.MonthYear.ReplaceAllString(terms.FullDate.ReplaceAllString(h, ""), "")
		if len(strings.Fields(rest)) >= 2 {
			return h
		}
	}
	return ""
}

// firstHeading returns the text of the first level-1 heading ("# Title" or a
// setext "===" underline) outside fenced code blocks.
func firstHeading(text string) string {
	lines := strings.Split(text, "\n")
	fence := ""
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if strings.HasPrefix(t, "# ") || t == "#" {
			h := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t[1:]), "#"))
			if h != "" {
				return h
			}
		}
		if i > 0 && len(t) >= 3 && strings.Trim(t, "=") == "" && strings.TrimSpace(lines[i-1]) != "" {
			return strings.TrimSpace(lines[i-1])
		}
	}
	return ""
}
