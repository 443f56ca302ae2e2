// Package precommittest runs differential scenarios: a project repository and a
// .pre-commit-config.yaml pointing at fixture hook repositories, run by the real
// pre-commit (RunPreCommit) and, in the CLI's tests, by hookrun, with the same outcome
// expected of both: exit code, per-hook status, files modified, index afterwards.
//
// A scenario is a txtar file in testdata/precommit/scenarios:
//
//	# One line saying what the scenario shows.
//	-- setup --        sh script run in the project after `git init` (commit, stage, edit)
//	-- args --         arguments after `pre-commit run`, one per line (may be empty)
//	-- env --          extra environment, NAME=value per line (optional)
//	-- want --         the Outcome pre-commit gave, as JSON (rewritten with -update)
//	-- want-hookrun -- where pre-commit crashes (exit 3), the Outcome hookrun must give
//	                   instead, as JSON, written by hand; the claim says why
//	-- FILE --         every other section is a file of the project
//
// In files and setup, {{repo "NAME"}} is the file:// URL of the fixture hook repository
// testdata/precommit/repos/NAME (made a git repository with one commit) and
// {{rev "NAME"}} its commit.
package precommittest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"text/template"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/hookrun/hookrun/internal/proc"
)

// Scenario is one parsed scenario file.
type Scenario struct {
	Name  string   // file name without .txtar
	Claim string   // the comment at the top
	Setup string   // sh script
	Args  []string // after `run`
	Env   []string // NAME=value
	Want  []byte   // recorded Outcome JSON; nil if none yet
	// WantHookrun is hookrun's expected Outcome JSON where pre-commit crashes; nil
	// elsewhere (hookrun must give Want).
	WantHookrun []byte
	Files       map[string]string // project files, before templating
	path        string
}

// Dir is the module's testdata/precommit, found from the working directory of a test
// (any package directory of the module).
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata", "precommit")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Scenarios reads every scenario, sorted by name.
func Scenarios(tb testing.TB) []*Scenario {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(Dir(tb), "scenarios", "*.txtar"))
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(paths)
	out := make([]*Scenario, 0, len(paths))
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		s := &Scenario{
			Name:  strings.TrimSuffix(filepath.Base(p), ".txtar"),
			Claim: strings.TrimSpace(strings.TrimPrefix(string(a.Comment), "#")),
			Files: map[string]string{},
			path:  p,
		}
		for _, f := range a.Files {
			s.section(f.Name, f.Data)
		}
		out = append(out, s)
	}
	return out
}

func (s *Scenario) section(name string, data []byte) {
	switch name {
	case "setup":
		s.Setup = string(data)
	case "args":
		s.Args = strings.Fields(string(data))
	case "env":
		s.Env = strings.Fields(string(data))
	case "want":
		s.Want = data
	case "want-hookrun":
		s.WantHookrun = data
	default:
		s.Files[name] = string(data)
	}
}

// SaveWant rewrites the scenario file with want as its recorded outcome.
func (s *Scenario) SaveWant(tb testing.TB, want []byte) {
	tb.Helper()
	a, err := txtar.ParseFile(s.path)
	if err != nil {
		tb.Fatal(err)
	}
	found := false
	for i := range a.Files {
		if a.Files[i].Name == "want" {
			a.Files[i].Data, found = want, true
		}
	}
	if !found {
		a.Files = append(a.Files, txtar.File{Name: "want", Data: want})
	}
	if err := os.WriteFile(s.path, txtar.Format(a), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// Project is a scenario laid out on disk, ready to run.
type Project struct {
	Dir   string   // the project repository's work tree
	Env   []string // hermetic environment for git, pre-commit and hookrun
	Repos string   // directory holding the fixture hook repositories
	Files []string // project files as written, for the modified-file comparison
}

// Prepare builds the fixture hook repositories, writes the project files, runs
// `git init` and the setup script. The environment is hermetic: its own HOME and git
// config, fixed dates, no colour, PRE_COMMIT_HOME and HOOKRUN_CACHE_DIR in the test's
// temporary directory.
func (s *Scenario) Prepare(tb testing.TB) *Project {
	tb.Helper()
	base := tb.TempDir()
	p := &Project{Dir: filepath.Join(base, "project"), Repos: filepath.Join(base, "repos"), Env: hermeticEnv(tb, base)}
	revs := buildRepos(tb, Dir(tb), p)
	funcs := template.FuncMap{
		"repo": func(name string) string { return "file://" + filepath.Join(p.Repos, name) },
		"rev":  func(name string) string { return revs[name] },
	}
	for name, text := range s.Files {
		write(tb, filepath.Join(p.Dir, filepath.FromSlash(name)), expand(tb, name, text, funcs))
		p.Files = append(p.Files, name)
	}
	slices.Sort(p.Files)
	p.git(tb, "init", "-q")
	script := expand(tb, "setup", s.Setup, funcs)
	if res := p.run(tb, "sh", "-ec", script); res.ExitCode != 0 {
		tb.Fatalf("setup of %s failed (%d):\n%s", s.Name, res.ExitCode, res.Stdout)
	}
	return p
}

func expand(tb testing.TB, name, text string, funcs template.FuncMap) string {
	tb.Helper()
	tmpl, err := template.New(name).Funcs(funcs).Parse(text)
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, nil); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// buildRepos copies every fixture hook repository into p.Repos, commits it, and
// returns each one's commit.
func buildRepos(tb testing.TB, dir string, p *Project) map[string]string {
	tb.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "repos"))
	if err != nil {
		tb.Fatal(err)
	}
	revs := map[string]string{}
	for _, e := range entries {
		dst := filepath.Join(p.Repos, e.Name())
		if err := os.CopyFS(dst, os.DirFS(filepath.Join(dir, "repos", e.Name()))); err != nil {
			tb.Fatal(err)
		}
		r := &Project{Dir: dst, Env: p.Env}
		r.git(tb, "init", "-q")
		r.git(tb, "add", "-A")
		r.git(tb, "commit", "-q", "-m", "hooks")
		revs[e.Name()] = strings.TrimSpace(r.git(tb, "rev-parse", "HEAD"))
	}
	return revs
}

func hermeticEnv(tb testing.TB, base string) []string {
	tb.Helper()
	home := filepath.Join(base, "home")
	cfg := filepath.Join(home, ".gitconfig")
	write(tb, cfg, "[user]\n\tname = hookrun test\n\temail = test@example.com\n"+
		"[init]\n\tdefaultBranch = main\n[protocol \"file\"]\n\tallow = always\n"+
		"[advice]\n\tdetachedHead = false\n[core]\n\tautocrlf = false\n")
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GIT_") || strings.HasPrefix(name, "PRE_COMMIT") || strings.HasPrefix(name, "HOOKRUN") ||
			slices.Contains([]string{"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "SKIP", "CI"}, name) {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+cfg, "TZ=UTC",
		"GIT_AUTHOR_DATE=2024-01-02T03:04:05Z", "GIT_COMMITTER_DATE=2024-01-02T03:04:05Z",
		"PRE_COMMIT_HOME="+filepath.Join(base, "pre-commit-home"), "PRE_COMMIT_COLOR=never",
		"HOOKRUN_CACHE_DIR="+filepath.Join(base, "hookrun-cache"), "NO_COLOR=1", "GIT_ALLOW_PROTOCOL=file")
}

func write(tb testing.TB, path, data string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	mode := os.FileMode(0o644)
	if strings.HasPrefix(data, "#!") {
		mode = 0o755
	}
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		tb.Fatal(err)
	}
}

// run runs a program in the project with its environment.
func (p *Project) run(tb testing.TB, prog string, args ...string) proc.Result {
	tb.Helper()
	return p.runEnv(tb, nil, prog, args...)
}

func (p *Project) runEnv(tb testing.TB, extra []string, prog string, args ...string) proc.Result {
	tb.Helper()
	res, err := proc.Run(tb.Context(), proc.Cmd{
		Path: prog, Args: args, Dir: p.Dir, Env: slices.Concat(p.Env, extra), CombineOutput: true,
	})
	if err != nil {
		tb.Fatalf("%s %s: %v", prog, strings.Join(args, " "), err)
	}
	return res
}

// git runs git in the project and fails the test on a non-zero exit.
func (p *Project) git(tb testing.TB, args ...string) string {
	tb.Helper()
	res := p.run(tb, "git", args...)
	if res.ExitCode != 0 {
		tb.Fatalf("git %s: exit %d\n%s", strings.Join(args, " "), res.ExitCode, res.Stdout)
	}
	return string(res.Stdout)
}

// Git runs git in the project and returns its output; a non-zero exit fails the test.
func (p *Project) Git(tb testing.TB, args ...string) string {
	tb.Helper()
	return p.git(tb, args...)
}

func (s *Scenario) String() string { return fmt.Sprintf("%s (%s)", s.Name, s.Claim) }
