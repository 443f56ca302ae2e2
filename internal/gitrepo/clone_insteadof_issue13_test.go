package gitrepo

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCloneAppliesInsteadOf: the user's url.<base>.insteadOf rules rewrite a hook
// repository's URL as git clone would (the longest base wins); pushInsteadOf does not
// touch a fetch; the config of a repository around the working directory (GIT_DIR, as
// inside a git hook) plays no part.
func TestCloneAppliesInsteadOf(t *testing.T) {
	t.Parallel()
	mirror, special := chgNewRepo(t), chgNewRepo(t)
	mirror.write("hook.sh", "mirror\n")
	mirror.commitAll("one")
	special.write("hook.sh", "special\n")
	special.commitAll("one")
	dir := t.TempDir()
	global := filepath.Join(dir, "gitconfig")
	cfg := "[url \"file://" + filepath.Dir(mirror.dir) + "/\"]\n\tinsteadOf = https://github.com/\n" +
		"[url \"file://" + special.dir + "\"]\n\tinsteadOf = https://github.com/special/hooks\n" +
		"[url \"file://" + special.dir + "\"]\n\tpushInsteadOf = file:///nonexistent-hookrun/b\n"
	if err := os.WriteFile(global, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	around := chgNewRepo(t)
	around.git("config", "url.file://"+special.dir+".insteadOf", "https://github.com/"+filepath.Base(mirror.dir))
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "GIT_CONFIG_GLOBAL=" + global, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_DIR=" + filepath.Join(around.dir, ".git"),
	} // as inside a git hook: still not this repository's config
	for _, tt := range []struct{ url, want string }{
		{"https://github.com/" + filepath.Base(mirror.dir), "mirror\n"},
		{"https://github.com/special/hooks", "special\n"},
	} {
		clone := filepath.Join(t.TempDir(), "clone")
		if _, err := Clone(t.Context(), tt.url, "main", clone, env); err != nil {
			t.Fatalf("Clone(%s): %v", tt.url, err)
		}
		if got, err := os.ReadFile(filepath.Join(clone, "hook.sh")); err != nil || string(got) != tt.want {
			t.Errorf("Clone(%s): hook.sh = %q, %v; want %q", tt.url, got, err, tt.want)
		}
	}
	if _, err := Clone(t.Context(), "file:///nonexistent-hookrun/b", "main", filepath.Join(t.TempDir(), "clone"), env); err == nil {
		t.Error("Clone(file:///nonexistent-hookrun/b) used a pushInsteadOf rule")
	}
}
