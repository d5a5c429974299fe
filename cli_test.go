package main

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/brief-cli/brief/summarize"
)

func TestInterspersed(t *testing.T) {
	tests := []struct{ in, want []string }{
		{[]string{"brief"}, []string{"brief"}},
		{[]string{"brief", "r.pdf", "-o", "r.md"}, []string{"brief", "-o", "r.md", "--", "r.pdf"}},
		{[]string{"brief", "-o", "out/", "a", "--force", "b", "--format=json"}, []string{"brief", "-o", "out/", "--force", "--format=json", "--", "a", "b"}},
		{[]string{"brief", "a", "--", "-weird-name"}, []string{"brief", "--", "a", "-weird-name"}},
		{[]string{"brief", "-", "-v"}, []string{"brief", "-v", "--", "-"}},
		{[]string{"brief", "cache", "stats", "--cache-dir", "x"}, []string{"brief", "cache", "stats", "--cache-dir", "x"}},
		{[]string{"brief", "--plan", "dir"}, []string{"brief", "--plan", "--", "dir"}},
	}
	for _, tt := range tests {
		if got := interspersed(tt.in, flags()); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("interspersed(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanLineStripsEscapes(t *testing.T) {
	in := "bad\x1b[31mred\x1b[0m \x1b]0;title\x07key\nnew\tline\x9b2J\u009b2J"
	if got, want := cleanLine(in), "badred key new line2J"; got != want {
		t.Fatalf("cleanLine = %q, want %q", got, want)
	}
}

// TestWarnUnverifiedPlurals checks issue 10's "1 facts are…": one finding
// is "1 fact … was", several are "N facts … were".
func TestWarnUnverifiedPlurals(t *testing.T) {
	one := []summarize.Unsupported{{Text: "42%", Kind: "number", Section: "Lead"}}
	two := append(one, summarize.Unsupported{Text: "1999", Kind: "date", Section: "Lead"})
	tests := []struct {
		v    summarize.Verification
		want string
	}{
		{summarize.Verification{Unsupported: one}, "brief: warning: 1 fact in the brief was not found in the report: number \"42%\" (Lead).\n"},
		{summarize.Verification{Unsupported: two}, "brief: warning: 2 facts in the brief were not found in the report: "},
		{summarize.Verification{Misplaced: one}, "brief: warning: 1 fact is in the report but not where the brief draws on it: "},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		warnUnverified(&buf, "", &summarize.Brief{Verification: &tt.v}, false)
		if !strings.HasPrefix(buf.String(), tt.want) {
			t.Errorf("got %q, want it to start with %q", buf.String(), tt.want)
		}
	}
}
