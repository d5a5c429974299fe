// Package docread: TEMPORARY stub until the docread branch lands.
package docread

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

type Format string

type Document struct {
	Text     string
	Format   Format
	Title    string
	Pages    int
	Encoding string
}

type Options struct {
	NameHint string
	MaxBytes int64
}

var (
	ErrEmpty       = errors.New("empty")
	ErrBinary      = errors.New("binary")
	ErrTooLarge    = errors.New("too large")
	ErrNoTextLayer = errors.New("no text layer")
	ErrUnsupported = errors.New("unsupported")
)

func Read(r io.Reader, opt Options) (Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Document{}, err
	}
	return Parse(data, opt)
}

func Parse(data []byte, opt Options) (Document, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return Document{}, ErrBinary
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	if strings.TrimSpace(s) == "" {
		return Document{}, ErrEmpty
	}
	return Document{Text: s, Format: "text", Encoding: "utf-8"}, nil
}
