package docread

import (
	"strings"
	"testing"
)

func TestTextDate(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"date line", []string{"Washington, D.C.", "October 15, 2001", "The Honorable Robert F. Bennett"}, "October 15, 2001"},
		{"full date beats an earlier month-year", []string{"October 2001", "INFORMATION SHARING", "October 15, 2001"}, "October 15, 2001"},
		{"month-year fallback", []string{"Volume I of II", "March 2019"}, "March 2019"},
		{"labelled ISO written out", []string{"**Report:** GAO-26-107955 | **Published:** 2026-03-12"}, "March 12, 2026"},
		{"labelled day month year", []string{"Issued on 24 January 2019 by the Director."}, "24 January 2019"},
		{"release line wrapped", []string{"For Release on Delivery Expected at 10:00 a.m. Wednesday, July", "17, 2002"}, "July 17, 2002"},
		{"update stamp skipped", []string{"Updated April 15, 2021: The U.S. Government attributes this activity.", "December 13, 2020"}, "December 13, 2020"},
		{"RFC header", []string{"Request for Comments: 4949                                   August 2007"}, "August 2007"},
		{"Russian", []string{"Москва, 29 февраля 2024 года"}, "29 февраля 2024 года"},
		{"Chinese", []string{"2016年11月7日 第十二届全国人民代表大会常务委员会第二十四次会议通过"}, "2016年11月7日"},
		{"French", []string{"Paris, le 3 mars 2023"}, "3 mars 2023"},
		{"news lead", []string{"Tuesday, September 11, 2001, dawned temperate and nearly cloudless in the eastern United States."}, "September 11, 2001"},
		{"passing mention later in prose", []string{"Three years after 9/11, Americans are still thinking about it.", "", "The plot was set in July 2001, when the leaders met in Spain and agreed on the date."}, ""},
		{"no year", []string{"On Tuesday January 22nd, I released the directive."}, ""},
		{"none", []string{"No dates here at all."}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Join(tc.lines, "\n")
			if got := textDate(topLines(text), text); got != tc.want {
				t.Errorf("textDate = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTextByline(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		// The CISA blog of January 24, 2019, as topLines trims it.
		{"blog byline", []string{"# Why CISA Issued Our First Emergency Directive", "", "_**By Christopher Krebs, Director**_", "",
			"On Tuesday January 22nd, I released the first-ever emergency directive."}, "By Christopher Krebs, Director"},
		// GAO-02-957T: the statement's byline runs over two lines.
		{"testimony over two lines", []string{"Critical Design and Implementation Issues", "",
			"Statement of David Walker, Comptroller General of the United", "States"},
			"Statement of David Walker, Comptroller General of the United States"},
		{"prose opening with By", []string{"By the end of 2016, the IRA had the ability to reach millions of U.S. persons."}, ""},
		{"none", []string{"Defense Contractor Cybersecurity", "", "March 12, 2026", "", "Congressional Committees"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := textByline(topLines(strings.Join(tc.lines, "\n"))); got != tc.want {
				t.Errorf("textByline = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTextTitle(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"government title block", []string{"United States General Accounting Office", "Testimony", "GAO", "",
			"Before the Select Committee on Homeland Security, House of", "Representatives", "HOMELAND SECURITY", "", "",
			"Critical Design and Implementation Issues", "", "Statement of David Walker, Comptroller General of the United", "States"},
			"Homeland Security: Critical Design and Implementation Issues"},
		{"address block skipped", []string{"United States General Accounting Office", "Report to Senator Robert F. Bennett,", "",
			"Ranking Minority Member, Joint Economic", "Committee, Congress of the United States", "", "October 2001", "INFORMATION SHARING", "",
			"Practices That Can Benefit Critical Infrastructure", "Protection", "a"},
			"Information Sharing: Practices That Can Benefit Critical Infrastructure Protection"},
		{"RFC header fields skipped", []string{"Network Working Group                                          R. Shirey",
			"Request for Comments: 4949                                   August 2007", "FYI: 36", "Obsoletes: 2828",
			"Category: Informational", "", "                 Internet Security Glossary, Version 2"},
			"Internet Security Glossary, Version 2"},
		{"capitals with a question", []string{"WHAT TO DO? A GLOBAL STRATEGY", "REFLECTING ON A GENERATIONAL CHALLENGE",
			"Three years after 9/11, Americans are still thinking and talking about how to protect our nation in this new era."},
			"What to Do? A Global Strategy"},
		{"acronym the document writes in capitals", []string{"DHS AND THE GRID", "", "The DHS said on Monday that the grid had held up for the whole of the winter season."},
			"DHS and the Grid"},
		{"broken title rejoined", []string{"U.S. Department of Justice", "", "Report On The Investigation Into", "",
			"Russian Interference In The", "2016 Presidential Election", "", "Volume I of II"},
			"Report On The Investigation Into Russian Interference In The 2016 Presidential Election"},
		{"OCR banner skipped", []string{`AttarAe:,c \\'erlc Predtiet // Mtt; CeA1:ttiA Ma1:ertal`, "Incident Review of the Harbour"}, "Incident Review of the Harbour"},
		{"byline and date skipped", []string{"By Christopher Krebs, Director", "January 24, 2019", "A Title Here"}, "A Title Here"},
		{"prose first", []string{"The agency said on Monday that it had issued a directive to all of the federal civilian agencies."}, ""},
		{"empty", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Join(tc.lines, "\n")
			if got := textTitle(topLines(text), text); got != tc.want {
				t.Errorf("textTitle = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMarkdownTitle(t *testing.T) {
	tests := []struct {
		name, fm, text, want string
	}{
		{"H1 wins", "CISA blog", "# Real Headline\n\ntext", "Real Headline"},
		{"site name gives way to the page heading", "CISA blog", "## Why CISA issued our first Emergency Directive\n##### January 24, 2019\n\nOn Tuesday…", "Why CISA issued our first Emergency Directive"},
		{"numbered document keeps its subtitle", "Emergency Directive 21-01", "December 13, 2020\n##  **Mitigate SolarWinds Orion Code Compromise**\n\nThis page…", "Emergency Directive 21-01: Mitigate SolarWinds Orion Code Compromise"},
		{"front matter alone", "A Long Descriptive Front Matter Title", "## Other\n\ntext", "A Long Descriptive Front Matter Title"},
		{"none", "", "plain text", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := markdownTitle(tc.fm, tc.text); got != tc.want {
				t.Errorf("markdownTitle = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCleanTitleText(t *testing.T) {
	for in, want := range map[string]string{
		"GAO-07-283 Crude Oil: Uncertainty":   "Crude Oil: Uncertainty",
		"AR-16-20173 - The Increasing Threat": "The Increasing Threat",
		"Emergency Directive 19-01":           "Emergency Directive 19-01",
		"  Spaced   Title ":                   "Spaced Title",
	} {
		if got := cleanTitleText(in); got != want {
			t.Errorf("cleanTitleText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolveHyphens(t *testing.T) {
	m := string(hyphenMark)
	tests := []struct{ in, want string }{
		{"infor" + m + "mation", "information"},
		{"gas-to" + m + "liquid fuels", "gas-to-liquid fuels"},
		{"self" + m + "reported", "self-reported"},
		{"oil" + m + "displacing, oil and displacing", "oil-displacing, oil and displacing"},
		{"well-being and well" + m + "being", "well-being and well-being"},
	}
	for _, tc := range tests {
		if got := resolveHyphens(tc.in); got != tc.want {
			t.Errorf("resolveHyphens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDropInlinePageNumbers(t *testing.T) {
	in := "this scale will take considerable time and\n19\nmoney. Careful planning.\n\nTable 4\n12\nRows follow."
	want := "this scale will take considerable time and\nmoney. Careful planning.\n\nTable 4\n12\nRows follow."
	if got := dropTextFurniture(in); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLiftSideHeadings(t *testing.T) {
	tests := []struct{ name, in, want string }{
		// GAO-02-24, p. 17: the side heading fell into a sentence.
		{"into a sentence",
			"private sector to gain an\n\n\nDeveloping Agreements on the Use and\nProtection of Shared Information\nunderstanding of the law enforcement community's approach to\ninvestigating crime. Further, some members said so.\nAnother challenge, previously mentioned, was the need.",
			"private sector to gain an\nunderstanding of the law enforcement community's approach to\ninvestigating crime.\n\nDeveloping Agreements on the Use and Protection of Shared Information\n\nFurther, some members said so.\nAnother challenge, previously mentioned, was the need."},
		// GAO-02-24, p. 2: the sentence ends at the paragraph's end.
		{"sentence ends the paragraph",
			"describes each organization covered by our review.\nThe organizations identified a number of\nfactors that they deemed critical\n\nResults in Brief\nto their success in building relationships.",
			"describes each organization covered by our review.\nThe organizations identified a number of\nfactors that they deemed critical\nto their success in building relationships.\n\nResults in Brief\n"},
		{"after a full stop",
			"The call ended.\n\nDeveloping Agreements on the Use and\nProtection of Shared Information\nunderstanding of the approach.",
			"The call ended.\n\nDeveloping Agreements on the Use and Protection of Shared Information\n\nunderstanding of the approach."},
		{"heading over a sentence", "Identifiable Membership\nThe members met.", "Identifiable Membership\nThe members met."},
		{"prose", "The agencies met\nin June and agreed.", "The agencies met\nin June and agreed."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := liftSideHeadings(tc.in); got != tc.want {
				t.Errorf("liftSideHeadings\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestSplitGluedHeadings(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Transmission of the Authorization from the White House to the Pilots The NMCC learned of United 93's hijacking at about 10:03.",
			"Transmission of the Authorization from the White House to the Pilots\n\nThe NMCC learned of United 93's hijacking at about 10:03."},
		{"The President and the Vice President spoke at length. The call ended.", "The President and the Vice President spoke at length. The call ended."},
		{"In Sarasota, Florida, President George W. Bush went for an early morning run.", "In Sarasota, Florida, President George W. Bush went for an early morning run."},
		{"Boston Center Air Traffic Control In the morning the controllers were busy.", "Boston Center Air Traffic Control\n\nIn the morning the controllers were busy."},
	}
	for _, tc := range tests {
		if got := splitGluedHeadings(tc.in); got != tc.want {
			t.Errorf("splitGluedHeadings(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
