package cache

import (
	"context"
	"testing"
)

func TestParseKey(t *testing.T) {
	k := KeyOf("a", "b")
	if got, ok := ParseKey(k.String()); !ok || got != k {
		t.Fatalf("round trip: %v %v", got, ok)
	}
	for _, bad := range []string{"", "request-1", k.String()[:63], k.String() + "0", "G" + k.String()[1:], "A" + k.String()[1:]} {
		if _, ok := ParseKey(bad); ok {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
}

// TestBatchJobLifecycle: a job takes its requests out of line; releasing
// it puts them back; results and restarts move them as documented.
func TestBatchJobLifecycle(t *testing.T) {
	ctx := context.Background()
	c, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	keys := []Key{KeyOf("1"), KeyOf("2"), KeyOf("3")}
	for _, k := range keys {
		if added, err := c.AddBatchRequest(ctx, BatchRequest{Key: k, Scope: "s", Step: "map", Body: []byte(`{}`)}); err != nil || !added {
			t.Fatalf("add: %v %v", added, err)
		}
	}
	if added, _ := c.AddBatchRequest(ctx, BatchRequest{Key: keys[0], Scope: "s", Step: "map", Body: []byte(`{"x":1}`)}); added {
		t.Fatal("a known key was added again")
	}
	state := func(k Key) BatchState {
		r, ok, err := c.BatchRequest(ctx, k)
		if err != nil || !ok {
			t.Fatalf("get: %v %v", ok, err)
		}
		return r.State
	}
	id, err := c.NewBatchJob(ctx, "s", keys[:2])
	if err != nil {
		t.Fatal(err)
	}
	if state(keys[0]) != BatchSubmitted || state(keys[2]) != BatchPending {
		t.Fatal("NewBatchJob did not take exactly its requests")
	}
	if err := c.ReleaseBatchJob(ctx, id); err != nil {
		t.Fatal(err)
	}
	if state(keys[0]) != BatchPending {
		t.Fatal("release did not put the request back")
	}
	if jobs, _ := c.BatchJobs(ctx, "s", false); len(jobs) != 0 {
		t.Fatalf("%d jobs after release", len(jobs))
	}
	id, _ = c.NewBatchJob(ctx, "s", keys)
	reqs, err := c.JobRequests(ctx, id)
	if err != nil || len(reqs) != 3 || reqs[2].Line != 3 {
		t.Fatalf("job requests: %+v %v", reqs, err)
	}
	reqs[0].State, reqs[0].Content = BatchAnswered, "ok"
	reqs[1].State, reqs[1].Attempts = BatchFailed, 3
	reqs[2].State = BatchCancelled
	if err := c.SetBatchResults(ctx, reqs); err != nil {
		t.Fatal(err)
	}
	if n, err := c.RestartBatchFailures(ctx, "s"); err != nil || n != 2 {
		t.Fatalf("restart: %d %v, want 2", n, err)
	}
	if state(keys[0]) != BatchAnswered || state(keys[1]) != BatchPending || state(keys[2]) != BatchPending {
		t.Fatal("restart moved the wrong requests")
	}
	counts, err := c.BatchStateCounts(ctx, "s")
	if err != nil || counts["map"][BatchPending] != 2 || counts["map"][BatchAnswered] != 1 {
		t.Fatalf("counts %v %v", counts, err)
	}
}
