package docread

import (
	"io"
	"strings"
	"unicode/utf16"

	"github.com/brief-cli/brief/internal/docread/internal/pdf"
)

// pdfGlyph is one decoded character code.
type pdfGlyph struct {
	text  string  // Unicode text, "" when the code cannot be decoded
	width float64 // advance in text space units (1/1000 em scaled by the font matrix)
	space bool    // single-byte code 32, which word spacing (Tw) applies to
}

// pdfFont decodes the strings shown with one font.
type pdfFont struct {
	composite bool                 // Type0: multi-byte codes and CIDs
	toUni     *toUnicodeMap        // from /ToUnicode, may be nil
	enc       [256]string          // simple fonts: code to text from /Encoding
	widths    map[uint32]float64   // code (simple) or CID (composite) to width in glyph units
	defWidth  float64              // width of codes missing from widths
	estimate  func(string) float64 // width guess for fonts without metrics
	scale     float64              // glyph units to text space (0.001, or Type3 FontMatrix)
	ucs2      bool                 // composite font whose codes are UCS-2 (Uni*-UCS2-H)
	identity  bool                 // composite font with Identity-H/V: code = CID
	bold      bool                 // a bold face: headings are told by it
}

// maxCMapBytes bounds a decoded ToUnicode or font stream.
const maxCMapBytes = 4 << 20

func readStream(v pdf.Value, limit int64) []byte {
	rc := v.Reader()
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, limit))
	return b
}

// newPDFFont builds a decoder from a font dictionary.
func newPDFFont(v pdf.Value) *pdfFont {
	f := &pdfFont{scale: 0.001, widths: map[uint32]float64{}}
	subtype := v.Key("Subtype").Name()
	base := v.Key("BaseFont").Name()
	if i := strings.IndexByte(base, '+'); i == 6 {
		base = base[i+1:]
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.toUni = parseToUnicode(readStream(tu, maxCMapBytes))
	}
	if subtype == "Type0" {
		f.composite = true
		encName := v.Key("Encoding").Name()
		f.identity = encName == "" || strings.HasPrefix(encName, "Identity")
		f.ucs2 = strings.Contains(encName, "UCS2") || strings.Contains(encName, "UTF16")
		d := v.Key("DescendantFonts").Index(0)
		f.bold = isBoldFont(base, d.Key("FontDescriptor"))
		f.defWidth = 1000
		if dw := d.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			f.defWidth = dw.Float64()
		}
		parseCIDWidths(d.Key("W"), f.widths)
		return f
	}
	if subtype == "Type3" {
		if m := v.Key("FontMatrix"); m.Len() >= 1 && m.Index(0).Float64() != 0 {
			f.scale = m.Index(0).Float64()
		}
	}
	f.bold = isBoldFont(base, v.Key("FontDescriptor"))
	f.setSimpleEncoding(v, subtype, base)
	first := v.Key("FirstChar").Int64()
	ws := v.Key("Widths")
	for i := 0; i < ws.Len() && i < 256; i++ {
		f.widths[uint32(first)+uint32(i)] = ws.Index(i).Float64()
	}
	f.defWidth = v.Key("FontDescriptor").Key("MissingWidth").Float64()
	if ws.Len() == 0 {
		f.estimate = standardWidthGuess(base)
	}
	return f
}

// isBoldFont reports a bold face, from the font's name ("Arial-BoldMT",
// "TimesNewRomanPS-BoldItalicMT", "Helvetica-Black") or its descriptor (a
// weight of 600 or more, the ForceBold flag).
func isBoldFont(base string, desc pdf.Value) bool {
	b := strings.ToLower(base)
	for _, w := range []string{"bold", "black", "heavy", "demi", "semibd"} {
		if strings.Contains(b, w) {
			return true
		}
	}
	return desc.Key("FontWeight").Float64() >= 600 || desc.Key("Flags").Int64()&(1<<18) != 0
}

// setSimpleEncoding fills enc from /Encoding (a name, or a dictionary with
// /BaseEncoding and /Differences) or the font type's default.
func (f *pdfFont) setSimpleEncoding(v pdf.Value, subtype, base string) {
	table := standardEncoding
	if subtype == "TrueType" {
		table = winAnsiEncoding
	}
	symbolic := strings.HasPrefix(base, "Symbol") || strings.HasPrefix(base, "ZapfDingbats") || strings.HasPrefix(base, "Wingdings")
	enc := v.Key("Encoding")
	baseName := enc.Name()
	if enc.Kind() == pdf.Dict {
		baseName = enc.Key("BaseEncoding").Name()
	}
	switch baseName {
	case "WinAnsiEncoding":
		table = winAnsiEncoding
	case "MacRomanEncoding":
		table = macRomanEncoding
	case "StandardEncoding":
		table = standardEncoding
	case "PDFDocEncoding":
		table = pdfDocEncoding
	}
	if !symbolic || baseName != "" {
		for i, r := range table {
			if r != 0 {
				f.enc[i] = string(r)
			}
		}
	}
	if enc.Kind() != pdf.Dict {
		return
	}
	diffs := enc.Key("Differences")
	code := 0
	for i := 0; i < diffs.Len(); i++ {
		d := diffs.Index(i)
		switch d.Kind() {
		case pdf.Integer:
			code = int(d.Int64())
		case pdf.Name:
			if code >= 0 && code < 256 {
				if t := glyphText(d.Name()); t != "" {
					f.enc[code] = t
				}
			}
			code++
		}
	}
}

// parseCIDWidths reads a CIDFont /W array: "c [w1 w2 ...]" and
// "cfirst clast w" entries.
func parseCIDWidths(w pdf.Value, out map[uint32]float64) {
	n := w.Len()
	for i := 0; i+1 < n; {
		c := uint32(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && j < 1<<16; j++ {
				out[c+uint32(j)] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= n {
			return
		}
		last := uint32(next.Int64())
		wv := w.Index(i + 2).Float64()
		for cid := c; cid <= last && cid-c < 1<<16; cid++ {
			out[cid] = wv
		}
		i += 3
	}
}

// decode splits a shown string into glyphs.
func (f *pdfFont) decode(raw string) []pdfGlyph {
	out := make([]pdfGlyph, 0, len(raw))
	for len(raw) > 0 {
		n := 1
		if f.composite {
			n = 2
			if !f.identity && !f.ucs2 && f.toUni != nil {
				n = f.toUni.codeLen(raw)
			}
		}
		n = min(n, len(raw))
		var code uint32
		for i := 0; i < n; i++ {
			code = code<<8 | uint32(raw[i])
		}
		raw = raw[n:]
		g := pdfGlyph{space: n == 1 && code == 32}
		if f.toUni != nil {
			g.text = f.toUni.lookup(n, code)
		}
		if g.text == "" {
			switch {
			case !f.composite:
				g.text = f.enc[code]
			case f.ucs2:
				g.text = string(utf16.Decode([]uint16{uint16(code)}))
			}
		}
		w, ok := f.widths[code]
		switch {
		case ok:
		case f.estimate != nil:
			w = f.estimate(g.text)
		default:
			w = f.defWidth
		}
		g.width = w * f.scale
		out = append(out, g)
	}
	return out
}

// standardWidthGuess approximates the metrics of the standard 14 fonts,
// which PDFs may use without /Widths. Only word-gap detection depends on it.
func standardWidthGuess(base string) func(string) float64 {
	if strings.Contains(base, "Courier") {
		return func(string) float64 { return 600 }
	}
	times := strings.Contains(base, "Times")
	return func(s string) float64 {
		if s == "" {
			return 500
		}
		r := []rune(s)[0]
		switch {
		case r == ' ':
			if times {
				return 250
			}
			return 278
		case strings.ContainsRune("ijlftI.,:;!|'`()[]", r):
			return 280
		case strings.ContainsRune("mwMW", r):
			return 850
		case r >= 'A' && r <= 'Z':
			return 680
		case r >= '0' && r <= '9':
			return 520
		}
		return 500
	}
}

// toUnicodeMap is a parsed /ToUnicode CMap.
type toUnicodeMap struct {
	space  []codeRange
	single map[cmapKey]string
	ranges []bfRange // ranges too large to expand into single
}

type cmapKey struct {
	n    int
	code uint32
}

type codeRange struct {
	lo, hi []byte
}

type bfRange struct {
	n      int
	lo, hi uint32
	dst    []uint16 // base destination, last unit incremented
}

// codeLen returns the length of the code starting raw, from the
// codespace ranges (2 when none matches).
func (m *toUnicodeMap) codeLen(raw string) int {
	for n := 1; n <= 4 && n <= len(raw); n++ {
	Ranges:
		for _, r := range m.space {
			if len(r.lo) != n {
				continue
			}
			for i := 0; i < n; i++ {
				if raw[i] < r.lo[i] || raw[i] > r.hi[i] {
					continue Ranges
				}
			}
			return n
		}
	}
	return 2
}

func (m *toUnicodeMap) lookup(n int, code uint32) string {
	if s, ok := m.single[cmapKey{n, code}]; ok {
		return s
	}
	for _, r := range m.ranges {
		if r.n == n && r.lo <= code && code <= r.hi {
			d := append([]uint16(nil), r.dst...)
			d[len(d)-1] += uint16(code - r.lo)
			return string(utf16.Decode(d))
		}
	}
	return ""
}

// maxExpand bounds how many codes one bfrange expands into the map.
const maxExpand = 1 << 12

// parseToUnicode reads bfchar, bfrange and codespacerange sections; other
// operators are ignored. Malformed entries are skipped.
func parseToUnicode(b []byte) *toUnicodeMap {
	m := &toUnicodeMap{single: map[cmapKey]string{}}
	l := newPSLexer(b)
	var stack []psObj
	for {
		o := l.operand(0)
		switch o.Kind {
		case pdf.TokEOF:
			if len(m.single) == 0 && len(m.ranges) == 0 {
				return nil
			}
			return m
		case pdf.TokKeyword:
			switch o.Str {
			case "endcodespacerange":
				for i := 0; i+1 < len(stack); i += 2 {
					lo, hi := stack[i].Str, stack[i+1].Str
					if len(lo) > 0 && len(lo) <= 4 && len(lo) == len(hi) {
						m.space = append(m.space, codeRange{[]byte(lo), []byte(hi)})
					}
				}
			case "endbfchar":
				for i := 0; i+1 < len(stack); i += 2 {
					src, dst := stack[i], stack[i+1]
					if n := len(src.Str); n > 0 && n <= 4 {
						m.single[cmapKey{n, codeOf(src.Str)}] = cmapText(dst)
					}
				}
			case "endbfrange":
				for i := 0; i+2 < len(stack); i += 3 {
					m.addRange(stack[i].Str, stack[i+1].Str, stack[i+2])
				}
			}
			stack = stack[:0]
		default:
			if len(stack) < 1<<16 {
				stack = append(stack, o)
			}
		}
	}
}

func (m *toUnicodeMap) addRange(los, his string, dst psObj) {
	n := len(los)
	if n == 0 || n > 4 || len(his) != n {
		return
	}
	lo, hi := codeOf(los), codeOf(his)
	if hi < lo {
		return
	}
	if dst.Kind == pdf.TokArrayOpen {
		for j, d := range dst.arr {
			if lo+uint32(j) > hi {
				break
			}
			m.single[cmapKey{n, lo + uint32(j)}] = cmapText(d)
		}
		return
	}
	if dst.Kind != pdf.TokString || len(dst.Str) < 2 {
		return
	}
	units := utf16Units(dst.Str)
	if hi-lo >= maxExpand {
		m.ranges = append(m.ranges, bfRange{n: n, lo: lo, hi: hi, dst: units})
		return
	}
	for c := lo; c <= hi; c++ {
		d := append([]uint16(nil), units...)
		d[len(d)-1] += uint16(c - lo)
		m.single[cmapKey{n, c}] = string(utf16.Decode(d))
	}
}

func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s); i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

func utf16Units(s string) []uint16 {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return u
}

// cmapText decodes a bfchar destination: UTF-16BE bytes or a glyph name.
func cmapText(o psObj) string {
	switch o.Kind {
	case pdf.TokName:
		return glyphText(o.Str)
	case pdf.TokString:
		if len(o.Str) == 1 {
			return string(rune(o.Str[0]))
		}
		return string(utf16.Decode(utf16Units(o.Str)))
	}
	return ""
}
