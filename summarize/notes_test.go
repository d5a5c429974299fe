package summarize

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestDecodeAnswer(t *testing.T) {
	want := Notes{Title: "T", Background: []Note{{Text: "a {b} \"c\"", Paragraphs: ParaRefs{3, 4}}}}
	bare, _ := json.Marshal(want)
	tests := []struct {
		name    string
		content string
		ok      bool
	}{
		{"bare", string(bare), true},
		{"spaces", "\n  " + string(bare) + "\n", true},
		{"fenced", "Here are the notes:\n```json\n" + string(bare) + "\n```\nHope this helps.", true},
		{"prose around", "Sure! " + string(bare) + " Let me know.", true},
		{"braces in prose first", "Use {curly} braces: " + string(bare), true},
		{"no json", "I cannot help with that.", false},
		{"broken", `{"title": "T", "background": [`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Notes
			err := decodeAnswer(tt.content, &got)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if tt.ok && !reflect.DeepEqual(got, want) {
				t.Fatalf("got %+v", got)
			}
		})
	}
}

func TestParaRefs(t *testing.T) {
	tests := []struct {
		in   string
		want ParaRefs
	}{
		{`[1, 2, 3]`, ParaRefs{1, 2, 3}},
		{`["4", "P5", "[P6]"]`, ParaRefs{4, 5, 6}},
		{`7`, ParaRefs{7}},
		{`"P8-P9"`, ParaRefs{8, 9}},
		{`null`, nil},
		{`[0, -1, 2]`, ParaRefs{1, 2}},
	}
	for _, tt := range tests {
		var got ParaRefs
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSchemasAreStrict(t *testing.T) {
	for name, raw := range map[string]json.RawMessage{"notes": notesSchema, "brief": briefSchema} {
		var schema map[string]any
		if err := json.Unmarshal(raw, &schema); err != nil {
			t.Fatal(err)
		}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			m, ok := v.(map[string]any)
			if !ok {
				return
			}
			if m["type"] == "object" {
				props := m["properties"].(map[string]any)
				req := m["required"].([]any)
				if len(req) != len(props) || m["additionalProperties"] != false {
					t.Errorf("%s %s: strict mode needs every property required and no additional ones", name, path)
				}
				for k, p := range props {
					walk(path+"."+k, p)
				}
			}
			if items, ok := m["items"]; ok {
				walk(path+"[]", items)
			}
		}
		walk("", schema)
	}
}
