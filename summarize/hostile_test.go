package summarize

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
	"github.com/brief-cli/brief/internal/textseg"
)

// Worst cases for the chunker: one long word, a long run of one symbol,
// of spaces, of combining marks. Every chunk must stay within the budget
// and the text must come through whole. (Their time against size is in
// BenchmarkHostileChunks.)
func TestSplitChunksHostile(t *testing.T) {
	tok, err := NewTokenizer("gpt-4o-mini")
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range hostileTexts(200 << 10) {
		t.Run(name, func(t *testing.T) {
			doc := textseg.Segment(text)
			chunks := chunkDocument(doc, tok, chunkOptions{Budget: 2000, Overlap: 1})
			if len(chunks) == 0 && strings.TrimSpace(text) != "" {
				t.Fatal("no chunks")
			}
			letters := 0
			for _, c := range chunks {
				if c.Tokens > 2000 || c.Tokens != tok.Count(c.Text) {
					t.Errorf("chunk %d: %d tokens (counted %d), budget 2000", c.Index, c.Tokens, tok.Count(c.Text))
				}
				for _, s := range c.Sentences[c.Overlap:] {
					letters += len(strings.Join(strings.Fields(s.Text), ""))
				}
			}
			if want := len(strings.Join(strings.Fields(text), "")); letters != want {
				t.Errorf("chunks carry %d bytes of non-space text, the report %d", letters, want)
			}
		})
	}
}

func hostileTexts(n int) map[string]string {
	return map[string]string{
		"oneword": strings.Repeat("a", n),
		"symbols": strings.Repeat("!", n),
		"marks":   "e" + strings.Repeat("\u0301", n/2),
		"words":   strings.Repeat("ab ", n/3),
		"digits":  strings.Repeat("7", n),
	}
}

// BenchmarkHostileChunks chunks the worst cases at growing sizes; ns/op
// over size should stay flat (near-linear), as should allocB/B.
func BenchmarkHostileChunks(b *testing.B) {
	tok, err := NewTokenizer("gpt-4o-mini")
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{10 << 10, 200 << 10, 2 << 20} {
		for name, text := range hostileTexts(size) {
			b.Run(fmt.Sprintf("%s/%dKiB", name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					chunkDocument(textseg.Segment(text), tok, chunkOptions{Budget: 6000, Overlap: 1})
				}
			})
		}
	}
}

// TestPlanStopsOnCancel: a done context stops planning, counting included.
func TestPlanStopsOnCancel(t *testing.T) {
	s, err := New(Options{Completer: &scripted{}, Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.PlanContext(ctx, Input{Name: "w.txt", Text: strings.Repeat("a", 1<<20)}); !errors.Is(err, context.Canceled) {
		t.Errorf("PlanContext on a done context = %v, want context.Canceled", err)
	}
}

// TestPlanDeterministic: two plans of the same report agree (the random
// fence once changed them).
func TestPlanDeterministic(t *testing.T) {
	text := string(testcorpus.Read(t, "reports/911-commission-ch01-we-have-some-planes.txt"))
	var plans []Plan
	for range 3 {
		s, err := New(Options{Completer: &scripted{}, ContextTokens: 16000, Sleep: noSleep})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Plan(Input{Name: "911.txt", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, p)
	}
	if plans[0] != plans[1] || plans[1] != plans[2] {
		t.Errorf("plans differ: %+v", plans)
	}
}

// TestCountCapped: a long answer is estimated from its head, closely.
func TestCountCapped(t *testing.T) {
	tok, _ := NewTokenizer("gpt-4o-mini")
	text := strings.Repeat(string(testcorpus.Read(t, "reports/911-commission-ch01-we-have-some-planes.txt")), 12)
	exact, est := tok.Count(text), tok.countCapped(text)
	if len(text) <= maxCounted || est < exact*95/100 || est > exact*105/100 {
		t.Errorf("countCapped = %d, exact %d (text %d bytes)", est, exact, len(text))
	}
	if short := "a few words"; tok.countCapped(short) != tok.Count(short) {
		t.Error("countCapped differs from Count on a short text")
	}
}
