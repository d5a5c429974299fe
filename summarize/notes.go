package summarize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Notes are the structured notes the model takes on one chunk (map) or on
// several merged sets of notes (reduce). Passed on to the next step, empty
// fields are left out: they would cost tokens in every later prompt, and
// the schema asks for every field anyway.
type Notes struct {
	Title        string  `json:"title,omitempty"`
	Date         string  `json:"date,omitempty"`
	Events       []Event `json:"events,omitempty"`
	Actors       []Actor `json:"actors,omitempty"`
	Background   []Note  `json:"background,omitempty"`
	Response     []Note  `json:"response,omitempty"`
	Implications []Note  `json:"implications,omitempty"`
	Themes       []Theme `json:"themes,omitempty"`
	KeyFigures   []Note  `json:"key_figures,omitempty"`
}

// Note is one statement with the report paragraphs it rests on.
type Note struct {
	Text       string   `json:"text"`
	Paragraphs ParaRefs `json:"paragraphs"`
}

// Event is a dated event.
type Event struct {
	Date       string   `json:"date"`
	Text       string   `json:"text"`
	Paragraphs ParaRefs `json:"paragraphs"`
}

// Actor is a person, organisation or place that matters in the report.
type Actor struct {
	Name       string   `json:"name"`
	Role       string   `json:"role"`
	Paragraphs ParaRefs `json:"paragraphs"`
}

// Theme is a subject the report treats at length.
type Theme struct {
	Heading string `json:"heading"`
	Notes   []Note `json:"notes"`
}

// ParaRefs are paragraph numbers. Models write them as 12, "12", "P12" or
// "[P12]"; all are accepted.
type ParaRefs []int

var reDigits = regexp.MustCompile(`\d+`)

// UnmarshalJSON accepts numbers, numeric strings, markers and a lone value.
func (p *ParaRefs) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		*p = nil
		return nil
	}
	if data[0] != '[' {
		data = append(append([]byte{'['}, data...), ']')
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := make(ParaRefs, 0, len(raw))
	for _, r := range raw {
		var s string
		if json.Unmarshal(r, &s) != nil {
			s = string(r)
		}
		for _, d := range reDigits.FindAllString(s, -1) {
			if n, err := strconv.Atoi(d); err == nil && n > 0 {
				out = append(out, n)
			}
		}
	}
	*p = out
	return nil
}

// merge returns n with the lists of o appended.
func (n Notes) merge(o Notes) Notes {
	if n.Title == "" {
		n.Title = o.Title
	}
	if n.Date == "" {
		n.Date = o.Date
	}
	n.Events = append(n.Events, o.Events...)
	n.Actors = append(n.Actors, o.Actors...)
	n.Background = append(n.Background, o.Background...)
	n.Response = append(n.Response, o.Response...)
	n.Implications = append(n.Implications, o.Implications...)
	n.Themes = append(n.Themes, o.Themes...)
	n.KeyFigures = append(n.KeyFigures, o.KeyFigures...)
	return n
}

func (n *Notes) empty() bool {
	return n.Title == "" && n.Date == "" && len(n.Events) == 0 && len(n.Actors) == 0 &&
		len(n.Background) == 0 && len(n.Response) == 0 && len(n.Implications) == 0 &&
		len(n.Themes) == 0 && len(n.KeyFigures) == 0
}

// Schemas of the structured answers, strict-mode compatible: every property
// required, no additional properties.
var (
	notesSchema = mustJSON(object(map[string]any{
		"title":        str,
		"date":         str,
		"events":       array(object(map[string]any{"date": str, "text": str, "paragraphs": paras})),
		"actors":       array(object(map[string]any{"name": str, "role": str, "paragraphs": paras})),
		"background":   noteList,
		"response":     noteList,
		"implications": noteList,
		"themes":       array(object(map[string]any{"heading": str, "notes": noteList})),
		"key_figures":  noteList,
	}))
	briefSchema = mustJSON(object(map[string]any{
		"title":        str,
		"date":         str,
		"lead":         paragraphSchema,
		"sections":     array(object(map[string]any{"heading": str, "paragraphs": array(paragraphSchema)})),
		"implications": array(paragraphSchema),
		"key_facts":    array(paragraphSchema),
	}))
)

var (
	str             = map[string]any{"type": "string"}
	paras           = array(map[string]any{"type": "integer"})
	noteList        = array(object(map[string]any{"text": str, "paragraphs": paras}))
	paragraphSchema = object(map[string]any{"text": str, "sources": paras})
)

func object(props map[string]any) map[string]any {
	// encoding/json sorts map keys, so the schema text is stable.
	required := make([]string, 0, len(props))
	for k := range props {
		required = append(required, k)
	}
	slices.Sort(required)
	return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}

func array(items any) map[string]any { return map[string]any{"type": "array", "items": items} }

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

var errNoJSON = errors.New("no JSON object in the answer")

// decodeAnswer parses a model's answer into v. It accepts the bare JSON that
// json_schema servers return and the chatty answers of local models: prose
// around the object, a ```json fence, a truncated tail of whitespace.
func decodeAnswer(content string, v any) error {
	s := strings.TrimSpace(content)
	if err := json.Unmarshal([]byte(s), v); err == nil {
		return nil
	}
	if m := reFence.FindStringSubmatch(s); m != nil {
		if err := json.Unmarshal([]byte(m[1]), v); err == nil {
			return nil
		}
	}
	obj := firstObject(s)
	if obj == "" {
		return errNoJSON
	}
	if err := json.Unmarshal([]byte(obj), v); err != nil {
		return fmt.Errorf("parsing answer: %w", err)
	}
	return nil
}

var reFence = regexp.MustCompile("(?s)```(?:json|JSON)?\\s*\n(.*?)\n\\s*```")

// firstObject returns the first balanced {...} in s, minding strings.
func firstObject(s string) string {
	start := strings.IndexByte(s, '{')
	for start >= 0 {
		depth, inStr, esc := 0, false, false
		for i := start; i < len(s); i++ {
			c := s[i]
			switch {
			case esc:
				esc = false
			case inStr && c == '\\':
				esc = true
			case c == '"':
				inStr = !inStr
			case inStr:
			case c == '{':
				depth++
			case c == '}':
				depth--
				if depth == 0 {
					if json.Valid([]byte(s[start : i+1])) {
						return s[start : i+1]
					}
					break
				}
			}
			if depth == 0 && i > start {
				break
			}
		}
		next := strings.IndexByte(s[start+1:], '{')
		if next < 0 {
			return ""
		}
		start += 1 + next
	}
	return ""
}

// salvageNotes decodes the complete part of notes cut at the token limit:
// the answer up to the last list element or field that ended before the
// cut, with its open lists and objects closed. It reports false when nothing
// usable was complete.
func salvageNotes(cut string) (Notes, bool) {
	start := strings.IndexByte(cut, '{')
	if start < 0 {
		return Notes{}, false
	}
	type point struct {
		at     int
		closer string
	}
	var (
		stack  []byte
		points []point
		inStr  bool
		esc    bool
	)
	for i := start; i < len(cut); i++ {
		c := cut[i]
		switch {
		case esc:
			esc = false
		case inStr:
			switch c {
			case '\\':
				esc = true
			case '"':
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '{':
			stack = append(stack, '}')
		case c == '[':
			stack = append(stack, ']')
		case c == '}' || c == ']':
			if len(stack) == 0 {
				return Notes{}, false
			}
			stack = stack[:len(stack)-1]
		case c == ',' && len(stack) > 0 && (len(stack) == 1 || stack[len(stack)-1] == ']'):
			// Everything before a comma between the answer's fields or
			// between the elements of a list is whole: close what is open.
			closer := make([]byte, len(stack))
			for j := range stack {
				closer[j] = stack[len(stack)-1-j]
			}
			points = append(points, point{i, string(closer)})
		}
	}
	for k := len(points) - 1; k >= 0 && k >= len(points)-8; k-- {
		var n Notes
		if json.Unmarshal([]byte(cut[start:points[k].at]+points[k].closer), &n) == nil && !n.empty() {
			return n, true
		}
	}
	return Notes{}, false
}
