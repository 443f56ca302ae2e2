package engine

import (
	"context"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// The variables that hand what git told a hook (githooks(5)) to the hooks hookrun runs.

// argVarNames names, in order, the arguments git passes to each hook (githooks(5)) as
// variables for the hooks hookrun runs; "" marks one handed on otherwise (the message
// file). The names are pre-commit's, without its PRE_COMMIT_ prefix or hookrun's
// HOOKRUN_, so that hooks written for pre-commit find them.
var argVarNames = map[hooks.Stage][]string{
	hooks.PrepareCommitMsg: {"", "COMMIT_MSG_SOURCE", "COMMIT_OBJECT_NAME"},
	hooks.PostCheckout:     {"FROM_REF", "TO_REF", "CHECKOUT_TYPE"},
	hooks.PostMerge:        {"IS_SQUASH_MERGE"},
	"post-rewrite":         {"REWRITE_COMMAND"}, // a pre-commit config's stage only
	hooks.PreRebase:        {"PRE_REBASE_UPSTREAM", "PRE_REBASE_BRANCH"},
	hooks.PrePush:          {"REMOTE_NAME", "REMOTE_URL"},
}

// ArgVars returns the variables, as NAME=value, that hand git's arguments for stage to
// hooks; an argument git left out or passed empty sets nothing.
func ArgVars(stage hooks.Stage, gitArgs []string) []string {
	var env []string
	for i, name := range argVarNames[stage] {
		if name != "" && i < len(gitArgs) && gitArgs[i] != "" {
			env = append(env, hookVar(name, gitArgs[i])...)
		}
	}
	if stage == hooks.PostCheckout && len(gitArgs) >= 2 {
		env = append(env, legacyRefVars(gitArgs[0], gitArgs[1])...)
	}
	return env
}

// hookVar sets name for hooks under pre-commit's prefix and hookrun's own.
func hookVar(name, value string) []string {
	return []string{"PRE_COMMIT_" + name + "=" + value, "HOOKRUN_" + name + "=" + value}
}

// RefVars are the variables of a run between two revisions.
func RefVars(from, to string) []string {
	return slices.Concat(hookVar("FROM_REF", from), hookVar("TO_REF", to), legacyRefVars(from, to))
}

// legacyRefVars are pre-commit's old names for FROM_REF and TO_REF, which it still sets
// and older hooks still read.
func legacyRefVars(from, to string) []string {
	return []string{"PRE_COMMIT_ORIGIN=" + from, "PRE_COMMIT_SOURCE=" + to}
}

// PushVars are the variables of a pre-push run beyond git's arguments: the branches of
// the first ref pushed (pre-commit names one pair; hookrun checks every ref) and, when
// the pushed commits are one range, its ends as commit names.
func PushVars(ctx context.Context, repo *gitrepo.Repo, ranges []gitrepo.PushRange, scope gitrepo.Scope) []string {
	var env []string
	for _, r := range ranges {
		if strings.Trim(r.LocalSHA, "0") != "" { // not a deletion
			env = slices.Concat(hookVar("LOCAL_BRANCH", r.LocalRef), hookVar("REMOTE_BRANCH", r.RemoteRef))
			break
		}
	}
	if scope.Kind != gitrepo.Range {
		return env
	}
	from := scope.From
	// The range may start at the parent of the first new commit ("SHA^"); hooks get a
	// commit name, as from pre-commit.
	if out, err := repo.Git(ctx, "rev-parse", "--verify", "--quiet", from+"^{commit}"); err == nil {
		from = strings.TrimSpace(string(out))
	}
	return append(env, RefVars(from, scope.To)...)
}
