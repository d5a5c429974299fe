package textseg

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/testcorpus"
)

var corpusCache sync.Map // path -> Document

func corpusDoc(t testing.TB, rel string) (Document, string) {
	t.Helper()
	path := filepath.Join(testcorpus.Dir(t), rel)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := corpusCache.Load(path); ok {
		return d.(Document), string(b)
	}
	doc := Segment(readText(t, path, b))
	corpusCache.Store(path, doc)
	return doc, string(b)
}

// checkDocument verifies the structural invariants every segmentation has.
func checkDocument(t *testing.T, doc Document, hasFF bool) {
	t.Helper()
	lastPage := 0
	for i, p := range doc.Paragraphs {
		if p.Number != i+1 {
			t.Fatalf("paragraph %d numbered %d", i, p.Number)
		}
		if hasFF {
			if p.Page < max(1, lastPage) {
				t.Fatalf("P%d: page %d after page %d", p.Number, p.Page, lastPage)
			}
			lastPage = p.Page
		} else if p.Page != 0 {
			t.Fatalf("P%d: page %d without form feeds", p.Number, p.Page)
		}
		if len(p.Sentences) == 0 {
			t.Fatalf("P%d has no sentences", p.Number)
		}
		if j := strings.Join(p.Sentences, " "); j != p.Text {
			t.Fatalf("P%d: sentences join to %q, Text %q", p.Number, j, p.Text)
		}
		for _, s := range p.Sentences {
			if s == "" || s != strings.TrimSpace(s) || strings.Contains(s, "  ") || !utf8.ValidString(s) {
				t.Fatalf("P%d: malformed sentence %q", p.Number, s)
			}
			if strings.ContainsAny(s, "\n\t\f\r") {
				t.Fatalf("P%d: unfolded whitespace in %q", p.Number, s)
			}
		}
	}
}

func TestCorpus(t *testing.T) {
	tests := []struct {
		file             string
		minParas, maxPar int
		minSents         int
		maxSentence      int // bytes
	}{
		{"reports/911-commission-ch01-we-have-some-planes.txt", 300, 420, 1000, 1200},
		{"reports/911-commission-ch12-what-to-do-global-strategy.txt", 180, 300, 750, 1200},
		{"reports/cisa-ed-21-01-solarwinds-orion.md", 120, 220, 200, 1200},
		{"reports/gao-02-24-information-sharing-critical-infrastructure.txt", 150, 300, 400, 1200},
		{"reports/gao-02-957t-homeland-security-testimony.txt", 150, 320, 380, 1200},
		{"reports/gao-26-107955-defense-contractor-cybersecurity.md", 300, 550, 600, 1200},
		{"reports/mueller-report-2019-ocr.txt", 4500, 8000, 10000, 1500},
		{"reports/rfc4949-internet-security-glossary.txt", 4000, 6500, 7500, 1200},
		{"stress/ami-EN2001a-transcript-very-long-lines.txt", 5, 5, 1200, maxSentenceBytes},
		{"multilingual/ru-address-federal-assembly-2024-02-29.txt", 280, 300, 750, 1200},
		{"multilingual/zh-prc-cybersecurity-law-2016.md", 120, 160, 140, 1200},
		{"news/cisa-blog-2019-01-24-why-cisa-issued-first-emergency-directive.md", 15, 40, 30, 1200},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			doc, src := corpusDoc(t, tc.file)
			checkDocument(t, doc, strings.Contains(src, "\f"))
			n := len(doc.Paragraphs)
			if n < tc.minParas || n > tc.maxPar {
				t.Errorf("%d paragraphs, want %d..%d", n, tc.minParas, tc.maxPar)
			}
			sents := doc.Sentences()
			if len(sents) < tc.minSents {
				t.Errorf("%d sentences, want at least %d", len(sents), tc.minSents)
			}
			for _, s := range sents {
				if len(s.Text) > tc.maxSentence {
					t.Errorf("P%d: sentence of %d bytes: %.120q…", s.Para, len(s.Text), s.Text)
				}
			}
		})
	}
}

func TestCorpusRFCPaging(t *testing.T) {
	doc, _ := corpusDoc(t, "reports/rfc4949-internet-security-glossary.txt")
	for _, p := range doc.Paragraphs {
		if strings.Contains(p.Text, "Shirey Informational") || strings.Contains(p.Text, "[Page ") ||
			strings.Contains(p.Text, "RFC 4949 Internet Security Glossary, Version 2 August 2007") {
			t.Errorf("P%d (page %d) keeps page furniture: %.100q", p.Number, p.Page, p.Text)
		}
	}
	// 365 form feeds, the last one ending the file.
	if last := doc.Paragraphs[len(doc.Paragraphs)-1].Page; last != 365 {
		t.Errorf("last paragraph on page %d, want 365", last)
	}
	// A definition broken by the page 18/19 boundary is joined again.
	want := "That is, the service enables a client to access servers (a) without allowing anyone to gather information about which servers the client accesses and (b) without allowing the accessed servers to gather information about the client, such as its IP address."
	if !hasSentence(doc, want) {
		t.Errorf("sentence split by the page break not rejoined: %q", want)
	}
}

func TestCorpus911Ch12(t *testing.T) {
	doc, _ := corpusDoc(t, "reports/911-commission-ch12-what-to-do-global-strategy.txt")
	if p := doc.Paragraphs[0]; !p.Heading || p.Text != "WHAT TO DO? A GLOBAL STRATEGY" {
		t.Errorf("P1 = %+v, want the chapter heading", p)
	}
	for _, want := range []string{
		// continuation lines at 16 and 20 spaces joined
		"The United States has not experienced such a rapid surge in national security spending since the Korean War.",
		"Bin Ladin and Islamist terrorists mean exactly what they say: to them America is the font of all evil, the \"head of the snake,\" and it must be converted or destroyed.",
	} {
		if !hasSentence(doc, want) {
			t.Errorf("missing sentence %q", want)
		}
	}
	lower := 0
	for _, p := range doc.Paragraphs {
		if startsLowerLetter(p.Text) {
			lower++
		}
	}
	if lower*20 > len(doc.Paragraphs) {
		t.Errorf("%d of %d paragraphs start in lowercase: continuation lines not joined", lower, len(doc.Paragraphs))
	}
}

func TestCorpusMuellerOCR(t *testing.T) {
	doc, _ := corpusDoc(t, "reports/mueller-report-2019-ocr.txt")
	banners, headers := 0, 0
	for _, p := range doc.Paragraphs {
		if strings.Contains(p.Text, " // M") || strings.Contains(p.Text, " /,' M") {
			banners++
		}
		if p.Text == "U.S. Department of Justice" {
			headers++
		}
	}
	if banners > 5 || headers > 5 {
		t.Errorf("%d banner and %d running-header paragraphs survive", banners, headers)
	}
	// 448 form feeds, the last one ending the file.
	if last := doc.Paragraphs[len(doc.Paragraphs)-1].Page; last != 448 {
		t.Errorf("last page %d, want 448", last)
	}
}

func TestCorpusChinese(t *testing.T) {
	doc, src := corpusDoc(t, "multilingual/zh-prc-cybersecurity-law-2016.md")
	if strings.Contains(src, "INFO END") {
		for _, p := range doc.Paragraphs {
			if strings.Contains(p.Text, "INFO END") {
				t.Error("HTML comment kept")
			}
		}
	}
	headings := 0
	for _, p := range doc.Paragraphs {
		if p.Heading {
			headings++
		}
		for _, s := range p.Sentences {
			if i := strings.Index(s, "。"); i >= 0 && i+len("。") < len(s) {
				t.Errorf("P%d: sentence not split at 。: %q", p.Number, s)
			}
		}
	}
	if headings < 8 {
		t.Errorf("%d headings, want the title and the chapters", headings)
	}
	if !hasSentence(doc, "第八条 国家网信部门负责统筹协调网络安全工作和相关监督管理工作。") {
		t.Error("article 8 first sentence missing")
	}
}

func TestCorpusRussian(t *testing.T) {
	doc, _ := corpusDoc(t, "multilingual/ru-address-federal-assembly-2024-02-29.txt")
	if got := doc.Paragraphs[0].Sentences; len(got) != 3 || got[0] != "В.Путин: Уважаемые сенаторы!" {
		t.Errorf("P1 sentences = %q", got)
	}
	for _, s := range doc.Sentences() {
		r, _ := utf8.DecodeRuneInString(s.Text)
		if unicode.Is(unicode.Cyrillic, r) && unicode.IsLower(r) {
			t.Errorf("P%d: sentence starts in lowercase: %.80q", s.Para, s.Text)
		}
	}
}

func TestCorpusMarkdown(t *testing.T) {
	doc, _ := corpusDoc(t, "reports/cisa-ed-21-01-solarwinds-orion.md")
	for _, p := range doc.Paragraphs {
		if strings.Contains(p.Text, "layout: base") || strings.Contains(p.Text, "redirect_to") {
			t.Fatalf("front matter kept in P%d", p.Number)
		}
	}
	var headings []string
	for _, p := range doc.Paragraphs {
		if p.Heading {
			headings = append(headings, p.Text)
		}
	}
	for _, want := range []string{"Mitigate SolarWinds Orion Code Compromise", "Background", "Required Actions"} {
		if !strings.Contains(strings.Join(headings, "\n"), want) {
			t.Errorf("heading %q not found in %q", want, headings)
		}
	}
}

func TestCorpusWrappedGAO(t *testing.T) {
	doc, _ := corpusDoc(t, "reports/gao-02-24-information-sharing-critical-infrastructure.txt")
	for _, p := range doc.Paragraphs {
		if strings.Contains(p.Text, "Page 5 GAO-02-24") {
			t.Errorf("P%d keeps the page footer", p.Number)
		}
	}
	want := "Attacks could severely disrupt computer-supported operations, compromise the confidentiality of sensitive information, and diminish the integrity of critical data."
	if !hasSentence(doc, want) {
		t.Errorf("wrapped sentence not rejoined: %q", want)
	}
}

func TestCorpusLongLines(t *testing.T) {
	doc, _ := corpusDoc(t, "stress/ami-EN2001a-transcript-very-long-lines.txt")
	for _, p := range doc.Paragraphs {
		if len(p.Sentences) < 20 {
			t.Errorf("P%d: %d sentences in a %d-byte line", p.Number, len(p.Sentences), len(p.Text))
		}
	}
}

func hasSentence(doc Document, want string) bool {
	for _, p := range doc.Paragraphs {
		for _, s := range p.Sentences {
			if s == want {
				return true
			}
		}
	}
	return false
}
