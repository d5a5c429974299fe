package summarize

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// TestSummarizeHonoursCancel cancels the offline engine on a long report
// while it works: Summarize must return the context's error, not a brief.
// (Before, the offline engine and the grounding check ran to the end.)
func TestSummarizeHonoursCancel(t *testing.T) {
	text := string(testcorpus.Read(t, "reports/mueller-report-2019-ocr.txt"))
	s, err := New(Options{Engine: EngineExtractive, Verify: VerifyCheck})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	b, err := s.Summarize(ctx, Input{Name: "m.txt", Text: text})
	if !errors.Is(err, context.DeadlineExceeded) || b != nil {
		t.Fatalf("Summarize = %v, %v; want no brief and the context's error", b != nil, err)
	}
}
