package pchooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

func init() {
	register(Hook{
		ID: "check-executables-have-shebangs", Parse: noArgs(checkExecutablesHaveShebangs), Git: true, ReadOnly: true,
		Asks: always(fileMode),
	})
}

// fileMode asks git whether it tracks the executable bit.
var fileMode = []string{"config", "core.fileMode"}

// checkExecutablesHaveShebangs is check-executables-have-shebangs: pre-commit passes
// it executable files, and each must start with "#!". Where git does not track the
// executable bit (core.fileMode false), the bit comes from the index instead.
func checkExecutablesHaveShebangs(ctx context.Context, env Env, files []string) (int, []byte) {
	// Unset, git config exits 1: the bit is then tracked, as when it says true.
	mode, _ := env.Git(ctx, nil, fileMode...)
	if strings.TrimSpace(string(mode)) == "false" {
		return gitModeCheck(ctx, env, files, true)
	}
	var out bytes.Buffer
	code := 0
	for _, f := range files {
		ok, err := hasShebang(env.path(f))
		if err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		if !ok {
			out.WriteString(noShebangMessage(f))
			code = 1
		}
	}
	return code, out.Bytes()
}

func noShebangMessage(f string) string {
	q := shellQuote(f)
	return fmt.Sprintf("%s: marked executable but has no (or invalid) shebang!\n"+
		"  If it isn't supposed to be executable, try: `chmod -x %s`\n"+
		"  If on Windows, you may also need to: `git add --chmod=-x %s`\n"+
		"  If it is supposed to be executable, double-check its shebang.\n", f, q, q)
}

func shebangNotExecutableMessage(f string) string {
	q := shellQuote(f)
	return fmt.Sprintf("%s: has a shebang but is not marked executable!\n"+
		"  If it is supposed to be executable, try: `chmod +x %s`\n"+
		"  If on Windows, you may also need to: `git add --chmod=+x %s`\n"+
		"  If it is not supposed to be executable, double-check its shebang is wanted.\n\n", f, q, q)
}

// gitModeCheck reads the files' modes from the index (git ls-files --stage; files git
// does not track are skipped) and reports, when executable is true, executable files
// without a shebang, else files with a shebang that are not executable.
func gitModeCheck(ctx context.Context, env Env, files []string, executable bool) (int, []byte) {
	stage, err := env.Git(ctx, nil, append([]string{"ls-files", "-z", "--stage", "--"}, files...)...)
	if err != nil {
		return 1, crash(err)
	}
	var out bytes.Buffer
	code := 0
	for _, entry := range strings.Split(strings.Trim(string(stage), "\x00"), "\x00") {
		meta, name, ok := strings.Cut(entry, "\t")
		if !ok {
			continue
		}
		mode, _, _ := strings.Cut(meta, " ")
		isExec := strings.ContainsAny(mode[max(len(mode)-3, 0):], "1357")
		if isExec != executable {
			continue
		}
		has, err := hasShebang(env.path(name))
		if err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		switch {
		case executable && !has:
			out.WriteString(noShebangMessage(name))
			code = 1
		case !executable && has:
			out.WriteString(shebangNotExecutableMessage(name))
			code = 1
		}
	}
	return code, out.Bytes()
}

// hasShebang reports whether the file starts with "#!".
func hasShebang(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer func() { _ = f.Close() }()
	var b [2]byte
	n, err := io.ReadFull(f, b[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	return n == 2 && string(b[:]) == "#!", nil
}

const shellSafe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_"

// shellQuote is Python's shlex.quote.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	if strings.Trim(s, shellSafe) == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
}
