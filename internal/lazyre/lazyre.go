// Package lazyre compiles a package's regular expressions on first use
// rather than at start-up: compiling them all took milliseconds of every
// run, most of which need few of them (`brief --plan` on a text report
// needs none of the PDF, HTML, markdown or extractive engine's).
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function giving expr compiled, compiling it on the first
// call (it panics there if expr does not compile, as regexp.MustCompile).
// It is safe for concurrent use.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
