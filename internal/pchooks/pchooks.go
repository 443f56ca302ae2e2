// Package pchooks holds native versions of the hooks in pre-commit/pre-commit-hooks
// (trailing-whitespace, end-of-file-fixer, check-yaml, ...). Each is a Go function that
// reads and rewrites files the way the Python hook does (same exit code, same bytes
// written, output close enough to read the same), so a config that names
// https://github.com/pre-commit/pre-commit-hooks runs without cloning it, building a
// virtualenv or starting Python. A hook whose args the native version does not support
// is not native: the caller runs the real hook instead.
//
// Every hook is registered from its own file with register, and tested differentially
// against the real Python hook (the pre-commit-hooks package pinned in
// testdata/tools/requirements.txt) in difftest_test.go.
package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
)

// Version is the pre-commit-hooks release the native hooks follow and are tested
// against.
const Version = "6.0.0"

// Func runs a hook on files (paths relative to env.Dir, the directory it runs in) and
// returns the exit code and output the Python hook would.
type Func func(ctx context.Context, env Env, files []string) (int, []byte)

// Env is what a native hook may need besides its files.
type Env struct {
	// Dir is the absolute directory the hook runs in (the repository root unless the
	// hook has a root); files are relative to it.
	Dir string
	// Getenv reads the environment the hook would get as a process (PRE_COMMIT_FROM_REF
	// and the like); nil means os.Getenv.
	Getenv func(string) string
	// Git runs git in Dir with stdin (nil for none) and returns its stdout; an exit other
	// than 0 is an error. It is set only for the hooks registered with Git: this package
	// starts no process itself (package pcexec gives the real one), so the config layer
	// may read the hooks' args through Lookup.
	Git func(ctx context.Context, stdin []byte, args ...string) ([]byte, error)
	// Wrote, when set, is told of every file a hook registered with RecordsWrites
	// writes, by its path under Dir, as it writes it: it writes a file only to change
	// its content, so the caller need not compare the files before and after.
	Wrote func(path string)
	// Read, when set, reads the files the hook reads (by their path under Dir), with
	// read (ReadFile) or from what it read before; nil means ReadFile. The bytes are
	// shared: a hook never changes them.
	Read func(path string, read func(string) ([]byte, error)) ([]byte, error)
	// DryRun, when set, makes a fixer write nothing: each file it would write (by its
	// path under Dir) and the content it would give it go to DryRun instead, and Wrote
	// hears nothing. Its output and exit code are those of the run that writes.
	DryRun func(path string, data []byte)
	// FixedOnly, when set, is set by a fixer that exits 1 only because it changed files
	// (in a dry run, would have): every problem it found, it fixed. The exit code stays
	// pre-commit's (1); a caller for whom a fix is no failure (hookrun.yaml's built-in
	// use) reads it. A real failure (a problem it cannot fix, an error) leaves it false.
	FixedOnly *bool
}

// fixed returns a fixer's exit code, after telling FixedOnly that an exit 1 meant only
// that the fixer changed files: call it only where that holds.
func (e Env) fixed(code int) int {
	if code == 1 && e.FixedOnly != nil {
		*e.FixedOnly = true
	}
	return code
}

// readFile reads a file the hook was given, through Read when set.
func (e Env) readFile(path string) ([]byte, error) {
	if e.Read != nil {
		return e.Read(path, ReadFile)
	}
	return ReadFile(path)
}

// ReadFileUnder returns ReadFile for the files under dir, which opens them by their
// path relative to dir when dir is the process's working directory: the kernel then
// walks only the path within dir, not every directory above it again for each file.
// Errors name the path as given. Hooks run in the repository's root, where git starts
// its hooks, so this is the usual case.
func ReadFileUnder(dir string) func(string) ([]byte, error) {
	if wd, err := syscall.Getwd(); err != nil || wd != dir {
		return ReadFile
	}
	prefix := dir + string(filepath.Separator)
	return func(path string) ([]byte, error) {
		rel, ok := strings.CutPrefix(path, prefix)
		if !ok || rel == "" {
			return ReadFile(path)
		}
		data, err := ReadFile(rel)
		if pe, ok := err.(*fs.PathError); ok { //nolint:errorlint // ReadFile returns it unwrapped
			pe.Path = path
		}
		return data, err
	}
}

// path is the path of the file f (relative to Dir) as filepath.Join(e.Dir, f) gives
// it, which the shared reads are keyed by. A hook joins each of its files: for the
// clean relative paths git gives, this is the concatenation Join comes to, without
// its Clean's pass over the whole path.
func (e Env) path(f string) string {
	if filepath.Separator == '/' && len(e.Dir) > 1 && e.Dir[0] == '/' && cleanRel(e.Dir[1:]) && cleanRel(f) {
		return e.Dir + "/" + f
	}
	return filepath.Join(e.Dir, f)
}

// cleanRel says f is a relative slash-separated path that filepath.Clean leaves as it
// is: not empty, and no element empty, "." or "..".
func cleanRel(f string) bool {
	if f == "" || f[0] == '/' {
		return false
	}
	for {
		i := strings.IndexByte(f, '/')
		elem := f
		if i >= 0 {
			elem = f[:i]
		}
		if elem == "" || elem == "." || elem == ".." {
			return false
		}
		if i < 0 {
			return true
		}
		f = f[i+1:]
	}
}

// getenv reads the hook's environment.
func (e Env) getenv(key string) string {
	if e.Getenv == nil {
		return os.Getenv(key)
	}
	return e.Getenv(key)
}

// Hook is one native hook: its id (as in pre-commit-hooks' .pre-commit-hooks.yaml) and
// how it reads its args.
type Hook struct {
	ID string
	// Parse reads args as the Python hook's argparse would and returns the function to
	// run. It returns ErrUnsupported (wrapped) when an argument is valid for the Python
	// hook but not supported natively, and another error when the Python hook would
	// reject the args too.
	Parse func(args []string) (Func, error)
	// Git says the hook asks git about the repository (what is staged, the branch, a
	// merge in progress): it gets Env.Git, and its results depend on more than its files,
	// so they are never cached.
	Git bool
	// ReadOnly says the hook never writes a file (whatever its args), so it may run
	// beside the fixers of its files. A hook that does not say so is taken for a fixer.
	ReadOnly bool
	// RecordsWrites says the hook writes files only through Env.writeFile, and only to
	// change their content, so that Env.Wrote hears of every file it changes.
	RecordsWrites bool
	// Asks, for a hook with Git, gives the questions (git's args, no stdin) it asks
	// whatever its files with args, so that a caller may ask them ahead (Asks).
	Asks func(args []string) [][]string
}

// ErrUnsupported says the native version cannot stand in for the Python hook with these
// args; the caller runs the real hook.
var ErrUnsupported = fmt.Errorf("not supported by the native version")

var registry = map[string]Hook{}

// register adds a hook; each hook's file calls it from init.
func register(h Hook) {
	if _, dup := registry[h.ID]; dup {
		panic("pchooks: " + h.ID + " registered twice")
	}
	registry[h.ID] = h
}

// Lookup returns the native version of the hook id with args. ok is false when there is
// none for the id; err wraps ErrUnsupported when there is one but not for these args.
func Lookup(id string, args []string) (f Func, ok bool, err error) {
	h, ok := registry[id]
	if !ok {
		return nil, false, nil
	}
	f, err = h.Parse(args)
	return f, true, err
}

// ReadsGit reports whether the native hook id asks git about the repository (Hook.Git).
func ReadsGit(id string) bool {
	return registry[id].Git
}

// Writes reports whether the native hook id may write its files (it is not ReadOnly).
func Writes(id string) bool {
	return !registry[id].ReadOnly
}

// RecordsWrites reports whether the native hook id tells Env.Wrote of every file it
// writes (Hook.RecordsWrites).
func RecordsWrites(id string) bool {
	return registry[id].RecordsWrites
}

// Asks returns the git questions (args, no stdin) the native hook id asks with args,
// whatever its files: a caller that answers Env.Git from what it asked before may ask
// them ahead, while other work goes on. None for a hook that asks git nothing.
func Asks(id string, args []string) [][]string {
	h := registry[id]
	if h.Asks == nil {
		return nil
	}
	return h.Asks(args)
}

// always is Hook.Asks for a hook that asks the same questions whatever its args.
func always(questions ...[]string) func([]string) [][]string {
	return func([]string) [][]string { return questions }
}

// IDs lists the native hooks, sorted.
func IDs() []string {
	ids := make([]string, 0, len(registry))
	for id := range registry {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Has reports whether id has a native version.
func Has(id string) bool {
	_, ok := registry[id]
	return ok
}

// noArgs is Parse for a hook that takes no options: any argument is one the Python
// hook's argparse rejects too.
func noArgs(f Func) func([]string) (Func, error) {
	return func(args []string) (Func, error) {
		if len(args) > 0 {
			return nil, fmt.Errorf("unrecognized arguments: %q", args)
		}
		return f, nil
	}
}

// crash is the output of a Python hook stopped by an exception: hookrun's message in
// place of the traceback.
func crash(err error) []byte {
	return fmt.Appendf(nil, "error: %v\n", err)
}

// writeFile replaces a file's content in place, keeping its mode, as Python's
// open(path, 'w') does (it truncates and writes through the same inode), and tells
// Env.Wrote of it once it is opened for writing (truncated), even if writing then fails.
// Call it only with content that differs from the file's (RecordsWrites). Unlike Python
// it never writes through a symbolic link (hookrun writes nothing outside the work tree
// by way of one): a link is an error. pre-commit passes links only to hooks whose types
// include symlink, which no fixer's manifest entry does.
func (e Env) writeFile(path string, data []byte) error {
	if e.DryRun != nil {
		e.DryRun(path, data)
		return nil
	}
	opened, err := writeFileOpened(path, data)
	if opened && e.Wrote != nil {
		e.Wrote(path)
	}
	return err
}

// writeFileOpened writes the file as writeFile does, and says whether it was opened
// (and truncated).
func writeFileOpened(path string, data []byte) (opened bool, err error) {
	if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&os.ModeSymlink != 0 {
		return false, fmt.Errorf("%s is a symbolic link: not written through", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return false, err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return true, err
	}
	return true, f.Close()
}

// checkFiles is the loop of a hook that only reads its files: it reads each file and
// has check look at it. check returns the line (without its newline) to print for a
// file that fails, which makes the exit 1, or a fatal error, which stops the hook the
// way an exception stops the Python one (the files after it unread).
func checkFiles(env Env, files []string, check func(f string, data []byte) (problem string, fatal error)) (int, []byte) {
	var out bytes.Buffer
	code := 0
	for _, f := range files {
		data, err := env.readFile(env.path(f))
		if err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		problem, err := check(f, data)
		if err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		if problem != "" {
			out.WriteString(problem + "\n")
			code = 1
		}
	}
	return code, out.Bytes()
}

// fixFiles is the loop of a fixer: it reads each file and has fix give its new content.
// A file fix changes is written and told of with report (a format taking its path); a
// fatal error from fix, or a failed read or write, stops the hook the way an exception
// stops the Python one (the files after it untouched).
func fixFiles(env Env, files []string, report string, fix func(f string, data []byte) (fixed []byte, changed bool, fatal error)) (int, []byte) {
	var out bytes.Buffer
	code := 0
	for _, f := range files {
		path := env.path(f)
		data, err := env.readFile(path)
		if err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		fixed, changed, err := fix(f, data)
		if err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		if !changed {
			continue
		}
		if err := env.writeFile(path, fixed); err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		fmt.Fprintf(&out, report, f)
		code = 1
	}
	return env.fixed(code), out.Bytes()
}

// byteSet is the set of the bytes of chars, for scanners that test a byte at a time.
func byteSet(chars string) (set [256]bool) {
	for i := range len(chars) {
		set[chars[i]] = true
	}
	return set
}

// lazyRegexp returns expr compiled on first use: a package-level regexp compiled at
// start-up costs every hookrun run, native hooks or not.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
