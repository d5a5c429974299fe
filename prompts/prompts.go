// Package prompts holds the prompt templates that brief sends to language
// models, embedded in the binary and parsed once.
//
// The templates are data: edit the .tmpl files, then refresh the golden
// renderings with `go test ./prompts -update`.
//
//	sys, err := prompts.Render(prompts.System, prompts.Data{Open: open, Close: close})
//	user, err := prompts.Render(prompts.Map, prompts.Data{Title: "report.txt", Part: 1, Parts: 3, Report: text, Open: open, Close: close})
package prompts

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"
	"text/template"
)

// Names of the templates.
const (
	System = "system" // system message, shared by every request
	Map    = "map"    // notes on one chunk of the report
	Reduce = "reduce" // merges several sets of notes into one
	Brief  = "brief"  // writes the brief from notes or from the whole report
	Revise = "revise" // corrects facts of a brief that the report does not support
)

// Data is what the templates see.
type Data struct {
	// Open and Close are the lines that fence the report (or notes) in every
	// prompt. They should be unique to the run; see Fence.
	Open, Close string
	// Title names the report for the model, usually its file name.
	Title string
	// DocTitle and DocDate are the report's own title and date as read
	// from the document (markup, metadata, title block), or "". The brief
	// prompt gives them to the model as facts.
	DocTitle, DocDate string
	// Part and Parts number the chunk in the map prompt.
	Part, Parts int
	// Report is report text, fenced. Brief uses it instead of Notes when the
	// whole report fits in one request.
	Report string
	// Notes is JSON notes, fenced, for Reduce and Brief.
	Notes string
	// Findings lists the unsupported facts, one per line, for Revise.
	Findings string
	// Schema is the JSON Schema of the answer, included in the prompt only
	// when the server cannot enforce it through response_format.
	Schema string
}

//go:embed *.tmpl
var files embed.FS

var (
	templates = template.Must(parse())
	// Version identifies the exact template text; response caches key on it
	// so that editing a prompt invalidates what was made with the old one.
	Version = version()
)

func parse() (*template.Template, error) {
	root := template.New("").Option("missingkey=error")
	names, err := fs.Glob(files, "*.tmpl")
	if err != nil {
		return nil, err
	}
	for _, file := range names {
		text, err := files.ReadFile(file)
		if err != nil {
			return nil, err
		}
		// Trailing newlines of the file are not part of the prompt.
		body := strings.TrimRight(string(text), "\n")
		if _, err := root.New(strings.TrimSuffix(file, ".tmpl")).Parse(body); err != nil {
			return nil, fmt.Errorf("prompts: %s: %w", file, err)
		}
	}
	return root, nil
}

func version() string {
	h := sha256.New()
	names, _ := fs.Glob(files, "*.tmpl")
	for _, name := range names {
		text, _ := files.ReadFile(name)
		fmt.Fprintf(h, "%s\x00%d\x00%s", name, len(text), text)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Render executes the named template with data.
func Render(name string, data Data) (string, error) {
	t := templates.Lookup(name)
	if t == nil {
		return "", fmt.Errorf("prompts: no template %q", name)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("prompts: %s: %w", name, err)
	}
	return b.String(), nil
}

// Fence returns the opening and closing lines that enclose untrusted text in
// a prompt, built from id (random per run). The id makes the closing line
// unguessable, so text inside the fence cannot end it early.
func Fence(id string) (open, close string) {
	return "<<<REPORT " + id + ">>>", "<<<END OF REPORT " + id + ">>>"
}
