package summarize_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/brief-cli/brief/internal/testcorpus"

	"github.com/brief-cli/brief/internal/openaitest"
	"github.com/brief-cli/brief/summarize"
	"github.com/brief-cli/brief/summarize/openai"
)

var pipelineLatency = flag.Duration("pipeline.latency", 200*time.Millisecond, "fake server latency per request in BenchmarkPipeline")

// BenchmarkPipeline runs the whole LLM pipeline on a long real report
// against the fake server with a fixed latency per request, and reports
// the wall time against the critical path: (map rounds + reduce rounds + 1)
// × latency. A ratio near 1 means the pipeline adds little beyond waiting
// for the model.
//
//	go test ./summarize -run '^$' -bench Pipeline -benchtime 3x
//	go test ./summarize -run '^$' -bench Pipeline -benchtime 1x -args -pipeline.latency 1s
func BenchmarkPipeline(b *testing.B) {
	latency := *pipelineLatency
	data, err := os.ReadFile(filepath.Join(testcorpus.Dir(b), "reports", "911-commission-ch01-we-have-some-planes.txt"))
	if err != nil {
		b.Fatal(err)
	}
	srv := openaitest.NewServer(openaitest.Config{Latency: openaitest.Duration(latency)})
	defer srv.Close()
	for _, conc := range []int{1, 4, 16} {
		b.Run("concurrency="+strconv.Itoa(conc), func(b *testing.B) {
			var ratio, wallMS, critMS float64
			for range b.N {
				s, err := summarize.New(summarize.Options{
					Completer:   openai.New(openai.Config{BaseURL: srv.URL(), Model: summarize.DefaultModel, Stream: true}),
					ChunkTokens: 1500,
					Concurrency: conc,
				})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				brief, err := s.Summarize(context.Background(), summarize.Input{Name: "911-ch01.txt", Text: string(data)})
				if err != nil {
					b.Fatal(err)
				}
				wall := time.Since(start)
				chunks, reduceLevels, reduceRounds := brief.StatsForTest()
				rounds := (chunks+conc-1)/conc + reduceRounds + 1
				crit := time.Duration(rounds) * latency
				ratio += float64(wall) / float64(crit)
				wallMS += float64(wall.Milliseconds())
				critMS += float64(crit.Milliseconds())
				b.ReportMetric(float64(chunks), "chunks")
				b.ReportMetric(float64(reduceLevels), "reduce-levels")
			}
			b.ReportMetric(wallMS/float64(b.N), "wall-ms")
			b.ReportMetric(critMS/float64(b.N), "critical-ms")
			b.ReportMetric(ratio/float64(b.N), "wall/critical")
		})
	}
}
