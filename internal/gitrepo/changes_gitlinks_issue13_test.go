package gitrepo

import "testing"

// TestChangesListGitlinksOnlyWhenAsked: a submodule added on top of chgBaseRepo is
// among the staged, range and all files when Scope.Gitlinks asks for it (pre-commit's
// semantics), and never otherwise (hookrun.yaml's).
func TestChangesListGitlinksOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	sub := c.at(chgRealDir(t))
	sub.git("init", "-q")
	sub.git("commit", "-q", "--allow-empty", "-m", "sub")
	c.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir, "lib")
	r := c.open()
	staged := []string{".gitmodules", "lib"}
	for _, tt := range []struct {
		name  string
		scope Scope
		want  []string
	}{
		{"staged without gitlinks", Scope{Kind: Staged}, staged[:1]},
		{"staged with gitlinks", Scope{Kind: Staged, Gitlinks: true}, staged},
	} {
		got, err := r.Changes(t.Context(), tt.scope)
		if err != nil {
			t.Fatal(err)
		}
		chgCompare(t, got, tt.want)
	}
	c.commitAll("add lib")
	all := []string{".gitmodules", "a.txt", "b.txt", "dir/c.txt", "dir/d.txt", "lib"}
	for _, tt := range []struct {
		name  string
		scope Scope
		want  []string
	}{
		{"all without gitlinks", Scope{Kind: All}, all[:5]},
		{"all with gitlinks", Scope{Kind: All, Gitlinks: true}, all},
		{"range without gitlinks", Scope{Kind: Range, From: "HEAD~1"}, staged[:1]},
		{"range with gitlinks", Scope{Kind: Range, From: "HEAD~1", Gitlinks: true}, staged},
		{"last commit with gitlinks", Scope{Kind: LastCommit, Gitlinks: true}, staged},
	} {
		got, err := r.Changes(t.Context(), tt.scope)
		if err != nil {
			t.Fatal(err)
		}
		t.Log(tt.name)
		chgCompare(t, got, tt.want)
	}
}
