package verify

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/ctxtest"
	"github.com/brief-cli/brief/internal/testcorpus"
	"github.com/brief-cli/brief/internal/textseg"
)

// TestNewCheckerContextCancel cancels NewCheckerContext after a spread of
// its looks at the context (deterministically, no timing): every run cut
// short returns context.Canceled and no Checker; a run not cut short builds
// the same Checker as NewChecker. On the 1.3 MB Mueller report the looks
// must be many, spread through the index build.
func TestNewCheckerContextCancel(t *testing.T) {
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
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.doc(t)
			full := ctxtest.NewCountdown(1 << 30)
			got, err := NewCheckerContext(full, doc)
			if err != nil {
				t.Fatalf("uncancelled: %v", err)
			}
			// The same findings as NewChecker's on statements drawn from
			// the source, some with a figure changed.
			statements := probeStatements(doc)
			if want, got := NewChecker(doc).Check(statements), got.Check(statements); !reflect.DeepEqual(got, want) {
				t.Fatalf("uncancelled: findings %v, NewChecker's %v", got, want)
			}
			looks := full.Looks()
			if looks < tc.minLooks {
				t.Fatalf("NewCheckerContext looked at its context %d times, want at least %d", looks, tc.minLooks)
			}
			// Cancelled at the first looks and at fractions of the run up
			// to its last look: a cancellation late in the run costs
			// nearly a whole build, so the points thin out there.
			points := []int{0, 1, 2, 3, looks / 16, looks / 8, looks / 4, looks / 2, looks * 3 / 4, looks - 1}
			slices.Sort(points)
			for _, n := range slices.Compact(points) {
				if n >= looks {
					continue
				}
				c, err := NewCheckerContext(ctxtest.NewCountdown(n), doc)
				if !errors.Is(err, context.Canceled) || c != nil {
					t.Fatalf("cancelled after %d of %d looks: err %v, checker %v; want context.Canceled and nil", n, looks, err, c != nil)
				}
			}
		})
	}
}

// TestCheckContextCancel: CheckContext looks at its context before each
// sentence it checks, and returns Check's findings when not cancelled.
func TestCheckContextCancel(t *testing.T) {
	c := NewChecker(segment("The agency spent $4.2 million in 2019 on 12 new buses. " +
		"Ridership rose by 7 percent in March, the council said on Tuesday."))
	statements := []Statement{
		{Section: "Background", Text: "The agency spent $5.1 million in 2019 on 12 new buses. Ridership rose by 7 percent."},
		{Section: "Key facts", Text: "Ridership rose by 9 percent in March."},
	}
	want := c.Check(statements)
	if len(want) == 0 {
		t.Fatal("no findings: the test needs a statement the source does not support")
	}
	full := ctxtest.NewCountdown(1 << 30)
	got, err := c.CheckContext(full, statements)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("uncancelled: err %v, findings %v, want %v", err, got, want)
	}
	for n := 0; n < full.Looks(); n++ {
		got, err := c.CheckContext(ctxtest.NewCountdown(n), statements)
		if !errors.Is(err, context.Canceled) || got != nil {
			t.Fatalf("cancelled after %d of %d looks: err %v, findings %v", n, full.Looks(), err, got)
		}
	}
}

// probeStatements draws up to 60 sentences holding a digit from doc and
// changes every 1 to 7 in every other one.
func probeStatements(doc textseg.Document) []Statement {
	var out []Statement
	for _, s := range doc.Sentences() {
		if len(out) == 60 {
			break
		}
		if !strings.ContainsAny(s.Text, "0123456789") {
			continue
		}
		text := s.Text
		if len(out)%2 == 1 {
			text = strings.ReplaceAll(text, "1", "7")
		}
		out = append(out, Statement{Section: "Background", Text: text})
	}
	return out
}
