package verify

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// supportedFacts reports whether every fact of brief is supported by a
// checker over source.
func allSupported(t *testing.T, c *Checker, brief string) (bool, []string) {
	t.Helper()
	facts := Extract(brief)
	if len(facts) == 0 {
		t.Fatalf("no fact in %q", brief)
	}
	ok := true
	var missing []string
	for _, f := range facts {
		if !c.Supported(f) {
			ok = false
			missing = append(missing, f.Text)
		}
	}
	return ok, missing
}

func TestNormalizationPairs(t *testing.T) {
	// each brief phrase must be found in its source phrase, written
	// differently
	pairs := []struct{ source, brief string }{
		{"The breach hit 18,000 customers.", "18 000 customers"},
		{"The breach hit 18,000 customers.", "18000 customers"},
		{"The breach hit 18 000 customers.", "18,000 customers"},
		{"It hit eighteen thousand customers.", "18,000 customers"},
		{"Two agencies acted.", "2 agencies"},
		{"2 agencies acted.", "two agencies"},
		{"It lasted twenty-five days.", "25 days"},
		{"It cost 1,200,000 dollars.", "1.2 million dollars"},
		{"It cost $1.2 million.", "$1.2M"},
		{"It cost $1.2M.", "1,200,000 dollars"},
		{"It cost $2.5 billion.", "2.5 billion dollars"},
		{"The budget was 2.5 billion dollars.", "$2.5bn"},
		{"Shares rose 3.50 percent.", "3.5%"},
		{"Shares rose 10%.", "10 percent"},
		{"Shares rose 10 per cent.", "10%"},
		{"Shares rose 39.6 percent.", "about 40%"},
		{"It had 1,327,431 bytes.", "1.3 million bytes"},
		{"On January 24, 2019, CISA wrote.", "24 January 2019"},
		{"On January 24, 2019, CISA wrote.", "2019-01-24"},
		{"On January 24, 2019, CISA wrote.", "Jan. 24, 2019"},
		{"On 24 January 2019, CISA wrote.", "January 24, 2019"},
		{"On 2019-01-24 CISA wrote.", "the 24th of January"},
		{"On Tuesday January 22nd, I released it. We wrote in 2019.", "January 22, 2019"},
		{"On January 24, 2019, CISA wrote.", "in 2019"},
		{"On January 24, 2019, CISA wrote.", "January 2019"},
		{"It happened in 2019.", "2019"},
		{"It happened in the 1990s.", "the 1990s"},
		{"It happened in 1994.", "the 1990s"},
		{"It happened on a Tuesday.", "on Tuesday"},
		{"At 8:46:40, American 11 crashed.", "8:46 a.m."},
		{"At 8:46 a.m. it crashed.", "8:46"},
		{"By 12pm EST agencies reported.", "12:00 p.m."},
		{"At 14:30 the call came.", "2:30 pm"},
		{"ED 21-01 was issued.", "ED 21–01"},
		{"COVID-19 spread.", "COVID19"},
		{"Russia's SVR did it.", "the Russian SVR"},
		{"The Russian SVR did it.", "Russia's SVR"},
		{"The Chinese government denied it.", "China"},
		{"Emergency Directives were issued.", "the Emergency Directive"},
		{"The Department of Homeland Security acted.", "DHS"},
		{"Eastern Standard Time applies.", "EST"},
		{"He said we know enough to be concerned, and acted.", "“We know enough to be concerned”"},
		{"He said we know enough to be concerned, and acted.", "\"we know enough … concerned\""},
		{"He wrote that the agency's networks were hit.", "«the agency’s networks were hit»"},
		{"George W. Bush spoke.", "President George W. Bush"},
		{"Mr. Atta boarded.", "then Atta boarded"},
	}
	for _, p := range pairs {
		t.Run(p.brief, func(t *testing.T) {
			c := NewChecker(segment(p.source))
			if ok, missing := allSupported(t, c, "Then "+p.brief+"."); !ok {
				t.Errorf("%q not found in %q (missing %q; facts %q)", p.brief, p.source, missing, kn(Extract("Then "+p.brief+".")))
			}
		})
	}
}

func TestSupportedFalse(t *testing.T) {
	// each brief phrase has a fact its source does not support
	pairs := []struct{ source, brief string }{
		{"The breach hit 18,000 customers.", "19,000 customers"},
		{"The breach hit 18,000 customers.", "1,800 customers"},
		{"Two agencies acted.", "three agencies"},
		{"It cost $1.2 million.", "$1.3M"},
		{"It cost $1.2 million.", "1.2 billion dollars"},
		{"Shares rose 3.5 percent.", "3.6%"},
		{"Shares rose 39.4 percent.", "40%"},
		{"It lasted 3 hours.", "3 days"},
		{"On January 24, 2019, CISA wrote.", "January 25, 2019"},
		{"On January 24, 2019, CISA wrote.", "February 24, 2019"},
		{"On January 24, 2019, CISA wrote.", "January 24, 2018"},
		{"On January 24, 2019, CISA wrote.", "in 2018"},
		{"On January 24, 2019 we wrote. In 2018 too.", "January 24, 2018"},
		{"It happened on a Tuesday.", "on Wednesday"},
		{"At 8:46 a.m. it crashed.", "8:46 p.m."},
		{"At 8:46 a.m. it crashed.", "8:47"},
		{"ED 21-01 was issued.", "ED 21-02"},
		{"Russia's SVR did it.", "Russia's GRU"},
		{"The SVR did it.", "Iran"},
		{"Mohamed Atta boarded.", "Marwan al Shehhi"},
		{"The Department of Homeland Security acted.", "the Department of Defense"},
		{"The national security systems are exempt.", "the National Security Agency"},
		{"He said we know enough to be concerned, and acted.", "“we know we must act”"},
		{"He said we know enough to be concerned, and acted.", "“we know enough … to act”"},
		{"He said we know enough to be concerned, and acted.", "“to be concerned … we know enough”"},
	}
	for _, p := range pairs {
		t.Run(p.brief, func(t *testing.T) {
			c := NewChecker(segment(p.source))
			if ok, _ := allSupported(t, c, "Then "+p.brief+"."); ok {
				t.Errorf("%q wrongly found in %q (facts %q)", p.brief, p.source, kn(Extract("Then "+p.brief+".")))
			}
		})
	}
}

func TestCheck(t *testing.T) {
	source := `# Emergency Directive 19-01
January 24, 2019

On Tuesday January 22nd, CISA released Emergency Directive 19-01 after FireEye researchers reported a DNS hijacking campaign. Agencies had 10 business days to audit their DNS records.

Separately, Cisco Talos reported related activity in late 2018. Christopher Krebs leads CISA.`
	c := NewChecker(segment(source))
	tests := []struct {
		name string
		text string
		want []string // Text of each finding, with "~" before those found elsewhere
	}{
		{"true", "CISA released Emergency Directive 19-01 on January 22, 2019 after FireEye researchers reported a DNS hijacking campaign.", nil},
		{"dateline", "On January 24, 2019, agencies had 10 business days to audit DNS records.", nil},
		{"invented figure", "Agencies had 15 business days to audit their DNS records.", []string{"15 business days"}[:0:0]},
		{"swapped researchers", "CISA released Emergency Directive 19-01 after Talos researchers reported a DNS hijacking campaign.", []string{"~Talos"}},
		{"invented name", "CISA released Emergency Directive 19-01 after Mandiant researchers reported a DNS hijacking campaign.", []string{"Mandiant"}},
		{"invented quote", "Krebs said “we will never give up”.", []string{"we will never give up"}},
		{"repeated fact once", "Agencies had 15 days, yes 15 days, to audit DNS records.", []string{"15 days"}},
	}
	// "15 business days": the unit is "day" only right after the figure
	tests[2].want = []string{"15"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range c.Check([]Statement{{Section: "Background", Text: tt.text}}) {
				s := f.Fact.Text
				if f.Elsewhere {
					s = "~" + s
				}
				got = append(got, s)
				if f.Section != "Background" || f.Statement != tt.text {
					t.Errorf("finding %+v lost its statement", f)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Check(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestCheckInitialWords(t *testing.T) {
	c := NewChecker(segment("Atta boarded the plane in Boston. Officials said the plane left Boston. Overall the report is long."))
	tests := []struct {
		text string
		want []string
	}{
		{"Atta boarded in Boston.", nil},
		{"Shehhi boarded in Boston.", []string{"Shehhi"}},  // a name the source lacks
		{"Officials said the plane left Boston.", nil},     // a common word the source has
		{"Overall, the plane left Boston.", nil},           // a sentence opener
		{"Investigators said the plane left Boston.", nil}, // a common word by its ending
		{"Furthermore, Microsoft said the plane left.", []string{"Microsoft"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range c.Check([]Statement{{Text: tt.text}}) {
			got = append(got, f.Fact.Text)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Check(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func ExampleChecker_Check() {
	c := NewChecker(segment("On January 22, 2019, CISA issued Emergency Directive 19-01. FireEye researchers had revealed a global DNS hijacking campaign. Cisco Talos reported on it in late 2018."))
	findings := c.Check([]Statement{
		{Section: "Lead", Text: "CISA issued Emergency Directive 19-01 on January 23, 2019."},
		{Section: "Background", Text: "Cisco Talos researchers had revealed a global DNS hijacking campaign."},
	})
	for _, f := range findings {
		where := "not in the source"
		if f.Elsewhere {
			where = "in the source, but not here"
		}
		fmt.Printf("%s: %s %q: %s\n", f.Section, f.Fact.Kind, f.Fact.Text, where)
	}
	// Output:
	// Lead: date "January 23, 2019": not in the source
	// Background: name "Cisco Talos": in the source, but not here
}

func TestConcurrentCheck(t *testing.T) {
	c := NewChecker(segment(string(testcorpus.Read(t, "news/cisa-blog-2019-01-24-why-cisa-issued-first-emergency-directive.md"))))
	st := []Statement{{Text: "Microsoft researchers revealed the campaign in late 2017."}}
	done := make(chan int)
	for range 4 {
		go func() { done <- len(c.Check(st)) }()
	}
	for range 4 {
		if n := <-done; n != 2 {
			t.Errorf("concurrent Check found %d, want 2", n)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	text := strings.Repeat("On January 22, 2019, CISA Director Christopher Krebs ordered 99 agencies to act within 10 days on a campaign that cost $1.2 million, citing “an active attacker”. ", 10)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Extract(text)
	}
}

func BenchmarkNewChecker(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(testcorpus.Dir(b), "reports", "mueller-report-2019-ocr.txt"))
	if err != nil {
		b.Fatal(err)
	}
	doc := segment(string(raw)) // the pipeline has it already
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		NewChecker(doc)
	}
}

// BenchmarkCheck checks a brief of 20 statements against the Mueller
// report.
func BenchmarkCheck(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(testcorpus.Dir(b), "reports", "mueller-report-2019-ocr.txt"))
	if err != nil {
		b.Fatal(err)
	}
	c := NewChecker(segment(string(raw)))
	base := []string{
		"The Internet Research Agency used social media accounts to interfere in the 2016 presidential election.",
		"Russian military intelligence (GRU) hacked the Clinton campaign and released stolen documents through WikiLeaks in July 2016.",
		"The investigation did not establish that members of the Trump Campaign conspired with the Russian government.",
		"Michael Cohen pursued the Trump Tower Moscow project into June 2016, according to the report.",
		"Special Counsel Robert S. Mueller, III submitted the report in March 2019.",
	}
	var st []Statement
	for i := range 20 {
		st = append(st, Statement{Section: "Background", Text: base[i%len(base)]})
	}
	b.ResetTimer()
	for b.Loop() {
		c.Check(st)
	}
}
