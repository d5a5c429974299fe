package align

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"

	"github.com/brief-cli/brief/internal/textseg"
)

// doc builds a document with one paragraph per text, numbered from 1.
func doc(texts ...string) textseg.Document {
	var d textseg.Document
	for i, t := range texts {
		d.Paragraphs = append(d.Paragraphs, textseg.Paragraph{Number: i + 1, Text: t, Sentences: []string{t}})
	}
	return d
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"The agencies issued directives.", []string{"agency", "issu", "directiv"}},
		{"issue issues issued issuing", []string{"issu", "issu", "issu", "issu"}},
		{"Russia's SVR hacked SolarWinds", []string{"russia", "svr", "hack", "solarwind"}},
		{"18,000 customers; $3.50 each in 2019.", []string{"18000", "customer", "3.50", "2019"}},
		{"O’Brien and O'Neil", []string{"obrien", "oneil"}},
		{"stopped running", []string{"stop", "run"}},
		{"Ça coûte 5 €", []string{"ça", "coûte", "5"}},
		{"Россия и США", []string{"россия", "сша"}},
		{"网络安全法", []string{"网络", "络安", "安全", "全法"}},
		{"第1条 国", []string{"第", "1", "条", "国"}},
		{"a I x", nil},
		{"۶۷ and 7", []string{"۶۷", "7"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Terms(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStem(t *testing.T) {
	pairs := [][2]string{
		{"agencies", "agency"}, {"create", "created"}, {"creating", "create"},
		{"hijacked", "hijacking"}, {"directives", "directive"}, {"passes", "pass"},
	}
	for _, p := range pairs {
		if a, b := stem(p[0]), stem(p[1]); a != b {
			t.Errorf("stem(%q) = %q, stem(%q) = %q; want equal", p[0], a, p[1], b)
		}
	}
	for _, w := range []string{"bus", "status", "analysis", "news"} {
		if got := stem(w); got == "" {
			t.Errorf("stem(%q) empty", w)
		}
	}
}

var sample = doc(
	"CISA issued Emergency Directive 21-01 on December 13, 2020.",
	"Agencies must disconnect or power down SolarWinds Orion products immediately.",
	"The SolarWinds Orion compromise was attributed to the Russian SVR.",
	"Agencies reported their status to CISA by noon on December 14.",
	"Unrelated paragraph about weather in Maine and flights to Boston.",
)

func TestBest(t *testing.T) {
	ix := NewIndex(sample)
	tests := []struct {
		stmt string
		k    int
		want []int
	}{
		{"Agencies were told to power down SolarWinds Orion.", 2, []int{2, 3}},
		{"The compromise was attributed to Russia's SVR.", 1, []int{3}},
		{"CISA issued Emergency Directive 21-01", 3, []int{1, 4}},
		{"Flights to Boston", 5, []int{5}},
		{"zebra quantum", 3, nil},
		{"the of and", 3, nil},
		{"Orion", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.stmt, func(t *testing.T) {
			got := ix.Best(tt.stmt, tt.k)
			var paras []int
			for i, m := range got {
				paras = append(paras, m.Para)
				if m.Score <= 0 {
					t.Errorf("match %d has score %v", i, m.Score)
				}
				if i > 0 && m.Score > got[i-1].Score {
					t.Errorf("not sorted: %v", got)
				}
			}
			if !slices.Equal(paras, tt.want) {
				t.Errorf("Best(%q, %d) = %v, want %v", tt.stmt, tt.k, got, tt.want)
			}
		})
	}
}

func TestBestTiesByParagraphNumber(t *testing.T) {
	d := doc("alpha beta", "gamma", "alpha beta", "alpha beta")
	d.Paragraphs[0].Number, d.Paragraphs[2].Number, d.Paragraphs[3].Number = 30, 10, 20
	got := NewIndex(d).Best("alpha", 3)
	var paras []int
	for _, m := range got {
		paras = append(paras, m.Para)
	}
	if !slices.Equal(paras, []int{10, 20, 30}) {
		t.Fatalf("got %v, want ties ordered 10, 20, 30", got)
	}
}

func TestSupports(t *testing.T) {
	ix := NewIndex(sample)
	tests := []struct {
		stmt     string
		para     int
		min, max float64
	}{
		{"Agencies must disconnect SolarWinds Orion products.", 2, 1, 1},
		{"Agencies must disconnect SolarWinds Orion products.", 5, 0, 0},
		{"Agencies must disconnect SolarWinds Orion products.", 3, 0.2, 0.6},
		{"Agencies must disconnect SolarWinds Orion products.", 99, 0, 0},
		{"Orion products were disconnected by Martians.", 2, 0.2, 0.7},
		{"", 1, 0, 0},
	}
	for _, tt := range tests {
		got := ix.Supports(tt.stmt, tt.para)
		if got < tt.min || got > tt.max {
			t.Errorf("Supports(%q, %d) = %.3f, want in [%v, %v]", tt.stmt, tt.para, got, tt.min, tt.max)
		}
	}
}

func TestCover(t *testing.T) {
	ix := NewIndex(sample)
	terms := Terms("Agencies disconnect SolarWinds Orion")
	got := ix.Cover(terms, 0)
	if len(got) == 0 || got[0].Para != 2 || got[0].Score != 1 {
		t.Fatalf("Cover = %v, want paragraph 2 first with 1.0", got)
	}
	for _, m := range got {
		if want := ix.Supports("Agencies disconnect SolarWinds Orion", m.Para); abs(m.Score-want) > 1e-9 {
			t.Errorf("Cover para %d = %v, Supports = %v", m.Para, m.Score, want)
		}
	}
	if got := ix.Cover([]string{"nothere"}, 0); got != nil {
		t.Errorf("Cover(unknown) = %v", got)
	}
	// rel keeps only paragraphs close to the best
	for _, m := range ix.Cover(terms, 0.9) {
		if m.Score < 0.9 {
			t.Errorf("Cover(rel 0.9) kept %v", m)
		}
	}
	if n := len(ix.Cover(terms, 0.9)); n != 1 {
		t.Errorf("Cover(rel 0.9) = %d matches, want 1", n)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestHasAndIDF(t *testing.T) {
	ix := NewIndex(sample)
	if !ix.Has(3, "svr") || ix.Has(2, "svr") || ix.Has(42, "svr") || ix.Has(3, "nothere") {
		t.Error("Has wrong")
	}
	if !(ix.IDF("svr") > ix.IDF("agency")) || !(ix.IDF("nothere") > ix.IDF("svr")) {
		t.Errorf("IDF order wrong: svr %v agency %v unseen %v", ix.IDF("svr"), ix.IDF("agency"), ix.IDF("nothere"))
	}
	if ix.Len() != 5 {
		t.Errorf("Len = %d", ix.Len())
	}
}

func TestResolve(t *testing.T) {
	ix := NewIndex(sample)
	tests := []struct {
		name  string
		stmt  string
		cited []int
		k     int
		want  []int
	}{
		{"right citation kept", "Agencies had to disconnect SolarWinds Orion products.", []int{2}, 2, []int{2}},
		{"wrong citation replaced", "Agencies had to disconnect SolarWinds Orion products.", []int{5}, 1, []int{2}},
		{"missing paragraph replaced", "Agencies had to disconnect SolarWinds Orion products.", []int{77}, 1, []int{2}},
		{"no citation", "The compromise was attributed to the SVR.", nil, 1, []int{3}},
		{"partial kept, wrong dropped, repeats dropped", "CISA issued Emergency Directive 21-01 on December 13, 2020.", []int{1, 5, 1}, 2, []int{1}},
		{"k below one", "Agencies reported to CISA by noon.", nil, 0, []int{4}},
		{"no overlap", "zebra quantum", []int{1}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.Resolve(tt.stmt, tt.cited, tt.k); !slices.Equal(got, tt.want) {
				t.Errorf("Resolve = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEmptyIndex(t *testing.T) {
	ix := NewIndex(textseg.Document{})
	if ix.Best("anything", 3) != nil || ix.Supports("anything", 1) != 0 || ix.Resolve("anything", []int{1}, 1) != nil {
		t.Error("empty index returned matches")
	}
}

func TestConcurrentUse(t *testing.T) {
	ix := NewIndex(sample)
	done := make(chan []Match)
	for range 8 {
		go func() { done <- ix.Best("SolarWinds Orion agencies", 3) }()
	}
	first := <-done
	for range 7 {
		if got := <-done; !slices.Equal(got, first) {
			t.Fatalf("concurrent results differ: %v vs %v", got, first)
		}
	}
}

// paragraphs splits text at blank lines, as a stand-in for textseg.
func paragraphs(text string) textseg.Document {
	var texts []string
	for _, block := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if t := strings.Join(strings.Fields(block), " "); t != "" {
			texts = append(texts, t)
		}
	}
	return doc(texts...)
}

func TestRealReport(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(testcorpus.Dir(t), "reports", "911-commission-ch01-we-have-some-planes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	d := paragraphs(string(raw))
	ix := NewIndex(d)
	// Every paragraph of some substance is its own best match, and a
	// sentence taken from it resolves to it despite a wrong citation.
	var checked int
	for _, p := range d.Paragraphs {
		if len(strings.Fields(p.Text)) < 25 {
			continue
		}
		checked++
		if got := ix.Best(p.Text, 1); len(got) != 1 || got[0].Para != p.Number {
			t.Errorf("paragraph %d: Best = %v", p.Number, got)
		}
		sentence := strings.Join(strings.Fields(p.Text)[:20], " ")
		if got := ix.Resolve(sentence, []int{1}, 1); !slices.Contains(got, p.Number) {
			t.Errorf("paragraph %d: Resolve(%q) = %v", p.Number, sentence, got)
		}
	}
	if checked < 50 {
		t.Fatalf("only %d paragraphs checked", checked)
	}
}

func loadMueller(b *testing.B) (textseg.Document, int) {
	raw, err := os.ReadFile(filepath.Join(testcorpus.Dir(b), "reports", "mueller-report-2019-ocr.txt"))
	if err != nil {
		b.Fatal(err)
	}
	return paragraphs(string(raw)), len(raw)
}

// BenchmarkNewIndex indexes the 1.3 MB Mueller report.
func BenchmarkNewIndex(b *testing.B) {
	d, size := loadMueller(b)
	b.SetBytes(int64(size))
	for b.Loop() {
		NewIndex(d)
	}
	b.ReportMetric(float64(len(d.Paragraphs)), "paragraphs")
}

var statements = []string{
	"The Internet Research Agency used social media accounts to interfere in the 2016 election.",
	"Russian military intelligence (GRU) hacked the Clinton campaign and released stolen documents through WikiLeaks.",
	"The investigation did not establish that members of the Trump Campaign conspired with the Russian government.",
	"Michael Cohen pursued the Trump Tower Moscow project into June 2016.",
}

func BenchmarkBest(b *testing.B) {
	d, _ := loadMueller(b)
	ix := NewIndex(d)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		ix.Best(statements[i%len(statements)], 3)
		i++
	}
}

func BenchmarkResolve(b *testing.B) {
	d, _ := loadMueller(b)
	ix := NewIndex(d)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		ix.Resolve(statements[i%len(statements)], []int{12, 400}, 2)
		i++
	}
}
