package cache

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
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
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperDirEnv+"="+dir, helperStartEnv+"="+strconv.Itoa(start))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan int)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if n, err := strconv.Atoi(sc.Text()); err == nil {
					lines <- n
				}
			}
		}()
		target := acked + batch
		timeout := time.After(2 * time.Minute)
	wait:
		for {
			select {
			case n, ok := <-lines:
				if !ok {
					cmd.Wait()
					t.Fatalf("round %d: child exited early: %s", round, stderr.String())
				}
				acked = n
				if n >= target {
					break wait
				}
			case <-timeout:
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("round %d: child stuck at %d: %s", round, acked, stderr.String())
			}
		}
		// The child is busy in its next Put or Get: kill it there.
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for n := range lines { // drain what it printed before dying
			acked = n
		}
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child ended with %v, want killed: %s", round, err, stderr.String())
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
