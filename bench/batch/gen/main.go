// Command gen writes N distinct documents built from the real reports in
// the shared corpus, for the batch benchmark: each is a run of 6 to 40
// consecutive paragraphs of one report, headed by its number so that no two
// are alike.
//
//	go run ./bench/batch/gen -corpus ../shared/corpus -n 1000 -out /tmp/docs
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "corpus folder")
	n := flag.Int("n", 1000, "documents to write")
	out := flag.String("out", "docs", "output folder")
	flag.Parse()
	if err := gen(*corpus, *n, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func gen(corpus string, n int, out string) error {
	var sources [][]string
	for _, pattern := range []string{"reports/*.txt", "reports/*.md", "news/*.md"} {
		files, err := filepath.Glob(filepath.Join(corpus, pattern))
		if err != nil {
			return err
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			var paras []string
			for _, p := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n\n") {
				if p = strings.TrimSpace(p); len(p) > 80 {
					paras = append(paras, p)
				}
			}
			if len(paras) > 10 {
				sources = append(sources, paras)
			}
		}
	}
	if len(sources) == 0 {
		return fmt.Errorf("no reports under %s", corpus)
	}
	for i := range n {
		src := sources[i%len(sources)]
		size := 6 + (i*7)%35
		start := (i * 13) % max(1, len(src)-size)
		end := min(len(src), start+size)
		dir := filepath.Join(out, fmt.Sprintf("set%02d", i%20))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		text := fmt.Sprintf("Document %d\n\n%s\n", i, strings.Join(src[start:end], "\n\n"))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("doc%04d.txt", i)), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
