package pdf

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// tok is a token as the tests write it: kind and value.
type tok struct {
	kind TokenKind
	val  string // Str, or the number formatted with %v
}

func lexAll(in string) []tok {
	l := NewLexer([]byte(in))
	var out []tok
	for {
		t := l.Next()
		if t.Kind == TokEOF {
			return out
		}
		v := t.Str
		switch t.Kind {
		case TokInt:
			v = fmt.Sprint(t.Int)
		case TokReal:
			v = fmt.Sprint(t.Num)
		}
		out = append(out, tok{t.Kind, v})
	}
}

// TestLexer pins the one reading of each construct, by ISO 32000-1 §7.2
// and §7.3.
func TestLexer(t *testing.T) {
	str := func(s string) []tok { return []tok{{TokString, s}} }
	bad := func(what string) []tok { return []tok{{TokError, what}} }
	for _, tc := range []struct {
		name, in string
		want     []tok
	}{
		{"hex string", "<48 65\n6C\t6c6F>", str("Hello")},
		{"hex odd digit count pads with 0", "<414>", str("A@")},
		{"hex empty", "<>", str("")},
		{"hex upper and lower case", "<aAfF>", str("\xaa\xff")},
		{"hex bad digit", "<4G1>", bad("malformed hex string")},
		{"hex unterminated", "<41", bad("unterminated hex string")},
		{"literal plain", "(abc)", str("abc")},
		{"literal balanced parentheses", "(a(b)c)", str("a(b)c")},
		{"literal escapes", `(\n\r\t\b\f\(\)\\)`, str("\n\r\t\b\f()\\")},
		{"literal undefined escape drops the backslash", `(\x\q)`, str("xq")},
		{"literal octal, up to three digits", `(\101\1012\7\08)`, str("AA2\x07\x008")},
		{"literal octal overflow ignored", `(\777)`, str("\xff")},
		{"literal backslash-LF continuation", "(ab\\\ncd)", str("abcd")},
		{"literal backslash-CRLF continuation", "(ab\\\r\ncd)", str("abcd")},
		{"literal backslash-CR continuation", "(ab\\\rcd)", str("abcd")},
		{"literal raw line ends kept", "(a\rb\r\nc)", str("a\rb\r\nc")},
		{"literal unterminated", "(abc", bad("unterminated string")},
		{"literal ends in backslash", `(abc\`, bad("unterminated string")},
		{"integer", "0 -002 +17 123", []tok{{TokInt, "0"}, {TokInt, "-2"}, {TokInt, "17"}, {TokInt, "123"}}},
		{"real", "34.5 -.002 4. +.5 -3.", []tok{{TokReal, "34.5"}, {TokReal, "-0.002"}, {TokReal, "4"}, {TokReal, "0.5"}, {TokReal, "-3"}}},
		{"integer beyond int64 reads as real", "99999999999999999999", []tok{{TokReal, "1e+20"}}},
		{"malformed numbers", "1.2.3 --5 5- 1e5 - . +", []tok{
			{TokError, "malformed number"}, {TokError, "malformed number"}, {TokError, "malformed number"},
			{TokError, "malformed number"}, {TokError, "malformed number"}, {TokError, "malformed number"}, {TokError, "malformed number"},
		}},
		{"number ends at a delimiter", "12(x)3[", []tok{{TokInt, "12"}, {TokString, "x"}, {TokInt, "3"}, {TokArrayOpen, ""}}},
		{"name", "/F1 /A#20B /#41#62 /", []tok{{TokName, "F1"}, {TokName, "A B"}, {TokName, "Ab"}, {TokName, ""}}},
		{"name malformed escape", "/A#G0", bad("malformed name")},
		{"name truncated escape", "/#X", bad("malformed name")},
		{"keywords", "BT T* ' \" true null", []tok{
			{TokKeyword, "BT"}, {TokKeyword, "T*"}, {TokKeyword, "'"}, {TokKeyword, "\""}, {TokKeyword, "true"}, {TokKeyword, "null"},
		}},
		{"brackets", "<<[]>>", []tok{{TokDictOpen, ""}, {TokArrayOpen, ""}, {TokArrayClose, ""}, {TokDictClose, ""}}},
		{"stray delimiters, then on", ") > { } 5", []tok{
			{TokError, "unexpected delimiter"}, {TokError, "unexpected delimiter"}, {TokError, "unexpected delimiter"},
			{TokError, "unexpected delimiter"}, {TokInt, "5"},
		}},
		{"comments and NUL are white space", "% c (x)\r1\x00%\n2", []tok{{TokInt, "1"}, {TokInt, "2"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := lexAll(tc.in); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("lex %q = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestSkipInlineImage(t *testing.T) {
	for _, tc := range []struct{ in, next string }{
		{" \x3e\x29EIx EI Q", "Q"},
		{"\nEI Q", "Q"},
		{" data EI/F1", "F1"},
		{" data without end", ""},
	} {
		l := NewLexer([]byte(tc.in))
		l.SkipInlineImage()
		got := l.Next().Str
		if got != tc.next {
			t.Errorf("after SkipInlineImage(%q), next token %q, want %q", tc.in, got, tc.next)
		}
	}
}

// TestReadObjectErrors checks that the strict object reader says what is
// malformed and where, not that the data ended.
func TestReadObjectErrors(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		objStm   uint32
	}{
		{"/#X0", `malformed name "/#X0" at offset 100`, 0},
		{"<< /A /#X", `malformed name "/#X" at offset 106 in object stream 7`, 7},
		{"<< /A /B#4", `malformed name "/B#4" at offset 106`, 0},
		{"<< /A (abc", `unterminated string "(abc" at offset 106`, 0},
		{"<< /A <41 4G> >>", `malformed hex string "<41 4G>" at offset 106`, 0},
		{"[1 2.3.4]", `malformed number "2.3.4" at offset 103`, 0},
		{"<< /A ) >>", `unexpected delimiter ")" at offset 106`, 0},
		{"<< /A 1", "data ends inside an object at offset 107", 0},
		{"[1 2", "data ends inside an object at offset 104", 0},
		{"(" + strings.Repeat("x", 60), `unterminated string "(` + strings.Repeat("x", 39) + `"... at offset 100`, 0},
	} {
		t.Run(tc.in, func(t *testing.T) {
			defer func() {
				r := recover()
				err, _ := r.(error)
				if err == nil || err.Error() != tc.want {
					t.Errorf("readObject(%q) panicked with %v, want %q", tc.in, r, tc.want)
				}
			}()
			b := newBuffer([]byte(tc.in), 100)
			b.objStm = tc.objStm
			b.readObject()
		})
	}
}

// FuzzLexer checks the lexer against the rules of §7.3 on any input: it
// ends, every token lies inside the input, and strings and names read
// back the same when written in another legal form.
func FuzzLexer(f *testing.F) {
	for _, s := range []string{
		"BT /F1 12 Tf 72 700 Td [(Hello)-300(world)] TJ ET",
		"<< /Type /Page /A#20B [1 2.5 -.5 +3 4.] >> stream\r\n",
		`(a\(b\)\101\n\\) <48 65 6c 6F 7> /#X0 ) } --5`,
		"% comment\n(unterminated",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := NewLexer(data)
		for n := 0; ; n++ {
			if n > len(data)+1 {
				t.Fatal("lexer does not advance")
			}
			before := l.Pos()
			tk := l.Next()
			if tk.Kind == TokEOF {
				return
			}
			if l.Pos() <= before || tk.Pos < before || tk.Pos >= l.Pos() {
				t.Fatalf("token %+v spans [%d,%d) after %d", tk, tk.Pos, l.Pos(), before)
			}
			switch tk.Kind {
			case TokString:
				// The same bytes as a hex string with spaces, and as a
				// literal with every byte an octal escape.
				readsBack(t, tk, spell("<", "%02X ", tk.Str, ">"))
				readsBack(t, tk, spell("(", "\\%03o", tk.Str, ")"))
			case TokName:
				readsBack(t, tk, spell("/", "#%02x", tk.Str, ""))
			case TokInt, TokReal:
				// Sign, digits and at most one period; the value is the
				// decimal one.
				text := string(data[tk.Pos:l.Pos()])
				f, err := strconv.ParseFloat(text, 64)
				if strings.Trim(text, "+-.0123456789") != "" || strings.Count(text, ".") > 1 ||
					err != nil || f != tk.Num || tk.Kind == TokInt && (float64(tk.Int) != f || strings.Contains(text, ".")) {
					t.Fatalf("%q read as %+v", text, tk)
				}
			case TokKeyword:
				if strings.ContainsAny(tk.Str, "()<>[]{}/% \t\r\n\f\x00") || strings.ContainsAny(tk.Str[:1], "+-.0123456789") {
					t.Fatalf("keyword %q", tk.Str)
				}
			}
		}
	})
}

// spell writes s between open and close, each byte with format.
func spell(open, format, s, close string) []byte {
	var b bytes.Buffer
	b.WriteString(open)
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	b.WriteString(close)
	return b.Bytes()
}

// readsBack checks that written lexes to a token of tk's kind and text.
func readsBack(t *testing.T, tk Token, written []byte) {
	t.Helper()
	if back := NewLexer(written).Next(); back.Kind != tk.Kind || back.Str != tk.Str {
		t.Fatalf("%q written as %s reads %+v", tk.Str, written, back)
	}
}
