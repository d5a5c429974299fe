package textseg

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// BenchmarkSegment measures throughput on the largest corpus report (1.3 MB
// of OCR text, ~24,000 short lines, 448 pages).
func BenchmarkSegment(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(testcorpus.Dir(b), "reports", "mueller-report-2019-ocr.txt"))
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Segment(text)
	}
}

func BenchmarkSplitSentences(b *testing.B) {
	doc := Segment(string(mustRead(b, filepath.Join(testcorpus.Dir(b), "reports", "911-commission-ch01-we-have-some-planes.txt"))))
	total := 0
	for _, p := range doc.Paragraphs {
		total += len(p.Text)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range doc.Paragraphs {
			SplitSentences(p.Text)
		}
	}
}

func mustRead(b *testing.B, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return data
}
