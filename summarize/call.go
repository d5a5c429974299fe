package summarize

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
	"unicode/utf8"

	"github.com/brief-cli/brief/prompts"
)

// maxRetryWait caps any single pause between attempts, whatever the server
// asks for.
const maxRetryWait = 2 * time.Minute

// connectRetryWait is the one pause before retrying a refused connection.
const connectRetryWait = 500 * time.Millisecond

// call sends one prompt and decodes the JSON answer into v. It is the one
// place that deals with a misbehaving endpoint: it steps down the response
// format when the server refuses it, retries what retrying can fix with
// backoff, gives a cut answer more room, and gives an unparsable answer one
// more try. The usage of every attempt is added to s's total.
func (r *run) call(ctx context.Context, step, tmpl string, data prompts.Data, schemaName string, schema json.RawMessage, v any) error {
	s := r.s
	limit := r.answerLimit(step)
	maxTokens := min(r.sizes.maxOutput, limit)
	retries, badAnswers := 0, 0
	lastUsed := -1 // prompt and answer tokens of the last answer cut by length
	var (
		repair  []Message // the bad answer and the request to fix it
		origKey CacheKey  // the cache key of the request before any repair
		// firstKey is the key of the request as first asked, before a
		// larger answer allowance or a repair.
		firstKey CacheKey
	)
	for {
		format := Format(s.format.Load())
		data.Schema = ""
		if format != FormatJSONSchema {
			data.Schema = string(schema)
		}
		system, err := s.prompts.Render(prompts.System, data)
		if err != nil {
			return err
		}
		user, err := s.prompts.Render(tmpl, data)
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
		req.Key = key
		if repair == nil {
			origKey = key
		}
		if firstKey == (CacheKey{}) {
			firstKey = key
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
		text, schemaSent := s.promptTokens(req)
		prompt := text + schemaSent
		est := s.cal.current()
		resp, err := s.complete(ctx, req, est.serverTokens(text, schemaSent))
		answered := err == nil
		if answered {
			r.addUsage(resp.Usage, prompt, resp)
			// Ollama drops what does not fit its window without a word;
			// only the prompt counts it reports give it away.
			got := sample{text: text, schema: schemaSent, reported: resp.Usage.PromptTokens}
			seen := s.cal.observe(got, r.sizes.window)
			if seen.confirm {
				seen = verdict{}
				if err := r.confirmCap(ctx, req, resp.Usage.PromptTokens); err == nil {
					seen = s.cal.confirmed(got, r.sizes.window)
				} else if ctx.Err() != nil {
					return ctx.Err()
				} else {
					// Unconfirmed is no evidence: go on with the answer.
					s.log.Info("the smaller request failed; taking the count as a tokenizer difference", "error", err)
				}
			}
			if seen.conflict != "" {
				s.log.Info("conflicting evidence about the server's window", "detail", seen.conflict)
			}
			if seen.window > 0 {
				return &APIError{Kind: ErrContextLength, Status: 200, ContextWindow: seen.window, PromptTokens: resp.Usage.PromptTokens,
					Message: fmt.Sprintf("%s; brief sent about %d tokens of its own (%d expected on the server) into a window of %d tokens from %s", seen.why, prompt, est.serverTokens(text, schemaSent), r.sizes.window, r.source)}
			}
			switch {
			case resp.FinishReason == "length":
				used := resp.Usage.PromptTokens + resp.Usage.CompletionTokens
				if resp.Usage.CompletionTokens < maxTokens && resp.Usage.PromptTokens > 0 && near(used, lastUsed) && used < r.sizes.window {
					// Stopped short of max_tokens twice at the same total:
					// the window is full (llama.cpp stops generating there).
					return &APIError{Kind: ErrContextLength, Status: 200, ContextWindow: used, PromptTokens: resp.Usage.PromptTokens,
						Message: fmt.Sprintf("the server stopped the answer twice at %d tokens of prompt and answer, short of the %d allowed: its window is %d tokens, not the %d from %s", used, maxTokens, used, r.sizes.window, r.source)}
				}
				lastUsed = used
				// More room, as far as the window allows: the server's own
				// count of this prompt is the best there is.
				served := max(resp.Usage.PromptTokens, s.cal.current().serverTokens(text, schemaSent))
				if room := min(r.sizes.window-served, limit); room > maxTokens {
					maxTokens = min(maxTokens*2, room)
					s.log.Warn("answer cut at the token limit; asking again with more room", "step", step, "max_tokens", maxTokens)
					continue
				}
				err = &APIError{Kind: ErrAnswerTooLong, Status: 200, Message: fmt.Sprintf("the answer did not fit in %d tokens", maxTokens), partial: resp.Content}
			default:
				if err = decodeAnswer(resp.Content, v); err == nil {
					err = validate(v)
				}
				if err == nil {
					r.store(ctx, key, resp)
					if repair != nil {
						r.store(ctx, origKey, resp) // a rerun asks without the repair
					}
					if firstKey != key && firstKey != origKey {
						// A rerun asks with the first size: answer it at once.
						r.store(ctx, firstKey, resp)
					}
					return nil
				}
				if format == FormatJSONObject && errors.Is(err, errNoJSON) {
					// Accepted but not enforced (llama.cpp): ask as for a
					// refused format, with the schema in the prompt and the
					// tolerant parser.
					if s.format.CompareAndSwap(int32(format), int32(FormatText)) {
						s.log.Warn("the server accepted json_object but answered without JSON; stepping down", "from", format, "to", FormatText)
					}
					continue
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
		if errors.Is(err, ErrContextLength) && apiErr.PromptTokens > 0 {
			// The server's count of the whole prompt: a calibration
			// sample, so that the next try is sized in its tokens.
			s.cal.observe(sample{text: text, schema: schemaSent, reported: apiErr.PromptTokens, full: true}, 0)
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
		if !retryable(apiErr) || retries >= s.maxRetries || (errors.Is(err, ErrConnect) && retries >= 1) {
			return err
		}
		retries++
		wait := backoff(retries, apiErr.RetryAfter)
		if errors.Is(err, ErrConnect) {
			// A server still starting: one short pause, not the full backoff,
			// and no warning, since the final error says it all.
			wait = connectRetryWait
			s.log.Info("cannot connect; retrying once", "step", step, "wait", wait)
		} else {
			s.log.Warn("request failed; retrying", "step", step, "error", err, "attempt", retries, "wait", wait.Round(time.Millisecond))
		}
		if err := s.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// answerLimit is the longest answer step may be given, in the server's
// tokens. Notes (map and reduce) stay short enough to be reduced in pairs;
// other answers are bounded by the window alone.
func (r *run) answerLimit(step string) int {
	if step != "map" && step != "reduce" {
		return r.sizes.window
	}
	n, err := r.noteLimit()
	if err != nil {
		return r.sizes.maxOutput
	}
	return n
}

// confirmCap sends one smaller request made of the start of req's last
// message, so that its count tells a dense tokenizer from a prompt cut at
// reported tokens. Nothing is cached: only the count matters.
func (r *run) confirmCap(ctx context.Context, req Request, reported int) error {
	s := r.s
	last := req.Messages[len(req.Messages)-1].Content
	small := Request{Step: "calibrate", Format: FormatText, MaxTokens: 1,
		Messages: []Message{{Role: "user", Content: s.tok.Truncate(last, confirmTokens(reported))}}}
	text, _ := s.promptTokens(small)
	s.log.Info("the server counted far fewer prompt tokens than brief; sending a smaller request to tell a cut prompt from a denser tokenizer", "reported", reported)
	resp, err := s.complete(ctx, small, text)
	if err != nil {
		return err
	}
	r.addUsage(resp.Usage, text, resp)
	s.cal.observe(sample{text: text, reported: resp.Usage.PromptTokens}, 0)
	return nil
}

// near reports whether two token counts are equal but for rounding.
func near(a, b int) bool { return a-b <= 2 && b-a <= 2 }

// retryable reports whether sending the same request again can succeed.
func retryable(e *APIError) bool {
	for _, k := range []error{ErrRateLimited, ErrServer, ErrTransport, ErrConnect, ErrBadResponse, ErrTruncated} {
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

// promptTokens counts a request's prompt in our tokens: the messages with
// their framing, and apart the response_format schema sent, which some
// servers count as prompt and others do not.
func (s *Summarizer) promptTokens(req Request) (text, schema int) {
	for _, m := range req.Messages {
		text += s.tok.Count(m.Content) + messageOverhead
	}
	if req.Format == FormatJSONSchema {
		schema = s.schemaTokenCount(req.SchemaName)
	}
	return text, schema
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
