package openaitest

import (
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/tokcount"
)

// encodingName is the tokenizer of gpt-4o, gpt-4.1, o-series and gpt-5.
const encodingName = "o200k_base"

var (
	encOnce sync.Once
	enc     *tokcount.Encoding
	encErr  error
)

// encoding returns the shared o200k_base encoding. It is internal/tokcount,
// whose tests hold it equal to tiktoken-go on the corpus, random strings and
// a fuzz target; tiktoken-go itself is 10-20 times slower, and in a
// benchmark the fake server shares the client's cores, so a slow counter
// here would be charged to the pipeline.
func encoding() *tokcount.Encoding {
	encOnce.Do(func() {
		enc, encErr = tokcount.Get(encodingName)
	})
	if encErr != nil {
		// The ranks are compiled into the binary; failing here is a build
		// problem, not a runtime condition a test could handle.
		panic(fmt.Sprintf("openaitest: load %s: %v", encodingName, encErr))
	}
	return enc
}

// CountTokens returns the number of o200k_base tokens in s, the count the
// server uses for usage, context windows and rate limits.
func CountTokens(s string) int {
	if s == "" {
		return 0
	}
	if len(s) < minCached {
		return encoding().Count(s)
	}
	key := countKey{hash64(s), len(s)}
	countMu.Lock()
	n, ok := countCache[key]
	countMu.Unlock()
	if ok {
		return n
	}
	n = encoding().Count(s)
	countMu.Lock()
	if len(countCache) >= maxCached {
		clear(countCache)
	}
	countCache[key] = n
	countMu.Unlock()
	return n
}

// Long texts come back again and again (a system prompt, a retried
// request, a benchmark loop), so their counts
// are remembered, keyed by hash and length.
const (
	minCached = 512
	maxCached = 1024
)

type countKey struct {
	h uint64
	n int
}

var (
	countMu    sync.Mutex
	countCache = map[countKey]int{}
)

// Message is one chat message as the server saw it.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
	Name    string `json:"name,omitempty"`
}

// CountPromptTokens counts messages the way OpenAI bills chat prompts for
// o200k models: 3 tokens per message, 1 more for a name, and 3 priming the
// reply (the formula of OpenAI's cookbook).
func CountPromptTokens(msgs []Message) int {
	n := 3
	for _, m := range msgs {
		n += 3 + CountTokens(m.Role) + CountTokens(m.Content)
		if m.Name != "" {
			n += 1 + CountTokens(m.Name)
		}
	}
	return n
}

// encode returns s as tokcount reads it (each invalid byte as U+FFFD) and
// the byte offsets of its tokens' starts, followed by its length.
func encode(s string) (string, []int) {
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	_, offs := encoding().Encode(s)
	return s, offs
}

// tokenPieces splits s into its tokens' texts, merging neighbours so that
// every piece is valid UTF-8 (a multi-byte rune can span tokens).
func tokenPieces(s string) []string {
	if s == "" {
		return nil
	}
	s, offs := encode(s)
	out := make([]string, 0, len(offs))
	from := 0
	for _, to := range offs[1:] {
		if to > from && utf8.ValidString(s[from:to]) {
			out = append(out, s[from:to])
			from = to
		}
	}
	if from < len(s) {
		out = append(out, s[from:])
	}
	return out
}

// cutTokens returns the longest prefix of s holding at most n tokens that
// ends on a rune boundary, and whether s was cut.
func cutTokens(s string, n int) (string, bool) {
	if n <= 0 {
		return "", s != ""
	}
	s, offs := encode(s)
	if len(offs)-1 <= n {
		return s, false
	}
	b := s[:offs[n]]
	for len(b) > 0 && !utf8.ValidString(b) {
		b = b[:len(b)-1]
	}
	return b, true
}

// tailTokens returns the last n tokens of s (Ollama keeps the end of an
// over-long prompt), starting on a rune boundary.
func tailTokens(s string, n int) string {
	s, offs := encode(s)
	if len(offs)-1 <= n {
		return s
	}
	b := s[offs[len(offs)-1-n]:]
	for len(b) > 0 && !utf8.ValidString(b) {
		b = b[1:]
	}
	return b
}
