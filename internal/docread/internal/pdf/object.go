// Copyright 2014 The Go Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Reading of PDF objects from the tokens of a Lexer.

package pdf

import (
	"fmt"
	"io"
)

// A token is a PDF token as the object reader sees it, one of the
// following Go types:
//
//	bool, a PDF boolean
//	int64, a PDF integer
//	float64, a PDF real
//	string, a PDF string literal
//	keyword, a PDF keyword
//	name, a PDF name without the leading slash
//	io.EOF, the end of the input where allowed
type token interface{}

// A name is a PDF name, without the leading slash.
type name string

// A keyword is a PDF keyword.
// Delimiter tokens used in higher-level syntax,
// such as "<<", ">>", "[", "]", are also treated as keywords.
type keyword string

// maxObjectDepth is the maximum nesting depth for PDF objects (dicts, arrays,
// and indirect object definitions). Malicious files can nest millions of
// "N N obj" tokens to exhaust the Go call stack; this limit turns that into
// a recoverable panic instead of a fatal process crash.
const maxObjectDepth = 1000

// A buffer reads objects from PDF data held in memory. It is strict:
// malformed input panics with an error that says what and where.
type buffer struct {
	lx          Lexer
	offset      int64   // file offset of the lexer's first byte
	objStm      uint32  // the object stream read, 0 for the file itself
	unread      []token // queue of read but then unread tokens
	allowEOF    bool
	allowObjptr bool
	allowStream bool
	key         []byte
	useAES      bool
	objptr      objptr
	depth       int // current object nesting depth
}

// newBuffer returns a new buffer reading data, which starts at the given
// file offset.
func newBuffer(data []byte, offset int64) *buffer {
	return &buffer{
		lx:          Lexer{b: data},
		offset:      offset,
		allowObjptr: true,
		allowStream: true,
	}
}

func (b *buffer) errorf(format string, args ...interface{}) {
	panic(fmt.Errorf(format, args...))
}

// readOffset returns the file offset of the next byte to read.
func (b *buffer) readOffset() int64 {
	return b.offset + int64(b.lx.pos)
}

// where says where offset off lies, for messages.
func (b *buffer) where(off int64) string {
	if b.objStm != 0 {
		return fmt.Sprintf("at offset %d in object stream %d", off, b.objStm)
	}
	return fmt.Sprintf("at offset %d", off)
}

func (b *buffer) unreadToken(t token) {
	b.unread = append(b.unread, t)
}

func (b *buffer) readToken() token {
	if n := len(b.unread); n > 0 {
		t := b.unread[n-1]
		b.unread = b.unread[:n-1]
		return t
	}
	t := b.lx.Next()
	switch t.Kind {
	case TokEOF:
		if !b.allowEOF {
			b.errorf("data ends inside an object %s", b.where(b.readOffset()))
		}
		return io.EOF
	case TokError:
		text, more := b.lx.b[t.Pos:b.lx.pos], ""
		if len(text) > 40 {
			text, more = text[:40], "..."
		}
		b.errorf("%s %q%s %s", t.Str, text, more, b.where(b.offset+int64(t.Pos)))
	case TokInt:
		return t.Int
	case TokReal:
		return t.Num
	case TokString:
		return t.Str
	case TokName:
		return name(t.Str)
	case TokArrayOpen:
		return keyword("[")
	case TokArrayClose:
		return keyword("]")
	case TokDictOpen:
		return keyword("<<")
	case TokDictClose:
		return keyword(">>")
	}
	switch t.Str {
	case "true":
		return true
	case "false":
		return false
	}
	return keyword(t.Str)
}

// An object is a PDF syntax object, one of the following Go types:
//
//	bool, a PDF boolean
//	int64, a PDF integer
//	float64, a PDF real
//	string, a PDF string literal
//	name, a PDF name without the leading slash
//	dict, a PDF dictionary
//	array, a PDF array
//	stream, a PDF stream
//	objptr, a PDF object reference
//	objdef, a PDF object definition
//
// An object may also be nil, to represent the PDF null.
type object interface{}

type dict map[name]object

type array []object

type stream struct {
	hdr    dict
	ptr    objptr
	offset int64
}

type objptr struct {
	id  uint32
	gen uint16
}

type objdef struct {
	ptr objptr
	obj object
}

func (b *buffer) readObject() object {
	b.depth++
	defer func() { b.depth-- }()
	if b.depth > maxObjectDepth {
		b.errorf("object nesting exceeds maximum depth %d", maxObjectDepth)
		return nil
	}

	tok := b.readToken()
	if kw, ok := tok.(keyword); ok {
		switch kw {
		case "null":
			return nil
		case "<<":
			return b.readDict()
		case "[":
			return b.readArray()
		case ">>", "]":
			// stop the object - these mark the end of dict/array
			return nil
		}
		b.errorf("unexpected keyword %q parsing object", kw)
		return nil
	}

	if str, ok := tok.(string); ok && b.key != nil && b.objptr.id != 0 {
		tok = decryptString(b.key, b.useAES, b.objptr, str)
	}

	if !b.allowObjptr {
		return tok
	}

	if t1, ok := tok.(int64); ok && int64(uint32(t1)) == t1 {
		tok2 := b.readToken()
		if t2, ok := tok2.(int64); ok && int64(uint16(t2)) == t2 {
			tok3 := b.readToken()
			switch tok3 {
			case keyword("R"):
				return objptr{uint32(t1), uint16(t2)}
			case keyword("obj"):
				old := b.objptr
				b.objptr = objptr{uint32(t1), uint16(t2)}
				obj := b.readObject()
				if _, ok := obj.(stream); !ok {
					tok4 := b.readToken()
					if tok4 != keyword("endobj") {
						b.errorf("missing endobj after indirect object definition")
						b.unreadToken(tok4)
					}
				}
				b.objptr = old
				return objdef{objptr{uint32(t1), uint16(t2)}, obj}
			}
			b.unreadToken(tok3)
		}
		b.unreadToken(tok2)
	}
	return tok
}

func (b *buffer) readArray() object {
	var x array
	for {
		tok := b.readToken()
		// Break on io.EOF as well (readToken returns io.EOF as a token value
		// once the input is exhausted, and readDict already guards for it):
		// otherwise an array that is never closed, e.g. in a truncated
		// content stream, loops forever appending io.EOF objects and
		// allocates memory without bound.
		if tok == nil || tok == io.EOF || tok == keyword("]") {
			break
		}
		b.unreadToken(tok)
		x = append(x, b.readObject())
	}
	return x
}

func (b *buffer) readDict() object {
	x := make(dict)
	for {
		tok := b.readToken()
		if tok == nil || tok == keyword(">>") {
			break
		}
		if tok == io.EOF {
			break
		}
		n, ok := tok.(name)
		if !ok {
			if DebugOn {
				fmt.Printf("DEBUG: %T(%v)\n. Skip dict", tok, tok)
			}
			b.errorf("unexpected non-name key %T(%v) parsing dictionary", tok, tok)
			continue
		}
		x[n] = b.readObject()
	}

	if !b.allowStream {
		return x
	}

	tok := b.readToken()
	if tok != keyword("stream") {
		b.unreadToken(tok)
		return x
	}
	if !b.lx.skipEOL() {
		b.errorf("stream keyword not followed by newline")
	}
	return stream{x, b.objptr, b.readOffset()}
}
