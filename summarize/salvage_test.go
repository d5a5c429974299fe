package summarize

import (
	"testing"

	"github.com/brief-cli/brief/prompts"
)

func TestSalvageNotes(t *testing.T) {
	tests := []struct {
		name   string
		cut    string
		ok     bool
		events int
		title  string
	}{
		{"cut inside the second event", `{"title":"T","events":[{"date":"1","text":"a","paragraphs":[1]},{"date":"2","te`, true, 1, "T"},
		{"cut inside a string with a comma", `{"title":"T","events":[{"date":"1","text":"a, b","paragraphs":[1,2]},{"text":"x, y`, true, 1, "T"},
		{"prose before the JSON", "Here are the notes:\n```json\n{\"title\":\"T\",\"events\":[{\"text\":\"a\"},{\"te", true, 1, "T"},
		{"escaped quote", `{"title":"say \"hi\", then","events":[{"text":"a"},{"t`, true, 1, `say "hi", then`},
		{"nothing complete", `{"title":"T`, false, 0, ""},
		{"no JSON", `I cannot`, false, 0, ""},
		{"only an empty title", `{"title":"","events":[`, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := salvageNotes(tt.cut)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.ok, n)
			}
			if len(n.Events) != tt.events || n.Title != tt.title {
				t.Errorf("got %d events, title %q; want %d, %q", len(n.Events), n.Title, tt.events, tt.title)
			}
		})
	}
}

func FuzzSalvageNotes(f *testing.F) {
	f.Add(`{"title":"T","events":[{"date":"1","text":"a","paragraphs":[1]},{"date":"2","te`)
	f.Add(`{"a":[[[[{"b":"\\",`)
	f.Fuzz(func(t *testing.T, cut string) {
		n, ok := salvageNotes(cut)
		if ok && n.empty() {
			t.Errorf("salvaged empty notes from %q", cut)
		}
	})
}

// TestNoteLimitFitsPairs: at every window, two notes of the longest answer
// a map or reduce step may write, the reduce prompt and an answer of that
// length fit the window, at any tokenizer density.
func TestNoteLimitFitsPairs(t *testing.T) {
	for _, window := range []int{2048, 3000, 4096, 8192, 32000, 128000} {
		for _, out := range []int{0, 682, 819, 2000} {
			s, err := New(Options{Completer: &scripted{}, ContextTokens: window, MaxOutputTokens: out, Sleep: noSleep})
			if err != nil {
				t.Fatal(err)
			}
			r := &run{s: s, name: "report", sizes: s.sizes}
			limit, err := r.noteLimit()
			if err != nil {
				t.Fatal(err)
			}
			over, err := r.promptOverhead(prompts.Reduce, notesSchema, true)
			if err != nil {
				t.Fatal(err)
			}
			ratio := s.cal.sizingRatio()
			// A note of limit server tokens, counted in ours, grown.
			note := float64(limit) / ratio * noteGrowth
			prompt := (over + 2*note + 4) * ratio
			if int(prompt)+limit > window {
				t.Errorf("window %d, --max-output-tokens %d: two notes of %d tokens make a %d-token reduce prompt, + %d answer > %d", window, out, limit, int(prompt), limit, window)
			}
			budget, err := r.reduceBudget(min(s.sizes.maxOutput, limit))
			if err != nil {
				t.Fatal(err)
			}
			if 2*(int(note)+2) > budget {
				t.Errorf("window %d, --max-output-tokens %d: a reduce request holds %d tokens of notes, not two of %d", window, out, budget, int(note))
			}
		}
	}
}
