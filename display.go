package main

import (
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// maxRenderWidth keeps lines readable on a very wide terminal.
const maxRenderWidth = 120

// writeBrief writes a brief to stdout. On a terminal a markdown brief is
// rendered for reading, unless --raw; piped, it is the markdown itself,
// byte for byte.
func writeBrief(c *cli.Context, cfg config, stdout io.Writer, out []byte) error {
	if cfg.format != "markdown" || c.Bool("raw") || !isTerminal(stdout) {
		_, err := stdout.Write(out)
		return err
	}
	width := 80
	if w, _, err := term.GetSize(int(stdout.(*os.File).Fd())); err == nil && w > 0 {
		width = w
	}
	profile := colorProfile()
	rendered, err := renderMarkdown(out, width, profile, renderStyle(profile))
	if err != nil {
		// The brief matters more than its looks.
		_, err = stdout.Write(out)
		return err
	}
	_, err = stdout.Write(rendered)
	return err
}

// renderMarkdown renders markdown for a terminal width columns wide, in
// one of glamour's standard styles. With the Ascii profile it uses no
// colour or other escape sequence.
func renderMarkdown(md []byte, width int, profile termenv.Profile, style string) ([]byte, error) {
	r, err := glamour.NewTermRenderer(
		glamour.WithStandardStyle(style), // never asks the terminal for its background
		glamour.WithColorProfile(profile),
		glamour.WithWordWrap(min(width, maxRenderWidth)),
	)
	if err != nil {
		return nil, err
	}
	return r.RenderBytes(md)
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

// renderStyle is glamour's style for the terminal: GLAMOUR_STYLE if it
// names a standard style, light when COLORFGBG says the background is
// light (xterm, rxvt and Konsole set it), else dark. brief never asks the
// terminal itself, which could hang or leave an answer in the input.
func renderStyle(profile termenv.Profile) string {
	if profile == termenv.Ascii {
		return styles.NoTTYStyle
	}
	if s := os.Getenv("GLAMOUR_STYLE"); s != styles.AutoStyle && styles.DefaultStyles[s] != nil {
		return s
	}
	fgbg := os.Getenv("COLORFGBG")
	if bg := fgbg[strings.LastIndexByte(fgbg, ';')+1:]; bg == "7" || bg == "15" {
		return styles.LightStyle
	}
	return styles.DarkStyle
}
