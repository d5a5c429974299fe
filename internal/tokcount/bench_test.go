package tokcount

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

const mueller = "reports/mueller-report-2019-ocr.txt"

// BenchmarkCount counts the Mueller report; the goal is ≥ 15 MB/s. The cold
// case empties the word cache before each run.
func BenchmarkCount(b *testing.B) {
	text := string(testcorpus.Read(b, mueller))
	for _, name := range []string{"o200k_base", "cl100k_base"} {
		e := get(b, name)
		for _, cold := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/cold=%v", name, cold), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					if cold {
						e.caches = sync.Pool{}
					}
					e.Count(text)
				}
			})
		}
	}
}

// BenchmarkTiktokenGo is the oracle on the same text, for the ratio.
func BenchmarkTiktokenGo(b *testing.B) {
	text := string(testcorpus.Read(b, mueller))
	o := oracle(b, "o200k_base")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		o.EncodeOrdinary(text)
	}
}

// BenchmarkLoad is the cost of loading o200k_base from its table, and
// BenchmarkLoadTiktoken from tiktoken-go-loader's file.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := loadTable("o200k_base", o200kTable, nextO200k); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPathological counts worst cases at growing sizes: time per byte
// should stay flat (near-linear), and the allocated bytes per byte bounded.
// ReportMetric gives the peak heap growth measured around one count.
func BenchmarkPathological(b *testing.B) {
	e := get(b, "o200k_base")
	cases := map[string]func(n int) string{
		"oneword":  func(n int) string { return strings.Repeat("a", n) },
		"abc":      func(n int) string { return strings.Repeat("abc", n/3) },
		"spaces":   func(n int) string { return strings.Repeat(" ", n) + "x" },
		"newlines": func(n int) string { return strings.Repeat(" \n", n/2) },
		"marks":    func(n int) string { return "e" + strings.Repeat("\u0301", n/2) },
		"punct":    func(n int) string { return strings.Repeat("!", n) },
		"digits":   func(n int) string { return strings.Repeat("7", n) },
		"cjk":      func(n int) string { return strings.Repeat("中", n/3) },
		// randword never repeats, so the long-piece cache cannot help.
		"randword": func(n int) string {
			b := make([]byte, n)
			x := uint32(1)
			for i := range b {
				x = x*1664525 + 1013904223
				b[i] = 'a' + byte(x>>24)%26
			}
			return string(b)
		},
	}
	for _, name := range []string{"randword", "oneword", "abc", "spaces", "newlines", "marks", "punct", "digits", "cjk"} {
		for _, n := range []int{10 << 10, 200 << 10, 4 << 20, 64 << 20} {
			if n == 64<<20 && testing.Short() {
				continue
			}
			b.Run(fmt.Sprintf("%s/%dKiB", name, n>>10), func(b *testing.B) {
				s := cases[name](n)
				b.SetBytes(int64(len(s)))
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				for b.Loop() {
					e.Count(s)
				}
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(s)), "allocB/B")
			})
		}
	}
}

func BenchmarkLoadTiktoken(b *testing.B) {
	for b.Loop() {
		if _, err := load("o200k_base", "o200k_base.tiktoken", nextO200k); err != nil {
			b.Fatal(err)
		}
	}
}
