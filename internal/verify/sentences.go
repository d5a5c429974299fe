package verify

import (
	"strings"

	"github.com/brief-cli/brief/internal/textseg"
)

// span is a sentence with its byte offset in the document's text
// (paragraphs joined by blank lines).
type span struct {
	text  string // whitespace folded
	start int
	// prose reports whether the sentence's paragraph reads as prose; a
	// dateline cut after "a.m." is not prose though its first part is.
	prose bool
}

// maxSentenceWords caps a sentence; longer runs (tables, OCR blocks, lists
// without punctuation) are cut into pieces so that no piece matches
// everything.
const maxSentenceWords = 60

// sentenceSpans returns the sentences of doc in order, those over
// maxSentenceWords cut into pieces.
func sentenceSpans(doc textseg.Document) []span {
	var out []span
	off := 0
	for _, p := range doc.Paragraphs {
		pos := off
		prose := isProse(p.Text)
		for k, s := range p.Sentences {
			if k == 0 && p.Marker != "" {
				// A list item's number, which textseg takes out of the
				// prose, is still what the report says: "four actions"
				// rests on "4.".
				s = p.Marker + " " + s
			}
			n := len(out)
			out = appendPieces(out, s, pos)
			for i := n; i < len(out); i++ {
				out[i].prose = prose
			}
			pos += len(s) + 1
		}
		off += len(p.Text) + 2
	}
	return out
}

// appendPieces appends sentence s (at offset start) to out, in pieces of at
// most maxSentenceWords words.
func appendPieces(out []span, s string, start int) []span {
	if strings.Count(s, " ") < maxSentenceWords {
		return append(out, span{text: s, start: start})
	}
	words := strings.Fields(s)
	for i := 0; i < len(words); i += maxSentenceWords {
		piece := strings.Join(words[i:min(i+maxSentenceWords, len(words))], " ")
		out = append(out, span{text: piece, start: start})
		start += len(piece) + 1
	}
	return out
}

// statementSpans splits a statement of a brief (one paragraph) into
// sentences as textseg does, keeping all of its text.
func statementSpans(text string) []span {
	var out []span
	for _, s := range textseg.SplitSentences(strings.Join(strings.Fields(text), " ")) {
		out = appendPieces(out, s, 0)
	}
	return out
}
