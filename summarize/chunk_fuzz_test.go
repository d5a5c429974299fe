package summarize

import (
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/textseg"
)

// FuzzSplitChunks segments random text and chunks it with small budgets,
// checking every SplitChunks invariant (see chunkCheck).
func FuzzSplitChunks(f *testing.F) {
	f.Add("# Title\n\nOne sentence. Another one!\n\n- item\n- item two", uint8(0), uint8(1))
	f.Add(strings.Repeat("word ", 300), uint8(5), uint8(2))
	f.Add(strings.Repeat("x", 500)+". Short.", uint8(30), uint8(0))
	f.Add("第一条 为了保障网络安全。第二条 适用本法。\n\nУважаемые сенаторы! Депутаты.", uint8(2), uint8(3))
	f.Add("A.\fB.\n\nC <|endoftext|> D.", uint8(200), uint8(1))
	f.Add("😀🎉👍🏽 "+strings.Repeat("ä", 200), uint8(1), uint8(1))
	tok := tokMust(f, "gpt-4o")
	f.Fuzz(func(t *testing.T, text string, budget, overlap uint8) {
		if len(text) > 4000 {
			return // keep executions fast; long inputs add nothing new
		}
		doc := textseg.Segment(text)
		opt := chunkOptions{Budget: 1 + int(budget), Overlap: int(overlap % 4)}
		chunkCheck(t, doc, tok, opt, chunkDocument(doc, tok, opt))
	})
}
