// Package pdf reads the object structure of PDF files: cross-reference
// tables and streams, object streams, standard encryption (RC4, AES-128)
// and stream filters, exposing objects as Values. Its Lexer is the one
// PDF tokenizer: the object reader fails on the TokError tokens it
// returns, docread's content-stream interpreter skips them.
//
// It is the reading core of github.com/ledongthuc/pdf (itself derived
// from rsc.io/pdf, BSD licence, see LICENSE) at
// v0.0.0-20260907135840-6c8c28e0e8a0, without its text extraction, which
// docread does itself. Local changes are marked "docread:": the header
// may carry any version and sit anywhere in the first KiB, and /Prev,
// /Extends and nested object-stream chains are bounded, because a crafted
// file made the original loop forever or overflow the stack; the file is
// read in place from memory, decoded object streams are kept, and the
// lexer reads hex strings, escapes and numbers as ISO 32000-1 says.
package pdf
