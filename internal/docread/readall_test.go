package docread

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadAll: whatever r tells of its length (a file, a bytes or strings
// reader, nothing), ReadAll returns exactly its bytes up to the limit and
// ErrTooLarge past it.
func TestReadAll(t *testing.T) {
	data := bytes.Repeat([]byte("The committee met on 3 May. "), 100) // 2,800 bytes
	file := filepath.Join(t.TempDir(), "report.txt")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	readers := map[string]func() io.Reader{
		"bytes":   func() io.Reader { return bytes.NewReader(data) },
		"strings": func() io.Reader { return strings.NewReader(string(data)) },
		"one byte at a time": func() io.Reader {
			return iotest.OneByteReader(bytes.NewReader(data))
		},
		"file": func() io.Reader {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f
		},
	}
	for name, r := range readers {
		for _, limit := range []int64{int64(len(data)), int64(len(data)) + 1, 1 << 20, int64(len(data)) - 1, 10} {
			t.Run(fmt.Sprintf("%s/limit %d", name, limit), func(t *testing.T) {
				got, err := ReadAll(r(), limit)
				if limit < int64(len(data)) {
					if !errors.Is(err, ErrTooLarge) {
						t.Fatalf("limit %d: err = %v, want ErrTooLarge", limit, err)
					}
					return
				}
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("limit %d: %d bytes, err %v; want the %d bytes", limit, len(got), err, len(data))
				}
			})
		}
	}
	if _, err := ReadAll(iotest.ErrReader(errors.New("disk gone")), 100); err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Fatalf("a failing reader: err = %v", err)
	}
}
