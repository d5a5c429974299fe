package openai

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/brief-cli/brief/internal/openaitest"

	"github.com/brief-cli/brief/summarize"
)

func hello() summarize.Request {
	return summarize.Request{Messages: []summarize.Message{{Role: "user", Content: "Say hello."}}, MaxTokens: 50, Format: summarize.FormatText}
}

// TestRedirects checks that the key and the report never leave the
// configured origin: a redirect elsewhere is an error naming its target and
// the other server hears nothing; a same-origin 307/308 is followed a few
// times; a 301/302/303, which would turn the POST into a GET, is an error.
func TestRedirects(t *testing.T) {
	// The server a hostile or misconfigured endpoint points to.
	var stolen atomic.Int32
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stolen.Add(1)
		w.WriteHeader(500)
	}))
	defer thief.Close()
	fake, err := openaitest.NewHandler(openaitest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()

	tests := []struct {
		name     string
		status   int
		target   string // Location, relative to the server or absolute
		hops     int    // redirects before the real API
		wantWhy  string // "" for success
		wantLoc  string
		wantCode int
	}{
		{"307 to another port", 307, thief.URL + "/v1/chat/completions", 1, "another origin", thief.URL, 307},
		{"308 to another port", 308, thief.URL + "/v1/chat/completions", 1, "another origin", thief.URL, 308},
		{"307 to another scheme", 307, strings.Replace(thief.URL, "http:", "https:", 1) + "/x", 1, "another origin", "https://", 307},
		{"307 on the same origin", 307, "/real/v1/chat/completions", 1, "", "", 0},
		{"308 on the same origin, twice", 308, "/real/v1/chat/completions", 2, "", "", 0},
		{"302 on the same origin", 302, "/real/v1/chat/completions", 1, "a POST turned into a GET", "/real/v1/chat/completions", 302},
		{"303 on the same origin", 303, "/real/v1/chat/completions", 1, "a POST turned into a GET", "/real/", 303},
		{"301 on the same origin", 301, "/real/v1/chat/completions", 1, "a POST turned into a GET", "/real/", 301},
		{"a 307 loop", 307, "/real/v1/chat/completions", 10, "too many", "/real/", 307},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stolen.Store(0)
			var hops atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != "Bearer sk-secret-key-123456" {
					t.Errorf("request %s without the key", r.URL)
				}
				if hops.Add(1) <= int32(tt.hops) {
					w.Header().Set("Location", tt.target)
					w.WriteHeader(tt.status)
					return
				}
				if r.Method != http.MethodPost {
					t.Errorf("the API got a %s", r.Method)
				}
				r.URL.Path = strings.TrimPrefix(r.URL.Path, "/real")
				fake.ServeHTTP(w, r)
			}))
			defer srv.Close()
			c := New(Config{BaseURL: srv.URL + "/v1", APIKey: "sk-secret-key-123456", Model: "gpt-4o-mini"})
			resp, err := c.Complete(context.Background(), hello())
			if stolen.Load() != 0 {
				t.Fatalf("the other server got %d requests", stolen.Load())
			}
			if tt.wantWhy == "" {
				if err != nil || resp.Content == "" {
					t.Fatalf("got %q, %v; want an answer", resp.Content, err)
				}
				return
			}
			var re *RedirectError
			if !errors.As(err, &re) || !errors.Is(err, ErrRedirect) {
				t.Fatalf("got %v (%T); want a *RedirectError", err, err)
			}
			if re.Why != tt.wantWhy || re.Status != tt.wantCode || !strings.Contains(re.Location, tt.wantLoc) {
				t.Errorf("got %+v; want why %q, status %d, location with %q", re, tt.wantWhy, tt.wantCode, tt.wantLoc)
			}
			if strings.Contains(err.Error(), "sk-secret") {
				t.Errorf("the key is in the message: %v", err)
			}
			var apiErr *summarize.APIError
			if errors.As(err, &apiErr) && summarize.Retryable(apiErr) {
				t.Errorf("a refused redirect is retried")
			}
		})
	}
}

// TestBaseURLQuery checks that a base URL's query (Azure's api-version, a
// gateway's key) reaches the server on the request path, and that a key in
// it never appears in a message.
func TestBaseURLQuery(t *testing.T) {
	var gotPath, gotQuery string
	fake, err := openaitest.NewHandler(openaitest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotQuery = r.URL.Path, r.URL.RawQuery
		fake.ServeHTTP(w, r)
	}))
	defer srv.Close()
	for _, stream := range []bool{false, true} {
		c := New(Config{BaseURL: srv.URL + "/v1/?api-version=2024-10-21&key=gateway-secret-999", Model: "gpt-4o-mini", Stream: stream})
		if _, err := c.Complete(context.Background(), hello()); err != nil {
			t.Fatalf("stream=%t: %v", stream, err)
		}
		if gotPath != "/v1/chat/completions" || gotQuery != "api-version=2024-10-21&key=gateway-secret-999" {
			t.Errorf("stream=%t: server saw path %q query %q", stream, gotPath, gotQuery)
		}
	}

	// A dead endpoint: the transport error quotes the URL, without its query.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	c := New(Config{BaseURL: dead + "/v1?key=gateway-secret-999", APIKey: "sk-secret-key-123456", Model: "m"})
	_, err = c.Complete(context.Background(), hello())
	if !errors.Is(err, summarize.ErrConnect) {
		t.Fatalf("got %v; want ErrConnect", err)
	}
	if msg := err.Error(); strings.Contains(msg, "gateway-secret") || strings.Contains(msg, "sk-secret") || !strings.Contains(msg, dead) {
		t.Errorf("message %q: want the address without secrets", msg)
	}

	// An error body echoing the query's key is redacted too.
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		w.Write([]byte(`{"error":{"message":"bad request to ` + r.URL.String() + `"}}`))
	}))
	defer echo.Close()
	c = New(Config{BaseURL: echo.URL + "/v1?key=gateway-secret-999", Model: "m"})
	_, err = c.Complete(context.Background(), hello())
	if err == nil || strings.Contains(err.Error(), "gateway-secret") {
		t.Errorf("got %v; want an error without the gateway key", err)
	}
}
