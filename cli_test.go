package main

import (
	"reflect"
	"testing"
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
