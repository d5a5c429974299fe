package summarize

import (
	"context"
	"strings"
	"testing"

	"sync"
)

func TestCacheRerunSendsNothing(t *testing.T) {
	rc := &memCache{m: map[CacheKey]CachedAnswer{}} // internal/answercache tests the on-disk store
	text := longReport(60)
	newRun := func() (*scripted, *Brief) {
		c := &scripted{}
		s, err := New(Options{Completer: c, ChunkTokens: 400, Cache: rc, CacheScope: "http://test/v1", Sleep: noSleep})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Summarize(context.Background(), Input{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return c, b
	}
	first, b1 := newRun()
	if len(first.requests) < 5 || b1.Usage.CachedRequests != 0 {
		t.Fatalf("first run: %d requests, %d cached", len(first.requests), b1.Usage.CachedRequests)
	}
	second, b2 := newRun()
	if len(second.requests) != 0 {
		t.Fatalf("rerun sent %d requests", len(second.requests))
	}
	if b2.Usage.CachedRequests != len(first.requests) || b2.Usage.Requests != 0 {
		t.Fatalf("rerun usage %+v", b2.Usage)
	}
	if b1.Markdown(RenderOptions{}) != b2.Markdown(RenderOptions{}) {
		t.Fatal("the cached brief differs")
	}

	// An edit to one paragraph redoes the chunks it touched, not the whole
	// report. (The steps above re-run only if their input changed: this
	// fake's notes do not depend on the edited words.)
	text = strings.Replace(text, "Paragraph 30 tells", "Paragraph 30 now tells", 1)
	third, _ := newRun()
	steps := third.steps()
	if steps["map"] == 0 || steps["map"] > 2 {
		t.Fatalf("after a one-paragraph edit: %v of %d map requests", steps, first.steps()["map"])
	}
}

func TestCacheKeyIgnoresFenceNotContent(t *testing.T) {
	s, _ := New(Options{Completer: &scripted{}, CacheScope: "a"})
	r1 := &run{s: s}
	r1.newFence("x")
	r2 := &run{s: s}
	r2.newFence("x")
	req := func(r *run, text string) Request {
		return Request{Messages: []Message{{Role: "user", Content: r.open + "\n" + text + "\n" + r.shut}}}
	}
	if r1.cacheKey(req(r1, "a")) != r2.cacheKey(req(r2, "a")) {
		t.Fatal("same prompt under two fences gives two keys")
	}
	if r1.cacheKey(req(r1, "a")) == r1.cacheKey(req(r1, "b")) {
		t.Fatal("different prompts share a key")
	}
	other, _ := New(Options{Completer: &scripted{}, CacheScope: "b"})
	r3 := &run{s: other, fenceID: r1.fenceID, open: r1.open, shut: r1.shut}
	if r1.cacheKey(req(r1, "a")) == r3.cacheKey(req(r3, "a")) {
		t.Fatal("two endpoints share a key")
	}
}

// memCache is a Cache in memory.
type memCache struct {
	mu sync.Mutex
	m  map[CacheKey]CachedAnswer
}

func (c *memCache) Get(_ context.Context, key CacheKey) (CachedAnswer, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.m[key]
	return a, ok, nil
}

func (c *memCache) Put(_ context.Context, key CacheKey, a CachedAnswer) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = a
	return nil
}
