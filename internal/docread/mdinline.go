package docread

import (
	"strings"

	"github.com/brief-cli/brief/internal/lazyre"
)

// Inline markdown is markup, not report text: the brief quotes sentences
// verbatim, and "**disconnect** [now](https://…)" should read "disconnect
// now". Block structure (headings, lists, paragraphs) is kept for the
// segmenter.
var (
	mdImage      = lazyre.New(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink       = lazyre.New(`\[([^\]^][^\]]*)\]\((?:[^()\n]|\([^()\n]*\))*\)`)
	mdRefLink    = lazyre.New(`\[([^\]^][^\]]*)\]\[[^\]]*\]`)
	mdAutolink   = lazyre.New(`<((?:https?|mailto):[^>\s]+)>`)
	mdFootDef    = lazyre.New(`^\s*\[\^[^\]]+\]:\s*`)
	mdFootRef    = lazyre.New(`\[\^[^\]]+\]`)
	mdStrong     = lazyre.New(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmStar     = lazyre.New(`(^|[\s(“"'])\*(\S(?:[^*]*?\S)?)\*`)
	mdEmUnder    = lazyre.New(`(^|[\s(“"'])_(\S(?:[^_]*?\S)?)_($|[\s.,;:!?)”"'])`)
	mdCode       = lazyre.New("`([^`]+)`")
	mdInlineHTML = lazyre.New(`</?(?:a|b|i|u|em|strong|sup|sub|span|br|code|small|abbr|mark)\b[^>]*>`)
	mdEscape     = lazyre.New(`\\([\\` + "`" + `*_{}\[\]()#+\-.!|>])`)
)

// dropStrayBrackets removes a closing bracket that closes nothing on its
// line: the remnant of a link whose opening the source lost ("… 2020.2.1
// HF1]. Analyze …" in ED 21-01). One followed by "(", "[" or ":" is left:
// it may end a link broken over lines.
func dropStrayBrackets(line string) string {
	if !strings.Contains(line, "]") {
		return line
	}
	var b strings.Builder
	depth := 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line):
			b.WriteByte(c)
			i++
			c = line[i]
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case c == ']' && (i+1 == len(line) || !strings.ContainsRune("([:", rune(line[i+1]))):
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// stripInlineMarkdown removes inline markup from every line outside fenced
// code blocks.
func stripInlineMarkdown(text string) string {
	lines := strings.Split(text, "\n")
	inFence := false
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		line = mdImage().ReplaceAllString(line, "$1")
		line = mdLink().ReplaceAllString(line, "$1")
		line = mdRefLink().ReplaceAllString(line, "$1")
		line = mdAutolink().ReplaceAllString(line, "$1")
		line = mdFootDef().ReplaceAllString(line, "")
		line = mdFootRef().ReplaceAllString(line, "")
		line = dropStrayBrackets(line)
		line = mdStrong().ReplaceAllString(line, "$2")
		line = mdEmStar().ReplaceAllString(line, "$1$2")
		line = mdEmUnder().ReplaceAllString(line, "$1$2$3")
		line = mdCode().ReplaceAllString(line, "$1")
		line = mdInlineHTML().ReplaceAllString(line, "")
		line = mdEscape().ReplaceAllString(line, "$1")
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}
