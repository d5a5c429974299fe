package summarize

import (
	"errors"
	"io"

	"github.com/brief-cli/brief/internal/docread"
	"github.com/brief-cli/brief/internal/fetch"
)

// Input errors, returned before any request is sent, inside an
// *InputError.
var (
	ErrEmptyInput  = errors.New("document is empty")            // nothing but whitespace
	ErrBinaryInput = errors.New("document is binary, not text") // NUL bytes or mostly invalid UTF-8
	ErrInputTooBig = errors.New("document is too large")        // over the size limit
	ErrNoTextLayer = errors.New("PDF has no text layer")        // a PDF with no text, such as a scan
	// ErrUnsupported is a known non-text format: ZIP, image, …;
	// InputError.LooksLike names it.
	ErrUnsupported = errors.New("unsupported document format")
	// ErrMalformedInput is a damaged or truncated document of a known
	// format; InputError.Format names the format.
	ErrMalformedInput = errors.New("document is damaged")
	ErrEncryptedInput = errors.New("PDF is encrypted")               // a PDF brief cannot decrypt
	ErrPasswordInput  = errors.New("PDF is protected by a password") // a PDF with a user password; also ErrEncryptedInput
)

// inputKinds maps the reader's errors to the package's own.
var inputKinds = []struct{ reader, kind error }{
	{docread.ErrEmpty, ErrEmptyInput},
	{docread.ErrBinary, ErrBinaryInput},
	{docread.ErrTooLarge, ErrInputTooBig},
	{docread.ErrNoTextLayer, ErrNoTextLayer},
	{docread.ErrUnsupported, ErrUnsupported},
	{docread.ErrMalformed, ErrMalformedInput},
	{docread.ErrPassword, ErrPasswordInput},
	{docread.ErrEncrypted, ErrEncryptedInput},
}

// InputError is a report that could not be read. errors.Is finds one of the
// input errors above in it, or errors.As the reader's own error.
type InputError struct {
	// Name is the report as the user knows it: its name, or "standard
	// input".
	Name string
	// Format is the format of a damaged document ("pdf", "html", …).
	Format string
	// LooksLike is what an unsupported document appears to be ("ZIP
	// archive").
	LooksLike string
	Err       error
}

func (e *InputError) Error() string { return "reading " + e.Name + ": " + e.Err.Error() }

// Unwrap returns why the report could not be read: the reader's error, and
// the input error it stands for.
func (e *InputError) Unwrap() []error {
	errs := []error{e.Err}
	for _, k := range inputKinds {
		if errors.Is(e.Err, k.reader) {
			errs = append(errs, k.kind)
			if k.kind == ErrPasswordInput {
				errs = append(errs, ErrEncryptedInput)
			}
			break
		}
	}
	return errs
}

// inputError wraps a reading error of the report name.
func inputError(name string, err error) *InputError {
	e := &InputError{Name: displayName(name), Err: err}
	var fe *docread.FormatError
	if errors.As(err, &fe) {
		e.Format = string(fe.Format)
	}
	var ue *docread.UnsupportedError
	if errors.As(err, &ue) {
		e.LooksLike = ue.Kind
	}
	return e
}

// Input is a report ready to summarize.
type Input struct {
	// Name identifies the report to the model and in the brief, usually its
	// file name; "" for stdin.
	Name string
	// Text is the normalized report: valid UTF-8, \n line ends, pages
	// separated by form feeds, cleaned of front matter, HTML comments and
	// page furniture, as ReadInput gives it (segmentation does not clean).
	Text string
	// Bytes is the size of the original document.
	Bytes int
	// Title is the document's own title as ReadInput found it (HTML
	// <title>, PDF metadata, markdown heading, the title block of its first
	// lines), if any.
	Title string
	// Date is the document's issue or publication date as printed near its
	// top, if any.
	Date string
	// Byline is the byline printed near the document's top ("By
	// Christopher Krebs, Director"), if any.
	Byline string
	// Format is "text", "markdown", "html" or "pdf".
	Format string
	// URL is the address the document was fetched from, "" for a file:
	// the brief's Sources name it.
	URL string
}

// ReadInput reads a whole document from r, detects its format from its
// content (name is a hint), and normalizes it. Empty, binary and unsupported
// input is refused with one of the input errors. An http:// or https://
// name is the address the document was fetched from: it is also its URL.
func ReadInput(r io.Reader, name string) (Input, error) {
	data, err := docread.ReadAll(r, docread.DefaultMaxBytes)
	if err != nil {
		return Input{}, inputError(name, err)
	}
	return ParseInput(data, name)
}

// ParseInput is ReadInput on a document already read into data, which it
// does not modify or keep.
func ParseInput(data []byte, name string) (Input, error) {
	doc, err := docread.Parse(data, docread.Options{NameHint: name})
	if err != nil {
		return Input{}, inputError(name, err)
	}
	in := Input{Name: name, Text: doc.Text, Bytes: len(data), Title: doc.Title, Date: doc.Date, Byline: doc.Byline, Format: string(doc.Format)}
	if fetch.IsURL(name) {
		in.URL = name
	}
	return in, nil
}

func displayName(name string) string {
	if name == "" {
		return "standard input"
	}
	return name
}
