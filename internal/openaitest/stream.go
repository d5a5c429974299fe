package openaitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// stream writes an answer as server-sent events, the way OpenAI does: a
// first chunk with the role, one chunk per token of content, a chunk with
// the finish_reason, with include_usage a last chunk with empty choices
// and the usage, then "data: [DONE]". Every chunk is flushed on its own.
func (c *call) stream(a answer) int {
	h := c.h
	includeUsage := c.req.StreamOptions != nil && c.req.StreamOptions.IncludeUsage
	base := chunk{
		ID: a.id, Object: "chat.completion.chunk", Created: a.createdUnix, Model: a.model,
		ServiceTier: "default", SystemFingerprint: fingerprint(a.model),
	}
	if includeUsage {
		base.Usage = json.RawMessage("null")
	}
	c.setHeaders("text/event-stream; charset=utf-8")
	c.w.Header().Set("Cache-Control", "no-cache")
	c.w.WriteHeader(http.StatusOK)

	ctx := c.r.Context()
	send := func(data []byte) bool {
		if ctx.Err() != nil {
			return false
		}
		var b bytes.Buffer
		b.WriteString("data: ")
		b.Write(data)
		b.WriteString("\n\n")
		if _, err := c.w.Write(b.Bytes()); err != nil {
			return false
		}
		flush(c.w)
		return true
	}
	sendChunk := func(ch chunk) bool { return send(marshalCompact(ch)) }
	// StreamTime is spread over the tokens on a schedule from the first
	// chunk, so that the overhead of many short waits does not add up.
	var streamStart time.Time
	sent, total := 0, 0
	pause := func() bool {
		d := h.cfg.ChunkDelay.D()
		if st := h.cfg.StreamTime.D(); st > 0 && total > 0 {
			sent++
			d += time.Until(streamStart.Add(st * time.Duration(sent) / time.Duration(total)))
		}
		if d > 0 {
			return c.wait(d)
		}
		return true
	}
	gone := func() int { return 499 }

	if c.fault.Kind == FaultEmptyChoices {
		ch := base
		ch.Choices = []chunkChoice{}
		if includeUsage {
			u := a.usage()
			ch.Usage = marshalCompact(u)
		}
		if !sendChunk(ch) || !send([]byte("[DONE]")) {
			return gone()
		}
		return http.StatusOK
	}

	empty := ""
	first := base
	first.Choices = []chunkChoice{{Delta: delta{Role: "assistant", Content: &empty}}}
	if !sendChunk(first) {
		return gone()
	}

	pieces := tokenPieces(a.content)
	streamStart, total = time.Now(), len(pieces)
	// The broken kinds stop partway, after a few tokens.
	stopAt := len(pieces)
	switch c.fault.Kind {
	case FaultTruncatedStream, FaultStall, FaultStreamError, FaultMalformedJSON:
		stopAt = min(len(pieces), max(1, len(pieces)/2))
	}
	for _, p := range pieces[:stopAt] {
		if !pause() {
			return gone()
		}
		ch := base
		ch.Choices = []chunkChoice{{Delta: delta{Content: &p}}}
		if !sendChunk(ch) {
			return gone()
		}
	}
	switch c.fault.Kind {
	case FaultTruncatedStream:
		// The connection ends cleanly: no finish_reason, no [DONE].
		return http.StatusOK
	case FaultStall:
		c.wait(0)
		return 499
	case FaultStreamError:
		body, _ := errServer(StyleOpenAI).render(StyleOpenAI)
		var compact bytes.Buffer
		_ = json.Compact(&compact, body)
		send(compact.Bytes())
		return http.StatusOK
	case FaultMalformedJSON:
		ch := base
		rest := joinPieces(pieces[stopAt:])
		ch.Choices = []chunkChoice{{Delta: delta{Content: &rest}}}
		full := marshalCompact(ch)
		if !send(full[:len(full)/2]) || !send([]byte("[DONE]")) {
			return gone()
		}
		return http.StatusOK
	}

	if !pause() {
		return gone()
	}
	last := base
	finish := a.finish
	last.Choices = []chunkChoice{{Delta: delta{}, FinishReason: &finish}}
	if !sendChunk(last) {
		return gone()
	}
	if includeUsage {
		u := base
		u.Choices = []chunkChoice{}
		u.Usage = marshalCompact(a.usage())
		if !sendChunk(u) {
			return gone()
		}
	}
	if !send([]byte("[DONE]")) {
		return gone()
	}
	return http.StatusOK
}

func joinPieces(ps []string) string {
	var b bytes.Buffer
	for _, p := range ps {
		b.WriteString(p)
	}
	return b.String()
}
