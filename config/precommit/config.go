// Package precommit reads the pre-commit framework's .pre-commit-config.yaml and turns it
// into hookrun hooks with pre-commit's semantics: the schema and its defaults (Parse,
// Load), hook repository manifests (ParseManifest), configured hooks merged over their
// manifest entries (Resolve), local and meta hooks, hooks ready to run once the caller
// has fetched the repositories and built their environments (Hooks), and a conversion
// to hookrun.yaml (Migrate). It does no I/O beyond reading the config: internal/hookrepos
// clones, builds and asks git. Facts about pre-commit are those of version
// CompatibleVersion.
package precommit

import (
	"github.com/hookrun/hookrun/config"
)

// FileName is the config file pre-commit reads (and the only one: it never reads .yml).
const FileName = ".pre-commit-config.yaml"

// ManifestFileName is the file at the root of a hook repository that declares its hooks.
const ManifestFileName = ".pre-commit-hooks.yaml"

// CompatibleVersion is the pre-commit release whose behaviour hookrun follows. A config
// whose minimum_pre_commit_version is newer is refused.
const CompatibleVersion = "4.7.0"

// HookTypes are the git hooks pre-commit can install (default_install_hook_types).
var HookTypes = []string{
	"commit-msg", "post-checkout", "post-commit", "post-merge", "post-rewrite",
	"pre-commit", "pre-merge-commit", "pre-push", "pre-rebase", "prepare-commit-msg",
}

// Stages are HookTypes plus manual, in pre-commit's order: the default of
// default_stages, so a hook without stages runs in every one.
var Stages = append(append([]string{}, HookTypes...), "manual")

// legacyStages are the old stage names pre-commit still accepts, with a warning.
var legacyStages = map[string]string{
	"commit": "pre-commit", "merge-commit": "pre-merge-commit", "push": "pre-push",
}

// Languages are pre-commit's language names. system and script are accepted as
// aliases of unsupported and unsupported_script.
var Languages = []string{
	"conda", "coursier", "dart", "docker", "docker_image", "dotnet", "fail", "golang",
	"haskell", "julia", "lua", "node", "perl", "pygrep", "python", "r", "ruby", "rust",
	"swift", "unsupported", "unsupported_script",
}

// languageAliases maps the old names to the current ones.
var languageAliases = map[string]string{"system": "unsupported", "script": "unsupported_script"}

// Config is a decoded .pre-commit-config.yaml with pre-commit's defaults applied.
type Config struct {
	Path                    string            // file name as given to Parse
	Repos                   []Repo            // in file order
	DefaultInstallHookTypes []string          // default [pre-commit]
	DefaultLanguageVersion  map[string]string // language -> version; absent means "default"
	DefaultStages           []string          // default Stages; legacy names already mapped
	Files                   string            // global include regex; default ""
	Exclude                 string            // global exclude regex; default "^$"
	FailFast                bool              // stop after the first failing hook
	MinimumPreCommitVersion string            // default "0"
	Pos                     config.Pos        // the root mapping
}

// Repo is one item of repos.
type Repo struct {
	Repo  string // a URL or path to clone, or "local" or "meta"
	Rev   string // remote repositories only
	Hooks []HookConfig
	Pos   config.Pos
	// RevPos is where rev's value starts (its opening quote, if any), for autoupdate's
	// edit in place.
	RevPos config.Pos
	// Frozen is the tag of a "# frozen: TAG" comment after rev (autoupdate --freeze);
	// "" when there is none.
	Frozen string
}

// Kind names the three kinds of repo entry.
func (r *Repo) Kind() string {
	switch r.Repo {
	case "local", "meta":
		return r.Repo
	}
	return "remote"
}

// HookConfig is a hook as written in the config (or in a manifest). Set records which
// keys were given, with their positions: for a remote repository only those override
// the manifest's values, the way pre-commit merges the two dictionaries.
type HookConfig struct {
	ID                      string
	Alias                   string
	Name                    string
	Entry                   string
	Language                string // aliases already mapped (system -> unsupported)
	Files                   string
	Exclude                 string
	Types                   []string
	TypesOr                 []string
	ExcludeTypes            []string
	AdditionalDependencies  []string
	Args                    []string
	AlwaysRun               bool
	FailFast                bool
	PassFilenames           bool
	Description             string
	LanguageVersion         string
	LogFile                 string
	RequireSerial           bool
	Stages                  []string // nil means the config's default_stages
	Verbose                 bool
	MinimumPreCommitVersion string
	Set                     map[string]config.Pos
	Pos                     config.Pos
}

// defaultHook is a hook with pre-commit's manifest defaults and nothing given.
func defaultHook() HookConfig {
	return HookConfig{
		Exclude:                 "^$",
		Types:                   []string{"file"},
		PassFilenames:           true,
		LanguageVersion:         "default",
		MinimumPreCommitVersion: "0",
		Set:                     map[string]config.Pos{},
	}
}

// Warning is something pre-commit would warn about but still run: an unknown key, a
// legacy stage name, a mutable rev, a glob written where a regex is expected.
type Warning struct {
	Pos  config.Pos
	Path string // key path such as "repos[0].hooks[1].stages"; "" for the file
	Msg  string
}

// String formats w as "file:line:col: path: msg".
func (w Warning) String() string {
	e := config.Error{Pos: w.Pos, Path: w.Path, Msg: w.Msg}
	return e.Error()
}
