package hookrepos

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// TryOptions say what Try runs.
type TryOptions struct {
	Root string // absolute repository root, where the hooks will run
	Ref  string // the revision to run; "" is HEAD, with a local repository's uncommitted changes
	Hook string // the one hook to run; "" runs every hook of the manifest
	Env  []string
}

// TryArgs splits try-repo's command line, REPO [HOOK] [--ref REV] [run flags...], into
// the repository, the options it names and the flags left for the run; ok is false when
// it does not start with a repository.
func TryArgs(args []string) (repo string, opt TryOptions, runArgs []string, ok bool) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return "", opt, nil, false
	}
	repo, rest := args[0], args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		opt.Hook, rest = rest[0], rest[1:]
	}
	for i := 0; i < len(rest); i++ {
		switch a := rest[i]; {
		case (a == "--ref" || a == "--rev") && i+1 < len(rest):
			opt.Ref, i = rest[i+1], i+1
		case strings.HasPrefix(a, "--ref=") || strings.HasPrefix(a, "--rev="):
			opt.Ref = a[len("--ref="):]
		default:
			runArgs = append(runArgs, a)
		}
	}
	return repo, opt, runArgs, true
}

// Trial is a config that runs a hook repository's hooks in a project that need not have
// a config of its own, as pre-commit's try-repo writes it. Close removes it.
type Trial struct {
	Path   string // the .pre-commit-config.yaml, in a temporary directory
	Config string // its text
	// CacheDir is a temporary cache for a run of a shadow repository (a local one with
	// uncommitted changes, committed in a temporary clone): its clone and environments
	// are of a commit no later run sees again. "" means hookrun's cache.
	CacheDir string
	dir      string
}

// Close removes the trial's temporary directory.
func (t *Trial) Close() error { return os.RemoveAll(t.dir) }

// Try writes the config that runs the hooks of repo (a URL, or a local repository whose
// work tree is used as it is, uncommitted changes to tracked files included) at
// opt.Ref: opt.Hook alone, or every hook of its manifest, sorted by id. Without a hook,
// the repository is cloned into the cache to read its manifest; nothing of it runs.
func Try(ctx context.Context, repo string, opt TryOptions) (*Trial, error) {
	tmp, err := os.MkdirTemp("", "hookrun-try-repo-*")
	if err != nil {
		return nil, err
	}
	t := &Trial{Path: filepath.Join(tmp, precommit.FileName), dir: tmp}
	if err := t.write(ctx, repo, opt); err != nil {
		_ = t.Close() // the error is what matters
		return nil, err
	}
	return t, nil
}

func (t *Trial) write(ctx context.Context, repo string, opt TryOptions) error {
	url, ref := repo, opt.Ref
	if isDir(repo) {
		url, _ = filepath.Abs(repo) // a path that exists: Abs cannot fail on it
	}
	var err error
	if ref == "" {
		if ref, err = gitrepo.RemoteHead(ctx, url, opt.Env); err != nil {
			return err
		}
		if isDir(url) {
			if url, ref, err = gitrepo.Shadow(ctx, url, ref, t.dir, opt.Env); err != nil {
				return err
			}
		}
	}
	if strings.HasPrefix(url, t.dir) {
		t.CacheDir = filepath.Join(t.dir, "cache")
	}
	ids := []string{opt.Hook}
	if opt.Hook == "" {
		o := Options{Root: opt.Root, CacheDir: t.CacheDir, Env: opt.Env}
		if o.CacheDir == "" {
			if o.CacheDir, err = DefaultCacheDir(opt.Env); err != nil {
				return err
			}
		}
		src, err := fetchRepo(ctx, &precommit.Repo{Repo: url, Rev: ref}, o)
		if err != nil {
			return err
		}
		ids = slices.Sorted(maps.Keys(src.Manifest))
	}
	var b strings.Builder
	b.WriteString("repos:\n-   repo: " + precommit.Scalar(url) + "\n    rev: " + precommit.Scalar(ref) + "\n    hooks:\n")
	for _, id := range ids {
		b.WriteString("    -   id: " + precommit.Scalar(id) + "\n")
	}
	t.Config = b.String()
	return os.WriteFile(t.Path, []byte(t.Config), 0o644)
}
