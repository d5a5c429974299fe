// Package extractive is brief's offline summarizer, used when no LLM
// endpoint is configured. It builds the same brief shape as the LLM path
// (lead, Background, Response, thematic sections, Implications, Key facts)
// from sentences copied verbatim from the source, each with its paragraph
// number, with no model and no network. The title and date are the
// document's own, found by internal/docread; the caller passes the date in
// Options.Date.
//
// # Structure
//
// The report's own headings steer the brief (structure.go): a heading
// that names a part (Background, Required Actions, Conclusions …) sends the
// sentences under it there; its summary (Highlights, Executive Summary,
// Key Judgments) weighs for the lead and key facts; methodology and
// appendices are never findings; a major heading with at least two picks
// becomes a section of its own. A sentence that opens with an anaphor
// ("This", "Six minutes later") is taken only with the sentence before it.
// A narrative told by the clock (isNarrative) keeps its events in its own
// order, in Background, and Result.Narrative says so. When the lead speaks
// in the first person, Result.Byline names who speaks.
//
// # Ranking
//
// Sentences that read as prose (not headings, tables of contents, page
// banners, footnote text, OCR debris or fragments under 6 or over 70 words)
// are tokenized per detected language: lowercased words without stop words,
// lightly stemmed for English and Russian; overlapping character bigrams for
// Chinese and Japanese, which are written without spaces. Each sentence
// becomes a TF-IDF vector and is ranked by continuous LexRank (Erkan and
// Radev 2004): the stationary distribution of a damped random walk over the
// complete cosine-similarity graph, found by power iteration. The graph is
// never materialised; see lexRank for how one iteration costs time linear in
// the text, which keeps a 1.3 MB report at about 60 ms. Centrality is then
// scaled by a length factor, a form factor (links, missing end punctuation
// and footnote text count against a sentence) and a position prior that
// favours the opening sentences, where reports and news put the gist.
//
// # Selection
//
// The number of picks follows the source: about 6.5% of its usable
// sentences plus two, 3 to 25 for Medium, half that for Short (3 to 12),
// 1.6 times for Long (4 to 40), or Options.MaxSentences. The lead is
// chosen first, among the first 5% of sentences with a strong preference
// for the earliest complete, central one that shares the title's words
// (Options.Title) and names an actor, an action and a time or place (in a
// narrative, such a sentence may lead from anywhere); the sections are filled by
// maximal marginal relevance so the brief does not repeat itself; a fifth
// of the budget (at most 8) goes to key facts, the short, salient
// sentences that carry figures, money, percentages or dates.
//
// # Sections
//
// Picks other than the lead and key facts are sorted into Background,
// Response and Implications by cue lexicons, documented in sections.go:
// English and Russian words and phrases for context and history, for
// actions taken or required (including imperative instructions), and for
// forward-looking or modal statements, plus "in/since/by <year>" relative
// to the document's own date. A sentence with no cue is context and goes
// to Background. For languages without a lexicon nothing is guessed from
// position: every pick goes to Background in source order and
// Result.Ordered tells the caller to render it as a plain summary.
//
// Summarize is deterministic: the same document and options give the same
// Result, ties being broken by position.
//
// Usage:
//
//	doc := textseg.Segment(text)
//	res := extractive.Summarize(doc, extractive.Options{Length: extractive.Short})
//	for _, p := range res.Lead {
//		fmt.Printf("%s [¶%d]\n", p.Text, p.Para)
//	}
package extractive
