package summarize

import (
	"context"
	"fmt"
	"strings"

	"github.com/brief-cli/brief/internal/align"
	"github.com/brief-cli/brief/internal/textseg"
	"github.com/brief-cli/brief/internal/verify"
	"github.com/brief-cli/brief/prompts"
)

// Verify selects how a brief is checked against its report.
type Verify int

// Verification modes.
const (
	// VerifyCheck (the default) lists the figures, dates, names and
	// quotations of the brief that the report does not contain.
	VerifyCheck Verify = iota
	// VerifyNone skips the check.
	VerifyNone
	// VerifyLLM checks, then asks the model once to correct or remove what
	// the report does not support, then checks again.
	VerifyLLM
)

// alignK is how many paragraphs a statement without good citations gets.
const alignK = 2

// alignCitations makes every statement of an LLM brief cite the report
// paragraphs that support it: cited paragraphs that do are kept, others
// are replaced by the best lexical matches.
func (b *Brief) alignCitations(ix *align.Index) {
	b.eachParagraph(func(_ string, p *Paragraph) {
		if p.Text == "" {
			return
		}
		p.Sources = ParaRefs(ix.Resolve(p.Text, p.Sources, alignK))
	})
}

// check runs the grounding check and records its result in b. It returns
// ctx.Err() if ctx ends first, leaving b as it was. docTitle is the
// document's own title (Input.Title): the report contains it by definition,
// even when it comes from metadata the text does not repeat, so a brief
// titled so is not checked on its title.
func (b *Brief) check(ctx context.Context, c *verify.Checker, docTitle string) error {
	var statements []verify.Statement
	b.eachParagraph(func(section string, p *Paragraph) {
		if p.Text != "" {
			statements = append(statements, verify.Statement{Section: section, Text: p.Text})
		}
	})
	if b.Title != "" && !strings.EqualFold(strings.Join(strings.Fields(b.Title), " "), strings.Join(strings.Fields(docTitle), " ")) {
		statements = append(statements, verify.Statement{Section: "Title", Text: b.Title})
	}
	v := &Verification{Unsupported: []Unsupported{}, Misplaced: []Unsupported{}}
	for _, st := range statements {
		v.Checked += len(verify.Extract(st.Text))
	}
	findings, err := c.CheckContext(ctx, statements)
	if err != nil {
		return err
	}
	for _, f := range findings {
		u := Unsupported{Text: f.Fact.Text, Kind: string(f.Fact.Kind), Section: f.Section}
		if f.Elsewhere {
			v.Misplaced = append(v.Misplaced, u)
		} else {
			v.Unsupported = append(v.Unsupported, u)
		}
	}
	b.Verification = v
	return nil
}

// checkBrief aligns citations, checks the brief, and with VerifyLLM asks
// the model once to repair what the report does not support.
func (r *run) checkBrief(ctx context.Context, b *Brief, doc textseg.Document) error {
	if r.s.opt.Verify == VerifyNone {
		return nil
	}
	ix := align.NewIndex(doc)
	b.alignCitations(ix)
	want, report := "", ""
	if l, ok := languages[r.s.opt.Language]; ok {
		want, report = l.script, dominantScript(r.text)
	}
	checker, err := verify.NewCheckerContext(ctx, doc)
	if err != nil {
		return err
	}
	if err := b.check(ctx, checker, r.docTitle); err != nil {
		return err
	}
	b.setAsideCrossScript(want, report)
	if r.s.opt.Verify != VerifyLLM || len(b.Verification.Unsupported) == 0 {
		return nil
	}
	fixed, err := r.revise(ctx, b, doc)
	if err != nil {
		return fmt.Errorf("revising the brief: %w", err)
	}
	fixed.tidy(len(doc.Paragraphs))
	fixed.alignCitations(ix)
	if err := fixed.check(ctx, checker, r.docTitle); err != nil {
		return err
	}
	fixed.setAsideCrossScript(want, report)
	fixed.Verification.Revised = true
	b.Title, b.Date, b.Lead, b.Sections, b.Implications, b.KeyFacts, b.Verification =
		fixed.Title, fixed.Date, fixed.Lead, fixed.Sections, fixed.Implications, fixed.KeyFacts, fixed.Verification
	return nil
}

// revise sends the brief, its unsupported facts and the cited paragraphs,
// and returns the corrected brief.
func (r *run) revise(ctx context.Context, b *Brief, doc textseg.Document) (*Brief, error) {
	var findings strings.Builder
	for _, u := range b.Verification.Unsupported {
		fmt.Fprintf(&findings, "- %s %q (%s)\n", u.Kind, u.Text, u.Section)
	}
	cited := map[int]bool{}
	b.eachParagraph(func(_ string, p *Paragraph) {
		for _, n := range p.Sources {
			cited[n] = true
		}
	})
	var report strings.Builder
	for _, p := range doc.Paragraphs {
		if cited[p.Number] {
			fmt.Fprintf(&report, "[P%d] %s\n\n", p.Number, p.Text)
		}
	}
	answer := briefAnswer{Title: b.Title, Date: b.Date, Lead: b.Lead, Sections: b.Sections, Implications: b.Implications, KeyFacts: b.KeyFacts}
	data := r.data()
	data.Notes = string(mustJSON(answer))
	data.Findings = strings.TrimSpace(findings.String())
	data.Report = strings.TrimSpace(report.String())
	var fixed briefAnswer
	if err := r.call(ctx, "revise", prompts.Revise, data, "brief", briefSchema, &fixed); err != nil {
		return nil, err
	}
	return fixed.brief(), nil
}
