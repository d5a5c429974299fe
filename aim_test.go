package main

import (
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdServerRequests prints the messages of every chat request the fake
// server got, for the `stdout` command to match: `requests`.
func cmdServerRequests(ts *testscript.TestScript, neg bool, args []string) {
	srv := ts.Value(serverKey{}).(*serverSlot).srv
	if neg || len(args) != 0 || srv == nil {
		ts.Fatalf("usage: requests (after serve)")
	}
	var b strings.Builder
	for _, r := range srv.Requests() {
		for _, m := range r.Messages {
			b.WriteString("--- " + m.Role + "\n" + m.Content + "\n")
		}
	}
	ts.Stdout().Write([]byte(b.String()))
}

// cmdServeFile serves files of the work folder over HTTP, as a web site
// would: `servefile`. It sets PAGE_URL to its root. /moved/NAME redirects
// to NAME on the same server, /away/NAME to another server.
func cmdServeFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: servefile")
	}
	other := httptest.NewServer(http.NotFoundHandler())
	ts.Defer(other.Close)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/moved/"):
			http.Redirect(w, r, strings.TrimPrefix(r.URL.Path, "/moved"), http.StatusMovedPermanently)
		case strings.HasPrefix(r.URL.Path, "/away/"):
			http.Redirect(w, r, other.URL+strings.TrimPrefix(r.URL.Path, "/away"), http.StatusFound)
		default:
			// No Content-Type from the name: the client must sniff.
			w.Header().Set("Content-Type", "application/octet-stream")
			http.ServeFile(w, r, ts.MkAbs(strings.TrimPrefix(r.URL.Path, "/")))
		}
	}))
	ts.Defer(srv.Close)
	ts.Setenv("PAGE_URL", srv.URL)
}
