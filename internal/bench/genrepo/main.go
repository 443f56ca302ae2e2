// Command genrepo makes the repositories the whole-run benchmark (internal/bench/run.sh)
// runs hook managers in, and puts them into each scenario's state.
//
//	genrepo init    -dir D -files N [-configs DIR] [-lang py]
//	                                                a committed repository of N text files
//	                                                (-lang py: Python modules ruff and black pass)
//	genrepo stage   -dir D -scenario S              put D into scenario S and remember it
//	genrepo restore -dir D -scenario S [-clear DIR] put D back into S's state (hyperfine --prepare)
//	genrepo verify  -dir D -scenario S              fail unless D is exactly in S's state
//
// Scenarios: one (1 file modified and staged), thousand (1,000 staged, or all files when
// there are fewer), all (nothing staged; tools run on all files), partial (10 files, each
// with a staged change and a further unstaged change).
//
// Everything a scenario touches is a deterministic function of the file count, so stage
// records only what restore and verify need to compare against: a copy of the index, the
// expected work-tree content of the touched files, the index tree and `git status`.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hookrun/hookrun/internal/proc"
)

// oldTime is the modification time every generated file gets, well before any index git
// writes, so no index entry is "racily clean" and no tool pays to re-hash files because
// the benchmark wrote them a moment ago.
var oldTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	stagedLine   = "staged change\n"
	unstagedLine = "BENCH-UNSTAGED change\n"
)

func main() {
	code := 0
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "genrepo:", err)
		code = 1
	}
	os.Exit(code) //nolint:forbidigo // a standalone benchmark tool, not hookrun's CLI
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: genrepo init|stage|restore|verify -dir D [flags]")
	}
	fs := flag.NewFlagSet("genrepo "+args[0], flag.ContinueOnError)
	dir := fs.String("dir", ".", "repository directory")
	files := fs.Int("files", 50, "init: number of files")
	configs := fs.String("configs", "", "init: directory whose files are committed at the root")
	scenario := fs.String("scenario", "", "stage, restore, verify: one, thousand, all or partial")
	var clearDirs []string
	fs.Func("clear", "restore: a directory to remove (a tool's cache); repeatable", func(d string) error {
		clearDirs = append(clearDirs, d)
		return nil
	})
	fs.StringVar(&lang, "lang", "txt", "the files' kind: txt, or py (modules ruff and black pass; init only)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	r := repo{dir: abs}
	switch args[0] {
	case "init":
		return r.init(ctx, *files, *configs)
	case "stage":
		return r.stage(ctx, *scenario)
	case "restore":
		return r.restore(ctx, *scenario, clearDirs)
	case "verify":
		return r.verify(ctx, *scenario)
	}
	return fmt.Errorf("unknown subcommand %q", args[0])
}

type repo struct{ dir string }

// git runs git in the repository and returns its stdout; a non-zero exit is an error.
func (r repo) git(ctx context.Context, stdin io.Reader, args ...string) ([]byte, error) {
	res, err := proc.Run(ctx, proc.Cmd{Path: "git", Args: args, Dir: r.dir, Env: gitEnv(), Stdin: stdin})
	if err != nil {
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	if res.ExitCode != 0 {
		return nil, fmt.Errorf("git %s: exit %d: %s", strings.Join(args, " "), res.ExitCode, bytes.TrimSpace(res.Stderr))
	}
	return res.Stdout, nil
}

func gitEnv() []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GIT_")
	})
	return append(env, "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_DATE=2020-01-01T00:00:00Z",
		"GIT_COMMITTER_DATE=2020-01-01T00:00:00Z")
}

// lang is the kind of files init makes: "txt" or "py" (the shared-cache benchmark,
// remote.sh, runs ruff and black on them).
var lang = "txt"

// path is the name of file i: about 20 files a directory, two levels deep.
func path(i int) string {
	leaf := i / 20
	return fmt.Sprintf("src/d%02d/d%02d/file%05d.%s", leaf/32, leaf%32, i, lang)
}

func content(i int) string {
	if lang == "py" {
		return fmt.Sprintf("\"\"\"File %d: the quick brown fox jumps over the lazy dog.\"\"\"\n\nVALUE_%d = %d\n", i, i, i)
	}
	return fmt.Sprintf("file %d\nThe quick brown fox jumps over the lazy dog.\nline three of %d\n", i, i)
}

// touched is the files scenario s changes, spread evenly over the repository.
func touched(s string, n int) ([]int, error) {
	var m int
	switch s {
	case "one":
		m = 1
	case "thousand":
		m = min(1000, n)
	case "partial":
		m = min(10, n)
	case "all":
		m = 0
	default:
		return nil, fmt.Errorf("unknown scenario %q (want one, thousand, all or partial)", s)
	}
	idx := make([]int, m)
	for k := range idx {
		idx[k] = k*n/m + n/(2*m)
	}
	return idx, nil
}

func (r repo) init(ctx context.Context, n int, configs string) error {
	if err := os.RemoveAll(r.dir); err != nil {
		return err
	}
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		return err
	}
	if _, err := r.git(ctx, nil, "init", "-q", "-b", "main"); err != nil {
		return err
	}
	for _, kv := range [][2]string{{"user.name", "bench"}, {"user.email", "bench@example.invalid"}, {"gc.auto", "0"}} {
		if _, err := r.git(ctx, nil, "config", kv[0], kv[1]); err != nil {
			return err
		}
	}
	stream, err := commitStream(n, configs)
	if err != nil {
		return err
	}
	if _, err := r.git(ctx, stream, "fast-import", "--quiet"); err != nil {
		return err
	}
	if _, err := r.git(ctx, nil, "reset", "-q", "--hard", "main"); err != nil {
		return err
	}
	if err := r.ageAll(ctx); err != nil {
		return err
	}
	if _, err := r.git(ctx, nil, "update-index", "-q", "--refresh"); err != nil {
		return err
	}
	if err := os.MkdirAll(r.meta(""), 0o755); err != nil {
		return err
	}
	return os.WriteFile(r.meta("files"), []byte(fmt.Sprint(n)), 0o644)
}

// commitStream is a git fast-import stream committing n files and the files in configs
// (if not "") at the root.
func commitStream(n int, configs string) (*bytes.Buffer, error) {
	var stream bytes.Buffer
	stream.WriteString("commit refs/heads/main\ncommitter bench <bench@example.invalid> 1577836800 +0000\ndata 9\ngenerated\n")
	inline := func(name string, data []byte) {
		fmt.Fprintf(&stream, "M 100644 inline %s\ndata %d\n%s\n", name, len(data), data)
	}
	if configs != "" {
		entries, err := os.ReadDir(configs)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(configs, e.Name()))
			if err != nil {
				return nil, err
			}
			inline(e.Name(), data)
		}
	}
	for i := range n {
		inline(path(i), []byte(content(i)))
	}
	return &stream, nil
}

// ageAll gives every tracked file oldTime.
func (r repo) ageAll(ctx context.Context) error {
	out, err := r.git(ctx, nil, "ls-files", "-z")
	if err != nil {
		return err
	}
	for name := range strings.SplitSeq(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		if err := os.Chtimes(filepath.Join(r.dir, name), oldTime, oldTime); err != nil {
			return err
		}
	}
	return nil
}

func (r repo) meta(name string) string { return filepath.Join(r.dir, ".git", "bench", name) }

func (r repo) fileCount() (int, error) {
	data, err := os.ReadFile(r.meta("files"))
	if err != nil {
		return 0, fmt.Errorf("not made by genrepo init: %w", err)
	}
	var n int
	_, err = fmt.Sscan(string(data), &n)
	return n, err
}

// state is what stage remembers about a scenario.
type state struct {
	Tree     string            // git write-tree of the staged index
	Status   string            // git status --porcelain -z -uall
	Worktree map[string]string // touched path -> expected work-tree content
}

func (r repo) write(name, data string) error {
	p := filepath.Join(r.dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		return err
	}
	return os.Chtimes(p, oldTime, oldTime)
}

func (r repo) stage(ctx context.Context, s string) error {
	n, err := r.fileCount()
	if err != nil {
		return err
	}
	idx, err := touched(s, n)
	if err != nil {
		return err
	}
	// Undo whatever scenario was staged before: the union of all scenarios' files.
	for _, other := range []string{"one", "thousand", "partial"} {
		o, _ := touched(other, n)
		for _, i := range o {
			if err := r.write(path(i), content(i)); err != nil {
				return err
			}
		}
	}
	if _, err := r.git(ctx, nil, "reset", "-q"); err != nil {
		return err
	}
	st := state{Worktree: map[string]string{}}
	var names bytes.Buffer
	for _, i := range idx {
		st.Worktree[path(i)] = content(i) + stagedLine
		if err := r.write(path(i), st.Worktree[path(i)]); err != nil {
			return err
		}
		names.WriteString(path(i) + "\x00")
	}
	if len(idx) > 0 {
		if _, err := r.git(ctx, &names, "add", "--pathspec-from-file=-", "--pathspec-file-nul"); err != nil {
			return err
		}
	}
	if s == "partial" {
		for _, i := range idx {
			st.Worktree[path(i)] += unstagedLine
			if err := r.write(path(i), st.Worktree[path(i)]); err != nil {
				return err
			}
		}
	}
	return r.record(ctx, s, st)
}

// record refreshes the index and saves it and st under .git/bench/S.
func (r repo) record(ctx context.Context, s string, st state) error {
	_, _ = r.git(ctx, nil, "update-index", "-q", "--refresh") // exit 1: partial's files differ, as they should
	tree, err := r.git(ctx, nil, "write-tree")
	if err != nil {
		return err
	}
	st.Tree = strings.TrimSpace(string(tree))
	status, err := r.git(ctx, nil, "status", "--porcelain", "-z", "-uall")
	if err != nil {
		return err
	}
	st.Status = string(status)
	if err = os.MkdirAll(r.meta(s), 0o755); err != nil {
		return err
	}
	idx, err := os.ReadFile(filepath.Join(r.dir, ".git", "index"))
	if err != nil {
		return err
	}
	if err = os.WriteFile(r.meta(s+"/index"), idx, 0o644); err != nil {
		return err
	}
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return os.WriteFile(r.meta(s+"/state.json"), data, 0o644)
}

func (r repo) load(s string) (state, error) {
	var st state
	data, err := os.ReadFile(r.meta(s + "/state.json"))
	if err != nil {
		return st, fmt.Errorf("scenario %s not staged: %w", s, err)
	}
	return st, json.Unmarshal(data, &st)
}

// restore puts the touched files and the index back as stage left them, and refreshes the
// index so that a tool which rewrote a file (stashing unstaged changes) leaves no stale
// stat data for the next tool to pay for.
func (r repo) restore(ctx context.Context, s string, clearDirs []string) error {
	st, err := r.load(s)
	if err != nil {
		return err
	}
	for _, d := range clearDirs {
		if err = os.RemoveAll(d); err != nil {
			return err
		}
	}
	// The files other scenarios touch go back to their committed content, as stage left
	// them: a case timed after another must not inherit its changes as unstaged work.
	want := maps.Clone(st.Worktree)
	n, err := r.fileCount()
	if err != nil {
		return err
	}
	for _, other := range []string{"one", "thousand", "partial"} {
		o, _ := touched(other, n)
		for _, i := range o {
			if _, ok := want[path(i)]; !ok {
				want[path(i)] = content(i)
			}
		}
	}
	for name, text := range want {
		got, rerr := os.ReadFile(filepath.Join(r.dir, name))
		if rerr == nil && string(got) == text {
			continue
		}
		if err = r.write(name, text); err != nil {
			return err
		}
	}
	idx, err := os.ReadFile(r.meta(s + "/index"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(r.dir, ".git", "index"), idx, 0o644); err != nil {
		return err
	}
	_, _ = r.git(ctx, nil, "update-index", "-q", "--refresh") // exit 1: partial's files differ, as they should
	return nil
}

// verify fails unless the index, the work tree and git status are as stage left them
// and no stash entry was left behind.
func (r repo) verify(ctx context.Context, s string) error {
	st, err := r.load(s)
	if err != nil {
		return err
	}
	var problems []string
	tree, err := r.git(ctx, nil, "write-tree")
	if err != nil {
		return err
	}
	if got := strings.TrimSpace(string(tree)); got != st.Tree {
		problems = append(problems, fmt.Sprintf("staged tree is %s, want %s", got, st.Tree))
	}
	status, err := r.git(ctx, nil, "status", "--porcelain", "-z", "-uall")
	if err != nil {
		return err
	}
	if string(status) != st.Status {
		problems = append(problems, fmt.Sprintf("git status is %q, want %q",
			strings.ReplaceAll(string(status), "\x00", "; "), strings.ReplaceAll(st.Status, "\x00", "; ")))
	}
	for _, name := range sortedKeys(st.Worktree) {
		got, err := os.ReadFile(filepath.Join(r.dir, name))
		if err != nil || string(got) != st.Worktree[name] {
			problems = append(problems, name+": work-tree content changed")
		}
	}
	if out, _ := r.git(ctx, nil, "stash", "list"); len(out) > 0 {
		problems = append(problems, "stash entries left behind: "+strings.TrimSpace(string(out)))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: not in scenario %s's state:\n  %s", r.dir, s, strings.Join(problems, "\n  "))
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
