package main

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/urfave/cli/v2"

	"github.com/brief-cli/brief/internal/batch"
)

// The config file holds defaults and named profiles, so that a run need
// not repeat --base-url, --model and --context-tokens. Precedence, highest
// first: flag, environment, the chosen profile, the file's top-level
// settings, the profile's provider preset, the built-in default.

// settingSpec is one setting of the config file and the flag it defaults.
// A setting whose flag does not exist is shown but not used.
type settingSpec struct{ key, flag string }

var settingSpecs = []settingSpec{
	{"provider", ""},
	{"base_url", "base-url"},
	{"api_key_env", ""},
	{"model", "model"},
	{"engine", "engine"},
	{"context_tokens", "context-tokens"},
	{"max_output_tokens", "max-output-tokens"},
	{"concurrency", "concurrency"},
	{"rpm", "rpm"},
	{"tpm", "tpm"},
	{"price_in", "price-in"},
	{"price_out", "price-out"},
	{"timeout", "timeout"},
	{"language", "language"},
	{"prompts", "prompts"},
}

// profileFile is what a profile, or the top of the file, can set. Pointers
// tell "not set" from zero.
type profileFile struct {
	Provider        *string  `toml:"provider"`
	BaseURL         *string  `toml:"base_url"`
	APIKeyEnv       *string  `toml:"api_key_env"`
	Model           *string  `toml:"model"`
	Engine          *string  `toml:"engine"`
	ContextTokens   *int     `toml:"context_tokens"`
	MaxOutputTokens *int     `toml:"max_output_tokens"`
	Concurrency     *int     `toml:"concurrency"`
	RPM             *int     `toml:"rpm"`
	TPM             *int     `toml:"tpm"`
	PriceIn         *float64 `toml:"price_in"`
	PriceOut        *float64 `toml:"price_out"`
	Timeout         *string  `toml:"timeout"`
	Language        *string  `toml:"language"`
	Prompts         *string  `toml:"prompts"`
}

// configFile is the whole file.
type configFile struct {
	Profile string `toml:"profile"` // used when neither --profile nor BRIEF_PROFILE names one
	profileFile
	Profiles map[string]profileFile `toml:"profiles"`
}

// values are the settings p sets, by key, as flag values.
func (p profileFile) values() map[string]string {
	v := map[string]string{}
	str := func(k string, s *string) {
		if s != nil {
			v[k] = *s
		}
	}
	num := func(k string, n *int) {
		if n != nil {
			v[k] = strconv.Itoa(*n)
		}
	}
	float := func(k string, f *float64) {
		if f != nil {
			v[k] = strconv.FormatFloat(*f, 'g', -1, 64)
		}
	}
	str("provider", p.Provider)
	str("base_url", p.BaseURL)
	str("api_key_env", p.APIKeyEnv)
	str("model", p.Model)
	str("engine", p.Engine)
	num("context_tokens", p.ContextTokens)
	num("max_output_tokens", p.MaxOutputTokens)
	num("concurrency", p.Concurrency)
	num("rpm", p.RPM)
	num("tpm", p.TPM)
	float("price_in", p.PriceIn)
	float("price_out", p.PriceOut)
	str("timeout", p.Timeout)
	str("language", p.Language)
	str("prompts", p.Prompts)
	return v
}

// configFlags are the flags of this file, appended to the root's.
func configFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "profile", EnvVars: []string{"BRIEF_PROFILE"}, Usage: "use the settings of profile `NAME` in the config file (brief config show)"},
		&cli.StringFlag{Name: "config", EnvVars: []string{"BRIEF_CONFIG"}, DefaultText: "$XDG_CONFIG_HOME/brief/config.toml, else ~/.config/brief/config.toml", Usage: "read defaults and profiles from `FILE`"},
		&cli.BoolFlag{Name: "raw", Usage: "print plain markdown on a terminal too (piped output always is)"},
		&cli.BoolFlag{Name: "version", Usage: "print the version and exit"},
	}
}

// origin is a setting's value and where it came from.
type origin struct{ value, source string }

// settings are the effective settings of a run, resolved from flags,
// environment, config file and presets.
type settings struct {
	file        string // the config file's path
	loaded      bool   // it exists and was read
	profile     string // "" for none
	profileFrom string
	values      map[string]origin // by settingSpec key
	key         string            // the API key; never printed
	keyFrom     string            // where the key comes from, "" for none
	keyVar      string            // the variable api_key_env names, when the key comes from it
	setKey      bool              // key replaces --api-key/OPENAI_API_KEY
}

// defaultConfigPath is $XDG_CONFIG_HOME/brief/config.toml, else
// ~/.config/brief/config.toml, on every system alike.
func defaultConfigPath() (string, error) {
	if x := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "brief", "config.toml"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", usagef("no home folder to look for the config file in (%v); set --config or BRIEF_CONFIG.", err)
	}
	return filepath.Join(home, ".config", "brief", "config.toml"), nil
}

// setString is the value of a string flag set on c or any parent (config
// show takes --profile and --config after it as well as before).
func setString(c *cli.Context, name string) string {
	for _, ctx := range c.Lineage() {
		// An empty variable (BRIEF_PROFILE=) counts as set for urfave/cli.
		if v := ctx.String(name); ctx.IsSet(name) && v != "" {
			return v
		}
	}
	return ""
}

// configPath is the config file of this run and whether it was named.
func configPath(c *cli.Context) (string, bool, error) {
	if p := setString(c, "config"); p != "" {
		return p, true, nil
	}
	p, err := defaultConfigPath()
	return p, false, err
}

// keyLike matches setting names that would hold a secret itself.
var keyLike = regexp.MustCompile(`(?i)^(api_?key|key|token|secret|password|.*_(key|token|secret|password))$`)

// envName is what an environment variable's name looks like.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// loadConfigFile reads and checks the config file at path; a file that is
// not there is no error (found is false).
func loadConfigFile(path string) (cf configFile, found bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cf, false, nil
	}
	if err != nil {
		return cf, false, usagef("cannot read the config file %s: %v.", path, unwrapPathError(err))
	}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&cf); err != nil {
		return cf, true, configDecodeError(path, err)
	}
	if err := checkConfigFile(path, data, cf); err != nil {
		return cf, true, err
	}
	return cf, true, nil
}

// configDecodeError names the file, line and key of a TOML error. A key
// that looks like it holds a secret gets its own advice.
func configDecodeError(path string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		for _, e := range strict.Errors {
			if k := e.Key(); len(k) > 0 && keyLike.MatchString(k[len(k)-1]) {
				line, _ := e.Position()
				return usagef("%s:%d: key %q: API keys never go in the config file; put the key in an environment variable and name that variable with api_key_env = \"NAME\".", path, line, strings.Join(k, "."))
			}
		}
		e := strict.Errors[0]
		line, _ := e.Position()
		return usagef("%s:%d: unknown key %q; the keys are profile, profiles.NAME and %s.", path, line, strings.Join(e.Key(), "."), settingKeys())
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, _ := de.Position()
		if k := de.Key(); len(k) > 0 {
			last := k[len(k)-1]
			want, ok := settingKinds[last]
			switch {
			case ok:
			case slices.ContainsFunc(settingSpecs, func(s settingSpec) bool { return s.key == last }):
				want = "a string in quotes"
			default:
				want = "a table: [profiles.NAME]"
			}
			return usagef("%s:%d: key %q: want %s.", path, line, strings.Join(k, "."), want)
		}
		return usagef("%s:%d: %s; the file is TOML (brief config init writes an example).", path, line, strings.TrimPrefix(de.Error(), "toml: "))
	}
	return usagef("%s: %v.", path, err)
}

// settingKinds say what each key takes, for type errors.
var settingKinds = map[string]string{
	"profile": "a profile name in quotes", "context_tokens": "a whole number", "max_output_tokens": "a whole number",
	"concurrency": "a whole number", "rpm": "a whole number", "tpm": "a whole number",
	"price_in": "a number (USD per million tokens)", "price_out": "a number (USD per million tokens)",
}

func settingKeys() string {
	keys := make([]string, len(settingSpecs))
	for i, s := range settingSpecs {
		keys[i] = s.key
	}
	return strings.Join(keys, ", ")
}

// checkConfigFile checks the values TOML cannot: names, ranges, durations.
func checkConfigFile(path string, data []byte, cf configFile) error {
	check := func(table string, p profileFile) error {
		bad := func(key, format string, args ...any) error {
			return usagef("%s:%d: key %q: %s", path, lineOf(data, table, key), qualified(table, key), fmt.Sprintf(format, args...))
		}
		v := p.values()
		if name, ok := v["provider"]; ok {
			if _, known := providerNamed(name); !known {
				return bad("provider", "no provider preset %q; use one of %s (brief providers).", name, providerNames())
			}
		}
		if name, ok := v["api_key_env"]; ok && name != "" {
			if !envName.MatchString(name) {
				return bad("api_key_env", "this names the environment variable that holds the key, not the key itself; write e.g. api_key_env = \"OPENROUTER_API_KEY\" and export the key in that variable.")
			}
		}
		if u, ok := v["base_url"]; ok && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return bad("base_url", "%q is not an http:// or https:// URL.", u)
		}
		if e, ok := v["engine"]; ok && !slices.Contains([]string{"auto", "llm", "extractive"}, e) {
			return bad("engine", "unknown engine %q; use auto, llm or extractive.", e)
		}
		if t, ok := v["timeout"]; ok {
			if d, err := time.ParseDuration(t); err != nil || d <= 0 {
				return bad("timeout", "%q is not a duration such as \"90s\" or \"2m\".", t)
			}
		}
		for _, k := range []string{"context_tokens", "max_output_tokens", "rpm", "tpm", "price_in", "price_out"} {
			if s, ok := v[k]; ok && strings.HasPrefix(s, "-") {
				return bad(k, "cannot be negative.")
			}
		}
		if p.Concurrency != nil && *p.Concurrency < 1 {
			return bad("concurrency", "must be at least 1.")
		}
		return nil
	}
	if err := check("", cf.profileFile); err != nil {
		return err
	}
	names := make([]string, 0, len(cf.Profiles))
	for name := range cf.Profiles {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := check("profiles."+name, cf.Profiles[name]); err != nil {
			return err
		}
	}
	if cf.Profile != "" {
		if _, ok := cf.Profiles[cf.Profile]; !ok {
			return usagef("%s:%d: key \"profile\": no [profiles.%s] in the file.", path, lineOf(data, "", "profile"), cf.Profile)
		}
	}
	return nil
}

func qualified(table, key string) string {
	if table == "" {
		return key
	}
	return table + "." + key
}

// lineOf finds the line of key in table (the top level for ""), for
// messages about values that parsed but make no sense.
func lineOf(data []byte, table, key string) int {
	current := ""
	for i, line := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(line)
		if strings.HasPrefix(s, "[") {
			current = strings.Trim(strings.TrimSpace(strings.SplitN(s, "#", 2)[0]), "[] ")
			continue
		}
		k, _, ok := strings.Cut(s, "=")
		if ok && current == table && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return i + 1
		}
	}
	return 1
}

// walkFlags calls fn for each option in args (up to "--"), with the name
// it was typed as and the flag of that name, or nil for an unknown one.
// The values of flags that take one are skipped, not taken for options.
func walkFlags(args []string, flags []cli.Flag, fn func(typed string, f cli.Flag)) {
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		typed, _, hasValue := strings.Cut(a, "=")
		f := lookupFlag(flags, strings.TrimLeft(typed, "-"))
		fn(typed, f)
		if _, isBool := f.(*cli.BoolFlag); f != nil && !isBool && !hasValue {
			i++
		}
	}
}

// flagsGiven are the flags given on the command line (not through the
// environment), by their first name.
func flagsGiven(args []string, flags []cli.Flag) map[string]bool {
	given := map[string]bool{}
	walkFlags(args, flags, func(_ string, f cli.Flag) {
		if f != nil {
			given[f.Names()[0]] = true
		}
	})
	return given
}

// lookupFlag is the flag of the app called name, or nil.
func lookupFlag(flags []cli.Flag, name string) cli.Flag {
	for _, f := range flags {
		if slices.Contains(f.Names(), name) {
			return f
		}
	}
	return nil
}

// envOf is the first environment variable of flag that holds a value.
func envOf(f cli.Flag) (name, value string) {
	d, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return "", ""
	}
	for _, e := range d.GetEnvVars() {
		if v := os.Getenv(e); v != "" {
			return e, v
		}
	}
	return "", ""
}

// resolveSettings works out every setting and where it comes from. c is
// the root context (or a subcommand's, whose lineage reaches the root
// flags); args are run's arguments.
func resolveSettings(c *cli.Context, args []string) (*settings, error) {
	flags := c.App.Flags
	given := flagsGiven(args, flags)
	path, named, err := configPath(c)
	if err != nil {
		return nil, err
	}
	s := &settings{file: path, values: map[string]origin{}}
	cf, found, err := loadConfigFile(path)
	if err != nil {
		return nil, err
	}
	if !found && named {
		return nil, usagef("the config file %s does not exist; 'brief config init' writes one there.", path)
	}
	s.loaded = found

	// The profile: flag, then BRIEF_PROFILE, then the file's choice.
	switch f, p := lookupFlag(flags, "profile"), setString(c, "profile"); {
	case given["profile"]:
		s.profile, s.profileFrom = p, "flag --profile"
	case p != "":
		env, _ := envOf(f)
		s.profile, s.profileFrom = p, "env "+env
	case cf.Profile != "":
		s.profile, s.profileFrom = cf.Profile, "config file"
	}
	var profile profileFile
	if s.profile != "" {
		p, ok := cf.Profiles[s.profile]
		if !ok {
			if !found {
				return nil, usagef("profile %q: there is no config file %s; 'brief config init' writes an example with profiles.", s.profile, path)
			}
			return nil, usagef("no profile %q in %s; it has %s.", s.profile, path, profileList(cf))
		}
		profile = p
	}
	top, prof := cf.profileFile.values(), profile.values()
	var preset map[string]string
	presetName := prof["provider"]
	if presetName == "" {
		presetName = top["provider"]
	}
	if p, ok := providerNamed(presetName); ok {
		preset = map[string]string{"base_url": p.baseURL, "api_key_env": p.keyEnv}
	}

	for _, spec := range settingSpecs {
		f := lookupFlag(flags, spec.flag)
		env, envValue := "", ""
		if f != nil {
			env, envValue = envOf(f)
		}
		v, inProfile := prof[spec.key]
		t, inTop := top[spec.key]
		p, inPreset := preset[spec.key]
		var o origin
		switch {
		case f != nil && given[spec.flag]:
			o = origin{fmt.Sprint(c.Value(spec.flag)), "flag --" + spec.flag}
		case env != "":
			o = origin{envValue, "env " + env}
		case inProfile:
			o = origin{v, "profile " + s.profile}
		case inTop:
			o = origin{t, "config file"}
		case inPreset:
			o = origin{p, "provider " + presetName}
		default:
			o = origin{defaultText(c, f), "default"}
		}
		if spec.key == "prompts" && fromConfigFile(o.source) {
			o.value = pathFromConfig(path, o.value)
		}
		s.values[spec.key] = o
	}
	if strings.Contains(s.values["base_url"].value, "YOUR-RESOURCE-NAME") {
		return nil, usagef("the azure preset needs your resource's address: set base_url = \"https://NAME.openai.azure.com/openai/v1\" in %s.", profileWhere(s))
	}
	s.resolveKey(given["api-key"])
	return s, nil
}

// pathFromConfig reads a folder named in the config file: ~/ is the home
// folder, and a relative path is relative to the file's own folder, so a
// profile means the same folder from wherever brief runs.
func pathFromConfig(configFile, p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(configFile), p)
}

// resolveKey decides where the API key comes from. A key goes only to the
// endpoint it was configured with: a base URL from the flag or environment
// takes OPENAI_API_KEY, as without a config file; one from the config file
// takes the variable api_key_env names, or no key at all (local servers).
func (s *settings) resolveKey(keyFlag bool) {
	base, keyEnv := s.values["base_url"], s.values["api_key_env"]
	configured := !strings.HasPrefix(base.source, "flag") && !strings.HasPrefix(base.source, "env") && base.source != "default"
	switch {
	case keyFlag:
		s.keyFrom = "flag --api-key"
	case keyEnv.value != "" && keyEnv.source != "default" && (configured || base.source == "default"):
		s.key, s.setKey, s.keyVar = os.Getenv(keyEnv.value), true, keyEnv.value
		s.keyFrom = "env " + keyEnv.value + " (" + keyEnv.source + ")"
	case configured:
		s.setKey = true // no key: do not send OPENAI_API_KEY to a server it was not meant for
	default:
		if os.Getenv("OPENAI_API_KEY") != "" {
			s.keyFrom = "env OPENAI_API_KEY"
		}
	}
}

func profileWhere(s *settings) string {
	if s.profile != "" {
		return fmt.Sprintf("[profiles.%s] of %s", s.profile, s.file)
	}
	return s.file
}

func profileList(cf configFile) string {
	if len(cf.Profiles) == 0 {
		return "no profiles"
	}
	names := make([]string, 0, len(cf.Profiles))
	for n := range cf.Profiles {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// defaultText is how a flag's default reads in `brief config show`.
func defaultText(c *cli.Context, f cli.Flag) string {
	if f == nil {
		return ""
	}
	v := fmt.Sprint(c.Value(f.Names()[0]))
	if d, ok := f.(cli.DocGenerationFlag); ok && (v == "" || v == "0") {
		t := d.GetDefaultText() // "asked from the server, …", or a string flag's default in quotes
		if u, err := strconv.Unquote(t); err == nil {
			return u
		}
		return t
	}
	return v
}

// applySettings sets every flag that the config file decides, so that the
// rest of brief reads flags as before.
func applySettings(c *cli.Context, s *settings) error {
	for _, spec := range settingSpecs {
		o := s.values[spec.key]
		if spec.flag == "" || lookupFlag(c.App.Flags, spec.flag) == nil {
			continue
		}
		if fromConfigFile(o.source) {
			if err := c.Set(spec.flag, o.value); err != nil {
				return usagef("%s: %s = %q: %v.", profileWhere(s), spec.key, o.value, err)
			}
		}
	}
	if s.setKey {
		// Checked before any work: the server would refuse, after the report was read and split.
		offline := c.String("engine") == "extractive" || c.Bool("plan") || c.String("batch-export") != "" || c.String("batch-import") != ""
		if s.key == "" && s.keyVar != "" && !offline {
			return usagef("%s: the API key is read from %s, which is empty; export the key in %s (or give --api-key).", profileWhere(s), s.keyVar, s.keyVar)
		}
		return c.Set("api-key", s.key)
	}
	return nil
}

// loadSettings applies the config file to a summarizing run.
func loadSettings(c *cli.Context, args []string) error {
	s, err := resolveSettings(c, args)
	if err != nil {
		return err
	}
	return applySettings(c, s)
}

// endpointFromProfile is the Before of the subcommands that talk to the
// endpoint themselves (brief batch status, cancel): they take the base URL
// and key of the profile in use, so that they find the batches a run with
// that profile submitted (batches are kept per base URL).
func endpointFromProfile(args []string) cli.BeforeFunc {
	return func(c *cli.Context) error {
		s, err := resolveSettings(c, args)
		if err != nil {
			return err
		}
		if o := s.values["base_url"]; fromConfigFile(o.source) {
			if err := c.Set("base-url", o.value); err != nil {
				return err
			}
		}
		if s.setKey {
			return c.Set("api-key", s.key)
		}
		return nil
	}
}

// fromConfigFile reports whether a setting's source is the config file
// (a profile, its top level, or a provider preset).
func fromConfigFile(source string) bool {
	return strings.HasPrefix(source, "profile") || source == "config file" || strings.HasPrefix(source, "provider")
}

//go:embed config.example.toml
var exampleConfig []byte

// configCommand is `brief config path|show|init`.
func configCommand(stdout io.Writer, args []string) *cli.Command {
	return &cli.Command{
		Name:  "config",
		Usage: "show or create the config file of defaults and profiles",
		Subcommands: []*cli.Command{
			{
				Name:  "path",
				Usage: "print where the config file is (or would be)",
				Action: func(c *cli.Context) error {
					p, _, err := configPath(c)
					if err != nil {
						return err
					}
					fmt.Fprintln(stdout, p)
					return nil
				},
			},
			{
				Name:  "show",
				Usage: "print the settings in effect and where each comes from (flag, env, profile, config file, provider, default); keys are never shown",
				Flags: []cli.Flag{lookupFlag(configFlags(), "profile"), lookupFlag(configFlags(), "config")},
				Action: func(c *cli.Context) error {
					s, err := resolveSettings(c, args)
					if err != nil {
						return err
					}
					showSettings(stdout, s)
					return nil
				},
			},
			{
				Name:  "init",
				Usage: "write a commented example config file (never over an existing one without --force)",
				Flags: []cli.Flag{&cli.BoolFlag{Name: "force", Usage: "overwrite an existing config file"}},
				Action: func(c *cli.Context) error {
					p, _, err := configPath(c)
					if err != nil {
						return err
					}
					force := c.Bool("force")
					if !force && fileExists(p) {
						return usagef("%s already exists; use brief config init --force to overwrite it.", p)
					}
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						return fmt.Errorf("cannot make %s: %w", filepath.Dir(p), unwrapPathError(err))
					}
					if err := batch.WriteFile(p, exampleConfig, force); err != nil {
						return err
					}
					fmt.Fprintf(stdout, "wrote %s\n", p)
					return nil
				},
			},
		},
	}
}

// showSettings prints the effective settings, one a line, with sources.
func showSettings(w io.Writer, s *settings) {
	file := s.file
	if !s.loaded {
		file += " (not there: built-in defaults; brief config init writes one)"
	}
	fmt.Fprintf(w, "config file: %s\n", file)
	if s.profile != "" {
		fmt.Fprintf(w, "profile:     %s (%s)\n", s.profile, s.profileFrom)
	} else {
		fmt.Fprintln(w, "profile:     none")
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, spec := range settingSpecs {
		o := s.values[spec.key]
		v := o.value
		if v == "" {
			v = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", spec.key, v, o.source)
	}
	key := "none"
	switch {
	case s.keyVar != "" && s.key == "":
		key = "not set: " + s.keyVar + " is empty"
	case s.keyFrom != "":
		key = "set (redacted)"
	}
	source := s.keyFrom
	if source == "" {
		source = "-"
	}
	fmt.Fprintf(tw, "api key\t%s\t%s\n", key, source)
	tw.Flush()
}
