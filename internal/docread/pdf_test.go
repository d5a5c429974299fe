package docread

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/brief-cli/brief/internal/testcorpus"
)

func TestPDFSynthetic(t *testing.T) {
	body := "BT /F1 12 Tf 72 700 Td (This synthetic page holds enough words to count as a text layer.) Tj ET"
	tests := []struct {
		name    string
		pdf     []byte
		want    []string
		notWant []string
		pages   int
	}{
		{
			name:  "word gaps from TJ and kerning",
			pdf:   simplePDF("BT /F1 12 Tf 72 700 Td [(Hello)-300(world)] TJ [(W)80(ide)] TJ ET " + body),
			want:  []string{"Hello worldWide"},
			pages: 1,
		},
		{
			name: "lines and paragraphs",
			pdf: simplePDF("BT /F1 12 Tf 14 TL 72 700 Td (First line of a paragraph that goes on and) Tj T* (ends here after an infor-) Tj T* (mation break.) Tj " +
				"0 -40 Td (A second paragraph after a wide gap.) Tj ET"),
			want:  []string{"First line of a paragraph that goes on and\nends here after an information break.\n\nA second paragraph after a wide gap."},
			pages: 1,
		},
		{
			name:  "pages separated by form feeds",
			pdf:   simplePDF(body, strings.Replace(body, "This", "Another", 1)),
			want:  []string{"text layer.\n\f\nAnother synthetic"},
			pages: 2,
		},
		{
			name: "running headers and page numbers dropped",
			pdf: simplePDF(
				"BT /F1 9 Tf 72 760 Td (TLP:WHITE Quarterly Report) Tj ET "+body+" BT /F1 9 Tf 300 30 Td (1) Tj ET",
				"BT /F1 9 Tf 72 760 Td (TLP:WHITE Quarterly Report) Tj ET "+strings.Replace(body, "This", "The second", 1)+" BT /F1 9 Tf 300 30 Td (2) Tj ET",
				"BT /F1 9 Tf 72 760 Td (TLP:WHITE Quarterly Report) Tj ET "+strings.Replace(body, "This", "The third", 1)+" BT /F1 9 Tf 300 30 Td (Page 3 of 3) Tj ET"),
			want:    []string{"This synthetic page", "The second synthetic page", "The third synthetic page"},
			notWant: []string{"TLP:WHITE", "Page 3", "\n1\n"},
			pages:   3,
		},
		{
			name:    "artifacts, fake bold and rotated watermark",
			pdf:     simplePDF("/Artifact BMC BT /F1 12 Tf 72 740 Td (Artifact text) Tj ET EMC BT /F1 12 Tf 72 720 Td (Bold) Tj 0.3 0 Td (Bold) Tj ET BT /F1 40 Tf 0.7 0.7 -0.7 0.7 200 300 Tm (DRAFT) Tj ET " + body),
			want:    []string{"Bold\n\nThis synthetic"},
			notWant: []string{"Artifact", "BoldBold", "DRAFT"},
			pages:   1,
		},
		{
			name:  "inline image with delimiters in its data",
			pdf:   simplePDF("q BI /W 4 /H 1 /BPC 8 /CS /G ID \x3e\x29\x28\x5d EI Q " + body),
			want:  []string{"This synthetic page"},
			pages: 1,
		},
		{
			name:  "junk before the header",
			pdf:   append([]byte("MIME junk\r\n"), simplePDF(body)...),
			want:  []string{"This synthetic page"},
			pages: 1,
		},
		{
			name:  "junk before the header, offsets from the file start",
			pdf:   shiftedPDF(body),
			want:  []string{"This synthetic page"},
			pages: 1,
		},
		{
			name:  "PDF 2.0 header and junk after EOF",
			pdf:   append([]byte(strings.Replace(string(simplePDF(body)), "%PDF-1.4", "%PDF-2.0", 1)), "\ntrailing junk from a web server"...),
			want:  []string{"This synthetic page"},
			pages: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.pdf, Options{NameHint: "x.txt"})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != FormatPDF || doc.Pages != tt.pages || doc.Title != "Synthetic Test" {
				t.Errorf("Format %q Pages %d Title %q", doc.Format, doc.Pages, doc.Title)
			}
			for _, w := range tt.want {
				if !strings.Contains(doc.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, doc.Text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(doc.Text, w) {
					t.Errorf("text has %q:\n%s", w, doc.Text)
				}
			}
		})
	}
}

// formPDF shows its text from a form XObject, with a ToUnicode-mapped
// composite font, as report generators do.
func formPDF() []byte {
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		"2 beginbfchar <0001> <0048> <0002> <0069> endbfchar\n1 beginbfrange <0010> <0014> <0061> endbfrange\nendcmap end end"
	form := "BT /C1 10 Tf 0 0 Td <00010002> Tj ( ) Tj ET BT /F1 10 Tf 0 -12 Td (This synthetic page holds enough words to count as a text layer.) Tj ET"
	return buildPDF("%PDF-1.7",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X1 5 0 R >> >> /Contents 4 0 R >>",
		stream("", "q 1 0 0 1 72 700 cm /X1 Do Q"),
		stream("/Type /XObject /Subtype /Form /BBox [0 0 500 100] /Resources << /Font << /C1 6 0 R /F1 9 0 R >> >>", form),
		"<< /Type /Font /Subtype /Type0 /BaseFont /Foo /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Foo /DW 500 /W [1 [722 278]] >>",
		stream("", cmap),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
		"<< /Title (Microsoft Word - report.docx) >>",
	)
}

func TestPDFFormXObjectAndCMap(t *testing.T) {
	doc, err := Parse(formPDF(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.Text, "Hi\nThis synthetic page") {
		t.Errorf("Text = %q", doc.Text)
	}
	if doc.Title != "" {
		t.Errorf("file-name title kept: %q", doc.Title)
	}
}

// scanPDF is a page holding only an image, as a scanner without OCR makes.
func scanPDF() []byte {
	return buildPDF("%PDF-1.4",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
		stream("", "q 612 0 0 792 0 0 cm /Im1 Do Q"),
		stream("/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x00\xff\xff\x00"),
		"<< /Producer (scanner) >>",
	)
}

func TestPDFErrors(t *testing.T) {
	valid := simplePDF("BT /F1 12 Tf 72 700 Td (This synthetic page holds enough words to count as a text layer.) Tj ET")
	encrypted := buildPDF("%PDF-1.4",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [] /Count 0 >>",
		pdfObject("<< /Filter /Standard /V 1 /R 2 /O <"+strings.Repeat("41", 32)+"> /U <"+strings.Repeat("42", 32)+"> /P -4 >>"),
		"<< >>",
	)
	encrypted = []byte(strings.Replace(string(encrypted), "/Info 4 0 R", "/Info 4 0 R /Encrypt 3 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]", 1))
	scanFile, err := os.ReadFile(filepath.Join("testdata", "scan-no-text.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	catalog := func(tail string) []byte {
		return buildPDF("%PDF-1.4", pdfObject("<< /Type /Catalog /Pages 2 0 R /X "+tail), "<< /Type /Pages /Kids [] /Count 0 >>", "<< >>")
	}
	tests := []struct {
		name      string
		in        []byte
		want      error
		formatErr bool
		msg       string // in the error's text
	}{
		{"image-only page (testdata)", scanFile, ErrNoTextLayer, false, ""},
		{"empty page", simplePDF(""), ErrNoTextLayer, false, ""},
		{"truncated", valid[:len(valid)/2], nil, true, "no %%EOF marker"},
		{"garbage body", []byte("%PDF-1.4\n1 0 obj garbage <<< ]]] endobj\nstartxref\n9\n%%EOF\n"), nil, true, ""},
		{"bad xref offset", []byte(strings.Replace(string(valid), "startxref\n", "startxref\n1", 1)), nil, true, ""},
		{"encrypted", encrypted, ErrEncrypted, true, ""},
		{"malformed name", catalog("/#X0 >>"), nil, true, `malformed name "/#X0" at offset 57`},
		{"name cut off in its escape", catalog("/A#4"), nil, true, `malformed name "/A#4" at offset 57`},
		{"malformed hex string", catalog("<4x> >>"), nil, true, `malformed hex string "<4x>" at offset 57`},
		{"unterminated string", catalog("(abc"), nil, true, `unterminated string "(abc\nendobj\n2 0 obj\n<< /Type /Pages /Kid"... at offset 57`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want it to say %s", err, tt.msg)
			}
			var fe *FormatError
			if errors.As(err, &fe) != tt.formatErr || (tt.formatErr && fe.Format != FormatPDF) {
				t.Errorf("err = %#v (%v), want FormatError: %v", err, err, tt.formatErr)
			}
		})
	}
}

// TestPDFTestdata keeps the synthetic PDFs in testdata for people (and
// other tools) to look at; -update rewrites them. Each file on disk is also
// read through Read, as the CLI reads it, so that a fixture that drifts
// from what its generator promises fails here.
func TestPDFTestdata(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		wantErr  error
		wantText string // prefix of the text
	}{
		{"scan-no-text.pdf", scanPDF(), ErrNoTextLayer, ""},
		{"form-cmap.pdf", formPDF(), nil, "Hi\nThis synthetic page holds enough words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, tt.data)
			f, err := os.Open(filepath.Join("testdata", tt.name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			doc, err := Read(f, Options{NameHint: tt.name})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != FormatPDF || doc.Pages != 1 || !strings.HasPrefix(doc.Text, tt.wantText) {
				t.Errorf("Format %q, Pages %d, Text %q; want a 1-page PDF starting %q", doc.Format, doc.Pages, doc.Text, tt.wantText)
			}
		})
	}
}

func TestPDFCorpus(t *testing.T) {
	tests := []struct {
		file    string
		pages   int
		title   string
		phrases []string
		golden  string
	}{
		{
			file:  "pdf/dhs-nccic-ar-16-20173-network-infrastructure-devices.pdf",
			pages: 15,
			title: "The Increasing Threat to Network Infrastructure Devices and Recommended Mitigations",
			phrases: []string{"Network Infrastructure Devices", "advanced persistent threat (APT) actors",
				"Cisco Adaptive Security Appliance (ASA)", "This report is provided “as is” for informational purposes only."},
			golden: "dhs-nccic-ar-16-20173.golden.txt",
		},
		{
			file:    "pdf/gao-07-283-crude-oil-supply.pdf",
			pages:   82,
			title:   "Crude Oil: Uncertainty about Future Oil Supply Makes It Important to Develop a Strategy for Addressing a Peak and Decline in Oil Production",
			phrases: []string{"Uncertainty about Future Oil Supply", "Organization of the Petroleum Exporting Countries", "self-reported"},
		},
		{
			file:    "pdf/cisa-ed-19-01-dns-infrastructure-tampering.pdf",
			pages:   3,
			title:   "Emergency Directive 19-01: Mitigate DNS Infrastructure Tampering", // its first line and its memo subject: the file declares none
			phrases: []string{"Emergency Directive", "Mitigate DNS Infrastructure Tampering", "Action One: Audit DNS Records"},
			golden:  "cisa-ed-19-01.golden.txt",
		},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			doc, err := Parse(testcorpus.Read(t, tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != FormatPDF || doc.Pages != tt.pages || doc.Title != tt.title {
				t.Errorf("Format %q, Pages %d, Title %q; want %d pages, title %q", doc.Format, doc.Pages, doc.Title, tt.pages, tt.title)
			}
			if ff := strings.Count(doc.Text, "\f"); ff != tt.pages-1 {
				t.Errorf("%d form feeds for %d pages", ff, tt.pages)
			}
			for _, p := range tt.phrases {
				if !strings.Contains(doc.Text, p) {
					t.Errorf("text lacks %q", p)
				}
			}
			if strings.Contains(doc.Text, "TLP:WHITE\n") {
				t.Error("running header TLP:WHITE left in text")
			}
			if tt.golden != "" {
				golden(t, tt.golden, []byte(doc.Text))
			}
		})
	}
}

// TestPDFMatchesHTML compares the GAO report's PDF extraction with its
// HTML edition: word spacing shows in the share of PDF words unknown to
// the HTML, reading order in the share of shared 6-word sequences.
func TestPDFMatchesHTML(t *testing.T) {
	pdfDoc, err := Parse(testcorpus.Read(t, "pdf/gao-07-283-crude-oil-supply.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	htmlDoc, err := Parse(testcorpus.Read(t, "html/gao-07-283-crude-oil-supply.html"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	pw, hw := words(pdfDoc.Text), words(htmlDoc.Text)
	vocab := map[string]bool{}
	for _, w := range hw {
		vocab[w] = true
	}
	unknown := 0
	for _, w := range pw {
		if !vocab[w] {
			unknown++
		}
	}
	hs, ps := shingles(hw, 6), shingles(pw, 6)
	common := 0
	for s := range hs {
		if ps[s] {
			common++
		}
	}
	oov, recall := float64(unknown)/float64(len(pw)), float64(common)/float64(len(hs))
	t.Logf("PDF words %d, unknown to HTML %.2f%%, HTML 6-grams found %.1f%%", len(pw), 100*oov, 100*recall)
	if oov > 0.01 || recall < 0.9 {
		t.Errorf("unknown words %.2f%% (want <= 1%%), 6-gram recall %.1f%% (want >= 90%%)", 100*oov, 100*recall)
	}
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r < 'a' || r > 'z' })
}

func shingles(ws []string, n int) map[string]bool {
	m := map[string]bool{}
	for i := 0; i+n <= len(ws); i++ {
		m[strings.Join(ws[i:i+n], " ")] = true
	}
	return m
}

// TestPDFHostileStructure feeds cycles that would multiply work
// exponentially without the guards: a page tree listing itself twice and a
// form XObject drawing itself three times.
func TestPDFHostileStructure(t *testing.T) {
	body := "BT /F1 12 Tf 72 700 Td (This synthetic page holds enough words to count as a text layer.) Tj ET"
	font := "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"
	tests := []struct {
		name    string
		pdf     []byte
		wantErr bool
	}{
		{"page tree cycle", buildPDF("%PDF-1.4", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 1 >>", "<< >>"), true},
		{"form cycle", buildPDF("%PDF-1.4", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			pdfObject("<< /Type /Page /Parent 2 0 R /Resources << "+font+" /XObject << /X 5 0 R >> >> /Contents 4 0 R >>"),
			stream("", "/X Do /X Do /X Do "+body),
			stream("/Subtype /Form /Resources << /XObject << /X 5 0 R >> >>", "/X Do /X Do /X Do"), "<< >>"), false},
		{"xref /Prev pointing to itself", prevCyclePDF(), true},
		{"object stream inside itself", nestedObjStmPDF(), true},
		{"self-referencing object", buildPDF("%PDF-1.4", "<< /Type /Catalog /Pages 2 0 R >>", "2 0 R", "<< >>"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := Parse(tt.pdf, Options{})
				done <- err
			}()
			select {
			case err := <-done:
				var fe *FormatError
				if (err != nil) != tt.wantErr || (err != nil && !errors.As(err, &fe)) {
					t.Errorf("err = %v, want FormatError: %v", err, tt.wantErr)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("Parse did not finish")
			}
		})
	}
}

// shiftedPDF prepends junk and fixes the offsets to count from the new
// file start, as a mail gateway that adds a prefix does not.
func shiftedPDF(content string) []byte {
	const junk = "X-Junk: 1\r\n\r\n"
	pdf := simplePDF(content)
	var out bytes.Buffer
	out.WriteString(junk)
	lines := strings.SplitAfter(string(pdf), "\n")
	inXref := false
	for i, l := range lines {
		switch {
		case l == "xref\n":
			inXref = true
		case inXref && len(l) == 20 && strings.HasSuffix(l, " n \n"):
			off, _ := strconv.Atoi(l[:10])
			l = fmt.Sprintf("%010d%s", off+len(junk), l[10:])
		case i > 0 && lines[i-1] == "startxref\n":
			off, _ := strconv.Atoi(strings.TrimSpace(l))
			l = fmt.Sprintf("%d\n", off+len(junk))
		case strings.HasPrefix(l, "trailer"):
			inXref = false
		}
		out.WriteString(l)
	}
	return out.Bytes()
}

// prevCyclePDF gives the trailer a /Prev that points back at its own
// cross-reference table.
func prevCyclePDF() []byte {
	s := string(simplePDF("BT /F1 12 Tf 72 700 Td (This synthetic page holds enough words to count as a text layer.) Tj ET"))
	xref := strings.Index(s, "xref\n")
	return []byte(strings.Replace(s, "/Root 1 0 R", fmt.Sprintf("/Root 1 0 R /Prev %d", xref), 1))
}

// nestedObjStmPDF lists object stream 4 as stored inside itself in a
// cross-reference stream; resolving it would recurse without end.
func nestedObjStmPDF() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	off1 := b.Len()
	b.WriteString("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	off5 := b.Len()
	rows := [][3]int{{0, 0, 255}, {1, off1, 0}, {2, 4, 0}, {0, 0, 0}, {2, 4, 0}, {1, off5, 0}}
	var raw bytes.Buffer
	for _, r := range rows {
		raw.Write([]byte{byte(r[0]), byte(r[1] >> 8), byte(r[1]), byte(r[2])})
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	fmt.Fprintf(&b, "5 0 obj\n<< /Type /XRef /Size 6 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n", z.Len())
	b.Write(z.Bytes())
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", off5)
	return b.Bytes()
}

// TestPDFHeadings: headings told from the layout come out as markdown
// headings, ranked by size; look-alikes do not.
func TestPDFHeadings(t *testing.T) {
	body := func(y int) string {
		var b strings.Builder
		for i := 0; i < 4; i++ {
			fmt.Fprintf(&b, "BT /F1 12 Tf 72 %d Td (Body text of the report runs on in ordinary type for a full line here.) Tj ET ", y-14*i)
		}
		return b.String()
	}
	page := "BT /F1 20 Tf 72 740 Td (Annual Threat Report) Tj ET " +
		"BT /F2 12 Tf 72 700 Td (Background) Tj ET " + body(680) +
		"BT /F1 12 Tf 72 600 Td (II. Required Actions) Tj ET " + body(580) +
		"BT /F2 12 Tf 72 500 Td (Duration:) Tj /F1 12 Tf ( This directive remains in effect until replaced by a later one.) Tj ET " +
		"BT /F2 12 Tf 72 470 Td (Figure 1: Trends in Attacks) Tj ET " + body(450) +
		"BT /F2 12 Tf 72 380 Td (A bold sentence stands alone here.) Tj ET " + body(360) +
		// a side heading drawn after the text it stands beside
		"BT /F1 12 Tf 200 280 Td (Text beside the side heading goes on in the main column of the page.) Tj ET " +
		"BT /F1 12 Tf 200 266 Td (More text beside the side heading follows in the same column.) Tj ET " +
		"BT /F1 14 Tf 40 280 Td (Side Heading) Tj ET " + body(230)
	doc, err := Parse(simplePDF(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"# Annual Threat Report\n\n",
		"#### Background\n\nBody text",
		"#### II. Required Actions\n\nBody text",
		"### Duration\n\nThis directive remains",
		"## Side Heading\n\nText beside the side heading",
	} {
		if !strings.Contains(doc.Text, w) {
			t.Errorf("text lacks %q:\n%s", w, doc.Text)
		}
	}
	for _, nw := range []string{"# Figure", "# A bold sentence"} {
		if strings.Contains(doc.Text, nw) {
			t.Errorf("text has %q:\n%s", nw, doc.Text)
		}
	}
}

func TestMemoSubject(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"subject after its label", []string{"MEMORANDUM FOR THE HEADS OF DEPARTMENTS", "SUBJECT: Improving the Federal Government's Investigative Capabilities"},
			"Improving the Federal Government's Investigative Capabilities"},
		// ED 19-01's heading block as its PDF lays it out: labels, then values
		{"labels in a column, values after (ED 19-01)", []string{"Emergency Directive 19-01", "", "FROM:", "", "CC:", "", "SUBJECT:", "",
			"Christopher C. Krebs ~", "t r h11a..---••", "Director, Cybersecurity and Infrastructure Security Agency", "Department of Homeland Security", "",
			"Russell T. Vought", "Director (Acting), Office of Management and Budget", "", "Mitigate DNS Infrastructure Tampering", "",
			"Section 3553(h) of title 44, U.S. Code, authorizes the Secretary of Homeland Security, in response to a known or"},
			"Mitigate DNS Infrastructure Tampering"},
		{"no subject", []string{"Emergency Directive 19-01", "Background: In coordination with government and industry partners, the Department of Homeland Security is tracking."}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := memoSubject(tt.lines); got != tt.want {
				t.Errorf("memoSubject = %q, want %q", got, tt.want)
			}
		})
	}
	if !isDesignation("Emergency Directive 19-01") || isDesignation("Crude Oil: Uncertainty about Future Oil Supply") {
		t.Error("isDesignation")
	}
}
