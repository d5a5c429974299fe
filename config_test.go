package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdExpandEnv replaces $VAR and ${VAR} in a file with the script's
// environment: `expandenv config.toml`, for a config file that names the
// fake server's URL.
func cmdExpandEnv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: expandenv FILE")
	}
	text := os.Expand(ts.ReadFile(args[0]), ts.Getenv)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(text), 0o644))
}

// ptyEnv are the variables a command run by ptyrun takes from the script.
var ptyEnv = []string{"PATH", "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "NO_COLOR", "TERM", "COLORTERM",
	"OPENAI_BASE_URL", "OPENAI_API_KEY", "BRIEF_PROFILE", "BRIEF_CONFIG", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"}

// cmdPTYRun runs a command with its standard output and error on a
// pseudo-terminal COLS columns wide and prints what the terminal showed on
// the script's stdout: `ptyrun 60 brief report.txt`. It fails if the
// command fails. Scripts check the [pty] condition first.
func cmdPTYRun(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: ptyrun COLS command [args...]")
	}
	cols, err := strconv.Atoi(args[0])
	ts.Check(err)
	pty, tty, err := openPTYPair(uint16(cols))
	if err != nil {
		ts.Fatalf("ptyrun: no pseudo-terminal (check [pty] first): %v", err)
	}
	defer pty.Close()
	path, err := exec.LookPath(args[1])
	ts.Check(err)
	cmd := exec.Command(path, args[2:]...)
	cmd.Dir = ts.Getenv("WORK")
	for _, name := range ptyEnv {
		if v := ts.Getenv(name); v != "" {
			cmd.Env = append(cmd.Env, name+"="+v)
		}
	}
	cmd.Stdout, cmd.Stderr = tty, tty
	var (
		screen bytes.Buffer
		wg     sync.WaitGroup
	)
	wg.Add(1)
	go func() { defer wg.Done(); io.Copy(&screen, pty) }() // ends when tty closes
	err = cmd.Run()
	tty.Close()
	wg.Wait()
	ts.Stdout().Write(bytes.ReplaceAll(screen.Bytes(), []byte("\r\n"), []byte("\n")))
	if err != nil {
		ts.Fatalf("ptyrun: %v", err)
	}
}

// hasPTY is the scripts' [pty] condition.
func hasPTY() bool {
	pty, tty, err := openPTYPair(80)
	if err != nil {
		return false
	}
	pty.Close()
	tty.Close()
	return true
}

func TestVersionLine(t *testing.T) {
	tests := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "false"}}},
			"brief v1.2.0, revision 0123456789ab of 2026-12-01T10:00:00Z, go1.26.8"},
		{"checkout with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}},
			"brief (devel), revision abc with local changes, go1.26.8"},
		{"no vcs", &debug.BuildInfo{GoVersion: "go1.26.8"}, "brief (devel), revision unknown (built without VCS information), go1.26.8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionLine(tt.info, true); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFlagsGivenAndUnknown(t *testing.T) {
	fl := flags()
	tests := []struct {
		args    []string
		given   []string
		unknown string
	}{
		{[]string{"brief", "-m", "x", "--profile=a", "--", "r.txt"}, []string{"model", "profile"}, ""},
		{[]string{"brief", "--raw", "--frobnicate=3", "r.txt"}, []string{"raw"}, "--frobnicate"},
		{[]string{"brief", "-c", "2", "-z"}, []string{"concurrency"}, "-z"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got := flagsGiven(tt.args, fl)
			if len(got) != len(tt.given) {
				t.Errorf("flagsGiven = %v, want %v", got, tt.given)
			}
			for _, g := range tt.given {
				if !got[g] {
					t.Errorf("flagsGiven misses %s", g)
				}
			}
			u, _ := unknownFlag(tt.args, fl)
			if u != tt.unknown {
				t.Errorf("unknownFlag = %q, want %q", u, tt.unknown)
			}
		})
	}
}

// TestConfigExampleParses checks that `brief config init` writes a file
// brief reads without complaint, with the three documented profiles.
func TestConfigExampleParses(t *testing.T) {
	path := t.TempDir() + "/config.toml"
	os.WriteFile(path, exampleConfig, 0o644)
	cf, found, err := loadConfigFile(path)
	if err != nil || !found {
		t.Fatalf("example config: %v", err)
	}
	for _, name := range []string{"openai", "local", "router"} {
		if _, ok := cf.Profiles[name]; !ok {
			t.Errorf("no profile %s", name)
		}
	}
}

// FuzzConfigFile checks that any file gives either settings or one usage
// error that names the file, and never panics.
func FuzzConfigFile(f *testing.F) {
	f.Add(string(exampleConfig))
	f.Add("[profiles.a]\nmodle = 1\n")
	f.Add("[profiles.a]\napi_key = \"sk-x\"\n")
	f.Add("profile = \"a\"\n[profiles.a]\ntimeout = \"1h\"\nconcurrency = 0\n")
	f.Add("[profiles.a\n")
	f.Fuzz(func(t *testing.T, text string) {
		path := t.TempDir() + "/config.toml"
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := loadConfigFile(path)
		if err == nil {
			return
		}
		var usage *usageError
		if !errors.As(err, &usage) {
			t.Fatalf("not a usage error: %v", err)
		}
		if !strings.HasPrefix(usage.msg, path) {
			t.Fatalf("the message does not name the file: %q", usage.msg)
		}
	})
}
