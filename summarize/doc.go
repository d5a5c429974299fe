// Package summarize turns long reports into short briefs shaped like an
// analyst's note: a title and date, a lead paragraph, Background, Response,
// any thematic sections, Implications and Key facts, each statement citing
// the report paragraphs it rests on.
//
// The pipeline reads and normalizes a document (ReadInput), splits it into
// numbered paragraphs and sentences, cuts it into token-bounded chunks,
// asks a language model for structured notes on each chunk (map), merges
// the notes in a tree until they fit one request (reduce), and asks for the
// brief as JSON, which Markdown renders. With EngineExtractive the brief is
// made offline from the report's own sentences instead.
//
// The model is reached through a Completer. Package
// github.com/brief-cli/brief/summarize/openai is the one for
// OpenAI-compatible endpoints (OpenAI, Azure, Ollama, vLLM, llama.cpp, LM
// Studio, OpenRouter):
//
//	in, err := summarize.ReadInput(f, "report.pdf")
//	if err != nil { … }
//	s, err := summarize.New(summarize.Options{
//		Completer: openai.New(openai.Config{
//			BaseURL: "http://localhost:11434/v1", Model: "llama3.1:8b", Stream: true,
//		}),
//		Model: "llama3.1:8b",
//	})
//	if err != nil { … }
//	b, err := s.Summarize(ctx, in)
//	if err != nil { … }
//	fmt.Print(b.Markdown(summarize.RenderOptions{}))
//
// The library reads no environment and writes nothing but what it returns:
// the endpoint, logger, cache (any Cache) and clock-dependent pieces come in
// Options. What brief knows of models (context window, reasoning rules,
// price, tokenizer) is in one table, LookupModel. Errors from the endpoint
// are *APIError values that unwrap to sentinels such as ErrAuth and
// ErrQuota; input problems are ErrEmptyInput, ErrBinaryInput and friends.
package summarize
