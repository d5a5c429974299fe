//go:build !linux

package main

import (
	"errors"
	"os"
)

// openPTYPair is only written for Linux; elsewhere terminal tests skip.
func openPTYPair(uint16) (pty, tty *os.File, err error) {
	return nil, nil, errors.New("pseudo-terminal tests run on Linux only")
}
