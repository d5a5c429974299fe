package openaitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// apiError is one error answer, independent of the style that renders it.
// The messages are the real servers' own wording (checked against bodies
// quoted in public bug reports and the servers' sources).
type apiError struct {
	status  int
	message string
	typ     string // OpenAI error type
	param   string // "" renders as null
	code    string // OpenAI error code; "" renders as null

	// llama.cpp's exceed_context_size_error carries the two counts.
	llamaType       string
	nPrompt, nCtx   int
	openaiOnly      bool        // rate limits and billing: always OpenAI's shape
	header          http.Header // extra headers such as Retry-After
	raw             []byte      // pre-rendered body (HTML pages, vLLM's auth error)
	rawContentType  string
	styleMessageFor map[Style]string // per-style wording when it differs
}

// openAIErrorBody is OpenAI's error envelope, field order as sent.
type openAIErrorBody struct {
	Error openAIErrorInner `json:"error"`
}

type openAIErrorInner struct {
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

type llamaErrorBody struct {
	Error llamaErrorInner `json:"error"`
}

type llamaErrorInner struct {
	Code          int    `json:"code"`
	Message       string `json:"message"`
	Type          string `json:"type"`
	NPromptTokens *int   `json:"n_prompt_tokens,omitempty"`
	NCtx          *int   `json:"n_ctx,omitempty"`
}

type vllmErrorBody struct {
	Error vllmErrorInner `json:"error"`
}

type vllmErrorInner struct {
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    int     `json:"code"`
}

type vllmLegacyErrorBody struct {
	Object  string  `json:"object"`
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    int     `json:"code"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// render returns the body and content type of e as the given server sends it.
func (e *apiError) render(style Style) (body []byte, contentType string) {
	if e.raw != nil {
		return e.raw, e.rawContentType
	}
	if e.openaiOnly {
		style = StyleOpenAI
	}
	msg := e.message
	if m, ok := e.styleMessageFor[style]; ok {
		msg = m
	}
	typ := e.typ
	switch style {
	case StyleLlamaCpp:
		inner := llamaErrorInner{Code: e.status, Message: msg, Type: llamaType(e.status)}
		if e.llamaType != "" {
			inner.Type = e.llamaType
		}
		if e.nCtx > 0 {
			inner.NPromptTokens, inner.NCtx = &e.nPrompt, &e.nCtx
		}
		return marshalCompact(llamaErrorBody{inner}), "application/json; charset=utf-8"
	case StyleVLLM:
		return marshalCompact(vllmErrorBody{vllmErrorInner{Message: msg, Type: vllmType(e.status), Code: e.status}}), "application/json"
	case StyleVLLMLegacy:
		return marshalCompact(vllmLegacyErrorBody{Object: "error", Message: msg, Type: vllmType(e.status), Code: e.status}), "application/json"
	case StyleOllama:
		return marshalCompact(openAIErrorBody{openAIErrorInner{Message: msg, Type: ollamaType(e.status)}}), "application/json; charset=utf-8"
	default:
		// OpenAI pretty-prints its error bodies with four spaces.
		b, _ := json.MarshalIndent(openAIErrorBody{openAIErrorInner{
			Message: msg, Type: typ, Param: nullable(e.param), Code: nullable(e.code),
		}}, "", "    ")
		return append(b, '\n'), "application/json; charset=utf-8"
	}
}

func marshalCompact(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// llamaType maps a status to llama-server's error_type names.
func llamaType(status int) string {
	switch status {
	case 401:
		return "authentication_error"
	case 403:
		return "permission_error"
	case 404:
		return "not_found_error"
	case 500:
		return "server_error"
	case 501:
		return "not_supported_error"
	case 503:
		return "unavailable_error"
	default:
		return "invalid_request_error"
	}
}

// vllmType maps a status to the exception class name vLLM reports.
func vllmType(status int) string {
	switch status {
	case 400:
		return "BadRequestError"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "NotFoundError"
	case 501:
		return "NotImplementedError"
	case 503:
		return "ServiceUnavailableError"
	default:
		return "InternalServerError"
	}
}

// ollamaType mirrors openai.NewError in Ollama's OpenAI middleware.
func ollamaType(status int) string {
	switch status {
	case 400:
		return "invalid_request_error"
	case 404:
		return "not_found_error"
	default:
		return "api_error"
	}
}

func invalidRequest(status int, message, param, code string) *apiError {
	return &apiError{status: status, message: message, typ: "invalid_request_error", param: param, code: code}
}

func errMissingAuth(style Style) *apiError {
	e := invalidRequest(401, "Missing bearer or basic authentication in header", "", "")
	switch style {
	case StyleVLLM, StyleVLLMLegacy:
		e.raw, e.rawContentType = []byte(`{"error":"Unauthorized"}`), "application/json"
	case StyleLlamaCpp:
		e.message = "Invalid API Key"
	case StyleOllama:
		e.message = "unauthorized"
	}
	return e
}

func errInvalidAPIKey(style Style, key string) *apiError {
	e := invalidRequest(401, fmt.Sprintf("Incorrect API key provided: %s. You can find your API key at https://platform.openai.com/account/api-keys.", maskKey(key)), "", "invalid_api_key")
	switch style {
	case StyleVLLM, StyleVLLMLegacy:
		e.raw, e.rawContentType = []byte(`{"error":"Unauthorized"}`), "application/json"
	case StyleLlamaCpp:
		e.message = "Invalid API Key"
	case StyleOllama:
		e.message = "unauthorized"
	}
	return e
}

// maskKey hides a key the way OpenAI's 401 message does: first eight and
// last four characters kept.
func maskKey(key string) string {
	if len(key) <= 12 {
		return strings.Repeat("*", len(key))
	}
	return key[:8] + strings.Repeat("*", len(key)-12) + key[len(key)-4:]
}

func errModelNotFound(style Style, model string) *apiError {
	e := invalidRequest(404, fmt.Sprintf("The model `%s` does not exist or you do not have access to it.", model), "", "model_not_found")
	e.styleMessageFor = map[Style]string{
		StyleVLLM:       fmt.Sprintf("The model `%s` does not exist.", model),
		StyleVLLMLegacy: fmt.Sprintf("The model `%s` does not exist.", model),
		StyleOllama:     fmt.Sprintf("model %q not found, try pulling it first", model),
		StyleLlamaCpp:   fmt.Sprintf("model '%s' not found", model),
	}
	return e
}

// errContextLength words the context-window error as each server does.
// maxTok is the requested completion budget, 0 when the request set none.
func errContextLength(style Style, ctx, prompt, maxTok int) *apiError {
	var msg string
	if maxTok > 0 {
		msg = fmt.Sprintf("This model's maximum context length is %d tokens. However, you requested %d tokens (%d in the messages, %d in the completion). Please reduce the length of the messages or completion.", ctx, prompt+maxTok, prompt, maxTok)
	} else {
		msg = fmt.Sprintf("This model's maximum context length is %d tokens. However, your messages resulted in %d tokens. Please reduce the length of the messages.", ctx, prompt)
	}
	e := invalidRequest(400, msg, "messages", "context_length_exceeded")
	switch style {
	case StyleLlamaCpp:
		e.message = fmt.Sprintf("request (%d tokens) exceeds the available context size (%d tokens), try increasing it", prompt, ctx)
		e.llamaType, e.nPrompt, e.nCtx = "exceed_context_size_error", prompt, ctx
	case StyleVLLM:
		if prompt > ctx || maxTok == 0 {
			e.message = fmt.Sprintf("This model's maximum context length is %d tokens. However, your request has %d input tokens. Please reduce the length of the input messages.", ctx, prompt)
		} else {
			e.message = fmt.Sprintf("'max_tokens' or 'max_completion_tokens' is too large: %d. This model's maximum context length is %d tokens and your request has %d input tokens (%d > %d - %d).", maxTok, ctx, prompt, maxTok, ctx, prompt)
		}
	case StyleVLLMLegacy:
		if maxTok == 0 {
			e.message = fmt.Sprintf("This model's maximum context length is %d tokens. However, you requested %d tokens in the messages, Please reduce the length of the messages.", ctx, prompt)
		}
	case StyleOllama:
		// Ollama truncates instead; only an injected fault gets here.
		e.message = "the input length exceeds the context length"
	}
	return e
}

func errFormatUnsupported(style Style, typ string) *apiError {
	msg := fmt.Sprintf("Invalid parameter: 'response_format' of type '%s' is not supported with this model.", typ)
	if typ == FormatJSONSchema {
		msg += " Learn more about supported models at the Structured Outputs guide: https://platform.openai.com/docs/guides/structured-outputs"
	}
	e := invalidRequest(400, msg, "response_format", "")
	e.styleMessageFor = map[Style]string{
		StyleLlamaCpp:   fmt.Sprintf("response_format type must be one of \"text\" or \"json_object\", but got: %s", typ),
		StyleVLLM:       fmt.Sprintf("response_format type %s is not supported by this model", typ),
		StyleVLLMLegacy: fmt.Sprintf("response_format type %s is not supported by this model", typ),
		StyleOllama:     fmt.Sprintf("invalid response_format type: %s", typ),
	}
	return e
}

func errFormatInvalid(typ string) *apiError {
	return invalidRequest(400, fmt.Sprintf("Invalid value: '%s'. Supported values are: 'json_object', 'json_schema', and 'text'.", typ), "response_format.type", "invalid_value")
}

func errJSONWordMissing() *apiError {
	return invalidRequest(400, "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", "messages", "")
}

func errStrictSchema(name, detail string) *apiError {
	return invalidRequest(400, fmt.Sprintf("Invalid schema for response_format '%s': %s", name, detail), "response_format", "")
}

func errMissingParam(param string) *apiError {
	return invalidRequest(400, fmt.Sprintf("Missing required parameter: '%s'.", param), param, "missing_required_parameter")
}

func errBadJSON() *apiError {
	return invalidRequest(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)", "", "")
}

func errMissingModel() *apiError {
	return invalidRequest(400, "you must provide a model parameter", "", "")
}

func errEmptyMessages() *apiError {
	return invalidRequest(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages", "empty_array")
}

func errInvalidRole(i int, role string) *apiError {
	return invalidRequest(400, fmt.Sprintf("Invalid value: '%s'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.", role), fmt.Sprintf("messages[%d].role", i), "invalid_value")
}

func errBelowMin(param string, got int) *apiError {
	return invalidRequest(400, fmt.Sprintf("Invalid '%s': integer below minimum value. Expected a value >= 1, but got %d instead.", param, got), param, "integer_below_min_value")
}

func errTemperatureRange(v float64) *apiError {
	if v < 0 {
		return invalidRequest(400, fmt.Sprintf("Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got %s instead.", pyFloat(v)), "temperature", "decimal_below_min_value")
	}
	return invalidRequest(400, fmt.Sprintf("Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got %s instead.", pyFloat(v)), "temperature", "decimal_above_max_value")
}

func errStreamOptions() *apiError {
	return invalidRequest(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", "")
}

func errUnsupportedMaxTokens() *apiError {
	return invalidRequest(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "max_tokens", "unsupported_parameter")
}

func errUnsupportedTemperature(v float64) *apiError {
	return invalidRequest(400, fmt.Sprintf("Unsupported value: 'temperature' does not support %s with this model. Only the default (1) value is supported.", pyFloat(v)), "temperature", "unsupported_value")
}

// pyFloat formats v as Python's repr would (the API is Python): 0 -> 0.0.
func pyFloat(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}

func errInvalidURL(method, path string) *apiError {
	return invalidRequest(404, fmt.Sprintf("Invalid URL (%s %s)", method, path), "", "")
}

const rateLimitDocs = "Visit https://platform.openai.com/account/rate-limits to learn more."

// errRateLimited is OpenAI's 429 for a window that is full. what is
// "requests" or "tokens".
func errRateLimited(what, model string, limit, used, requested int, wait time.Duration) *apiError {
	unit := "requests per min (RPM)"
	if what == "tokens" {
		unit = "tokens per min (TPM)"
	}
	msg := fmt.Sprintf("Rate limit reached for %s in organization %s on %s: Limit %d, Used %d, Requested %d. Please try again in %s. %s",
		model, organization, unit, limit, used, requested, fmtDuration(wait), rateLimitDocs)
	return &apiError{status: 429, message: msg, typ: what, code: "rate_limit_exceeded", openaiOnly: true}
}

// errRequestTooLarge is OpenAI's 429 for a request that alone exceeds TPM;
// waiting does not help.
func errRequestTooLarge(model string, limit, requested int) *apiError {
	msg := fmt.Sprintf("Request too large for %s in organization %s on tokens per min (TPM): Limit %d, Requested %d. The input or output tokens must be reduced in order to run successfully. %s",
		model, organization, limit, requested, rateLimitDocs)
	return &apiError{status: 429, message: msg, typ: "tokens", code: "rate_limit_exceeded", openaiOnly: true}
}

func errInsufficientQuota() *apiError {
	return &apiError{status: 429, message: "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
		typ: "insufficient_quota", code: "insufficient_quota", openaiOnly: true}
}

func errServer(style Style) *apiError {
	e := &apiError{status: 500, message: "The server had an error while processing your request. Sorry about that!", typ: "server_error"}
	e.styleMessageFor = map[Style]string{
		StyleLlamaCpp:   "Internal server error",
		StyleVLLM:       "Internal server error",
		StyleVLLMLegacy: "Internal server error",
		StyleOllama:     "an error was encountered while running the model: unexpected EOF",
	}
	return e
}

const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

func errBadGateway(style Style) *apiError {
	e := &apiError{status: 502}
	if style == StyleOpenAI {
		// Cloudflare's JSON, field order as sent.
		e.raw, e.rawContentType = []byte(`{"error":{"code":502,"message":"Bad gateway.","param":null,"type":"cf_bad_gateway"}}`), "application/json"
	} else {
		// A local server behind a reverse proxy that lost its upstream.
		e.raw, e.rawContentType = []byte(nginx502), "text/html"
	}
	return e
}

func errOverloaded(style Style) *apiError {
	e := &apiError{status: 503, message: "Our servers are currently overloaded. Please try again later.", typ: "service_unavailable_error", code: "server_is_overloaded"}
	e.styleMessageFor = map[Style]string{
		StyleLlamaCpp:   "Loading model",
		StyleVLLM:       "The server is currently overloaded. Please try again later.",
		StyleVLLMLegacy: "The server is currently overloaded. Please try again later.",
		StyleOllama:     "server busy, please try again.  maximum pending requests exceeded",
	}
	return e
}

func errForbidden(style Style) *apiError {
	e := &apiError{status: 403, message: "Country, region, or territory not supported", typ: "request_forbidden", code: "unsupported_country_region_territory"}
	e.styleMessageFor = map[Style]string{
		StyleLlamaCpp:   "Forbidden",
		StyleVLLM:       "Forbidden",
		StyleVLLMLegacy: "Forbidden",
		StyleOllama:     "forbidden",
	}
	return e
}

// organization is the organization id named in rate-limit messages.
const organization = "org-openaitest"

// fmtDuration formats d as OpenAI's headers and messages do: "1s",
// "6m0s", "120ms", "1.5s".
func fmtDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	d = d.Round(time.Millisecond)
	if d == 0 {
		d = time.Millisecond
	}
	return d.String()
}
