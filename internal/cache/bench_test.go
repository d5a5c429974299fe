package cache

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
)

// benchContent is about the size of a map step's JSON answer.
var benchContent = strings.Repeat("A fact from the report, with a date and a number. ", 40)

// BenchmarkPut stores a new 2 KiB entry per op (one write transaction).
func BenchmarkPut(b *testing.B) {
	c := openTest(b, b.TempDir())
	ctx := context.Background()
	e := Entry{Content: benchContent, FinishReason: "stop", PromptTokens: 1500, CompletionTokens: 400, Model: "m"}
	b.SetBytes(int64(len(benchContent)))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := c.Put(ctx, KeyOf(strconv.Itoa(i)), e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetHit reads an entry and counts the hit (a read and a write
// transaction) among 10,000 entries.
func BenchmarkGetHit(b *testing.B) {
	c, keys := benchCache(b)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if _, ok, err := c.Get(ctx, keys[i%len(keys)]); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkGetMiss looks up an absent key (a read only).
func BenchmarkGetMiss(b *testing.B) {
	c, _ := benchCache(b)
	ctx := context.Background()
	miss := KeyOf("absent")
	for b.Loop() {
		if _, ok, err := c.Get(ctx, miss); err != nil || ok {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkGetHitParallel runs hits from GOMAXPROCS goroutines.
func BenchmarkGetHitParallel(b *testing.B) {
	c, keys := benchCache(b)
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, ok, err := c.Get(ctx, keys[i%len(keys)]); err != nil || !ok {
				b.Error(ok, err)
				return
			}
			i++
		}
	})
}

// BenchmarkOpen opens a cache of 10,000 entries (20 MiB): mostly the
// integrity check.
func BenchmarkOpen(b *testing.B) {
	c, _ := benchCache(b)
	dir := c.Path()[:len(c.Path())-len(FileName)]
	c.Close()
	for b.Loop() {
		c, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
}

func benchCache(b *testing.B) (*Cache, []Key) {
	b.Helper()
	c := openTest(b, b.TempDir())
	ctx := context.Background()
	keys := make([]Key, 10_000)
	e := Entry{Content: benchContent, FinishReason: "stop", PromptTokens: 1500, CompletionTokens: 400}
	// One transaction for the setup: it is not what is measured.
	err := c.write(ctx, func(tx *sql.Tx) error {
		for i := range keys {
			keys[i] = KeyOf(strconv.Itoa(i))
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO responses (key, content, finish_reason, model, prompt_tokens, completion_tokens, created_at)
				 VALUES (?, ?, ?, '', ?, ?, 0)`,
				keys[i][:], e.Content, e.FinishReason, e.PromptTokens, e.CompletionTokens); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	return c, keys
}
