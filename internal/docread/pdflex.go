package docread

import (
	"bytes"
	"strconv"
)

// psKind is the kind of a PostScript-syntax token in a content stream or
// CMap.
type psKind uint8

const (
	psEOF psKind = iota
	psNumber
	psName
	psString
	psArray // operand only: a parsed [...] array
	psDict  // operand only: a parsed <<...>> dictionary (contents dropped)
	psOp
	psArrayOpen
	psArrayClose
	psDictOpen
	psDictClose
)

// psObj is a token, or a parsed operand for psArray and psDict.
type psObj struct {
	kind psKind
	num  float64
	str  string // name (without "/"), string bytes or operator
	arr  []psObj
}

// psLexer tokenizes PDF content streams and CMaps. It never fails: bytes
// it cannot make sense of are skipped, as viewers do.
type psLexer struct {
	b []byte
	i int
}

func isPSSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPSDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// next returns the next token. It loops rather than recurses over stray
// bytes: hostile streams must not be able to grow the stack.
func (l *psLexer) next() psObj {
	for {
		if t, ok := l.token(); ok {
			return t
		}
	}
}

// token reads one token; ok is false when it only skipped a stray byte.
func (l *psLexer) token() (psObj, bool) {
	for {
		for l.i < len(l.b) && isPSSpace(l.b[l.i]) {
			l.i++
		}
		if l.i >= len(l.b) {
			return psObj{kind: psEOF}, true
		}
		if l.b[l.i] != '%' {
			break
		}
		for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
			l.i++
		}
	}
	c := l.b[l.i]
	switch c {
	case '(':
		l.i++
		return psObj{kind: psString, str: l.literal()}, true
	case '<':
		if l.i+1 < len(l.b) && l.b[l.i+1] == '<' {
			l.i += 2
			return psObj{kind: psDictOpen}, true
		}
		l.i++
		return psObj{kind: psString, str: l.hex()}, true
	case '>':
		l.i++
		if l.i < len(l.b) && l.b[l.i] == '>' {
			l.i++
			return psObj{kind: psDictClose}, true
		}
		return psObj{}, false
	case '[':
		l.i++
		return psObj{kind: psArrayOpen}, true
	case ']':
		l.i++
		return psObj{kind: psArrayClose}, true
	case '{', '}', ')':
		l.i++
		return psObj{}, false
	case '/':
		l.i++
		return psObj{kind: psName, str: l.name()}, true
	}
	start := l.i
	for l.i < len(l.b) && !isPSSpace(l.b[l.i]) && !isPSDelim(l.b[l.i]) {
		l.i++
	}
	word := l.b[start:l.i]
	if c == '+' || c == '-' || c == '.' || isDigit(c) {
		if f, ok := parsePSNumber(word); ok {
			return psObj{kind: psNumber, num: f}, true
		}
	}
	return psObj{kind: psOp, str: string(word)}, true
}

// parsePSNumber parses PDF numbers, including the "--5" and "5-" forms some
// producers write.
func parsePSNumber(w []byte) (float64, bool) {
	if f, err := strconv.ParseFloat(string(w), 64); err == nil {
		return f, true
	}
	neg := false
	for len(w) > 0 && (w[0] == '-' || w[0] == '+') {
		neg = neg != (w[0] == '-')
		w = w[1:]
	}
	w = bytes.TrimRight(w, "-+")
	f, err := strconv.ParseFloat(string(w), 64)
	if err != nil {
		return 0, false
	}
	if neg {
		f = -f
	}
	return f, true
}

func (l *psLexer) name() string {
	start := l.i
	for l.i < len(l.b) && !isPSSpace(l.b[l.i]) && !isPSDelim(l.b[l.i]) {
		l.i++
	}
	n := l.b[start:l.i]
	if bytes.IndexByte(n, '#') < 0 {
		return string(n)
	}
	var out []byte
	for j := 0; j < len(n); j++ {
		if n[j] == '#' && j+2 < len(n) {
			if v, err := strconv.ParseUint(string(n[j+1:j+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				j += 2
				continue
			}
		}
		out = append(out, n[j])
	}
	return string(out)
}

// literal reads a (string) body after the opening parenthesis.
func (l *psLexer) literal() string {
	var out []byte
	depth := 1
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		case '\\':
			if l.i >= len(l.b) {
				return string(out)
			}
			e := l.b[l.i]
			l.i++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.i < len(l.b) && l.b[l.i] == '\n' {
					l.i++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '7'; k++ {
						v = v*8 + int(l.b[l.i]-'0')
						l.i++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		case '\r':
			// An unescaped end of line in a string reads as \n.
			if l.i < len(l.b) && l.b[l.i] == '\n' {
				l.i++
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return string(out)
}

// hex reads a <hex string> body after the opening bracket.
func (l *psLexer) hex() string {
	var out []byte
	var hi byte
	half := false
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return string(out)
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// operand reads one operand or operator, parsing arrays and dictionaries
// whole (to a bounded depth).
func (l *psLexer) operand(depth int) psObj {
	t := l.next()
	if depth > 64 {
		// Deeper nesting is hostile; flatten it rather than recurse.
		return t
	}
	switch t.kind {
	case psArrayOpen:
		arr := psObj{kind: psArray}
		for {
			e := l.peekClose(psArrayClose)
			if e {
				return arr
			}
			o := l.operand(depth + 1)
			if o.kind == psEOF {
				return arr
			}
			if depth < 32 && len(arr.arr) < 1<<16 {
				arr.arr = append(arr.arr, o)
			}
		}
	case psDictOpen:
		d := psObj{kind: psDict}
		for {
			if l.peekClose(psDictClose) {
				return d
			}
			o := l.operand(depth + 1)
			if o.kind == psEOF {
				return d
			}
			if depth < 32 && len(d.arr) < 1<<12 {
				d.arr = append(d.arr, o)
			}
		}
	}
	return t
}

// peekClose consumes the next token if it is the given closer.
func (l *psLexer) peekClose(k psKind) bool {
	save := l.i
	t := l.next()
	if t.kind == k {
		return true
	}
	if t.kind == psEOF {
		return true
	}
	l.i = save
	return false
}

// skipInlineImage skips the binary data of an inline image, positioned
// just after the ID operator, up to and including EI.
func (l *psLexer) skipInlineImage() {
	if l.i < len(l.b) && isPSSpace(l.b[l.i]) {
		l.i++
	}
	for j := l.i; j+1 < len(l.b); j++ {
		if l.b[j] == 'E' && l.b[j+1] == 'I' && (j == l.i || isPSSpace(l.b[j-1])) &&
			(j+2 == len(l.b) || isPSSpace(l.b[j+2]) || isPSDelim(l.b[j+2])) {
			l.i = j + 2
			return
		}
	}
	l.i = len(l.b)
}
