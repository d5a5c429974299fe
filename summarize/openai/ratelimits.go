package openai

import (
	"net/http"
	"strconv"
	"time"

	"github.com/brief-cli/brief/summarize"
)

// parseRateLimits reads the x-ratelimit-* headers OpenAI (and servers
// copying it) send with each answer.
func parseRateLimits(h http.Header) summarize.RateLimits {
	// Azure has sent -1 for limits it does not tell
	// (learn.microsoft.com/en-us/answers/questions/5625878): none told.
	num := func(k string) int { n, _ := strconv.Atoi(h.Get(k)); return max(n, 0) }
	dur := func(k string) time.Duration { d, _ := time.ParseDuration(h.Get(k)); return d }
	return summarize.RateLimits{
		LimitRequests:     num("X-Ratelimit-Limit-Requests"),
		LimitTokens:       num("X-Ratelimit-Limit-Tokens"),
		RemainingRequests: num("X-Ratelimit-Remaining-Requests"),
		RemainingTokens:   num("X-Ratelimit-Remaining-Tokens"),
		ResetRequests:     dur("X-Ratelimit-Reset-Requests"),
		ResetTokens:       dur("X-Ratelimit-Reset-Tokens"),
	}
}
