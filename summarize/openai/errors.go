package openai

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/brief-cli/brief/summarize"
)

// ErrorFromHTTP returns the *summarize.APIError a synchronous request would have met
// for an error answer with this status and body, e.g. one line of a batch
// error file. Its Kind says whether retrying can help.
func ErrorFromHTTP(status int, body []byte) *summarize.APIError {
	return classifyHTTP(status, http.Header{}, body, "")
}

var (
	reMaxContext = regexp.MustCompile(`(?i)maximum context length is (\d+)`)
	reNCtx       = regexp.MustCompile(`(?i)n_ctx[^0-9]{0,8}(\d+)`)
	// The prompt's own size in context-length errors: OpenAI and old vLLM
	// ("(P in the messages", "requested P tokens in the messages"), vLLM
	// ("has P input tokens"), llama.cpp ("request (P tokens)").
	rePromptTokens = regexp.MustCompile(`(?i)(?:\((\d+) in the messages|requested (\d+) tokens in the messages|has (\d+) input tokens|request \((\d+) tokens\)|messages resulted in (\d+) tokens)`)
)

// errorBody is the union of the error bodies seen in the wild: OpenAI and
// llama.cpp nest an object under "error"; Ollama sometimes sends a string
// there; vLLM sends a flat object.
type errorBody struct {
	Error   json.RawMessage `json:"error"`
	Message string          `json:"message"`
	Type    string          `json:"type"`
	Code    json.RawMessage `json:"code"`
	Param   *string         `json:"param"`
}

type errorDetail struct {
	Message string          `json:"message"`
	Type    string          `json:"type"`
	Code    json.RawMessage `json:"code"`
	Param   *string         `json:"param"`
	NCtx    int             `json:"n_ctx"`
	NPrompt int             `json:"n_prompt_tokens"`
}

// classifyHTTP turns an HTTP error answer into an *APIError.
func classifyHTTP(status int, header http.Header, body []byte, secret string) *summarize.APIError {
	e := &summarize.APIError{Status: status, RetryAfter: retryAfter(header, time.Now())}
	var b errorBody
	if json.Unmarshal(body, &b) == nil {
		var d errorDetail
		var s string
		switch {
		case len(b.Error) > 0 && json.Unmarshal(b.Error, &d) == nil:
		case len(b.Error) > 0 && json.Unmarshal(b.Error, &s) == nil:
			d.Message = s
		default:
			d = errorDetail{Message: b.Message, Type: b.Type, Code: b.Code, Param: b.Param}
		}
		e.Message, e.Type, e.Code = d.Message, d.Type, rawString(d.Code)
		if d.Param != nil {
			e.Param = *d.Param
		}
		e.ContextWindow, e.PromptTokens = d.NCtx, d.NPrompt
	} else {
		e.Message = strings.TrimSpace(string(body))
		if len(e.Message) > 300 {
			e.Message = e.Message[:300] + "…"
		}
	}
	e.Message = redact(e.Message, secret)
	if e.ContextWindow == 0 {
		for _, re := range []*regexp.Regexp{reMaxContext, reNCtx} {
			if m := re.FindStringSubmatch(e.Message); m != nil {
				e.ContextWindow, _ = strconv.Atoi(m[1])
				break
			}
		}
	}
	if m := rePromptTokens.FindStringSubmatch(e.Message); m != nil && e.PromptTokens == 0 {
		for _, g := range m[1:] {
			if g != "" {
				e.PromptTokens, _ = strconv.Atoi(g)
				break
			}
		}
	}
	e.ContextWindow, e.PromptTokens = max(e.ContextWindow, 0), max(e.PromptTokens, 0)
	e.Kind = kindOf(e)
	return e
}

func kindOf(e *summarize.APIError) error {
	msg := strings.ToLower(e.Message)
	code := strings.ToLower(e.Code + " " + e.Type)
	switch {
	case e.Status == 401 || e.Status == 403 || strings.Contains(code, "invalid_api_key"):
		return summarize.ErrAuth
	case e.Status == 402 || strings.Contains(code, "insufficient_quota") || strings.Contains(code, "billing") ||
		strings.Contains(msg, "exceeded your current quota") || strings.Contains(msg, "billing"):
		return summarize.ErrQuota
	case strings.Contains(code, "context_length") || strings.Contains(code, "exceed_context_size") ||
		strings.Contains(msg, "maximum context length") || strings.Contains(msg, "context size") ||
		strings.Contains(msg, "context length"):
		return summarize.ErrContextLength
	case e.Status == 429 && strings.Contains(msg, "request too large"):
		return summarize.ErrRequestTooLarge
	case e.Status == 429:
		return summarize.ErrRateLimited
	case e.Status == 404 || strings.Contains(code, "model_not_found"):
		return summarize.ErrModelNotFound
	case e.Param == "response_format" || strings.Contains(msg, "response_format") ||
		strings.Contains(msg, "json_schema") || strings.Contains(msg, "json_object"):
		return summarize.ErrFormatRejected
	case strings.Contains(code, "unsupported_parameter") || strings.Contains(code, "unsupported_value"):
		return summarize.ErrUnsupportedParam
	case e.Status == 408 || e.Status == 409 || e.Status >= 500:
		return summarize.ErrServer
	default:
		return summarize.ErrBadRequest
	}
}

func rawString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	return string(raw)
}

// retryAfter reads the server's wish for a pause: retry-after-ms, then
// Retry-After (seconds or an HTTP date), then the x-ratelimit-reset-*
// durations OpenAI sends ("1s", "6m0s", "20ms").
func retryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
			return time.Duration(s * float64(time.Second))
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0)
		}
	}
	var wait time.Duration
	for _, k := range []string{"X-Ratelimit-Reset-Requests", "X-Ratelimit-Reset-Tokens"} {
		if d, err := time.ParseDuration(h.Get(k)); err == nil && d > wait {
			wait = d
		}
	}
	return wait
}

// redact removes the API key from text that came back from the server:
// some providers echo a part of it.
func redact(s, secret string) string {
	if len(secret) < 6 {
		return s
	}
	s = strings.ReplaceAll(s, secret, "[redacted]")
	// OpenAI echoes keys as "sk-abc*****wxyz"; drop anything key-shaped.
	return reKeyEcho.ReplaceAllString(s, "[redacted]")
}

var reKeyEcho = regexp.MustCompile(`\b(sk|or|gsk|key)-[A-Za-z0-9_\-*]{4,}`)
