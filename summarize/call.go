package summarize

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/prompts"
)

// truncatedPrompt is the share of the prompt a server must report having
// read; less means it cut the prompt to fit its window.
const truncatedPrompt = 0.9

// maxRetryWait caps any single pause between attempts, whatever the server
// asks for.
const maxRetryWait = 2 * time.Minute

// call sends one prompt and decodes the JSON answer into v. It is the one
// place that deals with a misbehaving endpoint: it steps down the response
// format when the server refuses it, retries what retrying can fix with
// backoff, gives a cut answer more room, and gives an unparsable answer one
// more try. The usage of every attempt is added to s's total.
func (r *run) call(ctx context.Context, step, tmpl string, data prompts.Data, schemaName string, schema json.RawMessage, v any) error {
	s := r.s
	maxTokens := r.sizes.maxOutput
	retries, badAnswers := 0, 0
	var (
		repair  []Message // the bad answer and the request to fix it
		origKey cache.Key // the cache key of the request before any repair
	)
	for {
		format := Format(s.format.Load())
		data.Schema = ""
		if format != FormatJSONSchema {
			data.Schema = string(schema)
		}
		system, err := prompts.Render(prompts.System, data)
		if err != nil {
			return err
		}
		user, err := prompts.Render(tmpl, data)
		if err != nil {
			return err
		}
		req := Request{
			Step:       step,
			Messages:   append([]Message{{Role: "system", Content: system}, {Role: "user", Content: user}}, repair...),
			Format:     format,
			SchemaName: schemaName,
			Schema:     schema,
			MaxTokens:  maxTokens,
		}
		hit, key, ok := r.cached(ctx, req)
		if repair == nil {
			origKey = key
		}
		if ok && decodeAnswer(hit.Content, v) == nil && validate(v) == nil {
			r.mu.Lock()
			r.usage.CachedRequests++
			r.mu.Unlock()
			if s.opt.OnUsage != nil {
				s.opt.OnUsage(Usage{CachedRequests: 1})
			}
			return nil
		}
		prompt := s.promptTokens(req)
		resp, err := s.complete(ctx, req, prompt)
		answered := err == nil
		if answered {
			r.addUsage(resp.Usage, prompt, resp)
			if cut := resp.Usage.PromptTokens; cut > 0 && prompt > 1024 && float64(cut) < truncatedPrompt*float64(prompt) {
				// Ollama drops what does not fit its window without a word;
				// only the prompt count it reports gives it away.
				return &APIError{Kind: ErrContextLength, Status: 200, ContextWindow: cut,
					Message: fmt.Sprintf("the server read only %d of the prompt's %d tokens; its context window is smaller than %d (set --context-tokens, or the server's own setting such as Ollama's num_ctx)", cut, prompt, r.sizes.window)}
			}
			switch {
			case resp.FinishReason == "length":
				// More room, as far as the window allows.
				if room := r.sizes.window - prompt; room > maxTokens {
					maxTokens = min(maxTokens*2, room)
					s.log.Warn("answer cut at the token limit; asking again with more room", "step", step, "max_tokens", maxTokens)
					continue
				}
				err = &APIError{Kind: ErrAnswerTooLong, Status: 200, Message: fmt.Sprintf("the answer did not fit in %d tokens", maxTokens)}
			default:
				if err = decodeAnswer(resp.Content, v); err == nil {
					err = validate(v)
				}
				if err == nil {
					r.store(ctx, key, resp)
					if repair != nil {
						r.store(ctx, origKey, resp) // a rerun asks without the repair
					}
					return nil
				}
				err = &APIError{Kind: ErrBadResponse, Status: 200, Message: err.Error()}
				if badAnswers++; badAnswers <= 1 {
					// One repair: show the model its answer and what is wrong.
					s.log.Warn("answer was not the JSON asked for; asking for a repair", "step", step, "format", format, "error", err)
					repair = []Message{
						{Role: "assistant", Content: truncateRunes(resp.Content, 8000)},
						{Role: "user", Content: "That answer is not usable: " + err.Error() + ". Answer again with only the JSON object asked for, matching the schema, and nothing else."},
					}
					continue
				}
				repair = nil // then plain retries of the original request
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			return err
		}
		if apiErr.Status == 200 && !answered {
			// Answered but unusable (cut stream, broken body): the server
			// has likely billed the prompt, so count it.
			r.addUsage(Usage{}, prompt, Response{})
		}
		if errors.Is(err, ErrFormatRejected) && format < FormatText {
			if s.format.CompareAndSwap(int32(format), int32(format+1)) {
				s.log.Warn("server refused the response format; stepping down", "from", format, "to", format+1)
			}
			continue
		}
		if !retryable(apiErr) || retries >= s.maxRetries {
			return err
		}
		retries++
		wait := backoff(retries, apiErr.RetryAfter)
		s.log.Warn("request failed; retrying", "step", step, "error", err, "attempt", retries, "wait", wait.Round(time.Millisecond))
		if err := s.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// retryable reports whether sending the same request again can succeed.
func retryable(e *APIError) bool {
	for _, k := range []error{ErrRateLimited, ErrServer, ErrTransport, ErrBadResponse, ErrTruncated} {
		if errors.Is(e, k) {
			return true
		}
	}
	return false
}

// backoff is exponential with full jitter, from 1s, or the server's own
// wish when it gave one; capped at maxRetryWait.
func backoff(attempt int, serverWait time.Duration) time.Duration {
	if serverWait > 0 {
		return min(serverWait+time.Duration(rand.Int64N(int64(250*time.Millisecond))), maxRetryWait)
	}
	ceil := min(time.Second<<min(attempt-1, 10), maxRetryWait)
	return ceil/2 + time.Duration(rand.Int64N(int64(ceil/2)+1))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// addUsage adds an answer's usage, estimating it with the tokenizer when the
// server did not report it (some local servers do not).
func (r *run) addUsage(u Usage, prompt int, resp Response) {
	if u.PromptTokens == 0 {
		u.PromptTokens = prompt
	}
	if u.CompletionTokens == 0 {
		u.CompletionTokens = r.s.tok.countCapped(resp.Content)
	}
	u.Requests = 1
	r.mu.Lock()
	r.usage = r.usage.Add(u)
	r.mu.Unlock()
	if r.s.opt.OnUsage != nil {
		r.s.opt.OnUsage(u)
	}
}

// complete sends req when the pacer lets it through.
func (s *Summarizer) complete(ctx context.Context, req Request, prompt int) (Response, error) {
	worst := s.opt.Price.Cost(Usage{PromptTokens: prompt, CompletionTokens: req.MaxTokens})
	if err := s.spend.reserve(worst); err != nil {
		return Response{}, err
	}
	reserved, err := s.pace.wait(ctx, prompt, req.MaxTokens)
	if err != nil {
		s.spend.settle(worst, 0)
		return Response{}, err
	}
	resp, err := s.opt.Completer.Complete(ctx, req)
	if err != nil {
		s.spend.settle(worst, 0)
		s.pace.done(reserved, nil, err)
		return Response{}, err
	}
	s.spend.settle(worst, s.opt.Price.Cost(resp.Usage))
	s.pace.done(reserved, &resp, nil)
	return resp, nil
}

// promptTokens counts a request's prompt as the server will, near enough.
func (s *Summarizer) promptTokens(req Request) int {
	n := 0
	for _, m := range req.Messages {
		n += s.tok.Count(m.Content) + messageOverhead
	}
	if req.Format == FormatJSONSchema {
		// A response_format schema is prompt too, for limits and windows.
		n += s.schemaTokenCount(req.SchemaName)
	}
	return n
}

// validator is an answer that can tell whether it is complete.
type validator interface{ validate() error }

func validate(v any) error {
	if val, ok := v.(validator); ok {
		return val.validate()
	}
	return nil
}

func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
