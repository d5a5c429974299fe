package textseg

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"single", "Just one sentence", []string{"Just one sentence"}},
		{"basic", "First one. Second one! Third one? Fourth.",
			[]string{"First one.", "Second one!", "Third one?", "Fourth."}},
		{"titles", "Mr. Smith met Dr. Jones and Gen. Myers with Sen. Leahy. They talked.",
			[]string{"Mr. Smith met Dr. Jones and Gen. Myers with Sen. Leahy.", "They talked."}},
		{"initials", "The report was written by J. Smith and Robert S. Mueller, III. It is long.",
			[]string{"The report was written by J. Smith and Robert S. Mueller, III.", "It is long."}},
		{"latin abbreviations", "Use terms (e.g. Green Book) or i.e. Russian ones, cf. Annex. Then stop.",
			[]string{"Use terms (e.g. Green Book) or i.e. Russian ones, cf. Annex.", "Then stop."}},
		{"etc then capital", "Apples, pears, etc. The list goes on.",
			[]string{"Apples, pears, etc.", "The list goes on."}},
		{"U.S. before a name", "The U.S. Department of Justice agreed. So did the U.S. Congress.",
			[]string{"The U.S. Department of Justice agreed.", "So did the U.S. Congress."}},
		{"U.S. at sentence end", "They attacked the U.S. The next day was calm.",
			[]string{"They attacked the U.S.", "The next day was calm."}},
		{"Inc", "He joined Acme Inc. The company grew. Acme Inc. Chairman Lee spoke.",
			[]string{"He joined Acme Inc.", "The company grew.", "Acme Inc. Chairman Lee spoke."}},
		{"numbers", "Spending rose 10.4% to $1.2 million in 2004. It was 3.5 times more.",
			[]string{"Spending rose 10.4% to $1.2 million in 2004.", "It was 3.5 times more."}},
		{"No. and months before numbers", "See No. 5 and Jan. 21, 2003, at p. 12. Also Vol. II, Section 3.",
			[]string{"See No. 5 and Jan. 21, 2003, at p. 12.", "Also Vol. II, Section 3."}},
		{"month at sentence end", "It happened in Jan. The rest followed.",
			[]string{"It happened in Jan.", "The rest followed."}},
		{"vs", "Smith vs. Jones was decided. United States v. Rizzo followed.",
			[]string{"Smith vs. Jones was decided.", "United States v. Rizzo followed."}},
		{"legal citation", "See Fed. R. Crim. P. 6(e) and 28 C.F.R. § 600.8(c). Next.",
			[]string{"See Fed. R. Crim. P. 6(e) and 28 C.F.R. § 600.8(c).", "Next."}},
		{"times", "Atta boarded a 6:00 A.M. flight and left at 7 a.m. The flight was late.",
			[]string{"Atta boarded a 6:00 A.M. flight and left at 7 a.m.", "The flight was late."}},
		{"quotes after terminal", `He said "Stop." Then he left. She asked "Why?" Nobody knew.`,
			[]string{`He said "Stop."`, "Then he left.", `She asked "Why?"`, "Nobody knew."}},
		{"curly quotes and brackets", "It was “final.” (See: anonymity.) Next one.",
			[]string{"It was “final.”", "(See: anonymity.)", "Next one."}},
		{"question then lowercase", `"Why?" he asked. Fine.`,
			[]string{`"Why?" he asked.`, "Fine."}},
		{"ellipsis", "He paused... and went on. Then... Silence. Wait… What?",
			[]string{"He paused... and went on.", "Then...", "Silence.", "Wait…", "What?"}},
		{"dot leaders are not terminals", "Introduction ........ 3 Background ........ 5",
			[]string{"Introduction ........ 3 Background ........ 5"}},
		{"enumerators", "1. Introduction of the topic. 2.5. Notes follow. IV. Findings here.",
			[]string{"1. Introduction of the topic.", "2.5. Notes follow.", "IV. Findings here."}},
		{"letter enumerator", "a. Forensically image the system. Analyze traffic.",
			[]string{"a. Forensically image the system.", "Analyze traffic."}},
		{"number ends a sentence", "Revenue grew in 2019. 2020 was worse.",
			[]string{"Revenue grew in 2019.", "2020 was worse."}},
		{"footnote digits", "The attack was severe.12 Officials responded. He said it.\"582 Then left.",
			[]string{"The attack was severe.12", "Officials responded.", "He said it.\"582", "Then left."}},
		{"bracketed footnote", "Threats grew. [1] These companies act. Done.[^2] Next.",
			[]string{"Threats grew. [1]", "These companies act.", "Done.[^2] Next."}},
		{"no space after period", "See www.example.com and version 2.0.1.Next is glued.",
			[]string{"See www.example.com and version 2.0.1.Next is glued."}},
		{"leading punctuation only", "... and so on. Yes.",
			[]string{"... and so on.", "Yes."}},
		{"chinese", "第一条 为了保障网络安全，制定本法。第二条 适用本法。",
			[]string{"第一条 为了保障网络安全，制定本法。", "第二条 适用本法。"}},
		{"chinese with quotes and exclamation", "他说：“好！”然后走了？是的。",
			[]string{"他说：“好！”", "然后走了？", "是的。"}},
		{"japanese", "今日は晴れです。明日は雨でしょう！本当？",
			[]string{"今日は晴れです。", "明日は雨でしょう！", "本当？"}},
		{"russian", "Уважаемые сенаторы! Депутаты Государственной Думы! Задачи большие.",
			[]string{"Уважаемые сенаторы!", "Депутаты Государственной Думы!", "Задачи большие."}},
		{"russian abbreviations", "Это важно, т.е. нужно действовать. В г. Москва тепло. Это было в 2024 г. Потом всё изменилось.",
			[]string{"Это важно, т.е. нужно действовать.", "В г. Москва тепло.", "Это было в 2024 г.", "Потом всё изменилось."}},
		{"russian initials", "В. В. Путин выступил. В.Путин: Уважаемые граждане.",
			[]string{"В. В. Путин выступил.", "В.Путин: Уважаемые граждане."}},
		{"russian lowercase continuation", "Рост составил 5 млн. рублей и т.д. Потом рост.",
			[]string{"Рост составил 5 млн. рублей и т.д.", "Потом рост."}},
		{"devanagari danda", "यह एक वाक्य है। यह दूसरा है।",
			[]string{"यह एक वाक्य है।", "यह दूसरा है।"}},
		{"arabic question mark", "هل هذا صحيح؟ نعم هذا صحيح.",
			[]string{"هل هذا صحيح؟", "نعم هذا صحيح."}},
		{"greek", "Αυτό είναι. Εκείνο όχι.",
			[]string{"Αυτό είναι.", "Εκείνο όχι."}},
		{"mixed script next sentence", "The law was passed. 第一条 适用本法。",
			[]string{"The law was passed.", "第一条 适用本法。"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SplitSentences(tc.in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("SplitSentences(%q)\n got: %q\nwant: %q", tc.in, got, tc.want)
			}
			if tc.in != "" && strings.ReplaceAll(strings.Join(got, ""), " ", "") != strings.ReplaceAll(tc.in, " ", "") {
				t.Errorf("sentences lose text: %q", got)
			}
		})
	}
}

func TestIsAbbreviation(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"Mr", true}, {"mr", true}, {"MR", true}, {"No", true}, {"no", true}, {"Inc", true},
		{"e.g", true}, {"т.е", true}, {"Jan", true}, {"JAN", true},
		{"The", false}, {"report", false}, {"", false}, {"US", false},
	}
	for _, tt := range tests {
		if got := IsAbbreviation(tt.word); got != tt.want {
			t.Errorf("IsAbbreviation(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}
