package main

import (
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/brief-cli/brief/internal/batch"
	"github.com/brief-cli/brief/summarize"
)

// TestDescribeFromTypes checks that the words and exit codes come from the
// errors' types and fields, however the errors are wrapped.
func TestDescribeFromTypes(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
		code int
	}{
		{"input error names the report", fmt.Errorf("doc: %w", &summarize.InputError{Name: "scan\x1b.pdf", Err: summarize.ErrNoTextLayer}),
			`scan\x1b.pdf: the PDF has no text layer`, exitUsage},
		{"input error without a name", summarize.ErrEmptyInput, "input: the input is empty", exitUsage},
		{"full disk", &batch.WriteError{Path: "out/a.md", Err: syscall.ENOSPC}, "the disk is full (no space left on device)", exitFailure},
		{"budget figures", fmt.Errorf("chunk 2: %w", &summarize.DetailError{Kind: summarize.ErrBudget, Detail: "$0.0100 spent, the limit is $0.0100"}),
			"stopped before passing --max-cost ($0.0100 spent, the limit is $0.0100)", exitFailure},
		{"file in the way", &batch.SetupError{Kind: batch.InTheWay, Path: "a.md", Dir: "out", N: 3},
			"a.md exists in out and was not written by brief (and 2 files more); use --force", exitUsage},
		{"some failed", &batch.FailedError{Failed: 1, Total: 4}, "1 of 4 documents failed or were not done", exitSomeFailed},
		{"strict", &batch.StrictError{N: 1}, "--strict: the brief states 1 fact that", exitUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, code := describe(tt.err)
			if !strings.HasPrefix(msg, tt.want) || code != tt.code {
				t.Errorf("describe = %q, %d; want it to start with %q, %d", msg, code, tt.want, tt.code)
			}
		})
	}
}
