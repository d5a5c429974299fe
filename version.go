package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// versionLine is what --version prints: the module version and the VCS
// revision the binary was built from, as the Go toolchain recorded them.
func versionLine(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "brief (no build information)"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var rev, when string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	line := "brief " + version
	switch {
	case rev == "":
		line += ", revision unknown (built without VCS information)"
	default:
		if len(rev) > 12 {
			rev = rev[:12]
		}
		line += ", revision " + rev
		if when != "" {
			line += " of " + when
		}
		if dirty {
			line += " with local changes"
		}
	}
	return line + ", " + info.GoVersion
}

// runMain is the root action: --version, then the config file, then the
// brief.
func runMain(c *cli.Context, args []string, run func() error) error {
	if c.Bool("version") {
		info, ok := debug.ReadBuildInfo()
		fmt.Fprintln(c.App.Writer, versionLine(info, ok))
		return nil
	}
	if err := loadSettings(c, args); err != nil {
		return err
	}
	return run()
}

// unknownFlag finds the first option in args that none of flags knows,
// as the user typed it (without any =value): the flag package's message
// says -frobnicate for --frobnicate.
func unknownFlag(args []string, flags []cli.Flag) (string, bool) {
	flags = append(slices.Clone(flags), cli.HelpFlag)
	unknown := ""
	walkFlags(args, flags, func(typed string, f cli.Flag) {
		if f == nil && unknown == "" {
			unknown = typed
		}
	})
	return unknown, unknown != ""
}

// usageErrorFor is the OnUsageError of the root and of every command:
// one sentence, exit 2, and an unknown flag named as it was typed.
func usageErrorFor(args []string) cli.OnUsageErrorFunc {
	return func(c *cli.Context, err error, _ bool) error {
		flags := slices.Clone(c.App.Flags)
		if c.Command != nil {
			flags = append(flags, c.Command.Flags...)
		}
		if typed, ok := unknownFlag(args, flags); ok {
			return usagef("unknown flag %s; see brief --help.", typed)
		}
		return usagef("%v; see brief --help.", err)
	}
}

// checkedCommands gives every command an OnUsageError, and every command
// with subcommands an action that refuses an unknown one (`brief cache
// bogus`) instead of printing help and exiting 0.
func checkedCommands(args []string, cmds ...*cli.Command) []*cli.Command {
	for _, cmd := range cmds {
		cmd.OnUsageError = usageErrorFor(args)
		if cmd.Name == "batch" {
			for _, sub := range cmd.Subcommands {
				if lookupFlag(sub.Flags, "base-url") != nil {
					sub.Before = endpointFromProfile(args)
				}
			}
		}
		if len(cmd.Subcommands) == 0 {
			continue
		}
		checkedCommands(args, cmd.Subcommands...)
		if cmd.Action != nil {
			continue
		}
		var names []string
		for _, s := range cmd.Subcommands {
			names = append(names, s.Name)
		}
		cmd.Action = func(c *cli.Context) error {
			if !c.Args().Present() {
				return cli.ShowSubcommandHelp(c)
			}
			return usagef("unknown command 'brief %s %s'; use %s.", cmd.Name, c.Args().First(), strings.Join(names, ", "))
		}
	}
	return cmds
}

// subcommandNames are the root's commands, which interspersed leaves alone.
var subcommandNames = []string{"cache", "batch", "index", "prompts", "config", "providers", "completion"}

// completionCommand is `brief completion bash|zsh|fish`.
func completionCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script: bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: `Load it in the shell's start-up file:
   bash:  source <(brief completion bash)          (in ~/.bashrc)
   zsh:   source <(brief completion zsh)           (in ~/.zshrc, after compinit)
   fish:  brief completion fish > ~/.config/fish/completions/brief.fish`,
		Action: func(c *cli.Context) error {
			if c.Args().Len() != 1 {
				return usagef("brief completion takes one shell: bash, zsh or fish.")
			}
			root := c.App
			switch sh := c.Args().First(); sh {
			case "bash":
				io.WriteString(stdout, bashCompletion(root))
			case "zsh":
				io.WriteString(stdout, zshCompletion(root))
			case "fish":
				io.WriteString(stdout, fishCompletion(root))
			default:
				return usagef("no completion for %q; brief completes in bash, zsh and fish.", sh)
			}
			return nil
		},
	}
}

// completionFlag is what the scripts need to know of a flag.
type completionFlag struct {
	names  []string // long first
	usage  string
	values []string // fixed choices, if any
	file   bool     // takes a file or folder
	value  bool     // takes a value
}

// valueChoices are the fixed values of flags that have them.
var valueChoices = map[string][]string{
	"format": {"markdown", "json"}, "engine": {"auto", "llm", "extractive"},
	"citations": {"footnote", "inline", "none"}, "verify": {"check", "llm", "none"},
	"length": {"short", "medium", "long"},
}

var fileFlags = []string{"output", "cache-dir", "config", "batch-export", "batch-import", "prompts"}

func completionFlags(app *cli.App) []completionFlag {
	var out []completionFlag
	for _, f := range app.Flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		_, isBool := f.(*cli.BoolFlag)
		cf := completionFlag{names: f.Names(), value: !isBool}
		if d, ok := f.(cli.DocGenerationFlag); ok {
			cf.usage = strings.ReplaceAll(d.GetUsage(), "`", "")
		}
		cf.values = valueChoices[cf.names[0]]
		cf.file = slices.Contains(fileFlags, cf.names[0])
		out = append(out, cf)
	}
	return out
}

func dashed(n string) string {
	if len(n) == 1 {
		return "-" + n
	}
	return "--" + n
}

func commandNames(app *cli.App) []string {
	var names []string
	for _, c := range app.Commands {
		if !c.Hidden {
			names = append(names, c.Name)
		}
	}
	return names
}

func bashCompletion(app *cli.App) string {
	var all []string
	var cases strings.Builder
	for _, f := range completionFlags(app) {
		var opts []string
		for _, n := range f.names {
			opts = append(opts, dashed(n))
		}
		all = append(all, opts...)
		switch {
		case f.values != nil:
			fmt.Fprintf(&cases, "    %s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return;;\n", strings.Join(opts, "|"), strings.Join(f.values, " "))
		case f.names[0] == "profile":
			fmt.Fprintf(&cases, "    %s) COMPREPLY=($(compgen -W \"$(sed -n 's/^\\[profiles\\.\\(.*\\)\\]/\\1/p' \"$(brief config path 2>/dev/null)\" 2>/dev/null)\" -- \"$cur\")); return;;\n", strings.Join(opts, "|"))
		case f.file:
			fmt.Fprintf(&cases, "    %s) COMPREPLY=($(compgen -f -- \"$cur\")); return;;\n", strings.Join(opts, "|"))
		case f.value:
			fmt.Fprintf(&cases, "    %s) return;;\n", strings.Join(opts, "|"))
		}
	}
	var sub strings.Builder
	for _, c := range app.Commands {
		var names []string
		for _, s := range c.Subcommands {
			names = append(names, s.Name)
		}
		if c.Name == "completion" {
			names = []string{"bash", "zsh", "fish"}
		}
		if len(names) > 0 {
			fmt.Fprintf(&sub, "    %s) [[ $COMP_CWORD -eq 2 ]] && COMPREPLY=($(compgen -W %q -- \"$cur\")); return;;\n", c.Name, strings.Join(names, " "))
		}
	}
	return fmt.Sprintf(`# bash completion for brief; load with: source <(brief completion bash)
_brief() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case "$prev" in
%s  esac
  case "${COMP_WORDS[1]}" in
%s  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W %q -- "$cur"))
  elif [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W %q -- "$cur") $(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _brief brief
`, cases.String(), sub.String(), strings.Join(all, " "), strings.Join(commandNames(app), " "))
}

// zshQuote escapes text for a single-quoted _arguments spec.
func zshQuote(s string) string {
	s = strings.NewReplacer("'", `'\''`, "[", `\[`, "]", `\]`, ":", `\:`).Replace(s)
	return s
}

func zshCompletion(app *cli.App) string {
	var specs strings.Builder
	for _, f := range completionFlags(app) {
		action := ""
		switch {
		case f.values != nil:
			action = ":value:(" + strings.Join(f.values, " ") + ")"
		case f.file:
			action = ":path:_files"
		case f.value:
			action = ":value: "
		}
		names := make([]string, len(f.names))
		for i, n := range f.names {
			names[i] = dashed(n)
		}
		excl := ""
		if len(names) > 1 {
			excl = "(" + strings.Join(names, " ") + ")"
		}
		group := "{" + strings.Join(names, ",") + "}"
		if len(names) == 1 {
			group = names[0]
		}
		fmt.Fprintf(&specs, "    '%s'%s'[%s]%s' \\\n", excl, group, zshQuote(f.usage), action)
	}
	var cmds strings.Builder
	for _, c := range app.Commands {
		if !c.Hidden {
			fmt.Fprintf(&cmds, "      '%s:%s'\n", c.Name, zshQuote(c.Usage))
		}
	}
	return fmt.Sprintf(`#compdef brief
# zsh completion for brief; load with: source <(brief completion zsh)
_brief() {
  local -a commands
  commands=(
%s  )
  _arguments -s \
%s    '1: :{_describe command commands; _files}' \
    '*:report:_files'
}
if [ "$funcstack[1]" = "_brief" ]; then _brief "$@"; else compdef _brief brief; fi
`, cmds.String(), specs.String())
}

func fishCompletion(app *cli.App) string {
	var b strings.Builder
	b.WriteString("# fish completion for brief; save as ~/.config/fish/completions/brief.fish\n")
	b.WriteString("complete -c brief -f\n")
	for _, c := range app.Commands {
		if !c.Hidden {
			fmt.Fprintf(&b, "complete -c brief -n __fish_use_subcommand -a %s -d %s\n", c.Name, fishQuote(c.Usage))
			for _, s := range c.Subcommands {
				fmt.Fprintf(&b, "complete -c brief -n '__fish_seen_subcommand_from %s' -a %s -d %s\n", c.Name, s.Name, fishQuote(s.Usage))
			}
		}
	}
	b.WriteString("complete -c brief -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
	for _, f := range completionFlags(app) {
		fmt.Fprint(&b, "complete -c brief")
		for _, n := range f.names {
			if len(n) == 1 {
				fmt.Fprintf(&b, " -s %s", n)
			} else {
				fmt.Fprintf(&b, " -l %s", n)
			}
		}
		switch {
		case f.values != nil:
			fmt.Fprintf(&b, " -x -a %s", fishQuote(strings.Join(f.values, " ")))
		case f.file:
			b.WriteString(" -r -F")
		case f.value:
			b.WriteString(" -x")
		}
		fmt.Fprintf(&b, " -d %s\n", fishQuote(f.usage))
	}
	b.WriteString("complete -c brief -n 'not __fish_seen_subcommand_from cache batch index prompts config providers completion' -F\n")
	return b.String()
}

func fishQuote(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}
