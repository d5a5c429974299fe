package batch

import (
	"strings"
	"testing"
)

// TestFirstSentence checks that index leads are cut at a sentence end, not
// at an abbreviation.
func TestFirstSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The U.S. Department of Energy said on Monday that reserves fell. Prices rose.", "The U.S. Department of Energy said on Monday that reserves fell."},
		{"Officials met Dr. Smith in Washington, D.C. on Friday. Then they left.", "Officials met Dr. Smith in Washington, D.C. on Friday."},
		{"国务院发布了通知。各地应当执行。", "国务院发布了通知。"},
		{strings.Repeat("word ", 100), strings.TrimSpace(strings.Repeat("word ", 60)) + "…"},
	}
	for _, tt := range tests {
		if got := firstSentence(tt.in); got != tt.want {
			t.Errorf("firstSentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
