package docread

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Format is the detected format of an input document.
type Format string

// Formats recognised by Parse.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatHTML     Format = "html"
	FormatPDF      Format = "pdf"
)

// Encoding names reported in Document.Encoding. HTML declaring another
// charset reports that charset's canonical name.
const (
	EncodingUTF8        = "utf-8"
	EncodingUTF16LE     = "utf-16le"
	EncodingUTF16BE     = "utf-16be"
	EncodingWindows1252 = "windows-1252"
)

// DefaultMaxBytes is the input size limit used when Options.MaxBytes is 0.
const DefaultMaxBytes int64 = 64 << 20

// Document is one input document reduced to normalized text.
type Document struct {
	// Text is valid UTF-8 (NFC) without BOM, with \n line ends, no control
	// characters other than \n, \t and \f, and no trailing spaces on lines.
	// Paragraphs are separated by blank lines; PDF pages by a line holding a
	// single form feed ("\f").
	Text string
	// Format is the format detected from the content.
	Format Format
	// Title is the document title when one is declared: for HTML the
	// readability title (og:title or <title> without the site name), else
	// <title>, else the first <h1>; the PDF metadata Title unless it is a
	// file name; the markdown front matter title, else the first "# "
	// heading; else the title block of the first lines (see meta.go). A
	// front-matter title that only names the site or section is passed
	// over for the page's own heading, and one that only names the document
	// by number ("Emergency Directive 19-01") takes its memorandum's
	// subject line. It is "" when none is found.
	Title string
	// Date is the issue or publication date printed near the top (a
	// labelled date, or a line that holds little but a date), verbatim
	// except that ISO dates in Latin-script documents are written out
	// ("March 12, 2026"); "" when there is none. Dates mentioned in running
	// text and revision stamps ("Updated …") are not the document's date.
	Date string
	// Byline is the byline printed near the top, naming who speaks or
	// wrote ("By Christopher Krebs, Director", "Statement of David
	// Walker, Comptroller General of the United States"); "" when none.
	Byline string
	// Pages is the PDF page count, 0 for other formats.
	Pages int
	// Encoding is the character encoding the input was decoded from.
	Encoding string
}

// Options tunes Read and Parse. The zero value is ready to use.
type Options struct {
	// NameHint is the input's file name, if any. Its extension is only a
	// hint: content always wins (a PDF named notes.txt is read as PDF).
	NameHint string
	// MaxBytes limits the input size; 0 means DefaultMaxBytes.
	MaxBytes int64
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// Sentinel errors. Errors returned by Read and Parse wrap one of these (or are
// a *FormatError), so callers can test them with errors.Is.
var (
	// ErrEmpty means the input holds no text (empty or whitespace only).
	ErrEmpty = errors.New("document is empty")
	// ErrBinary means the input is binary data rather than text.
	ErrBinary = errors.New("document is binary, not text")
	// ErrTooLarge means the input exceeds Options.MaxBytes.
	ErrTooLarge = errors.New("document is too large")
	// ErrNoTextLayer means a PDF has (almost) no extractable text.
	ErrNoTextLayer = errors.New("PDF has no text layer (probably a scan; run OCR first)")
	// ErrMalformed means a document of a known format is damaged or cut
	// short; every *FormatError wraps it.
	ErrMalformed = errors.New("document is damaged")
	// ErrUnsupported means the input is a recognised but unsupported format;
	// the error is an *UnsupportedError naming the format.
	ErrUnsupported = errors.New("unsupported document format")
)

// UnsupportedError reports a recognised binary format that cannot be read,
// such as a ZIP archive or a PNG image. It wraps ErrUnsupported.
type UnsupportedError struct {
	// Kind describes the detected format, e.g. "ZIP archive" or
	// "Word document (DOCX)".
	Kind string
}

// Error names the format the input looks like.
func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("unsupported document format: looks like a %s", e.Kind)
}

// Unwrap returns ErrUnsupported.
func (e *UnsupportedError) Unwrap() error { return ErrUnsupported }

// FormatError reports a malformed document of a known format, such as a
// truncated or encrypted PDF.
type FormatError struct {
	Format Format
	Err    error
}

// Error says which format could not be read, and why.
func (e *FormatError) Error() string {
	return fmt.Sprintf("malformed %s: %v", e.Format, e.Err)
}

// Unwrap returns the underlying error, and ErrMalformed unless the cause is
// encryption (an encrypted file is not a damaged one).
func (e *FormatError) Unwrap() []error {
	if errors.Is(e.Err, ErrEncrypted) {
		return []error{e.Err}
	}
	return []error{ErrMalformed, e.Err}
}

// Read reads a whole document from r and parses it like Parse. It reads at
// most MaxBytes+1 bytes and returns an error wrapping ErrTooLarge when the
// input is bigger, without reading the rest.
func Read(r io.Reader, opt Options) (Document, error) {
	data, err := ReadAll(r, opt.maxBytes())
	if err != nil {
		return Document{}, err
	}
	return Parse(data, opt)
}

// ReadAll reads r to its end, at most limit bytes: a longer input is an
// error wrapping ErrTooLarge, its rest unread. The buffer is sized from
// what r tells of its length (a file's size, a bytes or strings reader's
// Len), so that a large document is read into one allocation, not a
// doubling series of them, each cleared and copied (a tenth of the CPU
// time of `brief --plan` on a 1.3 MB report).
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	size := int64(512)
	switch v := r.(type) {
	case interface{ Len() int }:
		size = int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	// One byte more, for the read that finds the end (or the limit passed).
	buf := make([]byte, 0, min(max(size, 0), limit)+1)
	lr := io.LimitReader(r, limit+1)
	for {
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read document: %w", err)
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
	if int64(len(buf)) > limit {
		return nil, fmt.Errorf("more than %d bytes: %w", limit, ErrTooLarge)
	}
	return buf, nil
}

// Parse detects the format of data from its content (the NameHint extension
// only breaks ties between text, markdown and HTML) and returns its
// normalized text. It never modifies data.
func Parse(data []byte, opt Options) (Document, error) {
	if limit := opt.maxBytes(); int64(len(data)) > limit {
		return Document{}, fmt.Errorf("%d bytes, limit %d: %w", len(data), limit, ErrTooLarge)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Document{}, ErrEmpty
	}
	if isPDF(data) {
		// The geometric pass of pdflayout.go has dropped the furniture;
		// the line pass below would take real lines for OCR banners.
		doc, err := parsePDF(data)
		if err != nil {
			return Document{}, err
		}
		return withMetadata(doc), nil
	}
	if kind := sniffBinary(data); kind != "" {
		return Document{}, &UnsupportedError{Kind: kind}
	}
	text, enc, err := decodeText(data)
	if err != nil {
		return Document{}, err
	}
	ext := strings.ToLower(filepath.Ext(opt.NameHint))
	var doc Document
	switch detectTextFormat(text, ext) {
	case FormatHTML:
		doc, err = parseHTML(data, text, enc)
	case FormatMarkdown:
		doc = parseMarkdown(text)
	default:
		doc = parsePlainText(text)
	}
	if err != nil {
		return Document{}, err
	}
	if doc.Encoding == "" {
		doc.Encoding = enc
	}
	doc = dropDocFurniture(doc)
	if strings.TrimSpace(doc.Text) == "" {
		return Document{}, ErrEmpty
	}
	return withMetadata(doc), nil
}

// dropDocFurniture removes page furniture lines from doc's text (see
// dropTextFurniture), whatever the format.
func dropDocFurniture(doc Document) Document {
	// The text around the dropped lines is normalized as it is put
	// together, rather than joined and normalized again: pieces of NFC
	// text cut at line starts join into NFC text. A piece that is not
	// NFC (a format whose text skipped normalize) takes the long way.
	var n normalizer
	nfc := true
	if furniture(doc.Text, func(piece string) {
		if n.sb.Len() == 0 {
			n.sb.Grow(len(doc.Text))
		}
		nfc = nfc && norm.NFC.IsNormalString(piece)
		n.write(piece)
	}) {
		if nfc {
			doc.Text = n.finish()
		} else {
			doc.Text = normalize(dropTextFurniture(doc.Text))
		}
	}
	return doc
}

// isPDF reports whether data holds a PDF header ("%PDF-1.7" and a line end).
// Viewers accept the header anywhere in the first 1 KiB, so junk before it is
// tolerated; the version and line end keep prose mentioning "%PDF-" out.
func isPDF(data []byte) bool {
	return pdfHeader(data) >= 0
}

// pdfHeader returns the offset of the PDF header in data, or -1.
func pdfHeader(data []byte) int {
	head := data[:min(len(data), 1024+16)]
	off := 0
	for {
		i := bytes.Index(head[off:], []byte("%PDF-"))
		if i < 0 || off+i > 1024 {
			return -1
		}
		i += off
		v := head[i+5:]
		if len(v) >= 4 && isDigit(v[0]) && v[1] == '.' && isDigit(v[2]) && (v[3] == '\n' || v[3] == '\r' || v[3] == ' ' || v[3] == '%') {
			return i
		}
		off = i + 5
	}
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
