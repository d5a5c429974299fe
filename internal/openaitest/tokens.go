package openaitest

import (
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"
)

// encodingName is the tokenizer of gpt-4o, gpt-4.1, o-series and gpt-5.
const encodingName = "o200k_base"

var (
	encOnce sync.Once
	enc     *tiktoken.Tiktoken
	encErr  error
)

// encoding returns the shared o200k_base encoder, loaded from the ranks
// embedded in tiktoken-go-loader: nothing is ever downloaded.
func encoding() *tiktoken.Tiktoken {
	encOnce.Do(func() {
		tiktoken.SetBpeLoader(tiktoken_loader.NewOfflineLoader())
		enc, encErr = tiktoken.GetEncoding(encodingName)
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
		return len(encoding().EncodeOrdinary(s))
	}
	key := countKey{hash64(s), len(s)}
	countMu.Lock()
	n, ok := countCache[key]
	countMu.Unlock()
	if ok {
		return n
	}
	n = len(encoding().EncodeOrdinary(s))
	countMu.Lock()
	if len(countCache) >= maxCached {
		clear(countCache)
	}
	countCache[key] = n
	countMu.Unlock()
	return n
}

// Long texts come back again and again (a system prompt, a retried
// request, a benchmark loop) and tiktoken is slow on them, so their counts
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

// tokenPieces splits s into its tokens' texts, merging neighbours so that
// every piece is valid UTF-8 (a multi-byte rune can span tokens).
func tokenPieces(s string) []string {
	if s == "" {
		return nil
	}
	e := encoding()
	ids := e.EncodeOrdinary(s)
	out := make([]string, 0, len(ids))
	var pending []byte
	for _, id := range ids {
		pending = append(pending, e.Decode([]int{id})...)
		if utf8.Valid(pending) {
			out = append(out, string(pending))
			pending = pending[:0]
		}
	}
	if len(pending) > 0 {
		out = append(out, string(pending))
	}
	return out
}

// cutTokens returns the longest prefix of s holding at most n tokens that
// ends on a rune boundary, and whether s was cut.
func cutTokens(s string, n int) (string, bool) {
	if n <= 0 {
		return "", s != ""
	}
	e := encoding()
	ids := e.EncodeOrdinary(s)
	if len(ids) <= n {
		return s, false
	}
	b := []byte(e.Decode(ids[:n]))
	for len(b) > 0 && !utf8.Valid(b) {
		b = b[:len(b)-1]
	}
	return string(b), true
}

// tailTokens returns the last n tokens of s (Ollama keeps the end of an
// over-long prompt), starting on a rune boundary.
func tailTokens(s string, n int) string {
	e := encoding()
	ids := e.EncodeOrdinary(s)
	if len(ids) <= n {
		return s
	}
	b := []byte(e.Decode(ids[len(ids)-n:]))
	for len(b) > 0 && !utf8.Valid(b) {
		b = b[1:]
	}
	return string(b)
}
