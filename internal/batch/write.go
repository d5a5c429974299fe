package batch

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"

	"github.com/brief-cli/brief/summarize"
)

// Render is the brief as the contents of a file in format f.
func Render(b *summarize.Brief, f Format, opt summarize.RenderOptions) ([]byte, error) {
	if f == JSON {
		out, err := json.MarshalIndent(b, "", "  ")
		if err != nil {
			return nil, err
		}
		return append(out, '\n'), nil
	}
	return []byte(b.Markdown(opt)), nil
}

// WriteFile writes data to a temporary file beside path and renames it
// into place, so that path never holds a partial brief. Without force it
// never replaces a file: a path that exists, or appears meanwhile, gives a
// *SetupError of kind Exists.
func WriteFile(path string, data []byte, force bool) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return &WriteError{Path: path, Err: plainPathError(err)}
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	// CreateTemp makes the file 0600; a brief is an ordinary document.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return &WriteError{Path: path, Err: err}
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return &WriteError{Path: path, Err: err}
	}
	if err := tmp.Close(); err != nil {
		return &WriteError{Path: path, Err: err}
	}
	if !force {
		// Link fails if path appeared meanwhile: never clobber without force.
		if err := os.Link(tmp.Name(), path); err != nil {
			if errors.Is(err, os.ErrExist) {
				return &SetupError{Kind: Exists, Path: path}
			}
			return os.Rename(tmp.Name(), path)
		}
		return nil
	}
	return os.Rename(tmp.Name(), path)
}

// CheckOutputFile checks, before any work, that the brief of one document
// can be written at path: that nothing is in the way (without force) and
// that its folder is writable.
func CheckOutputFile(path string, force bool) error {
	if !force && fileExists(path) {
		return &SetupError{Kind: Exists, Path: path}
	}
	return checkWritable(filepath.Dir(path))
}

// checkWritable creates and removes a file in dir, so that an unwritable
// output is found before the work, not after it.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".brief-probe*")
	if err != nil {
		return &SetupError{Kind: OutputUnwritable, Path: dir, Err: plainPathError(err)}
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
