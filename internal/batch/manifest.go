package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/outplan"
	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/internal/textseg"
)

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
			return &RecordError{Out: out, Err: plainPathError(err)}
		}
		mf.journal = f
	}
	line, err := json.Marshal(journalLine{Out: out, Entry: e})
	if err != nil {
		return err
	}
	if _, err := mf.journal.Write(append(line, '\n')); err != nil {
		return &RecordError{Out: out, Err: plainPathError(err)}
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
	return WriteFile(filepath.Join(mf.dir, manifestName), append(data, '\n'), true)
}

// writeIndex writes index.md: every brief of the run's format with its
// title, date and lead.
func (mf *manifestFile) writeIndex(ext string) error {
	mf.mu.Lock()
	defer mf.mu.Unlock()
	outs := make([]string, 0, len(mf.m.Entries))
	for out, e := range mf.m.Entries {
		if path.Ext(out) != ext {
			continue
		}
		if _, err := os.Stat(filepath.Join(mf.dir, filepath.FromSlash(e.Output))); err == nil {
			outs = append(outs, out)
		}
	}
	slices.Sort(outs)
	var b strings.Builder
	if len(outs) == 1 {
		b.WriteString("# Briefs\n\n1 brief.\n")
	} else {
		fmt.Fprintf(&b, "# Briefs\n\n%d briefs.\n", len(outs))
	}
	for _, out := range outs {
		e := mf.m.Entries[out]
		title := safetext.Line(e.Title)
		if title == "" {
			title = safetext.Name(e.Source)
		}
		fmt.Fprintf(&b, "\n- [%s](%s)", escapeLinkText(title), linkTarget(e.Output))
		if e.Date != "" {
			fmt.Fprintf(&b, " — *%s*", safetext.Line(e.Date))
		}
		fmt.Fprintf(&b, " (%s)", codeSpan(safetext.Name(e.Source)))
		if e.Lead != "" {
			fmt.Fprintf(&b, "  \n  %s", safetext.Line(e.Lead))
		}
	}
	b.WriteString("\n")
	if !mf.m.Index {
		mf.m.Index = true // recorded first: a crash leaves no index brief would refuse
		if err := mf.save(); err != nil {
			return err
		}
	}
	return WriteFile(filepath.Join(mf.dir, indexName), []byte(b.String()), true)
}

// linkTarget escapes a slash-separated relative path for a markdown link
// target: every byte that is not plainly safe is percent-encoded, so that
// spaces, parentheses, newlines or escape sequences in a name neither break
// the link nor reach the reader raw.
func linkTarget(rel string) string {
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
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

// scanBriefs returns a view of mf for the index: its entries, plus an
// entry read from the brief itself for every brief in the folder that the
// manifest does not know (written by another machine, say).
func scanBriefs(mf *manifestFile, ext string) (*manifestFile, error) {
	dir := mf.dir
	mf.mu.Lock()
	man := manifest{Version: mf.m.Version, Entries: maps.Clone(mf.m.Entries), Index: true}
	mf.mu.Unlock()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != dir && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || filepath.Ext(name) != ext || (p == filepath.Join(dir, "index.md")) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if _, ok := man.Entries[rel]; ok {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		e := manifestEntry{Source: rel, Output: rel}
		e.Title, e.Date, e.Lead = briefHeading(data, ext)
		man.Entries[rel] = e
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	return &manifestFile{dir: dir, m: man}, nil
}

// briefHeading reads a brief's title, date and first sentence of its lead.
func briefHeading(data []byte, ext string) (title, date, lead string) {
	if ext == ".json" {
		var b struct {
			Title string `json:"title"`
			Date  string `json:"date"`
			Lead  struct {
				Text string `json:"text"`
			} `json:"lead"`
		}
		if json.Unmarshal(data, &b) == nil {
			return b.Title, b.Date, firstSentence(b.Lead.Text)
		}
		return "", "", ""
	}
	// Markdown: "# Title", then paragraphs; the lead is the first one
	// that is not an italic date line or a heading.
	for _, para := range strings.Split(string(data), "\n\n") {
		para = strings.TrimSpace(para)
		switch {
		case para == "":
		case title == "" && strings.HasPrefix(para, "# "):
			title = strings.TrimSpace(strings.TrimPrefix(strings.SplitN(para, "\n", 2)[0], "# "))
		case strings.HasPrefix(para, "#"):
			if title != "" {
				return title, date, lead
			}
		case date == "" && lead == "" && strings.HasPrefix(para, "*") && strings.HasSuffix(para, "*") && !strings.Contains(para, "\n"):
			date = strings.Trim(para, "*_ ")
		case lead == "":
			lead = firstSentence(para)
			return title, date, lead
		}
	}
	return title, date, lead
}

// RebuildIndex writes dir/index.md anew from the briefs in dir of the
// given format: those the manifest records, and any other brief found
// there (written by another machine, say), read for its title, date and
// lead. It returns how many briefs the index lists. Without force it
// refuses to overwrite an index.md that brief did not write.
func RebuildIndex(dir string, format Format, force bool) (int, error) {
	mf := openManifest(dir)
	if !force && fileExists(filepath.Join(dir, indexName)) && !mf.indexOurs() {
		return 0, &SetupError{Kind: IndexInTheWay, Path: filepath.Join(dir, indexName)}
	}
	view, err := scanBriefs(mf, format.Ext())
	if err != nil {
		return 0, err
	}
	if err := view.writeIndex(format.Ext()); err != nil {
		return 0, err
	}
	if !mf.indexOurs() {
		// The index is brief's from now on; the briefs found on disk
		// are listed, not adopted as brief's own.
		mf.m.Index = true
		if err := mf.save(); err != nil {
			return 0, err
		}
	}
	n := 0
	for out := range view.m.Entries {
		if path.Ext(out) == format.Ext() {
			n++
		}
	}
	return n, nil
}
