package verify

import (
	"fmt"
	"strings"
	"testing"
)

// kn is a fact as "kind:norm".
func kn(facts []Fact) []string {
	out := make([]string, len(facts))
	for i, f := range facts {
		out[i] = string(f.Kind) + ":" + f.Norm
	}
	return out
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		// numbers
		{"thousands separators", "18,000 customers, 18 000 users, 18000 hosts", []string{"number:18000", "number:18000", "number:18000"}},
		{"decimals and trailing zeros", "a ratio of 3.50 and 0.25", []string{"number:3.5", "number:0.25"}},
		{"scale words", "about 1.2 million records and 3 billion rows", []string{"number:~1200000", "number:3000000000"}},
		{"glued scale", "a 2.5bn budget", []string{"number:2500000000"}},
		{"number words", "twenty-five agents and two dogs", []string{"number:25", "number:2"}},
		{"compound number words", "one hundred and five days", []string{"number:105 day"}},
		{"number word scale", "two million people", []string{"number:2000000"}},
		{"lone one is no figure", "one of the most important issues; no one came", nil},
		{"fractions are no figures", "two-thirds of agencies", nil},
		{"ordinal words are no figures", "the first and second waves of the twenty-first century", nil},
		{"ordinals in digits", "the 21st century", []string{"number:21"}},
		{"units", "3 hours, a 33-year-old man, seven-minute delay, 15km, 64GB, 40 mph", []string{"number:3 hour", "number:33 year", "number:7 minute", "number:15 km", "number:64 gb", "number:40 mph"}},
		{"unit ranges", "3-5 years and 3 to 5 days", []string{"number:3 year", "number:5 year", "number:3 day", "number:5 day"}},
		{"hedged", "more than 18,000 and nearly 40 percent", []string{"number:~18000", "percent:~40%"}},
		{"list numbers are no figures", "1. First item\n2. Second item with 7 dogs", []string{"number:7"}},
		// an ED 21-01 item run into the text, as an extract or a model may write it
		{"an enumerator run into the text is no figure", "Agencies shall keep hosts disconnected pending consultation with CISA. 4. For Category 2 networks, provide an update on the incident to CISA.", []string{"name:cisa", "name:category", "number:2", "name:cisa"}},
		{"an item opening the statement is no figure", "2. Affected agencies shall immediately disconnect or power down SolarWinds Orion products.", []string{"name:solarwinds orion"}},
		{"a figure ending a sentence still is one", "The directive listed 4. Agencies complied.", []string{"number:4"}},
		// percent
		{"percent forms", "10%, 10 percent, 10 per cent, 10 pct, 3.50 percent", []string{"percent:10%", "percent:10%", "percent:10%", "percent:10%", "percent:3.5%"}},
		{"percent range", "10-15% of hosts", []string{"percent:10%", "percent:15%"}},
		// money
		{"money sign", "$2.5 billion and $1.2M and $500", []string{"money:USD 2500000000", "money:USD 1200000", "money:USD 500"}},
		{"money words", "2.5 billion dollars and 5 million euros", []string{"money:USD 2500000000", "money:EUR 5000000"}},
		{"money codes", "US$ 3 million, USD 1,200, €5 million, £40", []string{"money:USD 3000000", "money:USD 1200", "money:EUR 5000000", "money:GBP 40"}},
		{"money range", "$5-10 million", []string{"money:USD 5000000", "money:USD 10000000"}},
		{"money hedged", "about $3 billion", []string{"money:~USD 3000000000"}},
		// dates
		{"month day year", "January 24, 2019", []string{"date:2019-01-24"}},
		{"day month year", "24 January 2019", []string{"date:2019-01-24"}},
		{"iso", "2019-01-24", []string{"date:2019-01-24"}},
		{"abbreviated", "Jan. 24, 2019 and Sept. 11, 2001", []string{"date:2019-01-24", "date:2001-09-11"}},
		{"weekday", "Tuesday, September 11, 2001", []string{"date:2001-09-11"}},
		{"ordinal day", "on January 22nd and the 22nd of January", []string{"date:--01-22", "date:--01-22"}},
		{"us numeric", "1/24/2019 and 1/24/19", []string{"date:2019-01-24", "date:2019-01-24"}},
		{"dotted", "24.01.2019", []string{"date:2019-01-24"}},
		{"month year", "January 2019 and March of 2020", []string{"date:2019-01", "date:2020-03"}},
		{"month alone", "in March the agency acted", []string{"date:--03"}},
		{"may alone is no date", "agencies May act", []string{"name:may"}[:0]},
		{"bare year", "in 2019 and 1999", []string{"date:2019", "date:1999"}},
		{"year span", "2001-2004", []string{"date:2001", "date:2004"}},
		{"decade", "the 1990s", []string{"date:1990s"}},
		{"weekday alone", "on Tuesday", []string{"date:tuesday"}},
		{"cjk", "2016年11月7日通过", []string{"date:2016-11-07"}},
		{"invalid date", "February 30, 2019", []string{"number:30", "date:2019"}},
		// times
		{"times", "at 10 a.m., 10am, 14:30, 8:46:40, 6:00 A.M.", []string{"time:10:00 am", "time:10:00 am", "time:2:30 pm", "time:8:46", "time:6:00 am"}},
		// codes
		{"codes", "GAO-02-957T, COVID-19, APT29, ED 21-01, F-16s", []string{"code:gao02957t", "code:covid19", "code:apt29", "name:ed", "code:2101", "code:f16s"}},
		{"slashes and versions", "9/11, 24/7, version 2020.2.1, 192.168.1.1, 5G", []string{"code:911", "code:247", "code:202021", "code:19216811", "code:5g"}},
		// quotes
		{"quotes", `he said "we know enough", «ceci», „das“, ‘single’, “curly”`, []string{"quote:we know enough", "quote:ceci", "quote:das", "quote:single", "quote:curly"}},
		{"apostrophes are no quotes", "it’s the agency’s call", nil},
		{"quote hides its facts", `said Krebs: “CISA acted on January 22”`, []string{"name:krebs", "quote:cisa acted on january 22"}},
		{"ellipsis in quote", `“we know … to be concerned”`, []string{"quote:we know | to be concerned"}},
		// names
		{"multi-word names", "the Department of Homeland Security and the SVR", []string{"name:department of homeland security", "name:svr"}},
		{"acronym then name split", "as CISA Director Christopher Krebs said", []string{"name:cisa", "name:christopher krebs"}},
		{"possessive", "blamed Russia's SVR", []string{"name:russia", "name:svr"}},
		{"connectors", "Marwan al Shehhi met Abdul Aziz al Omari.", []string{"name:marwan al shehhi", "name:abdul aziz al omari"}},
		{"and splits names", "Atta and Omari", []string{"name:omari"}},
		{"hyphenated", "Rolls-Royce and al-Qaeda", []string{"name:rolls royce", "name:qaeda"}},
		{"honorifics and titles", "then Mr. Krebs met President George W. Bush", []string{"name:krebs", "name:george w bush"}},
		{"dotted acronym", "the U.S. government", []string{"name:us"}},
		{"sentence openers", "The Pentagon was hit. However, officials said. In Sarasota, Bush read.", []string{"name:pentagon", "name:sarasota", "name:bush"}},
		{"section words", "Key facts: Background: Implications of the Response", nil},
		{"initial name kept when repeated", "Atta boarded. Later, Atta called.", []string{"name:atta", "name:atta"}},
		{"initial name dropped when alone", "Atta boarded.", nil},
		{"name list", "Hijackers: Mohamed Atta, Abdul Aziz al Omari, Satam al Suqami", []string{"name:mohamed atta", "name:abdul aziz al omari", "name:satam al suqami"}},
		{"month abbreviation ends a name", "then Agency Jan. 5", []string{"name:agency", "date:--01-05"}},
		{"initial word dropped", "Officials boarded the plane.", nil},
		{"mixed case", "the SolarWinds platform and iPhone", []string{"name:solarwinds", "name:iphone"}},
		{"headline", "SolarWinds Orion Compromise Prompts Emergency Directive", []string{"name:solarwinds"}},
		{"caps heading", "WE HAVE SOME PLANES", nil},
		{"cyrillic", "Вчера выступил Президент России Путин", []string{"name:президент россии путин"}},
		// skipped
		{"urls and mail", "see https://www.cisa.gov/ed-19-01 or mail help@cisa.dhs.gov", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := kn(Extract(tt.in))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Extract(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestExtractTextAndOffset(t *testing.T) {
	in := "On Jan. 24, 2019, Russia's SVR stole $1.2M from 18,000 users, saying “done”."
	want := map[string]Kind{"Jan. 24, 2019": KindDate, "Russia": KindName, "SVR": KindName, "$1.2M": KindMoney, "18,000": KindNumber, "done": KindQuote}
	facts := Extract(in)
	if len(facts) != len(want) {
		t.Fatalf("got %d facts %q, want %d", len(facts), kn(facts), len(want))
	}
	for _, f := range facts {
		if want[f.Text] != f.Kind {
			t.Errorf("fact %q kind %s, want %s", f.Text, f.Kind, want[f.Text])
		}
		if in[f.Offset:f.Offset+len(f.Text)] != f.Text {
			t.Errorf("fact %q: offset %d points at %q", f.Text, f.Offset, in[f.Offset:f.Offset+len(f.Text)])
		}
	}
}

func TestCanon(t *testing.T) {
	tests := []struct {
		ip, fp string
		shift  int
		want   string
	}{
		{"3", "50", 0, "3.5"}, {"1", "2", 6, "1200000"}, {"007", "", 0, "7"}, {"0", "5", 0, "0.5"},
		{"2", "5", 9, "2500000000"}, {"1", "25", 1, "12.5"}, {"0", "", 0, "0"}, {"5", "", -2, "0.05"},
	}
	for _, tt := range tests {
		if got := canon(tt.ip, tt.fp, tt.shift); got != tt.want {
			t.Errorf("canon(%q, %q, %d) = %q, want %q", tt.ip, tt.fp, tt.shift, got, tt.want)
		}
	}
}

func TestRoundsTo(t *testing.T) {
	tests := []struct {
		v    float64
		x    string
		want bool
	}{
		{1327431, "1300000", true}, {1327431, "1400000", false}, {18432, "18000", true},
		{17800, "18000", true}, {18600, "18000", false}, {39.6, "40", true}, {39.4, "40", false},
		{40, "40", false}, // equal values match exactly, not by rounding
	}
	for _, tt := range tests {
		if got := roundsTo(tt.v, tt.x); got != tt.want {
			t.Errorf("roundsTo(%v, %q) = %v, want %v", tt.v, tt.x, got, tt.want)
		}
	}
}

func TestStatementSpans(t *testing.T) {
	long := strings.Repeat("word ", 130) + "end."
	tests := []struct {
		in   string
		want []string
	}{
		{"First sentence by Mr. Smith of the U.S. government. Second one\nwrapped on two lines! George W. Bush spoke at 8 a.m. Then left.",
			[]string{"First sentence by Mr. Smith of the U.S. government.", "Second one wrapped on two lines!", "George W. Bush spoke at 8 a.m.", "Then left."}},
		{"网络安全。第二句。", []string{"网络安全。", "第二句。"}},
		// a run over maxSentenceWords is cut into pieces
		{long, []string{strings.TrimSpace(strings.Repeat("word ", 60)), strings.TrimSpace(strings.Repeat("word ", 60)), "word word word word word word word word word word end."}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range statementSpans(tt.in) {
			got = append(got, s.text)
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("statementSpans(%.40q) =\n%s\nwant\n%s", tt.in, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}

func TestSentenceSpansOffsets(t *testing.T) {
	doc := segment("# Heading line\n\nFirst one. Second one.\n\nThird.")
	var got []string
	for _, s := range sentenceSpans(doc) {
		got = append(got, fmt.Sprintf("%d:%s", s.start, s.text))
	}
	want := "0:Heading line|14:First one.|25:Second one.|38:Third."
	if strings.Join(got, "|") != want {
		t.Errorf("got %s, want %s", strings.Join(got, "|"), want)
	}
}

func ExampleExtract() {
	for _, f := range Extract("On Jan. 22, 2019, CISA ordered 99 agencies to act within 10 days, citing “an active attacker”.") {
		fmt.Printf("%s %q %s\n", f.Kind, f.Text, f.Norm)
	}
	// Output:
	// date "Jan. 22, 2019" 2019-01-22
	// name "CISA" cisa
	// number "99" 99
	// number "10 days" 10 day
	// quote "an active attacker" an active attacker
}

// FuzzExtract checks that Extract never panics, that every fact's text is
// where its offset says, and that the checker copes with any input.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"On Jan. 24, 2019, Russia's SVR stole $1.2M from 18,000 users.",
		"“quote” «x» „y“ ‘z’ \"w\" 10-15% 3-5 years 2001-2004 9/11 F-16s",
		"1. item\n2. item\n\n## Heading\nTwenty-five people; one hundred and five days",
		"2016年11月7日 8:46:40 a.m. 192.168.1.1 GAO-02-957T https://x.y/z a@b.c",
		"U.S. W. Bush O'Brien’s al-Qaeda $ € 5 per cent", "\"unclosed", "'", "9", "A.", "",
	} {
		f.Add(s)
	}
	c := NewChecker(segment("On January 24, 2019, CISA ordered agencies to act within 10 days. Russia's SVR was blamed."))
	f.Fuzz(func(t *testing.T, s string) {
		facts := Extract(s)
		for _, fa := range facts {
			if fa.Offset < 0 || fa.Offset+len(fa.Text) > len(s) || s[fa.Offset:fa.Offset+len(fa.Text)] != fa.Text {
				t.Fatalf("fact %+v is not at its offset in %q", fa, s)
			}
			if !strings.Contains(s, fa.Text) || fa.Text == "" {
				t.Fatalf("fact text %q not a substring of %q", fa.Text, s)
			}
			c.Supported(fa)
		}
		c.Check([]Statement{{Text: s}})
		NewChecker(segment(s))
	})
}
