package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/summarize"
)

const description = `brief reads a long report (text, markdown, HTML or PDF) from a file or standard
input and writes a short markdown brief: a title and date line, a lead paragraph,
then Background, Response, any thematic sections, Implications and Key facts.

It works with any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM,
llama.cpp, OpenRouter, …). With no endpoint configured it uses a built-in offline
extractive engine.

EXAMPLES:
   cat report.txt | brief
   brief report.pdf -o report.md
   brief --format json report.txt
   brief -o briefs/ reports/             one brief per document, mirroring the tree, with briefs/index.md
   brief --plan reports/                 requests, tokens and cost, without sending anything
   brief --batch-api -o briefs/ reports/ through the provider's Batch API, at half the price
   OPENAI_BASE_URL=http://localhost:11434/v1 brief -v --model llama3.1:8b report.txt
   brief --profile local report.txt      the settings of a profile in the config file (brief config show)

` + exitCodesHelp

// run is the whole program: it parses args, does the work and returns an
// error for main to report. It never calls os.Exit.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	app := &cli.App{
		Name:            "brief",
		Usage:           "turn long reports into short markdown briefs",
		UsageText:       "brief [options] [REPORT]\n   cat REPORT | brief [options]\n   brief [options] -o DIR REPORT|FOLDER...\n   brief cache stats|clear\n   brief batch list|status|cancel\n   brief index DIR\n   brief config path|show|init\n   brief providers\n   brief completion bash|zsh|fish",
		Description:     description,
		Reader:          stdin,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		Flags:           flags(),
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError:    usageErrorFor(args),
		Commands: checkedCommands(args, cacheCommand(stdout), batchCommand(stdout), indexCommand(stdout),
			configCommand(stdout, args), providersCommand(stdout), completionCommand(stdout)),
		Action: func(c *cli.Context) error {
			return runMain(c, args, func() error { return summarizeCmd(c, stdin, stdout, stderr) })
		},
	}
	return app.RunContext(ctx, interspersed(args, app.Flags))
}

// interspersed moves flags given after the report names in front of them,
// so that `brief report.pdf -o report.md` works: urfave/cli stops reading
// flags at the first argument that is not one. Arguments after "--" and
// those of a subcommand are left alone.
func interspersed(args []string, flags []cli.Flag) []string {
	if len(args) < 2 {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, name := range f.Names() {
			takesValue[name] = !isBool
		}
	}
	var opts, rest []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i+1:]...)
			i = len(args)
		case len(rest) == 0 && !strings.HasPrefix(a, "-"):
			if slices.Contains(subcommandNames, a) { // a subcommand: its own flags follow
				return args
			}
			rest = append(rest, a)
		case strings.HasPrefix(a, "-") && a != "-":
			opts = append(opts, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(args) {
				i++
				opts = append(opts, args[i])
			}
		default:
			rest = append(rest, a)
		}
	}
	out := append([]string{args[0]}, opts...)
	if len(rest) > 0 {
		out = append(out, "--")
	}
	return append(out, rest...)
}

func flags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the brief to `PATH`, a file, or a folder for several documents or a folder of reports (default: standard output)"},
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "markdown", Usage: "output `FORMAT`: markdown or json (the brief with usage and source details)"},
		&cli.BoolFlag{Name: "force", Usage: "overwrite an existing output file"},
		&cli.StringFlag{Name: "engine", Value: "auto", EnvVars: []string{"BRIEF_ENGINE"}, Usage: "`ENGINE` that writes the brief: auto (llm if an endpoint is configured, else extractive), llm or extractive"},
		&cli.StringFlag{Name: "api-key", EnvVars: []string{"OPENAI_API_KEY"}, Usage: "API `KEY` for the endpoint (never printed or stored)"},
		&cli.StringFlag{Name: "base-url", EnvVars: []string{"OPENAI_BASE_URL"}, Usage: "`URL` of an OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama (default: OpenAI)"},
		&cli.StringFlag{Name: "model", Aliases: []string{"m"}, EnvVars: []string{"BRIEF_MODEL"}, Value: summarize.DefaultModel, Usage: "model `NAME`"},
		&cli.IntFlag{Name: "context-tokens", EnvVars: []string{"BRIEF_CONTEXT_TOKENS"}, DefaultText: "asked from the server, else known models, else 8192", Usage: "the model's context window in `TOKENS` (the server's tokens)"},
		&cli.IntFlag{Name: "max-output-tokens", EnvVars: []string{"BRIEF_MAX_OUTPUT_TOKENS"}, DefaultText: "2048", Usage: "longest answer per request in `TOKENS`"},
		&cli.IntFlag{Name: "chunk-tokens", DefaultText: "6000", Usage: "largest piece of report per request in `TOKENS`; smaller gives more faithful notes"},
		&cli.IntFlag{Name: "concurrency", Aliases: []string{"c"}, Value: 4, EnvVars: []string{"BRIEF_CONCURRENCY"}, Usage: "parallel requests (`N`)"},
		&cli.DurationFlag{Name: "timeout", Value: 120 * time.Second, EnvVars: []string{"BRIEF_TIMEOUT"}, Usage: "per-request `DURATION`, e.g. 90s (offline: per document)"},
		&cli.IntFlag{Name: "rpm", EnvVars: []string{"BRIEF_RPM"}, DefaultText: "unlimited, or the server's advertised limit", Usage: "at most `N` requests per minute"},
		&cli.IntFlag{Name: "tpm", EnvVars: []string{"BRIEF_TPM"}, DefaultText: "unlimited, or the server's advertised limit", Usage: "at most `N` tokens per minute"},
		&cli.IntFlag{Name: "max-retries", Value: 5, Usage: "retries of a request that failed in a way retrying can fix (`N`)"},
		&cli.BoolFlag{Name: "no-stream", Usage: "ask for whole answers instead of streamed ones (for servers that stream badly)"},
		&cli.StringSliceFlag{Name: "include", Usage: "with a folder, only files matching `GLOB` (on the name, or on the path if it has a /); repeatable"},
		&cli.StringSliceFlag{Name: "exclude", Usage: "with a folder, skip files and folders matching `GLOB`; repeatable"},
		&cli.BoolFlag{Name: "hidden", Usage: "with a folder, include hidden files and folders"},
		&cli.BoolFlag{Name: "follow-symlinks", Usage: "with a folder, also follow symbolic links that lead out of it (by default they are skipped and listed)"},
		&cli.BoolFlag{Name: "plan", Usage: "send nothing: print the chunks, requests, tokens and estimated cost per document"},
		&cli.Float64Flag{Name: "max-cost", EnvVars: []string{"BRIEF_MAX_COST"}, Usage: "refuse to start, or stop before, spending more than `USD` at the model's price"},
		&cli.Float64Flag{Name: "price-in", EnvVars: []string{"BRIEF_PRICE_IN"}, DefaultText: "list price of known models", Usage: "price of input tokens in `USD` per million"},
		&cli.Float64Flag{Name: "price-out", EnvVars: []string{"BRIEF_PRICE_OUT"}, DefaultText: "list price of known models", Usage: "price of output tokens in `USD` per million"},
		&cli.StringFlag{Name: "cache-dir", EnvVars: []string{"BRIEF_CACHE_DIR"}, DefaultText: "the user cache folder, e.g. ~/.cache/brief", Usage: "keep the response cache in `DIR`"},
		&cli.BoolFlag{Name: "no-cache", Usage: "neither read nor write the response cache"},
		&cli.StringFlag{Name: "citations", Value: "footnote", Usage: "`STYLE` of source citations in markdown: footnote ([12, 14] markers and a Sources list), inline ([¶12 p. 3] markers) or none"},
		&cli.StringFlag{Name: "verify", Value: "check", Usage: "`MODE` of the grounding check: check (list facts the report does not contain), llm (also ask the model once to correct them), or none"},
		&cli.BoolFlag{Name: "no-verify", Usage: "skip the grounding check (same as --verify none)"},
		&cli.BoolFlag{Name: "strict", Usage: "exit with code 5 when the brief states facts the report does not contain (the brief is still written)"},
		&cli.BoolFlag{Name: "allow-links", Usage: "keep links, images and HTML in the brief even when the report does not contain their targets"},
		&cli.StringFlag{Name: "length", Value: "medium", Usage: "`LENGTH` of an extractive brief: short, medium or long"},
		&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "log progress on standard error"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "log nothing but errors"},
	}, append(batchFlags(), configFlags()...)...)
}

// config is everything the flags and environment say, checked.
type config struct {
	output, format   string
	force, quiet     bool
	verbose          bool
	timeout          time.Duration // --timeout: per request, or per document offline
	plan             bool
	include, exclude []string
	hidden           bool
	followLinks      bool // --follow-symlinks
	engine           summarize.Engine
	engineNote       string // said once on stderr when auto picks extractive
	cacheDir         string // "" for no cache
	render           summarize.RenderOptions
	strict           bool
	renderKey        string // rendering settings, for the batch manifest
	shard            shard  // --shard: the share of a folder's documents to take
	opt              summarize.Options
}

// ext is the extension of output files in a batch.
func (c config) ext() string {
	if c.format == "json" {
		return ".json"
	}
	return ".md"
}

// parseConfig checks the flags; logs go to logw (the progress display).
func parseConfig(c *cli.Context, logw io.Writer) (config, error) {
	cfg := config{
		output: c.String("output"), format: c.String("format"), force: c.Bool("force"), quiet: c.Bool("quiet"), verbose: c.Bool("verbose"),
		timeout: c.Duration("timeout"),
		plan:    c.Bool("plan"), include: c.StringSlice("include"), exclude: c.StringSlice("exclude"), hidden: c.Bool("hidden"),
		followLinks: c.Bool("follow-symlinks"),
	}
	// Contradictions are mistakes, not choices for brief to make silently.
	if cfg.quiet && cfg.verbose {
		return cfg, usagef("--quiet and --verbose contradict each other; give one.")
	}
	if c.Bool("no-verify") && c.IsSet("verify") && c.String("verify") != "none" {
		return cfg, usagef("--no-verify and --verify %s contradict each other; give one.", c.String("verify"))
	}
	if cfg.plan && cfg.output != "" {
		return cfg, usagef("--plan writes nothing, so -o has no use; drop -o (the plan prints on standard output: redirect it with > FILE).")
	}
	for _, g := range append(append([]string{}, cfg.include...), cfg.exclude...) {
		if _, err := path.Match(g, ""); err != nil {
			return cfg, usagef("bad pattern %q: %v.", g, err)
		}
	}
	switch cfg.format {
	case "markdown", "md":
		cfg.format = "markdown"
	case "json":
	default:
		return cfg, usagef("unknown --format %q; use markdown or json.", cfg.format)
	}
	switch c.String("citations") {
	case "footnote", "":
		cfg.render.Citations = summarize.CitationsFootnote
	case "inline":
		cfg.render.Citations = summarize.CitationsInline
	case "none":
		cfg.render.Citations = summarize.CitationsNone
	default:
		return cfg, usagef("unknown --citations %q; use footnote, inline or none.", c.String("citations"))
	}
	cfg.render.AllowLinks = c.Bool("allow-links")
	switch v := c.String("verify"); {
	case c.Bool("no-verify") || v == "none":
		cfg.opt.Verify = summarize.VerifyNone
	case v == "check" || v == "":
		cfg.opt.Verify = summarize.VerifyCheck
	case v == "llm":
		cfg.opt.Verify = summarize.VerifyLLM
	default:
		return cfg, usagef("unknown --verify %q; use check, llm or none.", v)
	}
	cfg.strict = c.Bool("strict")
	sh, err := parseShard(c.String("shard"))
	if err != nil {
		return cfg, err
	}
	cfg.shard = sh
	if cfg.strict && cfg.opt.Verify == summarize.VerifyNone {
		return cfg, usagef("--strict needs the grounding check; drop --no-verify.")
	}
	cfg.renderKey = fmt.Sprintf("%d/%t/%d", cfg.render.Citations, cfg.render.AllowLinks, cfg.opt.Verify)
	logLevel := slog.LevelWarn
	switch {
	case c.Bool("quiet"):
		logLevel = slog.LevelError + 1
	case c.Bool("verbose"):
		logLevel = slog.LevelInfo
	}
	opt := summarize.Options{
		Model:             c.String("model"),
		ContextTokens:     c.Int("context-tokens"),
		MaxOutputTokens:   c.Int("max-output-tokens"),
		ChunkTokens:       c.Int("chunk-tokens"),
		Concurrency:       c.Int("concurrency"),
		MaxRetries:        c.Int("max-retries"),
		RequestsPerMinute: c.Int("rpm"),
		TokensPerMinute:   c.Int("tpm"),
		Logger:            newLogger(logw, logLevel),
	}
	if opt.MaxRetries == 0 {
		opt.MaxRetries = -1
	}
	for name, v := range map[string]int{"context-tokens": opt.ContextTokens, "max-output-tokens": opt.MaxOutputTokens, "chunk-tokens": opt.ChunkTokens, "max-retries": c.Int("max-retries"), "rpm": opt.RequestsPerMinute, "tpm": opt.TokensPerMinute} {
		if v < 0 {
			return cfg, usagef("--%s cannot be negative.", name)
		}
	}
	if opt.Concurrency < 1 {
		return cfg, usagef("--concurrency must be at least 1.")
	}
	switch c.String("length") {
	case "short":
		opt.Length = summarize.LengthShort
	case "medium", "":
		opt.Length = summarize.LengthMedium
	case "long":
		opt.Length = summarize.LengthLong
	default:
		return cfg, usagef("unknown --length %q; use short, medium or long.", c.String("length"))
	}

	key, baseURL := strings.TrimSpace(c.String("api-key")), strings.TrimSpace(c.String("base-url"))
	// Batch files need no endpoint: another engine answers them.
	configured := key != "" || baseURL != "" || batchMode(c)
	switch e := c.String("engine"); e {
	case "auto", "":
		cfg.engine = summarize.EngineExtractive
		if configured {
			cfg.engine = summarize.EngineLLM
		} else if !cfg.plan {
			cfg.engineNote = "no LLM endpoint configured (set OPENAI_API_KEY or OPENAI_BASE_URL, or pick a profile: brief config init); writing an extractive brief offline."
		}
	case "llm":
		// A plan of --engine llm prices a model run without an endpoint.
		if !configured && !cfg.plan {
			return cfg, summarize.ErrNoEndpoint
		}
		cfg.engine = summarize.EngineLLM
	case "extractive":
		cfg.engine = summarize.EngineExtractive
	default:
		return cfg, usagef("unknown --engine %q; use auto, llm or extractive.", e)
	}
	if cfg.engine == summarize.EngineExtractive && cfg.opt.Verify == summarize.VerifyLLM {
		return cfg, usagef("--verify llm needs a model, but this run is offline (no endpoint configured, or --engine extractive); set OPENAI_API_KEY or OPENAI_BASE_URL, or use --verify check.")
	}
	opt.Engine = cfg.engine
	opt.Verify = cfg.opt.Verify
	opt.Price = priceOf(opt.Model)
	if c.IsSet("price-in") || c.IsSet("price-out") {
		opt.Price = summarize.Price{InputPerMillion: c.Float64("price-in"), OutputPerMillion: c.Float64("price-out")}
	}
	opt.MaxCostUSD = c.Float64("max-cost")
	if opt.MaxCostUSD < 0 || opt.Price.InputPerMillion < 0 || opt.Price.OutputPerMillion < 0 {
		return cfg, usagef("--max-cost, --price-in and --price-out cannot be negative.")
	}
	if opt.MaxCostUSD > 0 && cfg.engine == summarize.EngineLLM && !opt.Price.Known() {
		return cfg, usagef("--max-cost needs the model's price; %q is not in the price table, so set --price-in and --price-out.", opt.Model)
	}
	if cfg.engine == summarize.EngineLLM && !c.Bool("no-cache") {
		cfg.cacheDir = c.String("cache-dir")
		if cfg.cacheDir == "" {
			base, err := os.UserCacheDir()
			if err != nil {
				return cfg, usagef("no user cache folder (%v); set --cache-dir or --no-cache.", err)
			}
			cfg.cacheDir = cache.DefaultDir(base)
		}
		opt.CacheScope = baseURL
	}
	if cfg.engine == summarize.EngineLLM {
		if baseURL != "" && !strings.HasPrefix(baseURL, "http://") && !strings.HasPrefix(baseURL, "https://") {
			return cfg, usagef("--base-url %q is not an http:// or https:// URL.", baseURL)
		}
		opt.Completer = summarize.NewOpenAI(summarize.OpenAIConfig{
			BaseURL:     baseURL,
			APIKey:      key,
			Model:       opt.Model,
			Temperature: openAITemperature,
			Stream:      !c.Bool("no-stream"),
			HTTPClient:  &http.Client{Timeout: c.Duration("timeout")},
		})
	}
	cfg.opt = opt
	return cfg, nil
}

func summarizeCmd(c *cli.Context, stdin io.Reader, stdout, stderr io.Writer) error {
	prog := newProgress(stderr, c.Bool("quiet"))
	defer prog.finish()
	cfg, err := parseConfig(c, prog)
	if err != nil {
		return err
	}
	inputs := c.Args().Slice()
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	folder := false
	for _, in := range inputs {
		if in != "-" && isDir(in) {
			folder = true
		}
		if in == "-" && len(inputs) > 1 {
			return usagef("standard input (-) cannot be mixed with files.")
		}
	}
	batch := len(inputs) > 1 || folder || (!cfg.plan && (strings.HasSuffix(cfg.output, "/") || isDir(cfg.output)))
	if batch && cfg.output != "" && !cfg.plan {
		if fileExists(cfg.output) && !isDir(cfg.output) {
			return usagef("%s is a file; with several documents -o must name a folder.", cfg.output)
		}
		if !fileExists(cfg.output) && !strings.HasSuffix(cfg.output, "/") && path.Ext(cfg.output) != "" {
			// -o two.md with two inputs: a file name, not a folder to create.
			return usagef("-o %s looks like a file name, but there are several documents; give a folder (-o %s/ if that is the name you mean).",
				cfg.output, strings.TrimSuffix(cfg.output, "/"))
		}
	}
	if batchMode(c) {
		return runBatchAPI(c, cfg, inputs, stdin, stdout, stderr)
	}
	if cfg.plan {
		return runPlan(c.Context, cfg, inputs, stdin, stdout)
	}

	// Everything that can be checked is checked before any work: the plan
	// of output names, files in the way, and that the output is writable.
	var bp *batchPlan
	if batch {
		if bp, err = planBatch(c.Context, cfg, inputs); err != nil {
			return err
		}
	} else if cfg.output != "" {
		if !cfg.force && fileExists(cfg.output) {
			return usagef("%s already exists; use --force to overwrite it.", cfg.output)
		}
		if err := checkWritable(filepath.Dir(cfg.output)); err != nil {
			return err
		}
	}
	if cfg.opt.MaxCostUSD > 0 {
		w, err := checkEstimate(c.Context, cfg, inputs, stdin)
		if err != nil {
			return err
		}
		cfg.opt.Window = w
	}
	if bp != nil {
		if err := bp.prepareOutput(cfg.output); err != nil {
			return err
		}
	}
	if cfg.cacheDir != "" {
		rc, err := cache.Open(cfg.cacheDir, cache.Options{})
		if err != nil {
			fmt.Fprintf(prog, "brief: warning: %s; going on without the response cache.\n", cacheProblem(cfg.cacheDir, err))
		} else {
			defer rc.Close()
			cfg.opt.Cache = rc
		}
	}
	cfg.opt.OnUsage = prog.usage
	s, err := summarize.New(cfg.opt)
	if err != nil {
		return err
	}
	note := func() {
		if cfg.engineNote != "" && !cfg.quiet {
			fmt.Fprintln(prog, "brief: "+cfg.engineNote)
		}
	}
	if batch {
		note()
		prog.show(len(bp.jobs)+len(bp.problems), true)
		return runBatch(c.Context, cfg, s, bp, cfg.output, stderr, prog)
	}

	in, err := interruptible(c.Context, func() (summarize.Input, error) { return readReport(inputs[0], stdin) })
	if err != nil {
		cfg.opt.Logger.Info("the input could not be read", "detail", err.Error())
		return err
	}
	note()
	if cfg.opt.MaxCostUSD > 0 {
		plan, err := interruptible(c.Context, func() (summarize.Plan, error) { return s.PlanContext(c.Context, in) })
		if err != nil {
			return err
		}
		if est := cfg.opt.Price.Cost(summarize.Usage{PromptTokens: plan.InputTokens, CompletionTokens: plan.OutputTokens}); est > cfg.opt.MaxCostUSD {
			return &costError{estimate: est, max: cfg.opt.MaxCostUSD}
		}
	}
	ctx, cancel := documentContext(c.Context, cfg)
	defer cancel()
	prog.show(-1, cfg.engine == summarize.EngineLLM)
	prog.begin(displayName(inputs[0]))
	b, err := s.Summarize(ctx, in)
	prog.finish()
	if err != nil {
		if cause := context.Cause(ctx); c.Context.Err() == nil && cause != nil && cause != err {
			return cause
		}
		return err
	}
	out, err := renderBrief(b, cfg)
	if err != nil {
		return err
	}
	if err := c.Context.Err(); err != nil {
		return err // interrupted after the work: still nothing written
	}
	if cfg.output == "" {
		err = writeBrief(c, cfg, stdout, out)
	} else {
		err = writeFileAtomic(cfg.output, out, cfg.force)
	}
	if err != nil {
		return err
	}
	warnUnverified(prog, "", b, cfg.quiet)
	if n := unsupportedCount(b); cfg.strict && n > 0 {
		return &strictError{n: n}
	}
	return nil
}

// documentContext is the context of one document's work. Offline there
// are no requests for --timeout to bound: it bounds the whole document.
func documentContext(ctx context.Context, cfg config) (context.Context, context.CancelFunc) {
	if cfg.engine != summarize.EngineExtractive || cfg.timeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, cfg.timeout, &offlineTimeout{cfg.timeout})
}

// offlineTimeout is --timeout reached by the offline engine.
type offlineTimeout struct{ d time.Duration }

func (e *offlineTimeout) Error() string {
	return fmt.Sprintf("the offline brief took longer than --timeout %s; raise --timeout for so long a report", e.d)
}

// displayName is how an input is named on the progress line.
func displayName(in string) string {
	if in == "-" {
		return "standard input"
	}
	return filepath.Base(in)
}

// cacheProblem says why the response cache cannot be used, from the
// error's type: a full disk or a read-only folder is no damaged cache.
func cacheProblem(dir string, err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Sprintf("the disk holding the response cache %s is full", dir)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return fmt.Sprintf("the response cache folder %s is not writable (set --cache-dir to another folder, or --no-cache)", dir)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Sprintf("the response cache folder %s cannot be made: a file is in the way (set --cache-dir to another folder)", dir)
	case errors.Is(err, cache.ErrCorrupt), errors.Is(err, cache.ErrNewerSchema):
		return fmt.Sprintf("the response cache in %s cannot be used (%v); 'brief cache clear' resets it", dir, err)
	}
	return fmt.Sprintf("the response cache in %s cannot be used (%v)", dir, unwrapPathError(err))
}

// warnUnverified says on stderr which facts of the brief the report does
// not contain.
func warnUnverified(stderr io.Writer, name string, b *summarize.Brief, quiet bool) {
	v := b.Verification
	if v == nil || quiet || len(v.Unsupported)+len(v.Misplaced) == 0 {
		return
	}
	prefix := "brief: warning: "
	if name != "" {
		prefix += safetext.Name(name) + ": "
	}
	list := func(us []summarize.Unsupported) string {
		var parts []string
		for _, u := range us {
			// The text and the section heading come from the model.
			parts = append(parts, fmt.Sprintf("%s %q (%s)", u.Kind, cleanLine(u.Text), cleanLine(u.Section)))
		}
		return strings.Join(parts, ", ")
	}
	if len(v.Unsupported) > 0 {
		fmt.Fprintf(stderr, "%s%s: %s.\n", prefix, plural(len(v.Unsupported), "fact in the brief was not found in the report", "facts in the brief were not found in the report"), list(v.Unsupported))
	}
	if len(v.Misplaced) > 0 {
		fmt.Fprintf(stderr, "%s%s: %s.\n", prefix, plural(len(v.Misplaced), "fact is in the report but not where the brief draws on it", "facts are in the report but not where the brief draws on it"), list(v.Misplaced))
	}
}

func unsupportedCount(b *summarize.Brief) int {
	if b.Verification == nil {
		return 0
	}
	return len(b.Verification.Unsupported)
}

// strictError is --strict finding facts the report does not contain.
type strictError struct{ n int }

func (e *strictError) Error() string {
	return fmt.Sprintf("--strict: the brief states %s that the report does not contain (listed above); the brief was written.", plural(e.n, "fact", "facts"))
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return p != "" && err == nil && st.IsDir()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// interruptible runs f, a step that sends nothing and does not watch ctx
// (parsing a large PDF, counting tokens), and returns ctx's error as soon as
// ctx is done, so that Ctrl-C is honoured at once. f finishes unobserved.
func interruptible[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type outcome struct {
		v   T
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		v, err := f()
		done <- outcome{v, err}
	}()
	select {
	case o := <-done:
		return o.v, o.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// readReport reads the report at path, or standard input for "-".
func readReport(path string, stdin io.Reader) (summarize.Input, error) {
	if path == "-" {
		if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			return summarize.Input{}, usagef("no report given; pass a file name or pipe a report into brief (see brief --help).")
		}
		return summarize.ReadInput(stdin, "")
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return summarize.Input{}, usagef("%s does not exist.", safetext.Name(path))
		}
		return summarize.Input{}, usagef("cannot open %s: %v.", safetext.Name(path), unwrapPathError(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return summarize.Input{}, usagef("%s is a directory; give brief a file.", safetext.Name(path))
	}
	return summarize.ReadInput(f, filepath.Base(path))
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// renderBrief renders the brief in the configured format.
func renderBrief(b *summarize.Brief, cfg config) ([]byte, error) {
	if cfg.format == "json" {
		out, err := json.MarshalIndent(b, "", "  ")
		if err != nil {
			return nil, err
		}
		return append(out, '\n'), nil
	}
	return []byte(b.Markdown(cfg.render)), nil
}

// writeFileAtomic writes data to a temporary file beside path and renames it
// into place, so that path never holds a partial brief.
func writeFileAtomic(path string, data []byte, force bool) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	// CreateTemp makes the file 0600; a brief is an ordinary document.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if !force {
		// Link fails if path appeared meanwhile: never clobber without --force.
		if err := os.Link(tmp.Name(), path); err != nil {
			if errors.Is(err, os.ErrExist) {
				return usagef("%s already exists; use --force to overwrite it.", path)
			}
			return os.Rename(tmp.Name(), path)
		}
		return nil
	}
	return os.Rename(tmp.Name(), path)
}
