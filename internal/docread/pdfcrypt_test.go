package docread

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPDFEncrypted reads PDFs that qpdf encrypted the ways producers do
// (testdata/encrypted/gen.sh): those with only an owner password open as
// in any viewer, strings (the title) and streams decrypted; those with a
// user password are ErrPassword, not damaged files.
func TestPDFEncrypted(t *testing.T) {
	tests := []struct {
		file string
		want error // nil: reads
	}{
		{"plain.pdf", nil},
		{"rc4-40.pdf", nil},
		{"rc4-128.pdf", nil},
		{"aes-128.pdf", nil},
		{"aes-128-objstm.pdf", nil}, // object streams, /EncryptMetadata false
		{"aes-256-r5.pdf", nil},
		{"aes-256-r6.pdf", nil},
		{"aes-256-r6-objstm.pdf", nil},
		{"user-password.pdf", ErrPassword},
		{"user-password-rc4.pdf", ErrPassword},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "encrypted", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(data, Options{})
			if tt.want != nil {
				if !errors.Is(err, tt.want) || !errors.Is(err, ErrEncrypted) || errors.Is(err, ErrMalformed) {
					t.Fatalf("err = %v, want %v and not ErrMalformed", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"cyberattack halted container traffic", "phishing email sent to 37 employees", "12 million euros"} {
				if !strings.Contains(doc.Text, want) {
					t.Errorf("text lacks %q:\n%s", want, doc.Text)
				}
			}
			if doc.Title != "Harbour Cyberattack Review" || doc.Pages != 2 {
				t.Errorf("title %q, %d pages", doc.Title, doc.Pages)
			}
		})
	}
}

// TestPDFCut checks that a PDF cut anywhere is a damaged document
// (ErrMalformed), never a panic or an encryption error.
func TestPDFCut(t *testing.T) {
	for _, file := range []string{"plain.pdf", "aes-256-r6.pdf", "rc4-40.pdf"} {
		data, err := os.ReadFile(filepath.Join("testdata", "encrypted", file))
		if err != nil {
			t.Fatal(err)
		}
		for _, frac := range []int{10, 25, 50, 75, 95} {
			_, err := Parse(data[:len(data)*frac/100], Options{})
			var fe *FormatError
			if !errors.Is(err, ErrMalformed) || !errors.As(err, &fe) || errors.Is(err, ErrEncrypted) {
				t.Errorf("%s cut at %d%%: err = %v, want a damaged PDF", file, frac, err)
			}
		}
	}
}
