package cache

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// TestOpenOnFullDisk opens a cache on a full file system (a 16 KiB tmpfs,
// which needs root: skipped otherwise). The error says the disk is full,
// not that the cache is damaged, and no empty responses.db is left behind
// to look like a cache.
func TestOpenOnFullDisk(t *testing.T) {
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size=16k"); err != nil {
		t.Skipf("cannot mount a small tmpfs (needs root): %v", err)
	}
	defer unix.Unmount(dir, 0)
	if err := os.WriteFile(filepath.Join(dir, "fill"), make([]byte, 16<<10), 0o600); err != nil && !errors.Is(err, syscall.ENOSPC) {
		t.Fatal(err)
	}
	c, err := Open(filepath.Join(dir, "c"), Options{})
	if err == nil {
		c.Close()
		t.Fatal("Open succeeded on a full disk")
	}
	if !errors.Is(err, syscall.ENOSPC) || errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v; want ENOSPC, not ErrCorrupt", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "c", FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s left behind (%v)", FileName, err)
	}
}
