// Package docread turns the raw bytes of one input document into
// normalized UTF-8 text ready for segmentation, and refuses bad input with
// precise errors before any model is asked anything.
//
// The format is detected from the content; the file name extension only
// breaks ties between plain text, markdown and HTML:
//
//   - PDF ("%PDF-" header): the text layer of every page, in content-stream
//     order, with words spaced from glyph positions, lines and paragraphs
//     rebuilt from baselines and gaps, running headers, footers and page
//     numbers removed, and line-end hyphenation undone. Headings told from
//     the layout (larger type, bold, side headings, numbered lines, bold
//     run-in heads) are written as markdown headings ("## Background"),
//     ranked by size, as for HTML. Pages are separated
//     by a line holding a form feed. A PDF without a text layer (a scan)
//     gives ErrNoTextLayer; a damaged one a *FormatError wrapping
//     ErrMalformed. Encrypted PDFs open as viewers open them, with the empty
//     user password (RC4, AES-128, AES-256); one that needs a password is
//     a *FormatError wrapping ErrPassword (and ErrEncrypted).
//     Pages that fail to interpret are left empty as long as most pages
//     succeed, so one bad page does not lose a whole report.
//   - HTML: the main content as found by readability (falling back to the
//     visible body text), with block structure kept as markdown-like
//     paragraphs: "# " headings, "- " list items, " | " table cells.
//   - Markdown: front matter dropped (its title kept) and HTML comments
//     removed; the rest is left for the segmenter.
//   - Text: UTF-8 (with or without BOM), UTF-16 with BOM or recognizably
//     without, and legacy Windows-1252; front matter and HTML comments are
//     dropped as for markdown.
//
// docread alone cleans formats: for every format but PDF (whose layout
// pass has done it), lines of page furniture are dropped too: on text with
// form feeds (pdftotext output, OCR) lines recurring at the top or bottom
// of many pages (also OCR-garbled banners) and page numbers, and on any
// text "Page N …" footer lines that recur. internal/textseg only segments.
//
// Known binary formats (ZIP/DOCX, images, archives, executables...) give an
// *UnsupportedError naming the format; other binary data gives ErrBinary.
//
// Typical use from a command:
//
//	doc, err := docread.Read(os.Stdin, docread.Options{NameHint: name})
//	switch {
//	case errors.Is(err, docread.ErrNoTextLayer):
//		return fmt.Errorf("%s: %w", name, err) // "probably a scan; run OCR first"
//	case err != nil:
//		return fmt.Errorf("read %s: %w", name, err)
//	}
//	paragraphs := textseg.Segment(doc.Text)
//
// Read and Parse are safe for concurrent use. PDF extraction is pure Go:
// internal/pdf (the object reader of github.com/ledongthuc/pdf, hardened
// against cyclic structures) parses the file, and this package interprets
// the page content and fonts itself. Panics on hostile files are
// recovered, and work per file is bounded (content bytes, operators,
// nested forms, page-tree size).
package docread
