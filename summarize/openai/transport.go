package openai

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/brief-cli/brief/internal/fetch"
)

// ErrRedirect is what an *APIError wraps when the endpoint answered with a
// redirect that brief does not follow; the *RedirectError it also wraps
// says where to.
var ErrRedirect = errors.New("redirect not followed")

// maxRedirects bounds the same-origin 307/308 redirects followed per request.
const maxRedirects = 3

// RedirectError is a redirect brief refused to follow: to another origin
// (scheme, host or port), one that would turn a POST into a GET (301, 302,
// 303), or one too many.
type RedirectError struct {
	Status   int    // the redirect's HTTP status
	Location string // where it pointed, without query or credentials
	// Why is "another origin", "a POST turned into a GET" or "too many".
	Why string
}

// Error names the redirect and why it was not followed.
func (e *RedirectError) Error() string {
	return fmt.Sprintf("HTTP %d redirect to %s not followed: %s", e.Status, e.Location, e.Why)
}

// Is makes errors.Is(err, ErrRedirect) true.
func (e *RedirectError) Is(target error) bool { return target == ErrRedirect }

// checkRedirect is the http.Client.CheckRedirect of the endpoint client:
// the API key and the report go nowhere the user did not configure.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	e := &RedirectError{Status: status, Location: safeURL(req.URL)}
	switch {
	case !fetch.SameOrigin(req.URL, first.URL):
		e.Why = "another origin"
	case req.Method != first.Method:
		// net/http turns a POST into a body-less GET on 301, 302 and 303,
		// and keeps method and body on 307 and 308 (http.Client.Do's
		// documentation; RFC 9110 §15.4).
		e.Why = "a " + first.Method + " turned into a " + req.Method
	case len(via) > maxRedirects:
		e.Why = "too many"
	default:
		return nil
	}
	return e
}

// safeURL is u for messages: no credentials, query or fragment, which may
// hold keys.
func safeURL(u *url.URL) string {
	c := *u
	c.User, c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = nil, "", false, "", ""
	return c.String()
}

// splitBaseURL parses a base URL into the part go-openai appends paths to
// and its query, which must go on every request (Azure's api-version, a
// gateway's key): go-openai would append "/chat/completions" after it.
func splitBaseURL(base string) (prefix string, query url.Values, err error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	query = u.Query()
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	return strings.TrimRight(u.String(), "/"), query, nil
}

// secretValues are the query values of the base URL that may be keys: all
// but the API version, which is public.
func secretValues(q url.Values) []string {
	var out []string
	for k, vs := range q {
		if strings.EqualFold(k, "api-version") {
			continue
		}
		for _, v := range vs {
			if len(v) >= 4 {
				out = append(out, v)
			}
		}
	}
	return out
}

// withQuery adds the base URL's query parameters to a request's URL,
// keeping any the request already has.
func withQuery(u *url.URL, base url.Values) {
	if len(base) == 0 {
		return
	}
	q := u.Query()
	for k, vs := range base {
		if _, ok := q[k]; !ok {
			q[k] = vs
		}
	}
	u.RawQuery = q.Encode()
}

// scrubURLError rewrites the URL inside a transport error so that its
// message carries no query (which may hold a key).
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			ue.URL = safeURL(u)
		}
	}
	return err
}
