package summarize

import (
	"fmt"
	"net/http"
)

// ErrPending means the Completer took the request to answer later, as a
// batch does: the document stops where it is, with every request it could
// ask at this step taken, and a later run with the answers goes on from
// there. It is not a failure.
var ErrPending = fmt.Errorf("answer pending")

// ErrorFromHTTP returns the *APIError a synchronous request would have met
// for an error answer with this status and body, e.g. one line of a batch
// error file. Its Kind says whether retrying can help.
func ErrorFromHTTP(status int, body []byte) *APIError {
	return classifyHTTP(status, http.Header{}, body, "")
}

// Retryable reports whether sending the same request again can succeed.
func Retryable(e *APIError) bool { return retryable(e) }
