// Package openaitest is an in-process, OpenAI-compatible chat completions
// server for tests and benchmarks. It behaves like the real servers
// (OpenAI, vLLM, llama.cpp's llama-server, Ollama) down to their error
// bodies, headers and context-window habits, and answers with a
// deterministic fake model that writes only text taken from the request,
// so the same request always gets the same answer, byte for byte. Nothing
// touches the network.
//
// Usage:
//
//	srv := openaitest.NewServer(openaitest.Config{
//		APIKey:        "sk-test",
//		Models:        []string{"gpt-4o-mini"},
//		ContextWindow: 8192,
//		RPM:           60, TPM: 20000, RateWindow: openaitest.Duration(time.Second),
//		Faults:        []openaitest.Fault{{Kind: openaitest.Fault429}, {Kind: openaitest.Fault500}},
//	})
//	defer srv.Close()
//	cfg := openai.DefaultConfig("sk-test")
//	cfg.BaseURL = srv.URL() // ends in /v1, as OPENAI_BASE_URL does
//	client := openai.NewClientWithConfig(cfg)
//	// ... exercise the code under test, then:
//	st := srv.Stats()          // requests, statuses, tokens, 429s, max in flight
//	reqs := srv.Requests()     // what the client sent, decoded
//
// A CLI test script can describe the server in JSON (see [Config] and
// [ParseConfig]):
//
//	{"api_key": "sk-test", "error_style": "llamacpp", "context_window": 4096,
//	 "latency": "20ms", "faults": ["503", {"kind": "429", "retry_after": "2s"}]}
//
// # Endpoints
//
// POST /v1/chat/completions (stream or not), GET /v1/models and
// GET /v1/models/{id}; the Batch API: POST /v1/files, GET /v1/files/{id}
// and /content, POST and GET /v1/batches, GET /v1/batches/{id} and POST
// /v1/batches/{id}/cancel (see [BatchConfig]: statuses on a virtual clock,
// failed lines, expiry, validation and queue failures, lost files); the
// paths without /v1 work too. Anything else gets OpenAI's 404 "Invalid URL
// (METHOD /path)". Each style also reports its
// window where the real server does: vLLM's /v1/models max_model_len,
// llama.cpp's /v1/models meta.n_ctx and n_ctx_train and GET /props
// default_generation_settings.n_ctx (per slot), Ollama's POST /api/show at
// the root (model_info "llama.context_length", num_ctx in parameters
// unless NoNumCtx), LM Studio's GET /api/v0/models[/{id}]
// max_context_length.
//
// # The fake model
//
// The model reads the last user message. When that message holds fenced
// blocks (```report, ```text, a bare ```) other than ```json ones, only
// those blocks are read: put the document there and instructions outside.
// Paragraph markers of the form [P12] are stripped from what it writes.
//
//   - response_format json_schema: a JSON value valid against the schema
//     (type and type lists, properties, required, additionalProperties,
//     items, prefixItems, min/maxItems, uniqueItems, enum, const,
//     min/maxLength, format date/date-time/uri/email, minimum/maximum and
//     their exclusive forms, anyOf/oneOf, allOf, local $ref into
//     $defs/definitions; not pattern). Strings are
//     sentences of the text, or short fragments for fields named like
//     title/heading, name/organization/country/…, date/when; integers are
//     paragraph numbers taken from [P#] markers, preferring the paragraph of
//     the sentence written in the same object, else small numbers; arrays
//     have one to three items.
//   - json_object: the schema found in the messages (a JSON object with
//     "type":"object" and "properties", in a ```json block or inline) is
//     filled the same way; without one the answer is {"summary":"…"}.
//   - no response_format: with a schema in the prompt the answer is a line
//     of prose and the JSON in a ```json fence, as chatty local models
//     answer; otherwise four sentences spread over the text.
//
// max_tokens / max_completion_tokens cut the answer on a token boundary
// with finish_reason "length"; "stop" strings cut it with "stop". Usage is
// counted with tiktoken's o200k_base (offline) scaled by TokenDensity, as
// each server counts with its model's own tokenizer: prompt tokens by
// OpenAI's per-message formula (see [CountPromptTokens]), plus, in the
// OpenAI style only, the json_schema in OpenAI's compact form
// (openai/openai-cookbook#2140); Ollama, llama.cpp and vLLM do not count
// the schema (ollama/ollama#11022; a grammar, not prompt text). Completion
// tokens are those of the content plus any reasoning tokens. llama.cpp
// accepts json_object without enforcing it: its answer is prose.
//
// Streaming follows OpenAI: a role chunk, one chunk per token, a chunk with
// the finish_reason, with stream_options.include_usage a final chunk with
// "choices":[] and the usage ("usage":null on the others), then
// "data: [DONE]".
//
// # Error styles
//
// ErrorStyle picks whose bodies and context-window behaviour to imitate:
//
//	openai       {"error":{"message","type","param","code"}}, indented
//	             400 context_length_exceeded when prompt + max tokens > window
//	vllm         {"error":{"message","type":"BadRequestError","param":null,"code":400}}
//	             400 when prompt > window or prompt + max tokens > window
//	vllm-legacy  {"object":"error","message",…,"code":400}; as vllm, older wording
//	llamacpp     {"error":{"code":400,"message","type"}}
//	             400 exceed_context_size_error (with n_prompt_tokens, n_ctx)
//	             when prompt >= window; otherwise the output stops at the window
//	ollama       {"error":{"message","type","param":null,"code":null}}
//	             never refuses: drops the oldest messages, then the start of
//	             the prompt (prompt_tokens shows the smaller count)
//	lmstudio     OpenAI's bodies and limits (its overflow policy is not
//	             modelled)
//
// go-openai decodes the "error" envelopes into *openai.APIError (Code is a
// string for OpenAI, an int for llama.cpp and vLLM). It cannot decode
// vllm-legacy's flat body, vLLM's {"error":"Unauthorized"}, nor the nginx
// HTML page local styles send for "502": those come back as
// *openai.RequestError with the status code.
//
// Rate limits (RPM, TPM per RateWindow, a sliding window) and the 429 and
// insufficient_quota faults always answer with OpenAI's bodies. A 429 for a
// full window carries Retry-After (whole seconds) and retry-after-ms; a
// request larger than TPM on its own gets "Request too large …" without
// them, since waiting cannot help. A request is charged its prompt tokens
// plus max_tokens (or, without a budget, its completion tokens once
// answered). Turned-away requests still count against RPM, as on OpenAI
// ("unsuccessful requests contribute to your per-minute limit"); the
// Retry-After given accounts for that, so waiting exactly that long works.
// Every chat response carries x-ratelimit-limit/remaining/reset-requests
// and -tokens while limits are set; remaining is as of admission.
//
// # Validation
//
// Requests are checked as OpenAI checks them, with its messages: model and
// messages present, roles, max_tokens >= 1, temperature in [0,2],
// stream_options only with stream, response_format type, json_object only
// when a message says "json" (OpenAI style), and for json_schema with
// "strict": true OpenAI's strict-mode rules (every object has
// additionalProperties false and requires all its properties). With
// Reasoning set, max_tokens and temperatures other than 1 are refused as
// o-series models refuse them. Fields the fake does not model (n, tools,
// logprobs, seed …) are accepted and ignored; the answer has one choice.
//
// # Faults
//
// Config.Faults are applied one per chat request in arrival order (after
// authentication and JSON decoding, before validation); FaultRate adds
// seeded random ones. GET /v1/models is never faulted. See [FaultKind] for
// what each kind does, and [Handler.Requests] for which request got which.
package openaitest
