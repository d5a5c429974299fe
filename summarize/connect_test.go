package summarize

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// TestRefusedConnection checks that a port nobody listens on is a typed
// ErrConnect after at most one short retry, not the whole backoff.
func TestRefusedConnection(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // now nothing listens there
	var waits []time.Duration
	s, err := New(Options{
		MaxRetries: 5,
		Sleep:      func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil },
		Completer:  NewOpenAI(OpenAIConfig{BaseURL: "http://" + addr + "/v1", Model: DefaultModel, Stream: true}),
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Summarize(context.Background(), Input{Name: "r.txt", Text: longReport(2)})
	if !errors.Is(err, ErrConnect) {
		t.Fatalf("err = %v, want ErrConnect", err)
	}
	if len(waits) > 1 || (len(waits) == 1 && waits[0] > time.Second) {
		t.Fatalf("waited %v before giving up; want at most one short retry", waits)
	}
}

// TestStreamAnsweredWithWebPage checks that a 200 answer that is no event
// stream (a web page at a wrong base URL) is said to be one, not a cut stream.
func TestStreamAnsweredWithWebPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><html><body>Welcome</body></html>"))
	}))
	defer srv.Close()
	c := NewOpenAI(OpenAIConfig{BaseURL: srv.URL + "/v1", Model: DefaultModel, Stream: true})
	_, err := c.Complete(context.Background(), Request{Messages: []Message{{Role: "user", Content: "hi"}}, MaxTokens: 10})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrBadResponse) {
		t.Fatalf("err = %v, want ErrBadResponse", err)
	}
	if want := "text/html instead of an event stream"; !strings.Contains(apiErr.Message, want) {
		t.Fatalf("message %q does not say %q", apiErr.Message, want)
	}
}

// TestSummarizeHonoursCancel cancels the offline engine on a long report
// while it works: Summarize must return the context's error, not a brief.
// (Before, the offline engine and the grounding check ran to the end.)
func TestSummarizeHonoursCancel(t *testing.T) {
	text := string(testcorpus.Read(t, "reports/mueller-report-2019-ocr.txt"))
	s, err := New(Options{Engine: EngineExtractive, Verify: VerifyCheck})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	b, err := s.Summarize(ctx, Input{Name: "m.txt", Text: text})
	if !errors.Is(err, context.DeadlineExceeded) || b != nil {
		t.Fatalf("Summarize = %v, %v; want no brief and the context's error", b != nil, err)
	}
}
