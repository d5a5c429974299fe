// Package prompts holds the prompt templates that brief sends to language
// models, embedded in the binary and parsed once.
//
// The templates are data: edit the .tmpl files, then refresh the golden
// renderings with `go test ./prompts -update`.
//
//	sys, err := prompts.Render(prompts.System, prompts.Data{Open: open, Close: close})
//	user, err := prompts.Render(prompts.Map, prompts.Data{Title: "report.txt", Part: 1, Report: text, Open: open, Close: close})
package prompts

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
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
	// Part numbers the chunk in the map prompt, from 1; Last says it is
	// the report's last. The number of parts is not known when the first
	// is sent: chunks are sent as they are made.
	Part int
	Last bool
	// Report is report text, fenced. Brief uses it instead of Notes when the
	// whole report fits in one request.
	Report string
	// Notes is JSON notes, fenced, for Reduce and Brief.
	Notes string
	// Findings lists the unsupported facts, one per line, for Revise.
	Findings string
	// Language is the English name of the language the brief is to be
	// written in ("English"); "" means the report's own.
	Language string
	// Focus is the reader's question or audience, from the user: an
	// instruction outside the fence, never a fact of the report.
	Focus string
	// Schema is the JSON Schema of the answer, included in the prompt only
	// when the server cannot enforce it through response_format.
	Schema string
}

//go:embed *.tmpl
var files embed.FS

var (
	defaultSet = mustDefault()
	// Version identifies the exact template text; response caches key on it
	// so that editing a prompt invalidates what was made with the old one.
	Version = defaultSet.version
)

// Names lists the templates, in the order a run uses them.
func Names() []string { return []string{System, Map, Reduce, Brief, Revise} }

// Purpose says in a few words what the named template is for.
func Purpose(name string) string {
	return map[string]string{
		System: "system message, shared by every request",
		Map:    "notes on one chunk of the report",
		Reduce: "merges several sets of notes into one",
		Brief:  "writes the brief from notes or from the whole report",
		Revise: "corrects facts of a brief that the report does not support",
	}[name]
}

// Text returns the built-in text of the named template.
func Text(name string) (string, bool) {
	text, err := files.ReadFile(name + ".tmpl")
	return string(text), err == nil
}

// Set is the templates of a run: the built-in ones, any of which a folder
// may override (see Load). It is safe for concurrent use.
type Set struct {
	t       *template.Template
	version string
	// from names the file each overridden template came from.
	from map[string]string
}

// Default returns the built-in templates.
func Default() *Set { return defaultSet }

func mustDefault() *Set {
	s, err := build(nil)
	if err != nil {
		panic(err)
	}
	return s
}

// Load returns the built-in templates with those of dir overriding them:
// a file dir/NAME.tmpl replaces the template NAME (see Names). Every
// template is checked before use: a parse error, a field Data does not
// have, a file named for no template, or a template that leaves the
// report out of its fence is a *TemplateError naming the file and line.
func Load(dir string) (*Set, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("prompts: %w", err)
	}
	texts := map[string]string{}
	from := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tmpl") {
			continue
		}
		file := filepath.Join(dir, e.Name())
		name := strings.TrimSuffix(e.Name(), ".tmpl")
		if _, ok := Text(name); !ok {
			return nil, &TemplateError{File: file, Msg: fmt.Sprintf("no template is called %q (the names are %s)", name, strings.Join(Names(), ", "))}
		}
		text, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("prompts: %w", err)
		}
		texts[name], from[name] = string(text), file
	}
	s, err := build(texts)
	if err != nil {
		var te *TemplateError
		if errors.As(err, &te) && from[strings.TrimSuffix(te.File, ".tmpl")] != "" {
			te.File = from[strings.TrimSuffix(te.File, ".tmpl")]
		}
		return nil, err
	}
	s.from = from
	for name, file := range from {
		if err := s.check(name); err != nil {
			err.File = file
			return nil, err
		}
	}
	return s, nil
}

// build parses the built-in templates, with texts (by name) in place of
// some of them.
func build(texts map[string]string) (*Set, error) {
	root := template.New("").Option("missingkey=error")
	h := sha256.New()
	for _, name := range sortedNames() {
		text, ok := texts[name]
		if !ok {
			text, _ = Text(name)
		}
		// The hash covers the text as written, so that the built-in
		// templates keep the version caches already key on.
		fmt.Fprintf(h, "%s.tmpl\x00%d\x00%s", name, len(text), text)
		// Trailing newlines of the file are not part of the prompt.
		body := strings.TrimRight(text, "\n")
		if _, err := root.New(name).Parse(body); err != nil {
			return nil, templateError(name, err)
		}
	}
	return &Set{t: root, version: hex.EncodeToString(h.Sum(nil))[:12]}, nil
}

// sortedNames are the template names in the order of their file names, as
// the version hash has always taken them.
func sortedNames() []string {
	names := Names()
	sort.Strings(names)
	return names
}

// check renders the named template on sample data, every branch taken and
// not: a field Data lacks shows up only when executed. The report and the
// notes must stay inside the fence, and the schema must be given to
// servers that cannot enforce it.
func (s *Set) check(name string) *TemplateError {
	open, close := Fence("0123456789abcdef")
	full := Data{Open: open, Close: close, Title: "t", Part: 1, Last: true, Report: "REPORT-TEXT", Notes: "NOTES-TEXT",
		Findings: "- number", Schema: "SCHEMA-TEXT", Language: "English", Focus: "focus"}
	for _, d := range []Data{full, {Open: open, Close: close, Notes: "NOTES-TEXT"}} {
		out, err := s.Render(name, d)
		if err != nil {
			return templateError(name, errors.Unwrap(err))
		}
		if name == System {
			continue
		}
		i, j := strings.Index(out, open), strings.LastIndex(out, close)
		inside := ""
		if i >= 0 && j > i {
			inside = out[i:j]
		}
		for _, v := range []string{"REPORT-TEXT", "NOTES-TEXT"} {
			if strings.Contains(out, v) && !strings.Contains(inside, v) {
				return &TemplateError{Msg: "the report or notes are outside the fence: keep {{.Open}} on the line before them and {{.Close}} on the line after"}
			}
		}
		if d.Schema != "" && !strings.Contains(out, d.Schema) {
			return &TemplateError{Msg: "the template leaves out {{.Schema}}, which servers without JSON Schema support need: keep its {{if .Schema}} block"}
		}
	}
	return nil
}

// TemplateError is a template that cannot be used: File and Line say where
// (Line is 0 when the problem is the whole template).
type TemplateError struct {
	File string
	Line int
	Msg  string
}

func (e *TemplateError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// reTemplatePos finds "template: NAME:LINE:" or "template: NAME:LINE:COL:"
// in text/template's errors, which carry the position in no other form.
var reTemplatePos = regexp.MustCompile(`^template: [^:]+:(\d+):(?:\d+:)?\s*(.*)$`)

func templateError(name string, err error) *TemplateError {
	te := &TemplateError{File: name + ".tmpl", Msg: err.Error()}
	if m := reTemplatePos.FindStringSubmatch(err.Error()); m != nil {
		te.Line, _ = strconv.Atoi(m[1])
		te.Msg = m[2]
	}
	if strings.Contains(te.Msg, "can't evaluate field Parts ") {
		// A template written for brief before chunks were sent as made.
		te.Msg += " (the number of parts is not known when the first is sent: use .Last, true for the last part)"
	}
	return te
}

// Version identifies the set's exact template text, for cache keys.
func (s *Set) Version() string { return s.version }

// From returns the file the named template was loaded from, or "" for a
// built-in one.
func (s *Set) From(name string) string { return s.from[name] }

// Source returns the text of the named template as the set has it.
func (s *Set) Source(name string) (string, bool) {
	if f := s.from[name]; f != "" {
		text, err := os.ReadFile(f)
		return string(text), err == nil
	}
	return Text(name)
}

// Render executes the named template of the set with data.
func (s *Set) Render(name string, data Data) (string, error) {
	t := s.t.Lookup(name)
	if t == nil {
		return "", fmt.Errorf("prompts: no template %q", name)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("prompts: %s: %w", name, err)
	}
	return b.String(), nil
}

// Render executes the named built-in template with data.
func Render(name string, data Data) (string, error) { return defaultSet.Render(name, data) }

// Fence returns the opening and closing lines that enclose untrusted text in
// a prompt, built from id (random per run). The id makes the closing line
// unguessable, so text inside the fence cannot end it early.
func Fence(id string) (open, close string) {
	return "<<<REPORT " + id + ">>>", "<<<END OF REPORT " + id + ">>>"
}
