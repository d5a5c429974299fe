package summarize

import (
	"regexp"
	"strings"
)

// reEscape matches terminal escape sequences: CSI (colours, cursor moves),
// OSC (titles, hyperlinks) and two-byte escapes.
var reEscape = regexp.MustCompile("\x1b(?:\\[[0-9;?]*[ -/]*[@-~]|\\][^\x07\x1b]*(?:\x07|\x1b\\\\)|[@-Z\\\\-_])|\u009b[0-9;?]*[ -/]*[@-~]")

// Markdown renders the brief as markdown:
//
//	# Title
//	*Date*
//
//	Lead paragraph.
//
//	## Background
//	## Response
//	## <thematic sections>
//	## Implications
//	## Key facts
func (b *Brief) Markdown() string {
	var w strings.Builder
	title := clean(b.Title)
	if title == "" {
		title = clean(b.Source.Name)
	}
	if title == "" {
		title = "Brief"
	}
	w.WriteString("# " + title + "\n")
	if d := clean(b.Date); d != "" {
		w.WriteString("*" + d + "*\n")
	}
	if lead := clean(b.Lead.Text); lead != "" {
		w.WriteString("\n" + lead + "\n")
	}
	section := func(heading string, ps []Paragraph) {
		if len(ps) == 0 {
			return
		}
		w.WriteString("\n## " + clean(heading) + "\n")
		for _, p := range ps {
			if t := clean(p.Text); t != "" {
				w.WriteString("\n" + t + "\n")
			}
		}
	}
	for _, s := range b.Sections {
		section(s.Heading, s.Paragraphs)
	}
	section("Implications", b.Implications)
	if len(b.KeyFacts) > 0 {
		w.WriteString("\n## Key facts\n\n")
		for _, f := range b.KeyFacts {
			if t := clean(f.Text); t != "" {
				w.WriteString("- " + t + "\n")
			}
		}
	}
	return w.String()
}

// clean folds whitespace and drops control characters, so that nothing a
// model or a report wrote can break the layout or drive a terminal.
func clean(s string) string {
	s = reEscape.ReplaceAllString(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
