package openaitest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func TestSplitSentences(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"One. Two here.", []string{"One.", "Two here."}},
		{"The U.S. Government acted. It was late.", []string{"The U.S. Government acted.", "It was late."}},
		{"Mr. Smith met Dr. Jones on Jan. 5. They talked.", []string{"Mr. Smith met Dr. Jones on Jan. 5.", "They talked."}},
		{"J. Edgar Hoover led it. Then he left.", []string{"J. Edgar Hoover led it.", "Then he left."}},
		{"Growth was 3.5 percent. Prices rose.", []string{"Growth was 3.5 percent.", "Prices rose."}},
		{`He said "stop." Then silence.`, []string{`He said "stop."`, "Then silence."}},
		{"Is it? Yes! (It is.) Done.", []string{"Is it?", "Yes!", "(It is.)", "Done."}},
		{"See e.g. Smith on this. Then more.", []string{"See e.g. Smith on this.", "Then more."}},
		{"Filed on Jan. 5. It ended.", []string{"Filed on Jan. 5.", "It ended."}},
		{"no capital after. so one sentence.", []string{"no capital after. so one sentence."}},
		{"Ends without a stop", []string{"Ends without a stop"}},
		{"", nil},
	} {
		if got := splitSentences(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("splitSentences(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func FuzzSplitSentences(f *testing.F) {
	for _, s := range []string{"One. Two.", "The U.S. Army. It won.", "a? B! c. D", "“Quoted.” Next one."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // the server's texts come out of JSON: always valid
		}
		folded := strings.Join(strings.Fields(s), " ")
		got := splitSentences(folded)
		if strings.Join(got, " ") != folded {
			t.Fatalf("sentences %q do not rebuild %q", got, folded)
		}
		for _, x := range got {
			if x == "" || strings.TrimSpace(x) != x {
				t.Fatalf("bad sentence %q", x)
			}
		}
	})
}

func TestSourceText(t *testing.T) {
	for _, tc := range []struct {
		name string
		msgs []Message
		want string
	}{
		{"fenced report wins over instructions",
			[]Message{{Role: "user", Content: "Summarise this.\n```report\nThe text.\n```\nThanks."}}, "The text.\n"},
		{"json fences are not the text",
			[]Message{{Role: "user", Content: "Use:\n```json\n{\"type\":\"object\"}\n```\nThe body text."}}, "Use:\nThe body text."},
		{"several blocks are joined",
			[]Message{{Role: "user", Content: "```text\nA.\n```\nand\n~~~\nB.\n~~~"}}, "A.\n\n\nB.\n"},
		{"unclosed fence runs to the end",
			[]Message{{Role: "user", Content: "Read:\n```\nOpen block."}}, "Open block."},
		{"the last user message",
			[]Message{{Role: "user", Content: "Old."}, {Role: "assistant", Content: "Reply."}, {Role: "user", Content: "New."}, {Role: "assistant", Content: "Prefill"}}, "New."},
		{"no user message: the last one",
			[]Message{{Role: "system", Content: "Only system."}}, "Only system."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sourceText(tc.msgs); got != tc.want {
				t.Errorf("sourceText = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAnalyse(t *testing.T) {
	src := analyse("# Storm Report\n\n[P1] The National Weather Service warned residents on 3 October 2024. Winds reached 120 miles per hour.\n\n" +
		"[P2] The Red Cross opened shelters in Tampa. Officials expect repairs to last weeks.\n\n- First item in a list here.\n- Second item in a list here.\n\n[P7] Congress approved aid in November 2024.")
	if !slices.Equal(src.markers, []int{1, 2, 7}) {
		t.Errorf("markers %v", src.markers)
	}
	if !slices.Equal(src.headings, []string{"Storm Report"}) {
		t.Errorf("headings %v", src.headings)
	}
	var paras []int
	var texts []string
	for _, s := range src.sentences {
		paras = append(paras, s.para)
		texts = append(texts, s.text)
	}
	if !slices.Equal(paras, []int{1, 1, 2, 2, 2, 2, 7}) {
		t.Errorf("paragraphs %v of %q", paras, texts)
	}
	if texts[4] != "First item in a list here." || strings.Contains(strings.Join(texts, " "), "[P") {
		t.Errorf("sentences %q", texts)
	}
	// A lone capitalised word opening a sentence ("Congress", "Winds") is
	// not taken for a name; months are not names.
	if want := []string{"National Weather Service", "Red Cross", "Tampa"}; !slices.Equal(src.names, want) {
		t.Errorf("names %q, want %q", src.names, want)
	}
	if !slices.Equal(src.dates, []string{"3 October 2024", "November 2024"}) {
		t.Errorf("dates %q", src.dates)
	}
}

func TestFindSchema(t *testing.T) {
	schema := `{"type":"object","properties":{"a":{"type":"string"}}}`
	for _, tc := range []struct {
		name  string
		msgs  []Message
		found bool
	}{
		{"fenced in user", []Message{{Role: "user", Content: "Fill:\n```json\n" + schema + "\n```"}}, true},
		{"inline in system", []Message{{Role: "system", Content: "Reply with JSON matching " + schema + " only."}, {Role: "user", Content: "Text."}}, true},
		{"wrapped like response_format", []Message{{Role: "user", Content: `{"name":"x","schema":` + schema + `}`}}, true},
		{"json that is not a schema", []Message{{Role: "user", Content: "```json\n{\"a\": 1}\n```"}}, false},
		{"array schema is not an object schema", []Message{{Role: "user", Content: `{"type":"array","items":{}}`}}, false},
		{"braces in prose", []Message{{Role: "user", Content: "Use {curly} and {\"broken\": } text."}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := findSchema(tc.msgs) != nil; got != tc.found {
				t.Errorf("found = %v, want %v", got, tc.found)
			}
		})
	}
}

// stringsOf collects every string value in a decoded JSON document.
func stringsOf(v any, out *[]string) {
	switch t := v.(type) {
	case string:
		*out = append(*out, t)
	case []any:
		for _, e := range t {
			stringsOf(e, out)
		}
	case map[string]any:
		for _, e := range t {
			stringsOf(e, out)
		}
	}
}

// TestAnswerStringsComeFromTheText checks the fake model never writes prose
// of its own: every string of a filled brief is found in the source text
// (sentences, headings, names, dates), markers removed.
func TestAnswerStringsComeFromTheText(t *testing.T) {
	prompt := reportPrompt(t)
	text := strings.Join(strings.Fields(markerRE.ReplaceAllString(prompt, "")), " ")
	content := fakeAnswer(userMsg(prompt), modeJSONSchema, mustOrdered(t, briefSchema).(*ordMap))
	var doc any
	if err := json.Unmarshal([]byte(content), &doc); err != nil {
		t.Fatal(err)
	}
	var ss []string
	stringsOf(doc, &ss)
	if len(ss) < 8 {
		t.Fatalf("only %d strings in %s", len(ss), content)
	}
	for _, s := range ss {
		if s == "low" || s == "medium" || s == "high" {
			continue // the enum
		}
		if !strings.Contains(text, s) {
			t.Errorf("%q is not from the text", s)
		}
	}
}

// TestGolden pins whole answers byte for byte; run with -update to
// refresh after an intended change.
func TestGolden(t *testing.T) {
	report := reportPrompt(t)
	for _, tc := range []struct {
		name   string
		msgs   []Message
		mode   string
		schema string
	}{
		{"brief-json-schema", userMsg(report), modeJSONSchema, briefSchema},
		{"brief-text-with-schema", userMsg("Reply with JSON matching this schema:\n```json\n" + briefSchema + "\n```\n" + report), modeText, ""},
		{"summary-json-object", userMsg(report + "Answer in JSON."), modeJSONObject, ""},
		{"plain-text", userMsg(report), modeText, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var schema *ordMap
			if tc.schema != "" {
				schema = mustOrdered(t, tc.schema).(*ordMap)
			}
			got := fakeAnswer(tc.msgs, tc.mode, schema)
			path := filepath.Join("testdata", "golden", tc.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if got != string(want) {
				t.Errorf("answer differs from %s:\n got %s\nwant %s", path, got, want)
			}
		})
	}
}
