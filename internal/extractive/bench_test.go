package extractive

import (
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// BenchmarkSummarize measures Summarize alone (segmentation excluded) on a
// 1.3 MB report with ~12,000 sentences and on a ~100 KB one.
func BenchmarkSummarize(b *testing.B) {
	for _, bc := range []struct{ name, file string }{
		{"mueller-1.3MB", "reports/mueller-report-2019-ocr.txt"},
		{"gao-26-90KB", "reports/gao-26-107955-defense-contractor-cybersecurity.md"},
		{"911-ch12-128KB", "reports/911-commission-ch12-what-to-do-global-strategy.txt"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			text := string(testcorpus.Read(b, bc.file))
			doc := segment(text)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				Summarize(doc, Options{})
			}
		})
	}
}
