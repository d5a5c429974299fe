package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestGet(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><body><p>Hello.</p></body></html>"))
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/page", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://example.invalid/x", http.StatusFound)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(strings.Repeat("x", 2000))) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	opt := Options{Client: srv.Client(), MaxBytes: 1000, Timeout: 2 * time.Second}

	tests := []struct {
		path     string
		opt      Options
		wantHint string
		check    func(error) bool
	}{
		{"/page", opt, "page.html", nil},
		{"/moved", opt, "page.html", nil},
		{"/loop", opt, "", func(err error) bool { var r *RedirectError; return errors.As(err, &r) && r.Why == "too many" }},
		{"/away", opt, "", func(err error) bool { var r *RedirectError; return errors.As(err, &r) && r.Why == "another origin" }},
		{"/big", opt, "", func(err error) bool { return errors.Is(err, ErrTooLarge) }},
		{"/nothing", opt, "", func(err error) bool { var s *StatusError; return errors.As(err, &s) && s.Status == 404 }},
		{"/slow", Options{Client: srv.Client(), Timeout: 50 * time.Millisecond}, "", func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			doc, err := Get(context.Background(), srv.URL+tt.path+"?token=s3cret#frag", tt.opt)
			if tt.check != nil {
				if err == nil || !tt.check(err) {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.NameHint != tt.wantHint || !strings.Contains(string(doc.Body), "Hello") || doc.ContentType != "text/html" {
				t.Errorf("got %+v", doc)
			}
			if strings.Contains(doc.URL, "s3cret") || strings.Contains(doc.URL, "frag") {
				t.Errorf("URL %s keeps a secret", doc.URL)
			}
		})
	}
	if _, err := Get(context.Background(), "ftp://x/y", opt); !errors.Is(err, ErrNotURL) {
		t.Errorf("ftp: %v", err)
	}
}
