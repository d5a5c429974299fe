package openaitest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

const markedText = "# Flood Response Review\n\n" +
	"[P3] The Ministry of Water published its review on 14 June 2024. Heavy rain flooded twelve districts in the north.\n\n" +
	"[P4] Emergency crews from the Red Cross evacuated nine thousand residents. The army built temporary bridges within days.\n\n" +
	"[P9] Officials estimate the damage at two billion dollars. Reconstruction will take until 2027."

const plainText = "The council approved the new budget on Tuesday. Schools will receive more funding next year. " +
	"Critics said the plan ignores rural roads. The mayor promised a review in the spring."

func TestFillValidatesAgainstSchema(t *testing.T) {
	for _, tc := range []struct {
		name, schema string
	}{
		{"brief", briefSchema},
		{"scalars", `{"type":"object","required":["s","i","n","b","z"],"properties":{"s":{"type":"string"},"i":{"type":"integer"},"n":{"type":"number"},"b":{"type":"boolean"},"z":{"type":"null"}},"additionalProperties":false}`},
		{"enum and const", `{"type":"object","required":["e","c","ei"],"properties":{"e":{"enum":["red","green","blue"]},"c":{"const":"fixed"},"ei":{"type":"integer","enum":[2,4,8]}}}`},
		{"string lengths", `{"type":"object","required":["short","long"],"properties":{"short":{"type":"string","maxLength":12},"long":{"type":"string","minLength":400}}}`},
		{"formats", `{"type":"object","required":["d","dt","u","m"],"properties":{"d":{"type":"string","format":"date"},"dt":{"type":"string","format":"date-time"},"u":{"type":"string","format":"uri"},"m":{"type":"string","format":"email"}}}`},
		{"bounded numbers", `{"type":"object","required":["p","q","r","conf"],"properties":{"p":{"type":"integer","minimum":100,"maximum":105},"q":{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":3},"r":{"type":"number","minimum":-1,"maximum":-0.5},"conf":{"type":"number","minimum":0,"maximum":1}}}`},
		{"array bounds", `{"type":"object","required":["a","b","c"],"properties":{"a":{"type":"array","items":{"type":"string"},"minItems":4},"b":{"type":"array","items":{"type":"integer"},"maxItems":1},"c":{"type":"array","items":{"enum":["x","y"]},"uniqueItems":true,"minItems":2}}}`},
		{"nullable and unions", `{"type":"object","required":["a","b","c"],"properties":{"a":{"type":["string","null"]},"b":{"anyOf":[{"type":"null"},{"type":"integer"}]},"c":{"oneOf":[{"type":"object","properties":{"k":{"type":"string"}},"required":["k"]}]}}}`},
		{"allOf merges", `{"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"properties":{"b":{"type":"integer"}},"required":["b"]}]}`},
		{"defs and refs", `{"type":"object","required":["root"],"properties":{"root":{"$ref":"#/$defs/node"}},"$defs":{"node":{"type":"object","required":["label","children"],"properties":{"label":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}}}`},
		{"definitions", `{"type":"object","required":["x"],"properties":{"x":{"$ref":"#/definitions/X"}},"definitions":{"X":{"type":"array","items":{"type":"number"},"minItems":1}}}`},
		{"integer enum items", `{"type":"object","required":["v"],"properties":{"v":{"type":"array","minItems":2,"items":{"type":"integer","enum":[10,20]}}}}`},
		{"tuples", `{"type":"object","required":["t"],"properties":{"t":{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":false,"minItems":2}}}`},
		{"required without properties", `{"type":"object","required":["ghost"]}`},
		{"free-form object", `{"type":"object","required":["m"],"properties":{"m":{"type":"object","additionalProperties":{"type":"string"},"minProperties":2}}}`},
		{"nested arrays", `{"type":"object","required":["grid"],"properties":{"grid":{"type":"array","items":{"type":"array","items":{"type":"integer"}}}}}`},
	} {
		for _, text := range []struct{ name, text string }{{"markers", markedText}, {"plain", plainText}, {"empty", ""}} {
			t.Run(tc.name+"/"+text.name, func(t *testing.T) {
				out := compactJSON(newFiller(analyse(text.text), mustOrdered(t, tc.schema).(*ordMap)).fill())
				validateJSON(t, tc.schema, out)
			})
		}
	}
}

func TestFillIntegersCiteMarkers(t *testing.T) {
	schema := `{"type":"object","required":["items","refs","count"],"properties":{
		"items":{"type":"array","minItems":3,"maxItems":3,"items":{"type":"object","required":["claim","para"],"properties":{"claim":{"type":"string"},"para":{"type":"integer"}}}},
		"refs":{"type":"array","items":{"type":"integer"},"minItems":2},
		"count":{"type":"integer"}}}`
	src := analyse(markedText)
	out := compactJSON(newFiller(src, mustOrdered(t, schema).(*ordMap)).fill())
	var doc struct {
		Items []struct {
			Claim string `json:"claim"`
			Para  int    `json:"para"`
		} `json:"items"`
		Refs  []int `json:"refs"`
		Count int   `json:"count"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, it := range doc.Items {
		i := slices.IndexFunc(src.sentences, func(s sentence) bool { return strings.HasPrefix(it.Claim, s.text) })
		if i < 0 || src.sentences[i].para != it.Para {
			t.Errorf("claim %q cites [P%d]", it.Claim, it.Para)
		}
	}
	for _, r := range append(doc.Refs, doc.Count) {
		if !slices.Contains([]int{3, 4, 9}, r) {
			t.Errorf("integer %d is not a paragraph of the text (%s)", r, out)
		}
	}
	if len(doc.Refs) >= 2 && doc.Refs[0] == doc.Refs[1] {
		t.Errorf("refs repeat %v", doc.Refs)
	}

	// Without markers integers are small numbers.
	plain := compactJSON(newFiller(analyse(plainText), mustOrdered(t, schema).(*ordMap)).fill())
	if err := json.Unmarshal([]byte(plain), &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range append(doc.Refs, doc.Count) {
		if r < 1 || r > 5 {
			t.Errorf("integer %d without markers", r)
		}
	}
}

func TestFillFieldHeuristics(t *testing.T) {
	schema := `{"type":"object","required":["title","report_date","organization","summary","eventYear"],"properties":{
		"title":{"type":"string"},"report_date":{"type":"string"},"organization":{"type":"string"},
		"summary":{"type":"string"},"eventYear":{"type":"integer"}}}`
	out := compactJSON(newFiller(analyse(markedText), mustOrdered(t, schema).(*ordMap)).fill())
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["title"] != "Flood Response Review" {
		t.Errorf("title %q", doc["title"])
	}
	if doc["report_date"] != "14 June 2024" {
		t.Errorf("date %q", doc["report_date"])
	}
	if o := doc["organization"].(string); !slices.Contains([]string{"Ministry of Water", "Red Cross"}, o) {
		t.Errorf("organization %q", o)
	}
	if s := doc["summary"].(string); len(splitSentences(s)) < 2 {
		t.Errorf("summary %q is not a passage", s)
	}
	if y := doc["eventYear"].(float64); y != 2024 && y != 2027 {
		t.Errorf("year %v", y)
	}
}

func TestStrictProblem(t *testing.T) {
	for _, tc := range []struct {
		name, schema, want string
	}{
		{"ok", briefSchema, ""},
		{"root not object", `{"type":"array","items":{"type":"string"}}`, `schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`},
		{"root without type", `{"anyOf":[{"type":"object"}]}`, `schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`},
		{"root additionalProperties", `{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}`,
			"In context=(), 'additionalProperties' is required to be supplied and to be false."},
		{"nested in items", `{"type":"object","additionalProperties":false,"required":["l"],"properties":{"l":{"type":"array","items":{"type":"object","properties":{"x":{"type":"string"}},"required":["x"]}}}}`,
			"In context=('properties', 'l', 'items'), 'additionalProperties' is required to be supplied and to be false."},
		{"in defs", `{"type":"object","additionalProperties":false,"required":[],"properties":{},"$defs":{"D":{"type":"object","additionalProperties":false,"properties":{"q":{"type":"string"}}}}}`,
			"In context=('$defs', 'D'), 'required' is required to be supplied and to be an array including every key in properties. Missing 'q'."},
		{"in anyOf", `{"type":"object","additionalProperties":false,"required":["u"],"properties":{"u":{"anyOf":[{"type":"string"},{"type":"object","properties":{}}]}}}`,
			"In context=('properties', 'u', 'anyOf', 1), 'additionalProperties' is required to be supplied and to be false."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mustOrdered(t, tc.schema).(*ordMap)
			if got := strictProblem(m, m, nil, 0); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestFillRecursiveSchemaIsBounded: a tree whose every node requires two
// children cannot be filled; the filler must stop, not run away.
func TestFillRecursiveSchemaIsBounded(t *testing.T) {
	schema := `{"type":"object","required":["label","kids"],"properties":{"label":{"type":"string"},"kids":{"type":"array","minItems":2,"items":{"$ref":"#"}}}}`
	f := newFiller(analyse(plainText), mustOrdered(t, schema).(*ordMap))
	out := compactJSON(f.fill())
	if !json.Valid([]byte(out)) || f.nodes > hardNodes+1 {
		t.Errorf("%d nodes, %d bytes", f.nodes, len(out))
	}
	// A tree that may stop is filled validly, and kept small.
	schema = `{"type":"object","required":["label","kids"],"properties":{"label":{"type":"string"},"kids":{"type":"array","items":{"$ref":"#"}}}}`
	f = newFiller(analyse(plainText), mustOrdered(t, schema).(*ordMap))
	out = compactJSON(f.fill())
	validateJSON(t, schema, out)
	if f.nodes > 2*softNodes {
		t.Errorf("%d nodes", f.nodes)
	}
}

func TestOrderedRoundTrip(t *testing.T) {
	in := `{"z":1,"a":[true,null,"x<y&z"],"m":{"b":2.50,"a":{}}}`
	v, err := decodeOrdered([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := compactJSON(v); got != in {
		t.Errorf("got %s, want %s", got, in)
	}
	if _, err := decodeOrdered([]byte(`{"a":1} {}`)); err == nil {
		t.Error("trailing value accepted")
	}
	if _, err := decodeOrdered([]byte(strings.Repeat("[", 300) + strings.Repeat("]", 300))); err == nil {
		t.Error("deep nesting accepted")
	}
}

// FuzzFill feeds arbitrary schemas and texts to the filler: it must not
// panic or loop, must write valid JSON, and must be deterministic.
func FuzzFill(f *testing.F) {
	f.Add(briefSchema, markedText)
	f.Add(`{"$ref":"#"}`, plainText)
	f.Add(`{"type":"object","properties":{"a":{"$ref":"#/properties/a"}}}`, "")
	f.Add(`{"type":"array","items":{"type":"string","maxLength":0,"minLength":3}}`, "x")
	f.Add(`{"allOf":[{"allOf":[{"$ref":"#"}]}]}`, "[P1] One. [P2] Two.")
	f.Add(`{"type":"object","required":["kids"],"properties":{"kids":{"type":"array","minItems":2,"items":{"$ref":"#"}}}}`, "Tree.")
	f.Fuzz(func(t *testing.T, schema, text string) {
		v, err := decodeOrdered([]byte(schema))
		if err != nil {
			return
		}
		m, ok := v.(*ordMap)
		if !ok {
			return
		}
		src := analyse(text)
		a := compactJSON(newFiller(src, m).fill())
		if !json.Valid([]byte(a)) {
			t.Fatalf("invalid JSON %q", a)
		}
		if b := compactJSON(newFiller(analyse(text), m).fill()); a != b {
			t.Fatalf("not deterministic:\n%s\n%s", a, b)
		}
	})
}
