package terms

import (
	"slices"
	"testing"
)

func TestStemmers(t *testing.T) {
	same := [][]string{
		{"directed", "directs", "directing", "direct"},
		{"agencies", "agency"},
		{"required", "requires", "requiring", "require"},
		{"issued", "issues", "issue"},
		{"stopped", "stopping", "stop"},
		{"create", "created", "creating"}, {"hijacked", "hijacking"}, {"passes", "pass"},
	}
	for _, group := range same {
		for _, w := range group[1:] {
			if a, b := StemEnglish(group[0]), StemEnglish(w); a != b {
				t.Errorf("StemEnglish(%q) = %q but StemEnglish(%q) = %q", group[0], a, w, b)
			}
		}
	}
	ru := [][]string{
		{"безопасности", "безопасность"},
		{"регионам", "регионов", "регионы"},
		{"развития", "развитие"},
	}
	for _, group := range ru {
		for _, w := range group[1:] {
			if a, b := StemRussian(group[0]), StemRussian(w); a != b {
				t.Errorf("StemRussian(%q) = %q but StemRussian(%q) = %q", group[0], a, w, b)
			}
		}
	}
}

func TestStemmer(t *testing.T) {
	if Stemmer("en")("agencies") != "agency" || Stemmer("ru") == nil || Stemmer("fr") != nil {
		t.Error("Stemmer: want English and Russian stemmers and none for French")
	}
}

func TestStopWords(t *testing.T) {
	if !StopWords("en")["the"] || !StopWords("ru")["и"] || StopWords("en")["agency"] || StopWords("xx") != nil {
		t.Error("StopWords: unexpected sets")
	}
}

func TestBigrams(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"网络安全法", []string{"网络", "络安", "安全", "全法"}},
		{"国", []string{"国"}},
		{"ひらがな", []string{"ひら", "らが", "がな"}},
	}
	for _, tt := range tests {
		var got []string
		Bigrams(tt.in, func(b string) { got = append(got, b) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("Bigrams(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsIdeographic(t *testing.T) {
	for r, want := range map[rune]bool{'网': true, 'ひ': true, 'カ': true, 'a': false, 'я': false, '한': false, '。': false} {
		if got := IsIdeographic(r); got != want {
			t.Errorf("IsIdeographic(%q) = %v, want %v", r, got, want)
		}
	}
}

func TestHyphenBreak(t *testing.T) {
	tests := []struct {
		prev, next string
		want       bool
	}{
		{"the infor-", "mation", true},
		{"gas-to-", "liquid", true},
		{"soft\u00ad", "ware", true},
		{"see section 3-", "a", false},
		{"the U.S.-", "Mexico", false},
		{"no hyphen", "here", false},
		{"-", "x", false},
		{"", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.prev, func(t *testing.T) {
			if got := HyphenBreak(tc.prev, tc.next); got != tc.want {
				t.Errorf("HyphenBreak(%q, %q) = %v, want %v", tc.prev, tc.next, got, tc.want)
			}
		})
	}
}
