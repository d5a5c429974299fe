package prompts_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/brief-cli/brief/prompts"
)

// A folder of the user's own templates overrides the built-in ones; the
// set's version, part of every cache key, changes with them.
func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "prompts")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "system.tmpl"), []byte("Write for a board of directors. The report lies between {{.Open}} and {{.Close}}."), 0o644)

	set, err := prompts.Load(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	open, close := prompts.Fence("0123abcd")
	sys, _ := set.Render(prompts.System, prompts.Data{Open: open, Close: close})
	fmt.Println(sys)
	fmt.Println(set.Version() != prompts.Version)
	// Output:
	// Write for a board of directors. The report lies between <<<REPORT 0123abcd>>> and <<<END OF REPORT 0123abcd>>>.
	// true
}
