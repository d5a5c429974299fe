package summarize

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/brief-cli/brief/prompts"
)

func TestEncodingForModel(t *testing.T) {
	tests := []struct{ model, want string }{
		{"gpt-4o", EncodingO200k},
		{"gpt-4o-2024-08-06", EncodingO200k},
		{"gpt-4o-mini", EncodingO200k},
		{"gpt-4.1-mini", EncodingO200k},
		{"gpt-4", EncodingCL100k},
		{"gpt-4-0613", EncodingCL100k},
		{"gpt-4-turbo", EncodingCL100k},
		{"gpt-3.5-turbo", EncodingCL100k},
		{"gpt-3.5-turbo-16k", EncodingCL100k},
		{"text-embedding-3-small", EncodingCL100k},
		{"text-davinci-003", EncodingP50k},
		{"code-davinci-edit-001", EncodingP50kE},
		{"davinci", EncodingR50k},
		{"gpt2", EncodingR50k},
		{"GPT-4 ", EncodingCL100k},
		{"openai/gpt-4", EncodingCL100k},
		{"openrouter/openai/gpt-4o", EncodingO200k},
		{"cl100k_base", EncodingCL100k},
		{"o1-mini", EncodingO200k},
		{"o3", EncodingO200k},
		{"gpt-5", EncodingO200k},
		{"claude-3-5-sonnet", EncodingO200k},
		{"llama3.1:8b", EncodingO200k},
		{"mistral-large-latest", EncodingO200k},
		{"", EncodingO200k},
	}
	for _, tc := range tests {
		t.Run(tc.model, func(t *testing.T) {
			if got := LookupModel(tc.model).Encoding; got != tc.want {
				t.Errorf("LookupModel(%q).Encoding = %q, want %q", tc.model, got, tc.want)
			}
		})
	}
}

func tokMust(t testing.TB, model string) *Tokenizer {
	t.Helper()
	tok, err := NewTokenizer(model)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestTokenizerKnownIDs(t *testing.T) {
	// Reference ids from OpenAI's tiktoken.
	tests := []struct {
		model string
		text  string
		ids   []int
	}{
		{"gpt-4o", "hello world", []int{24912, 2375}},
		{"gpt-4", "hello world", []int{15339, 1917}},
		{"gpt-4", "Hello, world! 12345", []int{9906, 11, 1917, 0, 220, 4513, 1774}},
		{"davinci", "hello world", []int{31373, 995}},
	}
	for _, tc := range tests {
		t.Run(tc.model+"/"+tc.text, func(t *testing.T) {
			tok := tokMust(t, tc.model)
			if got := tok.Encode(tc.text); !slices.Equal(got, tc.ids) {
				t.Errorf("Encode = %v, want %v", got, tc.ids)
			}
			if got := tok.Count(tc.text); got != len(tc.ids) {
				t.Errorf("Count = %d, want %d", got, len(tc.ids))
			}
			if got := tok.Decode(tc.ids); got != tc.text {
				t.Errorf("Decode = %q", got)
			}
		})
	}
}

func TestTokenizerCount(t *testing.T) {
	tok := tokMust(t, "gpt-4o")
	if tok.Encoding() != EncodingO200k {
		t.Fatalf("Encoding() = %q", tok.Encoding())
	}
	if n := tok.Count(""); n != 0 {
		t.Errorf("Count(\"\") = %d", n)
	}
	if tok.Encode("") != nil {
		t.Error("Encode(\"\") not nil")
	}
	// Special-token text is ordinary text: counted, never a panic.
	if n := tok.Count("<|endoftext|>"); n < 2 {
		t.Errorf("Count(<|endoftext|>) = %d, want it split as text", n)
	}
	for _, s := range []string{"Mueller report", "第一条 为了保障网络安全。", "Уважаемые сенаторы!", "😀 emoji", "\xff invalid"} {
		if got := tok.Count(s); got != len(tok.Encode(s)) || got == 0 {
			t.Errorf("Count(%q) = %d", s, got)
		}
	}
}

func TestTokenizerSharesEncoder(t *testing.T) {
	a, b := tokMust(t, "gpt-4o"), tokMust(t, "gpt-4.1")
	if a.enc != b.enc {
		t.Error("two o200k tokenizers loaded the encoding twice")
	}
	texts := []string{"hello world", "Уважаемые сенаторы!", "第一条 为了保障网络安全。", strings.Repeat("The quick brown fox. ", 50)}
	want := make([]int, len(texts))
	for i, s := range texts {
		want[i] = a.Count(s)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			tok := tokMust(t, "gpt-4o-mini")
			for k := range 50 {
				i := (g + k) % len(texts)
				if n := tok.Count(texts[i]); n != want[i] {
					t.Errorf("concurrent Count(%q) = %d, want %d", texts[i], n, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestTokenizerSplit(t *testing.T) {
	tok := tokMust(t, "gpt-4o")
	long := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 40)
	tests := []struct {
		name string
		s    string
		max  int
	}{
		{"fits", "short text", 10},
		{"english", long, 17},
		{"english tiny", long, 1},
		{"no spaces", strings.Repeat("abcdefghij", 200), 7},
		{"chinese", strings.Repeat("国家坚持网络安全与信息化发展并重，", 30), 5},
		{"cyrillic", strings.Repeat("Уважаемые граждане России! ", 30), 9},
		{"emoji", strings.Repeat("😀🎉👍🏽", 20), 3},
		{"invalid utf-8", "abc\xffdef \xfe ghi", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pieces := tok.Split(tc.s, tc.max)
			if got, want := strings.Join(pieces, ""), strings.ToValidUTF8(tc.s, "\uFFFD"); got != want {
				t.Fatalf("pieces do not concatenate to the input")
			}
			for i, p := range pieces {
				if p == "" || !utf8.ValidString(p) {
					t.Fatalf("piece %d invalid: %q", i, p)
				}
				n := tok.Count(p)
				// One character may need up to 4 byte tokens.
				if n > tc.max && !(utf8.RuneCountInString(p) == 1 && n <= 4) {
					t.Errorf("piece %d has %d tokens > %d: %q", i, n, tc.max, p)
				}
			}
			if tok.Count(tc.s) > tc.max && len(pieces) < 2 {
				t.Errorf("oversized text not split")
			}
		})
	}
	// Pieces of English prose break before spaces, not inside words.
	for _, p := range tok.Split(long, 17)[1:] {
		if !strings.HasPrefix(p, " ") {
			t.Errorf("piece %q does not start at a space", p)
		}
	}
	if tok.Split("", 5) != nil {
		t.Error("Split(\"\") not nil")
	}
}

func TestTokenizerTruncate(t *testing.T) {
	tok := tokMust(t, "gpt-4")
	s := "One two three four five six seven eight nine ten."
	for _, n := range []int{0, 1, 3, 5, 100} {
		got := tok.Truncate(s, n)
		if !strings.HasPrefix(s, got) || tok.Count(got) > n {
			t.Errorf("Truncate(%d) = %q (%d tokens)", n, got, tok.Count(got))
		}
		if n >= tok.Count(s) && got != s {
			t.Errorf("Truncate(%d) cut a text that fits", n)
		}
		if n > 0 && n < tok.Count(s) && tok.Count(got) != n {
			t.Errorf("Truncate(%d) = %q: not the longest prefix", n, got)
		}
	}
	if got := tok.Truncate("日本語のテキスト", 2); !utf8.ValidString(got) || tok.Count(got) > 2 {
		t.Errorf("Truncate CJK = %q", got)
	}
}

func BenchmarkTokenizerCount(b *testing.B) {
	tok := tokMust(b, "gpt-4o")
	s := strings.Repeat("Mr. Smith told the U.S. Senate that spending rose 10.4% to $1.2 million. ", 100)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		tok.Count(s)
	}
}

func ExampleTokenizer() {
	tok, err := NewTokenizer("openai/gpt-4-0613")
	if err != nil {
		panic(err)
	}
	fmt.Println(tok.Encoding(), tok.Count("hello world"))
	fmt.Printf("%q\n", tok.Split("The quick brown fox jumps over the lazy dog.", 4))
	// Output:
	// cl100k_base 2
	// ["The quick brown fox" " jumps over the lazy" " dog."]
}

// TestEstimateFenceIsWorstCase checks that the stand-in fence counts at
// least as many tokens as random fences do (as many, for decimal ids), in the fence lines and in a
// rendered prompt, on every encoding.
func TestEstimateFenceIsWorstCase(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, enc := range []string{EncodingO200k, EncodingCL100k} {
		tok, err := NewTokenizer(enc)
		if err != nil {
			t.Fatal(err)
		}
		count := func(id string) int {
			open, shut := prompts.Fence(id)
			return tok.Count("x\n" + open + "\n[P1] Text.\n" + shut + "\n")
		}
		worst := count(estimateFenceID)
		for i := 0; i < 20000; i++ {
			id := fmt.Sprintf("%0*d", fenceDigits, rng.Uint64N(fenceIDSpace.Uint64()))
			if n := count(id); n > worst {
				t.Fatalf("%s: fence %s counts %d tokens, more than the stand-in's %d", enc, id, n, worst)
			}
		}
	}
}
