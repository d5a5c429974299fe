package summarize

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/brief-cli/brief/internal/testcorpus"
)

func TestLanguageCode(t *testing.T) {
	tests := map[string]string{"en": "en", "EN": "en", "English": "en", "en-GB": "en", "zh-Hans": "zh", "russian": "ru", "klingon": "", "": ""}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			got, ok := LanguageCode(in)
			if got != want || ok != (want != "") {
				t.Errorf("LanguageCode(%q) = %q, %t; want %q", in, got, ok, want)
			}
		})
	}
}

func TestNewChecksLanguage(t *testing.T) {
	if _, err := New(Options{Engine: EngineExtractive, Language: "Klingon"}); err == nil {
		t.Error("an unknown language was accepted")
	}
	s, err := New(Options{Engine: EngineExtractive, Language: "Russian"})
	if err != nil || s.opt.Language != "ru" {
		t.Errorf("Russian: %v, %q", err, s.opt.Language)
	}
}

func TestSetAsideCrossScript(t *testing.T) {
	findings := func() *Brief {
		return &Brief{Verification: &Verification{Unsupported: []Unsupported{
			{Text: "Vladimir Putin", Kind: "name", Section: "Lead"},
			{Text: "“every address looks ahead”", Kind: "quote", Section: "Lead"},
			{Text: "4,321", Kind: "number", Section: "Lead"},
			{Text: "Путинн", Kind: "name", Section: "Lead"},
		}}}
	}
	tests := []struct {
		name, want, report string
		crossScript        int
	}{
		{"English brief of a Russian report", "Latin", "Cyrillic", 2},
		{"no --language", "", "Cyrillic", 0},
		{"same script", "Latin", "Latin", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := findings()
			b.setAsideCrossScript(tt.want, tt.report)
			v := b.Verification
			if len(v.CrossScript) != tt.crossScript || len(v.Unsupported)+len(v.CrossScript) != 4 {
				t.Fatalf("cross-script %v, unsupported %v", v.CrossScript, v.Unsupported)
			}
			for _, u := range v.Unsupported {
				if tt.crossScript > 0 && (u.Kind == "name" && u.Text == "Vladimir Putin") {
					t.Errorf("%q still unsupported", u.Text)
				}
			}
			if tt.crossScript > 0 && (v.ReportScript != "Cyrillic" || v.BriefScript != "Latin") {
				t.Errorf("scripts %q, %q", v.ReportScript, v.BriefScript)
			}
			md := b.Markdown(RenderOptions{})
			if strings.Contains(md, "## Not checked") != (tt.crossScript > 0) {
				t.Errorf("markdown:\n%s", md)
			}
		})
	}
}

func TestOfflineCannotTranslate(t *testing.T) {
	text := string(testcorpus.Read(t, "multilingual/ru-address-federal-assembly-2024-02-29.txt"))
	for _, tt := range []struct {
		lang string
		fail bool
	}{{"en", true}, {"zh", true}, {"ru", false}, {"", false}} {
		t.Run(tt.lang, func(t *testing.T) {
			s, err := New(Options{Engine: EngineExtractive, Language: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.Summarize(context.Background(), Input{Name: "ru.txt", Text: text})
			var le *LanguageError
			if tt.fail != errors.As(err, &le) || tt.fail && (le.Want != tt.lang || le.Report != "ru" || !errors.Is(err, ErrCannotTranslate)) {
				t.Errorf("err = %v", err)
			}
			if !tt.fail && err != nil {
				t.Fatal(err)
			}
		})
	}
}
