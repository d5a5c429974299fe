package textseg

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// goldenText renders a document for golden files: one header line per
// paragraph, one indented line per sentence.
func goldenText(doc Document) string {
	var b strings.Builder
	for _, p := range doc.Paragraphs {
		fmt.Fprintf(&b, "P%d", p.Number)
		if p.Page != 0 {
			fmt.Fprintf(&b, " page=%d", p.Page)
		}
		if p.Heading {
			b.WriteString(" heading")
		}
		b.WriteByte('\n')
		for _, s := range p.Sentences {
			fmt.Fprintf(&b, "  - %s\n", s)
		}
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "segment", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := goldenText(Segment(readText(t, in, src)))
			golden := in + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if got != string(want) {
				t.Errorf("segmentation of %s differs from %s; diff the output of -update:\n%s", in, golden, firstDiff(got, string(want)))
			}
		})
	}
	if n < 5 {
		t.Fatalf("found %d golden inputs, want at least 5", n)
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d\n got: %q\nwant: %q", i+1, gl, wl)
		}
	}
	return ""
}
