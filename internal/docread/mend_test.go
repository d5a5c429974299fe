package docread

import "testing"

// TestMendDroppedLetters: headings from GAO's PDF-converted Highlights
// files (../shared/corpus/gao-highlights) with a descender moved to the end.
func TestMendDroppedLetters(t *testing.T) {
	body := "\n\nThe background of the program. Filing season operations began in January.\n"
	for _, tc := range []struct{ in, want string }{
		{"#### Back round g" + body, "#### Background" + body},
		{"#### IRS Organizational Reform and Workforce Planning Uncertainties Pose Serious Risks to Future Filing Season O erations p" + body,
			"#### IRS Organizational Reform and Workforce Planning Uncertainties Pose Serious Risks to Future Filing Season Operations" + body},
		// A part name mends without the document using it elsewhere; a word
		// neither the document uses nor a part name is left alone.
		{"#### Back round g\n\nNothing else here.\n", "#### Background\n\nNothing else here.\n"},
		{"#### Future O erations p\n\nNothing else here.\n", "#### Future O erations p\n\nNothing else here.\n"},
		// A capital or a word of its own at the end is not a moved letter.
		{"## Appendix A" + body, "## Appendix A" + body},
		{"## Plan of phase b" + body, "## Plan of phase b" + body},
		{"Back round g" + body, "Back round g" + body}, // not a heading
	} {
		if got := mendDroppedLetters(tc.in); got != tc.want {
			t.Errorf("mendDroppedLetters(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
