package summarize

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"

	"github.com/brief-cli/brief/internal/textseg"
)

// TestExtractiveBriefIsVerbatim checks, through the whole pipeline, that
// every paragraph of an extractive brief is made of report sentences,
// unedited, cited by the paragraphs they come from, and that the brief is
// the same every time.
func TestExtractiveBriefIsVerbatim(t *testing.T) {
	dir := testcorpus.Dir(t)
	files := []string{
		"news/cisa-blog-2019-01-24-why-cisa-issued-first-emergency-directive.md",
		"reports/cisa-ed-21-01-solarwinds-orion.md",
		"reports/gao-02-957t-homeland-security-testimony.txt",
		"reports/911-commission-ch12-what-to-do-global-strategy.txt",
		"multilingual/ru-address-federal-assembly-2024-02-29.txt",
		"multilingual/zh-prc-cybersecurity-law-2016.md",
		"html/gao-07-283-crude-oil-supply.html",
		"pdf/dhs-nccic-ar-16-20173-network-infrastructure-devices.pdf",
	}
	s, err := New(Options{Engine: EngineExtractive})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			in, err := ReadInput(f, filepath.Base(name))
			if err != nil {
				t.Fatal(err)
			}
			b, err := s.Summarize(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			doc := textseg.Segment(in.Text)
			inPara := map[string]map[int]bool{}
			for _, sent := range doc.Sentences() {
				if inPara[sent.Text] == nil {
					inPara[sent.Text] = map[int]bool{}
				}
				inPara[sent.Text][sent.Para] = true
			}
			n := 0
			b.eachParagraph(func(section string, p *Paragraph) {
				if p.Text == "" {
					return
				}
				n++
				rest := p.Text
				for rest != "" {
					found := false
					for _, para := range p.Sources {
						for _, sent := range doc.Paragraphs[para-1].Sentences {
							if strings.HasPrefix(rest, sent) && (len(rest) == len(sent) || rest[len(sent)] == ' ') {
								rest = strings.TrimPrefix(rest[len(sent):], " ")
								found = true
								break
							}
						}
						if found {
							break
						}
					}
					if !found {
						t.Fatalf("%s: %q is not a sentence of its cited paragraphs %v", section, rest, p.Sources)
					}
				}
			})
			if n < 3 {
				t.Fatalf("only %d paragraphs", n)
			}
			again, _ := s.Summarize(context.Background(), in)
			if again.Markdown(RenderOptions{}) != b.Markdown(RenderOptions{}) {
				t.Fatal("two runs gave different briefs")
			}
		})
	}
}
