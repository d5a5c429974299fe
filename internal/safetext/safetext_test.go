package safetext

import (
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain  text\n\twith\r\nbreaks", "plain text with breaks"},
		{"bad\x1b[31mred\x1b[0m \x1b]0;title\x07key", "badred key"},
		{"osc link \x1b]8;;https://evil.example\x07hi\x1b]8;;\x07", "osc link hi"},
		{"csi8\u009b2Jx", "csi8x"},
		{"raw\x9b2J byte", "raw2J byte"},
		{"bidi \u202eevil\u202c text", "bidi evil text"},
		{"line\u2028sep", "line sep"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"доклад 2024 (final).pdf", "доклад 2024 (final).pdf"},
		{"a\nb.txt", `a\nb.txt`},
		{"\x1b[31mred\x1b[0m.txt", `\x1b[31mred\x1b[0m.txt`},
		{"tab\there\r", `tab\there\r`},
		{"fdp.\u202etxt", `fdp.\u202etxt`},
		{"c1\u009b2J", `c1\u009b2J`},
		{"bad\xffbyte", `bad\xffbyte`},
		{"del\x7f", `del\x7f`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Line(Name(tt.in)); got != Name(tt.in) {
			t.Errorf("Line(Name(%q)) = %q changes the escaped name", tt.in, got)
		}
	}
}

// FuzzName checks that an escaped name is valid UTF-8 and holds nothing a
// terminal or a markdown table would act on.
func FuzzName(f *testing.F) {
	for _, s := range []string{"a\nb", "\x1b[2J", "\xff\xfe", "\u202e", "plain.txt", "\u0085\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Name(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Name(%q) = %q: invalid UTF-8", s, got)
		}
		for _, r := range got {
			if isBreak(r) || isBidi(r) {
				t.Fatalf("Name(%q) = %q holds %U", s, got, r)
			}
		}
	})
}
