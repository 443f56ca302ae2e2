package config

// FileNames are the names of the config file, in lookup order.
var FileNames = []string{"hookrun.yaml", ".hookrun.yaml"}

// LocalFileName is the per-developer override file. It lives beside the main file,
// is optional, and is merged over it by Load (see Merge).
const LocalFileName = "hookrun.local.yaml"

// Stages are the stage names a hook may list under "stages". "manual" runs only when asked
// for explicitly (hookrun run --stage manual).
var Stages = []string{
	"pre-commit", "prepare-commit-msg", "commit-msg", "post-checkout",
	"post-merge", "pre-rebase", "pre-push", "manual",
}

// defaultStages are the stages of a hook that has no "stages" key.
var defaultStages = StringList{"pre-commit"}

// File is a decoded and validated hookrun.yaml. Everything in it has been checked by Parse:
// globs are valid, stages are known, ids are unique, root is clean.
type File struct {
	Path     string     // file name as given to Parse (for messages)
	Version  int        // always 1 after Parse
	Jobs     int        // 0 = number of CPUs
	FailFast bool       // stop starting jobs after the first failure
	Exclude  StringList // global excludes (doublestar globs)
	Cache    *Cache     `json:",omitempty"` // the shared result cache; nil when not configured
	Hooks    []Hook     // in file order

	// KeyPos holds the position of each top-level key that was given, by YAML key name.
	// Merge uses it to tell a local file's "jobs: 0" from an absent "jobs".
	KeyPos map[string]Pos
}

// Hook is one item of "hooks". Parse guarantees a way to run it: Run (never with Check or
// Fix), or Check with an optional Fix, or Uses (a Fix beside it needs no Check).
type Hook struct {
	ID         string            // unique in the file; matches ^[A-Za-z0-9][A-Za-z0-9_.-]*$
	Name       string            // display name; "" means use ID
	Check      string            // shell command line that reports without changing files
	Fix        string            // shell command line that rewrites files
	Run        string            // shell command line, neither check nor fix
	Uses       string            // built-in runner name; validated by hooks.Resolve
	Version    string            // the version of Uses' tool the hook expects ("0.6.0"); "" = any
	Args       StringList        // extra args for built-ins
	Files      StringList        // doublestar globs; empty means every file
	Exclude    StringList        // doublestar globs
	Types      StringList        // file-type tags such as "go" or "python"
	Stages     StringList        // members of Stages; ["pre-commit"] when absent
	PassFiles  *bool             // nil = default true
	Writes     *bool             // only beside Run: false declares it never writes; nil = it may
	AlwaysRun  bool              // run even when no file matches
	Serial     bool              // at most one instance at a time
	Root       string            // clean, slash-separated, relative, inside the repo; "" = repo root
	Env        map[string]string // extra environment
	Timeout    Duration          // 0 = none
	StageFixed bool              // git add the files a fix changed
	FailFast   bool              // stop the run when this hook fails
	NewOnly    bool              // fail only on findings on lines the change touched (internal/newonly)
	Daemon     bool              // run the built-in's resident server instead (BuiltinDaemons: dmypy for mypy)
	Pos        Pos               // position of the hook's mapping (its first key, after "- ")
	KeyPos     map[string]Pos    // position of each key that was given, by YAML key name
}

// GitStages lists the git hooks the file's hooks run in, in config.Stages order:
// pre-commit always, manual never (it is no git hook). `hookrun install` installs these.
func (f *File) GitStages() []string {
	used := map[string]bool{"pre-commit": true}
	for _, h := range f.Hooks {
		for _, st := range h.Stages {
			used[st] = true
		}
	}
	var out []string
	for _, st := range Stages {
		if used[st] && st != "manual" {
			out = append(out, st)
		}
	}
	return out
}
