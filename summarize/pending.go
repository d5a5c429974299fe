package summarize

import "fmt"

// ErrPending means the Completer took the request to answer later, as a
// batch does: the document stops where it is, with every request it could
// ask at this step taken, and a later run with the answers goes on from
// there. It is not a failure.
var ErrPending = fmt.Errorf("answer pending")

// Retryable reports whether sending the same request again can succeed.
func Retryable(e *APIError) bool { return retryable(e) }
