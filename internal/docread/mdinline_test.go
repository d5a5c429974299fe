package docread

import "testing"

func TestStripInlineMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Agencies shall **disconnect or power down** now.", "Agencies shall disconnect or power down now."},
		{"_Updated April 15, 2021: The U.S. Government attributes this._", "Updated April 15, 2021: The U.S. Government attributes this."},
		{"See [a statement](https://example.gov/x \"t\") and <https://example.gov/y>.", "See a statement and https://example.gov/y."},
		{"![Seal](seal.png) Emergency Directive", "Seal Emergency Directive"},
		{"I released [Emergency Directive 19-01]({{ site.baseurl }}/ed/19-01), Mitigate", "I released Emergency Directive 19-01, Mitigate"},
		{"[U.S. Code](http://x.gov/view?req=(title:44)%20OR%20(g))", "U.S. Code"},
		{"On December 13.[^4] CISA acted.", "On December 13. CISA acted."},
		{"[^4]: On December 13, 2020, CISA issued ED 21-01.", "On December 13, 2020, CISA issued ED 21-01."},
		{"snake_case_name and 2*3*4 stay", "snake_case_name and 2*3*4 stay"},
		{"Run `rm -rf` never; 5 \\* 3", "Run rm -rf never; 5 * 3"},
		{"a<br>b <sup>1</sup>", "ab 1"},
		// ED 21-01, action 1.a: the source's link lost its opening bracket.
		{"a.  Forensically image system memory and/or host operating systems hosting all instances of SolarWinds Orion versions 2019.4 through 2020.2.1 HF1]. Analyze for new user or service accounts, privileged or otherwise.",
			"a.  Forensically image system memory and/or host operating systems hosting all instances of SolarWinds Orion versions 2019.4 through 2020.2.1 HF1. Analyze for new user or service accounts, privileged or otherwise."},
		{"Cite [1] and x[0] stay; so does \\] and a broken link end](https://x.gov)", "Cite [1] and x[0] stay; so does ] and a broken link end](https://x.gov)"},
		{"- **Item** one\n# Heading *x*", "- Item one\n# Heading x"},
		{"```\n**kept**\n```", "```\n**kept**\n```"},
	}
	for _, tt := range tests {
		if got := stripInlineMarkdown(tt.in); got != tt.want {
			t.Errorf("stripInlineMarkdown(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
