package summarize

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/brief-cli/brief/internal/openaitest"
)

func TestScratch(t *testing.T) {
	srv := openaitest.NewServer(openaitest.Config{})
	defer srv.Close()
	c := NewOpenAI(OpenAIConfig{BaseURL: srv.URL(), Model: "gpt-4o-mini", Stream: true})
	s, _ := New(Options{Completer: c, ChunkTokens: 1500})
	data, _ := os.ReadFile("../../shared/corpus/reports/911-commission-ch01-we-have-some-planes.txt")
	b, err := s.Summarize(context.Background(), Input{Name: "x.txt", Text: string(data)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.SchemaName, r.PromptTokens, r.CompletionTokens, r.FinishReason)
	}
	fmt.Println(b.Markdown(RenderOptions{}))
}
