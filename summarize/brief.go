package summarize

import (
	"slices"
	"strings"
)

// Brief is the result: an analyst's note on one report. The markdown is
// rendered from it by Markdown, so its shape never drifts.
type Brief struct {
	Title string `json:"title"`
	// Date of the events or of the report as written in it; "" if unknown.
	Date string `json:"date"`
	// Byline names who speaks in the report ("By Christopher Krebs,
	// Director") when the lead is in their first person; "" otherwise.
	Byline string    `json:"byline,omitempty"`
	Lead   Paragraph `json:"lead"`
	// Sections are Background, Response and any thematic sections, in order.
	Sections     []Section   `json:"sections"`
	Implications []Paragraph `json:"implications"`
	KeyFacts     []Paragraph `json:"key_facts"`

	// Engine that wrote the brief: "llm" or "extractive".
	Engine string `json:"engine"`
	// Model is the LLM's name when Engine is "llm".
	Model  string     `json:"model,omitempty"`
	Source SourceInfo `json:"source"`
	Usage  Usage      `json:"usage"`
	// Verification is the grounding check's result; nil if not checked.
	Verification *Verification `json:"verification,omitempty"`

	stats runStats
	// paras are the cited report paragraphs, for the Sources list.
	paras map[int]sourcePara
	// sourceURLs are the link targets the report itself contains.
	sourceURLs map[string]bool
}

// Verification is what the grounding check found.
type Verification struct {
	// Checked counts the facts (numbers, dates, names, quotes) checked.
	Checked int `json:"checked"`
	// Unsupported are the facts not found in the report at all.
	Unsupported []Unsupported `json:"unsupported"`
	// Misplaced are facts the report contains, but not in the passages the
	// rest of their sentence comes from: most likely attached to the wrong
	// actor or event. A softer warning than Unsupported.
	Misplaced []Unsupported `json:"misplaced"`
	// CrossScript are names and quotations written in another script than
	// the report (the brief was asked in another language): the check
	// cannot compare them with the report, and says so rather than flag
	// or pass them.
	CrossScript []Unsupported `json:"cross_script,omitempty"`
	// ReportScript and BriefScript name the scripts ("Cyrillic", "Latin")
	// when CrossScript was looked for.
	ReportScript string `json:"report_script,omitempty"`
	BriefScript  string `json:"brief_script,omitempty"`
	// Revised reports that the model was asked to correct the brief
	// (VerifyLLM) and these are the findings on its corrected version.
	Revised bool `json:"revised,omitempty"`
}

// Unsupported is a fact of the brief not found in the report.
type Unsupported struct {
	Text    string `json:"text"`
	Kind    string `json:"kind"`
	Section string `json:"section"`
}

// Section is a headed part of the brief.
type Section struct {
	Heading    string      `json:"heading"`
	Paragraphs []Paragraph `json:"paragraphs"`
}

// Paragraph is a paragraph (or key-fact bullet) of the brief with the
// numbers of the source paragraphs it rests on.
type Paragraph struct {
	Text    string   `json:"text"`
	Sources ParaRefs `json:"sources"`
}

// SourceInfo describes the summarized report.
type SourceInfo struct {
	Name string `json:"name"`
	// URL is the address the report was fetched from, if it was.
	URL   string `json:"url,omitempty"`
	Bytes int    `json:"bytes"`
	// Tokens is the report's text in tokens as chunks carry it: the sum
	// of its sentences' counts, without the whitespace and page furniture
	// segmentation drops.
	Tokens     int `json:"tokens"`
	Chunks     int `json:"chunks"`
	Paragraphs int `json:"paragraphs"`
}

// Standard section headings.
const (
	HeadingBackground = "Background"
	HeadingResponse   = "Response"
	// HeadingEvents heads an offline brief of a narrative report: its
	// events in the report's order.
	HeadingEvents = "Sequence of events"
)

// tidy normalizes a brief as a model wrote it: trims text, drops empty
// paragraphs and sections, folds sections the model named "Implications"
// or "Key facts" into their own fields, and puts Background and Response
// first, in that order, keeping thematic sections in the model's order.
func (b *Brief) tidy(maxPara int) {
	b.Title = oneLine(b.Title)
	b.Date = oneLine(b.Date)
	b.Lead = tidyParagraph(b.Lead, maxPara)
	var sections []Section
	for _, s := range b.Sections {
		s.Heading = strings.TrimSpace(strings.Trim(oneLine(s.Heading), "#*: "))
		s.Paragraphs = tidyParagraphs(s.Paragraphs, maxPara)
		if len(s.Paragraphs) == 0 {
			continue
		}
		switch strings.ToLower(s.Heading) {
		case "implications":
			b.Implications = append(b.Implications, s.Paragraphs...)
			continue
		case "key facts", "key_facts":
			b.KeyFacts = append(b.KeyFacts, s.Paragraphs...)
			continue
		case "background", "context":
			s.Heading = HeadingBackground
		case "response", "responses":
			s.Heading = HeadingResponse
		}
		if s.Heading == "" {
			s.Heading = "Analysis"
		}
		if i := slices.IndexFunc(sections, func(t Section) bool { return t.Heading == s.Heading }); i >= 0 {
			sections[i].Paragraphs = append(sections[i].Paragraphs, s.Paragraphs...)
			continue
		}
		sections = append(sections, s)
	}
	rank := func(s Section) int {
		switch s.Heading {
		case HeadingBackground:
			return 0
		case HeadingResponse:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(sections, func(a, b Section) int { return rank(a) - rank(b) })
	b.Sections = sections
	b.Implications = tidyParagraphs(b.Implications, maxPara)
	b.KeyFacts = tidyParagraphs(b.KeyFacts, maxPara)
	for i := range b.KeyFacts {
		b.KeyFacts[i].Text = strings.TrimLeft(b.KeyFacts[i].Text, "-*• ")
	}
}

func tidyParagraphs(ps []Paragraph, maxPara int) []Paragraph {
	out := ps[:0:0]
	for _, p := range ps {
		if p = tidyParagraph(p, maxPara); p.Text != "" {
			out = append(out, p)
		}
	}
	return out
}

// tidyParagraph trims the text and keeps only source numbers that exist,
// sorted and without repeats.
func tidyParagraph(p Paragraph, maxPara int) Paragraph {
	p.Text = strings.TrimSpace(p.Text)
	src := ParaRefs{}
	for _, n := range p.Sources {
		if n >= 1 && (maxPara == 0 || n <= maxPara) {
			src = append(src, n)
		}
	}
	slices.Sort(src)
	p.Sources = slices.Compact(src)
	return p
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
