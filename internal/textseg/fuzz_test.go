package textseg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzSegment checks that segmentation never panics, keeps its structural
// invariants, and loses no text: every non-space rune of the input is in a
// paragraph or in what the segmenter reported as dropped boilerplate, and
// paragraph text keeps input order.
func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"", "a", "Mr. Smith went. He left.", "# T\n\n- a\n- b\n\n1. x\n",
		"---\ntitle: x\n---\nBody <!-- c --> text.\n",
		"One.\fTwo.\n\nThree.\f\fFour.", "第一条 为了。第二条 适用。", "•\nItem\n(1)\nnext\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n", "```\ncode\n```\n", "Title\n=====\nText.",
		"    indented first\nthen flat.\n    second\nflat.", "A.\f\fB\f", "\xff\xfe bad",
		"Page 1 X\nPage 2 X\nPage 3 X\n", "> quote\n>> deeper", "## **Bold** ##\n",
	} {
		f.Add(s)
	}
	if files, err := filepath.Glob(filepath.Join("testdata", "segment", "*.*")); err == nil {
		for _, fn := range files {
			if strings.HasSuffix(fn, ".golden") {
				continue
			}
			if b, err := os.ReadFile(fn); err == nil && len(b) < 6000 {
				f.Add(string(b))
			}
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		var dropped []string
		s := segmenter{drop: func(d string) { dropped = append(dropped, d) }}
		doc := s.run(in)
		clean := strings.ToValidUTF8(in, "\uFFFD")
		hasFF := strings.Contains(clean, "\f")
		lastPage := 0
		var out []rune
		for i, p := range doc.Paragraphs {
			if p.Number != i+1 {
				t.Fatalf("paragraph %d numbered %d", i, p.Number)
			}
			if hasFF && p.Page < max(1, lastPage) || !hasFF && p.Page != 0 {
				t.Fatalf("P%d: page %d (previous %d, form feeds %v)", p.Number, p.Page, lastPage, hasFF)
			}
			lastPage = p.Page
			if len(p.Sentences) == 0 || strings.Join(p.Sentences, " ") != p.Text {
				t.Fatalf("P%d: sentences %q do not join to %q", p.Number, p.Sentences, p.Text)
			}
			for _, snt := range p.Sentences {
				if snt == "" || snt != strings.TrimSpace(snt) || strings.Contains(snt, "  ") || !utf8.ValidString(snt) {
					t.Fatalf("P%d: malformed sentence %q", p.Number, snt)
				}
			}
			out = append(out, nonSpace(p.Text)...)
		}
		src := nonSpace(clean)
		if !isSubsequence(out, src) {
			t.Fatalf("paragraph text is not an in-order subsequence of the input")
		}
		// What is missing from the output is exactly what was dropped.
		missing := runeCounts(src)
		for _, r := range out {
			missing[r]--
		}
		var d []rune
		for _, x := range dropped {
			d = append(d, nonSpace(x)...)
		}
		for _, r := range d {
			missing[r]--
		}
		for r, n := range missing {
			if n != 0 {
				t.Fatalf("rune %q: %d unaccounted for (output %d runes, dropped %q)", r, n, len(out), dropped)
			}
		}
	})
}

func nonSpace(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if !unicode.IsSpace(r) {
			out = append(out, r)
		}
	}
	return out
}

func runeCounts(rs []rune) map[rune]int {
	m := make(map[rune]int)
	for _, r := range rs {
		m[r]++
	}
	return m
}

func isSubsequence(sub, of []rune) bool {
	i := 0
	for _, r := range of {
		if i < len(sub) && sub[i] == r {
			i++
		}
	}
	return i == len(sub)
}
