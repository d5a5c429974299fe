package docread

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/brief-cli/brief/internal/docread/internal/pdf"
	"github.com/brief-cli/brief/internal/lazyre"
)

// ErrEncrypted is wrapped in the *FormatError returned for a PDF that
// cannot be opened without a password, or uses a security handler this
// package does not know. PDFs encrypted with the empty user password (only
// an owner password, restricting printing or copying) open as viewers
// open them.
var ErrEncrypted = errors.New("PDF is encrypted")

// ErrPassword wraps ErrEncrypted for a PDF that has a user password.
var ErrPassword = fmt.Errorf("%w: a password is needed to open it", ErrEncrypted)

// Limits on the page tree of a PDF.
const (
	maxPages     = 100_000
	maxTreeDepth = 64
)

// minLettersPerPage is the average text per page below which a PDF is
// taken for a scan without OCR layer.
const minLettersPerPage = 20

// parsePDF extracts the text layer of a PDF, one "\f"-separated part per
// page. Panics inside the PDF library or the interpreter are recovered and
// reported as a *FormatError.
func parsePDF(data []byte) (doc Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = Document{}, &FormatError{Format: FormatPDF, Err: fmt.Errorf("unreadable structure: %v", r)}
		}
	}()
	end := bytes.LastIndex(data, []byte("%%EOF"))
	if end < 0 {
		return Document{}, &FormatError{Format: FormatPDF, Err: errors.New("truncated file (no %%EOF marker)")}
	}
	data = data[:end+5] // drop bytes appended after the end marker
	r, err := openPDF(data)
	switch {
	case errors.Is(err, pdf.ErrInvalidPassword):
		return Document{}, &FormatError{Format: FormatPDF, Err: ErrPassword}
	case errors.Is(err, pdf.ErrUnsupportedEncryption):
		return Document{}, &FormatError{Format: FormatPDF, Err: fmt.Errorf("%w: %v", ErrEncrypted, err)}
	case err != nil:
		return Document{}, &FormatError{Format: FormatPDF, Err: err}
	}
	var pages []pdfPage
	collectPages(r.Trailer().Key("Root").Key("Pages"), &pages)
	if len(pages) == 0 {
		return Document{}, &FormatError{Format: FormatPDF, Err: errors.New("no pages")}
	}
	in := newInterp()
	lines := make([][]pdfLine, len(pages))
	var failed int
	var firstErr error
	for i, p := range pages {
		if err := in.page(p, i); err != nil {
			failed++
			if firstErr == nil {
				firstErr = fmt.Errorf("page %d: %w", i+1, err)
			}
		}
		lines[i] = buildLines(in.chunks)
	}
	if failed*2 > len(pages) {
		return Document{}, &FormatError{Format: FormatPDF, Err: fmt.Errorf("%d of %d pages unreadable: %w", failed, len(pages), firstErr)}
	}
	dropFurniture(lines)
	paras := make([][][]pdfLine, len(pages))
	for i, l := range lines {
		paras[i] = pageParagraphs(l)
	}
	hs := newHeadingStyle(paras)
	parts := make([]string, len(pages))
	for i, p := range paras {
		parts[i] = pageText(p, hs)
	}
	text := normalize(resolveHyphens(strings.Join(parts, "\n\f\n")))
	if letterCount(text) < minLettersPerPage*len(pages) {
		return Document{}, fmt.Errorf("%d pages, %d letters: %w", len(pages), letterCount(text), ErrNoTextLayer)
	}
	return Document{
		Text:     text,
		Format:   FormatPDF,
		Title:    cleanPDFTitle(r.Trailer().Key("Info").Key("Title").Text()),
		Pages:    len(pages),
		Encoding: EncodingUTF8,
	}, nil
}

// openPDF opens data with the empty password. When junk precedes the
// header, offsets may count from the file start (usual) or from the
// header, so both readings are tried.
func openPDF(data []byte) (*pdf.Reader, error) {
	open := func(b []byte) (*pdf.Reader, error) {
		return pdf.NewReaderEncrypted(b, func() string { return "" })
	}
	r, err := open(data)
	if start := pdfHeader(data); err != nil && start > 0 {
		if r2, err2 := open(data[start:]); err2 == nil {
			return r2, nil
		}
	}
	return r, err
}

// pdfPage is a page dictionary with its inherited resources.
type pdfPage struct {
	v   pdf.Value
	res pdf.Value
}

// collectPages walks the page tree in order, carrying inherited
// /Resources down. The library hides object identities, so cycles are cut
// by refusing to enter an intermediate node whose dictionary was already
// seen (a real tree never repeats one: each lists distinct kids).
func collectPages(root pdf.Value, out *[]pdfPage) {
	seen := map[string]bool{}
	var walk func(node, res pdf.Value, depth int)
	walk = func(node, res pdf.Value, depth int) {
		if depth > maxTreeDepth || len(*out) >= maxPages || node.Kind() != pdf.Dict {
			return
		}
		if r := node.Key("Resources"); r.Kind() == pdf.Dict {
			res = r
		}
		kids := node.Key("Kids")
		if node.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array {
			*out = append(*out, pdfPage{v: node, res: res})
			return
		}
		id := node.String()
		if seen[id] {
			return
		}
		seen[id] = true
		for i := 0; i < kids.Len() && len(*out) < maxPages; i++ {
			walk(kids.Index(i), res, depth+1)
		}
	}
	walk(root, pdf.Value{}, 0)
}

// page interprets one page into in.chunks, turning a panic into an error.
func (in *interp) page(p pdfPage, i int) (err error) {
	in.chunks, in.bytes, in.forms = in.chunks[:0], 0, 0
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	content := in.contents(p.v.Key("Contents"))
	in.run(content, scope{id: strconv.Itoa(i), res: p.res}, gstate{ctm: identity, th: 1}, 0)
	return nil
}

var fileNameTitleRE = lazyre.New(`(?i)^[\w .()-]+\.(?:pdf|docx?|pptx?|xlsx?|indd|qxd|qxp|rtf|txt|tmp|fm|ps)$`)

// cleanPDFTitle drops metadata titles that are file names, as many
// producers write, and the "Microsoft Word - " prefix.
func cleanPDFTitle(t string) string {
	t = strings.Join(strings.Fields(t), " ")
	t = strings.TrimPrefix(t, "Microsoft Word - ")
	if fileNameTitleRE().MatchString(t) {
		return ""
	}
	return t
}
