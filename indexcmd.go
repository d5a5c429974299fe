package main

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"
)

// indexCommand is `brief index DIR`: index.md rebuilt from the briefs in
// DIR, e.g. after several machines each wrote a --shard of a folder.
func indexCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "index",
		Usage:     "rebuild DIR/index.md from the briefs in DIR",
		ArgsUsage: "DIR",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "markdown", Usage: "which briefs to list: markdown (.md) or json (.json)"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite an index.md that brief did not write"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("brief index takes one folder of briefs, e.g. brief index briefs/.")
			}
			dir := c.Args().First()
			if !isDir(dir) {
				return usagef("%s is not a folder of briefs.", dir)
			}
			cfg := config{format: c.String("format")}
			switch cfg.format {
			case "markdown", "md":
				cfg.format = "markdown"
			case "json":
			default:
				return usagef("unknown --format %q; use markdown or json.", cfg.format)
			}
			mf := openManifest(dir)
			if !c.Bool("force") && fileExists(filepath.Join(dir, indexName)) && !mf.indexOurs() {
				return usagef("%s exists and was not written by brief; use --force to overwrite it.", filepath.Join(dir, indexName))
			}
			view, err := scanBriefs(mf, cfg.ext())
			if err != nil {
				return err
			}
			if err := view.writeIndex(cfg); err != nil {
				return err
			}
			if !mf.indexOurs() {
				// The index is brief's from now on; the briefs found on disk
				// are listed, not adopted as brief's own.
				mf.m.Index = true
				if err := mf.save(); err != nil {
					return err
				}
			}
			n := 0
			for out := range view.m.Entries {
				if path.Ext(out) == cfg.ext() {
					n++
				}
			}
			fmt.Fprintf(stdout, "wrote %s: %d briefs.\n", filepath.Join(dir, "index.md"), n)
			return nil
		},
	}
}

// scanBriefs returns a view of mf for the index: its entries, plus an
// entry read from the brief itself for every brief in the folder that the
// manifest does not know (written by another machine, say).
func scanBriefs(mf *manifestFile, ext string) (*manifestFile, error) {
	dir := mf.dir
	mf.mu.Lock()
	man := manifest{Version: mf.m.Version, Entries: maps.Clone(mf.m.Entries), Index: true}
	mf.mu.Unlock()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != dir && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || filepath.Ext(name) != ext || (p == filepath.Join(dir, "index.md")) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if _, ok := man.Entries[rel]; ok {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		e := manifestEntry{Source: rel, Output: rel}
		e.Title, e.Date, e.Lead = briefHeading(data, ext)
		man.Entries[rel] = e
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	return &manifestFile{dir: dir, m: man}, nil
}

// briefHeading reads a brief's title, date and first sentence of its lead.
func briefHeading(data []byte, ext string) (title, date, lead string) {
	if ext == ".json" {
		var b struct {
			Title string `json:"title"`
			Date  string `json:"date"`
			Lead  struct {
				Text string `json:"text"`
			} `json:"lead"`
		}
		if json.Unmarshal(data, &b) == nil {
			return b.Title, b.Date, firstSentence(b.Lead.Text)
		}
		return "", "", ""
	}
	// Markdown: "# Title", then paragraphs; the lead is the first one
	// that is not an italic date line or a heading.
	for _, para := range strings.Split(string(data), "\n\n") {
		para = strings.TrimSpace(para)
		switch {
		case para == "":
		case title == "" && strings.HasPrefix(para, "# "):
			title = strings.TrimSpace(strings.TrimPrefix(strings.SplitN(para, "\n", 2)[0], "# "))
		case strings.HasPrefix(para, "#"):
			if title != "" {
				return title, date, lead
			}
		case date == "" && lead == "" && strings.HasPrefix(para, "*") && strings.HasSuffix(para, "*") && !strings.Contains(para, "\n"):
			date = strings.Trim(para, "*_ ")
		case lead == "":
			lead = firstSentence(para)
			return title, date, lead
		}
	}
	return title, date, lead
}
