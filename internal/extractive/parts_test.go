package extractive

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

// TestLexRankMatchesDense checks the factorised power iteration against the
// textbook computation on an explicit similarity matrix.
func TestLexRankMatchesDense(t *testing.T) {
	doc := segment(readTestdata(t, "cisa-blog-2019-01-24.md"))
	tok := newTokenizer("en")
	var terms [][]int32
	for _, s := range doc.Sentences() {
		if ts := tok.appendTerms(nil, s.Text); len(ts) >= minTerms {
			terms = append(terms, ts)
		}
	}
	// An isolated sentence exercises the dangling-node path.
	terms = append(terms, tok.appendTerms(nil, "zebra xylophone quagmire"))
	m := buildMatrix(terms, tok.vocabSize())
	n := m.rows()
	prior := make([]float64, n)
	for i := range prior {
		prior[i] = 1 + 1/float64(i+1)
	}
	for _, p := range [][]float64{nil, prior} {
		got, err := lexRank(context.Background(), m, p)
		if err != nil {
			t.Fatal(err)
		}
		want := denseLexRank(m, p)
		var sum float64
		for i := range got {
			sum += got[i]
			if math.Abs(got[i]-want[i]) > 1e-9 {
				t.Fatalf("score %d: factorised %.12f, dense %.12f", i, got[i], want[i])
			}
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("scores sum to %v, want 1", sum)
		}
	}
}

func denseLexRank(m *matrix, prior []float64) []float64 {
	n := m.rows()
	v := make([]float64, n)
	var ps float64
	for i := range v {
		v[i] = 1
		if prior != nil {
			v[i] = prior[i]
		}
		ps += v[i]
	}
	for i := range v {
		v[i] /= ps
	}
	sim := make([][]float64, n)
	deg := make([]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
		for j := range sim[i] {
			if i != j {
				sim[i][j] = m.dot(i, j)
				deg[i] += sim[i][j]
			}
		}
	}
	p := append([]float64(nil), v...)
	for iter := 0; iter < 1000; iter++ {
		next := make([]float64, n)
		var dangling float64
		for i := 0; i < n; i++ {
			if deg[i] < 1e-12 {
				dangling += p[i]
				continue
			}
			for j := 0; j < n; j++ {
				next[j] += p[i] * sim[i][j] / deg[i]
			}
		}
		for j := range next {
			next[j] = (1-damping)*v[j] + damping*(next[j]+dangling*v[j])
		}
		p = next
	}
	return p
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The agency said that the attack was detected on Monday and that it is working with partners.", "en"},
		{"Le gouvernement a annoncé que les mesures de sécurité sont renforcées dans la région.", "fr"},
		{"Die Regierung hat die Maßnahmen für die Sicherheit der Bürger nicht verschärft und ist besorgt.", "de"},
		{"El gobierno anunció que las medidas de seguridad se reforzarán en la región por el ataque.", "es"},
		{"Правительство объявило, что меры безопасности будут усилены в регионе.", "ru"},
		{"Уряд оголосив, що заходи безпеки будуть посилені в регіоні, і це є важливим.", "uk"},
		{"国家采取措施，监测、防御、处置网络安全风险和威胁。", "zh"},
		{"政府は、サイバー攻撃への対策を強化すると発表しました。", "ja"},
		{"정부는 사이버 공격에 대한 대책을 강화한다고 발표했다.", "ko"},
		{"أعلنت الحكومة أن الإجراءات الأمنية ستعزز في المنطقة.", "ar"},
		{"1234 5678 — 90 %", "und"},
		{"", "und"},
		{"Xyzzy plugh qwerty zxcvb asdfg.", "und"},
	}
	for _, tc := range tests {
		t.Run(tc.want+"/"+firstWords(tc.text), func(t *testing.T) {
			if got := detectLanguage(tc.text); got != tc.want {
				t.Errorf("detectLanguage(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func firstWords(s string) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(2, len(f))], " ")
}

func TestClassify(t *testing.T) {
	tests := []struct {
		lang    string
		refYear int
		text    string
		want    section
	}{
		{"en", 2019, "DNS is part of the global internet infrastructure that translates between names and numbers.", secBackground},
		{"en", 2019, "The campaign began in 2017, when attackers first obtained access to registrar accounts.", secBackground},
		{"en", 2019, "Previously, the agency had relied on voluntary guidance.", secBackground},
		{"en", 2020, "Affected agencies shall immediately disconnect or power down SolarWinds Orion products from their network.", secResponse},
		{"en", 2020, "3. By noon on Monday, submit a report to CISA using the provided template.", secResponse},
		{"en", 2020, "b. Identify and remove all threat actor-controlled accounts and identified persistence mechanisms.", secResponse},
		{"en", 2019, "On Tuesday, I released an emergency directive directing agencies to take immediate actions in response to the campaign.", secResponse},
		{"en", 2019, "Police arrested two suspects and the ministry announced new sanctions.", secResponse},
		{"en", 2019, "This will help defenders notice if someone is attempting to impersonate them.", secImplications},
		{"en", 2019, "The attack could disrupt operations and is likely to increase the risk to critical infrastructure.", secImplications},
		{"en", 2019, "By 2030 the demand for analysts is projected to double.", secImplications},
		{"en", 2016, "In late July 2016, a foreign government contacted the FBI about a May 2016 encounter.", secBackground},
		{"ru", 0, "В прошлом году в России зарегистрировано миллион новых компаний.", secBackground},
		{"ru", 0, "Правительство приняло решение и выделит дополнительно 190 миллиардов рублей.", secResponse},
		{"ru", 0, "В ближайшие годы это создаст новые риски и угрозы для экономики.", secImplications},
	}
	for _, tc := range tests {
		t.Run(tc.lang+"/"+firstWords(tc.text), func(t *testing.T) {
			if got := cueSets()[tc.lang].classify(tc.text, tc.refYear); got != tc.want {
				t.Errorf("classify(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestFactStrength(t *testing.T) {
	tests := []struct {
		text    string
		atLeast float64
		below   float64
	}{
		{"Over 90 percent of the nation's $5.3 billion annual investment goes to aviation.", 4, 99},
		{"On June 14, 2017, the media reported on the investigation.", 1.5, 99},
		{"The task force has over 400 members from 50 agencies.", 1, 99},
		{"с 2018 по 2022 год число семей выросло на 26,8 процента.", 3, 99},
		{"处十万元以上一百万元以下罚款。", 2, 99},
		{"The agencies studied (1) trust and (2) funding.", 0, 1},
		{"Attacks have caused significant damage.1", 0, 1},
		{"No figures in this sentence at all.", 0, 0.01},
	}
	for _, tc := range tests {
		t.Run(firstWords(tc.text), func(t *testing.T) {
			got := factStrength(tc.text)
			if got < tc.atLeast || got >= tc.below {
				t.Errorf("factStrength(%q) = %v, want in [%v, %v)", tc.text, got, tc.atLeast, tc.below)
			}
		})
	}
}

func TestTokenizer(t *testing.T) {
	tok := newTokenizer("en")
	terms := func(s string) []string {
		var out []string
		for _, id := range tok.appendTerms(nil, s) {
			for k, v := range tok.vocab {
				if v == id {
					out = append(out, k)
				}
			}
		}
		return out
	}
	if got, want := strings.Join(terms("The agencies' DNS records were hijacked in 2019, um, yeah."), " "), "agency dns record hijack"; got != want {
		t.Errorf("English terms %q, want %q", got, want)
	}
	zh := newTokenizer("zh")
	if got := len(zh.appendTerms(nil, "网络安全法")); got != 4 {
		t.Errorf("5 Han characters gave %d terms, want 4 bigrams", got)
	}
	if got := len(zh.appendTerms(nil, "法")); got != 1 {
		t.Errorf("1 Han character gave %d terms, want 1", got)
	}
}

func TestAnaphoricOpeners(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"More recently, the Congress and the President have sought to remedy longstanding issues.", true},
		{"As I stated earlier, it could take 5 to 10 years to fully implement this reorganization.", true},
		{"About this same time Sweeney reported to Woodward that something was wrong.", true},
		{"Seconds later she said the plane was flying low.", true},
		{"Shortly after that, the controller called NEADS.", true},
		{"On June 6th, the President announced a proposal to establish a Department of Homeland Security.", false},
		{"Shortly before 9:10, American headquarters concluded that the second aircraft might have been Flight 77.", false},
		{"As of May 2025, EM estimated that the remaining cleanup work would cost more than half a trillion dollars.", false},
	}
	for _, tc := range tests {
		t.Run(firstWords(tc.text), func(t *testing.T) {
			if got := isAnaphoric(tc.text); got != tc.want {
				t.Errorf("isAnaphoric(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestByline(t *testing.T) {
	const by = "By Christopher Krebs, Director" // as docread finds it
	doc := segment(readTestdata(t, "cisa-blog-2019-01-24.md"))
	r := Summarize(doc, Options{Byline: by})
	if len(r.Lead) == 0 || !firstPersonRe().MatchString(r.Lead[0].Text) {
		t.Fatalf("the blog's lead should be its first-person opening, got %+v", r.Lead)
	}
	if r.Byline != by {
		t.Errorf("byline %q, want the post's \"By Christopher Krebs, Director\"", r.Byline)
	}
	ed := Summarize(segment(readTestdata(t, "cisa-ed-21-01.md")), Options{Byline: by})
	if ed.Byline != "" {
		t.Errorf("a lead without \"I\" needs no byline, got %q", ed.Byline)
	}
}

func TestIsTitleHeading(t *testing.T) {
	tests := []struct {
		h    string
		want bool
	}{
		{"DOD Offers Resources for Small Companies in Meeting Cybersecurity Requirements", true}, // GAO-26-107955
		{"Factors Critical to Successful Information Sharing", true},                             // GAO-02-24
		{", Roger Stone, and", false}, // Mueller report, OCR
		{"iii. Michael Flynn", false},
		{"Analysis", false},
	}
	for _, tc := range tests {
		t.Run(tc.h, func(t *testing.T) {
			if got := isTitleHeading(tc.h); got != tc.want {
				t.Errorf("isTitleHeading(%q) = %v, want %v", tc.h, got, tc.want)
			}
		})
	}
}

// TestNoThemeFromLetterFurniture: the "Letter" label and the addressee
// above a GAO report's body (GAO-26-107955) head no thematic section; a
// real heading further on does.
func TestNoThemeFromLetterFurniture(t *testing.T) {
	const body = "The Department of Defense (DOD) relies on approximately 200,000 defense industrial base (DIB) private companies for goods and services ranging from weapon systems to maintenance."
	tests := []struct {
		name, text, theme string
	}{
		{"letter label", "Letter\n\nMarch 12, 2026\n\n" + body, ""},
		{"addressee", "Letter\n\nMarch 12, 2026\n\nCongressional Committees\n\n" + body, ""},
		{"addressee alone", "Some opening text of the report in a sentence.\n\nCongressional Committees\n\n" + body, ""},
		// GAO-07-283 (HTML): the letterhead above the letter.
		{"letterhead", "Some opening text of the report in a sentence.\n\nUnited States Government Accountability Office Washington, DC 20548\n\n" + body, ""},
		{"real heading", "Some opening text of the report in a sentence.\n\nDOD Offers Resources for Small Companies in Meeting Cybersecurity Requirements\n\n" + body,
			"DOD Offers Resources for Small Companies in Meeting Cybersecurity Requirements"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sents := collectSentences(segment(tc.text))
			last := sents[len(sents)-1]
			if last.text != body {
				t.Fatalf("last sentence %q, want the body sentence", last.text)
			}
			if got := last.themeText; isThemeHeading(got) != (tc.theme != "") || tc.theme != "" && got != tc.theme {
				t.Errorf("theme %q (a section: %v), want %q", last.themeText, isThemeHeading(last.themeText), tc.theme)
			}
		})
	}
}

// TestMethodologyPrefilter: the cheap word test in front of methodRe never
// turns a match away, on every sentence of the corpus cases and on
// sentences written to reach each of its alternatives.
func TestMethodologyPrefilter(t *testing.T) {
	sents := []string{
		"We (1) reviewed the plans.", "GAO also interviewed officials.", "I met with staff.",
		"We conducted this performance audit from May to June.",
		"We conducted our work in accordance with generally accepted government auditing standards.",
		"Our objectives were to describe the program.", "Our scope was limited.",
		"To determine the costs of the program, we analyzed data.",
		"GAO was asked to look at the program.", "We used a survey instrument to collect responses.",
		"This report examines three questions.", "The testimony describes progress.",
		"WE SPOKE WITH OFFICIALS.", "We compared the figures.",
	}
	if dir := testcorpus.Find(); dir != "" { // without it, the written sentences alone
		for _, tc := range corpusCases {
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range segment(string(data)).Paragraphs {
				sents = append(sents, p.Sentences...)
			}
		}
	}
	matched := 0
	for _, s := range sents {
		if want := methodRe().MatchString(s); isMethodology(s) != want {
			t.Errorf("isMethodology(%q) = %v, methodRe says %v", s, !want, want)
		} else if want {
			matched++
		}
	}
	if matched < 14 {
		t.Errorf("only %d of %d sentences are methodology; the written ones alone are 14", matched, len(sents))
	}
}
