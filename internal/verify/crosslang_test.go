package verify

import (
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
	"github.com/brief-cli/brief/internal/textseg"
)

// TestCrossLanguage checks an English brief's figures and dates against a
// Russian and a Chinese report: the report writes them its own way
// ("450 тысяч", "1 января 2025", "一百万元").
func TestCrossLanguage(t *testing.T) {
	tests := []struct {
		file      string
		supported []string
		absent    []string
	}{
		{"multilingual/ru-address-federal-assembly-2024-02-29.txt",
			[]string{"At the birth of a third child the state pays off 450,000 roubles of the family's mortgage.", "From 1 January 2025 moratoriums on business inspections end."},
			[]string{"At the birth of a third child the state pays off 460,000 roubles of the family's mortgage.", "From 2 January 2025 moratoriums on business inspections end."}},
		{"multilingual/zh-prc-cybersecurity-law-2016.md",
			[]string{"Fines run from 10,000 yuan to 100,000 yuan, up to 1 million yuan.", "The law was adopted on 7 November 2016."},
			[]string{"Fines reach 7 million yuan.", "The law was adopted on 8 November 2016."}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := NewChecker(textseg.Segment(string(testcorpus.Read(t, tt.file))))
			for _, s := range tt.supported {
				for _, f := range c.Check([]Statement{{Section: "Lead", Text: s}}) {
					if f.Fact.Kind != KindName {
						t.Errorf("%q: %s %q not found", s, f.Fact.Kind, f.Fact.Text)
					}
				}
			}
			for _, s := range tt.absent {
				n := 0
				for _, f := range c.Check([]Statement{{Section: "Lead", Text: s}}) {
					if f.Fact.Kind != KindName {
						n++
					}
				}
				if n == 0 {
					t.Errorf("%q: a wrong figure passed", s)
				}
			}
		})
	}
}

func TestHanNumbers(t *testing.T) {
	tests := map[string]string{"一百万元": "1000000", "第二十一条": "21", "十五": "15", "二〇一六年": "2016", "五十万": "500000", "三亿五千万": "350000000", "百分之十五": "15%", "百分之五": "5%"}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			fs := extract(in, mode{source: true})
			for _, f := range fs {
				if (f.Kind == KindNumber || f.Kind == KindPercent) && f.Norm == want {
					return
				}
			}
			t.Errorf("extract(%q) = %v, want a number %s", in, fs, want)
		})
	}
}

// TestRussianFigures checks how a Russian report's figures normalize:
// decimal commas, scale words, percent words, month names.
func TestRussianFigures(t *testing.T) {
	tests := map[string]string{
		"18,5 тысячи зданий":   "number:18500",
		"1,5 млрд рублей":      "number:1500000000",
		"на 3,2 процента":      "percent:3.2%",
		"12 процентов":         "percent:12%",
		"450 тысяч рублей":     "number:450000",
		"29 февраля 2024 года": "date:2024-02-29",
		"с 1 января 2025":      "date:2025-01-01",
		"pages 1,2 and 3":      "number:1",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			var got []string
			for _, f := range extract(in, mode{source: true}) {
				got = append(got, string(f.Kind)+":"+f.Norm)
			}
			if len(got) == 0 || got[0] != want {
				t.Errorf("extract(%q) = %v, want %s first", in, got, want)
			}
		})
	}
}
