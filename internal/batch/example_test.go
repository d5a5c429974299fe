package batch_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/brief-cli/brief/internal/batch"
	"github.com/brief-cli/brief/summarize"
)

// Example summarizes a folder of two reports offline into a folder of
// briefs, then runs again: the briefs are up to date, so both are skipped.
func Example() {
	in, _ := os.MkdirTemp("", "reports")
	defer os.RemoveAll(in)
	out := filepath.Join(in, "..", filepath.Base(in)+"-briefs")
	defer os.RemoveAll(out)
	for _, name := range []string{"a.txt", "sub/b.md"} {
		os.MkdirAll(filepath.Dir(filepath.Join(in, name)), 0o755)
		os.WriteFile(filepath.Join(in, name), []byte("The agency reported an incident on 3 May 2024. Officials said 12 systems were affected. They warned that more attacks may follow.\n"), 0o644)
	}
	opt := batch.Options{
		Inputs:    []string{in},
		Output:    out,
		Summarize: summarize.Options{Engine: summarize.EngineExtractive, Verify: summarize.VerifyCheck},
	}
	for range 2 {
		rep, err := batch.Run(context.Background(), opt)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, r := range rep.Results {
			fmt.Println(r.Rel, "->", r.Out, r.Status)
		}
	}
	n, err := batch.RebuildIndex(out, batch.Markdown, false)
	fmt.Println("index:", n, "briefs", err)
	// Output:
	// a.txt -> a.md done
	// sub/b.md -> sub/b.md done
	// a.txt -> a.md skipped
	// sub/b.md -> sub/b.md skipped
	// index: 2 briefs <nil>
}
