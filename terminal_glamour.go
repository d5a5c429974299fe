//go:build !noglamour

package main

import (
	"os"
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"
)

// renderMarkdown renders markdown for a terminal width columns wide, in
// one of glamour's standard styles (renderStyle). With the Ascii profile it uses no
// colour or other escape sequence.
func renderMarkdown(md []byte, width int, profile termenv.Profile) ([]byte, error) {
	r, err := glamour.NewTermRenderer(
		glamour.WithStandardStyle(renderStyle(profile)), // never asks the terminal for its background
		glamour.WithColorProfile(profile),
		glamour.WithWordWrap(min(width, maxRenderWidth)),
	)
	if err != nil {
		return nil, err
	}
	return r.RenderBytes(md)
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
