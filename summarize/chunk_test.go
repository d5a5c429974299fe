package summarize

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"

	"github.com/brief-cli/brief/internal/textseg"
)

// chunkRenderExpected renders chunk text from its sentences independently
// of the production renderer.
func chunkRenderExpected(heading map[int]bool, sents []textseg.Sentence) string {
	var parts []string
	for i, s := range sents {
		if i == 0 || s.Para != sents[i-1].Para {
			h := ""
			if heading[s.Para] {
				h = "## "
			}
			parts = append(parts, fmt.Sprintf("[P%d] %s%s", s.Para, h, s.Text))
			continue
		}
		parts[len(parts)-1] += " " + s.Text
	}
	return strings.Join(parts, "\n\n")
}

// chunkHeadings maps paragraph numbers to whether they are headings.
func chunkHeadings(doc textseg.Document) map[int]bool {
	heading := make(map[int]bool, len(doc.Paragraphs))
	for _, p := range doc.Paragraphs {
		heading[p.Number] = p.Heading
	}
	return heading
}

// chunkCheck verifies every invariant of SplitChunks' output.
func chunkCheck(t testing.TB, doc textseg.Document, tok *Tokenizer, opt chunkOptions, chunks []chunk) {
	t.Helper()
	budget := max(opt.Budget, minChunkBudget)
	// Built once per check: rebuilding it per chunk made the corpus test
	// quadratic in the paragraphs of a document.
	heading := chunkHeadings(doc)
	var want []textseg.Sentence
	for _, s := range doc.Sentences() {
		if strings.TrimSpace(s.Text) != "" {
			want = append(want, s)
		}
	}
	if len(want) == 0 {
		if len(chunks) != 0 {
			t.Fatalf("%d chunks for a document without text", len(chunks))
		}
		return
	}
	if len(chunks) == 0 {
		t.Fatal("no chunks")
	}
	var own []textseg.Sentence
	for i, c := range chunks {
		if c.Index != i {
			t.Fatalf("chunk %d has Index %d", i, c.Index)
		}
		if c.Overlap < 0 || c.Overlap > opt.Overlap || len(c.Sentences) <= c.Overlap {
			t.Fatalf("chunk %d: %d sentences, overlap %d (option %d)", i, len(c.Sentences), c.Overlap, opt.Overlap)
		}
		if n := tok.Count(c.Text); n != c.Tokens {
			t.Fatalf("chunk %d: Tokens %d, Count(Text) %d", i, c.Tokens, n)
		}
		if c.Tokens > budget {
			t.Fatalf("chunk %d: %d tokens > budget %d", i, c.Tokens, budget)
		}
		if exp := chunkRenderExpected(heading, c.Sentences); c.Text != exp {
			t.Fatalf("chunk %d text\n%q\nwant\n%q", i, c.Text, exp)
		}
		if c.FirstPara != c.Sentences[0].Para || c.LastPara != c.Sentences[len(c.Sentences)-1].Para {
			t.Fatalf("chunk %d: paragraphs %d..%d, sentences %d..%d", i, c.FirstPara, c.LastPara,
				c.Sentences[0].Para, c.Sentences[len(c.Sentences)-1].Para)
		}
		if c.Overlap > 0 {
			prev := chunks[i-1].Sentences
			for k := 0; k < c.Overlap; k++ {
				if c.Sentences[k] != prev[len(prev)-c.Overlap+k] {
					t.Fatalf("chunk %d: overlap sentence %d is not from the end of chunk %d", i, k, i-1)
				}
			}
			if n := tok.Count(chunkRenderExpected(heading, c.Sentences[:c.Overlap])); n > budget/4 {
				t.Fatalf("chunk %d: overlap of %d tokens > budget/4", i, n)
			}
		}
		// A chunk ending inside a paragraph had no paragraph boundary at
		// which it was already 75% full.
		if i+1 < len(chunks) {
			next := chunks[i+1].Sentences[chunks[i+1].Overlap]
			if next.Para == c.LastPara {
				for k := len(c.Sentences) - 1; k > c.Overlap; k-- {
					if c.Sentences[k].Para != c.Sentences[k-1].Para {
						if n := tok.Count(chunkRenderExpected(heading, c.Sentences[:k])); float64(n) >= chunkFillRatio*float64(budget) {
							t.Fatalf("chunk %d ends mid-paragraph though a boundary at %d/%d tokens existed", i, n, budget)
						}
						break
					}
				}
			}
		}
		own = append(own, c.Sentences[c.Overlap:]...)
	}
	// The non-overlap sentences reproduce the document, oversized
	// sentences as consecutive pieces.
	j := 0
	for _, s := range want {
		rest := s.Text
		for {
			if j >= len(own) {
				t.Fatalf("chunks end before sentence %q", s.Text)
			}
			p := own[j]
			if p.Para != s.Para || !strings.HasPrefix(rest, p.Text) || p.Text == "" {
				t.Fatalf("piece %d %q (P%d) does not continue sentence %q (P%d) at %q", j, p.Text, p.Para, s.Text, s.Para, rest)
			}
			j++
			rest = strings.TrimPrefix(rest[len(p.Text):], " ")
			if rest == "" {
				break
			}
		}
	}
	if j != len(own) {
		t.Fatalf("%d extra sentences in chunks", len(own)-j)
	}
}

func chunkDoc(paras ...string) textseg.Document {
	return textseg.Segment(strings.Join(paras, "\n\n"))
}

// Sentences with known o200k_base counts, each with its leading space as
// SplitChunks counts it; a marker "[Pn]" is 3 tokens, a paragraph break 1.
const (
	chunkS1   = "One two three four five."                                                     // 6
	chunkS2   = "Six seven eight nine ten."                                                    // 6
	chunkS3   = "Eleven twelve thirteen fourteen."                                             // 5
	chunkS4   = "It has several short sentences."                                              // 6
	chunkS5   = "They would fit partly."                                                       // 5
	chunkS6   = "The second one."                                                              // 4
	chunkS7   = "But not all of them."                                                         // 6
	chunkLong = "The first paragraph has enough words to fill most of a chunk by itself here." // 16
)

func TestChunkTestCounts(t *testing.T) {
	tok := tokMust(t, "gpt-4o")
	for s, n := range map[string]int{" " + chunkS1: 6, " " + chunkS2: 6, " " + chunkS3: 5, " " + chunkS4: 6,
		" " + chunkS5: 5, " " + chunkS6: 4, " " + chunkS7: 6, " " + chunkLong: 16, "[P1]": 3, "\n\n": 1} {
		if got := tok.Count(s); got != n {
			t.Errorf("Count(%q) = %d, the table tests assume %d", s, got, n)
		}
	}
}

func TestSplitChunks(t *testing.T) {
	tok := tokMust(t, "gpt-4o")
	long := strings.Repeat("The committee reviewed the evidence carefully. ", 12)
	tests := []struct {
		name  string
		doc   textseg.Document
		opt   chunkOptions
		texts []string // expected chunk texts; nil to only check invariants
	}{
		{"empty", textseg.Document{}, chunkOptions{Budget: 100}, []string{}},
		{"one chunk", chunkDoc("# Findings", "First sentence. Second sentence."), chunkOptions{Budget: 100},
			[]string{"[P1] ## Findings\n\n[P2] First sentence. Second sentence."}},
		{"paragraph continues in the next chunk with its marker",
			chunkDoc(chunkS1 + " " + chunkS2 + " " + chunkS3),
			chunkOptions{Budget: 18},
			[]string{"[P1] One two three four five. Six seven eight nine ten.", "[P1] Eleven twelve thirteen fourteen."}},
		{"overlap repeats the last sentence",
			chunkDoc(strings.Repeat(chunkS1+" "+chunkS2+" "+chunkS3+" ", 2)),
			chunkOptions{Budget: 36, Overlap: 1},
			[]string{"[P1] " + chunkS1 + " " + chunkS2 + " " + chunkS3 + " " + chunkS1 + " " + chunkS2,
				"[P1] " + chunkS2 + " " + chunkS3}},
		{"overlap dropped when above a quarter of the budget",
			chunkDoc(chunkS1 + " " + chunkS2 + " " + chunkS3),
			chunkOptions{Budget: 18, Overlap: 1},
			[]string{"[P1] " + chunkS1 + " " + chunkS2, "[P1] " + chunkS3}},
		{"paragraph boundary preferred when 75% full",
			chunkDoc(chunkLong+" "+chunkLong+" "+chunkS4+" "+chunkS5, chunkS6+" "+chunkS4+" "+chunkS5+" "+chunkS7),
			chunkOptions{Budget: 60},
			[]string{"[P1] " + chunkLong + " " + chunkLong + " " + chunkS4 + " " + chunkS5,
				"[P2] " + chunkS6 + " " + chunkS4 + " " + chunkS5 + " " + chunkS7}},
		{"mid-paragraph end when under 75% at the boundary",
			chunkDoc(chunkLong, chunkS6+" "+chunkS4+" "+chunkS5+" "+chunkS7+" "+chunkLong+" "+chunkS1),
			chunkOptions{Budget: 60},
			[]string{"[P1] " + chunkLong + "\n\n[P2] " + chunkS6 + " " + chunkS4 + " " + chunkS5 + " " + chunkS7 + " " + chunkLong,
				"[P2] " + chunkS1}},
		{"oversized sentence split into pieces", chunkDoc(long + strings.Repeat("and more words without any stop ", 30)), chunkOptions{Budget: 40}, nil},
		{"oversized unbroken run", chunkDoc(strings.Repeat("x", 3000)), chunkOptions{Budget: 30}, nil},
		{"budget below minimum raised", chunkDoc("Short one. Another short one. A third."), chunkOptions{Budget: 3, Overlap: 2}, nil},
		{"chinese", chunkDoc("第一条 为了保障网络安全，维护网络空间主权和国家安全、社会公共利益，保护公民、法人和其他组织的合法权益，促进经济社会信息化健康发展，制定本法。第二条 在中华人民共和国境内建设、运营、维护和使用网络，以及网络安全的监督管理，适用本法。"), chunkOptions{Budget: 24, Overlap: 1}, nil},
		{"empty sentences skipped", textseg.Document{Paragraphs: []textseg.Paragraph{
			{Number: 1, Text: "A.", Sentences: []string{"A.", " ", ""}},
			{Number: 2, Text: "", Sentences: []string{""}},
			{Number: 3, Text: "B.", Sentences: []string{"B."}},
		}}, chunkOptions{Budget: 50}, []string{"[P1] A.\n\n[P3] B."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chunks := chunkDocument(tc.doc, tok, tc.opt)
			chunkCheck(t, tc.doc, tok, tc.opt, chunks)
			if tc.texts == nil {
				return
			}
			got := make([]string, len(chunks))
			for i, c := range chunks {
				got[i] = c.Text
			}
			if strings.Join(got, "\n|\n") != strings.Join(tc.texts, "\n|\n") {
				t.Errorf("chunks\n%q\nwant\n%q", got, tc.texts)
			}
		})
	}
}

func TestSplitChunksOversized(t *testing.T) {
	tok := tokMust(t, "gpt-4")
	sentence := strings.TrimSpace(strings.Repeat("the quick brown fox jumps over the lazy dog and ", 40))
	doc := chunkDoc("Intro.", sentence, "Outro.")
	opt := chunkOptions{Budget: 64, Overlap: 2}
	chunks := chunkDocument(doc, tok, opt)
	chunkCheck(t, doc, tok, opt, chunks)
	pieces := 0
	for _, c := range chunks {
		for _, s := range c.Sentences[c.Overlap:] {
			if s.Para == 2 {
				pieces++
				if strings.HasPrefix(s.Text, " ") || strings.HasSuffix(s.Text, " ") {
					t.Errorf("piece has edge spaces: %q", s.Text)
				}
			}
		}
	}
	if pieces < tok.Count(sentence)/64 {
		t.Errorf("%d pieces for a %d-token sentence and a 64-token budget", pieces, tok.Count(sentence))
	}
}

func TestSplitChunksPanicsOnZeroBudget(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for Budget 0")
		}
	}()
	chunkDocument(chunkDoc("Text."), tokMust(t, "gpt-4o"), chunkOptions{})
}

var chunkDocCache sync.Map

func chunkCorpusDoc(t testing.TB, path string) (textseg.Document, int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := chunkDocCache.Load(path); ok {
		return d.(textseg.Document), len(b)
	}
	doc := textseg.Segment(string(b))
	chunkDocCache.Store(path, doc)
	return doc, len(b)
}

func TestSplitChunksCorpus(t *testing.T) {
	dir := testcorpus.Dir(t)
	var files []string
	for _, sub := range []string{"reports", "stress", "multilingual", "news"} {
		m, err := filepath.Glob(filepath.Join(dir, sub, "*"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 12 {
		t.Fatalf("found %d corpus files", len(files))
	}
	tok := tokMust(t, "gpt-4o")
	for _, opt := range []chunkOptions{{Budget: 64, Overlap: 1}, {Budget: 500, Overlap: 2}, {Budget: 6000}} {
		for _, f := range files {
			t.Run(fmt.Sprintf("%d/%s", opt.Budget, filepath.Base(f)), func(t *testing.T) {
				if testing.Short() && opt.Budget == 64 && strings.Contains(f, "mueller") {
					t.Skip("large file at the smallest budget in -short mode")
				}
				doc, _ := chunkCorpusDoc(t, f)
				chunks := chunkDocument(doc, tok, opt)
				chunkCheck(t, doc, tok, opt, chunks)
				total := 0
				for _, c := range chunks {
					total += c.Tokens
				}
				if len(chunks) > 2 && total < len(chunks)*opt.Budget/2 {
					t.Errorf("chunks average %d tokens, under half the %d budget", total/len(chunks), opt.Budget)
				}
			})
		}
	}
}

// chunkUpdateFlag returns the -update flag, registering it unless another
// test file of the package already did.
func chunkUpdateFlag() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return false
	}
	v, _ := g.Get().(bool)
	return v
}

func init() {
	// Package-level flag variables of other test files are initialised
	// before init functions run, so this only registers -update if no one
	// else did.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata")
	}
}

func TestSplitChunksGolden(t *testing.T) {
	tok := tokMust(t, "gpt-4o")
	tests := []struct {
		file string
		opt  chunkOptions
	}{
		{"911-ch12-excerpt.txt", chunkOptions{Budget: 160, Overlap: 1}},
		{"zh-law-excerpt.md", chunkOptions{Budget: 200, Overlap: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			in := filepath.Join("testdata", "chunk", tc.file)
			f, err := os.Open(in)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			src, err := ReadInput(f, in) // as the CLI reads it: docread drops comments
			if err != nil {
				t.Fatal(err)
			}
			doc := textseg.Segment(src.Text)
			chunks := chunkDocument(doc, tok, tc.opt)
			chunkCheck(t, doc, tok, tc.opt, chunks)
			var b strings.Builder
			fmt.Fprintf(&b, "budget=%d overlap=%d encoding=%s\n", tc.opt.Budget, tc.opt.Overlap, tok.Encoding())
			for _, c := range chunks {
				fmt.Fprintf(&b, "\n=== chunk %d: P%d-P%d, %d tokens, %d sentences (%d overlap)\n%s\n",
					c.Index, c.FirstPara, c.LastPara, c.Tokens, len(c.Sentences), c.Overlap, c.Text)
			}
			golden := in + ".golden"
			if chunkUpdateFlag() {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if b.String() != string(want) {
				t.Errorf("chunks of %s differ from %s (run with -update and review the diff)", in, golden)
			}
		})
	}
}

// TestChunkDocumentSmall shows chunks of a small document (an Example while
// the chunker was exported).
func TestChunkDocumentSmall(t *testing.T) {
	tok, err := NewTokenizer("gpt-4o")
	if err != nil {
		t.Fatal(err)
	}
	doc := textseg.Segment("# Findings\n\nThe agency patched the servers. It rotated every credential.\n\nAuditors confirmed the fix.")
	var b strings.Builder
	for _, c := range chunkDocument(doc, tok, chunkOptions{Budget: 24, Overlap: 1}) {
		fmt.Fprintf(&b, "chunk %d (P%d-P%d, %d tokens, overlap %d):\n%s\n", c.Index, c.FirstPara, c.LastPara, c.Tokens, c.Overlap, c.Text)
	}
	const want = `chunk 0 (P1-P2, 20 tokens, overlap 0):
[P1] ## Findings

[P2] The agency patched the servers. It rotated every credential.
chunk 1 (P3-P3, 9 tokens, overlap 0):
[P3] Auditors confirmed the fix.
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestChunksAreLocal checks that an edit to one paragraph changes only the
// chunks near it, so that the response cache serves the rest of a rerun.
func TestChunksAreLocal(t *testing.T) {
	dir := testcorpus.Dir(t)
	tok, err := NewTokenizer(DefaultModel)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		budget int
	}{
		{"911-commission-ch12-what-to-do-global-strategy.txt", 500},
		{"gao-02-24-information-sharing-critical-infrastructure.txt", 500},
		{"mueller-report-2019-ocr.txt", 6000},
	} {
		name := tt.name
		if testing.Short() && tt.budget > 500 {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, "reports", name))
		if err != nil {
			t.Fatal(err)
		}
		doc := textseg.Segment(string(data))
		before := chunkDocument(doc, tok, chunkOptions{Budget: tt.budget, Overlap: 1})
		for _, edit := range []int{len(doc.Paragraphs) / 4, len(doc.Paragraphs) / 2} {
			p := &doc.Paragraphs[edit]
			if len(p.Sentences) == 0 {
				continue
			}
			old := p.Sentences[0]
			// Lengthen one sentence by a clause: the paragraph's token count
			// changes, as a real edit's would.
			p.Sentences[0] = old + " It was later amended, after a long review, by the committee."
			after := chunkDocument(doc, tok, chunkOptions{Budget: tt.budget, Overlap: 1})
			p.Sentences[0] = old
			seen := map[string]bool{}
			for _, c := range before {
				seen[c.Text] = true
			}
			changed := 0
			for _, c := range after {
				if !seen[c.Text] {
					changed++
				}
			}
			t.Logf("%s: edit in paragraph %d changed %d of %d chunks", name, edit+1, changed, len(after))
			if changed > 3 {
				t.Errorf("%s: an edit to paragraph %d changed %d of %d chunks", name, edit+1, changed, len(after))
			}
		}
	}
}

// TestStreamChunks: chunks are handed on in order, the last one marked,
// and they are the chunks that packing exactly from the start makes (the
// streamed pack counts by estimate first and repacks exactly only from
// the first chunk over the budget); an error from yield stops the stream.
func TestStreamChunks(t *testing.T) {
	tok := tokMust(t, "gpt-4o")
	doc, _ := chunkCorpusDoc(t, filepath.Join(testcorpus.Dir(t), "reports", "911-commission-ch01-we-have-some-planes.txt"))
	for _, opt := range []chunkOptions{{Budget: 64, Overlap: 1}, {Budget: 500, Overlap: 1}, {Budget: 1500, Overlap: 1}, {Budget: 100000}} {
		t.Run(fmt.Sprint(opt.Budget), func(t *testing.T) {
			var got []chunk
			lasts, lastAt := 0, -1
			tokens, err := streamChunks(context.Background(), doc, tok, opt, func(c chunk, last bool) error {
				if c.Index != len(got) {
					t.Fatalf("chunk %d handed on as number %d", c.Index, len(got))
				}
				if last {
					lasts++
					lastAt = c.Index
				}
				got = append(got, c)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := reportTokens(context.Background(), doc, tok); n != tokens {
				t.Errorf("report tokens %d, reportTokens says %d", tokens, n)
			}
			c, units, _, err := newChunker(context.Background(), doc, tok, opt)
			if err != nil {
				t.Fatal(err)
			}
			var want []chunk
			if err := c.packFrom(units, 0, nil, 0, true, func(ch chunk, _ int, _ bool) error { want = append(want, ch); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d chunks streamed, %d packed exactly", len(got), len(want))
			}
			for k := range want {
				if got[k].Text != want[k].Text || got[k].Tokens != want[k].Tokens || got[k].Overlap != want[k].Overlap {
					t.Fatalf("chunk %d differs from the exact packing", k)
				}
			}
			if lasts != 1 || lastAt != len(got)-1 {
				t.Fatalf("%d chunks marked last, the last marked is number %d of %d", lasts, lastAt, len(got))
			}
			if len(got) < 3 {
				return
			}
			stop := errors.New("stop")
			seen := 0
			_, err = streamChunks(context.Background(), doc, tok, opt, func(chunk, bool) error {
				if seen++; seen == 2 {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) || seen != 2 {
				t.Fatalf("after yield failed on chunk 2: %d chunks handed on, err %v", seen, err)
			}
		})
	}
}
