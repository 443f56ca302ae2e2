package gitrepo

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFetchURLAppliesInsteadOf: the user's url.<base>.insteadOf rules rewrite a hook
// repository's URL as git clone would (the longest base wins); pushInsteadOf does not
// touch a fetch; the config of a repository around the working directory plays no part.
func TestFetchURLAppliesInsteadOf(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	global := filepath.Join(dir, "gitconfig")
	cfg := "[url \"file:///mirror/\"]\n\tinsteadOf = https://github.com/\n" +
		"[url \"file:///special/\"]\n\tinsteadOf = https://github.com/special/\n" +
		"[url \"ssh://push.example/\"]\n\tpushInsteadOf = https://gitlab.com/\n"
	if err := os.WriteFile(global, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	c := chgNewRepo(t)
	c.git("config", "url.file:///local/.insteadOf", "https://bitbucket.org/")
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "GIT_CONFIG_GLOBAL=" + global, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_DIR=" + filepath.Join(c.dir, ".git"),
	} // as inside a git hook: still not this repository's config
	for _, tt := range []struct{ url, want string }{
		{"https://github.com/pre-commit/pre-commit-hooks", "file:///mirror/pre-commit/pre-commit-hooks"},
		{"https://github.com/special/hooks", "file:///special/hooks"},
		{"https://gitlab.com/a/b", "https://gitlab.com/a/b"},
		{"https://bitbucket.org/a/b", "https://bitbucket.org/a/b"},
		{"/some/local/path", "/some/local/path"},
	} {
		got, err := FetchURL(t.Context(), tt.url, env)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("FetchURL(%s) = %s, want %s", tt.url, got, tt.want)
		}
	}
}
