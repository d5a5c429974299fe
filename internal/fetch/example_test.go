package fetch_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/brief-cli/brief/internal/fetch"
)

func ExampleGet() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<p>Officials confirmed the breach.</p>")
	}))
	defer srv.Close()

	doc, err := fetch.Get(context.Background(), srv.URL+"/news?session=abc", fetch.Options{Client: srv.Client(), MaxBytes: 1 << 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.NameHint, doc.ContentType, len(doc.Body))
	fmt.Println(doc.URL[len(srv.URL):])
	// Output:
	// page.html text/html 38
	// /news?session=REDACTED
}
