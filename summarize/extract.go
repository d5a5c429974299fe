package summarize

import (
	"context"
	"strings"

	"github.com/brief-cli/brief/internal/extractive"
	"github.com/brief-cli/brief/internal/textseg"
)

// NoResponse is the Response section of an extractive brief when no
// sentence of the report reads as a response (by its heading or its cue
// words): said plainly rather than dropping the heading.
const NoResponse = "No sentence of the report describes a response."

// sentencesPerParagraph groups an extractive section's sentences into
// paragraphs of readable length.
const sentencesPerParagraph = 3

// extract writes the brief offline with the extractive engine: every
// sentence is a sentence of the report, verbatim, cited by its paragraph.
// It returns ctx.Err() soon after ctx ends.
func (s *Summarizer) extract(ctx context.Context, doc textseg.Document, in Input) (*Brief, error) {
	length := map[Length]extractive.Length{
		LengthShort: extractive.Short, LengthMedium: extractive.Medium, LengthLong: extractive.Long,
	}[s.opt.Length]
	if want := s.opt.Language; want != "" {
		// Only the report's own sentences: no other language to offer.
		if have := extractive.Language(doc); have != "und" && have != want {
			return nil, &LanguageError{Want: want, Report: have}
		}
	}
	r, err := extractive.SummarizeContext(ctx, doc, extractive.Options{Length: length, Focus: s.opt.Focus, Date: in.Date, Title: in.Title})
	if err != nil {
		return nil, err
	}
	b := &Brief{Title: in.Title, Date: in.Date, Byline: r.Byline, Engine: string(EngineExtractive)}
	if len(r.Lead) > 0 {
		// one paragraph, however far apart its sentences stand in the report
		b.Lead = paragraphs(r.Lead, len(r.Lead), 0)[0]
	}
	if len(r.Picks()) == 0 {
		// Too short for the engine to choose from: the report is its own
		// brief, up to its first three sentences.
		var picks []extractive.Pick
		for _, sent := range doc.Sentences() {
			if len(picks) < 3 {
				picks = append(picks, extractive.Pick{Para: sent.Para, Text: sent.Text})
			}
		}
		if lead := paragraphs(picks, len(picks), 0); len(lead) > 0 {
			b.Lead = lead[0]
		}
	}
	switch {
	case r.Ordered:
		// No cue lexicon for the language: a plain summary in source order,
		// rather than sentences misfiled under the wrong headings.
		b.Sections = appendSection(b.Sections, "Summary", r.Background)
	case r.Narrative:
		// Events told in order of time stay in that order.
		b.Sections = appendSection(b.Sections, HeadingEvents, r.Background)
	default:
		b.Sections = appendSection(b.Sections, HeadingBackground, r.Background)
		if len(r.Response) == 0 && len(r.Picks()) > len(r.Lead) {
			// Said plainly rather than dropping the heading silently.
			b.Sections = append(b.Sections, Section{Heading: HeadingResponse, Paragraphs: []Paragraph{{Text: NoResponse}}})
		}
		b.Sections = appendSection(b.Sections, HeadingResponse, r.Response)
		for _, t := range r.Themes {
			b.Sections = appendSection(b.Sections, t.Heading, t.Picks)
		}
		b.Implications = paragraphs(r.Implications, sentencesPerParagraph, maxParaGap)
	}
	for _, p := range r.KeyFacts {
		b.KeyFacts = append(b.KeyFacts, Paragraph{Text: p.Text, Sources: ParaRefs{p.Para}})
	}
	return b, nil
}

func appendSection(sections []Section, heading string, picks []extractive.Pick) []Section {
	if len(picks) == 0 {
		return sections
	}
	return append(sections, Section{Heading: heading, Paragraphs: paragraphs(picks, sentencesPerParagraph, maxParaGap)})
}

// maxParaGap is how many report paragraphs apart two picks may stand and
// still share a paragraph of the brief.
const maxParaGap = 3

// paragraphs joins picks, in source order, into paragraphs of at most n
// sentences, starting a new paragraph where the source jumps ahead more than
// gap paragraphs (gap 0: never).
func paragraphs(picks []extractive.Pick, n, gap int) []Paragraph {
	var out []Paragraph
	var cur []extractive.Pick
	flush := func() {
		if len(cur) == 0 {
			return
		}
		var texts []string
		var src ParaRefs
		for _, p := range cur {
			texts = append(texts, p.Text)
			if len(src) == 0 || src[len(src)-1] != p.Para {
				src = append(src, p.Para)
			}
		}
		out = append(out, Paragraph{Text: strings.Join(texts, " "), Sources: src})
		cur = nil
	}
	for _, p := range picks {
		if len(cur) > 0 && (len(cur) >= n || gap > 0 && p.Para-cur[len(cur)-1].Para > gap) {
			flush()
		}
		cur = append(cur, p)
	}
	flush()
	return out
}
