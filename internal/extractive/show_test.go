package extractive

import (
	"fmt"
	"strings"
	"testing"
)

func TestShow(t *testing.T) {
	if !*show {
		t.Skip("use -show")
	}
	files := []string{
		"news/cisa-blog-2019-01-24-why-cisa-issued-first-emergency-directive.md",
		"reports/cisa-ed-21-01-solarwinds-orion.md",
		"reports/gao-02-24-information-sharing-critical-infrastructure.txt",
		"reports/gao-02-957t-homeland-security-testimony.txt",
		"reports/gao-26-107955-defense-contractor-cybersecurity.md",
		"reports/911-commission-ch01-we-have-some-planes.txt",
		"reports/911-commission-ch12-what-to-do-global-strategy.txt",
		"reports/mueller-report-2019-ocr.txt",
		"multilingual/ru-address-federal-assembly-2024-02-29.txt",
		"multilingual/zh-prc-cybersecurity-law-2016.md",
		"dataset-ami/ami-transcripts/ES2002a.transcript.txt",
	}
	for _, f := range files {
		doc := segment(readCorpus(t, f))
		r := Summarize(doc, Options{})
		var b strings.Builder
		fmt.Fprintf(&b, "=============== %s (%d sentences)\n# %s\n*%s* lang=%s ordered=%v\n", f, len(doc.Sentences()), r.Title, r.Date, r.Language, r.Ordered)
		for _, sec := range []struct {
			name  string
			picks []Pick
		}{{"LEAD", r.Lead}, {"Background", r.Background}, {"Response", r.Response}, {"Implications", r.Implications}, {"Key facts", r.KeyFacts}} {
			fmt.Fprintf(&b, "## %s\n", sec.name)
			for _, p := range sec.picks {
				fmt.Fprintf(&b, "- [%d %.2f] %s\n", p.Para, p.Score, p.Text)
			}
		}
		fmt.Println(b.String())
	}
}
