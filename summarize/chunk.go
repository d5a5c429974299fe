package summarize

// TEMPORARY stub; replaced by the textseg branch.

import (
	"fmt"
	"strings"

	"github.com/brief-cli/brief/internal/textseg"
)

type Chunk struct {
	Index               int
	Text                string
	FirstPara, LastPara int
	Tokens              int
	Sentences           []textseg.Sentence
	Overlap             int
}

type ChunkOptions struct{ Budget, Overlap int }

func SplitChunks(doc textseg.Document, tok *Tokenizer, opt ChunkOptions) []Chunk {
	var out []Chunk
	var b strings.Builder
	cur := Chunk{}
	flush := func() {
		if b.Len() == 0 {
			return
		}
		cur.Index = len(out)
		cur.Text = b.String()
		cur.Tokens = tok.Count(cur.Text)
		out = append(out, cur)
		cur = Chunk{}
		b.Reset()
	}
	for _, p := range doc.Paragraphs {
		line := fmt.Sprintf("[P%d] %s", p.Number, p.Text)
		if b.Len() > 0 && tok.Count(b.String()+"\n\n"+line) > opt.Budget {
			flush()
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		} else {
			cur.FirstPara = p.Number
		}
		b.WriteString(line)
		cur.LastPara = p.Number
	}
	flush()
	return out
}
