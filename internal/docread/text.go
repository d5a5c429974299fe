package docread

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF32LE = []byte{0xFF, 0xFE, 0, 0}
	bomUTF32BE = []byte{0, 0, 0xFE, 0xFF}
)

// decodeText turns raw bytes into a Go string, reporting the encoding used.
// The result still needs normalize.
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF32LE), bytes.HasPrefix(data, bomUTF32BE):
		return "", "", &UnsupportedError{Kind: "UTF-32 text file"}
	case bytes.HasPrefix(data, bomUTF16LE):
		return decodeUTF16(data[2:], xunicode.LittleEndian, EncodingUTF16LE)
	case bytes.HasPrefix(data, bomUTF16BE):
		return decodeUTF16(data[2:], xunicode.BigEndian, EncodingUTF16BE)
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	switch sniffUTF16(data) {
	case EncodingUTF16LE:
		return decodeUTF16(data, xunicode.LittleEndian, EncodingUTF16LE)
	case EncodingUTF16BE:
		return decodeUTF16(data, xunicode.BigEndian, EncodingUTF16BE)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", "", fmt.Errorf("NUL byte at offset %d: %w", i, ErrBinary)
	}
	if n := countControls(data); n > 2 && n*50 > len(data) {
		return "", "", fmt.Errorf("%d control bytes in %d: %w", n, len(data), ErrBinary)
	}
	if utf8.Valid(data) {
		return string(data), EncodingUTF8, nil
	}
	return decodeLegacy(data)
}

// decodeUTF16 decodes UTF-16 without BOM; unpaired surrogates become U+FFFD.
func decodeUTF16(data []byte, order xunicode.Endianness, name string) (string, string, error) {
	out, err := xunicode.UTF16(order, xunicode.IgnoreBOM).NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("decode %s: %w", name, err)
	}
	if i := bytes.IndexByte(out, 0); i >= 0 {
		return "", "", fmt.Errorf("NUL character in %s text: %w", name, ErrBinary)
	}
	return string(out), name, nil
}

// sniffUTF16 recognises BOM-less UTF-16 from its pattern of zero bytes:
// mostly-Latin UTF-16 text has a zero in every other byte.
func sniffUTF16(data []byte) string {
	n := min(len(data), 4096) &^ 1
	if n < 8 {
		return ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 > pairs*7 && even*50 < pairs:
		return EncodingUTF16LE
	case even*10 > pairs*7 && odd*50 < pairs:
		return EncodingUTF16BE
	}
	return ""
}

// countControls counts C0 control bytes that never occur in text files
// (everything below 0x20 except tab, line feed, vertical tab, form feed,
// carriage return, SUB (the DOS end-of-file mark) and ESC).
func countControls(data []byte) int {
	n := 0
	for _, b := range data {
		if b < 0x20 {
			switch b {
			case '\t', '\n', '\v', '\f', '\r', 0x1A, 0x1B:
			default:
				n++
			}
		}
	}
	return n
}

// decodeLegacy handles input that is not valid UTF-8. Two cases are text:
//   - UTF-8 with a few stray bytes (at most 0.5% of the input and fewer
//     than its valid multi-byte characters): the stray bytes are decoded
//     as Windows-1252, which is what they almost always are (pasted text);
//   - a legacy single-byte file: no more than 30% non-ASCII bytes, all
//     defined in Windows-1252, and fewer valid UTF-8 sequences than
//     invalid bytes: the whole input is decoded as Windows-1252.
//
// Anything else is mostly invalid and reported as ErrBinary.
func decodeLegacy(data []byte) (string, string, error) {
	var bad, multi, high, undefined int
	for i := 0; i < len(data); {
		b := data[i]
		if b < utf8.RuneSelf {
			i++
			continue
		}
		high++
		if undefined1252(b) {
			undefined++
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
			i++
			continue
		}
		multi++
		high += size - 1
		for _, c := range data[i+1 : i+size] {
			if undefined1252(c) {
				undefined++
			}
		}
		i += size
	}
	if bad*200 <= len(data) && multi > bad {
		return repairUTF8(data), EncodingUTF8, nil
	}
	if multi < bad && high*10 <= len(data)*3 && undefined == 0 {
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", "", fmt.Errorf("decode windows-1252: %w", err)
		}
		return string(out), EncodingWindows1252, nil
	}
	return "", "", fmt.Errorf("%d of %d bytes are not valid UTF-8 nor Windows-1252 text: %w", bad, len(data), ErrBinary)
}

// undefined1252 reports the five bytes Windows-1252 leaves unassigned.
func undefined1252(b byte) bool {
	return b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D
}

// repairUTF8 decodes valid UTF-8 and maps each invalid byte through
// Windows-1252 (U+FFFD where that is undefined).
func repairUTF8(data []byte) string {
	var sb strings.Builder
	sb.Grow(len(data) + 16)
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			r = charmap.Windows1252.DecodeByte(data[0])
			if undefined1252(data[0]) {
				r = utf8.RuneError
			}
		}
		sb.WriteRune(r)
		data = data[size:]
	}
	return sb.String()
}

// normalize applies the Document.Text rules: NFC, \n line ends, no BOM or
// control characters other than \n, \t and \f, no trailing blanks on lines,
// no leading or trailing blank lines and at most one blank line in a row.
// A form feed always ends up alone on its line (no blank lines around it),
// and every form feed is kept, so page numbers can be counted from them.
func normalize(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var n normalizer
	n.sb.Grow(len(s))
	n.write(s)
	return n.finish()
}

// normalizer is normalize's line rules as a state machine fed in pieces
// (without the NFC step): normalize(a+b) is, for NFC text, write(a),
// write(b), finish(), so text can be normalized while it is put together
// (see dropDocFurniture). Pieces must end on rune boundaries.
type normalizer struct {
	sb           strings.Builder
	line         []byte // the line being read; reused
	pendingBlank bool   // a blank line is owed before the next text line
	lastFF       bool   // the last line written was a form feed
	afterCR      bool   // the last piece ended with \r: a \n next ends no line
}

func (n *normalizer) emit(l []byte) {
	ff := string(l) == "\f"
	if n.sb.Len() > 0 {
		n.sb.WriteByte('\n')
		if n.pendingBlank && !n.lastFF && !ff {
			n.sb.WriteByte('\n')
		}
	}
	n.sb.Write(l)
	n.pendingBlank = false
	n.lastFF = ff
}

func (n *normalizer) endLine() {
	// Trimmed of its trailing blanks, a blank line is empty.
	l := bytes.TrimRightFunc(n.line, unicode.IsSpace)
	n.line = n.line[:0]
	if len(l) == 0 {
		n.pendingBlank = n.sb.Len() > 0
		return
	}
	n.emit(l)
}

func (n *normalizer) write(s string) {
	i := 0
	if n.afterCR {
		n.afterCR = false
		if len(s) > 0 && s[0] == '\n' {
			i = 1
		}
	}
	for i < len(s) {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			// Printable ASCII, nearly all of a report: copied as is, a
			// run at a time.
			j := i + 1
			for j < len(s) && s[j] >= 0x20 && s[j] < 0x7f {
				j++
			}
			n.line = append(n.line, s[i:j]...)
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			n.endLine()
			if i < len(s) && s[i] == '\n' {
				i++
			} else if i == len(s) {
				n.afterCR = true
			}
		case r == '\n', r == '\u2028', r == '\u2029', r == '\u0085':
			n.endLine()
		case r == '\f':
			n.endLine()
			n.emit(formFeedLine)
		case r == '\t':
			n.line = append(n.line, '\t')
		case r == '\uFEFF', unicode.IsControl(r):
			// BOMs and control characters carry no text.
		default:
			n.line = utf8.AppendRune(n.line, r)
		}
	}
}

// finish ends the last line and returns the text.
func (n *normalizer) finish() string {
	n.endLine()
	return n.sb.String()
}

// formFeedLine is a form feed's line, as normalizer.emit takes it.
var formFeedLine = []byte{'\f'}
