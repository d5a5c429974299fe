package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// SetupKind says which check before the work failed.
type SetupKind int

// Checks made before any work.
const (
	InputMissing        SetupKind = iota + 1 // Path does not exist
	InputUnreadable                          // Path cannot be read: Err
	OutputIsInput                            // the output folder Path is an input folder
	NothingToDo                              // the inputs (Path, joined) hold no files; Hidden, Filtered hint why
	FolderNeedsOutput                        // Path is a folder of one document and there is no output folder
	DocumentsNeedOutput                      // N documents and no output folder
	InTheWay                                 // Path exists in Dir and was not written by brief; N in all
	OutputUncreatable                        // the output folder Path cannot be created: Err
	OutputUnwritable                         // nothing can be written in Path: Err
	NoDocument                               // none of the N files is a document brief reads
	Exists                                   // the output file Path exists (no Force)
	ImportUnreadable                         // the batch file Path cannot be opened: Err
	ImportEmpty                              // the batch file Path holds no answer to brief's requests
	IndexInTheWay                            // Path, an index.md, was not written by brief
)

// SetupError is a check that failed before any work, or that found no
// work: a mistake of the caller's, to be fixed before running again.
type SetupError struct {
	Kind SetupKind
	Path string
	Dir  string
	N    int
	// Hidden and Filtered: with NothingToDo, hidden files were skipped,
	// or include and exclude patterns were given.
	Hidden, Filtered bool
	Err              error
}

// Error says what went wrong, for logs; the CLI words it from the fields.
func (e *SetupError) Error() string {
	s := fmt.Sprintf("batch check %d failed for %s", e.Kind, e.Path)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *SetupError) Unwrap() error { return e.Err }

// FileError is a file or folder that could not be read or made; Err is
// the cause.
type FileError struct {
	Path string
	Err  error
}

// Error says what went wrong, for logs; the CLI words it from the fields.
func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// Cause is the error without its path: "permission denied".
func (e *FileError) Cause() error {
	var pe *fs.PathError
	if errors.As(e.Err, &pe) {
		return pe.Err
	}
	return e.Err
}

// ErrLinkLoop is a symbolic link back into a folder being walked: it is
// not followed.
var ErrLinkLoop = errors.New("symbolic link loop")

// LinkOutsideError is a symbolic link out of the folder being walked,
// skipped without Options.FollowLinks.
type LinkOutsideError struct{ Target string }

// Error says what went wrong, for logs; the CLI words it from the fields.
func (e *LinkOutsideError) Error() string {
	return "symbolic link to " + e.Target + ", outside the folder"
}

// WriteError is a brief, index or manifest that could not be written.
type WriteError struct {
	Path string
	Err  error
}

// Error says what went wrong, for logs; the CLI words it from the fields.
func (e *WriteError) Error() string { return fmt.Sprintf("cannot write %s: %v", e.Path, e.Err) }

// Unwrap returns the cause.
func (e *WriteError) Unwrap() error { return e.Err }

// RecordError is a brief that could not be recorded in the manifest's
// journal; the batch stops.
type RecordError struct {
	Out string
	Err error
}

// Error says what went wrong, for logs; the CLI words it from the fields.
func (e *RecordError) Error() string {
	return fmt.Sprintf("cannot record %s in %s: %v", e.Out, journalName, e.Err)
}

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }

// FailedError is a batch in which some documents failed or were not done;
// the others were written.
type FailedError struct{ Failed, Total int }

// Error says what went wrong, for logs; the CLI words it from the fields.
func (e *FailedError) Error() string {
	return fmt.Sprintf("%d of %d documents failed or were not done", e.Failed, e.Total)
}

// StrictError is Options.Strict finding N facts the reports do not
// contain; the briefs were written.
type StrictError struct{ N int }

// Error says what went wrong, for logs; the CLI words it from the fields.
func (e *StrictError) Error() string { return fmt.Sprintf("%d unsupported facts", e.N) }

// CostError is a run refused because its estimated cost exceeds
// Options.Summarize.MaxCostUSD; nothing was sent.
type CostError struct{ Estimate, Max float64 }

// Error says what went wrong, for logs; the CLI words it from the fields.
func (e *CostError) Error() string {
	return fmt.Sprintf("estimated cost $%.4f exceeds the limit $%.4f", e.Estimate, e.Max)
}

// CacheError is the batch path finding a response cache it cannot use:
// the cache keeps its state.
type CacheError struct {
	Dir string
	Err error
}

// Error says what went wrong, for logs; the CLI words it from the fields.
func (e *CacheError) Error() string {
	return fmt.Sprintf("the response cache in %s cannot be used: %v", e.Dir, e.Err)
}

// Unwrap returns the cause.
func (e *CacheError) Unwrap() error { return e.Err }

// ErrStuck is the batch path with documents waiting for answers while
// no batch runs.
var ErrStuck = errors.New("documents wait for answers, but no batch is running")

// plainPathError is err without the path of an *fs.PathError.
func plainPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// joinInputs names the inputs in one phrase.
func joinInputs(inputs []string) string { return strings.Join(inputs, ", ") }
