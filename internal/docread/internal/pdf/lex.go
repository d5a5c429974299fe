// Copyright 2014 The Go Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// docread: the one PDF tokenizer (ISO 32000-1 §7.2, §7.3), for the object
// reader here and for docread's content streams and CMaps.

package pdf

import (
	"bytes"
	"strconv"
)

// TokenKind is the kind of a Token.
type TokenKind uint8

// The token kinds. Keywords include operators, true, false and null.
const (
	TokEOF TokenKind = iota
	TokInt
	TokReal
	TokString
	TokName
	TokKeyword
	TokArrayOpen
	TokArrayClose
	TokDictOpen
	TokDictClose
	// TokError is malformed input, already skipped: the object reader
	// fails on it, content streams go on as viewers do.
	TokError
)

// A Token is one lexical token of PDF syntax.
type Token struct {
	Kind TokenKind
	Int  int64   // TokInt's value
	Num  float64 // TokInt's and TokReal's value
	// Str is a TokString's bytes, a TokName's name without the slash, a
	// TokKeyword's text or what is wrong for a TokError.
	Str string
	Pos int // offset of the token's first byte in the input
}

// A Lexer splits PDF syntax held in memory into tokens. It never fails:
// what it cannot read comes back as a TokError, and it goes on after it.
type Lexer struct {
	b   []byte
	pos int
	tmp []byte // scratch for strings
}

// NewLexer returns a Lexer reading b from its start.
func NewLexer(b []byte) *Lexer { return &Lexer{b: b} }

// Pos returns the offset of the next byte to read.
func (l *Lexer) Pos() int { return l.pos }

// SetPos moves the lexer to offset p, clamped to the input.
func (l *Lexer) SetPos(p int) { l.pos = max(0, min(p, len(l.b))) }

// Next returns the next token, TokEOF at the end of the input.
func (l *Lexer) Next() Token {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return Token{Kind: TokEOF, Pos: l.pos}
	}
	start := l.pos
	c := l.b[l.pos]
	l.pos++
	switch c {
	case '(':
		return l.literal(start)
	case '<':
		if l.pos < len(l.b) && l.b[l.pos] == '<' {
			l.pos++
			return Token{Kind: TokDictOpen, Pos: start}
		}
		return l.hex(start)
	case '>':
		if l.pos < len(l.b) && l.b[l.pos] == '>' {
			l.pos++
			return Token{Kind: TokDictClose, Pos: start}
		}
		return fail("unexpected delimiter", start)
	case '[':
		return Token{Kind: TokArrayOpen, Pos: start}
	case ']':
		return Token{Kind: TokArrayClose, Pos: start}
	case ')', '{', '}':
		// Braces belong to PostScript functions only (§7.10.5).
		return fail("unexpected delimiter", start)
	case '/':
		n, ok := decodeName(l.word())
		if !ok {
			return fail("malformed name", start)
		}
		return Token{Kind: TokName, Str: n, Pos: start}
	}
	l.pos = start
	w := l.word()
	if c == '+' || c == '-' || c == '.' || '0' <= c && c <= '9' {
		return number(w, start)
	}
	return Token{Kind: TokKeyword, Str: keywordString(w), Pos: start}
}

func fail(what string, pos int) Token { return Token{Kind: TokError, Str: what, Pos: pos} }

// skipSpace skips white space and comments.
func (l *Lexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\r' && l.b[l.pos] != '\n' {
				l.pos++
			}
			continue
		}
		if !isSpace(c) {
			return
		}
		l.pos++
	}
}

// word reads regular characters up to the next delimiter or white space.
func (l *Lexer) word() []byte {
	start := l.pos
	for l.pos < len(l.b) && class[l.b[l.pos]] == regular {
		l.pos++
	}
	return l.b[start:l.pos]
}

// number reads a word that starts like a number: an optional sign, then
// digits with at most one period somewhere (§7.3.3: 34.5, -.002, 4., +17).
// An integer too large for int64 reads as a real.
func number(w []byte, pos int) Token {
	i := 0
	if w[0] == '+' || w[0] == '-' {
		i = 1
	}
	var n int64
	digits, dot, big := 0, false, false
	for ; i < len(w); i++ {
		switch c := w[i]; {
		case '0' <= c && c <= '9':
			digits++
			if d := int64(c - '0'); n > (1<<63-1-d)/10 {
				big = true
			} else {
				n = n*10 + d
			}
		case c == '.' && !dot:
			dot = true
		default:
			return fail("malformed number", pos)
		}
	}
	if digits == 0 {
		return fail("malformed number", pos)
	}
	if !dot && !big {
		if w[0] == '-' {
			n = -n
		}
		return Token{Kind: TokInt, Int: n, Num: float64(n), Pos: pos}
	}
	f, err := strconv.ParseFloat(string(w), 64)
	if err != nil {
		return fail("malformed number", pos)
	}
	return Token{Kind: TokReal, Num: f, Pos: pos}
}

// literal reads a (string) after its opening parenthesis (§7.3.4.2).
// Unescaped line ends are kept as they are: encrypted strings and
// two-byte character codes hold such bytes, and viewers keep them.
func (l *Lexer) literal(start int) Token {
	tmp := l.tmp[:0]
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				l.tmp = tmp
				return Token{Kind: TokString, Str: string(tmp), Pos: start}
			}
		case '\\':
			if l.pos >= len(l.b) {
				continue
			}
			c = l.b[l.pos]
			l.pos++
			switch {
			case c == '\r':
				// A line continuation: \ before CR, LF or CR LF.
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case c == '\n':
				continue
			case '0' <= c && c <= '7':
				// Up to three octal digits; high-order overflow is ignored.
				v := c - '0'
				for k := 0; k < 2 && l.pos < len(l.b) && '0' <= l.b[l.pos] && l.b[l.pos] <= '7'; k++ {
					v = v<<3 | (l.b[l.pos] - '0')
					l.pos++
				}
				c = v
			default:
				c = unescape(c)
			}
		}
		tmp = append(tmp, c)
	}
	l.tmp = tmp
	return fail("unterminated string", start)
}

// unescape returns the byte the literal-string escape \c stands for. For
// an escape PDF does not define, the backslash is ignored (§7.3.4.2).
// Escaped line ends and octal codes are left to the caller.
func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	}
	return c
}

// hex reads a <hex string> after its opening bracket (§7.3.4.3): white
// space is ignored and a final odd digit reads as if followed by 0. Any
// other byte makes the string malformed; it is read to its end anyway, so
// that a lenient caller goes on after it.
func (l *Lexer) hex(start int) Token {
	tmp := l.tmp[:0]
	hi, half, bad := 0, false, false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			if half {
				tmp = append(tmp, byte(hi<<4))
			}
			l.tmp = tmp
			if bad {
				return fail("malformed hex string", start)
			}
			return Token{Kind: TokString, Str: string(tmp), Pos: start}
		}
		v := unhex(c)
		switch {
		case v >= 0 && half:
			tmp = append(tmp, byte(hi<<4|v))
		case v >= 0:
			hi = v
		case !isSpace(c):
			bad = true
			continue
		default:
			continue
		}
		half = !half
	}
	l.tmp = tmp
	return fail("unterminated hex string", start)
}

// skipEOL skips the end of line after the stream keyword: CR LF or LF,
// or a lone CR as some writers put.
func (l *Lexer) skipEOL() bool {
	cr := l.pos < len(l.b) && l.b[l.pos] == '\r'
	if cr {
		l.pos++
	}
	if l.pos < len(l.b) && l.b[l.pos] == '\n' {
		l.pos++
		return true
	}
	return cr
}

// SkipInlineImage skips the data of an inline image, from just after its
// ID operator up to and including EI (§8.9.7). The data is binary: EI
// counts only between white space and white space, a delimiter or the end.
func (l *Lexer) SkipInlineImage() {
	if l.pos < len(l.b) && isSpace(l.b[l.pos]) {
		l.pos++
	}
	for j := l.pos; j+1 < len(l.b); j++ {
		if l.b[j] == 'E' && l.b[j+1] == 'I' && (j == l.pos || isSpace(l.b[j-1])) &&
			(j+2 == len(l.b) || class[l.b[j+2]] != regular) {
			l.pos = j + 2
			return
		}
	}
	l.pos = len(l.b)
}

// keywordString returns w as a string, without allocating for the
// keywords and operators that are most of a file's words.
func keywordString(w []byte) string {
	if s, ok := commonKeywords[string(w)]; ok {
		return s
	}
	return string(w)
}

var commonKeywords = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{
		"obj", "endobj", "R", "stream", "endstream", "xref", "trailer", "startxref", "n", "f",
		"true", "false", "null",
		"BT", "ET", "Tf", "Td", "TD", "Tm", "T*", "Tj", "TJ", "'", "\"", "Tc", "Tw", "Tz", "TL", "Ts", "Tr",
		"q", "Q", "cm", "w", "J", "j", "M", "d", "ri", "i", "gs",
		"m", "l", "c", "v", "y", "h", "re", "S", "s", "F", "f*", "B", "B*", "b", "b*", "n", "W", "W*",
		"g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN", "sh", "Do",
		"BMC", "BDC", "EMC", "MP", "DP", "BI", "ID", "EI", "BX", "EX", "d0", "d1",
		"begincmap", "endcmap", "def", "begin", "end", "dict", "findresource", "defineresource", "pop",
		"begincodespacerange", "endcodespacerange", "beginbfchar", "endbfchar", "beginbfrange", "endbfrange",
	} {
		m[k] = k
	}
	return m
}()

// Character classes of §7.2.2.
const (
	regular = iota
	space
	delim
)

var class = func() (c [256]uint8) {
	for _, b := range []byte("\x00\t\n\f\r ") {
		c[b] = space
	}
	for _, b := range []byte("<>()[]{}/%") {
		c[b] = delim
	}
	return c
}()

func isSpace(b byte) bool { return class[b] == space }

// unhex returns the value of the hex digit b, or -1 if b is not one.
func unhex(b byte) int {
	switch {
	case '0' <= b && b <= '9':
		return int(b) - '0'
	case 'a' <= b && b <= 'f':
		return int(b) - 'a' + 10
	case 'A' <= b && b <= 'F':
		return int(b) - 'A' + 10
	}
	return -1
}

// decodeName decodes the #xx escapes of a name's bytes (after the slash);
// ok is false for a '#' not followed by two hex digits.
func decodeName(raw []byte) (n string, ok bool) {
	if bytes.IndexByte(raw, '#') < 0 {
		return string(raw), true
	}
	out := make([]byte, 0, len(raw))
	for j := 0; j < len(raw); j++ {
		if raw[j] == '#' {
			if j+2 >= len(raw) {
				return "", false
			}
			x := unhex(raw[j+1])<<4 | unhex(raw[j+2])
			if x < 0 {
				return "", false
			}
			out = append(out, byte(x))
			j += 2
			continue
		}
		out = append(out, raw[j])
	}
	return string(out), true
}
