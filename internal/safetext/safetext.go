// Package safetext makes text from reports, models and servers safe to
// print: one line, no control characters, no terminal escape sequences, no
// bidi overrides, valid UTF-8.
//
//	fmt.Fprintln(os.Stderr, "brief: "+safetext.Line(serverMessage))
package safetext

import (
	"regexp"
	"strings"
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
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029':
			return ' '
		case r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
