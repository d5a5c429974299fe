package summarize

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from golden file (run with -update if intended):\n%s", path, got)
	}
}

func TestMarkdownGolden(t *testing.T) {
	full := &Brief{
		Title: "CISA orders agencies to disconnect SolarWinds Orion",
		Date:  "December 13, 2020",
		Lead:  Paragraph{Text: "CISA issued Emergency Directive 21-01 on December 13, 2020, ordering federal civilian agencies to disconnect SolarWinds Orion products.", Sources: ParaRefs{1, 2}},
		Sections: []Section{
			{Heading: "Response", Paragraphs: []Paragraph{{Text: "Agencies must report by December 14.", Sources: ParaRefs{9}}}},
			{Heading: "Supply chain", Paragraphs: []Paragraph{{Text: "The compromise reached customers through signed updates."}}},
			{Heading: "Background", Paragraphs: []Paragraph{{Text: "Orion versions 2019.4 through 2020.2.1 HF1 were affected.\x1b[31m"}, {Text: "  "}}},
			{Heading: "## key facts", Paragraphs: []Paragraph{{Text: "- 18,000 customers downloaded the update."}}},
		},
		Implications: []Paragraph{{Text: "Agencies should assume the adversary is still present."}},
		KeyFacts:     []Paragraph{{Text: "Directive issued December 13, 2020"}},
		Source:       SourceInfo{Name: "ed-21-01.md"},
	}
	full.tidy(40)
	full.paras = map[int]sourcePara{1: {start: "CISA issued Emergency Directive 21-01 …", page: 1}, 2: {start: "Section 3553(h)"}, 9: {start: "Agencies must"}}
	for name, opt := range map[string]RenderOptions{
		"full.md":        {},
		"full_inline.md": {Citations: CitationsInline},
		"full_none.md":   {Citations: CitationsNone},
	} {
		golden(t, "render/"+name, []byte(full.Markdown(opt)))
	}

	sparse := &Brief{Lead: Paragraph{Text: "Only a lead."}, Source: SourceInfo{Name: "note.txt"}}
	sparse.tidy(0)
	golden(t, "render/sparse.md", []byte(sparse.Markdown(RenderOptions{})))
}

func TestMarkdownNeutralizesHostileText(t *testing.T) {
	b := &Brief{
		Title: "# Title <script>alert(1)</script>",
		Lead: Paragraph{Text: "See ![x](https://evil.example/p.png?d=secret) and [the directive](https://www.cisa.gov/ed-21-01) " +
			"or [click](https://evil.example/phish) <img src=https://evil.example/i.png> https://evil.example/raw and \x1b]8;;https://evil.example\x07hi"},
		Sections: []Section{{Heading: "Background", Paragraphs: []Paragraph{{Text: "# not a heading"}, {Text: "1. not a list"}, {Text: "[x]: https://evil.example/def"}}}},
	}
	b.sourceURLs = map[string]bool{"https://www.cisa.gov/ed-21-01": true}
	got := b.Markdown(RenderOptions{Citations: CitationsNone})
	for _, bad := range []string{"](https://evil", "<img", "<script", "\x1b", "\n# not", "\n1. not", "\n[x]:", " https://evil.example/raw "} {
		if strings.Contains(got, bad) {
			t.Errorf("rendered markdown contains %q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, "[the directive](https://www.cisa.gov/ed-21-01)") {
		t.Errorf("a link the report contains was dropped:\n%s", got)
	}
	golden(t, "render/hostile.md", []byte(got))
	allowed := b.Markdown(RenderOptions{Citations: CitationsNone, AllowLinks: true})
	if !strings.Contains(allowed, "[click](https://evil.example/phish)") {
		t.Errorf("--allow-links did not keep links:\n%s", allowed)
	}
}

func TestSourceStart(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Short paragraph.", "Short paragraph."},
		{"one two three four five six seven eight nine ten eleven twelve thirteen", "one two three four five six seven eight nine ten eleven twelve …"},
		{strings.Repeat("国务院发布了关于加强网络安全的通知。", 5), string([]rune(strings.Repeat("国务院发布了关于加强网络安全的通知。", 5))[:40]) + " …"},
		{"国务院发布了通知。", "国务院发布了通知。"},
	}
	for _, tt := range tests {
		if got := sourceStart(tt.in); got != tt.want {
			t.Errorf("sourceStart(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
