package engine

import (
	"slices"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

func TestArgVarsNameGitsHookArguments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		stage hooks.Stage
		args  []string
		want  []string
	}{
		{"prepare-commit-msg without a source sets nothing", hooks.PrepareCommitMsg, []string{".git/COMMIT_EDITMSG"}, nil},
		{"prepare-commit-msg passes the source and the commit", hooks.PrepareCommitMsg, []string{"m", "commit", "HEAD"}, []string{
			"PRE_COMMIT_COMMIT_MSG_SOURCE=commit", "HOOKRUN_COMMIT_MSG_SOURCE=commit",
			"PRE_COMMIT_COMMIT_OBJECT_NAME=HEAD", "HOOKRUN_COMMIT_OBJECT_NAME=HEAD",
		}},
		{"post-checkout passes both refs, under the old names too, and the type", hooks.PostCheckout, []string{"a1", "b2", "0"}, []string{
			"PRE_COMMIT_FROM_REF=a1", "HOOKRUN_FROM_REF=a1", "PRE_COMMIT_TO_REF=b2", "HOOKRUN_TO_REF=b2",
			"PRE_COMMIT_CHECKOUT_TYPE=0", "HOOKRUN_CHECKOUT_TYPE=0", "PRE_COMMIT_ORIGIN=a1", "PRE_COMMIT_SOURCE=b2",
		}},
		{"post-merge passes 0 as well as 1", hooks.PostMerge, []string{"0"}, []string{"PRE_COMMIT_IS_SQUASH_MERGE=0", "HOOKRUN_IS_SQUASH_MERGE=0"}},
		{"post-rewrite passes the command", "post-rewrite", []string{"amend"}, []string{"PRE_COMMIT_REWRITE_COMMAND=amend", "HOOKRUN_REWRITE_COMMAND=amend"}},
		{"pre-rebase of the current branch passes the upstream alone", hooks.PreRebase, []string{"main"}, []string{
			"PRE_COMMIT_PRE_REBASE_UPSTREAM=main", "HOOKRUN_PRE_REBASE_UPSTREAM=main",
		}},
		{"pre-push passes the remote's name and URL", hooks.PrePush, []string{"origin", "git@h:r.git"}, []string{
			"PRE_COMMIT_REMOTE_NAME=origin", "HOOKRUN_REMOTE_NAME=origin", "PRE_COMMIT_REMOTE_URL=git@h:r.git", "HOOKRUN_REMOTE_URL=git@h:r.git",
		}},
		{"commit-msg sets nothing", hooks.CommitMsg, []string{"m"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := ArgVars(tt.stage, tt.args); !slices.Equal(got, tt.want) {
				t.Errorf("ArgVars(%s, %q) = %q; want %q", tt.stage, tt.args, got, tt.want)
			}
		})
	}
}
