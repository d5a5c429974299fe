// Package openai is a summarize.Completer for any OpenAI-compatible chat
// completions endpoint: OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp's
// llama-server, LM Studio, OpenRouter.
//
// A Client turns every failure into a *summarize.APIError whose Kind tells
// the pipeline what to do (retry, wait, step the response format down, or
// stop), reading each server's own error bodies and headers (Retry-After,
// x-ratelimit-*). It asks local servers for the model's context window
// (ProbeWindow), adapts once to reasoning models' parameters, and never
// follows a redirect to another origin, so that the key and the report go
// only where they were sent. The HTTP client is passed in Config:
//
//	c := openai.New(openai.Config{
//		BaseURL:    "http://localhost:8000/v1", // vLLM
//		Model:      "Qwen/Qwen2.5-7B-Instruct",
//		Stream:     true,
//		HTTPClient: &http.Client{Timeout: 2 * time.Minute},
//	})
//	s, err := summarize.New(summarize.Options{Completer: c, Model: "Qwen/Qwen2.5-7B-Instruct"})
package openai
