// Package cachedir says where hookrun keeps what it can rebuild (hook repositories and
// their environments, the versions its tools reported): one decision, for every part
// of hookrun that keeps something there.
package cachedir

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/hookrun/hookrun/internal/proc"
)

// Dir is HOOKRUN_CACHE_DIR from environ (the environment cmd/hookrun read once), else
// hookrun in the user cache directory (os.UserCacheDir).
func Dir(environ []string) (string, error) {
	if dir := proc.Getenv(environ, "HOOKRUN_CACHE_DIR"); dir != "" {
		return dir, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the cache directory (set HOOKRUN_CACHE_DIR): %w", err)
	}
	return filepath.Join(base, "hookrun"), nil
}
