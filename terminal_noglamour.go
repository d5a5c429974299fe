//go:build noglamour

package main

import "github.com/muesli/termenv"

// renderMarkdown, in a build with -tags noglamour, leaves the markdown as
// it is: a terminal gets what a pipe gets. glamour's packages and those
// it imports (chroma's lexers and styles, bluemonday) take about 35 ms to
// initialise in every process, whether or not anything is rendered; this
// build exists to measure that (bench/perf/run.sh).
func renderMarkdown(md []byte, _ int, _ termenv.Profile) ([]byte, error) { return md, nil }
