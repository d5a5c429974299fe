package cache

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Environment of the writer helper process.
const (
	helperDirEnv   = "BRIEF_CACHE_TEST_WRITER_DIR"
	helperStartEnv = "BRIEF_CACHE_TEST_WRITER_START"
)

// crashEntry is the entry the helper writes for index i: 20 KiB or so, so
// that the log fills and checkpoints run while the helper is killed.
func crashEntry(i int) (Key, Entry) {
	return KeyOf("crash", strconv.Itoa(i)), Entry{
		Content:          strings.Repeat(fmt.Sprintf("entry %d;", i), 2000),
		FinishReason:     "stop",
		PromptTokens:     i,
		CompletionTokens: 1,
		Model:            "m",
	}
}

// TestHelperWriter is not a test: TestKilledWriter runs it in a child
// process, which writes and reads entries in a loop until it is killed,
// printing each index once its Put and Get have returned.
func TestHelperWriter(t *testing.T) {
	dir := os.Getenv(helperDirEnv)
	if dir == "" {
		t.Skip("helper process for TestKilledWriter")
	}
	start, err := strconv.Atoi(os.Getenv(helperStartEnv))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(dir, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	ctx := context.Background()
	for i := start; ; i++ {
		k, e := crashEntry(i)
		if err := c.Put(ctx, k, e); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
		if _, ok, err := c.Get(ctx, k); err != nil || !ok {
			fmt.Fprintln(os.Stderr, "get:", ok, err)
			os.Exit(5)
		}
		fmt.Println(i)
	}
}

// writer is a running TestHelperWriter child.
type writer struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	acks   chan int // indexes whose Put and Get returned; closed at exit
}

// startWriter starts a child writing entries start, start+1, … to dir.
func startWriter(t *testing.T, dir string, start int) *writer {
	t.Helper()
	w := &writer{
		cmd:  exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1"),
		acks: make(chan int),
	}
	w.cmd.Env = append(os.Environ(), helperDirEnv+"="+dir, helperStartEnv+"="+strconv.Itoa(start))
	w.cmd.Stderr = &w.stderr
	out, err := w.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // in case the test fails before killing it
		w.cmd.Process.Kill()
	})
	go func() {
		defer close(w.acks)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if n, err := strconv.Atoi(sc.Text()); err == nil {
				w.acks <- n
			}
		}
	}()
	return w
}

// waitFor returns the child's latest ack once it reaches target.
func (w *writer) waitFor(t *testing.T, target int) int {
	t.Helper()
	timeout := time.After(2 * time.Minute)
	last := -1
	for {
		select {
		case n, ok := <-w.acks:
			if !ok {
				w.cmd.Wait()
				t.Fatalf("child exited early at %d: %s", last, w.stderr.String())
			}
			last = n
			if n >= target {
				return n
			}
		case <-timeout:
			t.Fatalf("child stuck at %d: %s", last, w.stderr.String())
		}
	}
}

// kill sends SIGKILL and returns the last index the child acknowledged
// before dying, or last if it acknowledged none since.
func (w *writer) kill(t *testing.T, last int) int {
	t.Helper()
	if err := w.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for n := range w.acks {
		last = n
	}
	err := w.cmd.Wait()
	if ws, ok := w.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, want killed: %s", err, w.stderr.String())
	}
	return last
}

// TestKilledWriter kills a writing process with SIGKILL, several times over
// the same cache, and checks after each kill that the database is intact and
// holds everything the child had finished writing.
func TestKilledWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	ctx := context.Background()
	acked := -1 // highest index the children reported done
	for round, batch := range []int{150, 37, 301, 1, 90} {
		start := acked + 1
		w := startWriter(t, dir, start)
		// The child is busy in its next Put or Get: kill it there.
		acked = w.kill(t, w.waitFor(t, acked+batch))
		// The child never closed the cache: reopening must recover the log.
		if fi, err := os.Stat(filepath.Join(dir, FileName+"-wal")); err != nil || fi.Size() == 0 {
			t.Fatalf("round %d: no write-ahead log left by the killed child: %v", round, err)
		}

		// Open runs quick_check; integrity_check below is the full one.
		c, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		var res string
		if err := c.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
			t.Fatalf("round %d: integrity_check = %q, %v", round, res, err)
		}
		s, err := c.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The write in flight at the kill either committed whole or not at all.
		if s.Entries != int64(acked+1) && s.Entries != int64(acked+2) {
			t.Errorf("round %d: %d entries, child finished %d", round, s.Entries, acked+1)
		}
		// A hit updates the entry and the counters in one transaction.
		var sumHits int64
		if err := c.db.QueryRowContext(ctx, `SELECT sum(hits) FROM responses`).Scan(&sumHits); err != nil {
			t.Fatal(err)
		}
		if s.Hits != sumHits || s.Hits > s.Entries {
			t.Errorf("round %d: Stats.Hits = %d, entries' hits add up to %d, %d entries", round, s.Hits, sumHits, s.Entries)
		}
		// Check every entry directly, so the parent's reads add no hits.
		for i := 0; i <= acked; i++ {
			k, want := crashEntry(i)
			var content, model string
			var p, hits int
			if err := c.db.QueryRowContext(ctx,
				`SELECT content, model, prompt_tokens, hits FROM responses WHERE key = ?`, k[:]).
				Scan(&content, &model, &p, &hits); err != nil {
				t.Fatalf("round %d: entry %d: %v", round, i, err)
			}
			if content != want.Content || model != want.Model || p != want.PromptTokens {
				t.Fatalf("round %d: entry %d differs", round, i)
			}
			// This round's child finished Put and Get for [start, acked].
			if i >= start && hits != 1 {
				t.Fatalf("round %d: entry %d has %d hits, want 1", round, i, hits)
			}
		}
		// Resume after the last entry the database holds, as a rerun would.
		acked = int(s.Entries) - 1
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: killed after %d entries, %d hits", round, s.Entries, s.Hits)
	}
}

// TestTwoProcesses runs two writer processes on one cache at once, as two
// brief runs sharing it would, then checks both sets of entries and hits.
func TestTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	ctx := context.Background()
	// Create the cache first so the children race on writes, not creation.
	c, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()

	const bStart = 1_000_000
	a, b := startWriter(t, dir, 0), startWriter(t, dir, bStart)
	lastA, lastB := a.waitFor(t, 200), b.waitFor(t, bStart+200)
	lastA, lastB = a.kill(t, lastA), b.kill(t, lastB)

	c, err = Open(dir, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer c.Close()
	var res string
	if err := c.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	for _, r := range [][2]int{{0, lastA}, {bStart, lastB}} {
		for i := r[0]; i <= r[1]; i++ {
			k, want := crashEntry(i)
			var content string
			var hits int
			if err := c.db.QueryRowContext(ctx, `SELECT content, hits FROM responses WHERE key = ?`, k[:]).
				Scan(&content, &hits); err != nil {
				t.Fatalf("entry %d: %v", i, err)
			}
			if content != want.Content || hits != 1 {
				t.Fatalf("entry %d: %d hits, content ok %v", i, hits, content == want.Content)
			}
		}
	}
	s, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := int64(lastA + 1 + lastB - bStart + 1)
	if s.Entries < done || s.Entries > done+2 || s.Hits < done || s.Hits > s.Entries {
		t.Errorf("Stats = %+v; children finished %d entries", s, done)
	}
	t.Logf("two processes: %d and %d entries", lastA+1, lastB-bStart+1)
}
