package summarize

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/tokcount"
)

// Encoding names understood by NewTokenizer besides model names.
const (
	EncodingO200k  = "o200k_base"  // GPT-4o, GPT-4.1, o-series; the default
	EncodingCL100k = "cl100k_base" // GPT-4, GPT-3.5, text-embedding-3
	EncodingP50k   = "p50k_base"   // Codex, text-davinci-002/003
	EncodingP50kE  = "p50k_edit"   // edit models
	EncodingR50k   = "r50k_base"   // GPT-3 base models, GPT-2
)

// Tokenizer counts and splits text in the tokens of an OpenAI BPE encoding.
// The encoding tables ship inside the binary; nothing is downloaded. The
// table is loaded on first use, once per process (about a millisecond for
// o200k_base and cl100k_base, whose rank tables are built at go generate;
// tens of milliseconds for the others). A Tokenizer
// is safe for concurrent use. Counts are exactly tiktoken's.
type Tokenizer struct {
	name string
	once sync.Once
	enc  *tokcount.Encoding
}

// NewTokenizer returns a tokenizer for the encoding the model uses, as
// LookupModel gives it: a vendor prefix ("openai/gpt-4o") is ignored, an
// encoding name ("cl100k_base") is accepted as is, and models of other
// vendors or unknown names get o200k_base. It loads nothing: the table is
// read on the first count.
func NewTokenizer(model string) (*Tokenizer, error) {
	name := LookupModel(model).Encoding
	if !tokcount.Known(name) {
		return nil, fmt.Errorf("tokenizer %s: unknown encoding", name)
	}
	return &Tokenizer{name: name}, nil
}

// isEncoding reports whether name is an encoding with tables in the
// offline loader.
func isEncoding(name string) bool {
	switch name {
	case EncodingO200k, EncodingCL100k, EncodingP50k, EncodingP50kE, EncodingR50k:
		return true
	}
	return false
}

// encoding returns the loaded encoding. The tables are embedded in the
// binary and tested to load, so failing here is a broken build, not bad
// input.
func (t *Tokenizer) encoding() *tokcount.Encoding {
	t.once.Do(func() {
		e, err := tokcount.Get(t.name)
		if err != nil {
			panic("summarize: embedded tokenizer table: " + err.Error())
		}
		t.enc = e
	})
	return t.enc
}

// Encoding returns the encoding name, such as "o200k_base".
func (t *Tokenizer) Encoding() string { return t.name }

// Count returns the number of tokens in s. Special-token text such as
// "<|endoftext|>" is counted as ordinary text.
func (t *Tokenizer) Count(s string) int {
	if s == "" {
		return 0
	}
	return t.encoding().Count(s)
}

// CountContext is Count that gives up with ctx's error once ctx is done;
// it checks at least every 64 KiB of text.
func (t *Tokenizer) CountContext(ctx context.Context, s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return t.encoding().CountContext(ctx, s)
}

// maxCounted is how much of a text countCapped counts exactly.
const maxCounted = 1 << 20

// countCapped counts s exactly up to maxCounted bytes; a longer s (an
// answer whose server gave no usage) is estimated from the count of its
// first maxCounted bytes, so that counting it takes bounded time.
func (t *Tokenizer) countCapped(s string) int {
	if len(s) <= maxCounted {
		return t.Count(s)
	}
	head := s[:maxCounted]
	for len(head) > 0 && !utf8.RuneStart(s[len(head)]) {
		head = head[:len(head)-1]
	}
	n := t.Count(head)
	return int(float64(n) * float64(len(s)) / float64(max(len(head), 1)))
}

// Encode returns the token ids of s (special-token text encoded as ordinary
// text).
func (t *Tokenizer) Encode(s string) []int {
	if s == "" {
		return nil
	}
	ids, _ := t.encoding().Encode(s)
	return ids
}

// Decode returns the text of token ids. Ids that split a multi-byte
// character yield invalid UTF-8 unless decoded together.
func (t *Tokenizer) Decode(ids []int) string {
	return t.encoding().Decode(ids)
}

// Split cuts s into pieces of at most maxTokens tokens each, at token
// boundaries that are also character boundaries, preferring to cut before a
// space in the second half of a piece. The pieces concatenated equal s
// (invalid UTF-8 is first replaced with U+FFFD). A single character is
// never split, so with maxTokens below 4 a piece may exceed it.
func (t *Tokenizer) Split(s string, maxTokens int) []string {
	out, _ := t.split(context.Background(), s, maxTokens)
	return out
}

// split is Split that stops with ctx's error once ctx is done.
func (t *Tokenizer) split(ctx context.Context, s string, maxTokens int) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	maxTokens = max(maxTokens, 1)
	ids, offs, err := t.encoding().EncodeContext(ctx, s)
	if err != nil {
		return nil, err
	}
	if len(ids) <= maxTokens {
		return []string{s}, nil
	}
	var out []string
	for a := 0; a < len(ids); {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b := t.cut(s, ids, offs, a, maxTokens, true)
		out = append(out, s[offs[a]:offs[b]])
		a = b
	}
	return out, nil
}

// Truncate returns the longest prefix of s (invalid UTF-8 replaced with
// U+FFFD), ending on a token and character boundary, with at most
// maxTokens tokens.
func (t *Tokenizer) Truncate(s string, maxTokens int) string {
	if maxTokens <= 0 || s == "" {
		return ""
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	ids, offs := t.encoding().Encode(s)
	if len(ids) <= maxTokens {
		return s
	}
	p := s[:offs[t.cut(s, ids, offs, 0, maxTokens, false)]]
	for p != "" && t.Count(p) > maxTokens {
		// Only when one character takes more than maxTokens tokens.
		_, w := utf8.DecodeLastRuneInString(p)
		p = p[:len(p)-w]
	}
	return p
}

// cut returns the token index b > a that ends the piece starting at token
// a: at most maxTokens tokens, on a character boundary, at most maxTokens
// tokens when re-encoded alone (BPE can merge differently at a cut), and
// with preferSpace just before a space when there is one in the second half.
func (t *Tokenizer) cut(s string, ids []int, offs []int, a, maxTokens int, preferSpace bool) int {
	if len(ids)-a <= maxTokens && t.Count(s[offs[a]:]) <= maxTokens {
		return len(ids)
	}
	tries := 0
	for b := min(a+maxTokens, len(ids)); b > a; {
		k := b
		for k > a && !tokRuneStart(s, offs[k]) {
			k--
		}
		if k == a {
			break
		}
		if preferSpace {
			for j := k; j > a+(k-a)/2; j-- {
				if offs[j] < len(s) && s[offs[j]] == ' ' {
					k = j
					break
				}
			}
		}
		n := t.Count(s[offs[a]:offs[k]])
		if n <= maxTokens {
			return k
		}
		// Re-encoded alone the piece merged differently. Step back by the
		// excess, doubling on each miss, so that a piece takes a few
		// counts, not one per token (which was quadratic on long words).
		b = k - max(n-maxTokens, 1)<<min(tries, 20)
		tries++
	}
	// Not even one character fits: take the first character whole.
	k := a + 1
	for k < len(ids) && !tokRuneStart(s, offs[k]) {
		k++
	}
	return k
}

func tokRuneStart(s string, off int) bool {
	return off >= len(s) || utf8.RuneStart(s[off])
}
