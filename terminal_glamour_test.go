//go:build !noglamour

package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

// TestRenderMarkdown checks the terminal rendering of a real brief: the
// headings and text are there, reflowed to the width, with colour only
// when colour is allowed.
func TestRenderMarkdown(t *testing.T) {
	md := []byte("# Water plant breached\n*3 March 2024*\n\nOfficials in Riverton confirmed that the municipal water system had been breached by an unknown group of intruders. [1]\n\n## Background\n\n- The plant serves 40,000 people.\n")
	escape := regexp.MustCompile("\x1b\\[[0-9;]*m")
	for _, tt := range []struct {
		name    string
		profile termenv.Profile
		colour  bool
	}{{"ansi", termenv.ANSI, true}, {"no colour", termenv.Ascii, false}} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := renderMarkdown(md, 50, tt.profile)
			if err != nil {
				t.Fatal(err)
			}
			plain := escape.ReplaceAllString(string(out), "")
			for _, want := range []string{"Water plant breached", "Background", "40,000 people"} {
				if !strings.Contains(plain, want) {
					t.Errorf("rendering lost %q:\n%s", want, plain)
				}
			}
			if !strings.Contains(plain, "Officials in Riverton confirmed that the\x20") || strings.Contains(plain, "that the municipal") {
				t.Errorf("the lead was not reflowed to 50 columns:\n%s", plain)
			}
			if tt.colour && strings.Contains(plain, "*3 March 2024*") {
				t.Errorf("emphasis is still markdown:\n%s", plain)
			}
			for _, line := range strings.Split(plain, "\n") {
				if n := len([]rune(line)); n > 50 {
					t.Errorf("line of %d columns in a 50-column terminal: %q", n, line)
				}
			}
			if got := escape.MatchString(string(out)); got != tt.colour {
				t.Errorf("escape sequences: %v, want %v", got, tt.colour)
			}
		})
	}
}

// TestRenderStyle checks the choice of glamour's style from the
// environment, without asking the terminal.
func TestRenderStyle(t *testing.T) {
	tests := []struct{ glamourStyle, colorfgbg, want string }{
		{"", "", "dark"},
		{"", "0;15", "light"},
		{"", "15;0", "dark"},
		{"dracula", "0;15", "dracula"},
		{"auto", "0;15", "light"},
		{"no-such-style", "", "dark"},
	}
	for _, tt := range tests {
		t.Run(tt.glamourStyle+"/"+tt.colorfgbg, func(t *testing.T) {
			t.Setenv("GLAMOUR_STYLE", tt.glamourStyle)
			t.Setenv("COLORFGBG", tt.colorfgbg)
			if got := renderStyle(termenv.ANSI); got != tt.want {
				t.Errorf("renderStyle = %q, want %q", got, tt.want)
			}
		})
	}
	if got := renderStyle(termenv.Ascii); got != "notty" {
		t.Errorf("without colour: %q, want notty", got)
	}
}
