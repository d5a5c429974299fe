package extractive

import (
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
	"github.com/brief-cli/brief/internal/textseg"
)

// TestFocusWeightsSelection checks that a focus brings in sentences on it
// that the brief without it leaves out, and leaves the rest of the brief
// mostly as it was.
func TestFocusWeightsSelection(t *testing.T) {
	doc := textseg.Segment(string(testcorpus.Read(t, "reports/gao-02-957t-homeland-security-testimony.txt")))
	has := func(r Result, s string) bool {
		for _, p := range r.Picks() {
			if strings.Contains(p.Text, s) {
				return true
			}
		}
		return false
	}
	plain := Summarize(doc, Options{})
	focused := Summarize(doc, Options{Focus: "What does this mean for the Coast Guard and the Customs Service?"})
	if has(plain, "Coast Guard") || !has(focused, "Coast Guard") {
		t.Errorf("Coast Guard: without focus %t, with %t", has(plain, "Coast Guard"), has(focused, "Coast Guard"))
	}
	kept := 0
	for _, p := range plain.Picks() {
		if has(focused, p.Text) {
			kept++
		}
	}
	if kept*2 < len(plain.Picks()) {
		t.Errorf("the focus replaced %d of %d picks", len(plain.Picks())-kept, len(plain.Picks()))
	}
}
