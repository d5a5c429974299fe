package summarize

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// BenchmarkPlan measures Plan on the largest corpus report (1.3 MB of OCR
// text) at a 128k window, as `brief --plan` runs it: segmentation,
// chunking, counting and the request arithmetic. MB/s are of the source
// text; the whole process adds start-up and reading.
//
//	go test ./summarize -run '^$' -bench Plan -cpuprofile cpu.out
func BenchmarkPlan(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(testcorpus.Dir(b), "reports", "mueller-report-2019-ocr.txt"))
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(Options{Engine: EngineLLM, Completer: CompleterFunc(func(context.Context, Request) (Response, error) {
		b.Fatal("Plan sent a request")
		return Response{}, nil
	}), ContextTokens: 128000})
	if err != nil {
		b.Fatal(err)
	}
	in := Input{Name: "mueller.txt", Text: string(data)}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := s.PlanContext(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}
