package summarize

import "github.com/brief-cli/brief/internal/textseg"

// extract writes the brief offline. TEMPORARY until the extractive engine lands.
func (s *Summarizer) extract(doc textseg.Document, in Input) *Brief {
	return &Brief{Title: in.Title, Engine: string(EngineExtractive)}
}
