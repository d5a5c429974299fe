package main

import (
	"io"
	"os"
	"strings"

	"github.com/muesli/termenv"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// maxRenderWidth keeps lines readable on a very wide terminal.
const maxRenderWidth = 120

// terminalOut is where a single brief goes: stdout itself, or, when stdout
// is a terminal and the brief is markdown, a writer that renders it for
// reading (unless --raw). Piped, the markdown stays byte for byte.
func terminalOut(c *cli.Context, cfg config, stdout io.Writer) io.Writer {
	if cfg.format != "markdown" || c.Bool("raw") || !isTerminal(stdout) {
		return stdout
	}
	return &renderingWriter{out: stdout.(*os.File)}
}

// renderingWriter renders each Write as a whole markdown document: the
// brief is written in one call.
type renderingWriter struct{ out *os.File }

func (w *renderingWriter) Write(md []byte) (int, error) {
	width := 80
	if cols, _, err := term.GetSize(int(w.out.Fd())); err == nil && cols > 0 {
		width = cols
	}
	profile := colorProfile()
	rendered, err := renderMarkdown(md, width, profile)
	if err != nil {
		rendered = md // the brief matters more than its looks
	}
	if _, err := w.out.Write(rendered); err != nil {
		return 0, err
	}
	return len(md), nil
}

// colorProfile is the colours the terminal takes: none with NO_COLOR
// (no-color.org) or TERM=dumb.
func colorProfile() termenv.Profile {
	t := os.Getenv("TERM")
	switch ct := os.Getenv("COLORTERM"); {
	case os.Getenv("NO_COLOR") != "" || t == "dumb":
		return termenv.Ascii
	case ct == "truecolor" || ct == "24bit":
		return termenv.TrueColor
	case strings.Contains(t, "256color"):
		return termenv.ANSI256
	}
	return termenv.ANSI
}
