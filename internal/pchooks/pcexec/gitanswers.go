package pcexec

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/proc"
)

// The git questions the natives ask that the run can answer without starting git, when
// it is sure of git's answer; otherwise git is asked.

// answered returns git's output for args, and true, when the run knows it: `rev-parse
// --git-dir` (the run's git directory, hooks.GitDirOf) and `config core.fileMode` when
// the repository's own config sets it plainly (localFileMode).
func answered(ctx context.Context, environ, args []string) ([]byte, bool) {
	gitDir := hooks.GitDirOf(ctx)
	switch {
	case gitDir == "":
		return nil, false
	case slices.Equal(args, []string{"rev-parse", "--git-dir"}):
		return []byte(gitDir + "\n"), true
	case slices.Equal(args, []string{"config", "core.fileMode"}):
		if v, ok := localFileMode(gitDir, environ); ok {
			return []byte(v + "\n"), true
		}
	}
	return nil, false
}

// localFileMode is core.fileMode as `git config` prints it when the repository's
// config (gitDir/config) decides it for sure: set there, in the plain form `filemode =
// word` under a plain [core] header, with nothing that could come after it (no
// include in that file, no worktree config, no linked worktree, no configuration
// from the environment: git -c, GIT_CONFIG_COUNT). Anything else: ok is false.
func localFileMode(gitDir string, environ []string) (string, bool) {
	if !localConfigLast(gitDir, environ) {
		return "", false
	}
	data, err := os.ReadFile(filepath.Join(gitDir, "config"))
	if err != nil {
		return "", false
	}
	return plainCoreFileMode(data)
}

// localConfigLast says nothing comes after the repository's config file: no
// configuration from the environment (git -c, GIT_CONFIG_COUNT), no worktree config,
// no linked worktree (whose config is the common directory's).
func localConfigLast(gitDir string, environ []string) bool {
	for _, k := range []string{"GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG"} {
		if proc.Getenv(environ, k) != "" {
			return false
		}
	}
	for _, f := range []string{"commondir", "config.worktree"} {
		if _, err := os.Lstat(filepath.Join(gitDir, f)); err == nil {
			return false
		}
	}
	return true
}

// plainCoreFileMode is the last core.fileMode a config file sets, when every line of it
// is plain enough to be sure of: headers alone on their lines, no include, no continued
// line, the value one word.
func plainCoreFileMode(data []byte) (string, bool) {
	var value string
	inCore := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[':
			m := configHeader().FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(strings.ToLower(m[1]), "include") {
				return "", false // a key on the header's line, an include, ...
			}
			inCore = strings.EqualFold(m[1], "core") && m[2] == "" // [core "x"] is another section
		case strings.HasSuffix(line, `\`):
			return "", false // a continued line
		case inCore:
			key, v, _ := strings.Cut(line, "=")
			if !strings.EqualFold(strings.TrimSpace(key), "filemode") {
				continue
			}
			if value = strings.TrimSpace(v); !plainWord().MatchString(value) {
				return "", false // quoted, commented, or no value: let git read it
			}
		}
	}
	return value, sc.Err() == nil && value != ""
}

// configHeader and plainWord are compiled on first use, not at start-up: most runs
// ask no native hook's git question that a config file answers.
var (
	configHeader = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\[([A-Za-z0-9.-]+)(\s+"(?:[^"\\]|\\.)*")?\]$`)
	})
	plainWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9]+$`) })
)
