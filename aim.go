package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/brief-cli/brief/internal/batch"
	"github.com/brief-cli/brief/internal/docread"
	"github.com/brief-cli/brief/internal/fetch"
	"github.com/brief-cli/brief/prompts"
	"github.com/brief-cli/brief/summarize"
)

// aimFlags are the flags that aim the brief at a reader: its language, a
// focus, and the user's own prompts.
func aimFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "language", EnvVars: []string{"BRIEF_LANGUAGE"}, DefaultText: "the report's own",
			Usage: "write the brief in `LANG` (a code such as en, ru, zh, or a name such as English), whatever the report's language; needs an LLM endpoint unless the report is in LANG"},
		&cli.StringFlag{Name: "focus", Usage: "aim the brief at a question or an audience, e.g. --focus \"what does this mean for allied partners?\" (an instruction to the model, never taken as a fact of the report)"},
		&cli.StringFlag{Name: "prompts", EnvVars: []string{"BRIEF_PROMPTS"}, Usage: "use the prompt templates in `DIR` (NAME.tmpl, see brief prompts list) in place of the built-in ones"},
	}
}

// applyAim checks --language, --focus and --prompts into opt.
func applyAim(c *cli.Context, opt *summarize.Options) error {
	if l := strings.TrimSpace(c.String("language")); l != "" {
		code, ok := summarize.LanguageCode(l)
		if !ok {
			return usagef("unknown --language %q; use one of %s (or the language's English name).", l, strings.Join(summarize.LanguageCodes(), ", "))
		}
		opt.Language = code
	}
	opt.Focus = strings.TrimSpace(c.String("focus"))
	if c.IsSet("focus") && opt.Focus == "" {
		return usagef("--focus is empty; give the question or audience the brief is for, or drop --focus.")
	}
	set, err := loadPrompts(c.String("prompts"))
	if err != nil {
		return err
	}
	if set != prompts.Default() {
		opt.Prompts = set
	}
	return nil
}

// loadPrompts returns the templates of dir over the built-in ones, or the
// built-in ones for "".
func loadPrompts(dir string) (*prompts.Set, error) {
	if dir == "" {
		return prompts.Default(), nil
	}
	if !isDir(dir) {
		return nil, usagef("--prompts %s is not a folder; give the folder that holds your NAME.tmpl files (brief prompts export DIR writes the built-in ones there).", dir)
	}
	return prompts.Load(dir)
}

// promptsCommand lists, shows and exports the prompt templates.
func promptsCommand(stdout io.Writer) *cli.Command {
	dirFlag := &cli.StringFlag{Name: "prompts", EnvVars: []string{"BRIEF_PROMPTS"}, Usage: "show the templates as `DIR` overrides them"}
	return &cli.Command{
		Name:      "prompts",
		Usage:     "list, show or export the prompt templates, to write your own (see --prompts)",
		UsageText: "brief prompts list\n   brief prompts show NAME\n   brief prompts export DIR",
		Subcommands: []*cli.Command{
			{
				Name: "list", Usage: "list the templates and what each is for", Flags: []cli.Flag{dirFlag},
				Action: func(c *cli.Context) error {
					set, err := loadPrompts(promptsDir(c))
					if err != nil {
						return err
					}
					for _, name := range prompts.Names() {
						from := "built in"
						if f := set.From(name); f != "" {
							from = f
						}
						fmt.Fprintf(stdout, "%-8s %s (%s)\n", name, prompts.Purpose(name), from)
					}
					fmt.Fprintf(stdout, "version  %s\n", set.Version())
					return nil
				},
			},
			{
				Name: "show", Usage: "print a template's text", ArgsUsage: "NAME", Flags: []cli.Flag{dirFlag},
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return usagef("brief prompts show takes one template name: %s.", strings.Join(prompts.Names(), ", "))
					}
					set, err := loadPrompts(promptsDir(c))
					if err != nil {
						return err
					}
					text, ok := set.Source(c.Args().First())
					if !ok {
						return usagef("no template is called %q; the names are %s.", c.Args().First(), strings.Join(prompts.Names(), ", "))
					}
					_, err = io.WriteString(stdout, text)
					return err
				},
			},
			{
				Name: "export", Usage: "write the built-in templates into DIR as NAME.tmpl, to edit and pass to --prompts", ArgsUsage: "DIR",
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return usagef("brief prompts export takes one folder.")
					}
					return exportPrompts(c.Args().First(), stdout)
				},
			},
		},
		Action: func(c *cli.Context) error {
			return usagef("brief prompts needs list, show NAME or export DIR.")
		},
	}
}

// promptsDir is --prompts as given to the subcommand or before it
// (brief --prompts DIR prompts list), or BRIEF_PROMPTS.
func promptsDir(c *cli.Context) string {
	for _, cc := range c.Lineage() {
		if cc.IsSet("prompts") {
			return cc.String("prompts")
		}
	}
	return ""
}

// exportPrompts writes the built-in templates into dir, overwriting none:
// if any file is in the way, nothing is written.
func exportPrompts(dir string, stdout io.Writer) error {
	for _, name := range prompts.Names() {
		if p := filepath.Join(dir, name+".tmpl"); fileExists(p) {
			return usagef("%s already exists; export into an empty folder, or move your templates aside first.", p)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usagef("cannot make %s: %v.", dir, unwrapPathError(err))
	}
	for _, name := range prompts.Names() {
		text, _ := prompts.Text(name)
		if err := batch.WriteFile(filepath.Join(dir, name+".tmpl"), []byte(text), false); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %d templates to %s; edit them and run brief --prompts %s …\n", len(prompts.Names()), dir, dir)
	return nil
}

// openInput opens the report named by in: a URL, fetched whole within
// timeout, or a file, or "-". A URL's name is its address, which the
// brief's Sources give (summarize.ReadInput takes an http(s) name as the
// address the document came from).
func openInput(ctx context.Context, in string, stdin io.Reader, timeout time.Duration) (io.ReadCloser, string, error) {
	if !fetch.IsURL(in) {
		return openReport(in, stdin)
	}
	doc, err := fetch.Get(ctx, in, fetch.Options{Client: &http.Client{}, MaxBytes: docread.DefaultMaxBytes, Timeout: timeout})
	if err != nil {
		return nil, "", err
	}
	return io.NopCloser(bytes.NewReader(doc.Body)), doc.URL, nil
}

// describeAim turns the errors of this file's features into user words.
func describeAim(err error) (string, int, bool) {
	var (
		tmpl   *prompts.TemplateError
		lang   *summarize.LanguageError
		status *fetch.StatusError
		redir  *fetch.RedirectError
	)
	switch {
	case errors.As(err, &tmpl):
		return fmt.Sprintf("prompt template %s; fix it, or remove the file to use the built-in template.", tmpl.Error()), exitUsage, true
	case errors.As(err, &lang):
		return fmt.Sprintf("--language %s: the offline engine cannot translate, and the report is in %s; set OPENAI_API_KEY or OPENAI_BASE_URL so that a model writes the brief in %s, or drop --language.",
			lang.Want, summarize.LanguageName(lang.Report), summarize.LanguageName(lang.Want)), exitUsage, true
	case errors.As(err, &status):
		code := exitFailure
		if status.Status >= 400 && status.Status < 500 {
			code = exitUsage
		}
		return fmt.Sprintf("%s; check the address.", status.Error()), code, true
	case errors.As(err, &redir):
		return fmt.Sprintf("the page answered with a redirect (HTTP %d) to %s, which brief does not follow (%s); if that is the document, give brief that URL.", redir.Status, redir.Location, redir.Why), exitUsage, true
	case errors.Is(err, fetch.ErrTooLarge):
		return fmt.Sprintf("the document at the URL is larger than %d MiB; download it and split it into parts.", docread.DefaultMaxBytes>>20), exitUsage, true
	case errors.Is(err, fetch.ErrNotURL):
		return "the address is not an http:// or https:// URL.", exitUsage, true
	}
	return "", 0, false
}
