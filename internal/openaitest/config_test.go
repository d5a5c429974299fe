package openaitest

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestConfigRoundTrip(t *testing.T) {
	in := Config{
		APIKey:          "sk-test",
		Models:          []string{"gpt-4o-mini", "gpt-4.1"},
		ContextWindow:   8192,
		ErrorStyle:      StyleLlamaCpp,
		ResponseFormats: []string{FormatText, FormatJSONObject},
		Latency:         Duration(250 * time.Millisecond),
		ChunkDelay:      Duration(time.Millisecond),
		RPM:             60,
		TPM:             20000,
		RateWindow:      Duration(time.Second),
		Reasoning:       true,
		ReasoningTokens: 32,
		Faults:          []Fault{{Kind: Fault429, RetryAfter: Duration(2 * time.Second)}, {Kind: FaultHang}},
		FaultRate:       0.1,
		FaultKinds:      []FaultKind{Fault500, Fault502},
		Seed:            42,
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"latency":"250ms"`, `"rate_window":"1s"`, `"retry_after":"2s"`, `"error_style":"llamacpp"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("encoding %s lacks %s", b, want)
		}
	}
	out, err := ParseConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip\n got %+v\nwant %+v", out, in)
	}
}

func TestParseConfig(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     Config
		err      string
	}{
		{name: "empty", in: `{}`, want: Config{}},
		{name: "bare fault kinds", in: `{"faults": ["503", {"kind": "429", "retry_after": "1.5s"}, "ok"]}`,
			want: Config{Faults: []Fault{{Kind: Fault503}, {Kind: Fault429, RetryAfter: Duration(1500 * time.Millisecond)}, {Kind: FaultNone}}}},
		{name: "unknown field", in: `{"api_kee": "x"}`, err: `unknown field "api_kee"`},
		{name: "unknown fault field", in: `{"faults": [{"kind": "500", "after": 2}]}`, err: `unknown field "after"`},
		{name: "numeric duration", in: `{"latency": 250}`, err: "duration must be a string"},
		{name: "bad duration", in: `{"latency": "soon"}`, err: "invalid duration"},
		{name: "bad style", in: `{"error_style": "anthropic"}`, err: `unknown error_style "anthropic"`},
		{name: "bad format", in: `{"response_formats": ["yaml"]}`, err: `unknown response format "yaml"`},
		{name: "bad fault", in: `{"faults": ["418"]}`, err: `faults[0]: unknown kind "418"`},
		{name: "bad random kind", in: `{"fault_kinds": ["boom"]}`, err: `unknown kind "boom"`},
		{name: "rate over one", in: `{"fault_rate": 1.5}`, err: "outside [0,1]"},
		{name: "negative", in: `{"rpm": -1}`, err: "must not be negative"},
		{name: "negative duration", in: `{"latency": "-1s"}`, err: "must not be negative"},
		{name: "trailing", in: `{} {}`, err: "trailing data"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseConfig([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrInvalidConfig) {
					t.Fatalf("err = %v, want one containing %q wrapping ErrInvalidConfig", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestNewServerPanicsOnInvalidConfig(t *testing.T) {
	defer func() {
		r := recover()
		err, ok := r.(error)
		if !ok || !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("recovered %v, want an ErrInvalidConfig", r)
		}
	}()
	NewServer(Config{ErrorStyle: "nope"})
}

func TestFaultKindsListed(t *testing.T) {
	kinds := FaultKinds()
	if len(kinds) != 18 {
		t.Errorf("%d kinds", len(kinds))
	}
	kinds[0] = "mutated"
	if FaultKinds()[0] == "mutated" {
		t.Error("FaultKinds returned its own slice")
	}
	for _, k := range kinds[1:] {
		if err := (Config{Faults: []Fault{{Kind: k}}}).Validate(); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
}
