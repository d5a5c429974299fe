package summarize

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"

	"github.com/brief-cli/brief/internal/textseg"
)

// BenchmarkSplitChunks measures throughput on the largest corpus report
// (1.3 MB of OCR text): segmentation, chunking at two budgets, and both
// together. MB/s are of the source text.
func BenchmarkSplitChunks(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(testcorpus.Dir(b), "reports", "mueller-report-2019-ocr.txt"))
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	tok := tokMust(b, "gpt-4o")
	doc := textseg.Segment(text)

	b.Run("segment", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			textseg.Segment(text)
		}
	})
	for _, budget := range []int{500, 6000} {
		opt := chunkOptions{Budget: budget, Overlap: 2}
		b.Run(fmt.Sprintf("chunk/budget=%d", budget), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				chunkDocument(doc, tok, opt)
			}
		})
	}
	b.Run("segment+chunk/budget=6000", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			chunkDocument(textseg.Segment(text), tok, chunkOptions{Budget: 6000, Overlap: 2})
		}
	})
	b.Run("count", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			tok.Count(text)
		}
	})
}
