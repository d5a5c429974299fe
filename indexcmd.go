package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/brief-cli/brief/internal/batch"
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
			n, err := batch.RebuildIndex(dir, cfg.outFormat(), c.Bool("force"))
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "wrote %s: %d briefs.\n", filepath.Join(dir, "index.md"), n)
			return nil
		},
	}
}
