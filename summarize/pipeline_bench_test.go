package summarize_test

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/brief-cli/brief/internal/openaitest"
	"github.com/brief-cli/brief/internal/testcorpus"
	"github.com/brief-cli/brief/summarize"
	"github.com/brief-cli/brief/summarize/openai"
)

var (
	pipelineLatency  = flag.Duration("pipeline.latency", 200*time.Millisecond, "fake server latency per request in BenchmarkPipeline")
	pipelineTTFT     = flag.Duration("pipeline.ttft", 0, "of that latency, the time to the first byte; the rest is spent streaming the answer (0: all of it before the first byte)")
	pipelineChunk    = flag.Int("pipeline.chunk", 1500, "chunk cap in BenchmarkPipeline (0: the default, by the window), small by default so that concurrency 16 has 25 chunks to overlap")
	pipelineStyle    = flag.String("pipeline.style", "", "the fake server imitates this server (openai, llamacpp, vllm, ollama, lmstudio) with a 128k window, and the pipeline probes it as the CLI does; a local server's is then known to have no rate limits (empty: an OpenAI-style server, not probed)")
	pipelineRecall   = flag.Bool("pipeline.recall", false, "each run starts with the rate limits an earlier run kept (summarize.LimitsCache), as a user's second run does: one unmeasured run keeps them first")
	pipelinePlatform = flag.Bool("pipeline.platform", false, "the client's base URL is OpenAI's (https://api.openai.com/v1), its requests taken to the fake server behind TLS, so that the slow start may send half the model's Tier-1 limit blind")
)

// probed is the benchmark's timed Completer that also asks the server
// for its window and whether it is local, and tells whether it is
// OpenAI's API, as openai.Client does for the CLI.
type probed struct {
	timed  summarize.CompleterFunc
	client *openai.Client
}

func (p probed) Complete(ctx context.Context, req summarize.Request) (summarize.Response, error) {
	return p.timed(ctx, req)
}

func (p probed) ProbeWindow(ctx context.Context) summarize.WindowInfo {
	return p.client.ProbeWindow(ctx)
}

func (p probed) Local(ctx context.Context) bool { return p.client.Local(ctx) }

func (p probed) OpenAIPlatform() bool { return p.client.OpenAIPlatform() }

// BenchmarkPipeline runs the whole LLM pipeline on a long real report
// against the fake server with a fixed latency per request, and reports
// the wall time against the critical path: (map rounds + reduce rounds + 1)
// × latency. A ratio near 1 means the pipeline adds little beyond waiting
// for the model.
//
// The fake server runs in process, on the same cores: its own work per
// request (counting the prompt with the tiktoken-go oracle, composing and
// streaming the answer) is reported apart as server-ms-per-request, and
// the client's (HTTP, decoding the stream) as client-ms-per-request, both
// beyond the latency; first-request-ms is the time before the first
// request leaves and after-last-ms the time after the last answer (the
// grounding check); first-wave-requests are the requests the server
// received before it wrote the first answer's headers, which the pacer's
// slow start holds to what its budget of tokens sent blind allows (a
// figure the machine's load hardly changes).
//
//	go test ./summarize -run '^$' -bench Pipeline -benchtime 3x
//	go test ./summarize -run '^$' -bench Pipeline -benchtime 1x -args -pipeline.latency 1s
//	go test ./summarize -run '^$' -bench Pipeline -benchtime 1x -args -pipeline.latency 1s -pipeline.ttft 200ms
//	go test ./summarize -run '^$' -bench Pipeline -benchtime 1x -args -pipeline.latency 1s -pipeline.style llamacpp
//	go test ./summarize -run '^$' -bench Pipeline -benchtime 1x -args -pipeline.latency 1s -pipeline.chunk 6000 -pipeline.platform
//	go test ./summarize -run '^$' -bench Pipeline -benchtime 1x -args -pipeline.latency 1s -pipeline.recall
//
// An OpenAI-style server that answers after the full latency tells its
// rate limits (or that it has none) only then, so at concurrency 16 the
// pacer's slow start (what two default requests reserve, until the first
// answer begins) can cost a round of requests there; on OpenAI's own API
// (-pipeline.platform) it may send half the model's published Tier-1
// limit; a local server (-pipeline.style llamacpp, on loopback) is known
// to have none before the first request; and a run that starts with what
// an earlier run kept of the server's limits (-pipeline.recall) need not
// wait for them.
func BenchmarkPipeline(b *testing.B) {
	latency := *pipelineLatency
	data, err := os.ReadFile(filepath.Join(testcorpus.Dir(b), "reports", "911-commission-ch01-we-have-some-planes.txt"))
	if err != nil {
		b.Fatal(err)
	}
	fake := openaitest.Config{Latency: openaitest.Duration(latency)}
	if *pipelineStyle != "" {
		fake.ErrorStyle, fake.ContextWindow = openaitest.Style(*pipelineStyle), 128000
	}
	if ttft := *pipelineTTFT; ttft > 0 && ttft < latency {
		fake.Latency, fake.StreamTime = openaitest.Duration(ttft), openaitest.Duration(latency-ttft)
	}
	h, err := openaitest.NewHandler(fake)
	if err != nil {
		b.Fatal(err)
	}
	var (
		mu             sync.Mutex
		first, last    time.Time
		served, waited time.Duration // summed over requests
		requests       int
		firstWave      int  // requests received before the first answer's headers
		headed         bool // the first answer's headers were written
	)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/chat/completions") {
			h.ServeHTTP(w, r) // a window probe
			return
		}
		start := time.Now()
		mu.Lock()
		if !headed {
			firstWave++
		}
		mu.Unlock()
		h.ServeHTTP(&onHeader{ResponseWriter: w, f: func() {
			mu.Lock()
			headed = true
			mu.Unlock()
		}}, r)
		mu.Lock()
		served += time.Since(start)
		mu.Unlock()
	}))
	cfg := openai.Config{Model: summarize.DefaultModel, Stream: true}
	if *pipelinePlatform {
		srv.StartTLS()
		cfg.BaseURL, cfg.HTTPClient = "https://api.openai.com/v1", platformClient(srv)
	} else {
		srv.Start()
		cfg.BaseURL = srv.URL + "/v1"
	}
	defer srv.Close()
	inner := openai.New(cfg)
	timed := summarize.CompleterFunc(func(ctx context.Context, req summarize.Request) (summarize.Response, error) {
		sent := time.Now()
		resp, err := inner.Complete(ctx, req)
		mu.Lock()
		defer mu.Unlock()
		if first.IsZero() {
			first = sent
		}
		last = time.Now()
		waited += last.Sub(sent)
		requests++
		return resp, err
	})
	var completer summarize.Completer = timed
	if *pipelineStyle != "" || *pipelinePlatform {
		completer = probed{timed: timed, client: inner}
	}
	var kept summarize.Cache // what earlier runs learned of the server's limits
	if *pipelineRecall {
		mem := &limitsMemory{limits: map[string]summarize.RateLimits{}}
		s, err := summarize.New(summarize.Options{Completer: completer, ChunkTokens: *pipelineChunk, Concurrency: 16, Cache: mem})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Summarize(context.Background(), summarize.Input{Name: "911-ch01.txt", Text: string(data)}); err != nil {
			b.Fatal(err)
		}
		kept = mem
	}
	for _, conc := range []int{1, 4, 16} {
		b.Run("concurrency="+strconv.Itoa(conc), func(b *testing.B) {
			var ratio, wallMS, critMS, firstMS, lastMS, serverMS, clientMS, wave float64
			for range b.N {
				first, last, served, waited, requests, firstWave, headed = time.Time{}, time.Time{}, 0, 0, 0, 0, false
				s, err := summarize.New(summarize.Options{
					Completer:   completer,
					ChunkTokens: *pipelineChunk,
					Concurrency: conc,
					Cache:       kept,
				})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				brief, err := s.Summarize(context.Background(), summarize.Input{Name: "911-ch01.txt", Text: string(data)})
				if err != nil {
					b.Fatal(err)
				}
				end := time.Now()
				wall := end.Sub(start)
				chunks, reduceLevels, reduceRounds := brief.StatsForTest()
				rounds := (chunks+conc-1)/conc + reduceRounds + 1
				crit := time.Duration(rounds) * latency
				ratio += float64(wall) / float64(crit)
				wallMS += float64(wall.Milliseconds())
				critMS += float64(crit.Milliseconds())
				mu.Lock()
				n := float64(max(requests, 1))
				firstMS += float64(first.Sub(start).Milliseconds())
				lastMS += float64(end.Sub(last).Milliseconds())
				serverMS += (served - time.Duration(requests)*latency).Seconds() * 1000 / n
				clientMS += (waited - served).Seconds() * 1000 / n
				wave += float64(firstWave)
				mu.Unlock()
				b.ReportMetric(float64(chunks), "chunks")
				b.ReportMetric(float64(reduceLevels), "reduce-levels")
			}
			per := func(x float64) float64 { return x / float64(b.N) }
			b.ReportMetric(per(wallMS), "wall-ms")
			b.ReportMetric(per(critMS), "critical-ms")
			b.ReportMetric(per(ratio), "wall/critical")
			b.ReportMetric(per(firstMS), "first-request-ms")
			b.ReportMetric(per(lastMS), "after-last-ms")
			b.ReportMetric(per(serverMS), "server-ms-per-request")
			b.ReportMetric(per(clientMS), "client-ms-per-request")
			b.ReportMetric(per(wave), "first-wave-requests")
		})
	}
}
