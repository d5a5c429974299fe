package summarize

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// BenchmarkFirstChunk measures how soon the first chunk of a report is
// ready to send, against all of them (what a run waited for before chunks
// were streamed), and of that the count of every sentence that comes
// first (it decides how chunk ends are chosen). Segmentation is not
// included; the tokenizer's word cache is warm after the first round.
//
//	go test ./summarize -run '^$' -bench FirstChunk
func BenchmarkFirstChunk(b *testing.B) {
	tok := tokMust(b, "gpt-4o")
	for _, name := range []string{"911-commission-ch01-we-have-some-planes.txt", "mueller-report-2019-ocr.txt"} {
		data, err := os.ReadFile(filepath.Join(testcorpus.Dir(b), "reports", name))
		if err != nil {
			b.Fatal(err)
		}
		doc := textseg.Segment(string(data))
		for _, budget := range []int{1500, 6000} {
			opt := chunkOptions{Budget: budget, Overlap: chunkOverlap}
			b.Run(fmt.Sprintf("%s/budget=%d", name[:strings.Index(name, "-")], budget), func(b *testing.B) {
				var sentences, first, all time.Duration
				for b.Loop() {
					start := time.Now()
					if _, _, _, err := newChunker(context.Background(), doc, tok, opt); err != nil {
						b.Fatal(err)
					}
					sentences += time.Since(start)
					start = time.Now()
					var at time.Duration
					if _, err := streamChunks(context.Background(), doc, tok, opt, func(c chunk, _ bool) error {
						if c.Index == 0 {
							at = time.Since(start)
						}
						return nil
					}); err != nil {
						b.Fatal(err)
					}
					all += time.Since(start)
					first += at
				}
				ms := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(b.N) }
				b.ReportMetric(ms(sentences), "sentences-ms")
				b.ReportMetric(ms(first), "first-chunk-ms")
				b.ReportMetric(ms(all), "all-chunks-ms")
			})
		}
	}
}
