package batch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brief-cli/brief/summarize"
)

const report = "The agency reported an incident on 3 May 2024. Officials said 12 systems were affected. They warned that more attacks may follow.\n"

// tree writes files (path → contents) under a new folder.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestWalk(t *testing.T) {
	in := tree(t, map[string]string{"a.txt": report, "b.md": report, ".hidden/c.txt": report, "sub/d.txt": report, "sub/e.pdf": report})
	if err := os.Symlink(os.TempDir(), filepath.Join(in, "out-link")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	tests := []struct {
		name string
		opt  Options
		want string // rel:status(why) joined by spaces
	}{
		{"all", Options{}, "a.txt b.md out-link:skipped sub/d.txt sub/e.pdf"},
		{"hidden", Options{Hidden: true}, ".hidden/c.txt a.txt b.md out-link:skipped sub/d.txt sub/e.pdf"},
		{"include", Options{Include: []string{"*.txt"}}, "a.txt sub/d.txt"},
		{"exclude folder", Options{Exclude: []string{"sub"}}, "a.txt b.md out-link:skipped"},
		{"path pattern", Options{Include: []string{"sub/*"}}, "sub/d.txt sub/e.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.Inputs = []string{in}
			items, err := walk(context.Background(), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				s := it.rel
				if it.err != nil {
					s += ":" + string(it.status)
				}
				got = append(got, s)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("walk = %q, want %q", strings.Join(got, " "), tt.want)
			}
		})
	}
}

// TestShardSplits checks that the shards of a folder are disjoint and
// cover it.
func TestShardSplits(t *testing.T) {
	files := map[string]string{}
	for _, c := range "abcdefghijklmnop" {
		files[string(c)+".txt"] = report
	}
	in := tree(t, files)
	seen := map[string]int{}
	for k := uint64(1); k <= 3; k++ {
		items, err := walk(context.Background(), Options{Inputs: []string{in}, Shard: Shard{K: k, N: 3}})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			seen[it.rel]++
		}
	}
	if len(seen) != len(files) {
		t.Errorf("the shards hold %d of %d documents", len(seen), len(files))
	}
	for rel, n := range seen {
		if n != 1 {
			t.Errorf("%s is in %d shards", rel, n)
		}
	}
}

// TestPlanChecks checks the typed errors of the checks made before any
// work.
func TestPlanChecks(t *testing.T) {
	in := tree(t, map[string]string{"a.txt": report, "b.txt": report})
	empty := t.TempDir()
	out := tree(t, map[string]string{"a.md": "mine"})
	tests := []struct {
		name string
		opt  Options
		want SetupKind
	}{
		{"missing input", Options{Inputs: []string{filepath.Join(in, "nope")}, Output: t.TempDir()}, InputMissing},
		{"output is input", Options{Inputs: []string{in}, Output: in}, OutputIsInput},
		{"empty folder", Options{Inputs: []string{empty}, Output: t.TempDir()}, NothingToDo},
		{"no output", Options{Inputs: []string{in}}, DocumentsNeedOutput},
		{"file in the way", Options{Inputs: []string{in}, Output: out}, InTheWay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newPlan(context.Background(), tt.opt)
			var se *SetupError
			if !errors.As(err, &se) || se.Kind != tt.want {
				t.Fatalf("newPlan: %v, want a SetupError of kind %d", err, tt.want)
			}
		})
	}
	if _, err := newPlan(context.Background(), Options{Inputs: []string{in}, Output: out, Force: true}); err != nil {
		t.Errorf("with Force: %v", err)
	}
}

// TestCostCheckKeepsDocuments checks that the documents the estimate read
// are kept for the run, which then reads none of them again.
func TestCostCheckKeepsDocuments(t *testing.T) {
	in := tree(t, map[string]string{"a.txt": report, "b.txt": report})
	opt := Options{Inputs: []string{in}, Output: t.TempDir(),
		Summarize: summarize.Options{Engine: summarize.EngineExtractive, MaxCostUSD: 1}, Events: noEvents{}}
	p, err := newPlan(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.checkCost(context.Background(), &opt); err != nil {
		t.Fatal(err)
	}
	for _, j := range p.jobs {
		if j.in == nil || j.hash == "" {
			t.Errorf("%s: the estimate's reading was not kept", j.rel)
		}
		// A run that read the file again would fail.
		if err := os.Remove(j.src); err != nil {
			t.Fatal(err)
		}
	}
	s, err := summarize.New(opt.Summarize)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := p.run(context.Background(), opt, s)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, r := range rep.Results {
		if r.Status != Done {
			t.Errorf("%s: %s %v", r.Rel, r.Status, r.Err)
		}
	}
}

func TestWriteFileRefusesToClobber(t *testing.T) {
	p := filepath.Join(t.TempDir(), "brief.md")
	if err := WriteFile(p, []byte("one"), false); err != nil {
		t.Fatal(err)
	}
	var se *SetupError
	if err := WriteFile(p, []byte("two"), false); !errors.As(err, &se) || se.Kind != Exists {
		t.Fatalf("second write without force: %v", err)
	}
	if err := WriteFile(p, []byte("two"), true); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(p); string(data) != "two" {
		t.Errorf("file holds %q", data)
	}
}

// TestRebuildIndexListsForeignBriefs checks that a brief the manifest does
// not know (from another machine's shard) is listed with its title.
func TestRebuildIndexListsForeignBriefs(t *testing.T) {
	dir := tree(t, map[string]string{"x/other.md": "# Other title\n\n*3 May 2024*\n\nThe lead sentence. Another.\n"})
	n, err := RebuildIndex(dir, Markdown, false)
	if err != nil || n != 1 {
		t.Fatalf("RebuildIndex = %d, %v", n, err)
	}
	index, _ := os.ReadFile(filepath.Join(dir, indexName))
	for _, want := range []string{"[Other title](x/other.md)", "*3 May 2024*", "The lead sentence."} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index lacks %q:\n%s", want, index)
		}
	}
	os.WriteFile(filepath.Join(dir, indexName), []byte("my own"), 0o644)
	if _, err := RebuildIndex(t.TempDir(), Markdown, false); err != nil {
		t.Errorf("an empty folder: %v", err)
	}
	if err := os.Remove(filepath.Join(dir, manifestName)); err != nil {
		t.Fatal(err)
	}
	var se *SetupError
	if _, err := RebuildIndex(dir, Markdown, false); !errors.As(err, &se) || se.Kind != IndexInTheWay {
		t.Errorf("an index brief did not write: %v", err)
	}
}
