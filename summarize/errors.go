package summarize

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors. An *APIError unwraps to the one that matches its Kind, so
// callers can write errors.Is(err, summarize.ErrAuth).
var (
	ErrAuth             = errors.New("authentication failed")
	ErrQuota            = errors.New("quota or billing limit reached")
	ErrModelNotFound    = errors.New("model not found")
	ErrRateLimited      = errors.New("rate limited")
	ErrRequestTooLarge  = errors.New("request too large for the rate limit")
	ErrContextLength    = errors.New("context length exceeded")
	ErrFormatRejected   = errors.New("response format not supported")
	ErrUnsupportedParam = errors.New("unsupported parameter")
	ErrServer           = errors.New("server error")
	ErrBadRequest       = errors.New("request rejected")
	ErrTransport        = errors.New("endpoint unreachable")
	// ErrConnect is a connection that could not be opened at all: refused,
	// or a host name that does not resolve. Retrying helps only briefly
	// (a server that is starting), so it is retried at most once.
	ErrConnect       = errors.New("cannot connect")
	ErrBadResponse   = errors.New("malformed response")
	ErrTruncated     = errors.New("answer cut short")
	ErrAnswerTooLong = errors.New("answer longer than the model may write")
	ErrNoEndpoint    = errors.New("no endpoint configured")
)

// APIError is an error answer (or no usable answer) from the endpoint.
type APIError struct {
	Kind    error  // one of the sentinels above
	Status  int    // HTTP status, 0 when no answer arrived
	Code    string // provider's error code, e.g. "insufficient_quota"
	Type    string // provider's error type
	Param   string // offending parameter, e.g. "max_tokens"
	Message string // provider's message, with the API key redacted
	// RetryAfter is how long the server asked us to wait, 0 if it did not say.
	RetryAfter time.Duration
	// ContextWindow is the model's real context size when the server gave it
	// in a context-length error, else 0.
	ContextWindow int
	// PromptTokens is the prompt's size in the server's own tokens when a
	// context-length error gave it, else 0.
	PromptTokens int
	Err          error // underlying transport error, if any
	// partial is what arrived of an answer cut at the longest allowance
	// its step may have, for a caller that can use part of it.
	partial string
}

// Error says what kind of failure it was, the status and code, and the
// server's message.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.Status)
		// llama.cpp and vLLM repeat the status as the code.
		if e.Code != "" && e.Code != strconv.Itoa(e.Status) {
			b.WriteString(" " + e.Code)
		}
		b.WriteString(")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	} else if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the sentinel for the error's kind and any transport error.
func (e *APIError) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

// DetailError is one of the package's sentinel errors (ErrBudget,
// ErrContextTooSmall) with the figures that explain it, so a caller can show
// the figures without parsing the message.
type DetailError struct {
	// Kind is the sentinel: errors.Is(err, Kind) holds.
	Kind error
	// Detail gives the figures, in words: "a window of 2048 tokens leaves 0
	// for report text".
	Detail string
}

func (e *DetailError) Error() string { return e.Kind.Error() + ": " + e.Detail }

// Unwrap returns the sentinel.
func (e *DetailError) Unwrap() error { return e.Kind }

// detailf returns a *DetailError of kind with a formatted detail.
func detailf(kind error, format string, args ...any) error {
	return &DetailError{Kind: kind, Detail: fmt.Sprintf(format, args...)}
}
