package precommit

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/internal/shell"
)

// migratedFile is hookrun.yaml as Migrate writes it (keys in this order).
type migratedFile struct {
	Version  int      `yaml:"version"`
	FailFast bool     `yaml:"fail_fast,omitempty"`
	Exclude  []string `yaml:"exclude,omitempty"`
}

type migratedHook struct {
	ID        string   `yaml:"id"`
	Name      string   `yaml:"name,omitempty"`
	Uses      string   `yaml:"uses,omitempty"`
	Run       string   `yaml:"run,omitempty"`
	Args      []string `yaml:"args,omitempty"`
	Files     []string `yaml:"files,omitempty"`
	Exclude   []string `yaml:"exclude,omitempty"`
	Types     []string `yaml:"types,omitempty"`
	Stages    []string `yaml:"stages,omitempty"`
	PassFiles *bool    `yaml:"pass_files,omitempty"`
	AlwaysRun bool     `yaml:"always_run,omitempty"`
	Serial    bool     `yaml:"serial,omitempty"`
	FailFast  bool     `yaml:"fail_fast,omitempty"`
}

// knownTool maps a hook of a well-known hook repository to hookrun's built-in runner.
type knownTool struct{ repo, id, uses string }

// knownTools are the hooks Migrate replaces with `uses:`. repo is the end of the URL.
var knownTools = []knownTool{
	{"astral-sh/ruff-pre-commit", "ruff", "ruff"},
	{"astral-sh/ruff-pre-commit", "ruff-check", "ruff"},
	{"astral-sh/ruff-pre-commit", "ruff-format", "ruff-format"},
	{"psf/black", "black", "black"},
	{"psf/black-pre-commit-mirror", "black", "black"},
	{"pycqa/isort", "isort", "isort"},
	{"pycqa/flake8", "flake8", "flake8"},
	{"pre-commit/mirrors-mypy", "mypy", "mypy"},
	{"pre-commit/mirrors-prettier", "prettier", "prettier"},
	{"rbubley/mirrors-prettier", "prettier", "prettier"},
	{"pre-commit/mirrors-eslint", "eslint", "eslint"},
	{"biomejs/pre-commit", "biome-check", "biome"},
	{"golangci/golangci-lint", "golangci-lint", "golangci-lint"},
	{"golangci/golangci-lint", "golangci-lint-full", "golangci-lint"},
	{"golangci/golangci-lint", "golangci-lint-fmt", "golangci-lint-fmt"},
	{"dnephin/pre-commit-golang", "go-fmt", "gofmt"},
	{"dnephin/pre-commit-golang", "go-imports", "goimports"},
	{"dnephin/pre-commit-golang", "go-vet", "go-vet"},
	{"dnephin/pre-commit-golang", "golangci-lint", "golangci-lint"},
	{"dnephin/pre-commit-golang", "go-mod-tidy", "go-mod-tidy"},
}

// Migrate converts c into an equivalent hookrun.yaml: well-known tools become built-in
// runners (`uses:`), local system and script hooks become commands, regexes that are
// simple enough become globs. notes says, hook by hook, what could not be carried over
// and what to do about it. disabled lists the hooks written commented out because their
// files or exclude regex has no exact glob: kept without it, a hook would get files it
// never got before (and a fixer would rewrite them), so the user must write the globs.
func Migrate(c *Config) (data []byte, notes, disabled []string) {
	m := &migration{}
	if !slices.Equal(c.DefaultStages, Stages) {
		m.defaultStages = c.DefaultStages
	}
	out := migratedFile{Version: 1, FailFast: c.FailFast}
	var ok bool
	if out.Exclude, ok = m.globs(c.Exclude, "the global exclude", true); !ok {
		disabled = append(disabled, "the global exclude")
	}
	if c.Files != "" {
		m.notef("the global files %s has no hookrun.yaml equivalent; add it to each hook's files", pyRepr(c.Files))
	}
	var b bytes.Buffer
	b.WriteString("# Converted from " + FileName + " by `hookrun migrate`.\n")
	b.Write(encodeYAML(out))
	b.WriteString("hooks:")
	ids := map[string]int{}
	hooks := 0
	for _, r := range c.Repos {
		for _, h := range r.Hooks {
			mh, ok := m.hook(&r, h)
			if !ok {
				continue
			}
			ids[mh.ID]++
			if n := ids[mh.ID]; n > 1 {
				mh.ID = fmt.Sprintf("%s-%d", mh.ID, n)
			}
			prefix := "\n  "
			if m.unconverted != "" {
				disabled = append(disabled, mh.ID)
				b.WriteString("\n  # Disabled by `hookrun migrate`: write globs for " + m.unconverted + ".")
				prefix = "\n  # "
			} else {
				hooks++
			}
			text := strings.TrimSuffix(string(encodeYAML([]migratedHook{mh})), "\n")
			b.WriteString(prefix + strings.ReplaceAll(text, "\n", prefix))
		}
	}
	if hooks == 0 {
		b.WriteString(" []") // every hook (if any) is commented out
	}
	b.WriteString("\n")
	return b.Bytes(), m.notes, disabled
}

func encodeYAML(v any) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(v) // plain structs of strings: cannot fail
	return b.Bytes()
}

type migration struct {
	notes         []string
	defaultStages []string // default_stages when set; hookrun's own default is pre-commit
	unconverted   string   // the regexes the hook being converted has no globs for
}

func (m *migration) notef(format string, args ...any) {
	m.notes = append(m.notes, fmt.Sprintf(format, args...))
}

// hook converts one hook; ok is false when it cannot be carried over at all.
func (m *migration) hook(r *Repo, h HookConfig) (migratedHook, bool) {
	where := h.ID
	if r.Kind() == "remote" {
		where = r.Repo + " => " + h.ID
	}
	mh := migratedHook{ID: sanitizeID(h.ID), Name: h.Name}
	m.unconverted = ""
	switch {
	case r.Kind() == "meta":
		m.notef("%s: a meta hook; `hookrun validate` and `hookrun list` cover its purpose", where)
		return mh, false
	case r.Kind() == "remote":
		t, ok := lookupTool(r.Repo, h.ID)
		if !ok {
			m.notef("%s: not a tool hookrun knows; install it and add a hook with `run: <command>`", where)
			return mh, false
		}
		mh.Uses, mh.Args = t.uses, h.Args
	default:
		if !m.command(&mh, h, where) {
			return mh, false
		}
	}
	m.common(&mh, h, where, r.Kind() == "remote")
	return mh, true
}

func lookupTool(repo, id string) (knownTool, bool) {
	url := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(repo), "/"), ".git")
	for _, t := range knownTools {
		if strings.HasSuffix(url, "/"+strings.ToLower(t.repo)) && t.id == id {
			return t, true
		}
	}
	return knownTool{}, false
}

// command writes a local hook's entry and args as a command line.
func (m *migration) command(mh *migratedHook, h HookConfig, where string) bool {
	switch h.Language {
	case "unsupported", "unsupported_script":
	case "fail":
		mh.Run = `printf '%s\n\n' ` + shellQuote(h.Entry, true) + ` && printf '%s\n' "$@" && exit 1`
		return true
	case "python", "node", "golang":
		m.notef("%s: a %s hook; hookrun runs its entry from PATH: install %s yourself",
			where, h.Language, strings.Join(append([]string{"it"}, h.AdditionalDependencies...), ", "))
	default:
		m.notef("%s: language %s has no hookrun.yaml equivalent", where, h.Language)
		return false
	}
	words, err := shell.Split(h.Entry)
	if err != nil {
		m.notef("%s: entry %q: %v", where, h.Entry, err)
		return false
	}
	mh.Run = shellCommand(append(words, h.Args...))
	return true
}

// common carries over the keys every kind of hook shares.
// remote says the hook becomes a built-in, which has its own default types.
func (m *migration) common(mh *migratedHook, h HookConfig, where string, remote bool) {
	var filesOK, excludeOK bool
	mh.Files, filesOK = m.globs(h.Files, where+": files", false)
	mh.Exclude, excludeOK = m.globs(h.Exclude, where+": exclude", true)
	if !filesOK {
		m.unconverted = "files " + pyRepr(h.Files)
	}
	if !excludeOK {
		m.unconverted = strings.TrimPrefix(m.unconverted+" and exclude "+pyRepr(h.Exclude), " and ")
	}
	switch {
	case !remote:
		// pre-commit's default types [file] keeps symlinks (tagged only "symlink") out.
		mh.Types = slices.Clone(h.Types)
	case !slices.Equal(h.Types, []string{"file"}):
		mh.Types = slices.DeleteFunc(slices.Clone(h.Types), func(s string) bool { return s == "file" })
	}
	if len(h.TypesOr) == 1 {
		mh.Types = append(mh.Types, h.TypesOr[0])
	} else if len(h.TypesOr) > 1 {
		m.notef("%s: types_or %v has no equivalent (hookrun's types must all match); split the hook or use files", where, h.TypesOr)
	}
	if len(h.ExcludeTypes) > 0 {
		m.notef("%s: exclude_types %v has no equivalent; use exclude globs", where, h.ExcludeTypes)
	}
	stages := h.Stages
	if stages == nil {
		stages = m.defaultStages
	}
	for _, s := range stages {
		if slices.Contains(config.Stages, s) {
			mh.Stages = append(mh.Stages, s)
		} else {
			m.notef("%s: stage %s is not one hookrun runs", where, s)
		}
	}
	if !h.PassFilenames {
		mh.PassFiles = new(bool)
	}
	mh.AlwaysRun, mh.Serial, mh.FailFast = h.AlwaysRun, h.RequireSerial, h.FailFast
	for key := range h.Set {
		if slices.Contains([]string{"alias", "verbose", "log_file", "language_version", "additional_dependencies"}, key) {
			m.notef("%s: %s is not carried over", where, key)
		}
	}
}

// globs converts a pre-commit regex into hookrun globs that select the same files;
// otherwise it notes the regex and returns false. isExclude makes "^$" mean nothing.
func (m *migration) globs(re, where string, isExclude bool) ([]string, bool) {
	if re == "" || isExclude && re == "^$" {
		return nil, true
	}
	if g, ok := regexToGlobs(re); ok {
		return g, true
	}
	m.notef("%s %s: this regex has no exact glob equivalent; write globs for it", where, pyRepr(re))
	return nil, false
}

// regexToGlobs converts a regex to globs that select exactly the paths re.search would:
// literals, ".*", "^", "$" (or \Z), "x?" and alternation, case-sensitive. Anything else
// (classes, other repeats, flags, look-arounds) has no exact glob and is refused.
func regexToGlobs(re string) ([]string, bool) {
	p := &globParser{src: []rune(re)}
	alts, ok := p.alternatives()
	if !ok || p.i < len(p.src) {
		return nil, false
	}
	var out []string
	for _, seq := range alts {
		gs, ok := seqGlobs(seq)
		if !ok {
			return nil, false
		}
		for _, g := range gs {
			if !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return out, true
}

// reTok is one piece of a regex without alternation: kind 'l' is the literal text,
// 'w' is ".*", '^' and '$' are the anchors.
type reTok struct {
	kind byte
	text string
}

type globParser struct {
	src []rune
	i   int
}

// maxGlobs bounds the expansion of alternations and optional parts.
const maxGlobs = 16

// alternatives reads up to an unmatched ")" and returns every sequence it can match.
func (p *globParser) alternatives() ([][]reTok, bool) {
	var out [][]reTok
	cur := [][]reTok{nil}
	for p.i < len(p.src) && p.src[p.i] != ')' {
		if p.src[p.i] == '|' {
			out = append(out, cur...)
			cur = [][]reTok{nil}
			p.i++
			continue
		}
		atom, ok := p.atom()
		if !ok {
			return nil, false
		}
		if p.i < len(p.src) && p.src[p.i] == '?' {
			atom = append([][]reTok{nil}, atom...)
			p.i++
		}
		if p.i < len(p.src) && strings.ContainsRune("*+?{", p.src[p.i]) {
			return nil, false
		}
		var next [][]reTok
		for _, c := range cur {
			for _, a := range atom {
				next = append(next, append(slices.Clone(c), a...))
			}
		}
		if cur = next; len(cur) > maxGlobs {
			return nil, false
		}
	}
	return append(out, cur...), true
}

// atom reads one literal, anchor, ".*" or group.
func (p *globParser) atom() ([][]reTok, bool) {
	c := p.src[p.i]
	p.i++
	next := rune(0)
	if p.i < len(p.src) {
		next = p.src[p.i]
	}
	switch {
	case c == '(':
		return p.group(next)
	case c == '^' || c == '$':
		return [][]reTok{{{kind: byte(c)}}}, true
	case c == '.' && next == '*':
		p.i++
		return [][]reTok{{{kind: 'w'}}}, true
	case c == '\\' && next == 'Z':
		p.i++
		return [][]reTok{{{kind: '$'}}}, true
	case c == '\\' && globLiteral(next, true):
		p.i++ // an escaped punctuation mark that means itself in a glob too
		return [][]reTok{{{kind: 'l', text: string(next)}}}, true
	case globLiteral(c, false):
		return [][]reTok{{{kind: 'l', text: string(c)}}}, true
	}
	return nil, false
}

// group reads a group after its "(": a plain or (?:...) one; flags and look-arounds
// have no glob.
func (p *globParser) group(next rune) ([][]reTok, bool) {
	if next == '?' {
		if p.i+1 >= len(p.src) || p.src[p.i+1] != ':' {
			return nil, false
		}
		p.i += 2
	}
	alts, ok := p.alternatives()
	if !ok || p.i >= len(p.src) {
		return nil, false
	}
	p.i++ // the )
	return alts, true
}

// globLiteral reports whether c means itself in a regex (escaped: after a backslash)
// and in a glob alike.
func globLiteral(c rune, escaped bool) bool {
	if escaped {
		return c < utf8.RuneSelf && (unicode.IsPunct(c) || unicode.IsSymbol(c)) && !strings.ContainsRune(`*?[]{}\`, c)
	}
	return unicode.IsLetter(c) || unicode.IsDigit(c) || strings.ContainsRune("_-/@,~%=:", c)
}

// seqGlobs converts one sequence. Without "^" or "$" the sequence is searched for, as if
// it began or ended with ".*". A ".*" after a "/" (or at the start) is "**/*"; elsewhere it
// may stay in the name ("*") or cross directories ("*/**/*").
func seqGlobs(seq []reTok) ([]string, bool) {
	seq = searched(seq)
	globs := []string{""}
	for i, t := range seq {
		switch {
		case t.kind == '^' || t.kind == '$':
			return nil, false // an anchor inside the pattern
		case t.kind == 'l':
			for j := range globs {
				globs[j] += t.text
			}
		case i > 0 && seq[i-1].kind == 'w':
			// .*.* is .*
		case i == 0 || strings.HasSuffix(globs[0], "/"):
			for j := range globs {
				globs[j] += "**/*"
			}
		default:
			var next []string
			for _, g := range globs {
				next = append(next, g+"*", g+"*/**/*")
			}
			globs = next
		}
	}
	for j, g := range globs {
		if !strings.Contains(g, "/") {
			// A glob without "/" matches a name at any depth; the braces add a "/"
			// alternative that matches nothing and anchor the glob at the root.
			globs[j] = "{,/}" + g
		}
	}
	return globs, len(globs) <= maxGlobs
}

// searched makes search semantics explicit: an end without "^" or "$" gets a ".*", and
// the anchors go.
func searched(seq []reTok) []reTok {
	if len(seq) == 0 || seq[0].kind != '^' {
		seq = append([]reTok{{kind: 'w'}}, seq...)
	} else {
		seq = seq[1:]
	}
	if len(seq) == 0 || seq[len(seq)-1].kind != '$' {
		return append(seq, reTok{kind: 'w'})
	}
	return seq[:len(seq)-1]
}

// sanitizeID makes a pre-commit id a valid hookrun id.
func sanitizeID(id string) string {
	var b strings.Builder
	for i, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || i > 0 && strings.ContainsRune("_.-", r)
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteRune('-')
		}
	}
	if b.Len() == 0 || !strings.ContainsAny(b.String()[:1], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
		return "hook" + b.String()
	}
	return b.String()
}
