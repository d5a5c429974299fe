package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	neturl "net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/docread"
	"github.com/brief-cli/brief/internal/outplan"
	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/internal/textseg"
	"github.com/brief-cli/brief/summarize"
)

// A job is one document of a batch.
type job struct {
	src string // path to read
	rel string // slash-separated path under its input root, mirrored in the output
	out string // output path, relative to the output directory, from the plan
}

// A result is what became of a job.
type result struct {
	job
	status  string // "done", "skipped", "failed"
	reason  string
	usage   summarize.Usage
	cost    float64
	title   string
	date    string
	lead    string
	elapsed time.Duration
	brief   *summarize.Brief // for warnings; nil unless done
	costHit bool             // stopped by --max-cost
	// fatal is an error no other document can survive (a refused key, a
	// full disk): the batch stops.
	fatal error
	// unreadable: not a document brief reads (binary, image, empty).
	unreadable bool
}

// manifestName is the file in the output directory that records what each
// brief was made from, so that unchanged inputs are skipped on a rerun and
// files that brief wrote are told from the user's.
const manifestName = ".brief-manifest.json"

// indexName is the index of a batch's briefs; no brief takes its name.
const indexName = "index.md"

// manifestEntry records one brief, keyed in the manifest by its output path.
type manifestEntry struct {
	Source string `json:"source"`
	Input  string `json:"input_sha256"`
	Config string `json:"config"`
	Output string `json:"output"`
	Title  string `json:"title"`
	Date   string `json:"date,omitempty"`
	Lead   string `json:"lead"`
	// Pending: recorded just before the brief is written; the file, if
	// any, is brief's, but may not be finished or up to date.
	Pending bool `json:"pending,omitempty"`
}

type manifest struct {
	Version int                      `json:"version"`
	Entries map[string]manifestEntry `json:"entries"`
	// Index: index.md in the folder was written by brief.
	Index bool `json:"index,omitempty"`
}

// journalName is the manifest's journal: one JSON line per brief, appended
// as each is written, folded into the manifest at the end of a batch. A
// batch killed at any point (kill -9, a full disk) thus leaves every
// finished brief recorded, and a rerun resumes from there with a right index.
const journalName = ".brief-manifest.journal"

// journalLine is one record of the journal.
type journalLine struct {
	Out   string        `json:"out"`
	Entry manifestEntry `json:"entry"`
}

// manifestFile is the manifest of an output folder and its journal.
type manifestFile struct {
	mu      sync.Mutex
	dir     string
	m       manifest
	journal *os.File        // opened on the first put
	folded  map[string]bool // entries' names as compared by known, at open
}

func openManifest(dir string) *manifestFile {
	mf := &manifestFile{dir: dir, m: manifest{Version: 2, Entries: map[string]manifestEntry{}}}
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err == nil {
		_ = json.Unmarshal(data, &mf.m) // a damaged manifest only costs a redo
		if mf.m.Version < 2 && len(mf.m.Entries) > 0 {
			mf.m.Index = true // version 1 wrote the index on every run
		}
		mf.m.Version = 2
	}
	if mf.m.Entries == nil {
		mf.m.Entries = map[string]manifestEntry{}
	}
	if data, err := os.ReadFile(filepath.Join(dir, journalName)); err == nil {
		for _, line := range bytes.Split(data, []byte("\n")) {
			var l journalLine
			if json.Unmarshal(line, &l) == nil && l.Out != "" { // a torn last line is skipped
				mf.m.Entries[l.Out] = l.Entry
			}
		}
	}
	return mf
}

// known reports whether the file out (relative to the folder) is brief's,
// comparing names as a case-insensitive file system would.
func (mf *manifestFile) known(out string) bool {
	mf.mu.Lock()
	defer mf.mu.Unlock()
	if mf.folded == nil {
		mf.folded = make(map[string]bool, len(mf.m.Entries))
		for k := range mf.m.Entries {
			mf.folded[outplan.Fold(k)] = true
		}
	}
	return mf.folded[outplan.Fold(out)]
}

func (mf *manifestFile) indexOurs() bool {
	mf.mu.Lock()
	defer mf.mu.Unlock()
	return mf.m.Index
}

func (mf *manifestFile) get(out string) (manifestEntry, bool) {
	mf.mu.Lock()
	defer mf.mu.Unlock()
	e, ok := mf.m.Entries[out]
	return e, ok
}

// put records e in the journal, with one write, so that it survives the
// process being killed.
func (mf *manifestFile) put(out string, e manifestEntry) error {
	mf.mu.Lock()
	defer mf.mu.Unlock()
	mf.m.Entries[out] = e
	if mf.journal == nil {
		f, err := os.OpenFile(filepath.Join(mf.dir, journalName), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return fmt.Errorf("cannot record %s in %s: %w", out, journalName, unwrapPathError(err))
		}
		mf.journal = f
	}
	line, err := json.Marshal(journalLine{Out: out, Entry: e})
	if err != nil {
		return err
	}
	if _, err := mf.journal.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("cannot record %s in %s: %w", out, journalName, unwrapPathError(err))
	}
	return nil
}

// close folds the journal into the manifest, written atomically, and
// removes the journal.
func (mf *manifestFile) close() error {
	mf.mu.Lock()
	defer mf.mu.Unlock()
	if mf.journal == nil {
		return nil
	}
	mf.journal.Close()
	mf.journal = nil
	if err := mf.save(); err != nil {
		return err
	}
	return os.Remove(filepath.Join(mf.dir, journalName))
}

func (mf *manifestFile) save() error {
	data, err := json.MarshalIndent(mf.m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(mf.dir, manifestName), append(data, '\n'), true)
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
	shard   shard // --shard: only this share of the documents
}

// newWalker returns the walker for cfg's inputs and output folder.
func newWalker(cfg config) *walker {
	w := &walker{include: cfg.include, exclude: cfg.exclude, hidden: cfg.hidden, follow: cfg.followLinks, shard: cfg.shard}
	if cfg.output != "" {
		if real, err := filepath.EvalSymlinks(cfg.output); err == nil {
			w.skipDir, _ = filepath.Abs(real)
		}
	}
	return w
}

// walk sends a job for every document under roots, in lexical order, and
// reports what it could not read. A root is followed wherever it leads, as
// the user named it. Below a root, symbolic links are followed only while
// they stay inside it (all of them with follow); the others are reported
// as skipped, so that nothing the user did not give is read and sent. A
// link back into a folder being walked is reported, not followed.
func (w *walker) walk(ctx context.Context, roots []string, jobs chan<- job, problems chan<- result) error {
	for _, root := range roots {
		st, err := os.Stat(root)
		if err != nil {
			problems <- result{job: job{src: root, rel: root}, status: "failed", reason: plainPathError(err)}
			continue
		}
		if !st.IsDir() {
			name := filepath.Base(root)
			if err := w.send(ctx, jobs, job{src: root, rel: name}); err != nil {
				return err
			}
			continue
		}
		top, err := filepath.EvalSymlinks(root)
		if err == nil {
			top, err = filepath.Abs(top)
		}
		if err != nil {
			problems <- result{job: job{src: root, rel: root}, status: "failed", reason: plainPathError(err)}
			continue
		}
		if err := w.walkDir(ctx, top, root, "", map[string]bool{}, jobs, problems); err != nil {
			return err
		}
	}
	return nil
}

// walkDir walks dir, a folder under the real path top.
func (w *walker) walkDir(ctx context.Context, top, dir, rel string, active map[string]bool, jobs chan<- job, problems chan<- result) error {
	real, err := filepath.EvalSymlinks(dir)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err == nil && w.skipDir != "" && real == w.skipDir {
		return nil
	}
	if err == nil {
		if active[real] {
			problems <- result{job: job{src: dir, rel: rel}, status: "failed", reason: "symbolic link loop; not followed"}
			return nil
		}
		active[real] = true
		defer delete(active, real)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		problems <- result{job: job{src: dir, rel: rel}, status: "failed", reason: plainPathError(err)}
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
				problems <- result{job: job{src: src, rel: r}, status: "skipped", reason: "symbolic link to " + safetext.Name(out) + ", outside the folder; --follow-symlinks reads it"}
				continue
			} else if ok {
				continue
			}
		}
		st, err := os.Stat(src) // follows links
		if err != nil {
			if w.included(r, name) {
				problems <- result{job: job{src: src, rel: r}, status: "failed", reason: plainPathError(err)}
			}
			continue
		}
		if st.IsDir() {
			if w.excluded(r, name) {
				continue
			}
			if err := w.walkDir(ctx, top, src, r, active, jobs, problems); err != nil {
				return err
			}
			continue
		}
		if !st.Mode().IsRegular() || !w.included(r, name) {
			continue
		}
		if err := w.send(ctx, jobs, job{src: src, rel: r}); err != nil {
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

func (w *walker) send(ctx context.Context, jobs chan<- job, j job) error {
	if !w.shard.has(j.rel) {
		return nil
	}
	select {
	case jobs <- j:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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

func plainPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// configHash identifies the settings that shape a brief, so that a change
// of model or format redoes the briefs made with the old ones.
func configHash(cfg config) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%d\x00%d\x00%d\x00%s", cfg.engine, cfg.opt.Model, cfg.format,
		cfg.opt.ContextTokens, cfg.opt.ChunkTokens, cfg.opt.MaxOutputTokens, cfg.opt.Length, cfg.renderKey)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// batchPlan is what a batch will do, decided before any work: every
// document with its output name, and what could not be walked.
type batchPlan struct {
	jobs     []job
	problems []result
	man      *manifestFile
	created  bool // the output folder did not exist before
}

// planBatch walks the inputs, names every output and checks that nothing
// the user did not ask to overwrite is in the way, before any request.
func planBatch(ctx context.Context, cfg config, inputs []string) (*batchPlan, error) {
	var outReal string
	if cfg.output != "" {
		if r, err := filepath.EvalSymlinks(cfg.output); err == nil {
			outReal, _ = filepath.Abs(r)
		}
	}
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, usagef("%s does not exist.", in)
			}
			return nil, usagef("cannot read %s: %v.", in, plainPathError(err))
		}
		if st.IsDir() && outReal != "" {
			if r, err := filepath.EvalSymlinks(in); err == nil {
				if r, _ = filepath.Abs(r); r == outReal {
					return nil, usagef("the output folder %s is the input folder; choose another -o folder, so that briefs and reports stay apart.", cfg.output)
				}
			}
		}
	}
	p := &batchPlan{}
	w := newWalker(cfg)
	jobs := make(chan job)
	problems := make(chan result)
	errc := make(chan error, 1)
	go func() {
		defer close(jobs)
		errc <- w.walk(ctx, inputs, jobs, problems)
	}()
	for open := true; open; {
		select {
		case j, ok := <-jobs:
			if !ok {
				open = false
				break
			}
			p.jobs = append(p.jobs, j)
		case r := <-problems:
			p.problems = append(p.problems, r)
		}
	}
	if err := <-errc; err != nil {
		return nil, err
	}
	if len(p.jobs)+len(p.problems) == 0 {
		hint := ""
		if !cfg.hidden {
			hint = " (hidden files are skipped without --hidden)"
		}
		if len(cfg.include)+len(cfg.exclude) > 0 {
			hint = " (check --include and --exclude)"
		}
		return nil, usagef("nothing to do: %s holds no files%s.", strings.Join(inputs, ", "), hint)
	}
	rels := make([]string, len(p.jobs))
	for i, j := range p.jobs {
		rels[i] = j.rel
	}
	for i, name := range outplan.Names(rels, cfg.ext(), indexName) {
		p.jobs[i].out = name
	}
	if cfg.output == "" {
		if len(p.jobs) == 1 {
			return nil, usagef("%s is a folder: add -o DIR for the brief of the one document in it, or name the document itself.", inputs[0])
		}
		return nil, usagef("%d documents need an output folder: add -o DIR.", len(p.jobs))
	}
	p.man = openManifest(cfg.output)
	if !cfg.force {
		var inTheWay []string
		for _, j := range p.jobs {
			if !p.man.known(j.out) && fileExists(filepath.Join(cfg.output, filepath.FromSlash(j.out))) {
				inTheWay = append(inTheWay, j.out)
			}
		}
		if fileExists(filepath.Join(cfg.output, indexName)) && !p.man.indexOurs() {
			inTheWay = append(inTheWay, indexName)
		}
		if len(inTheWay) > 0 {
			more := ""
			if len(inTheWay) > 1 {
				more = fmt.Sprintf(" (and %s more)", plural(len(inTheWay)-1, "file", "files"))
			}
			return nil, usagef("%s exists in %s and was not written by brief%s; use --force to overwrite, or choose another -o folder. Nothing was done.",
				cleanLine(inTheWay[0]), cfg.output, more)
		}
	}
	return p, nil
}

// prepareOutput creates the output folder and checks that brief can write
// in it, before any request is sent.
func (p *batchPlan) prepareOutput(dir string) error {
	if !fileExists(dir) {
		p.created = true
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usagef("cannot create the output folder %s: %v.", dir, plainPathError(err))
	}
	return checkWritable(dir)
}

// checkWritable creates and removes a file in dir, so that an unwritable
// output is found before the work, not after it.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".brief-probe*")
	if err != nil {
		return usagef("cannot write in %s: %v.", dir, plainPathError(err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// Statuses of a document in a batch.
const (
	statusDone    = "done"
	statusSkipped = "skipped"
	statusFailed  = "failed"
	statusStopped = "stopped" // not finished or not started: interrupted, or the batch stopped
	// The batch path (--batch-api, --batch-import): a document waits for
	// answers from a batch, within a pass and at the end of a run.
	statusPending = "pending"
	statusWaiting = "waiting"
)

// reasonUnchanged is the reason of a skip because the brief is up to date.
const reasonUnchanged = "unchanged"

// runBatch summarizes every document of the plan into outDir.
func runBatch(ctx context.Context, cfg config, s *summarize.Summarizer, p *batchPlan, outDir string, stderr io.Writer, prog *progress) (err error) {
	cfgHash := configHash(cfg)
	work, stopWork := context.WithCancel(ctx)
	defer stopWork()
	var (
		fatalOnce sync.Once
		fatal     error // what no document can survive: the batch stops
	)
	jobs := make(chan job)
	results := make(chan result)
	go func() {
		defer close(jobs)
		for _, j := range p.jobs {
			jobs <- j
		}
	}()

	workers := cfg.opt.Concurrency
	if cfg.engine == summarize.EngineExtractive {
		workers = 2
	}
	var (
		wg      sync.WaitGroup
		costHit atomic.Bool // --max-cost reached: start no more documents
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				switch {
				case work.Err() != nil:
					results <- result{job: j, status: statusStopped, reason: "not started"}
					continue
				case costHit.Load():
					results <- result{job: j, status: statusStopped, reason: "not started: --max-cost reached"}
					continue
				}
				prog.begin(j.rel)
				r := doJob(work, cfg, s, j, outDir, cfgHash, p.man)
				if r.costHit {
					costHit.Store(true)
				}
				if r.fatal != nil {
					fatalOnce.Do(func() { fatal = r.fatal; stopWork() })
				}
				results <- r
			}
		}()
	}
	go func() {
		for _, r := range p.problems {
			results <- r
		}
		wg.Wait()
		close(results)
	}()

	var all []result
	start := time.Now()
	unsupported := 0
	for r := range results {
		if r.status == statusStopped && r.reason == "" {
			r.reason = "interrupted before it was finished"
			if ctx.Err() == nil {
				r.reason = "not finished: the batch stopped"
			}
		}
		prog.file(r)
		if r.brief != nil {
			warnUnverified(prog, r.rel, r.brief, cfg.quiet)
			unsupported += unsupportedCount(r.brief)
			r.brief = nil // keep memory bounded: the table needs no brief
		}
		all = append(all, r)
	}
	prog.finish()
	slices.SortFunc(all, func(a, b result) int { return strings.Compare(a.rel, b.rel) })

	done, readable := 0, 0
	for _, r := range all {
		if r.status == statusDone || r.reason == reasonUnchanged {
			done++
		}
		if !r.unreadable {
			readable++
		}
	}
	if done == 0 && readable == 0 && ctx.Err() == nil {
		// Only images, binaries and empty files: nothing was or will be written.
		if p.created {
			os.Remove(outDir)
		}
		summaryTable(stderr, all, time.Since(start), cfg)
		return usagef("nothing to do: none of the %s is a document brief reads (text, markdown, HTML or PDF).", plural(len(all), "file", "files"))
	}
	// The index records whatever finished, even after Ctrl-C: each brief
	// was recorded in the journal as it was written.
	werr := p.man.close()
	if werr == nil {
		werr = p.man.writeIndex(cfg)
	}
	summaryTable(stderr, all, time.Since(start), cfg)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if fatal != nil {
		return fatal
	}
	if werr != nil {
		return werr
	}
	failed := 0
	for _, r := range all {
		if r.status == statusFailed || r.status == statusStopped {
			failed++
		}
	}
	if failed > 0 {
		return &batchError{failed: failed, total: len(all)}
	}
	if cfg.strict && unsupported > 0 {
		return &strictError{n: unsupported}
	}
	return nil
}

// batchError reports a batch in which some documents failed.
type batchError struct{ failed, total int }

func (e *batchError) Error() string {
	return fmt.Sprintf("%d of %d documents failed or were not done; see the table above.", e.failed, e.total)
}

// stopsBatch reports whether err is one that every other document would
// meet too: a refused key, an exhausted quota, an endpoint nobody answers
// at, a full disk.
func stopsBatch(err error) bool {
	return errors.Is(err, summarize.ErrAuth) || errors.Is(err, summarize.ErrQuota) || errors.Is(err, summarize.ErrConnect) ||
		errors.Is(err, syscall.ENOSPC)
}

func doJob(ctx context.Context, cfg config, s *summarize.Summarizer, j job, outDir, cfgHash string, man *manifestFile) result {
	start := time.Now()
	res := result{job: j}
	fail := func(status, reason string) result {
		res.status, res.reason, res.elapsed = status, reason, time.Since(start)
		return res
	}
	data, err := readLimited(j.src)
	if err != nil {
		return fail(statusFailed, err.Error())
	}
	sum := sha256.Sum256(data)
	inputHash := hex.EncodeToString(sum[:])
	outPath := filepath.Join(outDir, filepath.FromSlash(j.out))
	prev, seen := man.get(j.out)
	if !cfg.force && seen && !prev.Pending && prev.Input == inputHash && prev.Config == cfgHash && prev.Output == j.out {
		if _, err := os.Stat(outPath); err == nil {
			res.title, res.date, res.lead = prev.Title, prev.Date, prev.Lead
			return fail(statusSkipped, reasonUnchanged)
		}
	}
	in, err := interruptible(ctx, func() (summarize.Input, error) { return summarize.ReadInput(bytes.NewReader(data), path.Base(j.rel)) })
	if err != nil {
		if ctx.Err() != nil {
			return fail(statusStopped, "")
		}
		cfg.opt.Logger.Info("the input could not be read", "document", j.rel, "detail", err.Error())
		msg, _ := describe(err)
		switch {
		case errors.Is(err, summarize.ErrBinaryInput), errors.Is(err, summarize.ErrUnsupported), errors.Is(err, summarize.ErrEmptyInput):
			res.unreadable = true
			return fail(statusSkipped, msg)
		}
		return fail(statusFailed, msg)
	}
	docCtx, cancel := documentContext(ctx, cfg)
	defer cancel()
	b, err := s.Summarize(docCtx, in)
	if errors.Is(err, summarize.ErrPending) {
		// The batch path: answers will come in a later pass.
		return fail(statusPending, "")
	}
	if err != nil {
		if ctx.Err() != nil {
			return fail(statusStopped, "")
		}
		if cause := context.Cause(docCtx); cause != nil && docCtx.Err() != nil {
			err = cause // --timeout offline
		}
		msg, _ := describe(err)
		res.costHit = errors.Is(err, summarize.ErrBudget)
		if stopsBatch(err) {
			res.fatal = err
		}
		return fail(statusFailed, msg)
	}
	out, err := renderBrief(b, cfg)
	if err != nil {
		return fail(statusFailed, err.Error())
	}
	// Recorded as ours before it is written, so that a crash between the
	// two leaves a file a rerun may replace, not one it must refuse.
	prev.Pending, prev.Output, prev.Source = true, j.out, j.rel
	if err := man.put(j.out, prev); err != nil {
		res.fatal = err
		return fail(statusFailed, err.Error())
	}
	if err := os.MkdirAll(filepath.Dir(outPath), 0o755); err != nil {
		return fail(statusFailed, plainPathError(err))
	}
	if err := writeFileAtomic(outPath, out, true); err != nil {
		if stopsBatch(err) {
			res.fatal = err
		}
		return fail(statusFailed, err.Error())
	}
	res.usage, res.cost = b.Usage, cfg.opt.Price.Cost(b.Usage)
	res.brief = b
	res.title, res.date, res.lead = b.Title, b.Date, firstSentence(b.Lead.Text)
	if err := man.put(j.out, manifestEntry{Input: inputHash, Source: j.rel, Config: cfgHash, Output: j.out, Title: res.title, Date: res.date, Lead: res.lead}); err != nil {
		res.fatal = err
		return fail(statusFailed, err.Error())
	}
	return fail(statusDone, "")
}

func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, errors.New(plainPathError(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, docread.DefaultMaxBytes+1))
	if err != nil {
		return nil, errors.New(plainPathError(err))
	}
	if int64(len(data)) > docread.DefaultMaxBytes {
		return nil, fmt.Errorf("larger than %d MiB; split it into parts", docread.DefaultMaxBytes>>20)
	}
	return data, nil
}

// firstSentence is the lead's first sentence for the index, cut at a
// sentence end (not at an abbreviation such as "U.S.") and at most about
// 300 bytes.
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if ss := textseg.SplitSentences(s); len(ss) > 0 {
		s = strings.TrimSpace(ss[0])
	}
	if len(s) > 300 {
		cut := strings.LastIndexByte(s[:300], ' ')
		if cut < 0 {
			cut = 300
			for !utf8.RuneStart(s[cut]) {
				cut--
			}
		}
		return s[:cut] + "…"
	}
	return s
}

// writeIndex writes index.md: every brief of the run's format with its
// title, date and lead.
func (mf *manifestFile) writeIndex(cfg config) error {
	mf.mu.Lock()
	defer mf.mu.Unlock()
	outs := make([]string, 0, len(mf.m.Entries))
	for out, e := range mf.m.Entries {
		if path.Ext(out) != cfg.ext() {
			continue
		}
		if _, err := os.Stat(filepath.Join(mf.dir, filepath.FromSlash(e.Output))); err == nil {
			outs = append(outs, out)
		}
	}
	slices.Sort(outs)
	var b strings.Builder
	fmt.Fprintf(&b, "# Briefs\n\n%s.\n", plural(len(outs), "brief", "briefs"))
	for _, out := range outs {
		e := mf.m.Entries[out]
		title := cleanLine(e.Title)
		if title == "" {
			title = safetext.Name(e.Source)
		}
		fmt.Fprintf(&b, "\n- [%s](%s)", escapeLinkText(title), linkTarget(e.Output))
		if e.Date != "" {
			fmt.Fprintf(&b, " — *%s*", cleanLine(e.Date))
		}
		fmt.Fprintf(&b, " (%s)", codeSpan(safetext.Name(e.Source)))
		if e.Lead != "" {
			fmt.Fprintf(&b, "  \n  %s", cleanLine(e.Lead))
		}
	}
	b.WriteString("\n")
	if !mf.m.Index {
		mf.m.Index = true // recorded first: a crash leaves no index brief would refuse
		if err := mf.save(); err != nil {
			return err
		}
	}
	return writeFileAtomic(filepath.Join(mf.dir, indexName), []byte(b.String()), true)
}

// linkTarget escapes a slash-separated relative path for a markdown link
// target: every byte that is not plainly safe is percent-encoded, so that
// spaces, parentheses, newlines or escape sequences in a name neither break
// the link nor reach the reader raw.
func linkTarget(rel string) string {
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		parts[i] = neturl.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// escapeLinkText escapes what would end markdown link text early.
func escapeLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}

// codeSpan quotes s as markdown code, with a fence longer than any run of
// backticks inside it.
func codeSpan(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// cleanLine makes text a report or a server may reach safe to print.
func cleanLine(s string) string { return safetext.Line(s) }

// summaryTable prints what needs the user's eye (failures, skips and
// documents not done, with their reasons), then one total line. Every row,
// successes included, is shown with --verbose; with --quiet only failures.
func summaryTable(w io.Writer, all []result, elapsed time.Duration, cfg config) {
	var done, skipped, failed, stopped int
	var usage summarize.Usage
	var cost float64
	var rows []string
	for _, r := range all {
		switch r.status {
		case statusDone:
			done++
		case statusSkipped:
			skipped++
		case statusFailed:
			failed++
		case statusStopped:
			stopped++
		}
		usage = usage.Add(r.usage)
		cost += r.cost
		show := r.status != statusDone && r.reason != reasonUnchanged
		if cfg.quiet {
			show = r.status == statusFailed
		} else if cfg.verbose {
			show = true
		}
		if show {
			line := fmt.Sprintf("%-8s  %s", r.status, safetext.Name(r.rel))
			if r.reason != "" {
				line += "  (" + cleanLine(r.reason) + ")"
			}
			rows = append(rows, line)
		}
	}
	if len(rows) > 0 {
		fmt.Fprintf(w, "\n%-8s  %s\n%s\n", "STATUS", "DOCUMENT", strings.Join(rows, "\n"))
	}
	if cfg.quiet {
		return
	}
	total := fmt.Sprintf("%d done, %d skipped, %d failed", done, skipped, failed)
	if stopped > 0 {
		total += fmt.Sprintf(", %d not done", stopped)
	}
	if cfg.engine == summarize.EngineExtractive {
		total += "; offline, nothing sent"
	} else {
		costText := "cost unknown (set --price-in and --price-out)"
		if cfg.opt.Price.Known() {
			costText = fmt.Sprintf("cost $%.4f", cost)
		}
		total += fmt.Sprintf("; %s (%d from cache), %d prompt + %d completion tokens, %s",
			plural(usage.Requests, "request", "requests"), usage.CachedRequests, usage.PromptTokens, usage.CompletionTokens, costText)
	}
	fmt.Fprintf(w, "\n%s, %s\n", total, elapsed.Round(time.Millisecond))
}

// plural is "1 brief" or "2 briefs".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
