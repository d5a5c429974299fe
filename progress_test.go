package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestProgressLine checks the live line's text: the share done, the
// document under way, plurals, and no "0s left" while a document still runs.
func TestProgressLine(t *testing.T) {
	tests := []struct {
		name           string
		files, total   int
		current        []string
		requests       int
		elapsed        time.Duration
		want, dontWant []string
	}{
		{"under way", 1, 4, []string{"report.pdf"}, 1, 10 * time.Second, []string{"25% 1/4", "report.pdf", "1 request (", "about 30s left"}, []string{"requests"}},
		{"several under way", 2, 4, []string{"a.pdf", "b.pdf", "c.pdf"}, 2, 10 * time.Second, []string{"a.pdf (+2)", "2 requests"}, nil},
		{"the last one still runs", 3, 4, []string{"slow.pdf"}, 0, 500 * time.Millisecond, []string{"75% 3/4", "slow.pdf"}, []string{"left", "0s left"}},
		{"all done", 4, 4, nil, 0, time.Second, []string{"100% 4/4"}, []string{"left"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := &progress{w: &buf, tty: true, total: tt.total, files: tt.files, current: tt.current, requests: tt.requests, start: time.Now().Add(-tt.elapsed)}
			p.draw(true)
			got := buf.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(got, w) {
					t.Errorf("%q has %q", got, w)
				}
			}
		})
	}
}
