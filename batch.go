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
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/brief-cli/brief/internal/docread"
	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/summarize"
)

// A job is one document of a batch.
type job struct {
	src string // path to read
	rel string // slash-separated path under its input root, mirrored in the output
	out string // output path, relative to the output directory
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
}

// manifestName is the file in the output directory that records what each
// brief was made from, so that unchanged inputs are skipped on a rerun.
const manifestName = ".brief-manifest.json"

// manifestEntry records one brief, keyed in the manifest by its output path.
type manifestEntry struct {
	Source string `json:"source"`
	Input  string `json:"input_sha256"`
	Config string `json:"config"`
	Output string `json:"output"`
	Title  string `json:"title"`
	Date   string `json:"date,omitempty"`
	Lead   string `json:"lead"`
}

type manifest struct {
	Version int                      `json:"version"`
	Entries map[string]manifestEntry `json:"entries"`
}

// walker finds the documents under the inputs.
type walker struct {
	include, exclude []string
	hidden           bool
	ext              string // output extension: ".md" or ".json"
	// skipDir is the output folder's real path: when it lies inside an
	// input, its briefs are not documents to summarize.
	skipDir string
	shard   shard // --shard: only this share of the documents
}

// newWalker returns the walker for cfg's inputs and output folder.
func newWalker(cfg config) *walker {
	w := &walker{include: cfg.include, exclude: cfg.exclude, hidden: cfg.hidden, ext: cfg.ext(), shard: cfg.shard}
	if cfg.output != "" {
		if real, err := filepath.EvalSymlinks(cfg.output); err == nil {
			w.skipDir, _ = filepath.Abs(real)
		}
	}
	return w
}

// walk sends a job for every document under roots, in lexical order, and
// reports what it could not read. Symbolic links are followed; a link back
// into a folder being walked is reported, not followed.
func (w *walker) walk(ctx context.Context, roots []string, jobs chan<- job, problems chan<- result) error {
	for _, root := range roots {
		st, err := os.Stat(root)
		if err != nil {
			problems <- result{job: job{src: root, rel: root}, status: "failed", reason: plainPathError(err)}
			continue
		}
		if !st.IsDir() {
			name := filepath.Base(root)
			if err := w.send(ctx, jobs, job{src: root, rel: name, out: outName(name, nil, w.ext)}); err != nil {
				return err
			}
			continue
		}
		if err := w.walkDir(ctx, root, "", map[string]bool{}, jobs, problems); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) walkDir(ctx context.Context, dir, rel string, active map[string]bool, jobs chan<- job, problems chan<- result) error {
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
	stems := map[string]int{}
	for _, e := range entries {
		stems[stem(e.Name())]++
	}
	for _, e := range entries {
		name := e.Name()
		if !w.hidden && strings.HasPrefix(name, ".") {
			continue
		}
		src := filepath.Join(dir, name)
		r := path.Join(rel, name)
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
			if err := w.walkDir(ctx, src, r, active, jobs, problems); err != nil {
				return err
			}
			continue
		}
		if !st.Mode().IsRegular() || !w.included(r, name) {
			continue
		}
		if err := w.send(ctx, jobs, job{src: src, rel: r, out: outName(r, stems, w.ext)}); err != nil {
			return err
		}
	}
	return nil
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

func stem(name string) string { return strings.TrimSuffix(name, filepath.Ext(name)) }

// outName maps an input path to its brief's path: the extension replaced,
// or kept before the new one when two inputs in a folder share a stem
// (a.pdf and a.html give a.pdf.md and a.html.md).
func outName(rel string, stems map[string]int, ext string) string {
	base := path.Base(rel)
	if stems != nil && stems[stem(base)] > 1 {
		return rel + ext
	}
	return strings.TrimSuffix(rel, path.Ext(rel)) + ext
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

func readManifest(dir string) manifest {
	m := manifest{Version: 1, Entries: map[string]manifestEntry{}}
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err == nil {
		_ = json.Unmarshal(data, &m) // a damaged manifest only costs a redo
	}
	if m.Entries == nil {
		m.Entries = map[string]manifestEntry{}
	}
	return m
}

// runBatch summarizes every document under inputs into outDir.
func runBatch(ctx context.Context, cfg config, s *summarize.Summarizer, inputs []string, outDir string, stderr io.Writer, prog *progress) (err error) {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return usagef("cannot create %s: %v.", outDir, plainPathError(err))
	}
	man := readManifest(outDir)
	cfgHash := configHash(cfg)
	var manMu sync.Mutex

	w := newWalker(cfg)
	jobs := make(chan job)
	results := make(chan result)
	walkCtx, cancelWalk := context.WithCancel(ctx)
	defer cancelWalk()
	var walkErr error
	go func() {
		defer close(jobs)
		walkErr = w.walk(walkCtx, inputs, jobs, results)
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
				if costHit.Load() {
					results <- result{job: j, status: "failed", reason: "not started: --max-cost reached"}
					continue
				}
				r := doJob(ctx, cfg, s, j, outDir, cfgHash, &man, &manMu)
				if r.costHit {
					costHit.Store(true)
				}
				results <- r
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var all []result
	start := time.Now()
	unsupported := 0
	for r := range results {
		prog.file(r)
		if r.brief != nil {
			warnUnverified(stderr, r.rel, r.brief, cfg.quiet)
			unsupported += unsupportedCount(r.brief)
			r.brief = nil // keep memory bounded: the table needs no brief
		}
		all = append(all, r)
	}
	prog.finish()
	slices.SortFunc(all, func(a, b result) int { return strings.Compare(a.rel, b.rel) })

	// The manifest and index record whatever finished, even after Ctrl-C.
	if werr := writeManifest(outDir, man); werr != nil {
		return werr
	}
	if werr := writeIndex(outDir, man, cfg); werr != nil {
		return werr
	}
	summaryTable(stderr, all, time.Since(start), cfg)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if walkErr != nil {
		return walkErr
	}
	failed := 0
	for _, r := range all {
		if r.status == "failed" {
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
	return fmt.Sprintf("%d of %d documents failed; see the table above.", e.failed, e.total)
}

func doJob(ctx context.Context, cfg config, s *summarize.Summarizer, j job, outDir, cfgHash string, man *manifest, mu *sync.Mutex) result {
	start := time.Now()
	res := result{job: j}
	fail := func(status, reason string) result {
		res.status, res.reason, res.elapsed = status, reason, time.Since(start)
		return res
	}
	data, err := readLimited(j.src)
	if err != nil {
		return fail("failed", err.Error())
	}
	sum := sha256.Sum256(data)
	inputHash := hex.EncodeToString(sum[:])
	outPath := filepath.Join(outDir, filepath.FromSlash(j.out))
	mu.Lock()
	prev, seen := man.Entries[j.out]
	mu.Unlock()
	if !cfg.force && seen && prev.Input == inputHash && prev.Config == cfgHash && prev.Output == j.out {
		if _, err := os.Stat(outPath); err == nil {
			res.title, res.date, res.lead = prev.Title, prev.Date, prev.Lead
			return fail("skipped", "unchanged")
		}
	}
	if !cfg.force && !seen && fileExists(outPath) {
		// Not a brief of ours (the manifest does not know it): keep it.
		return fail("failed", fmt.Sprintf("%s exists and was not written by brief; use --force to overwrite it", j.out))
	}
	in, err := summarize.ReadInput(bytes.NewReader(data), path.Base(j.rel))
	if err != nil {
		msg, _ := describe(err)
		switch {
		case errors.Is(err, summarize.ErrBinaryInput), errors.Is(err, summarize.ErrUnsupported), errors.Is(err, summarize.ErrEmptyInput):
			return fail("skipped", msg)
		}
		return fail("failed", msg)
	}
	b, err := s.Summarize(ctx, in)
	if errors.Is(err, summarize.ErrPending) {
		// The batch path: answers will come in a later pass.
		return fail("pending", "")
	}
	if err != nil {
		msg, _ := describe(err)
		res.costHit = errors.Is(err, summarize.ErrBudget)
		return fail("failed", msg)
	}
	out, err := renderBrief(b, cfg)
	if err != nil {
		return fail("failed", err.Error())
	}
	if err := os.MkdirAll(filepath.Dir(outPath), 0o755); err != nil {
		return fail("failed", plainPathError(err))
	}
	if err := writeFileAtomic(outPath, out, true); err != nil {
		return fail("failed", err.Error())
	}
	res.usage, res.cost = b.Usage, cfg.opt.Price.Cost(b.Usage)
	res.brief = b
	res.title, res.date, res.lead = b.Title, b.Date, firstSentence(b.Lead.Text)
	mu.Lock()
	man.Entries[j.out] = manifestEntry{Input: inputHash, Source: j.rel, Config: cfgHash, Output: j.out, Title: res.title, Date: res.date, Lead: res.lead}
	mu.Unlock()
	return fail("done", "")
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

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i > 0 && i < 300 {
		return s[:i+1]
	}
	if len(s) > 300 {
		cut := strings.LastIndexByte(s[:300], ' ')
		if cut < 0 {
			cut = 300
		}
		return s[:cut] + "…"
	}
	return s
}

func writeManifest(dir string, m manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, manifestName), append(data, '\n'), true)
}

// writeIndex writes index.md: every brief of the run's format with its
// title, date and lead.
func writeIndex(dir string, m manifest, cfg config) error {
	outs := make([]string, 0, len(m.Entries))
	for out, e := range m.Entries {
		if path.Ext(out) != cfg.ext() {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(e.Output))); err == nil {
			outs = append(outs, out)
		}
	}
	slices.Sort(outs)
	var b strings.Builder
	fmt.Fprintf(&b, "# Briefs\n\n%d briefs.\n", len(outs))
	for _, out := range outs {
		e := m.Entries[out]
		title := cleanLine(e.Title)
		if title == "" {
			title = e.Source
		}
		fmt.Fprintf(&b, "\n- [%s](%s)", escapeLinkText(title), (&url{e.Output}).String())
		if e.Date != "" {
			fmt.Fprintf(&b, " — *%s*", cleanLine(e.Date))
		}
		fmt.Fprintf(&b, " (`%s`)", e.Source)
		if e.Lead != "" {
			fmt.Fprintf(&b, "  \n  %s", cleanLine(e.Lead))
		}
	}
	b.WriteString("\n")
	return writeFileAtomic(filepath.Join(dir, "index.md"), []byte(b.String()), true)
}

type url struct{ path string }

// String escapes a relative path for a markdown link target.
func (u *url) String() string {
	r := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E")
	return r.Replace(u.path)
}

func escapeLinkText(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`).Replace(s)
}

// cleanLine makes text a report or a server may reach safe to print.
func cleanLine(s string) string { return safetext.Line(s) }

// summaryTable prints what became of each document, then the totals.
func summaryTable(w io.Writer, all []result, elapsed time.Duration, cfg config) {
	var done, skipped, failed int
	var usage summarize.Usage
	var cost float64
	for _, r := range all {
		switch r.status {
		case "done":
			done++
		case "skipped":
			skipped++
		case "failed":
			failed++
		}
		usage = usage.Add(r.usage)
		cost += r.cost
	}
	if !cfg.quiet || failed > 0 {
		fmt.Fprintf(w, "\n%-8s  %s\n", "STATUS", "DOCUMENT")
		for _, r := range all {
			if cfg.quiet && r.status != "failed" {
				continue
			}
			line := fmt.Sprintf("%-8s  %s", r.status, r.rel)
			if r.reason != "" {
				line += "  (" + r.reason + ")"
			}
			fmt.Fprintln(w, line)
		}
	}
	costText := "unknown (set --price-in and --price-out)"
	if cfg.opt.Price.Known() || cfg.engine == summarize.EngineExtractive {
		costText = fmt.Sprintf("$%.4f", cost)
	}
	fmt.Fprintf(w, "\n%d done, %d skipped, %d failed; %d requests (%d from cache), %d prompt + %d completion tokens, cost %s, %s\n",
		done, skipped, failed, usage.Requests, usage.CachedRequests, usage.PromptTokens, usage.CompletionTokens, costText, elapsed.Round(time.Millisecond))
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// countDocuments counts what a batch will read, for a progress bar.
func countDocuments(ctx context.Context, cfg config, inputs []string) int {
	w := newWalker(cfg)
	jobs := make(chan job)
	problems := make(chan result)
	done := make(chan struct{})
	n := 0
	go func() {
		defer close(done)
		for {
			select {
			case _, ok := <-jobs:
				if !ok {
					return
				}
				n++
			case <-problems:
				n++
			}
		}
	}()
	_ = w.walk(ctx, inputs, jobs, problems)
	close(jobs)
	<-done
	return n
}
