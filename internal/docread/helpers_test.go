package docread

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file (run go test -update after checking the change)\ngot:\n%s", name, got)
	}
}

// pdfObject is one indirect object body for buildPDF.
type pdfObject string

// buildPDF assembles a PDF with a correct cross-reference table. Object 1
// must be the catalog and the last one the /Info dictionary; objects are
// numbered from 1 in order.
func buildPDF(header string, objs ...pdfObject) []byte {
	var b bytes.Buffer
	b.WriteString(header + "\n%\xE2\xE3\xCF\xD3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, len(objs), xref)
	return b.Bytes()
}

// stream formats a content stream object.
func stream(dict, data string) pdfObject {
	return pdfObject(fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
}

// simplePDF builds a PDF whose pages show the given content streams with
// Helvetica as /F1 (no /Widths: the standard-14 estimate is used).
func simplePDF(contents ...string) []byte {
	n := len(contents)
	// 1 catalog, 2 pages, 3 font, then page i at 4+2i and its content at 5+2i.
	kids := ""
	for i := range contents {
		kids += fmt.Sprintf("%d 0 R ", 4+2*i)
	}
	objs := []pdfObject{
		"<< /Type /Catalog /Pages 2 0 R >>",
		pdfObject(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /Resources << /Font << /F1 3 0 R /F2 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >> >> >> /MediaBox [0 0 612 792] >>", kids, n)),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	for i, c := range contents {
		objs = append(objs,
			pdfObject(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>", 5+2*i)),
			stream("", c))
	}
	objs = append(objs, "<< /Title (Synthetic Test) >>")
	return buildPDF("%PDF-1.4", objs...)
}
