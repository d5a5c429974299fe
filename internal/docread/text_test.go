package docread

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var b []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func TestParseEncodings(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		wantText string
		wantEnc  string
	}{
		{"utf-8", []byte("Caf\u00e9 au lait\n"), "Café au lait", EncodingUTF8},
		{"utf-8 BOM", []byte("\xEF\xBB\xBFHello, world"), "Hello, world", EncodingUTF8},
		{"utf-16le BOM", utf16Bytes("Hello “world” é\r\nline 2", false, true), "Hello “world” é\nline 2", EncodingUTF16LE},
		{"utf-16be BOM", utf16Bytes("Привет, мир", true, true), "Привет, мир", EncodingUTF16BE},
		{"utf-16le no BOM", utf16Bytes("Plain ASCII text in UTF-16", false, false), "Plain ASCII text in UTF-16", EncodingUTF16LE},
		{"utf-16be no BOM", utf16Bytes("Plain ASCII text in UTF-16", true, false), "Plain ASCII text in UTF-16", EncodingUTF16BE},
		{"windows-1252 smart quotes", []byte("He said \x93caf\xe9\x94 \x96 it\x92s \x80 5."), "He said “café” – it’s € 5.", EncodingWindows1252},
		{"windows-1252 legacy file", bytes.Repeat([]byte("R\xe9sum\xe9 of the na\xefve r\xf4le. "), 20), strings.TrimSpace(strings.Repeat("Résumé of the naïve rôle. ", 20)), EncodingWindows1252},
		{"utf-8 with a stray byte", append([]byte(strings.Repeat("Zürich café naïve. ", 40)), []byte("stray \x92 byte")...), strings.Repeat("Zürich café naïve. ", 40) + "stray ’ byte", EncodingUTF8},
		{"CRLF and lone CR", []byte("a\r\nb\rc\n"), "a\nb\nc", EncodingUTF8},
		{"controls removed, tab and form feed kept", []byte("a\x01b\x7f\tc\u0085d\fe"), "ab\tc\nd\n\f\ne", EncodingUTF8},
		{"trailing spaces trimmed", []byte("  indented   \nnext\t\t\n\n\n\nlast  "), "  indented\nnext\n\nlast", EncodingUTF8},
		{"NFC", []byte("cafe\u0301"), "café", EncodingUTF8},
		{"interior BOM dropped", []byte("a\uFEFFb"), "ab", EncodingUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.in, Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if doc.Text != tt.wantText {
				t.Errorf("Text = %q, want %q", doc.Text, tt.wantText)
			}
			if doc.Encoding != tt.wantEnc {
				t.Errorf("Encoding = %q, want %q", doc.Encoding, tt.wantEnc)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	random := make([]byte, 4096)
	x := uint32(2463534242)
	for i := range random {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		random[i] = byte(x) | 1 // no NUL bytes
	}
	tests := []struct {
		name string
		in   []byte
		want error
		kind string // UnsupportedError.Kind, when want is ErrUnsupported
	}{
		{"empty", nil, ErrEmpty, ""},
		{"whitespace", []byte(" \n\t\r\n  \f "), ErrEmpty, ""},
		{"BOM only", []byte("\xEF\xBB\xBF"), ErrEmpty, ""},
		{"UTF-16 whitespace", utf16Bytes("   \n ", false, true), ErrEmpty, ""},
		{"empty HTML", []byte("<!DOCTYPE html><html><head><title>x</title></head><body><script>var a=1</script></body></html>"), ErrEmpty, ""},
		{"NUL byte", []byte("text\x00more text"), ErrBinary, ""},
		{"random bytes", random, ErrBinary, ""},
		{"mostly invalid UTF-8", bytes.Repeat([]byte{0xC3, 0x28, 0xA0, 0xA1, 'a'}, 100), ErrBinary, ""},
		{"control characters", bytes.Repeat([]byte("ab\x01\x02\x03\x04"), 50), ErrBinary, ""},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00somefile.txt"), ErrUnsupported, "ZIP archive"},
		{"docx", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml....word/document.xml"), ErrUnsupported, "Word document (DOCX)"},
		{"epub", []byte("PK\x03\x04\x0a\x00\x00\x00\x00\x00mimetypeapplication/epub+zip"), ErrUnsupported, "EPUB e-book"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrUnsupported, "PNG image"},
		{"jpeg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF"), ErrUnsupported, "JPEG image"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), ErrUnsupported, "GIF image"},
		{"gzip", []byte("\x1F\x8B\x08\x00\x00\x00\x00\x00"), ErrUnsupported, "gzip archive"},
		{"elf", []byte("\x7FELF\x02\x01\x01\x00"), ErrUnsupported, "ELF executable"},
		{"ole2", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00"), ErrUnsupported, "legacy Microsoft Office document (DOC/XLS/PPT)"},
		{"rtf", []byte(`{\rtf1\ansi Hello}`), ErrUnsupported, "RTF document"},
		{"UTF-32", []byte("\xFF\xFE\x00\x00h\x00\x00\x00"), ErrUnsupported, "UTF-32 text file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in, Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.kind != "" {
				var ue *UnsupportedError
				if !errors.As(err, &ue) || ue.Kind != tt.kind {
					t.Fatalf("err = %#v, want UnsupportedError{Kind: %q}", err, tt.kind)
				}
				if !strings.Contains(err.Error(), "looks like a "+tt.kind) {
					t.Errorf("message %q does not name the kind", err)
				}
			}
		})
	}
}

func TestReadLimits(t *testing.T) {
	in := strings.Repeat("x", 100)
	if _, err := Read(strings.NewReader(in), Options{MaxBytes: 99}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read over limit: err = %v, want ErrTooLarge", err)
	}
	if _, err := Parse([]byte(in), Options{MaxBytes: 99}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Parse over limit: err = %v, want ErrTooLarge", err)
	}
	doc, err := Read(strings.NewReader(in), Options{MaxBytes: 100})
	if err != nil || doc.Text != in {
		t.Errorf("Read at limit: %q, %v", doc.Text, err)
	}
	// Read must stop after MaxBytes+1 bytes rather than drain the input.
	r := &countingReader{}
	if _, err := Read(r, Options{MaxBytes: 1000}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("endless input: err = %v", err)
	}
	if r.n > 1001+32*1024 {
		t.Errorf("read %d bytes of an endless input with MaxBytes 1000", r.n)
	}
}

// countingReader is an endless stream of 'a'.
type countingReader struct{ n int }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	c.n += len(p)
	return len(p), nil
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, hint, in string
		want           Format
	}{
		{"plain text", "", "Just some words.\nAnother line.", FormatText},
		{"text with a shell comment", "notes.txt", "Run this:\n# not a heading really\nls", FormatText},
		{"markdown by extension", "x.md", "plain words", FormatMarkdown},
		{"markdown by heading", "", "# Title\n\nBody text.", FormatMarkdown},
		{"markdown by two headings", "", "intro\n## One\ntext\n## Two\ntext", FormatMarkdown},
		{"markdown by front matter", "", "---\ntitle: X\n---\nbody", FormatMarkdown},
		{"doctype", "", "<!DOCTYPE html><p>Hello</p>", FormatHTML},
		{"html after comment", "page.txt", "<!-- saved -->\n<html><body><p>Hi there</p></body></html>", FormatHTML},
		{"html wins over .md", "x.md", "<html><body><p>Hi there</p></body></html>", FormatHTML},
		{"html fragment by extension", "x.htm", "<p>Hello</p><p>World</p>", FormatHTML},
		{"html fragment by tag density", "", strings.Repeat("<p>Hello <b>there</b></p>\n", 10), FormatHTML},
		{"markdown with a little html", "", "# Title\n\nSome <b>bold</b> text and a<br>break.\n", FormatMarkdown},
		{"prose mentioning a PDF header", "", "A PDF starts with %PDF- and a version.", FormatText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.in), Options{NameHint: tt.hint})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != tt.want {
				t.Errorf("Format = %q, want %q", doc.Format, tt.want)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in, wantText, wantTitle string
	}{
		{"yaml front matter", "---\nlayout: base\ntitle: \"Emergency Directive 21-01\"\nsubnav:\n  - text: x\n---\n# Heading\n\nBody.", "# Heading\n\nBody.", "Emergency Directive 21-01: Heading"},
		{"toml front matter", "+++\ntitle = 'TOML Title'\n+++\nBody text.", "Body text.", "TOML Title"},
		{"block scalar title", "---\ntitle: >\n  Folded\n  title\n---\nBody.", "Body.", "Folded title"},
		{"no title in front matter", "---\nlayout: x\n---\n# From Heading #\n\ntext", "# From Heading #\n\ntext", "From Heading"},
		{"comments dropped", "# T\n\n<!-- INFO END -->\n\nText <!-- inline --> here.\n<!--\nmulti\nline\n-->\nEnd.", "# T\n\nText  here.\n\nEnd.", "T"},
		{"heading in code fence ignored", "intro\n\n```sh\n# not a title\n```\n\n# Real\n", "intro\n\n```sh\n# not a title\n```\n\n# Real", "Real"},
		{"setext heading", "My Title\n========\n\ntext", "My Title\n========\n\ntext", "My Title"},
		{"CRLF front matter", "---\r\ntitle: X\r\n---\r\nBody\r\n", "Body", "X"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.in), Options{NameHint: "doc.md"})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != tt.wantText {
				t.Errorf("Text = %q, want %q", doc.Text, tt.wantText)
			}
			if doc.Title != tt.wantTitle {
				t.Errorf("Title = %q, want %q", doc.Title, tt.wantTitle)
			}
		})
	}
}

// TestCleaningBeforeSegmentation: docread alone drops front matter and HTML
// comments, whatever the format is detected as; textseg no longer does.
func TestCleaningBeforeSegmentation(t *testing.T) {
	tests := []struct {
		name, hint, in, wantText string
	}{
		{"front matter and comments", "notes.txt",
			"---\nlayout: base\ntitle: Emergency Directive\nsubnav:\n  - text: Background\n---\nBody <!-- inline note --> text.\n\n<!-- INFO END -->\n\nMore.",
			"Body  text.\n\nMore."},
		{"plain text comment", "notes.txt", "First line.\n<!-- saved from a site -->\nSecond line.", "First line.\n\nSecond line."},
		{"front matter must be YAML", "notes.txt", "---\nThis is: prose with a colon\n---\nText.", "---\nThis is: prose with a colon\n---\nText."},
		{"front matter needs a key", "notes.txt", "---\njust a rule above\n---\nText.", "---\njust a rule above\n---\nText."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.in), Options{NameHint: tt.hint})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != tt.wantText {
				t.Errorf("Text = %q (%s), want %q", doc.Text, doc.Format, tt.wantText)
			}
		})
	}
}

func TestTextFurniture(t *testing.T) {
	bodies := []string{"Agencies share threat data.", "Trust took years to build.", "Some members withheld reports.", "The council met monthly."}
	var pages []string
	for p, body := range bodies {
		pages = append(pages, fmt.Sprintf("GAO-02-24 Information Sharing\n%s\n%d", body, p+1))
	}
	tests := []struct {
		name, in, want string
	}{
		{"running header and page numbers", strings.Join(pages, "\n\f\n"),
			"Agencies share threat data.\n\f\nTrust took years to build.\n\f\nSome members withheld reports.\n\f\nThe council met monthly."},
		{"Page N footers without form feeds", "One.\nPage 5 GAO-02-24 Sharing\nTwo.\nPage 6 GAO-02-24 Sharing\nThree.\nPage 7 GAO-02-24 Sharing",
			"One.\nTwo.\nThree."},
		{"one page mention is content", "See Page 5 of the report.\nMore.", "See Page 5 of the report.\nMore."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.in), Options{NameHint: "report.txt"})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != tt.want {
				t.Errorf("Text = %q, want %q", doc.Text, tt.want)
			}
		})
	}
}

func TestIsPageNumberLine(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"12", true}, {"- 12 -", true}, {"Page 12", true}, {"[Page 12]", true}, {"12 of 40", true},
		{"12 / 40", true}, {"12/40", true}, {"iv", true}, {"Page iv", true},
		{"IV", false}, {"2019 results", false}, {"12345", false}, {"", false}, {"Page", false},
	}
	for _, tt := range tests {
		if got := isPageNumberLine(tt.in); got != tt.want {
			t.Errorf("isPageNumberLine(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
