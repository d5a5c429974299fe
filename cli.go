package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/brief-cli/brief/internal/batch"
	"github.com/brief-cli/brief/internal/cache"
	"github.com/brief-cli/brief/internal/fetch"
	"github.com/brief-cli/brief/internal/safetext"
	"github.com/brief-cli/brief/summarize"
	"github.com/brief-cli/brief/summarize/openai"
)

const description = `brief reads a long report (text, markdown, HTML or PDF) from a file, a URL or
standard input and writes a short markdown brief: a title and date line, a lead paragraph,
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
   brief https://example.org/report.pdf  a web page or PDF, fetched and briefed like a file
   brief --language en --focus "what does this mean for allies?" report-ru.txt
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
		UsageText:       "brief [options] [REPORT]\n   cat REPORT | brief [options]\n   brief [options] -o DIR REPORT|FOLDER...\n   brief cache stats|clear\n   brief batch list|status|cancel\n   brief index DIR\n   brief prompts list|show NAME|export DIR\n   brief config path|show|init\n   brief providers\n   brief completion bash|zsh|fish",
		Description:     description,
		Reader:          stdin,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		Flags:           flags(),
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError:    usageErrorFor(args),
		Commands: checkedCommands(args, cacheCommand(stdout), batchCommand(stdout), indexCommand(stdout), promptsCommand(stdout),
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
		&cli.IntFlag{Name: "chunk-tokens", DefaultText: "5/8 of the window, 6000 to 16000", Usage: "largest piece of report per request in `TOKENS`; smaller gives more faithful notes"},
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
	}, append(append(batchFlags(), aimFlags()...), configFlags()...)...)
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
	shard            batch.Shard // --shard: the share of a folder's documents to take
	opt              summarize.Options
}

// outFormat is the format of brief files.
func (c config) outFormat() batch.Format {
	if c.format == "json" {
		return batch.JSON
	}
	return batch.Markdown
}

// batchOptions are the options of a batch over inputs.
func (c config) batchOptions(inputs []string, events batch.Events) batch.Options {
	return batch.Options{
		Inputs: inputs, Output: c.output, Format: c.outFormat(), Render: c.render, Force: c.force,
		Include: c.include, Exclude: c.exclude, Hidden: c.hidden, FollowLinks: c.followLinks, Shard: c.shard,
		Strict: c.strict, CacheDir: c.cacheDir, Timeout: c.timeout, Summarize: c.opt, Events: events,
	}
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
	var want summarize.Engine
	switch e := c.String("engine"); e {
	case "auto", "":
	case "llm", "extractive":
		want = summarize.Engine(e)
	default:
		return cfg, usagef("unknown --engine %q; use auto, llm or extractive.", e)
	}
	if cfg.engine, err = summarize.PickEngine(want, configured); errors.Is(err, summarize.ErrNoEndpoint) && cfg.plan {
		// A plan of --engine llm prices a model run without an endpoint.
		cfg.engine, err = summarize.EngineLLM, nil
	}
	if err != nil {
		return cfg, err
	}
	if want == "" && cfg.engine == summarize.EngineExtractive && !cfg.plan {
		cfg.engineNote = "no LLM endpoint configured (set OPENAI_API_KEY or OPENAI_BASE_URL, or pick a profile: brief config init); writing an extractive brief offline."
	}
	if cfg.engine == summarize.EngineExtractive && cfg.opt.Verify == summarize.VerifyLLM {
		return cfg, usagef("--verify llm needs a model, but this run is offline (no endpoint configured, or --engine extractive); set OPENAI_API_KEY or OPENAI_BASE_URL, or use --verify check.")
	}
	opt.Engine = cfg.engine
	opt.Verify = cfg.opt.Verify
	if err := applyAim(c, &opt); err != nil {
		return cfg, err
	}
	opt.Price = summarize.LookupModel(opt.Model).Price
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
		opt.Completer = openai.New(openai.Config{
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
		if fetch.IsURL(in) && (len(inputs) > 1 || cfg.plan || cfg.opt.MaxCostUSD > 0 || batchMode(c)) {
			return usagef("a URL is briefed on its own, without --plan, --max-cost or --batch-api; give it alone, or download it and brief the file.")
		}
	}
	many := len(inputs) > 1 || folder || (!cfg.plan && (strings.HasSuffix(cfg.output, "/") || isDir(cfg.output)))
	if many && cfg.output != "" && !cfg.plan {
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
		return runBatchAPI(c, cfg, inputs, stdin, stdout, prog)
	}
	if cfg.plan {
		return runPlan(c.Context, cfg, inputs, stdin, stdout)
	}
	note := func() {
		if cfg.engineNote != "" && !cfg.quiet {
			fmt.Fprintln(prog, "brief: "+cfg.engineNote)
		}
	}
	if many {
		return runBatch(c.Context, cfg, inputs, stderr, prog, note)
	}
	return runOne(c.Context, cfg, inputs[0], stdin, terminalOut(c, cfg, stdout), prog, note)
}

// runBatch summarizes the documents under inputs into the folder -o.
func runBatch(ctx context.Context, cfg config, inputs []string, stderr io.Writer, prog *progress, note func()) error {
	cfg.opt.OnUsage = prog.usage
	rep, err := batch.Run(ctx, cfg.batchOptions(inputs, &display{prog: prog, cfg: cfg, note: note}))
	prog.finish()
	if rep != nil {
		summaryTable(stderr, rep, cfg)
	}
	return err
}

// runOne summarizes one document into -o or onto standard output.
func runOne(ctx context.Context, cfg config, input string, stdin io.Reader, stdout io.Writer, prog *progress, note func()) error {
	cfg.opt.OnUsage = prog.usage
	d := &display{prog: prog, cfg: cfg, note: note, one: true}
	return batch.One(ctx, cfg.batchOptions(nil, d), func() (io.ReadCloser, string, error) { return openInput(ctx, input, stdin, cfg.timeout) }, stdout)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return p != "" && err == nil && st.IsDir()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// openReport opens the report at path, or standard input for "-", and
// gives its name for the brief ("" for standard input).
func openReport(path string, stdin io.Reader) (io.ReadCloser, string, error) {
	if path == "-" {
		if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			return nil, "", usagef("no report given; pass a file name or pipe a report into brief (see brief --help).")
		}
		return io.NopCloser(stdin), "", nil
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, "", usagef("%s does not exist.", safetext.Name(path))
		}
		return nil, "", usagef("cannot open %s: %v.", safetext.Name(path), unwrapPathError(err))
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, "", usagef("%s is a directory; give brief a file.", safetext.Name(path))
	}
	return f, filepath.Base(path), nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
