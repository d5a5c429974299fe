// Package extractive is brief's offline summarizer: it builds a brief
// (title, date, lead, Background, Response, Implications, Key facts) from
// sentences taken verbatim from the source, with no model and no network.
//
// Sentences are ranked by continuous LexRank over TF-IDF vectors (cosine
// similarity, power iteration, computed in time linear in the text size),
// adjusted by length and a position prior, and chosen greedily with
// maximal marginal relevance so the brief does not repeat itself. Picked
// sentences are sorted into sections with cue lexicons (English and
// Russian); for other languages the picks form one ordered summary (see
// Result.Ordered).
//
// Usage:
//
//	doc := textseg.Segment(text)
//	res := extractive.Summarize(doc, extractive.Options{Length: extractive.Short})
//	for _, p := range res.Lead {
//		fmt.Printf("%s [¶%d]\n", p.Text, p.Para)
//	}
package extractive
