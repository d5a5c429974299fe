package batch

import (
	"context"
	"errors"
	"hash/fnv"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/brief-cli/brief/summarize"
)

// Shard is a stable share of the documents: the K-th of N (1 ≤ K ≤ N);
// the zero Shard is all of them.
type Shard struct{ K, N uint64 }

// Has reports whether the document at rel (slash-separated, relative to
// its input) is in the share. The hash of the path alone keeps the split
// the same on every machine and every run.
func (s Shard) Has(rel string) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(rel))
	return h.Sum64()%s.N == s.K-1
}

// A job is one document of a batch.
type job struct {
	src string // path to read
	rel string // slash-separated path under its input root, mirrored in the output
	out string // output path, relative to the output directory, from the plan
	// The document, read once: hash is its SHA-256, for the manifest;
	// data its bytes until they are parsed into in, which an estimate or
	// an unanswered pass of the batch path keeps for the next reader.
	hash string
	data []byte
	in   *summarize.Input
}

// An item is what the walk found: a document, or a problem (err).
type item struct {
	job
	status Status // of a problem: Failed or Skipped
	err    error
}

// walker finds the documents under the inputs.
type walker struct {
	include, exclude []string
	hidden           bool
	// follow lets symbolic links lead out of the folder being walked.
	follow bool
	// skipDir is the output folder's real path: when it lies inside an
	// input, its briefs are not documents to summarize.
	skipDir string
	shard   Shard // only this share of the documents
	items   []item
}

// newWalker returns the walker for opt's inputs and output folder.
func newWalker(opt Options) *walker {
	w := &walker{include: opt.Include, exclude: opt.Exclude, hidden: opt.Hidden, follow: opt.FollowLinks, shard: opt.Shard}
	if opt.Output != "" {
		if real, err := filepath.EvalSymlinks(opt.Output); err == nil {
			w.skipDir, _ = filepath.Abs(real)
		}
	}
	return w
}

// walk lists every document under roots, in lexical order, and what it
// could not read, in the order found. A root is followed wherever it leads, as
// the user named it. Below a root, symbolic links are followed only while
// they stay inside it (all of them with follow); the others are reported
// as skipped, so that nothing the user did not give is read and sent. A
// link back into a folder being walked is reported, not followed.
func walk(ctx context.Context, opt Options) ([]item, error) {
	w := newWalker(opt)
	for _, root := range opt.Inputs {
		st, err := os.Stat(root)
		if err != nil {
			w.problem(root, root, Failed, err)
			continue
		}
		if !st.IsDir() {
			name := filepath.Base(root)
			if err := w.send(ctx, job{src: root, rel: name}); err != nil {
				return nil, err
			}
			continue
		}
		top, err := filepath.EvalSymlinks(root)
		if err == nil {
			top, err = filepath.Abs(top)
		}
		if err != nil {
			w.problem(root, root, Failed, err)
			continue
		}
		if err := w.walkDir(ctx, top, root, "", map[string]bool{}); err != nil {
			return nil, err
		}
	}
	return w.items, nil
}

// problem records what could not be walked.
func (w *walker) problem(src, rel string, status Status, err error) {
	if !errors.Is(err, ErrLinkLoop) && !isLinkOutside(err) {
		err = &FileError{Path: src, Err: err}
	}
	w.items = append(w.items, item{job: job{src: src, rel: rel}, status: status, err: err})
}

func isLinkOutside(err error) bool {
	var lo *LinkOutsideError
	return errors.As(err, &lo)
}

// walkDir walks dir, a folder under the real path top.
func (w *walker) walkDir(ctx context.Context, top, dir, rel string, active map[string]bool) error {
	real, err := filepath.EvalSymlinks(dir)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err == nil && w.skipDir != "" && real == w.skipDir {
		return nil
	}
	if err == nil {
		if active[real] {
			w.problem(dir, rel, Failed, ErrLinkLoop)
			return nil
		}
		active[real] = true
		defer delete(active, real)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.problem(dir, rel, Failed, err)
		return nil
	}
	for _, e := range entries {
		name := e.Name()
		if !w.hidden && strings.HasPrefix(name, ".") {
			continue
		}
		src := filepath.Join(dir, name)
		r := path.Join(rel, name)
		if e.Type()&fs.ModeSymlink != 0 && !w.follow {
			if out, ok := outside(top, src); ok && w.included(r, name) {
				w.problem(src, r, Skipped, &LinkOutsideError{Target: out})
				continue
			} else if ok {
				continue
			}
		}
		st, err := os.Stat(src) // follows links
		if err != nil {
			if w.included(r, name) {
				w.problem(src, r, Failed, err)
			}
			continue
		}
		if st.IsDir() {
			if w.excluded(r, name) {
				continue
			}
			if err := w.walkDir(ctx, top, src, r, active); err != nil {
				return err
			}
			continue
		}
		if !st.Mode().IsRegular() || !w.included(r, name) {
			continue
		}
		if err := w.send(ctx, job{src: src, rel: r}); err != nil {
			return err
		}
	}
	return nil
}

// outside reports whether the symbolic link at src resolves to a path
// outside the folder top, and that path. A dangling link is not outside: it
// fails when read, as any unreadable entry does.
func outside(top, src string) (string, bool) {
	real, err := filepath.EvalSymlinks(src)
	if err != nil {
		return "", false
	}
	if real, err = filepath.Abs(real); err != nil {
		return "", false
	}
	rel, err := filepath.Rel(top, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return real, true
	}
	return "", false
}

func (w *walker) send(ctx context.Context, j job) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if w.shard.Has(j.rel) {
		w.items = append(w.items, item{job: j})
	}
	return nil
}

func (w *walker) included(rel, name string) bool {
	if w.excluded(rel, name) {
		return false
	}
	if len(w.include) == 0 {
		return true
	}
	return matchAny(w.include, rel, name)
}

func (w *walker) excluded(rel, name string) bool { return matchAny(w.exclude, rel, name) }

// matchAny matches glob patterns against the base name, or against the
// relative path when the pattern has a slash.
func matchAny(patterns []string, rel, name string) bool {
	for _, p := range patterns {
		target := name
		if strings.Contains(p, "/") {
			target = rel
		}
		if ok, _ := path.Match(p, target); ok {
			return true
		}
	}
	return false
}
