package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/brief-cli/brief/internal/openaitest"
	"github.com/brief-cli/brief/internal/testcorpus"
)

func TestMain(m *testing.M) {
	testscript.Main(hermeticM{m}, map[string]func(){
		"brief": func() { os.Exit(mainCode()) },
	})
}

// hermeticM runs the tests that call run() in this process away from the
// user's own config file (scripts get their own HOME from testscript).
type hermeticM struct{ m *testing.M }

func (h hermeticM) Run() int {
	dir, err := os.MkdirTemp("", "brief-test-config")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_CONFIG_HOME", dir)
	os.Unsetenv("BRIEF_CONFIG")
	os.Unsetenv("BRIEF_PROFILE")
	if raceBuild {
		useBinaryWithoutRace(dir)
	}
	return h.m.Run()
}

// useBinaryWithoutRace builds brief without the race detector into dir and
// puts it first on PATH, so that the scripts' `exec brief` and `ptyrun`
// run it rather than this race-instrumented test binary. Each of their
// ~180 runs of the CLI paid the detector's start-up and slowness, most of
// the suite's time; the detector still watches the same code in the tests
// that call run() in this process, and in the packages' own tests. The
// build reuses the compiled packages that `go vet` left, never reaches the
// network, and if it fails the scripts run this binary as before.
func useBinaryWithoutRace(dir string) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command(goCmd, "build", "-buildvcs=false", "-o", filepath.Join(dir, "bin", "brief"), ".")
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "scripts: no brief built without -race (%v: %s); they run the test binary\n", err, out)
		return
	}
	os.Setenv("PATH", filepath.Join(dir, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
	briefWithoutRace = filepath.Join(dir, "bin", "brief")
	// The fake server too, for the server matrix (see startMatrixServer).
	cmd = exec.Command(goCmd, "build", "-buildvcs=false", "-o", filepath.Join(dir, "bin", "fakeserver"), "./bench/fakeserver")
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "server matrix: no fake server built without -race (%v: %s); it runs in this process\n", err, out)
		return
	}
	fakeServerWithoutRace = filepath.Join(dir, "bin", "fakeserver")
}

// briefWithoutRace and fakeServerWithoutRace are the brief and the fake
// server (bench/fakeserver) that useBinaryWithoutRace built, or "" when
// the tests run without -race or the build failed.
var briefWithoutRace, fakeServerWithoutRace string

// TestScripts runs the CLI scripts in testdata/script against the binary,
// with a fake OpenAI-compatible server started by the `serve` command.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			env.Setenv("CORPUS", testcorpus.Find())
			// Tests never reach the network: any request to a host other
			// than loopback (where the fake server listens) goes to a proxy
			// that is not there.
			env.Setenv("HTTPS_PROXY", "http://127.0.0.1:9")
			env.Setenv("HTTP_PROXY", "http://127.0.0.1:9")
			env.Setenv("NO_PROXY", "")
			env.Values[serverKey{}] = &serverSlot{}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"serve":        cmdServe,
			"serverstats":  cmdServerStats,
			"exits":        cmdExits,
			"writebytes":   cmdWriteBytes,
			"waitserved":   cmdWaitServed,
			"waitreceived": cmdWaitReceived,
			"resumed":      cmdResumed,
			"longer":       cmdLonger,
			"sleep":        cmdSleep,
			"servehtml":    cmdServeHTML,
			"redirector":   cmdRedirector,
			"gendocs":      cmdGenDocs,
			"batchstats":   cmdBatchStats,
			"waitbatches":  cmdWaitBatches,
			"answerbatch":  cmdAnswerBatch,
			"countfiles":   cmdCountFiles,
			"requests":     cmdServerRequests,
			"servefile":    cmdServeFile,
			"expandenv":    cmdExpandEnv,
			"ptyrun":       cmdPTYRun,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "corpus" {
				return testcorpus.Find() != "", nil
			}
			if cond == "pty" {
				return hasPTY(), nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

type serverKey struct{}

// serverSlot holds the script's fake server, set by `serve`.
type serverSlot struct {
	srv  *openaitest.Server
	mark openaitest.Stats // the counters when serverstats last ran
}

// cmdServe starts the fake server: `serve [config.json]`. It sets
// OPENAI_BASE_URL, and OPENAI_API_KEY to the config's key.
func cmdServe(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 1 {
		ts.Fatalf("usage: serve [config.json]")
	}
	var cfg openaitest.Config
	if len(args) == 1 {
		if err := json.Unmarshal([]byte(ts.ReadFile(args[0])), &cfg); err != nil {
			ts.Fatalf("server config: %v", err)
		}
	}
	if err := cfg.Validate(); err != nil {
		ts.Fatalf("server config: %v", err)
	}
	srv := openaitest.NewServer(cfg)
	ts.Defer(srv.Close)
	ts.Value(serverKey{}).(*serverSlot).srv = srv
	ts.Setenv("OPENAI_BASE_URL", srv.URL())
	ts.Setenv("FAKE_URL", srv.URL())
	ts.Setenv("OPENAI_API_KEY", cfg.APIKey)
}

// cmdServerStats prints the fake server's counters as JSON on stdout, for
// the `stdout` command to match.
func cmdServerStats(ts *testscript.TestScript, neg bool, args []string) {
	srv := ts.Value(serverKey{}).(*serverSlot).srv
	if srv == nil {
		ts.Fatalf("serverstats: no server; run serve first")
	}
	st := srv.Stats()
	ts.Value(serverKey{}).(*serverSlot).mark = st
	out, _ := json.Marshal(st)
	ts.Stdout().Write(append(out, '\n'))
}

// cmdExits runs a command and checks its exit code: `exits 2 brief x.txt`.
// Its stdout and stderr are then matched as after exec.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		got = exitErr.ExitCode()
	case err != nil:
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// cmdWriteBytes writes hex-encoded bytes to a file: `writebytes FILE HEX`,
// for binary input that a txtar archive cannot hold.
func cmdWriteBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: writebytes FILE HEX")
	}
	data, err := hex.DecodeString(args[1])
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}

// cmdWaitServed waits until the fake server has answered N requests with
// 200: `waitserved 3`. It gives up after 30 seconds.
func cmdWaitServed(ts *testscript.TestScript, neg bool, args []string) {
	waitFor(ts, neg, args, "waitserved", "answers", func(st openaitest.Stats) int { return st.ByStatus[200] })
}

// cmdWaitReceived waits until the fake server has received N chat requests
// (answered or not): `waitreceived N`. Unlike waitserved it tells when a
// request is in flight, whatever time the client takes between requests.
func cmdWaitReceived(ts *testscript.TestScript, neg bool, args []string) {
	waitFor(ts, neg, args, "waitreceived", "requests", func(st openaitest.Stats) int { return st.Requests })
}

// waitFor polls the fake server until count(stats) reaches args[0], for 30
// seconds at most.
func waitFor(ts *testscript.TestScript, neg bool, args []string, name, what string, count func(openaitest.Stats) int) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: %s N", name)
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	srv := ts.Value(serverKey{}).(*serverSlot).srv
	deadline := time.Now().Add(30 * time.Second)
	for count(srv.Stats()) < n {
		if time.Now().After(deadline) {
			ts.Fatalf("%s: %d %s after 30s, want %d", name, count(srv.Stats()), what, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// cmdResumed checks a rerun after an interruption: `resumed out.json`.
// Every request answered before the last serverstats must have come from
// the cache (give or take one answered as the run was cancelled), and the
// requests sent since then must be exactly those the brief counts.
func cmdResumed(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: resumed brief.json")
	}
	var b struct {
		Usage struct {
			Requests       int `json:"requests"`
			CachedRequests int `json:"cached_requests"`
		} `json:"usage"`
	}
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[0])), &b))
	slot := ts.Value(serverKey{}).(*serverSlot)
	now := slot.srv.Stats()
	before := slot.mark.ByStatus[200]
	sent := now.Requests - slot.mark.Requests
	ts.Logf("answered before: %d; rerun: %d sent, %d from cache", before, b.Usage.Requests, b.Usage.CachedRequests)
	if b.Usage.Requests != sent {
		ts.Fatalf("the brief counts %d requests, the server saw %d", b.Usage.Requests, sent)
	}
	if b.Usage.CachedRequests == 0 || b.Usage.CachedRequests > before || before-b.Usage.CachedRequests > 1 {
		ts.Fatalf("%d answers from the cache, want the %d answered before the interruption", b.Usage.CachedRequests, before)
	}
}

// cmdLonger checks that the first file is longer than the second: `longer a b`.
func cmdLonger(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: longer FILE1 FILE2")
	}
	a, b := len(ts.ReadFile(args[0])), len(ts.ReadFile(args[1]))
	if (a > b) == neg {
		ts.Fatalf("%s has %d bytes, %s has %d", args[0], a, args[1], b)
	}
}

// cmdSleep waits: `sleep 300ms`, to interrupt a run that is under way.
func cmdSleep(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sleep DURATION")
	}
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	time.Sleep(d)
}

// cmdServeHTML starts a server that answers every request with a web page
// and 200, as a wrong base URL (a site's home page, a captive portal) does,
// and points OPENAI_BASE_URL at it. No API server behaves so: it imitates
// a wrong --base-url, as observed in issue 10 (item 14).
func cmdServeHTML(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: servehtml")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>")
	}))
	ts.Defer(srv.Close)
	ts.Setenv("OPENAI_BASE_URL", srv.URL+"/v1")
	ts.Setenv("OPENAI_API_KEY", "sk-test")
}

// cmdRedirector starts a server on another port that answers every request
// with a redirect to the fake server, and points OPENAI_BASE_URL at it:
// `redirector 307`.
func cmdRedirector(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: redirector STATUS")
	}
	status, err := strconv.Atoi(args[0])
	ts.Check(err)
	target := ts.Getenv("FAKE_URL")
	if target == "" {
		ts.Fatalf("redirector: run serve first")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.TrimSuffix(target, "/v1")+r.URL.Path, status)
	}))
	ts.Defer(srv.Close)
	ts.Setenv("OPENAI_BASE_URL", srv.URL+"/v1")
}
