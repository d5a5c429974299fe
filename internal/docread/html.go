package docread

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// minReadableShare is the share of the page's visible text that the
// readability extraction must keep; below it the extraction probably
// picked a sidebar or a fragment and the whole visible body is used.
const minReadableShare = 0.2

// parseHTML extracts the main content of an HTML page as paragraphs.
// raw is the undecoded input, text its decoding as enc.
func parseHTML(raw []byte, text, enc string) (Document, error) {
	if enc == EncodingWindows1252 {
		// Not UTF-8: a <meta charset> may name the real legacy encoding.
		if e, name, _ := charset.DetermineEncoding(raw, "text/html"); name != "" && name != EncodingWindows1252 && name != EncodingUTF8 {
			if out, err := e.NewDecoder().Bytes(raw); err == nil {
				text, enc = string(out), name
			}
		}
	}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return Document{}, &FormatError{Format: FormatHTML, Err: err}
	}
	visible := normalize(renderHTML(findBody(root), true))
	body := visible
	var title string
	if art, err := parseReadable(root); err == nil && art.Node != nil {
		title = strings.TrimSpace(art.Title())
		main := normalize(renderHTML(art.Node, false))
		if float64(letterCount(main)) >= minReadableShare*float64(letterCount(visible)) {
			body = main
		}
	}
	if title == "" {
		title = htmlTitle(root)
	}
	return Document{Format: FormatHTML, Text: body, Title: title, Encoding: enc}, nil
}

// parseReadable runs readability, turning a panic inside the library into
// an error so that the visible-text fallback still applies.
func parseReadable(root *html.Node) (art readability.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("readability panic: %v", r)
		}
	}()
	p := readability.NewParser()
	return p.ParseDocument(root, nil)
}

// letterCount counts letters and digits, the measure of how much text a
// rendering kept.
func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

func findBody(root *html.Node) *html.Node {
	if b := findFirst(root, atom.Body); b != nil {
		return b
	}
	return root
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, a); f != nil {
			return f
		}
	}
	return nil
}

// htmlTitle returns og:title, else <title>, else the first <h1>.
func htmlTitle(root *html.Node) string {
	var og, title, h1 string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				if p := attr(n, "property") + attr(n, "name"); og == "" && strings.EqualFold(p, "og:title") {
					og = strings.TrimSpace(attr(n, "content"))
				}
			case atom.Title:
				if title == "" {
					title = collapseSpace(textContent(n))
				}
			case atom.H1:
				if h1 == "" {
					h1 = collapseSpace(textContent(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, t := range []string{og, title, h1} {
		if t != "" {
			return t
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func textContent(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// dropped elements never hold readable text.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Head: true, atom.Button: true, atom.Select: true,
	atom.Input: true, atom.Textarea: true, atom.Nav: true, atom.Form: true, atom.Dialog: true,
}

// chrome elements are page furniture, dropped when rendering the whole body
// (readability has already judged the ones it kept).
var chrome = map[atom.Atom]bool{atom.Header: true, atom.Footer: true, atom.Aside: true}

// blocks start and end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dir: true,
	atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true,
	atom.Li: true, atom.Main: true, atom.Menu: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true, atom.Tr: true, atom.Ul: true, atom.Caption: true, atom.Legend: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

var headingLevel = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

// hidden reports elements a browser would not show.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			s := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// htmlRenderer turns a DOM subtree into paragraphs separated by blank
// lines, markdown-style: "# " headings, "- " and "1. " list items, table
// rows with " | " between cells.
type htmlRenderer struct {
	out        strings.Builder
	para       strings.Builder // current paragraph, whitespace collapsed
	space      bool            // a space is owed before the next word
	prefix     string          // marker for the current paragraph ("## ", "- ")
	lists      []int           // open lists: -1 for <ul>, else next <ol> number
	dropChrome bool
}

func renderHTML(n *html.Node, dropChrome bool) string {
	r := &htmlRenderer{dropChrome: dropChrome}
	r.walk(n)
	r.flush()
	return r.out.String()
}

// flush ends the current paragraph. The pending prefix survives an empty
// paragraph, so "<li><p>text</p></li>" still gets its marker.
func (r *htmlRenderer) flush() {
	p := strings.TrimSpace(r.para.String())
	r.para.Reset()
	r.space = false
	if p == "" {
		return
	}
	if r.out.Len() > 0 {
		r.out.WriteString("\n\n")
	}
	r.out.WriteString(r.prefix)
	r.out.WriteString(p)
	r.prefix = ""
}

// text appends inline text, collapsing whitespace runs to one space as a
// browser does (a no-break space is kept as a plain space).
func (r *htmlRenderer) text(s string) {
	for _, c := range s {
		if c != '\u00A0' && unicode.IsSpace(c) {
			r.space = r.para.Len() > 0
			continue
		}
		if c == '\u00A0' {
			c = ' '
		}
		if r.space && !strings.HasSuffix(r.para.String(), "\n") {
			r.para.WriteByte(' ')
		}
		r.space = false
		r.para.WriteRune(c)
	}
}

func (r *htmlRenderer) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.text(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
		r.children(n)
		return
	default:
		return
	}
	a := n.DataAtom
	if dropped[a] || (r.dropChrome && chrome[a]) || hidden(n) {
		return
	}
	switch {
	case a == atom.Br:
		r.para.WriteByte('\n')
		r.space = false
	case a == atom.Pre:
		r.flush()
		if pre := strings.Trim(textContent(n), "\n"); strings.TrimSpace(pre) != "" {
			if r.out.Len() > 0 {
				r.out.WriteString("\n\n")
			}
			r.out.WriteString(pre)
		}
	case headingLevel[a] > 0:
		r.flush()
		r.prefix = strings.Repeat("#", headingLevel[a]) + " "
		r.children(n)
		r.flush()
		r.prefix = ""
	case a == atom.Ul || a == atom.Ol:
		r.flush()
		start := -1
		if a == atom.Ol {
			start = 1
			if s, err := strconv.Atoi(attr(n, "start")); err == nil {
				start = s
			}
		}
		r.lists = append(r.lists, start)
		r.children(n)
		r.lists = r.lists[:len(r.lists)-1]
		r.flush()
	case a == atom.Li:
		r.flush()
		marker := "- "
		if k := len(r.lists); k > 0 && r.lists[k-1] >= 0 {
			marker = strconv.Itoa(r.lists[k-1]) + ". "
			r.lists[k-1]++
		}
		r.prefix = strings.Repeat("  ", max(len(r.lists)-1, 0)) + marker
		r.children(n)
		r.flush()
		r.prefix = ""
	case a == atom.Td || a == atom.Th:
		if r.para.Len() > 0 {
			r.para.WriteString(" | ")
			r.space = false
		}
		r.children(n)
	case blocks[a]:
		r.flush()
		r.children(n)
		r.flush()
	default:
		r.children(n)
	}
}

func (r *htmlRenderer) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c)
	}
}
