// Package safetext makes text from reports, models and servers safe to
// print: one line, no control characters, no terminal escape sequences, no
// bidi overrides, valid UTF-8.
//
//	fmt.Fprintln(os.Stderr, "brief: "+safetext.Line(serverMessage))
//	fmt.Fprintln(os.Stderr, "done "+safetext.Name(fileName))
package safetext

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// reEscape matches terminal escape sequences: CSI (colours, cursor moves),
// OSC (titles, hyperlinks) and two-byte escapes, in 7-bit and 8-bit forms.
var reEscape = regexp.MustCompile("\x1b(?:\\[[0-9;?]*[ -/]*[@-~]|\\][^\x07\x1b]*(?:\x07|\x1b\\\\)|[@-Z\\\\-_])|\u009b[0-9;?]*[ -/]*[@-~]")

// Line folds s to one line with single spaces and drops invalid UTF-8,
// escape sequences, control characters and bidi overrides (which can
// disguise text).
func Line(s string) string {
	s = reEscape.ReplaceAllString(strings.ToValidUTF8(s, ""), "")
	s = strings.Map(func(r rune) rune {
		switch {
		case isBreak(r):
			return ' '
		case isBidi(r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func isBreak(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029'
}

func isBidi(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' || r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// Name shows a file name exactly but harmlessly: control characters, bidi
// controls and invalid UTF-8 bytes are written as Go escapes (\n, \x1b,
// \u202e, \xff), so that a name cannot move the cursor, break a table row or
// pass for another name, and two different names never look the same
// unless one holds a backslash sequence itself.
func Name(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case isBreak(r) || isBidi(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
