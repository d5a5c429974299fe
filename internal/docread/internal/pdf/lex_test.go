package pdf

import "testing"

func TestDecodeName(t *testing.T) {
	for _, tc := range []struct {
		raw, want string
		ok        bool
	}{
		{"F1", "F1", true},
		{"A#20B", "A B", true},
		{"#41#62", "Ab", true},
		{"A#2", "A#2", false},   // too short: kept as written
		{"A#G0", "A#G0", false}, // not hex
		{"##41", "#A", false},
		{"", "", true},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			got, ok := DecodeName([]byte(tc.raw))
			if got != tc.want || ok != tc.ok {
				t.Errorf("DecodeName(%q) = %q, %v; want %q, %v", tc.raw, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestUnescape(t *testing.T) {
	for _, tc := range []struct {
		in, want byte
		ok       bool
	}{
		{'n', '\n', true}, {'r', '\r', true}, {'t', '\t', true}, {'b', '\b', true},
		{'f', '\f', true}, {'(', '(', true}, {')', ')', true}, {'\\', '\\', true},
		{'x', 'x', false}, {'0', '0', false},
	} {
		t.Run(string(tc.in), func(t *testing.T) {
			if got, ok := Unescape(tc.in); got != tc.want || ok != tc.ok {
				t.Errorf("Unescape(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}
