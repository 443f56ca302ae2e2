package precommit

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

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
	Version   string   `yaml:"version,omitempty"`
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

// Loss is something of a .pre-commit-config.yaml that Migrate did not carry over as
// it was, where it was written.
type Loss struct {
	Pos config.Pos
	ID  string // the hook's id; "" for the file's own keys
	Why string // what was not carried over, and what to do about it
}

// String formats l as "file:line:col: id: why".
func (l Loss) String() string {
	if l.ID == "" {
		return l.Pos.String() + ": " + l.Why
	}
	return l.Pos.String() + ": " + l.ID + ": " + l.Why
}

// Migration is what Migrate made of a config.
type Migration struct {
	// Data is the hookrun.yaml.
	Data []byte
	// Dropped is what was not carried over (a hook, a key, a pin, a dependency): the
	// result does not do all the original did, so `hookrun migrate` exits 1.
	Dropped []Loss
	// Notes are carried over with a difference worth knowing (a mode flag the built-in
	// decides itself, a tool to install): nothing the user wrote is lost.
	Notes []Loss
	// Disabled are the hooks written commented out because their files or exclude regex
	// has no exact glob: kept without it, a hook would get files it never got before (and
	// a fixer would rewrite them), so the user must write the globs. Each is in Dropped
	// too.
	Disabled []string
}

// Report is what to tell the user, one line each: the notes, what was dropped, and
// why the result is incomplete.
func (m *Migration) Report() []string {
	var out []string
	for _, n := range m.Notes {
		out = append(out, "note: "+n.String())
	}
	for _, d := range m.Dropped {
		out = append(out, "not converted: "+d.String())
	}
	if len(m.Disabled) > 0 {
		out = append(out, fmt.Sprintf("migrate incomplete: no exact glob for the regexes of %s; write globs (hooks stay commented out until then)",
			strings.Join(m.Disabled, ", ")))
	}
	if !m.Complete() {
		out = append(out, fmt.Sprintf("migrate dropped %d thing(s) listed above; the converted config does less than %s", len(m.Dropped), FileName))
	}
	return out
}

// Complete reports whether everything was carried over.
func (m *Migration) Complete() bool { return len(m.Dropped) == 0 }

// Migrate converts c into an equivalent hookrun.yaml: well-known tools (a hook of a
// tool's mirror repository, or a local hook whose command runs the tool) become built-in
// runners (`uses:`) with their args, a mirror's rev kept as the expected tool version
// (`version:`); pre-commit-hooks' hooks that hookrun runs natively become `uses: ID`;
// other local system and script hooks become commands; regexes that are simple enough
// become globs. Everything else is reported, where it was written, in Dropped or Notes.
// Migrate only reads c: it runs and fetches nothing.
func Migrate(c *Config) *Migration {
	m := &migration{out: &Migration{}}
	if !slices.Equal(c.DefaultStages, Stages) {
		m.defaultStages = c.DefaultStages
	}
	out := migratedFile{Version: 1, FailFast: c.FailFast}
	var ok bool
	if out.Exclude, ok = m.globs(c.Exclude, Loss{Pos: c.Pos, Why: "the global exclude"}, true); !ok {
		m.out.Disabled = append(m.out.Disabled, "the global exclude")
	}
	m.fileKeys(c)
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
				m.out.Disabled = append(m.out.Disabled, mh.ID)
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
	m.out.Data = b.Bytes()
	return m.out
}

// fileKeys reports the file's keys that hookrun.yaml has no place for.
func (m *migration) fileKeys(c *Config) {
	if c.Files != "" {
		m.drop(Loss{Pos: c.Pos, Why: fmt.Sprintf("the global files %s has no hookrun.yaml equivalent; add it to each hook's files", pyRepr(c.Files))})
	}
	for _, lang := range slices.Sorted(maps.Keys(c.DefaultLanguageVersion)) {
		m.drop(Loss{Pos: c.Pos, Why: fmt.Sprintf("default_language_version %s: %s is not carried over: hookrun runs the %s found on PATH",
			lang, c.DefaultLanguageVersion[lang], lang)})
	}
}

func encodeYAML(v any) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(v) // plain structs of strings: cannot fail
	return b.Bytes()
}

type migration struct {
	out           *Migration
	defaultStages []string // default_stages when set; hookrun's own default is pre-commit
	unconverted   string   // the regexes the hook being converted has no globs for
}

func (m *migration) drop(l Loss) { m.out.Dropped = append(m.out.Dropped, l) }
func (m *migration) note(l Loss) { m.out.Notes = append(m.out.Notes, l) }

// at is a Loss of hook h at key (its position when given, else the hook's).
func at(h HookConfig, key, format string, args ...any) Loss {
	pos, ok := h.Set[key]
	if !ok {
		pos = h.Pos
	}
	return Loss{Pos: pos, ID: h.ID, Why: fmt.Sprintf(format, args...)}
}

// hook converts one hook; ok is false when it cannot be carried over at all (then it
// is in Dropped).
func (m *migration) hook(r *Repo, h HookConfig) (migratedHook, bool) {
	mh := migratedHook{ID: sanitizeID(h.ID), Name: h.Name}
	m.unconverted = ""
	builtin := true
	switch r.Kind() {
	case "meta":
		m.drop(at(h, "id", "a meta hook (checks of the config itself); `hookrun validate` and `hookrun list` cover its purpose"))
		return mh, false
	case "remote":
		if !m.remote(&mh, r, h) {
			return mh, false
		}
	default:
		var ok bool
		if builtin, ok = m.local(&mh, h); !ok {
			return mh, false
		}
	}
	m.common(&mh, h, builtin)
	return mh, true
}

// remote converts a hook of a hook repository: a known tool's, or a pre-commit-hooks
// hook hookrun runs natively.
func (m *migration) remote(mh *migratedHook, r *Repo, h HookConfig) bool {
	if repoIs(r.Repo, preCommitHooks) && nativeHook(h.ID, h.Args) {
		mh.Uses, mh.Args = h.ID, h.Args
		m.note(at(h, "id", "runs natively (hookrun's pre-commit-hooks); rev %s is not kept: the native hooks follow one release", r.Rev))
		return true
	}
	t, ok := lookupTool(r.Repo, h.ID)
	if !ok {
		m.drop(at(h, "id", "%s is not a hook hookrun knows; install the tool and add a hook with `run: <command>`", r.Repo))
		return false
	}
	var modeFlags []string
	mh.Uses = t.uses
	mh.Args, modeFlags = withoutModeFlags(t.uses, h.Args)
	if len(modeFlags) > 0 {
		m.note(at(h, "args", "%s left out: the built-in %s chooses check or fix by the run's mode", strings.Join(modeFlags, " "), t.uses))
	}
	switch {
	case !t.pinsTool:
		m.note(at(h, "id", "rev %s is %s's own version, not the tool's: the hook runs the %s hookrun finds", r.Rev, r.Repo, t.uses))
	case versionRev().MatchString(r.Rev):
		mh.Version = r.Rev
	case isHex(r.Rev) && versionRev().MatchString(r.Frozen): // a commit, with its tag beside it
		mh.Version = r.Frozen
	default:
		m.drop(Loss{Pos: r.Pos, ID: h.ID, Why: fmt.Sprintf("rev %s names no release of %s, so no version: is kept; add version: to the hook", r.Rev, t.uses)})
	}
	if _, ok := h.Set["entry"]; ok {
		m.drop(at(h, "entry", "entry %q is not carried over: the built-in %s runs its own command", h.Entry, t.uses))
	}
	return true
}

// local converts a local hook: a built-in when its command runs one (builtin), else a
// command.
func (m *migration) local(mh *migratedHook, h HookConfig) (builtin, ok bool) {
	switch h.Language {
	case "unsupported", "unsupported_script", "python", "node", "golang":
	case "fail":
		mh.Run = `printf '%s\n\n' ` + shellQuote(h.Entry, true) + ` && printf '%s\n' "$@" && exit 1`
		return false, true
	case "pygrep":
		m.drop(at(h, "language", "a pygrep hook (a regex searched in files) has no hookrun.yaml equivalent; write a command such as run: grep"))
		return false, false
	default:
		m.drop(at(h, "language", "language %s has no hookrun.yaml equivalent", h.Language))
		return false, false
	}
	words, err := shell.Split(h.Entry)
	if err != nil {
		m.drop(at(h, "entry", "entry %q: %v", h.Entry, err))
		return false, false
	}
	words = append(words, h.Args...)
	// A tool given its own targets (pass_filenames: false, as mypy src/ often is) stays
	// a command: the built-in would pass it files instead.
	if uses, args, modeFlags, ok := entryBuiltin(words); ok && h.PassFilenames && h.Language != "unsupported_script" {
		mh.Uses, mh.Args = uses, args
		if len(modeFlags) > 0 {
			m.note(at(h, "entry", "%s left out: the built-in %s chooses check or fix by the run's mode", strings.Join(modeFlags, " "), uses))
		}
		return true, true
	}
	mh.Run = shellCommand(words)
	if h.Language != "unsupported" && h.Language != "unsupported_script" {
		m.note(at(h, "language", "a %s hook; hookrun runs its entry from PATH: install it yourself", h.Language))
	}
	return false, true
}

// droppedKeys are hook keys Migrate has no place for.
var droppedKeys = []string{"alias", "verbose", "log_file", "language_version", "additional_dependencies"}

// common carries over the keys every kind of hook shares. builtin says the hook becomes
// a built-in, which has its own default types.
func (m *migration) common(mh *migratedHook, h HookConfig, builtin bool) {
	var filesOK, excludeOK bool
	mh.Files, filesOK = m.globs(h.Files, at(h, "files", "files"), false)
	mh.Exclude, excludeOK = m.globs(h.Exclude, at(h, "exclude", "exclude"), true)
	if !filesOK {
		m.unconverted = "files " + pyRepr(h.Files)
	}
	if !excludeOK {
		m.unconverted = strings.TrimPrefix(m.unconverted+" and exclude "+pyRepr(h.Exclude), " and ")
	}
	switch {
	case !builtin:
		// pre-commit's default types [file] keeps symlinks (tagged only "symlink") out.
		mh.Types = slices.Clone(h.Types)
	case !slices.Equal(h.Types, []string{"file"}):
		mh.Types = slices.DeleteFunc(slices.Clone(h.Types), func(s string) bool { return s == "file" })
	}
	if len(h.TypesOr) == 1 {
		mh.Types = append(mh.Types, h.TypesOr[0])
	} else if len(h.TypesOr) > 1 {
		m.drop(at(h, "types_or", "types_or %v has no equivalent (hookrun's types must all match); split the hook or use files", h.TypesOr))
	}
	if len(h.ExcludeTypes) > 0 {
		m.drop(at(h, "exclude_types", "exclude_types %v has no equivalent; use exclude globs", h.ExcludeTypes))
	}
	m.stages(mh, h)
	if !h.PassFilenames && !builtin {
		mh.PassFiles = new(bool)
	}
	mh.AlwaysRun, mh.Serial, mh.FailFast = h.AlwaysRun, h.RequireSerial, h.FailFast
	for _, key := range droppedKeys {
		if _, ok := h.Set[key]; ok {
			m.drop(at(h, key, "%s is not carried over%s", key, droppedWhy(key, h)))
		}
	}
}

func droppedWhy(key string, h HookConfig) string {
	switch key {
	case "additional_dependencies":
		return fmt.Sprintf(" (%s): install them where the hook's tool finds them", strings.Join(h.AdditionalDependencies, ", "))
	case "language_version":
		return fmt.Sprintf(" (%s): hookrun runs the tool it finds", h.LanguageVersion)
	}
	return ""
}

func (m *migration) stages(mh *migratedHook, h HookConfig) {
	stages := h.Stages
	if stages == nil {
		stages = m.defaultStages
	}
	for _, s := range stages {
		if slices.Contains(config.Stages, s) {
			mh.Stages = append(mh.Stages, s)
		} else {
			m.drop(at(h, "stages", "stage %s is not one hookrun runs", s))
		}
	}
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
