package summarize

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestVerifyFlagsAndRevises(t *testing.T) {
	report := "Officials confirmed on 3 March 2024 that the water system had been breached.\n\nOperators reversed the change within two hours."
	invented := briefAnswer{
		Title:    "Water system breached",
		Lead:     Paragraph{Text: "Officials confirmed on 3 March 2024 that 4,321 homes lost water after a breach.", Sources: ParaRefs{9}},
		Sections: []Section{{Heading: "Response", Paragraphs: []Paragraph{{Text: "Operators reversed the change within two hours.", Sources: ParaRefs{2}}}}},
	}
	fixed := invented
	fixed.Lead = Paragraph{Text: "Officials confirmed on 3 March 2024 that the water system had been breached.", Sources: ParaRefs{1}}
	tests := []struct {
		name          string
		mode          Verify
		wantRequests  int
		wantFlagged   bool
		wantRevisedOK bool
	}{
		{"check", VerifyCheck, 1, true, false},
		{"llm", VerifyLLM, 2, false, true},
		{"none", VerifyNone, 1, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var steps []string
			c := CompleterFunc(func(_ context.Context, req Request) (Response, error) {
				steps = append(steps, req.Step)
				answer := invented
				if req.Step == "revise" {
					if !strings.Contains(req.Messages[1].Content, `number "4,321" (Lead)`) {
						t.Errorf("revise prompt does not list the finding:\n%s", req.Messages[1].Content)
					}
					answer = fixed
				}
				out, _ := json.Marshal(answer)
				return Response{Content: string(out), FinishReason: "stop"}, nil
			})
			s, _ := New(Options{Completer: c, Verify: tt.mode, Sleep: noSleep})
			b, err := s.Summarize(context.Background(), Input{Text: report})
			if err != nil {
				t.Fatal(err)
			}
			if len(steps) != tt.wantRequests {
				t.Fatalf("steps %v", steps)
			}
			v := b.Verification
			if tt.mode == VerifyNone {
				if v != nil {
					t.Fatalf("checked with VerifyNone: %+v", v)
				}
				return
			}
			flagged := len(v.Unsupported) == 1 && v.Unsupported[0].Text == "4,321" && v.Unsupported[0].Section == "Lead"
			if flagged != tt.wantFlagged || (len(v.Unsupported) == 0) != !tt.wantFlagged {
				t.Fatalf("unsupported = %+v", v.Unsupported)
			}
			if v.Revised != tt.wantRevisedOK {
				t.Fatalf("revised = %v", v.Revised)
			}
			// The wrong citation [9] does not exist; it is realigned.
			if got := b.Lead.Sources; len(got) == 0 || got[0] != 1 {
				t.Fatalf("lead sources %v, want [1]", got)
			}
			md := b.Markdown(RenderOptions{})
			if strings.Contains(md, "## Unverified") != tt.wantFlagged {
				t.Fatalf("markdown Unverified note: %v\n%s", !tt.wantFlagged, md)
			}
		})
	}
}
