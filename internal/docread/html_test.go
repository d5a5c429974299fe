package docread

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/brief-cli/brief/internal/testcorpus"
)

const articlePage = `<!DOCTYPE html>
<html><head><title>Site | Ignored</title>
<meta property="og:title" content="The Real Title">
<style>.nav { color: red; } body { margin: 0 }</style>
<script>var tracking = "do not extract";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<header class="site-header">Site banner</header>
<article>
<h1>Report on Things</h1>
<p>The first paragraph explains the situation in enough detail that a reader
can follow it, with an ampersand &amp; an accent caf&eacute; and a&nbsp;no-break space.</p>
<h2>Background</h2>
<p>The second paragraph gives the background of the matter at hand, over several
sentences. It continues here so that the paragraph is long enough to be content.</p>
<ul><li>First item of the list</li><li>Second item with <b>bold</b> text</li></ul>
<ol><li>Step one</li><li>Step two</li></ol>
<blockquote><p>A quoted statement that matters to the story.</p></blockquote>
<table><tr><th>Year</th><th>Value</th></tr><tr><td>2006</td><td>1.1</td></tr></table>
<pre>code   keeps
  its spacing</pre>
<p>Line one<br>line two after a break.</p>
<p hidden>Hidden text.</p><p style="display: none">Also hidden.</p>
</article>
<footer>Copyright footer text</footer>
</body></html>`

func TestHTMLArticle(t *testing.T) {
	doc, err := Parse([]byte(articlePage), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != FormatHTML || doc.Title != "The Real Title" {
		t.Errorf("Format, Title = %q, %q", doc.Format, doc.Title)
	}
	for _, want := range []string{
		"ampersand & an accent café and a no-break space.",
		"## Background",
		"- First item of the list",
		"- Second item with bold text",
		"1. Step one\n\n2. Step two",
		"A quoted statement that matters to the story.",
		"Year | Value\n\n2006 | 1.1",
		"code   keeps\n  its spacing",
		"Line one\nline two after a break.",
	} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, doc.Text)
		}
	}
	for _, bad := range []string{"tracking", "color: red", "About us", "Hidden text", "Also hidden", "<p>", "&amp;"} {
		if strings.Contains(doc.Text, bad) {
			t.Errorf("text contains %q:\n%s", bad, doc.Text)
		}
	}
}

func TestHTMLFallbackAndTitles(t *testing.T) {
	tests := []struct {
		name, in  string
		want      []string
		notWant   []string
		wantTitle string
	}{
		{
			name:      "short page uses visible text",
			in:        `<html><head><title>Short page</title></head><body><nav>Menu Menu</nav><div>Tiny note.</div><p>Second tiny note.</p><footer>foot</footer></body></html>`,
			want:      []string{"Tiny note.", "Second tiny note."},
			notWant:   []string{"Menu", "foot"},
			wantTitle: "Short page",
		},
		{
			name:      "title from h1",
			in:        `<html><body><h1>Heading Title</h1><p>Some text.</p></body></html>`,
			want:      []string{"# Heading Title", "Some text."},
			wantTitle: "Heading Title",
		},
		{
			name: "fragment",
			in:   `<p>One &lt;tag&gt; here.</p><p>Two.</p><div>Three</div><p>Four</p><p>Five</p><p>Six</p><p>Seven</p><p>Eight</p><p>Nine</p><p>Ten</p>`,
			want: []string{"One <tag> here.\n\nTwo.\n\nThree"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.in), Options{NameHint: "page.html"})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(doc.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, doc.Text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(doc.Text, w) {
					t.Errorf("text has %q:\n%s", w, doc.Text)
				}
			}
			if doc.Title != tt.wantTitle {
				t.Errorf("Title = %q, want %q", doc.Title, tt.wantTitle)
			}
		})
	}
}

func TestHTMLDeclaredCharset(t *testing.T) {
	body, err := charmap.KOI8R.NewEncoder().String("Привет, мир. Это проверка кодировки.")
	if err != nil {
		t.Fatal(err)
	}
	in := `<html><head><meta charset="koi8-r"><title>t</title></head><body><p>` + body + `</p></body></html>`
	doc, err := Parse([]byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Text, "Привет, мир.") || doc.Encoding != "koi8-r" {
		t.Errorf("Text %q, Encoding %q", doc.Text, doc.Encoding)
	}
}

var sentenceRE = regexp.MustCompile(`[^.!?]{40,}[.!?]`)

// TestHTMLCorpus checks the GAO pages: page chrome gone, the report's
// paragraphs present. The markdown edition of one report is the reference.
func TestHTMLCorpus(t *testing.T) {
	tests := []struct {
		file, title string
		phrases     []string
		reference   string // markdown edition; its sentences should reappear
	}{
		{
			file:      "html/gao-26-107955-defense-contractor-cybersecurity.html",
			title:     "Defense Contractor Cybersecurity: DOD Should Address External Factors That Could Impede Program Implementation",
			phrases:   []string{"### What GAO Found", "Cybersecurity Maturity Model Certification (CMMC) program in 2020"},
			reference: "reports/gao-26-107955-defense-contractor-cybersecurity.md",
		},
		{
			file:    "html/gao-07-283-crude-oil-supply.html",
			title:   "Crude Oil: Uncertainty about Future Oil Supply Makes It Important to Develop a Strategy for Addressing a Peak and Decline in Oil Production",
			phrases: []string{"peak", "Organization of the Petroleum Exporting Countries"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := Parse(testcorpus.Read(t, tt.file), Options{NameHint: tt.file})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != FormatHTML || doc.Title != tt.title {
				t.Errorf("Format %q, Title %q", doc.Format, doc.Title)
			}
			for _, bad := range []string{"--navy", "font-family", "{", "GAO Reports</", "Download PDF", "EPUB"} {
				if strings.Contains(doc.Text, bad) {
					t.Errorf("page chrome %q left in text", bad)
				}
			}
			for _, p := range tt.phrases {
				if !strings.Contains(doc.Text, p) {
					t.Errorf("text lacks %q", p)
				}
			}
			if paras := strings.Count(doc.Text, "\n\n") + 1; paras < 100 {
				t.Errorf("only %d paragraphs", paras)
			}
			if tt.reference == "" {
				return
			}
			ref := string(testcorpus.Read(t, tt.reference))
			flat := strings.Join(strings.Fields(doc.Text), " ")
			var found, total int
			for _, s := range sentenceRE.FindAllString(ref, -1) {
				s = strings.Join(strings.Fields(s), " ")
				if strings.ContainsAny(s, "|*#[]_") {
					continue // tables and markup differ between the editions
				}
				total++
				if strings.Contains(flat, s) {
					found++
				}
			}
			share := float64(found) / float64(total)
			t.Logf("%d of %d reference sentences found (%.0f%%)", found, total, 100*share)
			if total < 100 || share < 0.6 {
				t.Errorf("found %d of %d reference sentences, want at least 60%%", found, total)
			}
		})
	}
}
