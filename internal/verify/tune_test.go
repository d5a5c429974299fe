//go:build tune

// TestTune is a tuning tool, not a test: it only logs figures, so it is
// built only with the "tune" tag and stays out of go test ./...
//
//	go test -tags tune -run TestTune -v ./internal/verify/

package verify

import (
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// TestTune prints the planted and paraphrase figures over a grid of
// context parameters.
func TestTune(t *testing.T) {
	defer func(a, b float64, w int) { ctxRel, ctxResidual, ctxBack = a, b, w }(ctxRel, ctxResidual, ctxBack)
	for _, rel := range []float64{0.4, 0.5, 0.6} {
		for _, res := range []float64{0.2, 0.3} {
			for _, w := range []int{0, 2, 3, 5} {
				ctxRel, ctxResidual, ctxBack = rel, res, w
				st := runPlanted(&quiet{t}, 1, 45)
				fa, facts, mis := 0, 0, 0
				for _, p := range paraphrases {
					c := NewChecker(segment(string(testcorpus.Read(t, p.source))))
					for _, s := range p.true_ {
						facts += len(Extract(s.Text))
					}
					fa += len(c.Check(p.true_))
					for _, s := range p.false_ {
						got := c.Check([]Statement{s.Statement})
						if len(got) != len(s.want) {
							mis++
						}
					}
				}
				t.Logf("rel %.2f res %.2f win %d: planted P %.3f R %.3f (same-report names %d/%d)  paraphrase false alarms %d/%d, false briefs wrong %d",
					rel, res, w, st.precision(), st.recall(), st.byKind["name (same report)"][0], st.byKind["name (same report)"][1], fa, facts, mis)
			}
		}
	}
}

type quiet struct{ *testing.T }

func (q *quiet) Logf(string, ...any) {}
