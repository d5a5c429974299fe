package summarize

import "context"

// WindowInfo is a context window a server reported for the model.
type WindowInfo struct {
	// Tokens is the window in the server's tokens; 0 when no endpoint
	// told.
	Tokens int
	// Source names the endpoint and field it came from.
	Source string
	// Warning, when set, is something the user should know about the
	// figure (Ollama's num_ctx below the model's length).
	Warning string
}

// WindowProber is a Completer that can also ask its server for the
// model's context window; openai.Client is one. A probe that learns
// nothing returns the zero WindowInfo.
type WindowProber interface {
	ProbeWindow(ctx context.Context) WindowInfo
}

// probeWindow settles the window before the first request: the caller's
// figure, else what the server reports, else the known-model table or the
// default. It logs the figure and where it came from.
func (s *Summarizer) probeWindow(ctx context.Context) {
	var w WindowInfo
	if p, ok := s.opt.Completer.(WindowProber); ok && s.opt.ContextTokens <= 0 {
		w = p.ProbeWindow(ctx)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.Tokens > 0 {
		s.sizes.window, s.windowSource = w.Tokens, w.Source
		s.setMaxOutput()
		if w.Warning != "" {
			s.log.Warn(w.Warning)
		}
	}
	s.log.Info("context window", "tokens", s.sizes.window, "source", s.windowSource)
}

// Window is the context window a run works with and where the figure came
// from, asking the server first when the caller gave none (once per
// Summarizer). A Summarizer made for the same run may take it as
// Options.Window, so that the server is asked only once.
func (s *Summarizer) Window(ctx context.Context) WindowInfo {
	if s.opt.Engine != EngineExtractive {
		s.probeOnce.Do(func() { s.probeWindow(ctx) })
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return WindowInfo{Tokens: s.sizes.window, Source: s.windowSource}
}
