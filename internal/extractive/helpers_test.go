package extractive

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/brief-cli/brief/internal/textseg"
)

var show = flag.Bool("show", false, "print the briefs of the corpus documents")

// corpusDir locates the shared corpus next to the repository (CI layout) or
// two levels up (worktree layout), skipping the test when it is absent.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("repository root not found")
		}
		dir = parent
	}
	for _, c := range []string{
		filepath.Join(dir, "..", "shared", "corpus"),
		filepath.Join(dir, "..", "..", "shared", "corpus"),
	} {
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c
		}
	}
	tb.Skip("shared corpus not found")
	return ""
}

func readCorpus(tb testing.TB, rel string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir(tb), rel))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// segment is a small stand-in for the real segmenter: blank-line
// paragraphs (Markdown heading lines are paragraphs of their own) split
// into sentences at terminal punctuation followed by a capital, a digit or
// an opening quote, and after CJK full stops.
func segment(text string) textseg.Document {
	var doc textseg.Document
	add := func(block string, heading bool) {
		t := strings.Join(strings.Fields(block), " ")
		if t == "" {
			return
		}
		doc.Paragraphs = append(doc.Paragraphs, textseg.Paragraph{
			Number: len(doc.Paragraphs) + 1, Heading: heading, Text: t, Sentences: splitSentences(t),
		})
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for _, block := range strings.Split(text, "\n\n") {
		var cur []string
		for _, line := range strings.Split(block, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				add(strings.Join(cur, " "), false)
				cur = nil
				add(line, true)
				continue
			}
			cur = append(cur, line)
		}
		add(strings.Join(cur, " "), false)
	}
	return doc
}

var abbrev = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "no": true, "fig": true,
	"vs": true, "etc": true, "inc": true, "co": true, "corp": true, "gen": true, "sen": true, "rep": true,
	"gov": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "u.s": true, "e.g": true, "i.e": true,
	"p": true, "pp": true, "vol": true, "r": true, "fed": true, "crim": true}

func splitSentences(t string) []string {
	var out []string
	start := 0
	for i := 0; i < len(t); {
		r, n := utf8.DecodeRuneInString(t[i:])
		end := i + n
		switch r {
		case '。', '！', '？':
			for end < len(t) && strings.ContainsRune("”」』）", rune(t[end])) {
				end++
			}
			if end < len(t) && t[end] == ' ' {
				out = append(out, t[start:end])
				start = end + 1
			} else if end < len(t) {
				out = append(out, t[start:end])
				start = end
			}
		case '.', '!', '?':
			j := end
			for j < len(t) && strings.ContainsRune(`"')]”’»`, rune(t[j])) {
				j++
			}
			if j+1 < len(t) && t[j] == ' ' {
				next, _ := utf8.DecodeRuneInString(t[j+1:])
				word := t[strings.LastIndexByte(t[:i], ' ')+1 : i]
				word = strings.ToLower(strings.TrimLeft(word, `("'“`))
				initial := utf8.RuneCountInString(word) == 1
				if (unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune(`"'“‘(«[*`, next)) &&
					!(r == '.' && (abbrev[word] || initial)) {
					out = append(out, t[start:j])
					start = j + 1
				}
			}
		}
		i = end
	}
	if start < len(t) {
		out = append(out, t[start:])
	}
	return out
}
