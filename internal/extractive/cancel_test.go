package extractive

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/ctxtest"
	"github.com/brief-cli/brief/internal/testcorpus"
	"github.com/brief-cli/brief/internal/textseg"
)

// TestSummarizeContextCancel cancels SummarizeContext after each of its
// looks at the context in turn (deterministically, no timing): every run
// cut short returns context.Canceled and an empty Result, and a run that
// is not cut short returns exactly Summarize's Result. On the 1.3 MB
// Mueller report the looks must be spread through the work (many of them),
// so a cancellation is seen long before the end.
func TestSummarizeContextCancel(t *testing.T) {
	for _, tc := range []struct {
		name     string
		doc      func(testing.TB) textseg.Document
		minLooks int
	}{
		{"mueller-1.3MB", func(tb testing.TB) textseg.Document {
			return segment(string(testcorpus.Read(tb, "reports/mueller-report-2019-ocr.txt")))
		}, 40},
		{"one-4MB-word", func(testing.TB) textseg.Document {
			return textseg.Segment(strings.Repeat("a", 4<<20))
		}, 2},
		{"short", func(testing.TB) textseg.Document {
			return segment("The council approved the budget on Monday after a long debate. " +
				"Spending on schools rises by four percent next year under the plan. " +
				"Critics said the plan leaves the transit agency short of funds again.")
		}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			skipBigUnderRace(t, tc.name == "mueller-1.3MB")
			doc := tc.doc(t)
			want := Summarize(doc, Options{})
			full := ctxtest.NewCountdown(1 << 30)
			if got, err := SummarizeContext(full, doc, Options{}); err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("uncancelled: err %v, result differs from Summarize: %v", err, !reflect.DeepEqual(got, want))
			}
			looks := full.Looks()
			if looks < tc.minLooks {
				t.Fatalf("SummarizeContext looked at its context %d times, want at least %d", looks, tc.minLooks)
			}
			// Cancel after each look on short inputs; at a spread of looks
			// on the long one.
			step := max(1, looks/16)
			for n := 0; n < looks; n += step {
				got, err := SummarizeContext(ctxtest.NewCountdown(n), doc, Options{})
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("cancelled after %d of %d looks: err %v, want context.Canceled", n, looks, err)
				}
				if !reflect.DeepEqual(got, Result{}) {
					t.Fatalf("cancelled after %d looks: non-empty result", n)
				}
			}
		})
	}
}
