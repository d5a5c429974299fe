package cache

import (
	"context"
	"testing"
)

// TestLimits stores, replaces, reopens and clears the rate limits kept for
// an endpoint and model.
func TestLimits(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := openTest(t, dir)
	key := LimitsKey("https://gateway.example/v1", "gpt-4o-mini")
	if _, ok, err := c.Limits(ctx, key); err != nil || ok {
		t.Fatalf("fresh cache: ok %v, err %v", ok, err)
	}
	if key == LimitsKey("https://gateway.example/v1", "gpt-4o") || key == KeyOf("https://gateway.example/v1", "gpt-4o-mini") {
		t.Fatal("limits keys collide with another model's or a response's")
	}
	for _, want := range []Limits{{Requests: 500, Tokens: 200_000}, {Requests: 5000, Tokens: 4_000_000}, {Tokens: 1000}} {
		if err := c.PutLimits(ctx, key, want); err != nil {
			t.Fatal(err)
		}
		got, ok, err := c.Limits(ctx, key)
		if err != nil || !ok || got.Requests != want.Requests || got.Tokens != want.Tokens || got.SeenAt.IsZero() {
			t.Fatalf("Limits = %+v, %v, %v; want %+v", got, ok, err, want)
		}
	}
	if err := c.PutLimits(ctx, key, Limits{Tokens: -1}); err == nil {
		t.Error("a negative limit was stored")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c = openTest(t, dir)
	if got, ok, _ := c.Limits(ctx, key); !ok || got.Tokens != 1000 {
		t.Fatalf("after reopening: %+v, %v", got, ok)
	}
	if st, err := c.Stats(ctx); err != nil || st.RateLimits != 1 {
		t.Errorf("Stats: %d rate limits kept (%v), want 1", st.RateLimits, err)
	}
	if err := c.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := c.Limits(ctx, key); ok {
		t.Error("Clear kept the limits")
	}
	if st, err := c.Stats(ctx); err != nil || st.RateLimits != 0 {
		t.Errorf("Stats after Clear: %d rate limits kept (%v), want 0", st.RateLimits, err)
	}
}
