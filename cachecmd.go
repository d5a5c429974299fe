package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/brief-cli/brief/internal/cache"
)

// cacheCommand is `brief cache stats|clear`.
func cacheCommand(stdout io.Writer) *cli.Command {
	dirFlag := &cli.StringFlag{Name: "cache-dir", EnvVars: []string{"BRIEF_CACHE_DIR"}, Usage: "the cache's `DIR`"}
	return &cli.Command{
		Name:  "cache",
		Usage: "inspect or clear the response cache",
		Subcommands: []*cli.Command{
			{
				Name:  "stats",
				Usage: "show entries, size, and the requests and tokens the cache has saved",
				Flags: []cli.Flag{dirFlag},
				Action: withCache(func(c *cli.Context, d string, rc *cache.Cache) error {
					st, err := rc.Stats(c.Context)
					if err != nil {
						return err
					}
					fmt.Fprintf(stdout, "cache:            %s\n", d)
					fmt.Fprintf(stdout, "entries:          %d\n", st.Entries)
					fmt.Fprintf(stdout, "size:             %.1f MiB\n", float64(st.Bytes)/(1<<20))
					fmt.Fprintf(stdout, "requests saved:   %d\n", st.RequestsSaved)
					fmt.Fprintf(stdout, "tokens saved:     %d prompt + %d completion\n", st.PromptTokensSaved, st.CompletionTokensSaved)
					fmt.Fprintf(stdout, "rate limits kept: %d endpoint and model pairs\n", st.RateLimits)
					if !st.Oldest.IsZero() {
						fmt.Fprintf(stdout, "oldest, newest:   %s, %s\n", st.Oldest.Format("2006-01-02 15:04"), st.Newest.Format("2006-01-02 15:04"))
					}
					return nil
				}),
			},
			{
				Name:  "clear",
				Usage: "delete every cached answer and the rate limits kept",
				Flags: []cli.Flag{dirFlag},
				Action: func(c *cli.Context) error {
					d, err := cacheDir(c)
					if err != nil {
						return err
					}
					rc, err := cache.Open(d, cache.Options{})
					if err == nil {
						err = rc.Clear(c.Context)
						rc.Close()
					} else if errors.Is(err, cache.ErrCorrupt) || errors.Is(err, cache.ErrNewerSchema) {
						// A damaged file cannot be cleared from inside: remove it.
						err = cache.Remove(d)
					}
					if err != nil {
						return fmt.Errorf("clearing the cache in %s: %w", d, err)
					}
					fmt.Fprintf(stdout, "cleared %s\n", d)
					return nil
				},
			},
		},
	}
}

// cacheDir is the response cache's folder: --cache-dir, or brief's folder
// in the user cache folder.
func cacheDir(c *cli.Context) (string, error) {
	if d := c.String("cache-dir"); d != "" {
		return d, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", usagef("no user cache folder (%v); set --cache-dir.", err)
	}
	return cache.DefaultDir(base), nil
}

// withCache runs an action of a subcommand with the response cache open.
func withCache(action func(c *cli.Context, dir string, rc *cache.Cache) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		d, err := cacheDir(c)
		if err != nil {
			return err
		}
		rc, err := cache.Open(d, cache.Options{})
		if err != nil {
			return fmt.Errorf("the cache in %s cannot be read (%w); 'brief cache clear' resets it", d, err)
		}
		defer rc.Close()
		return action(c, d, rc)
	}
}
