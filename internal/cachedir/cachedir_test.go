package cachedir

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirPrefersHOOKRUN_CACHE_DIR(t *testing.T) {
	t.Parallel()
	got, err := Dir([]string{"HOOKRUN_CACHE_DIR=/x/cache"})
	if err != nil || got != "/x/cache" {
		t.Errorf("got %q %v, want /x/cache", got, err)
	}
}

func TestDirFallsBackToTheUserCacheDir(t *testing.T) {
	t.Parallel()
	base, err := os.UserCacheDir()
	if err != nil {
		t.Skip("no user cache dir here:", err)
	}
	got, err := Dir([]string{"HOOKRUN_CACHE_DIR="})
	if want := filepath.Join(base, "hookrun"); err != nil || got != want {
		t.Errorf("got %q %v, want %s", got, err, want)
	}
}
