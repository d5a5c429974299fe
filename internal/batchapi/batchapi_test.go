package batchapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/brief-cli/brief/internal/answercache"
	"github.com/brief-cli/brief/internal/batchapi"
	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/internal/openaitest"
	"github.com/brief-cli/brief/summarize"
	oaiclient "github.com/brief-cli/brief/summarize/openai"
)

const model = "gpt-4o-mini"

// report builds a report long enough, at the test's small chunk size, to
// need map, reduce and brief steps.
func report(seed, paragraphs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Report %d on regional water systems\n\n", seed)
	for i := range paragraphs {
		fmt.Fprintf(&b, "The agency inspected %d plants in district %d during 2023. Inspectors found that %d of them lacked backup power for pumps. "+
			"The water board of district %d said repairs would cost $%d million and take %d months. Officials in district %d plan to publish a report in March.\n\n",
			10+i+seed, i+1, 2+i%5, i+1, 3+i, 6+i%4, i+1)
	}
	return b.String()
}

func options(c summarize.Completer, rc summarize.Cache, scope string) summarize.Options {
	return summarize.Options{
		Engine: summarize.EngineLLM, Completer: c, Model: model, Cache: rc, CacheScope: scope,
		ContextTokens: 8192, ChunkTokens: 400, MaxOutputTokens: 512, MaxRetries: -1, FixedSizing: true,
		Sleep: func(context.Context, time.Duration) error { return nil },
	}
}

func client(srv *openaitest.Server) *openai.Client {
	cfg := openai.DefaultConfig("sk-test")
	cfg.BaseURL = srv.URL()
	cfg.HTTPClient = srv.Client()
	return openai.NewClientWithConfig(cfg)
}

// runBatches takes every input to a brief through batches, and returns
// the briefs' markdown and how many passes it took.
func runBatches(t *testing.T, srv *openaitest.Server, rc *cache.Cache, ins []summarize.Input, maxLines int) ([]string, int) {
	t.Helper()
	ctx := context.Background()
	eng := batchapi.New(batchapi.Options{Store: rc, API: client(srv), Scope: srv.URL(), Model: model, Temperature: 0.2, MaxLines: maxLines})
	if _, err := eng.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := summarize.New(options(eng, answercache.New(rc), srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(ins))
	for pass := 1; pass <= 20; pass++ {
		eng.StartPass()
		pending := 0
		for i, in := range ins {
			if out[i] != "" {
				continue
			}
			b, err := s.Summarize(ctx, in)
			switch {
			case errors.Is(err, summarize.ErrPending):
				pending++
			case err != nil:
				t.Fatalf("pass %d: %s: %v", pass, in.Name, err)
			default:
				out[i] = b.Markdown(summarize.RenderOptions{})
			}
		}
		if pending == 0 {
			return out, pass
		}
		if _, err := eng.Submit(ctx); err != nil {
			t.Fatalf("pass %d: submit: %v", pass, err)
		}
		for range 100 {
			rep, err := eng.Poll(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Collected > 0 {
				break
			}
		}
	}
	t.Fatal("documents still pending after 20 passes")
	return nil, 0
}

// TestBatchEqualsSync: briefs finished through batches, with failed lines
// and an expired batch on the way, are byte-identical to a synchronous
// run's against the same fake model, and no synchronous request is sent.
func TestBatchEqualsSync(t *testing.T) {
	srv := openaitest.NewServer(openaitest.Config{APIKey: "sk-test", Models: []string{model}, Seed: 7,
		Batch: openaitest.BatchConfig{TimeStep: openaitest.Duration(5 * time.Minute), LineFailRate: 0.2, Expire: []int{2}}})
	defer srv.Close()
	var ins []summarize.Input
	for i := range 6 {
		ins = append(ins, summarize.Input{Name: fmt.Sprintf("r%d.txt", i), Text: report(i, 4+i*6)})
	}
	rc, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, passes := runBatches(t, srv, rc, ins, 7)
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("%d synchronous chat requests, want 0", n)
	}
	bs := srv.BatchStats()
	if bs.Expired != 1 || bs.FailedLines == 0 || bs.Batches < 3 {
		t.Errorf("batch stats %+v: want an expired batch, failed lines, several batches", bs)
	}
	t.Logf("%d passes, batch stats %+v", passes, bs)
	if passes < 3 {
		t.Errorf("%d passes; the long reports need map, reduce and brief steps", passes)
	}

	// The synchronous run, with no cache, against the same model.
	sync := openaitest.NewServer(openaitest.Config{APIKey: "sk-test", Models: []string{model}})
	defer sync.Close()
	oa := oaiclient.New(oaiclient.Config{BaseURL: sync.URL(), APIKey: "sk-test", Model: model, Temperature: 0.2, HTTPClient: sync.Client()})
	s, err := summarize.New(options(oa, nil, ""))
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range ins {
		b, err := s.Summarize(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if want := b.Markdown(summarize.RenderOptions{}); got[i] != want {
			t.Errorf("%s: the batch brief differs from the synchronous one:\n--- batch\n%s\n--- sync\n%s", in.Name, got[i], want)
		}
	}

	// A rerun finds everything in the response cache: no batch at all.
	before := srv.BatchStats().Batches
	again, passes := runBatches(t, srv, rc, ins, 7)
	if passes != 1 || srv.BatchStats().Batches != before || again[0] != got[0] {
		t.Errorf("rerun took %d passes and %d new batches; want 1 and 0", passes, srv.BatchStats().Batches-before)
	}
}

// TestValidationFailure: a batch that fails validation fails its
// requests with a message naming the line, and a new run tries again.
func TestValidationFailure(t *testing.T) {
	srv := openaitest.NewServer(openaitest.Config{APIKey: "sk-test", Models: []string{model},
		Batch: openaitest.BatchConfig{TimeStep: openaitest.Duration(time.Hour), FailValidation: []int{1}}})
	defer srv.Close()
	rc, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	ctx := context.Background()
	eng := batchapi.New(batchapi.Options{Store: rc, API: client(srv), Scope: srv.URL(), Model: model})
	s, err := summarize.New(options(eng, answercache.New(rc), srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	in := summarize.Input{Name: "a.txt", Text: report(1, 2)}
	if _, err := s.Summarize(ctx, in); !errors.Is(err, summarize.ErrPending) {
		t.Fatalf("first pass: %v, want pending", err)
	}
	if rep, err := eng.Submit(ctx); err != nil || rep.Batches != 1 {
		t.Fatalf("submit: %+v %v", rep, err)
	}
	rep, err := eng.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Jobs) != 1 || !strings.Contains(rep.Jobs[0].Problem, "line 1") || !strings.Contains(rep.Jobs[0].Problem, "custom_id") {
		t.Fatalf("poll: %+v; want a validation problem naming line 1 and its custom_id", rep.Jobs)
	}
	eng.StartPass()
	_, err = s.Summarize(ctx, in)
	var le *batchapi.LineError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "validation") {
		t.Fatalf("after the failed batch: %v, want a LineError about validation", err)
	}
	if n, err := eng.Restart(ctx); err != nil || n != 1 {
		t.Fatalf("restart: %d %v, want 1 request back in line", n, err)
	}
}

// TestExportImport: export writes input lines; answering them with the
// fake model and importing them lets the document finish.
func TestExportImport(t *testing.T) {
	srv := openaitest.NewServer(openaitest.Config{Models: []string{model}, Batch: openaitest.BatchConfig{TimeStep: openaitest.Duration(time.Hour)}})
	defer srv.Close()
	rc, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	ctx := context.Background()
	eng := batchapi.New(batchapi.Options{Store: rc, Scope: "local", Model: model})
	s, err := summarize.New(options(eng, answercache.New(rc), "local"))
	if err != nil {
		t.Fatal(err)
	}
	in := summarize.Input{Name: "a.txt", Text: report(3, 12)}
	for pass := 1; ; pass++ {
		if pass > 10 {
			t.Fatal("not done after 10 passes")
		}
		eng.StartPass()
		_, err := s.Summarize(ctx, in)
		if err == nil {
			break
		}
		if !errors.Is(err, summarize.ErrPending) {
			t.Fatal(err)
		}
		var file bytes.Buffer
		if _, err := eng.Export(ctx, &file); err != nil {
			t.Fatal(err)
		}
		var results bytes.Buffer
		if err := openaitest.AnswerBatchFile(srv.Handler, &file, &results); err != nil {
			t.Fatal(err)
		}
		rep, err := eng.Import(ctx, &results)
		if err != nil || rep.Answered == 0 || rep.Malformed+rep.Unknown != 0 {
			t.Fatalf("import: %+v %v", rep, err)
		}
	}
}

// TestFaults: lost and mangled output files, and a full queue, cost a
// retry, not a document.
func TestFaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  openaitest.BatchConfig
		// ok checks the server's counters.
		ok func(openaitest.BatchStats) bool
	}{
		{"lost output file", openaitest.BatchConfig{LoseOutput: []int{1}}, func(s openaitest.BatchStats) bool { return s.Resubmitted > 0 }},
		// A broken line is skipped; the others are good.
		{"mangled output file", openaitest.BatchConfig{MangleOutput: []int{1, 2}}, func(s openaitest.BatchStats) bool { return s.Resubmitted == 0 }},
		// Batches refused at validation run again later.
		{"queue limit", openaitest.BatchConfig{QueueLimit: 8}, func(s openaitest.BatchStats) bool { return s.Batches > 4 }},
		{"expired", openaitest.BatchConfig{Expire: []int{1, 3}}, func(s openaitest.BatchStats) bool { return s.Resubmitted > 0 && s.Expired == 2 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.TimeStep = openaitest.Duration(4 * time.Minute)
			srv := openaitest.NewServer(openaitest.Config{APIKey: "sk-test", Models: []string{model}, Batch: tc.cfg})
			defer srv.Close()
			rc, err := cache.Open(t.TempDir(), cache.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			var ins []summarize.Input
			for i := range 5 {
				ins = append(ins, summarize.Input{Name: fmt.Sprintf("r%d.txt", i), Text: report(i, 3+i*3)})
			}
			got, _ := runBatches(t, srv, rc, ins, 6)
			for i, b := range got {
				if !strings.Contains(b, "# ") {
					t.Errorf("%s: no brief", ins[i].Name)
				}
			}
			if st := srv.BatchStats(); !tc.ok(st) {
				t.Errorf("unexpected server counters %+v", st)
			}
		})
	}
}

// flakyAPI loses the answer to the first batch creation (the batch is
// made), as a crash or a cut connection right after the call would, and
// refuses uploads while refuse is set.
type flakyAPI struct {
	*openai.Client
	lost   bool
	refuse bool
}

func (f *flakyAPI) CreateBatch(ctx context.Context, r openai.CreateBatchRequest) (openai.BatchResponse, error) {
	b, err := f.Client.CreateBatch(ctx, r)
	if err == nil && !f.lost {
		f.lost = true
		return openai.BatchResponse{}, errors.New("connection reset by peer")
	}
	return b, err
}

func (f *flakyAPI) CreateFileBytes(ctx context.Context, r openai.FileBytesRequest) (openai.File, error) {
	if f.refuse {
		return openai.File{}, &openai.APIError{HTTPStatusCode: 429, Code: "insufficient_quota", Message: "You exceeded your current quota."}
	}
	return f.Client.CreateFileBytes(ctx, r)
}

// TestSubmitNothingTwice: a batch whose creation answer was lost is found
// again by its input file, not created twice; a refused upload leaves the
// requests waiting, with a quota error.
func TestSubmitNothingTwice(t *testing.T) {
	srv := openaitest.NewServer(openaitest.Config{APIKey: "sk-test", Models: []string{model}, Batch: openaitest.BatchConfig{TimeStep: openaitest.Duration(time.Hour)}})
	defer srv.Close()
	rc, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	ctx := context.Background()
	api := &flakyAPI{Client: client(srv), refuse: true}
	eng := batchapi.New(batchapi.Options{Store: rc, API: api, Scope: srv.URL(), Model: model})
	s, err := summarize.New(options(eng, answercache.New(rc), srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	in := summarize.Input{Name: "a.txt", Text: report(2, 2)}
	if _, err := s.Summarize(ctx, in); !errors.Is(err, summarize.ErrPending) {
		t.Fatal(err)
	}
	if _, err := eng.Submit(ctx); !errors.Is(err, summarize.ErrQuota) {
		t.Fatalf("refused upload: %v, want a quota error", err)
	}
	if jobs, _ := eng.Jobs(ctx, true); len(jobs) != 0 {
		t.Fatalf("%d jobs left after a refused upload", len(jobs))
	}
	api.refuse = false
	if _, err := eng.Submit(ctx); err == nil {
		t.Fatal("the lost answer was not reported")
	}
	// The next round (or a rerun after a kill) settles the job first.
	if _, err := eng.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := eng.Submit(ctx)
	if err != nil || rep.Batches != 0 {
		t.Fatalf("submit after recovery: %+v %v; want nothing new", rep, err)
	}
	if n := srv.BatchStats().Batches; n != 1 {
		t.Fatalf("%d batches on the server, want 1", n)
	}
	if p, err := eng.Poll(ctx); err != nil || p.Collected != 1 {
		t.Fatalf("poll: %+v %v", p, err)
	}
	eng.StartPass()
	if _, err := s.Summarize(ctx, in); err != nil {
		t.Fatal(err)
	}
}
