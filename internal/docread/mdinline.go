package docread

import (
	"regexp"
	"strings"
)

// Inline markdown is markup, not report text: the brief quotes sentences
// verbatim, and "**disconnect** [now](https://…)" should read "disconnect
// now". Block structure (headings, lists, paragraphs) is kept for the
// segmenter.
var (
	mdImage      = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink       = regexp.MustCompile(`\[([^\]^][^\]]*)\]\((?:[^()\n]|\([^()\n]*\))*\)`)
	mdRefLink    = regexp.MustCompile(`\[([^\]^][^\]]*)\]\[[^\]]*\]`)
	mdAutolink   = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdFootDef    = regexp.MustCompile(`^\s*\[\^[^\]]+\]:\s*`)
	mdFootRef    = regexp.MustCompile(`\[\^[^\]]+\]`)
	mdStrong     = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmStar     = regexp.MustCompile(`(^|[\s(“"'])\*(\S(?:[^*]*?\S)?)\*`)
	mdEmUnder    = regexp.MustCompile(`(^|[\s(“"'])_(\S(?:[^_]*?\S)?)_($|[\s.,;:!?)”"'])`)
	mdCode       = regexp.MustCompile("`([^`]+)`")
	mdInlineHTML = regexp.MustCompile(`</?(?:a|b|i|u|em|strong|sup|sub|span|br|code|small|abbr|mark)\b[^>]*>`)
	mdEscape     = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!|>])`)
)

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
		line = mdImage.ReplaceAllString(line, "$1")
		line = mdLink.ReplaceAllString(line, "$1")
		line = mdRefLink.ReplaceAllString(line, "$1")
		line = mdAutolink.ReplaceAllString(line, "$1")
		line = mdFootDef.ReplaceAllString(line, "")
		line = mdFootRef.ReplaceAllString(line, "")
		line = mdStrong.ReplaceAllString(line, "$2")
		line = mdEmStar.ReplaceAllString(line, "$1$2")
		line = mdEmUnder.ReplaceAllString(line, "$1$2$3")
		line = mdCode.ReplaceAllString(line, "$1")
		line = mdInlineHTML.ReplaceAllString(line, "")
		line = mdEscape.ReplaceAllString(line, "$1")
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}
