package textseg

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// render turns a document into one line per paragraph: "## text" for a
// heading, sentences joined by " | " otherwise, prefixed with "[pN] " when
// the paragraph has a page.
func render(doc Document) []string {
	out := make([]string, 0, len(doc.Paragraphs))
	for _, p := range doc.Paragraphs {
		s := strings.Join(p.Sentences, " | ")
		if p.Heading {
			s = "## " + s
		}
		if p.Page != 0 {
			s = fmt.Sprintf("[p%d] %s", p.Page, s)
		}
		out = append(out, s)
	}
	return out
}

func TestSegmentLayouts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"whitespace only", " \n\t\n  \n", []string{}},
		{"blank-line paragraphs",
			"First paragraph here.\n\nSecond one. It has two sentences.\n",
			[]string{"First paragraph here.", "Second one. | It has two sentences."}},
		{"whitespace folded",
			"Tabs\tand   many    spaces\u00a0here.",
			[]string{"Tabs and many spaces here."}},
		{"one paragraph per line, long lines",
			"Alpha " + strings.Repeat("word ", 40) + "end\n" + "Beta " + strings.Repeat("word ", 40) + "end.\n",
			[]string{"Alpha " + strings.Repeat("word ", 40) + "end", "Beta " + strings.Repeat("word ", 40) + "end."}},
		{"hard-wrapped lines joined, short last line ends the paragraph",
			"This report responds to your request that we study the practices\n" +
				"of organizations that share sensitive information. Sharing is key\n" +
				"to defending against attacks.\n" +
				"The importance of sharing information has increased as our nation\n" +
				"has become reliant on computer systems.\n",
			[]string{
				"This report responds to your request that we study the practices of organizations that share sensitive information. | Sharing is key to defending against attacks.",
				"The importance of sharing information has increased as our nation has become reliant on computer systems.",
			}},
		{"hyphenated line end joined without space",
			"The information-\nsharing centers and the com-\nmission met.\n",
			[]string{"The information-sharing centers and the com-mission met."}},
		{"hanging indentation (911 ch12 layout)",
			"            WHAT TO DO? A GLOBAL STRATEGY\n" +
				"            Three years after 9/11, Americans are still thinking about how to\n" +
				"                protect our nation. The debate continues. Countering terrorism\n" +
				"                has become the top priority.\n" +
				"            The nation has committed enormous resources to national security\n" +
				"                and to countering terrorism since the Korean\n" +
				"                    War.\n",
			[]string{
				"## WHAT TO DO? A GLOBAL STRATEGY",
				"Three years after 9/11, Americans are still thinking about how to protect our nation. | The debate continues. | Countering terrorism has become the top priority.",
				"The nation has committed enormous resources to national security and to countering terrorism since the Korean War.",
			}},
		{"first-line indentation",
			"    The first paragraph starts indented and then\n" +
				"continues at the margin for a while longer.\n" +
				"    The second paragraph also starts indented\n" +
				"and continues at the margin.\n",
			[]string{
				"The first paragraph starts indented and then continues at the margin for a while longer.",
				"The second paragraph also starts indented and continues at the margin.",
			}},
		{"markdown headings, lists, table, rule",
			"# Title Here\n\nIntro text.\n\n## Section *One* ##\n- first item;\n- second item\n  continues here.\n* third\n\n1. Numbered one.\n2. Numbered two.\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
			[]string{
				"## Title Here", "Intro text.", "## Section *One*",
				"first item;", "second item continues here.", "third",
				"Numbered one.", "Numbered two.",
				"| a | b |", "| 1 | 2 |",
			}},
		{"heading emphasis stripped",
			"##  **Mitigate SolarWinds Orion Code Compromise**\n\nText follows.",
			[]string{"## Mitigate SolarWinds Orion Code Compromise", "Text follows."}},
		{"setext headings",
			"Main Title\n==========\n\nBody text.\n\nSub title\n---------\nMore body.",
			[]string{"## Main Title", "Body text.", "## Sub title", "More body."}},
		{"front matter must be YAML",
			"---\nThis is: prose with a colon\n---\nText.",
			[]string{"## This is: prose with a colon", "Text."}},
		{"front matter needs a key",
			"---\njust a rule above\n---\nText.",
			[]string{"## just a rule above", "Text."}},
		{"fenced code is one paragraph",
			"Before.\n\n```go\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n```\n\nAfter.",
			[]string{"Before.", "func main() { fmt.Println(\"hi\") }", "After."}},
		{"blockquote marker removed",
			"> Quoted text that\n> continues.\n\nNormal.",
			[]string{"Quoted text that continues.", "Normal."}},
		{"lone bullet line before its item (PDF layout)",
			"The steps were as follows:\n\n•\nMost held regular meetings.\n\n•\nMany encouraged participation.\n",
			[]string{"The steps were as follows:", "Most held regular meetings.", "Many encouraged participation."}},
		{"lone enumerator joined with its item",
			"Other factors included\n\n(1)\nestablishing secure communication, and\n(2) obtaining support.",
			[]string{"Other factors included", "(1) establishing secure communication, and", "(2) obtaining support."}},
		{"parenthesised number inside wrapped text is not an item",
			"The eight sectors identified were (1) information; (2) banking and finance;\n(3) water supply; and (4) transportation.\n",
			[]string{"The eight sectors identified were (1) information; (2) banking and finance; (3) water supply; and (4) transportation."}},
		{"rfc style o bullets",
			"   The goals are:\n\n   o  Clear, Concise Documentation\n\n   o  Technical Excellence\n",
			[]string{"The goals are:", "Clear, Concise Documentation", "Technical Excellence"}},
		{"table of contents lines stay separate",
			"Table of Contents\n\n   1. Introduction ....................3\n   2. Format of Entries ...............4\n",
			[]string{"## Table of Contents", "1. Introduction ....................3", "2. Format of Entries ...............4"}},
		{"columnar header lines stay separate",
			"Network Working Group                                          R. Shirey\nRequest for Comments: 4949                                   August 2007\n\nText.",
			[]string{"Network Working Group R. Shirey", "Request for Comments: 4949 August 2007", "Text."}},
		{"CJK lines joined without space",
			"第一条 为了保障网络安全，\n维护网络空间主权。第二条 适用本法。",
			[]string{"第一条 为了保障网络安全，维护网络空间主权。 | 第二条 适用本法。"}},
		{"a single page mention is content",
			"See Page 5 of the report.",
			[]string{"See Page 5 of the report."}},
		{"form feeds set pages",
			"One.\fTwo.\n\nThree.\f\fFour.",
			[]string{"[p1] One.", "[p2] Two.", "[p2] Three.", "[p4] Four."}},
		{"invalid utf-8 replaced",
			"Bad \xff byte.",
			[]string{"Bad \uFFFD byte."}},
		{"crlf and cr line ends",
			"Line one\r\ncontinues.\r\rNext para.",
			[]string{"Line one continues.", "Next para."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := render(Segment(tc.in))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Segment(%q)\n got: %q\nwant: %q", tc.in, got, tc.want)
			}
		})
	}
}

var pageBodies = []string{
	"Attacks could severely disrupt computer-supported operations and compromise",
	"Threats are increasing because the number of individuals with computer",
	"The federal government has recognized that mitigating risks to our",
	"Information sharing and coordination among organizations are central to",
	"Despite this limited progress, a number of government and private",
	"Trust was critical to overcome members' reluctance to disclose their",
}

// TestSegmentAfterDocread: page furniture is docread's to drop; segmented
// after it, the paragraphs read on as if the footers were never there.
func TestSegmentAfterDocread(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"repeated Page N footers dropped",
			"Alpha text line one\nPage 5 GAO-02-24 Information Sharing\ncontinues here.\n\nBeta.\nPage 6 GAO-02-24 Information Sharing\n\nGamma.\n\nPage 7 GAO-02-24 Information Sharing\n",
			[]string{"Alpha text line one continues here.", "Beta.", "Gamma."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := render(Segment(readText(t, "doc.txt", []byte(tc.in)))); !slices.Equal(got, tc.want) {
				t.Errorf("got: %q\nwant: %q", got, tc.want)
			}
		})
	}
}

func TestSegmentPageFurniture(t *testing.T) {
	// Five RFC-style pages with a running header and footer.
	var b strings.Builder
	for p := 1; p <= 5; p++ {
		if p > 1 {
			b.WriteString("\f\nRFC 4949         Internet Security Glossary, Version 2       August 2007\n\n\n")
		}
		fmt.Fprintf(&b, "   %s\n   %s\n\n\n", pageBodies[p-1], strings.ToLower(pageBodies[p]))
		fmt.Fprintf(&b, "Shirey                       Informational                      [Page %d]\n", p)
	}
	b.WriteString("\f\n   closing words of the last paragraph.\n")
	doc := Segment(readText(t, "pages.txt", []byte(b.String())))
	for _, p := range doc.Paragraphs {
		if strings.Contains(p.Text, "Shirey") || strings.Contains(p.Text, "RFC 4949") {
			t.Errorf("page furniture survived in P%d: %q", p.Number, p.Text)
		}
	}
	got := render(doc)
	// A page that starts with a capital starts a new paragraph; the last
	// page's lowercase text continues the paragraph from page 5.
	var want []string
	for p := 1; p <= 5; p++ {
		want = append(want, fmt.Sprintf("[p%d] %s %s", p, pageBodies[p-1], strings.ToLower(pageBodies[p])))
	}
	want[4] += " closing words of the last paragraph."
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestSegmentOCRBanners(t *testing.T) {
	// OCR garbles a banner differently on every page; the fuzzy matcher
	// still removes it, and page numbers on the last line go too.
	banners := []string{
		"Attorney Work Product // May Contain Material Protected Under Fed. R. Crim. P. 6(e)",
		"AttarAe:,c \\'erlc Predtiet // Mtt;  CeA1:ttiA Ma1:ertal Prn1:eeted UAder Fed. R.  Crhtt. P. 6(e)",
		"Atl6rney W6rk Pr6d1:1et // May C6ntain MEtterial Pr6teeted Under Fed. R.  Criffl. P. 6(e)",
		"Attorttey Work Prodttet // Mtt,  CoHtttiH Mttterittl Proteeted Uttder Fed. R. Criffl. P. 6(e)",
		"A~erHe~·  \\\\'erk Predttet // Moy CeHtoiH Material Preteeted UHaer Fee. R:.  Crim. P. 6(e)",
		"MterHey Werk Pretittet // Ma,· Cel'ltail'I Material Preteeteti UH:tier Fee. R.  Crim. P. 6(e)",
	}
	var b strings.Builder
	for i, bn := range banners {
		fmt.Fprintf(&b, "\f%s \n\nU.S. Department of Justice \n\n%s. \n\n%d \n", bn, pageBodies[i], i+1)
	}
	got := render(Segment(readText(t, "pages.txt", []byte(b.String()))))
	var want []string
	for i := range banners {
		want = append(want, fmt.Sprintf("[p%d] %s.", i+2, pageBodies[i]))
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestSegmentHeadings(t *testing.T) {
	tests := []struct {
		in      string
		heading bool
	}{
		{"Boarding the Flights", true},
		{"INSIDE THE FOUR FLIGHTS", true},
		{`"WE HAVE SOME PLANES"`, true},
		{"1. Introduction", true},
		{"2.5. Explanatory Notes", true},
		{"IV. FINDINGS AND RECOMMENDATIONS", true},
		{"Chapter 3", true},
		{"CHAPTER 12: What to Do", true},
		{"Глава 1", true},
		{"第一章 总则", true},
		{"Factors Critical to Successful Information Sharing", true},
		{"This is a sentence.", false},
		{"Dear Senator Bennett:", false},
		{"December 13, 2020", false},
		{"October 2001", false},
		{"the lowercase start", false},
		{"Foster Trust and Respect An underlying", false},
		{"第一条 为了保障网络安全", false},
		{"Короткая строка", false},
		{"A", false},
		{strings.Repeat("Long Title Words ", 8), false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			doc := Segment(tc.in + "\n\nA following paragraph of ordinary text.")
			if got := doc.Paragraphs[0].Heading; got != tc.heading {
				t.Errorf("Heading = %v, want %v (%q)", got, tc.heading, render(doc))
			}
			if tc.heading && len(doc.Paragraphs[0].Sentences) != 1 {
				t.Errorf("heading has %d sentences, want 1", len(doc.Paragraphs[0].Sentences))
			}
		})
	}
	// A title-case line at the very end is not followed by a paragraph.
	if doc := Segment("Text first.\n\nClosing Title Words"); doc.Paragraphs[1].Heading {
		t.Error("last paragraph marked as heading")
	}
}

func TestSegmentNumbersAndInvariants(t *testing.T) {
	doc := Segment("# A\n\nOne. Two.\n\n- three\n- four\n\nFive? Six!")
	for i, p := range doc.Paragraphs {
		if p.Number != i+1 {
			t.Errorf("paragraph %d has Number %d", i, p.Number)
		}
		if j := strings.Join(p.Sentences, " "); j != p.Text {
			t.Errorf("P%d: sentences join to %q, Text is %q", p.Number, j, p.Text)
		}
	}
	sents := doc.Sentences()
	if len(sents) != 7 || sents[0] != (Sentence{Para: 1, Text: "A"}) || sents[6] != (Sentence{Para: 5, Text: "Six!"}) {
		t.Errorf("Sentences() = %v", sents)
	}
}

func TestLongSentenceCapped(t *testing.T) {
	words := strings.Repeat("word, ", 1000) // 6000 bytes, no terminal punctuation
	doc := Segment(words)
	p := doc.Paragraphs[0]
	if len(p.Sentences) < 3 {
		t.Fatalf("got %d sentences, want the long run cut", len(p.Sentences))
	}
	for _, s := range p.Sentences {
		if len(s) > maxSentenceBytes {
			t.Errorf("sentence of %d bytes", len(s))
		}
	}
	if strings.Join(p.Sentences, " ") != strings.TrimSpace(words) {
		t.Error("cut sentences do not rejoin to the text")
	}
	// No space to cut at: the run is kept whole.
	blob := strings.Repeat("x", 3*maxSentenceBytes)
	if s := Segment(blob).Paragraphs[0].Sentences; len(s) != 1 {
		t.Errorf("unbreakable run split into %d", len(s))
	}
}

// TestListMarkers: list enumerators leave the prose for Paragraph.Marker,
// on real corpus lines; enumerators inside a sentence stay.
func TestListMarkers(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // sentences
		markers  []string // Paragraph.Marker of each paragraph
	}{
		{"numbered items (ED 19-01, PDF)",
			"1. The attacker begins by compromising user credentials, or obtaining them through\nalternate means, of an account that can make changes to DNS records.\n\n" +
				"2. Next, the attacker alters DNS records, like Address (A), Mail Exchanger (MX), or Name\nServer (NS) records.",
			[]string{"The attacker begins by compromising user credentials, or obtaining them through alternate means, of an account that can make changes to DNS records.",
				"Next, the attacker alters DNS records, like Address (A), Mail Exchanger (MX), or Name Server (NS) records."},
			[]string{"1.", "2."}},
		{"markdown list (CISA blog)",
			"1. Verify their DNS records to ensure they’re resolving as intended and not redirected elsewhere. This will help spot any active DNS hijacks.\n" +
				"4. Monitor Certificate Transparency logs for certificates issued that the agency did not request.",
			[]string{"Verify their DNS records to ensure they’re resolving as intended and not redirected elsewhere.", "This will help spot any active DNS hijacks.",
				"Monitor Certificate Transparency logs for certificates issued that the agency did not request."},
			[]string{"1.", "4."}},
		{"a tab after the enumerator (ED 21-01, markdown)",
			"1.\tFor Category 3 networks, agencies shall keep hosts that ran affected versions disconnected.",
			[]string{"For Category 3 networks, agencies shall keep hosts that ran affected versions disconnected."},
			[]string{"1."}},
		{"letter items (AR-16-20173)",
			"a. Report total number of network devices that were checked and verified, including Vendor and Model.",
			[]string{"Report total number of network devices that were checked and verified, including Vendor and Model."},
			[]string{"a."}},
		{"item run into a paragraph (ED 21-01 items)",
			"Agencies shall keep hosts that ran affected versions disconnected. 4. For Category 2 networks, provide an update on the incident to CISA.",
			[]string{"Agencies shall keep hosts that ran affected versions disconnected.", "For Category 2 networks, provide an update on the incident to CISA."},
			[]string{""}},
		{"a sentence broken at its inline enumerators keeps them (GAO-02-24)",
			"Other factors included\n\n(1)\nestablishing secure communication, and\n(2) obtaining support.",
			[]string{"Other factors included", "(1) establishing secure communication, and", "(2) obtaining support."},
			[]string{"", "", ""}},
		{"a year is no enumerator",
			"Production peaked in 1970. 2005. The decline continued.",
			[]string{"Production peaked in 1970.", "2005. The decline continued."},
			[]string{""}},
		{"numbered heading keeps its number (AR-16-20173)",
			"1. Segregate Networks and Functions\n\nProper network segmentation is a very effective security mechanism.",
			[]string{"1. Segregate Networks and Functions", "Proper network segmentation is a very effective security mechanism."},
			[]string{"", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Segment(tt.in)
			var sents, markers []string
			for _, p := range doc.Paragraphs {
				sents = append(sents, p.Sentences...)
				markers = append(markers, p.Marker)
				if p.Text != strings.Join(p.Sentences, " ") {
					t.Errorf("P%d Text %q is not its sentences joined", p.Number, p.Text)
				}
			}
			if !slices.Equal(sents, tt.want) {
				t.Errorf("sentences\n got: %q\nwant: %q", sents, tt.want)
			}
			if !slices.Equal(markers, tt.markers) {
				t.Errorf("markers %q, want %q", markers, tt.markers)
			}
		})
	}
}
