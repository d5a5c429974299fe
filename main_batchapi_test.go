package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/brief-cli/brief/internal/openaitest"
)

// cmdGenDocs writes N small reports into DIR, in ten subfolders; every
// tenth one is long enough to need map, reduce and brief steps at
// --chunk-tokens 400: `gendocs DIR N`.
func cmdGenDocs(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gendocs DIR N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "Inspection report %d of %s\n\n", i, args[0])
		paras := 3
		if i%10 == 0 {
			paras = 24
		}
		for p := range paras {
			fmt.Fprintf(&b, "The agency inspected %d plants in district %d during 2023. Inspectors found that %d of them lacked backup power. "+
				"The board of district %d said repairs would cost $%d million.\n\n", 10+i+p, p+1, 2+(i+p)%5, p+1, 3+i%7+p)
		}
		name := ts.MkAbs(filepath.Join(args[0], fmt.Sprintf("part%d", i%10), fmt.Sprintf("report-%04d.txt", i)))
		ts.Check(os.MkdirAll(filepath.Dir(name), 0o755))
		ts.Check(os.WriteFile(name, []byte(b.String()), 0o644))
	}
}

// cmdBatchStats prints the fake server's Batch API counters as JSON:
// `batchstats [-check]`. With -check it also fails unless no synchronous
// chat request was made and no line went out again but those that failed
// (so nothing already submitted was submitted twice).
func cmdBatchStats(ts *testscript.TestScript, neg bool, args []string) {
	srv := ts.Value(serverKey{}).(*serverSlot).srv
	if srv == nil {
		ts.Fatalf("batchstats: no server; run serve first")
	}
	st := srv.BatchStats()
	out, _ := json.Marshal(st)
	ts.Stdout().Write(append(out, '\n'))
	if len(args) == 1 && args[0] == "-check" {
		if n := srv.Stats().Requests; n != 0 {
			ts.Fatalf("%d synchronous chat requests, want 0", n)
		}
		if st.Resubmitted != st.FailedLines {
			ts.Fatalf("%d lines went out again, but only %d failed: something already submitted was submitted twice", st.Resubmitted, st.FailedLines)
		}
	}
}

// cmdWaitBatches waits until the fake server has created N batches:
// `waitbatches 1`. It gives up after 60 seconds.
func cmdWaitBatches(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitbatches N")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	srv := ts.Value(serverKey{}).(*serverSlot).srv
	deadline := time.Now().Add(60 * time.Second)
	for srv.BatchStats().Batches < n {
		if time.Now().After(deadline) {
			ts.Fatalf("waitbatches: %d batches after 60s, want %d", srv.BatchStats().Batches, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// cmdAnswerBatch answers a batch input file offline with the fake model,
// as vLLM's run_batch would: `answerbatch IN OUT`.
func cmdAnswerBatch(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: answerbatch IN OUT")
	}
	h, err := openaitest.NewHandler(openaitest.Config{})
	ts.Check(err)
	in, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	defer in.Close()
	out, err := os.Create(ts.MkAbs(args[1]))
	ts.Check(err)
	ts.Check(openaitest.AnswerBatchFile(h, in, out))
	ts.Check(out.Close())
}

// cmdCountFiles checks how many files with an extension a tree holds:
// `countfiles DIR .md N`.
func cmdCountFiles(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: countfiles DIR EXT N")
	}
	want, err := strconv.Atoi(args[2])
	ts.Check(err)
	n := 0
	ts.Check(filepath.WalkDir(ts.MkAbs(args[0]), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == args[1] && d.Name() != "index.md" {
			n++
		}
		return err
	}))
	if (n == want) == neg {
		ts.Fatalf("%s holds %d %s files, want %d", args[0], n, args[1], want)
	}
}
