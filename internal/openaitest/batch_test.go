package openaitest

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

func batchClient(srv *Server) *openai.Client {
	cfg := openai.DefaultConfig("sk-b")
	cfg.BaseURL = srv.URL()
	cfg.HTTPClient = srv.Client()
	return openai.NewClientWithConfig(cfg)
}

func batchInput(ids ...string) []byte {
	var b strings.Builder
	for _, id := range ids {
		line, _ := json.Marshal(map[string]any{"custom_id": id, "method": "POST", "url": "/v1/chat/completions",
			"body": map[string]any{"model": "m", "max_tokens": 50, "messages": []map[string]string{{"role": "user", "content": "The plant closed in 2020. Workers left."}}}})
		b.Write(line)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// TestBatchLifecycle walks batches through their statuses on the virtual
// clock, with go-openai as the client, and reads their files.
func TestBatchLifecycle(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cfg       BatchConfig
		input     []byte
		final     string
		out, errs int // lines in the output and error files
		errCode   string
	}{
		{"completed", BatchConfig{}, batchInput("a", "b", "c", "d"), "completed", 4, 0, ""},
		{"expired", BatchConfig{Expire: []int{1}}, batchInput("a", "b", "c", "d"), "expired", 2, 2, ""},
		{"failed lines", BatchConfig{LineFailRate: 1}, batchInput("a", "b"), "completed", 0, 2, ""},
		{"duplicate custom_id", BatchConfig{}, batchInput("a", "a"), "failed", 0, 0, "duplicate_custom_id"},
		{"bad json", BatchConfig{}, append(batchInput("a"), "{nope\n"...), "failed", 0, 0, "invalid_json_line"},
		{"queue limit", BatchConfig{QueueLimit: 1}, batchInput("a", "b"), "failed", 0, 0, "token_limit_exceeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.TimeStep = Duration(time.Minute)
			srv := NewServer(Config{APIKey: "sk-b", Batch: tc.cfg})
			defer srv.Close()
			c := batchClient(srv)
			ctx := context.Background()
			f, err := c.CreateFileBytes(ctx, openai.FileBytesRequest{Name: "in.jsonl", Bytes: tc.input, Purpose: openai.PurposeBatch})
			if err != nil {
				t.Fatal(err)
			}
			b, err := c.CreateBatch(ctx, openai.CreateBatchRequest{InputFileID: f.ID, Endpoint: openai.BatchEndpointChatCompletions, CompletionWindow: "24h"})
			if err != nil || b.Status != "validating" {
				t.Fatalf("create: %v, status %q", err, b.Status)
			}
			seen := []string{b.Status}
			for range 20 {
				r, err := c.RetrieveBatch(ctx, b.ID)
				if err != nil {
					t.Fatal(err)
				}
				if r.Status != seen[len(seen)-1] {
					seen = append(seen, r.Status)
				}
				b = r
				if r.Status == "completed" || r.Status == "failed" || r.Status == "expired" {
					break
				}
			}
			if b.Status != tc.final {
				t.Fatalf("statuses %v, want to end %s", seen, tc.final)
			}
			if tc.final == "completed" && strings.Join(seen, ">") != "validating>in_progress>finalizing>completed" {
				t.Errorf("statuses %v", seen)
			}
			if tc.errCode != "" {
				if b.Errors == nil || len(b.Errors.Data) == 0 || b.Errors.Data[0].Code != tc.errCode {
					t.Fatalf("errors %+v, want %s", b.Errors, tc.errCode)
				}
				return
			}
			count := func(id *string) int {
				if id == nil {
					return 0
				}
				raw, err := c.GetFileContent(ctx, *id)
				if err != nil {
					t.Fatal(err)
				}
				defer raw.Close()
				data, _ := io.ReadAll(raw)
				n := 0
				for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
					var o struct {
						CustomID string          `json:"custom_id"`
						Response json.RawMessage `json:"response"`
						Error    json.RawMessage `json:"error"`
					}
					if err := json.Unmarshal([]byte(l), &o); err != nil || o.CustomID == "" {
						t.Fatalf("bad output line %q", l)
					}
					n++
				}
				return n
			}
			if o, e := count(b.OutputFileID), count(b.ErrorFileID); o != tc.out || e != tc.errs {
				t.Errorf("output %d lines, errors %d; want %d and %d", o, e, tc.out, tc.errs)
			}
			if b.RequestCounts.Completed != tc.out || b.RequestCounts.Failed != tc.errs {
				t.Errorf("request_counts %+v", b.RequestCounts)
			}
			if srv.Stats().Requests != 0 {
				t.Error("batch lines counted as synchronous requests")
			}
		})
	}
}

// TestBatchListCancel: list is newest first and pages; cancel moves a
// running batch to cancelling, then cancelled.
func TestBatchListCancel(t *testing.T) {
	srv := NewServer(Config{Batch: BatchConfig{TimeStep: Duration(time.Second)}})
	defer srv.Close()
	c := batchClient(srv)
	ctx := context.Background()
	var ids []string
	for range 3 {
		f, err := c.CreateFileBytes(ctx, openai.FileBytesRequest{Name: "in.jsonl", Bytes: batchInput("a"), Purpose: openai.PurposeBatch})
		if err != nil {
			t.Fatal(err)
		}
		b, err := c.CreateBatch(ctx, openai.CreateBatchRequest{InputFileID: f.ID, Endpoint: openai.BatchEndpointChatCompletions, CompletionWindow: "24h"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.ID)
	}
	limit := 2
	page, err := c.ListBatch(ctx, nil, &limit)
	if err != nil || len(page.Data) != 2 || page.Data[0].ID != ids[2] || !page.HasMore {
		t.Fatalf("first page %+v %v", page, err)
	}
	page, err = c.ListBatch(ctx, &page.LastID, &limit)
	if err != nil || len(page.Data) != 1 || page.Data[0].ID != ids[0] || page.HasMore {
		t.Fatalf("second page %+v %v", page, err)
	}
	b, err := c.CancelBatch(ctx, ids[1])
	if err != nil || b.Status != "cancelling" {
		t.Fatalf("cancel: %v %q", err, b.Status)
	}
	if b, _ = c.RetrieveBatch(ctx, ids[1]); b.Status != "cancelled" {
		t.Fatalf("after cancel: %q", b.Status)
	}
	if _, err := c.CreateBatch(ctx, openai.CreateBatchRequest{InputFileID: "file-nope", Endpoint: openai.BatchEndpointChatCompletions, CompletionWindow: "24h"}); err == nil {
		t.Fatal("a batch of a missing file was created")
	}
	if _, err := c.CreateBatch(ctx, openai.CreateBatchRequest{InputFileID: "x", Endpoint: openai.BatchEndpointChatCompletions, CompletionWindow: "1h"}); err == nil || !strings.Contains(err.Error(), "24h") {
		t.Fatalf("completion_window 1h: %v", err)
	}
}
