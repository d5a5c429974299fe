// Package fetch downloads a document named by an http:// or https:// URL,
// so that brief can read a web page or a PDF like a file. It follows the
// rules of the endpoint client (summarize/transport.go): redirects only to
// the same origin and at most a few, a time limit, and a size limit read
// no further than needed.
//
//	doc, err := fetch.Get(ctx, "https://example.org/report.pdf", fetch.Options{Client: http.DefaultClient, MaxBytes: 64 << 20})
//	// doc.Body, doc.NameHint ("report.pdf"), doc.URL (for the Sources)
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// maxRedirects bounds the same-origin redirects followed, as for endpoints.
const maxRedirects = 3

// Options configure Get.
type Options struct {
	// Client makes the request; nil means a new http.Client. Its
	// CheckRedirect is replaced (see RedirectError).
	Client *http.Client
	// MaxBytes refuses a larger document; 0 means no limit.
	MaxBytes int64
	// Timeout bounds the whole download; 0 means the Client's own.
	Timeout time.Duration
}

// Document is a downloaded document.
type Document struct {
	// URL is the address the document came from, after any redirect,
	// without credentials, fragment or secret-looking query values: fit
	// to name in a brief's Sources.
	URL string
	// Body is the document as served (decompressed if the transport did).
	Body []byte
	// ContentType is the media type the server declared, "" if none.
	ContentType string
	// NameHint is a file name for the document, from the URL's path or
	// else its declared type ("page.html"): readers sniff the content and
	// only break ties on the extension.
	NameHint string
}

// Errors of Get.
var (
	// ErrNotURL means the address is not an absolute http or https URL.
	ErrNotURL = errors.New("not an http or https URL")
	// ErrTooLarge means the document is larger than Options.MaxBytes.
	ErrTooLarge = errors.New("document too large")
)

// StatusError is an answer other than 200 OK.
type StatusError struct {
	Status int
	URL    string
}

func (e *StatusError) Error() string { return fmt.Sprintf("%s answered HTTP %d", e.URL, e.Status) }

// RedirectError is a redirect not followed: to another origin (scheme,
// host or port), or one too many. The document goes nowhere the user did
// not name, as with endpoints.
type RedirectError struct {
	Status   int
	Location string // without credentials, query or fragment
	Why      string // "another origin" or "too many"
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("HTTP %d redirect to %s not followed: %s", e.Status, e.Location, e.Why)
}

// IsURL reports whether s is meant as a URL rather than a file name.
func IsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// Get downloads the document at rawURL.
func Get(ctx context.Context, rawURL string, opt Options) (*Document, error) {
	u, err := url.Parse(rawURL)
	if err != nil || !IsURL(rawURL) || u.Host == "" {
		return nil, fmt.Errorf("%q: %w", rawURL, ErrNotURL)
	}
	hc := &http.Client{}
	if opt.Client != nil {
		c := *opt.Client
		hc = &c
	}
	hc.CheckRedirect = checkRedirect
	if opt.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.Timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", rawURL, ErrNotURL)
	}
	req.Header.Set("Accept", "text/html, application/pdf, text/markdown, text/plain;q=0.9, */*;q=0.5")
	resp, err := hc.Do(req)
	if err != nil {
		var redir *RedirectError
		if errors.As(err, &redir) {
			return nil, redir
		}
		return nil, fmt.Errorf("fetching %s: %w", SafeURL(u), err)
	}
	defer resp.Body.Close()
	final := SafeURL(resp.Request.URL)
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{Status: resp.StatusCode, URL: final}
	}
	if opt.MaxBytes > 0 && resp.ContentLength > opt.MaxBytes {
		return nil, fmt.Errorf("%s is %d bytes, over %d: %w", final, resp.ContentLength, opt.MaxBytes, ErrTooLarge)
	}
	r := io.Reader(resp.Body)
	if opt.MaxBytes > 0 {
		r = io.LimitReader(resp.Body, opt.MaxBytes+1)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", final, err)
	}
	if opt.MaxBytes > 0 && int64(len(body)) > opt.MaxBytes {
		return nil, fmt.Errorf("%s is over %d bytes: %w", final, opt.MaxBytes, ErrTooLarge)
	}
	ctype, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return &Document{URL: final, Body: body, ContentType: ctype, NameHint: nameHint(resp.Request.URL, ctype)}, nil
}

// nameHint is the URL path's last element when it has an extension, else
// a name with the extension of the declared type.
func nameHint(u *url.URL, ctype string) string {
	base := path.Base(u.Path)
	if path.Ext(base) != "" {
		return base
	}
	switch ctype {
	case "text/html", "application/xhtml+xml":
		return "page.html"
	case "application/pdf":
		return "document.pdf"
	case "text/markdown", "text/x-markdown":
		return "document.md"
	}
	return "document.txt"
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	e := &RedirectError{Status: status, Location: SafeURL(req.URL)}
	switch {
	case !SameOrigin(req.URL, via[0].URL):
		e.Why = "another origin"
	case len(via) > maxRedirects:
		e.Why = "too many"
	default:
		return nil
	}
	return e
}

// SameOrigin reports whether a and b share scheme, host and port, the
// default port spelled or not. The endpoint client follows redirects by
// the same rule.
func SameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// SafeURL is u fit to print: no credentials or fragment, and the values of
// query parameters named like secrets (key, token, signature, …) replaced.
func SafeURL(u *url.URL) string {
	c := *u
	c.User, c.Fragment, c.RawFragment = nil, "", ""
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			if secretName(k) {
				q[k] = []string{"REDACTED"}
			}
		}
		c.RawQuery = q.Encode()
	}
	return c.String()
}

func secretName(k string) bool {
	k = strings.ToLower(k)
	for _, s := range []string{"key", "token", "sig", "secret", "password", "auth", "credential", "session"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}
