package docread

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
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
