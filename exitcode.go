package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	neturl "net/url"
	"os"
	"strings"
	"syscall"

	"github.com/brief-cli/brief/internal/batch"
	"github.com/brief-cli/brief/internal/docread"
	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/summarize"
	"github.com/brief-cli/brief/summarize/openai"
)

// Exit codes, documented in --help and README.md.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2 // bad usage or bad input
	exitSomeFailed  = 3 // a batch in which some files failed
	exitAuth        = 4 // authentication, quota or billing: retrying will not help
	exitUnsupported = 5 // --strict and the brief states facts the report lacks
	exitInterrupted = 130
)

const exitCodesHelp = `EXIT CODES:
   0    success
   1    failure (endpoint unreachable, server errors after retries, a full disk, …)
   2    bad usage or bad input, found before any work: contradictory flags, empty,
        binary, unsupported, damaged or password-protected input, nothing to do,
        an output that cannot be written or is in the way, unknown model, an
        endpoint or URL that redirects elsewhere, a broken --prompts template,
        --language other than the report's offline
   3    a batch in which some documents failed (the others were written)
   4    authentication, quota or billing problem: retrying will not help
   5    --strict, and the brief states facts the report does not contain
   130  interrupted (Ctrl-C or SIGTERM); nothing partial is written`

// usageError is a mistake in how brief was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// report prints err as one plain sentence on stderr and returns the exit code.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	msg, code := describe(err)
	// Messages can quote a server or a report: print no control characters.
	fmt.Fprintln(stderr, "brief: "+cleanLine(msg))
	return code
}

// describe turns an error into user words and an exit code. It is the only
// place that does.
func describe(err error) (string, int) {
	var (
		usage    *usageError
		setup    *batch.SetupError
		apiErr   *summarize.APIError
		failed   *batch.FailedError
		costErr  *batch.CostError
		strict   *batch.StrictError
		timeout  *batch.TimeoutError
		cacheErr *batch.CacheError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return "interrupted; nothing partial was written.", exitInterrupted
	case errors.As(err, &usage):
		return usage.msg, exitUsage
	case errors.As(err, &setup):
		return describeSetup(setup), exitUsage
	case errors.As(err, &failed):
		return fmt.Sprintf("%d of %d documents failed or were not done; see the table above.", failed.Failed, failed.Total), exitSomeFailed
	case errors.As(err, &strict):
		return fmt.Sprintf("--strict: the brief states %s that the report does not contain (listed above); the brief was written.", plural(strict.N, "fact", "facts")), exitUnsupported
	case errors.As(err, &costErr):
		return fmt.Sprintf("the estimated cost $%.4f exceeds --max-cost $%.4f; nothing was sent. See brief --plan for the breakdown.", costErr.Estimate, costErr.Max), exitFailure
	case errors.As(err, &timeout):
		return fmt.Sprintf("the offline brief took longer than --timeout %s; raise --timeout for so long a report", timeout.Timeout), exitFailure
	case errors.Is(err, batch.ErrStuck):
		return "documents wait for answers, but no batch is running; run the same command again", exitFailure
	case errors.Is(err, summarize.ErrBudget):
		return "stopped before passing --max-cost (" + detailOf(err, summarize.ErrBudget) + "); nothing partial was written.", exitFailure
	case errors.Is(err, summarize.ErrEmptyInput):
		return fmt.Sprintf("%s: the input is empty; give brief a report to summarize.", inputOf(err)), exitUsage
	case errors.Is(err, summarize.ErrBinaryInput):
		return fmt.Sprintf("%s: the input is not text (it holds binary data); give brief a text, markdown, HTML or PDF report.", inputOf(err)), exitUsage
	case errors.Is(err, summarize.ErrUnsupported):
		what := "is not a document brief can read"
		if in := inputErr(err); in != nil && in.LooksLike != "" {
			what = "looks like " + article(in.LooksLike) + " " + in.LooksLike
		}
		return fmt.Sprintf("%s %s; brief reads text, markdown, HTML and PDF.", inputOf(err), what), exitUsage
	case errors.Is(err, summarize.ErrNoTextLayer):
		return fmt.Sprintf("%s: the PDF has no text layer (probably a scan); run OCR on it first.", inputOf(err)), exitUsage
	case errors.Is(err, summarize.ErrPasswordInput):
		return fmt.Sprintf("%s: the PDF is protected by a password; open it in a viewer with the password and save an unprotected copy for brief.", inputOf(err)), exitUsage
	case errors.Is(err, summarize.ErrEncryptedInput):
		return fmt.Sprintf("%s: the PDF is encrypted in a way brief cannot open (not the standard password security); save an unprotected copy from a viewer.", inputOf(err)), exitUsage
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full (" + syscall.ENOSPC.Error() + "); free some space and run again: what was written is kept, and a rerun goes on from there.", exitFailure
	case errors.Is(err, summarize.ErrMalformedInput):
		what := "document"
		if in := inputErr(err); in != nil && in.Format != "" {
			what = strings.ToUpper(in.Format)
		}
		return fmt.Sprintf("%s: the %s is damaged or cut short and cannot be read; check that the whole file was copied, or save it again from a viewer (--verbose shows the details).", inputOf(err), what), exitUsage
	case errors.Is(err, summarize.ErrInputTooBig):
		return fmt.Sprintf("%s: the input is larger than %d MiB; split the report into parts.", inputOf(err), docread.DefaultMaxBytes>>20), exitUsage
	case errors.Is(err, summarize.ErrNoEndpoint):
		return "no LLM endpoint is configured; set OPENAI_API_KEY (or --api-key), or OPENAI_BASE_URL (or --base-url) for a local server such as Ollama, or use --engine extractive.", exitUsage
	case errors.Is(err, summarize.ErrContextTooSmall):
		return detailOf(err, summarize.ErrContextTooSmall) + "; raise --context-tokens if the model allows, or lower --max-output-tokens.", exitUsage
	case errors.As(err, &apiErr):
		return describeAPI(apiErr, err)
	case errors.As(err, &cacheErr):
		return fmt.Sprintf("the batch path keeps its state in the response cache, and the one in %s cannot be used (%v); run 'brief cache clear' to reset it", cacheErr.Dir, cacheErr.Err), exitFailure
	}
	if msg, code, ok := describeAim(err); ok {
		return msg, code
	}
	return err.Error(), exitFailure
}

// describeSetup words a check that failed before any work.
func describeSetup(e *batch.SetupError) string {
	switch e.Kind {
	case batch.InputMissing:
		return fmt.Sprintf("%s does not exist.", e.Path)
	case batch.InputUnreadable:
		return fmt.Sprintf("cannot read %s: %v.", e.Path, e.Err)
	case batch.OutputIsInput:
		return fmt.Sprintf("the output folder %s is the input folder; choose another -o folder, so that briefs and reports stay apart.", e.Path)
	case batch.NothingToDo:
		hint := ""
		if e.Hidden {
			hint = " (hidden files are skipped without --hidden)"
		}
		if e.Filtered {
			hint = " (check --include and --exclude)"
		}
		return fmt.Sprintf("nothing to do: %s holds no files%s.", e.Path, hint)
	case batch.FolderNeedsOutput:
		return fmt.Sprintf("%s is a folder: add -o DIR for the brief of the one document in it, or name the document itself.", e.Path)
	case batch.DocumentsNeedOutput:
		return fmt.Sprintf("%d documents need an output folder: add -o DIR.", e.N)
	case batch.InTheWay:
		more := ""
		if e.N > 1 {
			more = fmt.Sprintf(" (and %s more)", plural(e.N-1, "file", "files"))
		}
		return fmt.Sprintf("%s exists in %s and was not written by brief%s; use --force to overwrite, or choose another -o folder. Nothing was done.",
			cleanLine(e.Path), e.Dir, more)
	case batch.OutputUncreatable:
		return fmt.Sprintf("cannot create the output folder %s: %v.", e.Path, e.Err)
	case batch.OutputUnwritable:
		return fmt.Sprintf("cannot write in %s: %v.", e.Path, e.Err)
	case batch.NoDocument:
		return fmt.Sprintf("nothing to do: none of the %s is a document brief reads (text, markdown, HTML or PDF).", plural(e.N, "file", "files"))
	case batch.Exists:
		return fmt.Sprintf("%s already exists; use --force to overwrite it.", e.Path)
	case batch.ImportUnreadable:
		return fmt.Sprintf("cannot open %s: %v.", e.Path, e.Err)
	case batch.ImportEmpty:
		return fmt.Sprintf("%s holds no answer to a request brief exported with these settings; check that it is the output of the file --batch-export wrote, and that --model and --base-url are the same.", e.Path)
	case batch.IndexInTheWay:
		return fmt.Sprintf("%s exists and was not written by brief; use --force to overwrite it.", e.Path)
	}
	return e.Error()
}

// windowFigures says which window brief worked with and where it came
// from, when the run stopped for the window.
func windowFigures(err error) string {
	var w *summarize.WindowError
	if !errors.As(err, &w) {
		return ""
	}
	how := "measured"
	if !w.RatioKnown {
		how = "assumed"
	}
	return fmt.Sprintf(" (brief used a window of %d tokens from %s, at %.2f server tokens per token of its own, %s)", w.Window, w.Source, w.Ratio, how)
}

func describeAPI(e *summarize.APIError, err error) (string, int) {
	detail := ""
	if e.Message != "" {
		detail = " (the server said: " + strings.TrimSuffix(e.Message, ".") + ")"
	}
	var redir *openai.RedirectError
	switch {
	case errors.As(e, &redir):
		return fmt.Sprintf("the endpoint answered with a redirect (HTTP %d) to %s, which brief does not follow (%s) so that the key and the report go only where you said; if that is the right server, set --base-url to it.", redir.Status, redir.Location, redir.Why), exitUsage
	case errors.Is(e, summarize.ErrAuth):
		return "the endpoint refused the API key" + detail + "; check OPENAI_API_KEY or --api-key.", exitAuth
	case errors.Is(e, summarize.ErrQuota):
		return "the account's quota or billing limit is reached" + detail + "; retrying will not help until the plan or credit is changed.", exitAuth
	case errors.Is(e, summarize.ErrModelNotFound):
		return "the endpoint does not know the model" + detail + "; pick another with --model or BRIEF_MODEL.", exitUsage
	case errors.Is(e, summarize.ErrConnect):
		return "cannot reach " + endpointOf(e) + " (" + connectCause(e) + "); check --base-url and that the server is running.", exitFailure
	case errors.Is(e, summarize.ErrTransport):
		return "could not reach the endpoint" + detail + "; check --base-url and that the server is running.", exitFailure
	case errors.Is(e, summarize.ErrRateLimited):
		return "the endpoint kept answering 'rate limited' after all retries" + detail + "; try again later or lower --concurrency.", exitFailure
	case errors.Is(e, summarize.ErrContextLength):
		return "the request did not fit the model's context window" + detail + windowFigures(err) + "; set --context-tokens to the model's real window.", exitFailure
	}
	return "the endpoint failed: " + e.Error() + ".", exitFailure
}

// article is "a" or "an" for word.
func article(word string) string {
	if word != "" && strings.ContainsRune("AEIOUaeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// inputOf names the report an input error is about.
func inputOf(err error) string {
	if in := inputErr(err); in != nil {
		return safetext.Name(in.Name)
	}
	return "input"
}

// inputErr is the *summarize.InputError in err's chain, or nil.
func inputErr(err error) *summarize.InputError {
	var in *summarize.InputError
	if errors.As(err, &in) {
		return in
	}
	return nil
}

// detailOf is the figures a summarize.DetailError of the sentinel's kind
// gives ("$0.0120 spent, …"), or the sentinel's own words.
func detailOf(err, sentinel error) string {
	var de *summarize.DetailError
	if errors.As(err, &de) && de.Kind == sentinel {
		return de.Detail
	}
	return sentinel.Error()
}

// endpointOf is the scheme and host a request was sent to, from the
// transport error's URL.
func endpointOf(err error) string {
	var ue *neturl.Error
	if errors.As(err, &ue) {
		if u, perr := neturl.Parse(ue.URL); perr == nil && u.Host != "" {
			return u.Scheme + "://" + u.Host
		}
	}
	return "the endpoint"
}

// connectCause says why no connection opened, from the error's type.
func connectCause(err error) string {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "the host name " + dnsErr.Name + " does not resolve"
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return "connection refused: nothing listens there"
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		return unwrapSyscall(opErr.Err).Error()
	}
	return "no connection"
}

// unwrapSyscall drops the "connect: " context of a system call error.
func unwrapSyscall(err error) error {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err
	}
	return err
}
