package summarize

import (
	"io"

	"github.com/brief-cli/brief/internal/docread"
	"github.com/brief-cli/brief/internal/fetch"
)

// Input errors, returned before any request is sent.
var (
	ErrEmptyInput  = docread.ErrEmpty       // nothing but whitespace
	ErrBinaryInput = docread.ErrBinary      // not text: NUL bytes or mostly invalid UTF-8
	ErrInputTooBig = docread.ErrTooLarge    // over Options.MaxInputBytes
	ErrNoTextLayer = docread.ErrNoTextLayer // a PDF with no text, such as a scan
	ErrUnsupported = docread.ErrUnsupported // a known non-text format: ZIP, image, …
	// ErrMalformedInput is a damaged or truncated document of a known
	// format; errors.As finds the *docread.FormatError with the details.
	ErrMalformedInput = docread.ErrMalformed
	ErrEncryptedInput = docread.ErrEncrypted // a PDF brief cannot decrypt
	ErrPasswordInput  = docread.ErrPassword  // a PDF with a user password; also ErrEncryptedInput
)

// InputError is a report that could not be read. It unwraps to one of the
// input errors above, or to the reader's error.
type InputError struct {
	// Name is the report as the user knows it: its name, or "standard
	// input".
	Name string
	Err  error
}

func (e *InputError) Error() string { return "reading " + e.Name + ": " + e.Err.Error() }

// Unwrap returns why the report could not be read.
func (e *InputError) Unwrap() error { return e.Err }

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
	// Title is the document's own title as internal/docread found it (HTML
	// <title>, PDF metadata, markdown heading, the title block of its first
	// lines), if any.
	Title string
	// Date is the document's issue or publication date as printed near its
	// top, if any.
	Date string
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
	cr := &countingReader{r: r}
	doc, err := docread.Read(cr, docread.Options{NameHint: name})
	if err != nil {
		return Input{}, &InputError{Name: displayName(name), Err: err}
	}
	in := Input{Name: name, Text: doc.Text, Bytes: int(cr.n), Title: doc.Title, Date: doc.Date, Format: string(doc.Format)}
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

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
