package testcorpus

import (
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, ""},
		{1, "testcorpus: 1 corpus test skipped: " + skipReason + "\n"},
		{7, "testcorpus: 7 corpus tests skipped: " + skipReason + "\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		report(&b, tt.n)
		if b.String() != tt.want {
			t.Errorf("report(%d) = %q, want %q", tt.n, b.String(), tt.want)
		}
	}
}
