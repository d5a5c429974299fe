package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/brief-cli/brief/summarize"
)

// Config configures an OpenAI client.
type Config struct {
	// BaseURL of the API, including /v1; empty means OpenAI's.
	BaseURL string
	// APIKey is sent as a bearer token; local servers may need none.
	APIKey string
	// Model is the model name, e.g. "gpt-4o-mini" or "llama3.1:8b".
	Model string
	// Temperature for sampling; 0 means the server's default.
	Temperature float32
	// Stream asks for server-sent events, so that a cut connection is told
	// apart from a finished answer.
	Stream bool
	// HTTPClient makes the requests; nil means a new http.Client. Its
	// CheckRedirect is replaced: only same-origin 307 and 308 redirects are
	// followed, so the key and the report reach no other server.
	HTTPClient *http.Client
}

// Client is a summarize.Completer for any OpenAI-compatible chat
// completions endpoint, a summarize.WindowProber, a summarize.LocalServer
// and a summarize.OpenAIPlatform.
type Client struct {
	client *goopenai.Client
	cfg    Config
	// secrets are redacted from every message: the key and the base URL's
	// query values (a gateway's key may travel there).
	secrets []string
	// Learned from the server's refusals: reasoning models take
	// max_completion_tokens instead of max_tokens, and only the default
	// temperature.
	maxCompletionTokens, noTemperature atomic.Bool
	// server is what the last window probe found of the server: 0 not
	// probed yet, serverLocal or serverOther (see Local).
	server atomic.Int32
}

var (
	_ summarize.Completer      = (*Client)(nil)
	_ summarize.WindowProber   = (*Client)(nil)
	_ summarize.LocalServer    = (*Client)(nil)
	_ summarize.OpenAIPlatform = (*Client)(nil)
)

// New returns a client for cfg.
func New(cfg Config) *Client {
	c := goopenai.DefaultConfig(cfg.APIKey)
	var query url.Values
	if cfg.BaseURL != "" {
		prefix, q, err := splitBaseURL(cfg.BaseURL)
		if err != nil {
			prefix = strings.TrimRight(cfg.BaseURL, "/") // go-openai will report it
		}
		c.BaseURL, query = prefix, q
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		hc = &copied
	}
	hc.CheckRedirect = checkRedirect
	c.HTTPClient = capturingDoer{next: hc, query: query}
	o := &Client{client: goopenai.NewClientWithConfig(c), cfg: cfg, secrets: append([]string{cfg.APIKey}, secretValues(query)...)}
	if summarize.LookupModel(cfg.Model).Reasoning {
		o.maxCompletionTokens.Store(true)
		o.noTemperature.Store(true)
	}
	return o
}

// Model returns the configured model name.
func (c *Client) Model() string { return c.cfg.Model }

// Complete sends req and returns the answer. Errors are
// *summarize.APIError. A
// server that refuses max_tokens or the temperature is asked again without
// them, and remembered.
func (c *Client) Complete(ctx context.Context, req summarize.Request) (summarize.Response, error) {
	for {
		resp, err := c.completeOnce(ctx, req)
		var apiErr *summarize.APIError
		if err == nil || !errors.As(err, &apiErr) || !errors.Is(err, summarize.ErrUnsupportedParam) {
			return resp, err
		}
		switch {
		case apiErr.Param == "max_tokens" && !c.maxCompletionTokens.Load():
			c.maxCompletionTokens.Store(true)
		case apiErr.Param == "temperature" && !c.noTemperature.Load():
			c.noTemperature.Store(true)
		default:
			return resp, err
		}
	}
}

func (c *Client) completeOnce(ctx context.Context, req summarize.Request) (summarize.Response, error) {
	creq := chatRequest(c.cfg.Model, c.cfg.Temperature, req)
	if c.maxCompletionTokens.Load() {
		creq.MaxTokens, creq.MaxCompletionTokens = 0, req.MaxTokens
	}
	if c.noTemperature.Load() {
		creq.Temperature = 0 // omitted from the request
	}

	var cap capture
	ctx = context.WithValue(ctx, captureKey{}, &cap)
	var (
		resp summarize.Response
		err  error
	)
	if c.cfg.Stream {
		resp, err = c.stream(ctx, creq)
	} else {
		resp, err = c.complete(ctx, creq)
	}
	if err != nil {
		return summarize.Response{}, c.wrap(ctx, err, &cap)
	}
	resp.Limits = parseRateLimits(cap.header)
	return resp, nil
}

// RequestBody is the JSON chat completion body for req, as the client
// sends it (less streaming): a line of a Batch API input file carries the
// same body.
func RequestBody(model string, temperature float32, req summarize.Request) ([]byte, error) {
	return json.Marshal(chatRequest(model, temperature, req))
}

// chatRequest is the chat completion request for req.
func chatRequest(model string, temperature float32, req summarize.Request) goopenai.ChatCompletionRequest {
	creq := goopenai.ChatCompletionRequest{Model: model, MaxTokens: req.MaxTokens, Temperature: temperature}
	if summarize.LookupModel(model).Reasoning {
		creq.MaxTokens, creq.MaxCompletionTokens, creq.Temperature = 0, req.MaxTokens, 0
	}
	for _, m := range req.Messages {
		creq.Messages = append(creq.Messages, goopenai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	switch req.Format {
	case summarize.FormatJSONSchema:
		creq.ResponseFormat = &goopenai.ChatCompletionResponseFormat{
			Type: goopenai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &goopenai.ChatCompletionResponseFormatJSONSchema{
				Name:   req.SchemaName,
				Schema: req.Schema,
				Strict: true,
			},
		}
	case summarize.FormatJSONObject:
		creq.ResponseFormat = &goopenai.ChatCompletionResponseFormat{Type: goopenai.ChatCompletionResponseFormatTypeJSONObject}
	}
	return creq
}

func (c *Client) complete(ctx context.Context, creq goopenai.ChatCompletionRequest) (summarize.Response, error) {
	out, err := c.client.CreateChatCompletion(ctx, creq)
	if err != nil {
		return summarize.Response{}, err
	}
	if len(out.Choices) == 0 {
		return summarize.Response{}, &summarize.APIError{Kind: summarize.ErrBadResponse, Status: 200, Message: "the answer has no choices"}
	}
	ch := out.Choices[0]
	return summarize.Response{
		Content:      ch.Message.Content,
		FinishReason: string(ch.FinishReason),
		Usage: summarize.Usage{
			Requests:         1,
			PromptTokens:     out.Usage.PromptTokens,
			CompletionTokens: out.Usage.CompletionTokens,
		},
	}, nil
}

func (c *Client) stream(ctx context.Context, creq goopenai.ChatCompletionRequest) (summarize.Response, error) {
	creq.Stream = true
	creq.StreamOptions = &goopenai.StreamOptions{IncludeUsage: true}
	s, err := c.client.CreateChatCompletionStream(ctx, creq)
	if err != nil {
		return summarize.Response{}, err
	}
	defer s.Close()
	var (
		b    strings.Builder
		resp = summarize.Response{Usage: summarize.Usage{Requests: 1}}
	)
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return summarize.Response{}, err
		}
		if chunk.Usage != nil {
			resp.Usage.PromptTokens = chunk.Usage.PromptTokens
			resp.Usage.CompletionTokens = chunk.Usage.CompletionTokens
		}
		for _, ch := range chunk.Choices {
			if ch.Index != 0 {
				continue
			}
			b.WriteString(ch.Delta.Content)
			if ch.FinishReason != "" {
				resp.FinishReason = string(ch.FinishReason)
			}
		}
	}
	resp.Content = b.String()
	if cap, _ := ctx.Value(captureKey{}).(*capture); resp.FinishReason == "" && b.Len() == 0 && cap != nil && !isEventStream(cap.header) {
		// A web page or proxy answering 200 is no stream at all, not a cut one.
		return summarize.Response{}, &summarize.APIError{Kind: summarize.ErrBadResponse, Status: 200,
			Message: fmt.Sprintf("the server answered with %s instead of an event stream; check that --base-url is the API's address (usually ending in /v1)", contentType(cap.header))}
	}
	if resp.FinishReason == "" {
		return summarize.Response{}, &summarize.APIError{Kind: summarize.ErrTruncated, Status: 200, Message: "the stream ended before the answer was finished"}
	}
	return resp, nil
}

// wrap turns whatever go-openai returned into an *APIError, using the
// status, headers and body captured on the way in: go-openai keeps neither
// the headers (Retry-After) nor the bodies it cannot parse (vLLM's).
func (c *Client) wrap(ctx context.Context, err error, cap *capture) error {
	var apiErr *summarize.APIError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return err
	}
	var redir *RedirectError
	if errors.As(err, &redir) {
		return &summarize.APIError{Kind: ErrRedirect, Status: redir.Status, Message: c.redact(redir.Error()), Err: redir}
	}
	if cap.status >= 400 {
		e := classifyHTTP(cap.status, cap.header, cap.body, c.cfg.APIKey)
		e.Message = c.redact(e.Message)
		return e
	}
	msg := c.redact(err.Error())
	if cap.status == 0 {
		kind := summarize.ErrTransport
		if refused(err) {
			kind = summarize.ErrConnect
		}
		return &summarize.APIError{Kind: kind, Message: msg, Err: err}
	}
	return &summarize.APIError{Kind: summarize.ErrBadResponse, Status: cap.status, Message: msg, Err: err}
}

// refused reports whether err is a connection that never opened: refused
// by the host, no route to it, or a name that does not resolve. A dial that
// timed out is not: a busy or distant server may answer the next time.
func refused(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return !dnsErr.IsTimeout
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial" && !opErr.Timeout()
}

func isEventStream(h http.Header) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(h.Get("Content-Type"))), "text/event-stream")
}

func contentType(h http.Header) string {
	ct, _, _ := strings.Cut(h.Get("Content-Type"), ";")
	if ct = strings.TrimSpace(ct); ct == "" {
		return "an answer of no stated type"
	}
	return ct
}

// redact removes every secret from s.
func (c *Client) redact(s string) string {
	for _, secret := range c.secrets {
		s = redact(s, secret)
	}
	return s
}

type captureKey struct{}

// capture records what the HTTP layer saw of one request.
type capture struct {
	status int
	header http.Header
	body   []byte // error bodies only
}

// capturingDoer is the http client handed to go-openai; it puts the base
// URL's query on each request, and records the status, headers and error
// body of each response in the request's capture.
type capturingDoer struct {
	next  *http.Client
	query url.Values
}

func (d capturingDoer) Do(req *http.Request) (*http.Response, error) {
	withQuery(req.URL, d.query)
	resp, err := d.next.Do(req)
	if err != nil {
		return resp, scrubURLError(err)
	}
	cap, _ := req.Context().Value(captureKey{}).(*capture)
	if cap == nil {
		return resp, nil
	}
	cap.status, cap.header = resp.StatusCode, resp.Header.Clone()
	if resp.StatusCode >= 400 {
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if rerr != nil {
			return nil, fmt.Errorf("reading error body: %w", rerr)
		}
		cap.body = body
		resp.Body = io.NopCloser(bytes.NewReader(body))
	} else {
		if resp.StatusCode < 300 {
			// Accepted: a stream's headers come with its first token.
			summarize.ReportLimits(req.Context(), parseRateLimits(resp.Header))
		}
		resp.Body = &cappedBody{ReadCloser: resp.Body, left: maxAnswerBytes}
	}
	return resp, nil
}

// maxAnswerBytes bounds what is read of a successful answer, so that a
// server ignoring max_tokens (or a hostile one) cannot make brief read and
// hold without end. The largest answer allowance, 128k tokens at about 4
// bytes each in JSON, fits well within it.
const maxAnswerBytes = 8 << 20

// cappedBody fails a read past its limit with ErrTruncated.
type cappedBody struct {
	io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, &summarize.APIError{Kind: summarize.ErrTruncated, Status: http.StatusOK, Message: fmt.Sprintf("the answer ran past %d MiB without ending", maxAnswerBytes>>20)}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}
