package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
)

func init() {
	register(Hook{ID: "destroyed-symlinks", Parse: noArgs(destroyedSymlinks), Git: true, ReadOnly: true})
}

// destroyedSymlinks is destroyed-symlinks: a file that is a symlink in HEAD and staged
// as a regular file whose content is the link's target (give or take trailing
// whitespace a fixer may have added) was a symlink checked out where links do not
// work.
func destroyedSymlinks(ctx context.Context, env Env, files []string) (int, []byte) {
	if len(files) == 0 {
		return 0, nil
	}
	status, err := gitOutput(ctx, env, append([]string{"status", "--porcelain=v2", "-z", "--"}, files...)...)
	if err != nil {
		return 1, crash(err)
	}
	var destroyed []string
	for _, line := range strings.Split(strings.Trim(status, "\x00"), "\x00") {
		f := strings.Split(line, " ")
		if len(f) < 9 || f[0] != "1" {
			continue
		}
		modeHead, modeIndex, hashHead, hashIndex := f[3], f[4], f[6], f[7]
		if modeHead != "120000" || modeIndex == "120000" || modeIndex == "000000" {
			continue
		}
		path := strings.Join(f[8:], " ")
		same, err := sameLinkContent(ctx, env, hashHead, hashIndex)
		if err != nil {
			return 1, crash(err)
		}
		if same {
			destroyed = append(destroyed, path)
		}
	}
	if len(destroyed) == 0 {
		return 0, nil
	}
	var out bytes.Buffer
	out.WriteString("Destroyed symlinks:\n")
	quoted := make([]string, len(destroyed))
	for i, d := range destroyed {
		fmt.Fprintf(&out, "- %s\n", d)
		quoted[i] = shellQuote(d)
	}
	fmt.Fprintf(&out, "You should unstage affected files:\n\tgit reset HEAD -- %s\n", strings.Join(quoted, " "))
	out.WriteString("And retry commit. As a long term solution you may try to explicitly tell git that " +
		"your environment does not support symlinks:\n\tgit config core.symlinks false\n")
	return 1, out.Bytes()
}

// sameLinkContent compares the link blob in HEAD with the file blob in the index: the
// same blob, or (when the file is at most two bytes longer) the same bytes once
// trailing whitespace is stripped from both.
func sameLinkContent(ctx context.Context, env Env, hashHead, hashIndex string) (bool, error) {
	if hashHead == hashIndex {
		return true, nil
	}
	size := func(h string) (int, error) {
		s, err := gitOutput(ctx, env, "cat-file", "-s", h)
		if err != nil {
			return 0, err
		}
		return strconv.Atoi(strings.TrimSpace(s))
	}
	sizeIndex, err := size(hashIndex)
	if err != nil {
		return false, err
	}
	sizeHead, err := size(hashHead)
	if err != nil {
		return false, err
	}
	if sizeIndex > sizeHead+2 {
		return false, nil
	}
	head, err := gitOutput(ctx, env, "cat-file", "-p", hashHead)
	if err != nil {
		return false, err
	}
	index, err := gitOutput(ctx, env, "cat-file", "-p", hashIndex)
	if err != nil {
		return false, err
	}
	return pyRstrip(head) == pyRstrip(index), nil
}

// pyRstrip is bytes.rstrip(): ASCII whitespace off the end.
func pyRstrip(s string) string { return strings.TrimRight(s, " \t\n\r\v\f") }

// gitOutput runs git in env.Dir (through Env.Git) and returns its stdout, an error when
// it exits non-zero.
func gitOutput(ctx context.Context, env Env, args ...string) (string, error) {
	out, err := env.Git(ctx, nil, args...)
	return string(out), err
}
