package extractive

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/brief-cli/brief/internal/testcorpus"

	"github.com/brief-cli/brief/internal/textseg"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// corpusCases are real documents of every kind the engine meets.
var corpusCases = []struct {
	file string
	lang string
	big  bool // minutes under the race detector: see skipBigUnderRace
}{
	{file: "news/cisa-blog-2019-01-24-why-cisa-issued-first-emergency-directive.md", lang: "en"},
	{file: "reports/cisa-ed-21-01-solarwinds-orion.md", lang: "en"},
	{file: "reports/gao-02-24-information-sharing-critical-infrastructure.txt", lang: "en"},
	{file: "reports/gao-02-957t-homeland-security-testimony.txt", lang: "en"},
	{file: "reports/gao-26-107955-defense-contractor-cybersecurity.md", lang: "en"},
	{file: "reports/911-commission-ch01-we-have-some-planes.txt", lang: "en"},
	{file: "reports/911-commission-ch12-what-to-do-global-strategy.txt", lang: "en"},
	{file: "reports/rfc4949-internet-security-glossary.txt", lang: "en", big: true},
	{file: "reports/mueller-report-2019-ocr.txt", lang: "en", big: true},
	{file: "multilingual/ru-address-federal-assembly-2024-02-29.txt", lang: "ru"},
	{file: "multilingual/zh-prc-cybersecurity-law-2016.md", lang: "zh"},
	{file: "stress/ami-EN2001a-transcript-very-long-lines.txt", lang: "en"},
	{file: "dataset-ami/ami-transcripts/ES2002a.transcript.txt", lang: "en"},
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sections lists the sections of r by name, for messages and checks.
func sections(r Result) []struct {
	name  string
	picks []Pick
} {
	out := []struct {
		name  string
		picks []Pick
	}{{"lead", r.Lead}, {"background", r.Background}, {"response", r.Response}}
	for _, th := range r.Themes {
		out = append(out, struct {
			name  string
			picks []Pick
		}{"theme: " + th.Heading, th.Picks})
	}
	return append(out, []struct {
		name  string
		picks []Pick
	}{{"implications", r.Implications}, {"key facts", r.KeyFacts}}...)
}

// checkVerbatim asserts that every pick is a sentence of doc, quoted
// exactly, with its paragraph number, that no sentence is picked twice and
// that sections are in source order.
func checkVerbatim(t *testing.T, doc textseg.Document, r Result) {
	t.Helper()
	all := doc.Sentences()
	seen := make(map[int]string)
	for _, sec := range sections(r) {
		last := -1
		for _, p := range sec.picks {
			if p.Sentence < 0 || p.Sentence >= len(all) {
				t.Fatalf("%s: sentence index %d out of range", sec.name, p.Sentence)
			}
			want := all[p.Sentence]
			if p.Text != want.Text || p.Para != want.Para {
				t.Errorf("%s: pick (¶%d) %q is not sentence %d (¶%d) %q", sec.name, p.Para, p.Text, p.Sentence, want.Para, want.Text)
			}
			if prev, dup := seen[p.Sentence]; dup {
				t.Errorf("sentence %d picked twice (%s and %s)", p.Sentence, prev, sec.name)
			}
			seen[p.Sentence] = sec.name
			if p.Sentence <= last {
				t.Errorf("%s: not in source order at sentence %d", sec.name, p.Sentence)
			}
			last = p.Sentence
			if p.Score <= 0 {
				t.Errorf("%s: non-positive score %v", sec.name, p.Score)
			}
		}
	}
}

func countPicks(r Result) int {
	n := 0
	for _, sec := range sections(r) {
		n += len(sec.picks)
	}
	return n
}

// TestCorpusBriefs summarises each corpus case at every length and checks
// the picks (verbatim, in order, each once), the language, the lead, the
// number of picks per length and under MaxSentences, and that a fresh
// segmentation gives the same brief (nothing may depend on pointer
// identity or map order). One test, so that each report is segmented and
// summarised once per setting: under -race this was three tests and 55 s.
func TestCorpusBriefs(t *testing.T) {
	type bounds struct{ lo, hi int }
	want := map[Length]bounds{Short: {3, 12}, Medium: {3, 25}, Long: {4, 40}}
	for _, tc := range corpusCases {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			skipBigUnderRace(t, tc.big)
			text := string(testcorpus.Read(t, tc.file))
			doc := segment(text)
			var prev int
			var medium Result
			for _, l := range []Length{Short, Medium, Long} {
				r := Summarize(doc, Options{Length: l})
				if l == Medium {
					medium = r
				}
				checkVerbatim(t, doc, r)
				if r.Language != tc.lang {
					t.Errorf("%v: language %q, want %q", l, r.Language, tc.lang)
				}
				if len(r.Lead) == 0 || len(r.Lead) > 3 {
					t.Errorf("%v: %d lead sentences, want 1-3", l, len(r.Lead))
				}
				n, b := countPicks(r), want[l]
				if n < b.lo || n > b.hi {
					t.Errorf("%v: %d picks, want %d-%d", l, n, b.lo, b.hi)
				}
				if n < prev {
					t.Errorf("%v: %d picks, fewer than the shorter setting's %d", l, n, prev)
				}
				prev = n
			}
			for _, max := range []int{1, 2, 5, 17} {
				if n := countPicks(Summarize(doc, Options{MaxSentences: max})); n > max || n == 0 {
					t.Errorf("MaxSentences %d: %d picks", max, n)
				}
			}
			for i := range 2 {
				if again := Summarize(segment(text), Options{}); !reflect.DeepEqual(medium, again) {
					t.Fatalf("run %d with a fresh segmentation differs:\n%+v\n%+v", i+2, medium, again)
				}
			}
		})
	}
}

func TestTargetCount(t *testing.T) {
	tests := []struct {
		n    int
		opt  Options
		want int
	}{
		{0, Options{}, 0},
		{2, Options{}, 2},
		{10, Options{}, 3},
		{100, Options{}, 9},
		{1000, Options{}, 25},
		{12000, Options{}, 25},
		{100, Options{Length: Short}, 4},
		{12000, Options{Length: Short}, 12},
		{100, Options{Length: Long}, 14},
		{12000, Options{Length: Long}, 40},
		{100, Options{MaxSentences: 50}, 50},
		{10, Options{MaxSentences: 50}, 10},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d-%v-%d", tc.n, tc.opt.Length, tc.opt.MaxSentences), func(t *testing.T) {
			if got := targetCount(tc.n, tc.opt); got != tc.want {
				t.Errorf("targetCount(%d, %+v) = %d, want %d", tc.n, tc.opt, got, tc.want)
			}
		})
	}
}

func TestNewsArticle(t *testing.T) {
	doc := segment(readTestdata(t, "cisa-blog-2019-01-24.md"))
	r := Summarize(doc, Options{})
	checkVerbatim(t, doc, r)
	if len(r.Lead) == 0 || !strings.HasPrefix(r.Lead[0].Text, "On Tuesday January 22nd, I released") {
		t.Errorf("lead should open with the article's first sentence, got %+v", r.Lead)
	}
	if r.Ordered {
		t.Error("English brief marked as unsectioned")
	}
}

// TestDirectiveRequiredActions: what an emergency directive requires
// agencies to do is the response to the threat.
func TestDirectiveRequiredActions(t *testing.T) {
	doc := segment(readTestdata(t, "cisa-ed-21-01.md"))
	r := Summarize(doc, Options{Length: Long})
	checkVerbatim(t, doc, r)
	// Paragraphs under a "Required Actions" heading.
	required := make(map[int]bool)
	in := false
	for _, p := range doc.Paragraphs {
		if p.Heading {
			in = strings.Contains(p.Text, "Required Actions")
			continue
		}
		required[p.Number] = in
	}
	inResponse, inSections, anywhere := 0, 0, 0
	for _, sec := range sections(r) {
		for _, p := range sec.picks {
			if !required[p.Para] {
				continue
			}
			anywhere++
			switch sec.name {
			case "response":
				inResponse++
				inSections++
			case "background", "implications":
				inSections++
				t.Logf("required action filed under %s: %s", sec.name, p.Text)
			}
		}
	}
	if anywhere < 2 {
		t.Errorf("only %d picks from the Required Actions sections", anywhere)
	}
	if inResponse*4 < inSections*3 {
		t.Errorf("%d of %d sectioned picks from Required Actions are in Response, want at least 3/4", inResponse, inSections)
	}
}

// TestNarrative: a chapter told by the clock leads with its events, not
// the scene its opening sets, and keeps them in its own order.
func TestNarrative(t *testing.T) {
	doc := segment(string(testcorpus.Read(t, "reports/911-commission-ch01-we-have-some-planes.txt")))
	r := Summarize(doc, Options{Title: `"We Have Some Planes"`})
	checkVerbatim(t, doc, r)
	if !r.Narrative || len(r.Response)+len(r.Implications)+len(r.Themes) > 0 {
		t.Errorf("narrative %v, response %d, implications %d, themes %d: want one account in Background",
			r.Narrative, len(r.Response), len(r.Implications), len(r.Themes))
	}
	lead := ""
	for _, p := range r.Lead {
		lead += p.Text + " "
	}
	if !strings.Contains(lead, "hijack") && !strings.Contains(lead, "World Trade Center") && !strings.Contains(lead, "Pentagon") {
		t.Errorf("the lead should tell of the hijackings or the crashes, got %q", lead)
	}
	for _, p := range r.Lead {
		if leadForm(p.Text) < fullForm {
			t.Errorf("lead sentence without actor, action and time or place: %q", p.Text)
		}
	}
}

func TestNonEnglish(t *testing.T) {
	t.Run("ru", func(t *testing.T) {
		doc := segment(string(testcorpus.Read(t, "multilingual/ru-address-federal-assembly-2024-02-29.txt")))
		r := Summarize(doc, Options{})
		checkVerbatim(t, doc, r)
		if r.Language != "ru" || r.Ordered {
			t.Errorf("language %q ordered %v, want ru with sections", r.Language, r.Ordered)
		}
		if len(r.Response) == 0 || len(r.Implications) == 0 {
			t.Errorf("Russian cues found no response (%d) or implications (%d)", len(r.Response), len(r.Implications))
		}
		for _, p := range r.Picks() {
			if !hasScript(p.Text, unicode.Cyrillic) {
				t.Errorf("pick without Cyrillic: %q", p.Text)
			}
		}
	})
	t.Run("zh", func(t *testing.T) {
		doc := segment(string(testcorpus.Read(t, "multilingual/zh-prc-cybersecurity-law-2016.md")))
		r := Summarize(doc, Options{})
		checkVerbatim(t, doc, r)
		if r.Language != "zh" || !r.Ordered {
			t.Errorf("language %q ordered %v, want zh, ordered", r.Language, r.Ordered)
		}
		if len(r.Background) < 2 || len(r.Response)+len(r.Implications) != 0 {
			t.Errorf("unsectioned summary should be in Background: %d/%d/%d", len(r.Background), len(r.Response), len(r.Implications))
		}
		for _, p := range r.Picks() {
			if !hasScript(p.Text, unicode.Han) {
				t.Errorf("pick without Han characters: %q", p.Text)
			}
		}
	})
}

func hasScript(s string, tab *unicode.RangeTable) bool {
	for _, r := range s {
		if unicode.Is(tab, r) {
			return true
		}
	}
	return false
}

func TestSmallDocuments(t *testing.T) {
	para := func(n int, heading bool, sents ...string) textseg.Paragraph {
		return textseg.Paragraph{Number: n, Heading: heading, Text: strings.Join(sents, " "), Sentences: sents}
	}
	long := "The agency issued an emergency directive on Tuesday requiring all federal civilian agencies to patch their mail servers."
	tests := []struct {
		name      string
		doc       textseg.Document
		wantPicks int
	}{
		{"empty", textseg.Document{}, 0},
		{"blank paragraph", textseg.Document{Paragraphs: []textseg.Paragraph{para(1, false)}}, 0},
		{"one sentence", textseg.Document{Paragraphs: []textseg.Paragraph{para(1, false, long)}}, 1},
		{"heading only", textseg.Document{Paragraphs: []textseg.Paragraph{para(1, true, "Emergency Directive 19-01")}}, 0},
		{"heading and sentence", textseg.Document{Paragraphs: []textseg.Paragraph{
			para(1, true, "# Emergency Directive"), para(2, false, long)}}, 1},
		{"fragments only", textseg.Document{Paragraphs: []textseg.Paragraph{para(1, false, "Yes.", "No.", "Page 4")}}, 0},
		{"duplicate sentence", textseg.Document{Paragraphs: []textseg.Paragraph{para(1, false, long), para(2, false, long)}}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, opt := range []Options{{}, {Length: Short}, {Length: Long}, {MaxSentences: 1}} {
				r := Summarize(tc.doc, opt)
				checkVerbatim(t, tc.doc, r)
				if n := countPicks(r); n != tc.wantPicks {
					t.Errorf("%+v: %d picks, want %d", opt, n, tc.wantPicks)
				}
				if tc.wantPicks == 1 && (len(r.Lead) != 1 || r.Lead[0].Text != long) {
					t.Errorf("%+v: the one sentence should be the lead: %+v", opt, r)
				}
			}
		})
	}
}

// TestGolden pins the complete brief of two real documents, so that any
// change in ranking, selection or sectioning shows up in review. Refresh
// with go test -run TestGolden -update.
func TestGolden(t *testing.T) {
	for _, name := range []string{"cisa-blog-2019-01-24.md", "cisa-ed-21-01.md"} {
		t.Run(name, func(t *testing.T) {
			r := Summarize(segment(readTestdata(t, name)), Options{})
			got := render(r)
			golden := filepath.Join("testdata", strings.TrimSuffix(name, ".md")+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("brief differs from %s (rerun with -update if intended):\n%s", golden, got)
			}
		})
	}
}

func render(r Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "language: %s\nordered: %v\n", r.Language, r.Ordered)
	for _, sec := range sections(r) {
		fmt.Fprintf(&b, "\n[%s]\n", sec.name)
		for _, p := range sec.picks {
			fmt.Fprintf(&b, "¶%d #%d %.3f %s\n", p.Para, p.Sentence, p.Score, p.Text)
		}
	}
	return b.String()
}

func FuzzSummarize(f *testing.F) {
	f.Add("Hello world. This is a test of the summarizer with several words.\n\nSecond paragraph here, with 25% more text in 2019.")
	f.Add("# Title\n\nНа встрече обсудили бюджет на 2025 год. Правительство приняло решение.")
	f.Add("第一条 为了保障网络安全，制定本法。第二条 本法自2017年6月1日起施行。")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		doc := segment(text)
		r := Summarize(doc, Options{})
		checkVerbatim(t, doc, r)
		if r.Language == "" {
			t.Error("empty language")
		}
	})
}
