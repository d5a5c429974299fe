package docread

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzParse checks that Parse never panics and that whatever it accepts
// obeys the Document.Text rules.
func FuzzParse(f *testing.F) {
	seeds := [][]byte{
		[]byte("plain text\r\nwith CRLF"),
		[]byte("\xEF\xBB\xBF---\ntitle: x\n---\n# H\n<!-- c -->"),
		utf16Bytes("utf-16 text", false, true),
		[]byte("caf\xe9 \x93quoted\x94"),
		[]byte(articlePage),
		simplePDF("BT /F1 12 Tf 72 700 Td [(Hello)-300(world)] TJ T* (next) Tj ET"),
		formPDF(),
		scanPDF(),
		prevCyclePDF(),
		nestedObjStmPDF(),
		shiftedPDF("BT /F1 9 Tf 1 0 0 1 72 700 Tm (x) Tj ET"),
	}
	for _, name := range []string{"form-cmap.pdf", "encrypted/rc4-40.pdf", "encrypted/aes-128-objstm.pdf", "encrypted/aes-256-r6.pdf"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			seeds = append(seeds, data)
		}
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(data, Options{MaxBytes: 1 << 20})
		if err != nil {
			return
		}
		if !utf8.ValidString(doc.Text) {
			t.Fatalf("invalid UTF-8 in %q", doc.Text)
		}
		for _, r := range doc.Text {
			if r == '\r' || r == 0 || r == '\uFEFF' {
				t.Fatalf("forbidden rune %U in %q", r, doc.Text)
			}
		}
		if doc.Text == "" {
			t.Fatal("empty text without error")
		}
	})
}

// furnitureSeeds are texts with page furniture to drop: running heads,
// page numbers and "Page N" footers between form feeds, with blank lines
// and form feeds on either side of the lines dropped.
var furnitureSeeds = []string{
	"Report Title\n\nFirst page text.\n\n1\n\f\nReport Title\n\nSecond page text.\n\n2\n\f\nReport Title\n\nThird page text.\n\n3",
	"Page 1 of 3\nIntro.\n\nPage 2 of 3\n\nMore.\nPage 3 of 3",
	"Head\n\f\nHead\nbody\n\f\nHead\n\n\nbody two\n\f\nHead",
	"caf\u00e9 \u0301mark\n\n- 4 -\n\f\n\u0301 starts a line\n\n- 5 -\n\f\ntext\n\n- 6 -",
}

// FuzzDropDocFurniture checks that dropping the furniture of normalized
// text while normalizing the rest gives what normalizing the text without
// the furniture gives.
func FuzzDropDocFurniture(f *testing.F) {
	for _, s := range furnitureSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || len(s) > 64<<10 {
			return
		}
		text := normalize(s)
		want := text
		if t2 := dropTextFurniture(text); t2 != text {
			want = normalize(t2)
		}
		if got := dropDocFurniture(Document{Text: text}).Text; got != want {
			t.Fatalf("dropDocFurniture(%q) = %q, want %q", text, got, want)
		}
	})
}

// FuzzNormalizerPieces checks that the normalizer fed a text in two
// pieces, cut at any rune boundary, gives what normalize gives.
func FuzzNormalizerPieces(f *testing.F) {
	for _, s := range append([]string{"a\r\nb", "a\r", "x \t\n\n\n\fy\r\n\r\nz\u2028", "\u00e9\u0301\n\u0085q"}, furnitureSeeds...) {
		f.Add(s, uint16(len(s)/2))
	}
	f.Fuzz(func(t *testing.T, s string, cut uint16) {
		if !utf8.ValidString(s) || len(s) > 64<<10 {
			return
		}
		s = norm.NFC.String(s)
		i := int(cut) % (len(s) + 1)
		for i > 0 && !utf8.RuneStart(s[min(i, len(s)-1)]) && i < len(s) {
			i--
		}
		var n normalizer
		n.write(s[:i])
		n.write(s[i:])
		if got, want := n.finish(), normalize(s); got != want {
			t.Fatalf("pieces %q + %q = %q, want %q", s[:i], s[i:], got, want)
		}
	})
}

// The seeds must drop something, or FuzzDropDocFurniture's seed runs
// would not test the drop.
func TestFurnitureSeedsDrop(t *testing.T) {
	for _, s := range furnitureSeeds {
		if text := normalize(s); dropTextFurniture(text) == text {
			t.Errorf("no furniture dropped from %q", text)
		}
	}
}
