package answercache

import (
	"context"
	"testing"

	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/summarize"
)

// TestRoundTrip stores an answer through the adapter and reads it back,
// from the adapter and from the cache under the same key.
func TestRoundTrip(t *testing.T) {
	c, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	s := New(c)
	key := summarize.CacheKey(cache.KeyOf("scope", "model", "prompt"))
	if _, ok, err := s.Get(ctx, key); ok || err != nil {
		t.Fatalf("empty cache: ok %t, err %v", ok, err)
	}
	want := summarize.CachedAnswer{Content: "{}", FinishReason: "stop", PromptTokens: 120, CompletionTokens: 7, Model: "gpt-4o-mini"}
	if err := s.Put(ctx, key, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Get(ctx, key)
	if !ok || err != nil || got != want {
		t.Fatalf("got %+v, %t, %v; want %+v", got, ok, err, want)
	}
	if e, ok, _ := c.Get(ctx, cache.Key(key)); !ok || e.Content != want.Content || key.String() != cache.Key(key).String() {
		t.Fatalf("the cache holds %+v under %s", e, key)
	}
}
