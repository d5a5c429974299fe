package summarize

import (
	"testing"

	tiktoken "github.com/pkoukk/tiktoken-go"
)

// TestModelEncodingsMatchTiktoken holds the table's encodings to
// tiktoken's model table, the oracle: every name it lists, and a dated
// version of every prefix it lists.
func TestModelEncodingsMatchTiktoken(t *testing.T) {
	want := func(enc string) string {
		if enc == "gpt2" {
			return EncodingR50k
		}
		return enc
	}
	for name, enc := range tiktoken.MODEL_TO_ENCODING {
		if got := LookupModel(name).Encoding; got != want(enc) {
			t.Errorf("LookupModel(%q).Encoding = %q, tiktoken says %q", name, got, enc)
		}
	}
	for prefix, enc := range tiktoken.MODEL_PREFIX_TO_ENCODING {
		name := prefix + "2024-05-13"
		if got := LookupModel(name).Encoding; got != want(enc) {
			t.Errorf("LookupModel(%q).Encoding = %q, tiktoken says %q", name, got, enc)
		}
	}
}

func TestLookupModel(t *testing.T) {
	tests := []struct {
		model     string
		window    int
		reasoning bool
		price     Price
	}{
		{"gpt-4o-mini", 128_000, false, Price{0.15, 0.60}},
		{"openai/gpt-4o-2024-08-06", 128_000, false, Price{2.50, 10.00}},
		{"gpt-4.1-nano", 1_047_576, false, Price{0.10, 0.40}},
		{"gpt-4-turbo", 128_000, false, Price{10, 30}},
		{"gpt-4", 8_192, false, Price{}},
		{"gpt-5-mini", 400_000, true, Price{0.25, 2.00}},
		{"o1-mini", 128_000, true, Price{}},
		{"o3-mini", 200_000, true, Price{1.10, 4.40}},
		{"o4-mini-high", 200_000, true, Price{1.10, 4.40}},
		{"o4", 0, true, Price{}},
		{"meta-llama/Meta-Llama-3.1-8B-Instruct", 131_072, false, Price{}},
		{"llama3:8b", 8_192, false, Price{}},
		{"mistral-nemo:12b", 131_072, false, Price{}},
		{"claude-3-5-sonnet", 0, false, Price{}},
		{"ada-lovelace-7b", 0, false, Price{}},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			f := LookupModel(tt.model)
			if f.ContextTokens != tt.window || f.Reasoning != tt.reasoning || f.Price != tt.price {
				t.Errorf("got %+v, want window %d, reasoning %t, price %+v", f, tt.window, tt.reasoning, tt.price)
			}
		})
	}
}
