package summarize

import (
	"testing"
	"time"
)

func TestBackoffIsCapped(t *testing.T) {
	for attempt := 1; attempt < 40; attempt++ {
		if d := backoff(attempt, 0); d <= 0 || d > maxRetryWait {
			t.Fatalf("attempt %d: %v", attempt, d)
		}
	}
	if d := backoff(1, time.Hour); d != maxRetryWait {
		t.Fatalf("server wait not capped: %v", d)
	}
}
