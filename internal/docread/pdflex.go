package docread

import "github.com/brief-cli/brief/internal/docread/internal/pdf"

// psObj is a token of a content stream or CMap, or a parsed operand:
// Kind pdf.TokArrayOpen with its elements in arr for an [...] array,
// pdf.TokDictOpen for a <<...>> dictionary (contents dropped).
type psObj struct {
	pdf.Token
	arr []psObj
}

// isNum reports whether o is a number; its value is o.Num.
func (o psObj) isNum() bool { return o.Kind == pdf.TokInt || o.Kind == pdf.TokReal }

// is reports whether o is the operator op.
func (o psObj) is(op string) bool { return o.Kind == pdf.TokKeyword && o.Str == op }

// psLexer reads content streams and CMaps with the PDF lexer, leniently:
// malformed tokens are skipped, as viewers do.
type psLexer struct {
	lx *pdf.Lexer
}

func newPSLexer(b []byte) *psLexer { return &psLexer{lx: pdf.NewLexer(b)} }

// next returns the next well-formed token.
func (l *psLexer) next() psObj {
	for {
		if t := l.lx.Next(); t.Kind != pdf.TokError {
			return psObj{Token: t}
		}
	}
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
		closer pdf.TokenKind
		limit  int
	)
	switch t.Kind {
	case pdf.TokArrayOpen:
		closer, limit = pdf.TokArrayClose, 1<<16
	case pdf.TokDictOpen:
		closer = pdf.TokDictClose // limit 0: nothing reads a dictionary's contents
	default:
		return t
	}
	for !l.peekClose(closer) {
		e := l.operand(depth + 1)
		if e.Kind == pdf.TokEOF {
			break
		}
		if depth < 32 && len(t.arr) < limit {
			t.arr = append(t.arr, e)
		}
	}
	return t
}

// peekClose consumes the next token if it is the given closer or the end.
func (l *psLexer) peekClose(k pdf.TokenKind) bool {
	save := l.lx.Pos()
	t := l.next()
	if t.Kind == k || t.Kind == pdf.TokEOF {
		return true
	}
	l.lx.SetPos(save)
	return false
}
