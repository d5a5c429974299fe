package align

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTerms checks that the tokenizer ends on any input and yields
// non-empty terms, and that an index built on the input answers queries.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{"The agencies issued 18,000 directives.", "网络安全法 Россия ۶۷ O'Brien's", "\xff\xfe'’s", "3.5.6,000,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms := Terms(s)
		for _, term := range terms {
			if term == "" || !utf8.ValidString(term) && utf8.ValidString(s) {
				t.Fatalf("bad term %q from %q", term, s)
			}
		}
		ix := NewIndex(doc(s, strings.ToUpper(s)))
		ix.Best(s, 2)
		ix.Resolve(s, []int{1, 5}, 1)
		ix.Cover(terms, 0.5)
	})
}
