package batchapi

import (
	"testing"

	"github.com/brief-cli/brief/internal/cache"
)

// FuzzParseLine: any line either fails to parse or yields exactly one
// kind of outcome, and never panics.
func FuzzParseLine(f *testing.F) {
	key := cache.KeyOf("x").String()
	for _, s := range []string{
		`{"id":"batch_req_1","custom_id":"` + key + `","response":{"status_code":200,"request_id":"r","body":{"choices":[{"message":{"content":"{}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}},"error":null}`,
		`{"id":"batch_req_2","custom_id":"` + key + `","response":{"status_code":500,"body":{"error":{"message":"boom","type":"server_error"}}},"error":null}`,
		`{"id":"batch_req_3","custom_id":"` + key + `","response":null,"error":{"code":"batch_expired","message":"late"}}`,
		`{"custom_id":"request-1","method":"POST","url":"/v1/chat/completions","body":{}}`,
		`{"custom_id":`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		_, o, err := parseLine(line)
		if err != nil {
			return
		}
		kinds := 0
		for _, b := range []bool{o.answered, o.retry, o.cancel, !o.answered && !o.retry && !o.cancel} {
			if b {
				kinds++
			}
		}
		if kinds != 1 {
			t.Fatalf("outcome %+v is not exactly one kind", o)
		}
		if o.answered && o.status != 200 {
			t.Fatalf("answered with status %d", o.status)
		}
	})
}
