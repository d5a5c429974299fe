package docread

import (
	"bytes"
	"strconv"

	"github.com/brief-cli/brief/internal/docread/internal/pdf"
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
		for l.i < len(l.b) && pdf.IsSpace(l.b[l.i]) {
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
	word := l.word()
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

// name reads a name after the slash; a malformed #xx escape is kept as
// written.
func (l *psLexer) name() string {
	n, _ := pdf.DecodeName(l.word())
	return n
}

// word reads up to the next delimiter or white space.
func (l *psLexer) word() []byte {
	start := l.i
	for l.i < len(l.b) && !pdf.IsSpace(l.b[l.i]) && !pdf.IsDelim(l.b[l.i]) {
		l.i++
	}
	return l.b[start:l.i]
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
					// Undefined escapes read as the bare byte, as viewers do.
					c, _ = pdf.Unescape(e)
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
		v := pdf.Unhex(c)
		if v < 0 {
			continue
		}
		if half {
			out = append(out, hi<<4|byte(v))
		} else {
			hi = byte(v)
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return string(out)
}

// operand reads one operand or operator, parsing arrays and dictionaries
// whole (to a bounded depth).
func (l *psLexer) operand(depth int) psObj {
	t := l.next()
	if depth > 64 {
		// Deeper nesting is hostile; flatten it rather than recurse.
		return t
	}
	var (
		obj    psObj
		closer psKind
		limit  int
	)
	switch t.kind {
	case psArrayOpen:
		obj, closer, limit = psObj{kind: psArray}, psArrayClose, 1<<16
	case psDictOpen:
		obj, closer, limit = psObj{kind: psDict}, psDictClose, 1<<12
	default:
		return t
	}
	for !l.peekClose(closer) {
		e := l.operand(depth + 1)
		if e.kind == psEOF {
			break
		}
		if depth < 32 && len(obj.arr) < limit {
			obj.arr = append(obj.arr, e)
		}
	}
	return obj
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
	if l.i < len(l.b) && pdf.IsSpace(l.b[l.i]) {
		l.i++
	}
	for j := l.i; j+1 < len(l.b); j++ {
		if l.b[j] == 'E' && l.b[j+1] == 'I' && (j == l.i || pdf.IsSpace(l.b[j-1])) &&
			(j+2 == len(l.b) || pdf.IsSpace(l.b[j+2]) || pdf.IsDelim(l.b[j+2])) {
			l.i = j + 2
			return
		}
	}
	l.i = len(l.b)
}
