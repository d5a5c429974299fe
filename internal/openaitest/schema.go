package openaitest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// filler writes a JSON value valid against a JSON Schema, with strings and
// numbers drawn from the source text. It covers what structured-output
// schemas use: object (properties, required, additionalProperties), array
// (items, prefixItems, minItems, maxItems, uniqueItems), string (enum,
// const, minLength, maxLength, format date/date-time/uri/email), integer and
// number (minimum, maximum, exclusive bounds), boolean, null, type lists,
// anyOf/oneOf (first non-null branch), allOf (merged), and local $ref into
// $defs/definitions. "pattern" is not honoured.
type filler struct {
	src  *source
	root *ordMap
	used map[int]bool // sentences already written, to vary the fields
	// paras collects, per object being filled, the paragraph markers of the
	// sentences written in it, so its integers can cite them.
	paras [][]int
	nodes int // values written so far, against the budgets below
}

// Depth limits: past softDepth objects and arrays are kept to their
// required minimum; past hardDepth values are cut off (recursive $refs).
// The node budgets bound recursive schemas (trees of $refs) the same way:
// past softNodes only what the schema requires is written.
const (
	softDepth = 10
	hardDepth = 24
	softNodes = 400
	hardNodes = 4000
)

// lean reports whether to write only what the schema requires.
func (f *filler) lean(depth int) bool { return depth > softDepth || f.nodes > softNodes }

func newFiller(src *source, root *ordMap) *filler {
	return &filler{src: src, root: root, used: map[int]bool{}}
}

func (f *filler) fill() any { return f.value(f.root, "$", "", 0) }

func (f *filler) h(path string) uint64 {
	return hash64(strconv.FormatUint(f.src.seed, 16), path)
}

// resolve follows $ref and folds allOf, returning a plain schema map (nil
// for the empty schema) or a bool schema.
func (f *filler) resolve(s any, depth int) any {
	if depth > hardDepth {
		return nil // a $ref or allOf cycle
	}
	for range 16 {
		m, ok := s.(*ordMap)
		if !ok {
			return s
		}
		ref, ok := m.get("$ref")
		if !ok {
			break
		}
		r, _ := ref.(string)
		target := f.pointer(r)
		if target == nil {
			return nil
		}
		s = target
	}
	m, ok := s.(*ordMap)
	if !ok {
		return s
	}
	if all, ok := m.get("allOf"); ok {
		if parts, ok := all.([]any); ok {
			merged := newOrdMap()
			for _, k := range m.keys {
				if k != "allOf" {
					merged.set(k, m.vals[k])
				}
			}
			for _, p := range parts {
				pm, ok := f.resolve(p, depth+1).(*ordMap)
				if !ok {
					continue
				}
				mergeSchema(merged, pm)
			}
			return merged
		}
	}
	return m
}

// mergeSchema folds an allOf branch into dst: properties and required are
// united, other keywords are taken when dst lacks them.
func mergeSchema(dst, src *ordMap) {
	for _, k := range src.keys {
		v := src.vals[k]
		switch k {
		case "properties":
			dp, _ := dst.get("properties")
			dpm, ok := dp.(*ordMap)
			if !ok {
				dpm = newOrdMap()
			}
			if sp, ok := v.(*ordMap); ok {
				for _, pk := range sp.keys {
					if _, exists := dpm.get(pk); !exists {
						dpm.set(pk, sp.vals[pk])
					}
				}
			}
			dst.set("properties", dpm)
		case "required":
			dr, _ := dst.get("required")
			list, _ := dr.([]any)
			if sr, ok := v.([]any); ok {
				for _, r := range sr {
					if !slices.Contains(list, r) {
						list = append(list, r)
					}
				}
			}
			dst.set("required", list)
		default:
			if _, exists := dst.get(k); !exists {
				dst.set(k, v)
			}
		}
	}
}

// pointer resolves a local JSON pointer such as "#/$defs/Section".
func (f *filler) pointer(ref string) any {
	if ref == "#" {
		return f.root
	}
	if !strings.HasPrefix(ref, "#/") {
		return nil
	}
	var cur any = f.root
	for _, part := range strings.Split(ref[2:], "/") {
		if p, err := url.PathUnescape(part); err == nil {
			part = p
		}
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case *ordMap:
			v, ok := c.get(part)
			if !ok {
				return nil
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// schemaType picks the type to produce: the first non-null of "type", else
// one inferred from the keywords present.
func schemaType(m *ordMap) string {
	if m == nil {
		return "string"
	}
	switch t := m.vals["type"].(type) {
	case string:
		return t
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok && s != "null" {
				return s
			}
		}
		if len(t) > 0 {
			return "null"
		}
	}
	if _, ok := m.get("properties"); ok {
		return "object"
	}
	if _, ok := m.get("items"); ok {
		return "array"
	}
	if _, ok := m.get("prefixItems"); ok {
		return "array"
	}
	return "string"
}

func (f *filler) value(s any, path, key string, depth int) any {
	if depth > hardDepth || f.nodes > hardNodes {
		return nil
	}
	f.nodes++
	r := f.resolve(s, depth)
	if b, ok := r.(bool); ok {
		if !b {
			return nil // nothing is valid; keep going rather than fail
		}
		r = nil
	}
	m, _ := r.(*ordMap)
	if c, ok := m.get("const"); ok {
		return c
	}
	if e, ok := m.get("enum"); ok {
		if vals, ok := e.([]any); ok && len(vals) > 0 {
			return vals[f.h(path)%uint64(len(vals))]
		}
	}
	for _, kw := range []string{"anyOf", "oneOf"} {
		if alts, ok := m.get(kw); ok {
			if list, ok := alts.([]any); ok && len(list) > 0 {
				pick := list[0]
				for _, a := range list {
					if am, ok := f.resolve(a, depth).(*ordMap); !ok || schemaType(am) != "null" {
						pick = a
						break
					}
				}
				return f.value(pick, path, key, depth+1)
			}
		}
	}
	switch schemaType(m) {
	case "object":
		return f.object(m, path, depth)
	case "array":
		return f.array(m, path, key, depth)
	case "integer":
		return f.integer(m, path, key)
	case "number":
		return f.number(m, path, key)
	case "boolean":
		return f.h(path)%2 == 0
	case "null":
		return nil
	default:
		return f.str(m, path, key, depth)
	}
}

func required(m *ordMap) []string {
	var out []string
	if r, ok := m.get("required"); ok {
		if list, ok := r.([]any); ok {
			for _, e := range list {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// isIntegerish reports whether a property is filled in the second pass,
// after the strings whose paragraphs it may cite.
func (f *filler) isIntegerish(s any, depth int) bool {
	m, ok := f.resolve(s, depth).(*ordMap)
	if !ok {
		return false
	}
	switch schemaType(m) {
	case "integer":
		return true
	case "array":
		items, _ := m.get("items")
		im, ok := f.resolve(items, depth).(*ordMap)
		return ok && schemaType(im) == "integer"
	}
	return false
}

func (f *filler) object(m *ordMap, path string, depth int) any {
	out := newOrdMap()
	props, _ := m.vals["properties"].(*ordMap)
	req := required(m)
	var keys []string
	if props != nil {
		for _, k := range props.keys {
			if f.lean(depth) && !slices.Contains(req, k) {
				continue
			}
			keys = append(keys, k)
		}
	}
	// Required names missing from properties still have to be present.
	for _, k := range req {
		if props == nil || !slices.Contains(props.keys, k) {
			keys = append(keys, k)
		}
	}
	f.paras = append(f.paras, nil)
	vals := map[string]any{}
	var second []string
	for _, k := range keys {
		ps, _ := props.get(k)
		if f.isIntegerish(ps, depth) {
			second = append(second, k)
			continue
		}
		vals[k] = f.value(ps, path+"."+k, k, depth+1)
	}
	for _, k := range second {
		ps, _ := props.get(k)
		vals[k] = f.value(ps, path+"."+k, k, depth+1)
	}
	mine := f.paras[len(f.paras)-1]
	f.paras = f.paras[:len(f.paras)-1]
	if n := len(f.paras); n > 0 {
		f.paras[n-1] = append(f.paras[n-1], mine...)
	}
	// Free-form objects that must have members get generic ones.
	if len(keys) == 0 {
		if ap, ok := m.get("additionalProperties"); ok && ap != false {
			for i := range minInt(m, "minProperties", 0) {
				k := "item" + strconv.Itoa(i+1)
				keys = append(keys, k)
				vals[k] = f.value(ap, path+"."+k, k, depth+1)
			}
		}
	}
	for _, k := range keys {
		out.set(k, vals[k])
	}
	return out
}

func hasAny(m *ordMap, kws ...string) bool {
	for _, kw := range kws {
		if _, ok := m.get(kw); ok {
			return true
		}
	}
	return false
}

func minInt(m *ordMap, kw string, def int) int {
	v, ok := m.get(kw)
	if !ok {
		return def
	}
	n, ok := v.(json.Number)
	if !ok {
		return def
	}
	i, err := n.Int64()
	if err != nil {
		fl, err := n.Float64()
		if err != nil {
			return def
		}
		return int(math.Ceil(fl))
	}
	return int(i)
}

func numberKW(m *ordMap, kw string) (float64, bool) {
	v, ok := m.get(kw)
	if !ok {
		return 0, false
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	fl, err := n.Float64()
	return fl, err == nil
}

func (f *filler) array(m *ordMap, path, key string, depth int) any {
	lo := minInt(m, "minItems", 0)
	hi := minInt(m, "maxItems", -1)
	n := 1 + int(f.h(path)%3)
	if f.lean(depth) {
		n = 0
	}
	n = max(n, lo)
	if hi >= 0 {
		n = min(n, hi)
	}
	var prefix []any
	if p, ok := m.get("prefixItems"); ok {
		prefix, _ = p.([]any)
	}
	items, hasItems := m.get("items")
	if tuple, ok := items.([]any); ok {
		// Draft 4-7 tuples: "items" is the list, "additionalItems" the rest.
		prefix = tuple
		items, hasItems = m.get("additionalItems")
	}
	if !hasItems {
		items = nil
	}
	if items == false {
		n = min(n, len(prefix))
		n = max(n, min(lo, len(prefix)))
	}
	unique, _ := m.get("uniqueItems")
	out := make([]any, 0, n)
	var seen []string
	if im, ok := f.resolve(items, depth).(*ordMap); ok && len(prefix) == 0 && schemaType(im) == "integer" && !hasAny(im, "enum", "const", "anyOf", "oneOf") {
		return f.integers(im, path, key, n, lo, unique == true)
	}
	for i := 0; i < n; i++ {
		var is any = items
		if i < len(prefix) {
			is = prefix[i]
		}
		v := f.value(is, path+"["+strconv.Itoa(i)+"]", key, depth+1)
		if unique == true {
			enc := compactJSON(v)
			if slices.Contains(seen, enc) {
				// Try other draws before giving up on this element.
				found := false
				for t := 1; t <= 8 && !found; t++ {
					v = f.value(is, path+"["+strconv.Itoa(i)+"]#"+strconv.Itoa(t), key, depth+1)
					enc = compactJSON(v)
					found = !slices.Contains(seen, enc)
				}
				if !found {
					if len(out) >= lo {
						break
					}
					continue
				}
			}
			seen = append(seen, enc)
		}
		out = append(out, v)
	}
	return out
}

// bounds returns the inclusive integer range a schema allows.
func intBounds(m *ordMap) (lo, hi int64, hasLo, hasHi bool) {
	if v, ok := numberKW(m, "minimum"); ok {
		lo, hasLo = int64(math.Ceil(v)), true
	}
	if v, ok := numberKW(m, "exclusiveMinimum"); ok {
		if c := int64(math.Floor(v)) + 1; !hasLo || c > lo {
			lo, hasLo = c, true
		}
	}
	if v, ok := numberKW(m, "maximum"); ok {
		hi, hasHi = int64(math.Floor(v)), true
	}
	if v, ok := numberKW(m, "exclusiveMaximum"); ok {
		if c := int64(math.Ceil(v)) - 1; !hasHi || c < hi {
			hi, hasHi = c, true
		}
	}
	return
}

// intCandidates are the integers a field may take, filtered by the
// schema's bounds: years in the text for year fields; else the paragraph
// markers cited by the enclosing object's sentences (fromCtx); else every
// marker in the text. Nil when the text has no markers.
func (f *filler) intCandidates(m *ordMap, key string) (c []int, fromCtx bool) {
	if strings.Contains(strings.ToLower(key), "year") {
		var ys []int
		for _, y := range yearRE.FindAllString(joinSentences(f.src.sentences), -1) {
			n, _ := strconv.Atoi(y)
			if !slices.Contains(ys, n) {
				ys = append(ys, n)
			}
		}
		if c := filterBounds(m, ys); len(c) > 0 {
			return c, false
		}
	}
	var ctx []int
	if n := len(f.paras); n > 0 {
		for _, p := range f.paras[n-1] {
			if p > 0 && !slices.Contains(ctx, p) {
				ctx = append(ctx, p)
			}
		}
	}
	if c := filterBounds(m, ctx); len(c) > 0 {
		return c, true
	}
	return filterBounds(m, f.src.markers), false
}

func filterBounds(m *ordMap, vals []int) []int {
	lo, hi, hasLo, hasHi := intBounds(m)
	var out []int
	for _, v := range vals {
		if (hasLo && int64(v) < lo) || (hasHi && int64(v) > hi) {
			continue
		}
		out = append(out, v)
	}
	return out
}

// smallInt is a small number within the bounds, for texts without markers.
func smallInt(m *ordMap, h uint64) int {
	lo, hi, hasLo, hasHi := intBounds(m)
	if !hasLo {
		lo = 1
		if hasHi && hi < lo {
			lo = hi
		}
	}
	if !hasHi || hi > lo+4 {
		hi = lo + 4
	}
	if hi < lo {
		return int(lo)
	}
	return int(lo + int64(h%uint64(hi-lo+1)))
}

// integer cites the paragraph of the enclosing object's first sentence
// when there is one.
func (f *filler) integer(m *ordMap, path, key string) any {
	c, fromCtx := f.intCandidates(m, key)
	switch {
	case len(c) == 0:
		return smallInt(m, f.h(path))
	case fromCtx:
		return c[0]
	default:
		return c[f.h(path)%uint64(len(c))]
	}
}

// integers fills an array of integers: the cited paragraphs first, then
// other markers of the text, without repeating one while others are left.
func (f *filler) integers(m *ordMap, path, key string, n, lo int, unique bool) any {
	c, fromCtx := f.intCandidates(m, key)
	out := make([]any, 0, n)
	if len(c) == 0 {
		for i := 0; len(out) < n && i < n+8; i++ {
			v := smallInt(m, f.h(path+"["+strconv.Itoa(i)+"]"))
			if slices.Contains(out, any(v)) && (unique || i < n) {
				continue
			}
			out = append(out, v)
		}
		return out
	}
	start := 0
	if !fromCtx {
		start = int(f.h(path) % uint64(len(c)))
	}
	c = append(c[start:], c[:start]...)
	if fromCtx && len(c) < n {
		for _, mk := range filterBounds(m, f.src.markers) {
			if !slices.Contains(c, mk) {
				c = append(c, mk)
			}
		}
	}
	if len(c) < n {
		// Fewer paragraphs than items: stop at the distinct ones unless the
		// schema needs more.
		n = max(len(c), lo)
		if unique {
			n = len(c)
		}
	}
	for i := 0; i < n; i++ {
		out = append(out, c[i%len(c)])
	}
	return out
}

func (f *filler) number(m *ordMap, path, key string) any {
	h := f.h(path)
	k := strings.ToLower(key)
	var v float64
	switch {
	case containsAny(k, "confidence", "score", "probability", "likelihood", "weight", "ratio", "share", "certainty"):
		v = 0.5 + float64(h%45)/100
	default:
		v = float64(1 + h%9)
	}
	lo, hasLo := numberKW(m, "minimum")
	hi, hasHi := numberKW(m, "maximum")
	if el, ok := numberKW(m, "exclusiveMinimum"); ok && (!hasLo || el >= lo) {
		lo, hasLo = el+(math.Abs(el)+1)*1e-6, true
	}
	if eh, ok := numberKW(m, "exclusiveMaximum"); ok && (!hasHi || eh <= hi) {
		hi, hasHi = eh-(math.Abs(eh)+1)*1e-6, true
	}
	if hasLo && hasHi && hi >= lo && (v < lo || v > hi) {
		v = lo + (hi-lo)*float64(h%100)/100
	} else if hasLo && v < lo {
		v = lo
	} else if hasHi && v > hi {
		v = hi
	}
	return v
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// Field-name heuristics: short fields get fragments, long ones sentences.
var (
	dateKeys    = []string{"date", "when", "time", "published", "as_of", "asof", "period", "updated", "issued"}
	titleKeys   = []string{"title", "heading", "headline", "subject", "topic", "caption"}
	nameKeys    = []string{"name", "who", "actor", "organization", "organisation", "org", "agency", "entity", "person", "country", "place", "location", "where", "source", "author", "label", "category", "tag", "keyword", "party", "region", "city"}
	longKeys    = []string{"summary", "lead", "overview", "background", "response", "implications", "analysis", "context", "description", "details", "body", "narrative", "assessment", "discussion"}
	maxFragment = 10 // words in a title fragment
)

func keyIs(key string, words []string) bool {
	k := strings.ToLower(key)
	for _, w := range words {
		if k == w || strings.HasPrefix(k, w+"_") || strings.HasSuffix(k, "_"+w) ||
			strings.HasSuffix(k, w) && len(k) > len(w) && strings.ToUpper(key[len(key)-len(w):len(key)-len(w)+1]) == key[len(key)-len(w):len(key)-len(w)+1] {
			return true
		}
	}
	return false
}

func (f *filler) str(m *ordMap, path, key string, depth int) any {
	fv, _ := m.get("format")
	format, _ := fv.(string)
	var s string
	switch {
	case format == "date":
		s = f.isoDate(path, depth).Format("2006-01-02")
	case format == "date-time":
		s = f.isoDate(path, depth).Format(time.RFC3339)
	case format == "uri" || format == "url":
		s = "https://example.org/" + slug(f.fragment(path, depth))
	case format == "email":
		s = slug(f.fragment(path, depth)) + "@example.org"
	case keyIs(key, dateKeys):
		s = f.date(path, depth)
	case keyIs(key, titleKeys):
		s = f.title(path, depth)
	case keyIs(key, nameKeys):
		s = f.name(path)
	case keyIs(key, longKeys):
		s = f.sentences(path, 2+int(f.h(path)%2))
	default:
		s = f.sentences(path, 1)
	}
	return fitLength(s, minInt(m, "minLength", 0), minInt(m, "maxLength", -1), func(i int) string {
		return f.sentences(path+"+"+strconv.Itoa(i), 1)
	})
}

// fitLength pads a too-short string with more text and cuts a too-long one
// at a word boundary (lengths in code points, as JSON Schema counts).
func fitLength(s string, lo, hi int, more func(int) string) string {
	for i := 0; utf8.RuneCountInString(s) < lo && i < 64; i++ {
		add := more(i)
		if add == "" {
			add = "text"
		}
		s = strings.TrimSpace(s + " " + add)
	}
	for utf8.RuneCountInString(s) < lo {
		s += "."
	}
	if hi >= 0 && utf8.RuneCountInString(s) > hi {
		rs := []rune(s)[:hi]
		cut := string(rs)
		if i := strings.LastIndexByte(cut, ' '); i > 0 && utf8.RuneCountInString(cut[:i]) >= lo {
			cut = cut[:i]
		}
		cut = strings.TrimRight(cut, " ,;:-")
		if utf8.RuneCountInString(cut) < lo {
			cut = string(rs)
		}
		s = cut
	}
	return s
}

// pick returns an unused sentence chosen by path, recording its paragraph
// for the enclosing object.
func (f *filler) pick(path string) (int, bool) {
	n := len(f.src.sentences)
	if n == 0 {
		return 0, false
	}
	if len(f.used) >= n {
		clear(f.used)
	}
	i := int(f.h(path) % uint64(n))
	for f.used[i] {
		i = (i + 1) % n
	}
	f.used[i] = true
	if p, k := f.src.sentences[i].para, len(f.paras); k > 0 && p > 0 {
		f.paras[k-1] = append(f.paras[k-1], p)
	}
	return i, true
}

// sentences returns a passage of up to k consecutive sentences of one
// block around a picked one, so longer fields read as the text does.
func (f *filler) sentences(path string, k int) string {
	at, ok := f.pick(path)
	if !ok {
		if len(f.src.headings) > 0 {
			return f.src.headings[f.h(path)%uint64(len(f.src.headings))]
		}
		return ""
	}
	ss := f.src.sentences
	first := ss[at]
	lo, hi := at, at+1
	usable := func(i int) bool { return i >= 0 && i < len(ss) && !f.used[i] && ss[i].block == first.block }
	for hi-lo < k && usable(hi) {
		f.used[hi] = true
		hi++
	}
	for hi-lo < k && usable(lo-1) {
		lo--
		f.used[lo] = true
	}
	parts := make([]string, 0, hi-lo)
	for _, s := range ss[lo:hi] {
		parts = append(parts, s.text)
	}
	return strings.Join(parts, " ")
}

func (f *filler) fragment(path string, _ int) string {
	i, ok := f.pick(path)
	if !ok {
		if len(f.src.headings) > 0 {
			return f.src.headings[0]
		}
		return ""
	}
	words := strings.Fields(f.src.sentences[i].text)
	if len(words) > maxFragment {
		words = words[:maxFragment]
	}
	for len(words) > 1 && isStopword(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return strings.TrimRight(strings.Join(words, " "), ".,;:!?\"'”’")
}

var stopwords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "and": true, "or": true, "to": true, "in": true, "on": true, "for": true, "with": true, "by": true, "at": true, "from": true, "that": true, "which": true, "is": true, "was": true, "as": true}

func isStopword(w string) bool { return stopwords[strings.ToLower(w)] }

func (f *filler) title(path string, depth int) string {
	hs := f.src.headings
	if len(hs) > 0 {
		if depth <= 1 {
			return hs[0] // the document's own title
		}
		return hs[f.h(path)%uint64(len(hs))]
	}
	return f.fragment(path, depth)
}

func (f *filler) name(path string) string {
	if ns := f.src.names; len(ns) > 0 {
		return ns[f.h(path)%uint64(len(ns))]
	}
	return f.fragment(path, 0)
}

func (f *filler) date(path string, depth int) string {
	ds := f.src.dates
	if len(ds) > 0 {
		if depth <= 1 {
			return ds[0]
		}
		return ds[f.h(path)%uint64(len(ds))]
	}
	if ys := yearRE.FindAllString(joinSentences(f.src.sentences), -1); len(ys) > 0 {
		return ys[0]
	}
	return f.fragment(path, depth)
}

var dateLayouts = []string{
	"2006-01-02", "2 January 2006", "January 2, 2006", "January 2006",
	"2 Jan 2006", "Jan 2, 2006", "Jan 2006", "2 Jan. 2006", "Jan. 2, 2006", "Jan. 2006",
}

// isoDate turns the text's date into a time for the date formats.
func (f *filler) isoDate(path string, depth int) time.Time {
	d := f.date(path, depth)
	d = strings.Replace(d, "Sept", "Sep", 1)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, d); err == nil {
			return t
		}
	}
	if y, err := strconv.Atoi(d); err == nil && y > 0 {
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "item"
	}
	return out
}

// strictProblem checks a schema against OpenAI's structured-outputs rules
// for strict mode and returns the detail of the first violation, worded as
// OpenAI words it, or "" when the schema is acceptable: the root is an
// object, and every object has additionalProperties false and lists every
// property in required.
func strictProblem(root, m *ordMap, ctx []string, depth int) string {
	if depth > maxNesting {
		return ""
	}
	if depth == 0 {
		if t, _ := m.get("type"); t != "object" {
			got := "None"
			if s, ok := t.(string); ok {
				got = s
			}
			return fmt.Sprintf("schema must be a JSON Schema of 'type: \"object\"', got 'type: \"%s\"'.", got)
		}
	}
	_, hasProps := m.get("properties")
	if t, _ := m.get("type"); t == "object" || hasProps {
		if ap, ok := m.get("additionalProperties"); !ok || ap != false {
			return fmt.Sprintf("In context=%s, 'additionalProperties' is required to be supplied and to be false.", pyTuple(ctx))
		}
		if props, ok := m.vals["properties"].(*ordMap); ok {
			req := required(m)
			for _, k := range props.keys {
				if !slices.Contains(req, k) {
					return fmt.Sprintf("In context=%s, 'required' is required to be supplied and to be an array including every key in properties. Missing '%s'.", pyTuple(ctx), k)
				}
			}
			for _, k := range props.keys {
				if sub, ok := props.vals[k].(*ordMap); ok {
					if d := strictProblem(root, sub, append(slices.Clone(ctx), "properties", k), depth+1); d != "" {
						return d
					}
				}
			}
		}
	}
	if items, ok := m.vals["items"].(*ordMap); ok {
		if d := strictProblem(root, items, append(slices.Clone(ctx), "items"), depth+1); d != "" {
			return d
		}
	}
	for _, kw := range []string{"anyOf", "allOf", "oneOf"} {
		if list, ok := m.vals[kw].([]any); ok {
			for i, e := range list {
				if sub, ok := e.(*ordMap); ok {
					if d := strictProblem(root, sub, append(slices.Clone(ctx), kw, strconv.Itoa(i)), depth+1); d != "" {
						return d
					}
				}
			}
		}
	}
	for _, kw := range []string{"$defs", "definitions"} {
		if defs, ok := m.vals[kw].(*ordMap); ok {
			for _, k := range defs.keys {
				if sub, ok := defs.vals[k].(*ordMap); ok {
					if d := strictProblem(root, sub, append(slices.Clone(ctx), kw, k), depth+1); d != "" {
						return d
					}
				}
			}
		}
	}
	return ""
}

// pyTuple renders a context path as the Python tuple OpenAI prints.
func pyTuple(parts []string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		if _, err := strconv.Atoi(p); err == nil {
			q[i] = p
		} else {
			q[i] = "'" + p + "'"
		}
	}
	switch len(q) {
	case 0:
		return "()"
	case 1:
		return "(" + q[0] + ",)"
	}
	return "(" + strings.Join(q, ", ") + ")"
}
