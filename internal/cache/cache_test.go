package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fixedClock returns a clock that starts at t0 and moves one second per call.
func fixedClock(t0 time.Time) func() time.Time {
	var mu sync.Mutex
	now := t0
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
}

var t0 = time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.UTC)

func openTest(t testing.TB, dir string) *Cache {
	t.Helper()
	c, err := Open(dir, Options{Now: fixedClock(t0)})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	c := openTest(t, t.TempDir())
	zone := time.FixedZone("X", 5*3600+30*60)
	big := strings.Repeat("résumé ✓ ", 120_000) // > 1 MiB, spills to overflow pages
	tests := []struct {
		name string
		in   Entry
		want Entry // CreatedAt compared with Equal
	}{
		{"plain",
			Entry{Content: `{"facts":["a"]}`, FinishReason: "stop", PromptTokens: 1200, CompletionTokens: 300, Model: "gpt-x", CreatedAt: t0},
			Entry{Content: `{"facts":["a"]}`, FinishReason: "stop", PromptTokens: 1200, CompletionTokens: 300, Model: "gpt-x", CreatedAt: t0}},
		{"empty strings and zero counts",
			Entry{CreatedAt: t0},
			Entry{CreatedAt: t0}},
		{"zero CreatedAt takes the clock",
			Entry{Content: "x", FinishReason: "length"},
			Entry{Content: "x", FinishReason: "length", CreatedAt: t0.Add(time.Second)}},
		{"other zone keeps the instant",
			Entry{Content: "z", CreatedAt: t0.In(zone)},
			Entry{Content: "z", CreatedAt: t0}},
		{"NUL and invalid UTF-8 byte for byte",
			Entry{Content: "a\x00b\xff\xfe\x00", Model: "m\x00", CreatedAt: t0},
			Entry{Content: "a\x00b\xff\xfe\x00", Model: "m\x00", CreatedAt: t0}},
		{"large",
			Entry{Content: big, PromptTokens: 1 << 40, CompletionTokens: 7, CreatedAt: t0},
			Entry{Content: big, PromptTokens: 1 << 40, CompletionTokens: 7, CreatedAt: t0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.now = fixedClock(t0) // the default-time case expects t0+1s
			key := KeyOf("round trip", tt.name)
			if err := c.Put(ctx, key, tt.in); err != nil {
				t.Fatalf("Put: %v", err)
			}
			got, ok, err := c.Get(ctx, key)
			if err != nil || !ok {
				t.Fatalf("Get = %v, %v; want hit", ok, err)
			}
			if !got.CreatedAt.Equal(tt.want.CreatedAt) || got.CreatedAt.Location() != time.UTC {
				t.Errorf("CreatedAt = %v, want %v in UTC", got.CreatedAt, tt.want.CreatedAt)
			}
			got.CreatedAt, tt.want.CreatedAt = time.Time{}, time.Time{}
			if got != tt.want {
				t.Errorf("Get = %+.80v, want %+.80v", got, tt.want)
			}
		})
	}
}

func TestGetMiss(t *testing.T) {
	ctx := context.Background()
	c := openTest(t, t.TempDir())
	if err := c.Put(ctx, KeyOf("a"), Entry{Content: "A"}); err != nil {
		t.Fatal(err)
	}
	e, ok, err := c.Get(ctx, KeyOf("b"))
	if err != nil || ok || e != (Entry{}) {
		t.Fatalf("Get(missing) = %+v, %v, %v; want zero, false, nil", e, ok, err)
	}
}

func TestPutKeepsFirst(t *testing.T) {
	ctx := context.Background()
	c := openTest(t, t.TempDir())
	key := KeyOf("same")
	for _, content := range []string{"first", "second", "first"} {
		if err := c.Put(ctx, key, Entry{Content: content}); err != nil {
			t.Fatal(err)
		}
	}
	e, ok, err := c.Get(ctx, key)
	if err != nil || !ok || e.Content != "first" {
		t.Fatalf("Get = %q, %v, %v; want first", e.Content, ok, err)
	}
	s, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Entries != 1 {
		t.Errorf("Entries = %d, want 1", s.Entries)
	}
}

func TestPutRejectsNegativeTokens(t *testing.T) {
	c := openTest(t, t.TempDir())
	for _, e := range []Entry{{PromptTokens: -1}, {CompletionTokens: -1}} {
		if err := c.Put(context.Background(), KeyOf("neg"), e); err == nil {
			t.Errorf("Put(%+v) = nil, want error", e)
		}
	}
}

func TestPersistsAcrossReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Put(ctx, KeyOf("k"), Entry{Content: "kept", PromptTokens: 5, CompletionTokens: 6}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Get(ctx, KeyOf("k")); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName+"-wal")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("-wal left after the last Close: %v", err)
	}

	c = openTest(t, dir)
	e, ok, err := c.Get(ctx, KeyOf("k"))
	if err != nil || !ok || e.Content != "kept" {
		t.Fatalf("after reopen Get = %q, %v, %v", e.Content, ok, err)
	}
	s, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Hits != 2 || s.PromptTokensSaved != 10 || s.CompletionTokensSaved != 12 {
		t.Errorf("stats after reopen = %+v, want 2 hits, 10+12 tokens", s)
	}
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	c := openTest(t, t.TempDir())

	s, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Entries != 0 || s.Hits != 0 || !s.Oldest.IsZero() || !s.Newest.IsZero() || s.Bytes <= 0 {
		t.Fatalf("empty stats = %+v", s)
	}

	entries := []struct {
		key     Key
		p, comp int
		at      time.Time
	}{
		{KeyOf("1"), 100, 10, t0.Add(2 * time.Hour)},
		{KeyOf("2"), 2000, 200, t0}, // oldest, stored second
		{KeyOf("3"), 30000, 3000, t0.Add(48 * time.Hour)},
	}
	for _, e := range entries {
		if err := c.Put(ctx, e.key, Entry{Content: "x", PromptTokens: e.p, CompletionTokens: e.comp, CreatedAt: e.at}); err != nil {
			t.Fatal(err)
		}
	}
	// Hits: 1 twice, 3 once; misses must not count.
	for _, k := range []Key{entries[0].key, KeyOf("missing"), entries[0].key, entries[2].key, KeyOf("4")} {
		if _, _, err := c.Get(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	s, err = c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{
		Entries:               3,
		Hits:                  3,
		RequestsSaved:         3,
		PromptTokensSaved:     100 + 100 + 30000,
		CompletionTokensSaved: 10 + 10 + 3000,
		Oldest:                t0,
		Newest:                t0.Add(48 * time.Hour),
	}
	fi, err := os.Stat(c.Path())
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.Stat(c.Path() + "-wal")
	wantBytes := fi.Size()
	if wal != nil {
		wantBytes += wal.Size()
	}
	if s.Bytes != wantBytes {
		t.Errorf("Bytes = %d, want db+wal = %d", s.Bytes, wantBytes)
	}
	s.Bytes = 0
	if s != want {
		t.Errorf("Stats =\n%+v\nwant\n%+v", s, want)
	}
}

func TestClear(t *testing.T) {
	ctx := context.Background()
	c := openTest(t, t.TempDir())
	blob := strings.Repeat("0123456789abcdef", 1024) // 16 KiB
	for i := range 300 {
		if err := c.Put(ctx, KeyOf(fmt.Sprint(i)), Entry{Content: blob, PromptTokens: 1}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := c.Get(ctx, KeyOf("7")); err != nil {
		t.Fatal(err)
	}
	before, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.Entries != 300 || before.Hits != 1 || before.Bytes < 300*16<<10 {
		t.Fatalf("before Clear: %+v", before)
	}

	if err := c.Clear(ctx); err != nil {
		t.Fatalf("Clear: %v", err)
	}
	after, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Entries != 0 || after.Hits != 0 || after.PromptTokensSaved != 0 || !after.Oldest.IsZero() {
		t.Errorf("after Clear: %+v", after)
	}
	if after.Bytes > 64<<10 {
		t.Errorf("after Clear the files hold %d bytes (before %d), want them compacted", after.Bytes, before.Bytes)
	}
	if _, ok, err := c.Get(ctx, KeyOf("7")); ok || err != nil {
		t.Errorf("Get after Clear = %v, %v", ok, err)
	}
	if err := c.Put(ctx, KeyOf("7"), Entry{Content: "again"}); err != nil {
		t.Fatal(err)
	}
	if e, ok, err := c.Get(ctx, KeyOf("7")); !ok || err != nil || e.Content != "again" {
		t.Errorf("Get after Clear+Put = %q, %v, %v", e.Content, ok, err)
	}
}

func TestContextCancelled(t *testing.T) {
	c := openTest(t, t.TempDir())
	if err := c.Put(context.Background(), KeyOf("k"), Entry{Content: "v"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, ok, err := c.Get(ctx, KeyOf("k")); !errors.Is(err, context.Canceled) || ok {
		t.Errorf("Get(cancelled) = %v, %v; want context.Canceled", ok, err)
	}
	if err := c.Put(ctx, KeyOf("k2"), Entry{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Put(cancelled) = %v; want context.Canceled", err)
	}
	if _, err := c.Stats(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Stats(cancelled) = %v; want context.Canceled", err)
	}
	if err := c.Clear(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Clear(cancelled) = %v; want context.Canceled", err)
	}
	if _, ok, err := c.Get(context.Background(), KeyOf("k")); !ok || err != nil {
		t.Errorf("entry lost: %v, %v", ok, err)
	}
}

// A Get or Put stuck behind a long writer gives up when its context ends.
func TestContextDeadlineWhileWaiting(t *testing.T) {
	dir := t.TempDir()
	c := openTest(t, dir)
	other := openTest(t, dir) // as another process would
	if err := c.Put(context.Background(), KeyOf("k"), Entry{Content: "v"}); err != nil {
		t.Fatal(err)
	}

	t.Run("in-process writer", func(t *testing.T) {
		release, err := c.lockWrite(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		if err := c.Put(ctx, KeyOf("p"), Entry{}); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Put = %v, want DeadlineExceeded", err)
		}
		ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel2()
		if _, _, err := c.Get(ctx2, KeyOf("k")); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Get = %v, want DeadlineExceeded", err)
		}
	})

	t.Run("other process's writer", func(t *testing.T) {
		tx, err := other.db.BeginTx(context.Background(), nil) // BEGIN IMMEDIATE: holds the write lock
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		err = c.Put(ctx, KeyOf("q"), Entry{})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Put = %v, want DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Put returned after %v, want soon after the 100ms deadline", d)
		}
	})
}

// A writer in another process holding the lock briefly delays a Put; it
// does not fail it.
func TestWaitsForOtherWriter(t *testing.T) {
	dir := t.TempDir()
	c := openTest(t, dir)
	other := openTest(t, dir)
	tx, err := other.db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO meta (key, value) VALUES ('probe', 'x')`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Put(context.Background(), KeyOf("k"), Entry{Content: "v"}) }()
	select {
	case err := <-done:
		t.Fatalf("Put finished (%v) while another connection held the write lock", err)
	case <-time.After(200 * time.Millisecond):
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Put after the lock was released: %v", err)
	}
}

func TestConcurrentGoroutines(t *testing.T) {
	ctx := context.Background()
	c := openTest(t, t.TempDir())
	const workers, perWorker, keys = 16, 40, 50
	var hits atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				n := (w*7 + i) % keys // overlapping keys: races on the same row
				key := KeyOf("k", fmt.Sprint(n))
				want := fmt.Sprintf("answer %d", n)
				if i%2 == 0 {
					if err := c.Put(ctx, key, Entry{Content: want, PromptTokens: n, CompletionTokens: 1}); err != nil {
						errc <- err
						return
					}
				}
				e, ok, err := c.Get(ctx, key)
				if err != nil {
					errc <- err
					return
				}
				if ok {
					hits.Add(1)
					if e.Content != want {
						errc <- fmt.Errorf("key %d: content %q", n, e.Content)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	s, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Hits != hits.Load() || s.CompletionTokensSaved != hits.Load() {
		t.Errorf("Stats.Hits = %d, CompletionTokensSaved = %d; goroutines saw %d hits", s.Hits, s.CompletionTokensSaved, hits.Load())
	}
	if s.Entries > keys || s.Entries == 0 {
		t.Errorf("Entries = %d, want 1..%d", s.Entries, keys)
	}
}

// Two Caches on one directory stand for two brief processes sharing it.
func TestTwoInstancesSameDir(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, b := openTest(t, dir), openTest(t, dir)
	const n = 150
	var wg sync.WaitGroup
	errc := make(chan error, 4)
	for ci, c := range []*Cache{a, b} {
		for part := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range n {
					// Both instances write the shared keys; each also its own.
					shared := KeyOf("shared", fmt.Sprint(i))
					own := KeyOf("own", fmt.Sprint(ci), fmt.Sprint(part), fmt.Sprint(i))
					for _, k := range []Key{shared, own} {
						if err := c.Put(ctx, k, Entry{Content: k.String(), PromptTokens: 1}); err != nil {
							errc <- fmt.Errorf("instance %d: %w", ci, err)
							return
						}
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	// Each instance reads what the other wrote.
	for ci, c := range []*Cache{a, b} {
		for i := range n {
			k := KeyOf("own", fmt.Sprint(1-ci), "1", fmt.Sprint(i))
			e, ok, err := c.Get(ctx, k)
			if err != nil || !ok || e.Content != k.String() {
				t.Fatalf("instance %d reading %d: %q, %v, %v", ci, i, e.Content, ok, err)
			}
		}
	}
	for _, c := range []*Cache{a, b} {
		s, err := c.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Entries != n+4*n || s.Hits != 2*n || s.PromptTokensSaved != 2*n {
			t.Errorf("Stats = %+v, want %d entries, %d hits", s, 5*n, 2*n)
		}
	}
}

func TestPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "brief")
	c := openTest(t, dir)
	if err := c.Put(context.Background(), KeyOf("k"), Entry{Content: "secret"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]os.FileMode{
		dir:               0o700 | os.ModeDir,
		c.Path():          0o600,
		c.Path() + "-wal": 0o600,
		c.Path() + "-shm": 0o600,
		filepath.Dir(dir): 0o700 | os.ModeDir, // parents made by MkdirAll too
	}
	for p, mode := range want {
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if fi.Mode() != mode {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode(), mode)
		}
	}
}

func TestCorrupt(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		prep func(t *testing.T, path string)
		want error
	}{
		{"garbage bytes", func(t *testing.T, path string) {
			writeFile(t, path, []byte(strings.Repeat("this is not a database\n", 500)))
		}, ErrCorrupt},
		{"short garbage", func(t *testing.T, path string) {
			writeFile(t, path, []byte("xyz"))
		}, ErrCorrupt},
		{"another program's database", func(t *testing.T, path string) {
			rawExec(t, path, `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`)
		}, ErrCorrupt},
		{"no schema version", func(t *testing.T, path string) {
			makeCache(t, path, 0)
			rawExec(t, path, `DELETE FROM meta`)
		}, ErrCorrupt},
		{"bad schema version", func(t *testing.T, path string) {
			makeCache(t, path, 0)
			rawExec(t, path, `UPDATE meta SET value = 'one' WHERE key = 'schema_version'`)
		}, ErrCorrupt},
		{"missing table", func(t *testing.T, path string) {
			makeCache(t, path, 0)
			rawExec(t, path, `DROP TABLE stats`)
		}, ErrCorrupt},
		{"damaged pages", func(t *testing.T, path string) {
			makeCache(t, path, 200)
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			fi, _ := f.Stat()
			junk := []byte(strings.Repeat("\xa5", 8192))
			if _, err := f.WriteAt(junk, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, ErrCorrupt},
		{"newer schema", func(t *testing.T, path string) {
			makeCache(t, path, 1)
			rawExec(t, path, fmt.Sprintf(`UPDATE meta SET value = '%d' WHERE key = 'schema_version'`, schemaVersion+1))
		}, ErrNewerSchema},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			tt.prep(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Open(dir, Options{})
			if err == nil {
				c.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open = %v, want %v", err, tt.want)
			}
			if tt.want == ErrCorrupt && errors.Is(err, ErrNewerSchema) || tt.want == ErrNewerSchema && errors.Is(err, ErrCorrupt) {
				t.Errorf("Open = %v matches both sentinels", err)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(before) != string(after) {
				t.Error("a failed Open changed the file")
			}

			// The way out: Remove, then a fresh cache.
			if err := Remove(dir); err != nil {
				t.Fatal(err)
			}
			c = openTest(t, dir)
			if err := c.Put(ctx, KeyOf("k"), Entry{Content: "v"}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRemove(t *testing.T) {
	dir := t.TempDir()
	if err := Remove(dir); err != nil {
		t.Fatalf("Remove of an empty dir: %v", err)
	}
	makeCache(t, filepath.Join(dir, FileName), 3)
	other := filepath.Join(dir, "keep.txt")
	writeFile(t, other, []byte("x"))
	if err := Remove(dir); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if _, err := os.Stat(filepath.Join(dir, FileName+suffix)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s%s still there: %v", FileName, suffix, err)
		}
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("Remove deleted an unrelated file: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open("", Options{}); err == nil {
		t.Error("Open(\"\") = nil error")
	}
	file := filepath.Join(t.TempDir(), "file")
	writeFile(t, file, []byte("x"))
	if _, err := Open(file, Options{}); err == nil {
		t.Error("Open(a regular file) = nil error")
	}
}

func TestOpenOddPath(t *testing.T) {
	// '?' and '#' would end the path in a naive DSN.
	dir := filepath.Join(t.TempDir(), "a?b=c#d %20e")
	c := openTest(t, dir)
	if err := c.Put(context.Background(), KeyOf("k"), Entry{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Errorf("database not where expected: %v", err)
	}
}

func TestConcurrentOpenOfNewCache(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := Open(dir, Options{})
			if err == nil {
				err = c.Put(context.Background(), KeyOf(fmt.Sprint(i)), Entry{})
				c.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("opener %d: %v", i, err)
		}
	}
	c := openTest(t, dir)
	s, err := c.Stats(context.Background())
	if err != nil || s.Entries != int64(len(errs)) {
		t.Errorf("Stats = %+v, %v; want %d entries", s, err, len(errs))
	}
}

func TestDefaultDir(t *testing.T) {
	if got, want := DefaultDir("/home/u/.cache"), filepath.Join("/home/u/.cache", "brief"); got != want {
		t.Errorf("DefaultDir = %q, want %q", got, want)
	}
}

func TestMigrationsMatchVersion(t *testing.T) {
	if len(migrations)+1 != schemaVersion {
		t.Fatalf("%d migrations for schema version %d", len(migrations), schemaVersion)
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// makeCache creates a closed cache at path holding n entries of 4 KiB.
func makeCache(t *testing.T, path string, n int) {
	t.Helper()
	c, err := Open(filepath.Dir(path), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := c.Put(context.Background(), KeyOf(fmt.Sprint(i)), Entry{Content: strings.Repeat("x", 4096)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

// rawExec runs a statement on path outside the cache's checks.
func rawExec(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

// Clear works while another process has the cache open, and that process
// sees the emptied cache.
func TestClearWithOtherInstanceOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, b := openTest(t, dir), openTest(t, dir)
	for i := range 50 {
		if err := b.Put(ctx, KeyOf(fmt.Sprint(i)), Entry{Content: strings.Repeat("y", 8192)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, err := b.Get(ctx, KeyOf("3")); !ok || err != nil {
		t.Fatal(ok, err)
	}
	start := time.Now()
	if err := a.Clear(ctx); err != nil {
		t.Fatalf("Clear: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Clear took %v with an idle second instance", d)
	}
	s, err := b.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Entries != 0 || s.Hits != 0 {
		t.Errorf("other instance after Clear: %+v", s)
	}
	if _, ok, err := b.Get(ctx, KeyOf("3")); ok || err != nil {
		t.Errorf("other instance Get after Clear = %v, %v", ok, err)
	}
	if err := b.Put(ctx, KeyOf("new"), Entry{Content: "n"}); err != nil {
		t.Fatal(err)
	}
	if e, ok, err := a.Get(ctx, KeyOf("new")); !ok || err != nil || e.Content != "n" {
		t.Errorf("Get after Clear = %q, %v, %v", e.Content, ok, err)
	}
}
