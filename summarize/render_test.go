package summarize

import (
	"flag"
	"os"
	"path/filepath"
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
	golden(t, "render/full.md", []byte(full.Markdown()))

	sparse := &Brief{Lead: Paragraph{Text: "Only a lead."}, Source: SourceInfo{Name: "note.txt"}}
	sparse.tidy(0)
	golden(t, "render/sparse.md", []byte(sparse.Markdown()))
}
