package outplan

import (
	"slices"
	"testing"
)

func TestNames(t *testing.T) {
	tests := []struct {
		name string
		rels []string
		want []string
	}{
		{"plain", []string{"a.txt", "sub/b.html"}, []string{"a.md", "sub/b.md"}},
		{"same stem keeps extensions", []string{"gao.html", "gao.pdf", "other.txt"}, []string{"gao.html.md", "gao.pdf.md", "other.md"}},
		{"the index name is reserved", []string{"index.md", "a.txt"}, []string{"index.md.md", "a.md"}},
		{"the index name in any case", []string{"INDEX.txt"}, []string{"INDEX.txt.md"}},
		{"a sub-folder's index is no index", []string{"sub/index.md"}, []string{"sub/index.md"}},
		{"case-insensitive collision", []string{"Report.txt", "report.pdf"}, []string{"Report.txt.md", "report.pdf.md"}},
		{"folder case collision", []string{"Sub/a.txt", "sub/a.txt"}, []string{"Sub/a.txt.md", "sub/a.txt-2.md"}},
		{"same file under two roots", []string{"a.txt", "a.txt"}, []string{"a.txt.md", "a.txt-2.md"}},
		{"a name that is another's kept-extension name", []string{"a.txt", "a.html", "a.txt.txt"}, []string{"a.txt.md", "a.html.md", "a.txt-2.md"}},
		{"no extension", []string{"README", "README.md"}, []string{"README.md", "README.md.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Names(tt.rels, ".md", "index.md")
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Names(%q) = %q, want %q", tt.rels, got, tt.want)
			}
			seen := map[string]bool{"index.md": true}
			for _, n := range got {
				if seen[fold(n)] {
					t.Fatalf("%q given twice (or the index's name)", n)
				}
				seen[fold(n)] = true
			}
		})
	}
}

func FuzzNames(f *testing.F) {
	f.Add("a.txt", "A.html", "index.md")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		got := Names([]string{a, b, c}, ".md", "index.md")
		seen := map[string]bool{"index.md": true}
		for _, n := range got {
			if seen[fold(n)] {
				t.Fatalf("Names(%q, %q, %q) = %q: %q twice", a, b, c, got, n)
			}
			seen[fold(n)] = true
		}
	})
}
