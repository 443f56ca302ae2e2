package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"strings"
)

func init() {
	register(Hook{ID: "forbid-new-submodules", Parse: noArgs(forbidNewSubmodules), Git: true, ReadOnly: true})
}

// forbidNewSubmodules fails for each submodule (gitlink) among its files that is added:
// in the index, or between PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF when both are set.
func forbidNewSubmodules(ctx context.Context, env Env, files []string) (int, []byte) {
	diff := "--staged"
	if from, to := env.getenv("PRE_COMMIT_FROM_REF"), env.getenv("PRE_COMMIT_TO_REF"); from != "" && to != "" {
		diff = from + "..." + to
	}
	added, err := env.Git(ctx, nil, append([]string{"diff", "--diff-filter=A", "--raw", diff, "--"}, files...)...)
	if err != nil {
		return 1, crash(err)
	}
	var out bytes.Buffer
	code := 0
	for _, line := range outputLines(added) {
		meta, name, ok := strings.Cut(line, "\t")
		fields := strings.Split(meta, " ")
		if !ok || len(fields) < 2 {
			return 1, append(out.Bytes(), crash(fmt.Errorf("unexpected git diff line %q", line))...)
		}
		if fields[1] == "160000" {
			fmt.Fprintf(&out, "%s: new submodule introduced\n", name)
			code = 1
		}
	}
	if code != 0 {
		out.WriteString("\nThis commit introduces new submodules.\nDid you unintentionally `git add .`?\n" +
			"To fix: git rm {thesubmodule}  # no trailing slash\nAlso check .gitmodules\n")
	}
	return code, out.Bytes()
}
