package openaitest

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The fake model. It never invents prose: every string it writes is a
// sentence, heading, name or date taken from the request's own text, chosen
// by hashing that text, so the same request always gets the same answer,
// byte for byte.
//
// The text it answers from is the last user message; when that message
// holds fenced blocks (```report, ```text, plain ```) other than JSON, only
// the blocks are used, so instructions around a quoted report do not leak
// into the answer. Paragraph markers "[P12]" in that text are stripped from
// the strings and used for integer fields.

// markerRE matches the paragraph markers clients put in front of paragraphs.
var markerRE = regexp.MustCompile(`\[P(\d+)\]`)

// sentence is one sentence of the source and the paragraph marker it sits
// under (0 when the text has none).
type sentence struct {
	text  string
	para  int
	block int // index of the blank-line block (or list item) it came from
}

// source is the analysed text the fake model draws from.
type source struct {
	sentences []sentence
	headings  []string
	names     []string
	dates     []string
	markers   []int // distinct marker numbers in order of appearance
	seed      uint64
}

func hash64(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		_, _ = h.Write([]byte(p))
		_, _ = h.Write([]byte{0})
	}
	return h.Sum64()
}

// fence is one fenced code block of a message.
type fence struct {
	info string
	body string
}

// splitFences returns the fenced blocks of s and s with them removed.
func splitFences(s string) (blocks []fence, rest string) {
	lines := strings.SplitAfter(s, "\n")
	var out strings.Builder
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimLeft(line, " ")
		if len(line)-len(trimmed) > 3 || !(strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")) {
			out.WriteString(line)
			continue
		}
		ch := trimmed[0]
		n := 0
		for n < len(trimmed) && trimmed[n] == ch {
			n++
		}
		info := strings.TrimSpace(trimmed[n:])
		var body strings.Builder
		closed := false
		j := i + 1
		for ; j < len(lines); j++ {
			t := strings.TrimSpace(lines[j])
			if len(t) >= n && strings.Trim(t, string(ch)) == "" {
				closed = true
				break
			}
			body.WriteString(lines[j])
		}
		if !closed {
			// An unclosed fence runs to the end of the message.
			j = len(lines)
		}
		blocks = append(blocks, fence{info: strings.ToLower(info), body: body.String()})
		i = j
	}
	return blocks, out.String()
}

func isJSONFence(info string) bool {
	f := strings.Fields(info)
	return len(f) > 0 && (f[0] == "json" || f[0] == "jsonschema" || f[0] == "json-schema")
}

// sourceText picks the text to answer from out of the last user message.
func sourceText(msgs []Message) string {
	text := ""
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "user" {
			text = msgs[i].Content
			break
		}
	}
	if text == "" && len(msgs) > 0 {
		text = msgs[len(msgs)-1].Content
	}
	if inner, ok := angleFence(text); ok {
		return inner
	}
	blocks, rest := splitFences(text)
	var quoted []string
	for _, b := range blocks {
		if !isJSONFence(b.info) && strings.TrimSpace(b.body) != "" {
			quoted = append(quoted, b.body)
		}
	}
	if len(quoted) > 0 {
		return strings.Join(quoted, "\n\n")
	}
	return rest
}

// angleFenceRE matches the "<<<REPORT id>>> … <<<END OF REPORT id>>>" fence
// that brief's prompts put around untrusted text.
var angleFenceRE = regexp.MustCompile(`(?s)<<<REPORT ([0-9a-f]+)>>>\n(.*)\n<<<END OF REPORT ([0-9a-f]+)>>>`)

// angleFence returns the text inside such a fence. Notes passed as JSON
// are turned back into marked sentences, "[P12] text", as a model reading
// them would see them.
func angleFence(text string) (string, bool) {
	m := angleFenceRE.FindStringSubmatch(text)
	if m == nil || m[1] != m[3] {
		return "", false
	}
	inner := m[2]
	if t := strings.TrimSpace(inner); strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{") {
		var v any
		if json.Unmarshal([]byte(t), &v) == nil {
			var b strings.Builder
			notesText(&b, v)
			return b.String(), true
		}
	}
	return inner, true
}

// notesText writes the "text" (and "role") strings of JSON notes as
// paragraphs led by the first of their "paragraphs" numbers.
func notesText(b *strings.Builder, v any) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			notesText(b, e)
		}
	case map[string]any:
		text, _ := v["text"].(string)
		if text == "" {
			text, _ = v["role"].(string)
		}
		if text != "" {
			if ps, ok := v["paragraphs"].([]any); ok && len(ps) > 0 {
				if n, ok := ps[0].(float64); ok {
					fmt.Fprintf(b, "[P%d] ", int(n))
				}
			}
			b.WriteString(strings.TrimSpace(text) + "\n\n")
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k != "text" && k != "role" {
				notesText(b, v[k])
			}
		}
	}
}

var (
	bulletRE = regexp.MustCompile(`^\s*(?:[-*•+]|\d{1,3}[.)])\s+`)
	headRE   = regexp.MustCompile(`^\s*#{1,6}\s+`)
	nameRE   = regexp.MustCompile(`[A-Z][\p{L}'’&.-]*[\p{L}]+(?:[ \t]+(?:of|the|and|for|on|de|du|la|von|van|al)[ \t]+[A-Z][\p{L}'’&-]*[\p{L}]|[ \t]+[A-Z][\p{L}'’&.-]*[\p{L}]+)*`)
	month    = `(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?`
	dateRE   = regexp.MustCompile(`\b(?:\d{4}-\d{2}-\d{2}|\d{1,2} ` + month + ` \d{4}|` + month + ` \d{1,2}, \d{4}|` + month + ` \d{4})\b`)
	yearRE   = regexp.MustCompile(`\b(?:19|20)\d{2}\b`)
)

// nameStop are capitalised words that start sentences rather than names.
var nameStop = map[string]bool{
	"The": true, "This": true, "That": true, "These": true, "Those": true, "In": true, "On": true,
	"At": true, "A": true, "An": true, "It": true, "Its": true, "We": true, "They": true, "He": true,
	"She": true, "However": true, "But": true, "And": true, "As": true, "For": true, "Of": true,
	"To": true, "With": true, "By": true, "From": true, "If": true, "When": true, "While": true,
	"After": true, "Before": true, "During": true, "Since": true, "Although": true, "Our": true,
	"Their": true, "There": true, "Here": true, "What": true, "Why": true, "How": true, "Who": true,
	"I": true, "You": true, "Is": true, "Are": true, "Was": true, "Were": true, "Not": true,
	"All": true, "Some": true, "Each": true, "Any": true, "No": true, "Yes": true, "Also": true,
}

// analysed remembers analyse's result for the texts it saw last, for the
// fake servers of a whole test process: the model is a pure function of
// the prompt, and the server matrix sends the same chunks to many servers
// (on the Mueller report, the analysis was most of the fake's time under
// -race). A source is never changed after analyse returns it.
var analysed struct {
	sync.Mutex
	m map[[sha256.Size]byte]*source
}

// maxAnalysed bounds analysed; past it the memory starts afresh.
const maxAnalysed = 512

// analyse splits text into sentences, headings, names and dates.
func analyse(text string) *source {
	key := sha256.Sum256([]byte(text))
	analysed.Lock()
	src, ok := analysed.m[key]
	analysed.Unlock()
	if ok {
		return src
	}
	src = analyseText(text)
	analysed.Lock()
	if len(analysed.m) >= maxAnalysed || analysed.m == nil {
		analysed.m = make(map[[sha256.Size]byte]*source)
	}
	analysed.m[key] = src
	analysed.Unlock()
	return src
}

func analyseText(text string) *source {
	src := &source{seed: hash64(text)}
	seenMarker := map[int]bool{}
	seenName := map[string]bool{}
	para, blockNo := 0, 0
	for _, block := range splitBlocks(text) {
		// Markers split the block into pieces owned by successive paragraphs.
		locs := markerRE.FindAllStringSubmatchIndex(block, -1)
		pieces := []struct {
			text string
			para int
		}{}
		prev := 0
		for _, loc := range locs {
			pieces = append(pieces, struct {
				text string
				para int
			}{block[prev:loc[0]], para})
			n, err := strconv.Atoi(block[loc[2]:loc[3]])
			if err == nil {
				para = n
				if !seenMarker[n] {
					seenMarker[n] = true
					src.markers = append(src.markers, n)
				}
			}
			prev = loc[1]
		}
		pieces = append(pieces, struct {
			text string
			para int
		}{block[prev:], para})

		for _, pc := range pieces {
			for _, item := range splitItems(pc.text) {
				if isHeading(item) {
					h := strings.TrimRight(headRE.ReplaceAllString(item, ""), " :")
					if h != "" {
						src.headings = append(src.headings, h)
					}
					continue
				}
				blockNo++
				for _, s := range splitSentences(item) {
					src.sentences = append(src.sentences, sentence{text: s, para: pc.para, block: blockNo})
					src.names = appendNames(src.names, seenName, s)
				}
			}
		}
	}
	clean := markerRE.ReplaceAllString(text, "")
	src.dates = dateRE.FindAllString(clean, -1)
	// Keep only substantial sentences when there are enough of them: short
	// fragments are usually layout debris (page numbers, table cells).
	var good []sentence
	for _, s := range src.sentences {
		if len(strings.Fields(s.text)) >= 4 {
			good = append(good, s)
		}
	}
	if len(good) >= 3 {
		src.sentences = good
	}
	return src
}

// appendNames adds the proper names of a sentence: runs of capitalised
// words, without a leading sentence word ("The", "However") and without a
// lone capitalised word that only opens the sentence.
func appendNames(names []string, seen map[string]bool, sent string) []string {
	for _, loc := range nameRE.FindAllStringIndex(sent, -1) {
		words := strings.Fields(strings.TrimRight(sent[loc[0]:loc[1]], "."))
		atStart := loc[0] == 0
		for len(words) > 0 && nameStop[words[0]] {
			words, atStart = words[1:], false
		}
		if len(words) == 0 || (atStart && len(words) == 1) || (len(words) == 1 && calendarWord[words[0]]) {
			continue
		}
		n := strings.Join(words, " ")
		if seen[n] || utf8.RuneCountInString(n) < 3 {
			continue
		}
		seen[n] = true
		names = append(names, n)
	}
	return names
}

var calendarWord = map[string]bool{
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true,
	"July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true,
}

// splitBlocks splits text at blank lines.
func splitBlocks(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var blocks []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return blocks
}

// splitItems joins hard-wrapped lines of a block but keeps list items and
// markdown headings apart.
func splitItems(block string) []string {
	var items []string
	var cur strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(cur.String()), " "); s != "" {
			items = append(items, s)
		}
		cur.Reset()
	}
	for _, line := range strings.Split(block, "\n") {
		switch {
		case headRE.MatchString(line):
			flush()
			cur.WriteString(line)
			flush()
		case bulletRE.MatchString(line):
			flush()
			cur.WriteString(bulletRE.ReplaceAllString(line, ""))
		default:
			cur.WriteByte(' ')
			cur.WriteString(line)
		}
	}
	flush()
	return items
}

// isHeading reports whether an item reads as a heading: a markdown heading,
// or a short line with no closing punctuation.
func isHeading(item string) bool {
	if headRE.MatchString(item) {
		return true
	}
	words := strings.Fields(item)
	if len(words) == 0 || len(words) > 12 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(item)
	if strings.ContainsRune(".!?;:,\"'”’)", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(item)
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

// abbreviations that end in a period without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "no": true, "vs": true, "etc": true, "e.g": true, "i.e": true, "inc": true,
	"ltd": true, "co": true, "corp": true, "gen": true, "col": true, "lt": true, "sgt": true,
	"capt": true, "gov": true, "sen": true, "rep": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "fig": true, "u.s": true, "u.k": true, "u.n": true, "dept": true,
	"approx": true, "p": true, "pp": true, "vol": true, "art": true, "sec": true, "ch": true,
}

// splitSentences splits a whitespace-folded item into sentences.
func splitSentences(item string) []string {
	var out []string
	start := 0
	rs := []rune(item)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '.' && rs[i] != '!' && rs[i] != '?' {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune("\"'”’)]", rs[j]) {
			j++
		}
		if j >= len(rs) || rs[j] != ' ' {
			continue
		}
		k := j + 1
		if k >= len(rs) {
			continue
		}
		if next := rs[k]; !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("\"'“‘([", next)) {
			continue
		}
		if rs[i] == '.' {
			w := i
			for w > start && !unicode.IsSpace(rs[w-1]) {
				w--
			}
			// "[U.S." and "(e.g." are the abbreviations behind the bracket.
			for w < i && !unicode.IsLetter(rs[w]) && !unicode.IsDigit(rs[w]) {
				w++
			}
			word := strings.ToLower(string(rs[w:i]))
			if abbreviations[word] || isInitial(rs[w:i]) {
				continue
			}
		}
		if s := strings.TrimSpace(string(rs[start:j])); s != "" {
			out = append(out, s)
		}
		start = k
		i = j
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

// isInitial reports a single capital letter, as in "J. Edgar Hoover".
func isInitial(word []rune) bool {
	return len(word) == 1 && unicode.IsUpper(word[0])
}

// spread returns up to k sentences spread evenly over the text, in order.
func (s *source) spread(k int) []sentence {
	n := len(s.sentences)
	if n == 0 {
		return nil
	}
	if k > n {
		k = n
	}
	out := make([]sentence, 0, k)
	for i := 0; i < k; i++ {
		out = append(out, s.sentences[i*n/k])
	}
	return out
}

func joinSentences(ss []sentence) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.text
	}
	return strings.Join(parts, " ")
}

// findSchema looks for a JSON Schema in the messages: the last user message
// first, then the others from the newest. A schema is a JSON object with
// "type":"object" and "properties", fenced or not; an OpenAI-style wrapper
// {"name":..., "schema":{...}} counts too.
func findSchema(msgs []Message) *ordMap {
	order := make([]int, 0, len(msgs))
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "user" {
			order = append(order, i)
			break
		}
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if len(order) == 0 || order[0] != i {
			order = append(order, i)
		}
	}
	for _, i := range order {
		if m := schemaIn(msgs[i].Content); m != nil {
			return m
		}
	}
	return nil
}

// maxSchemaProbes bounds the unfenced '{' positions tried per message.
const maxSchemaProbes = 64

func schemaIn(text string) *ordMap {
	blocks, _ := splitFences(text)
	for _, b := range blocks {
		if !isJSONFence(b.info) && !strings.HasPrefix(strings.TrimSpace(b.body), "{") {
			continue
		}
		if v, err := decodeOrdered([]byte(strings.TrimSpace(b.body))); err == nil {
			if m := asSchema(v); m != nil {
				return m
			}
		}
	}
	probes := 0
	for i := 0; i < len(text) && probes < maxSchemaProbes; i++ {
		if text[i] != '{' {
			continue
		}
		rest := strings.TrimLeft(text[i+1:], " \t\r\n")
		if !strings.HasPrefix(rest, `"`) {
			continue
		}
		probes++
		if v, err := decodePrefix([]byte(text[i:])); err == nil {
			if m := asSchema(v); m != nil {
				return m
			}
		}
	}
	return nil
}

func asSchema(v any) *ordMap {
	m, ok := v.(*ordMap)
	if !ok {
		return nil
	}
	if inner, ok := m.get("schema"); ok {
		if s := asSchema(inner); s != nil {
			return s
		}
	}
	if js, ok := m.get("json_schema"); ok {
		if s := asSchema(js); s != nil {
			return s
		}
	}
	t, _ := m.get("type")
	_, hasProps := m.get("properties")
	if t == "object" && hasProps {
		return m
	}
	return nil
}

// Answer modes.
const (
	modeText       = "text"
	modeJSONObject = "json_object"
	modeJSONSchema = "json_schema"
	// modeUnenforced is json_object on a server that does not enforce it
	// (llama.cpp): the model answers in prose.
	modeUnenforced = "json_object-unenforced"
)

// fakeAnswer is the whole deterministic model: the content it writes for
// the given messages, response format and (for json_schema) schema.
func fakeAnswer(msgs []Message, mode string, schema *ordMap) string {
	src := analyse(sourceText(msgs))
	switch mode {
	case modeJSONSchema:
		if schema == nil {
			return "{}"
		}
		return compactJSON(newFiller(src, schema).fill())
	case modeJSONObject:
		if s := findSchema(msgs); s != nil {
			return compactJSON(newFiller(src, s).fill())
		}
		m := newOrdMap()
		m.set("summary", joinSentences(src.spread(3)))
		return compactJSON(m)
	default:
		if s := findSchema(msgs); s != nil && mode != modeUnenforced {
			// A chatty local model: a line of prose, then fenced JSON.
			return "Here is the requested JSON:\n\n```json\n" + indentJSON(newFiller(src, s).fill()) + "\n```"
		}
		if len(src.sentences) == 0 {
			if len(src.headings) > 0 {
				return src.headings[0]
			}
			return "The message contains no text to work from."
		}
		return joinSentences(src.spread(4))
	}
}
