package hookrepos

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/atomicfile"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// UpdateOptions say what Autoupdate updates and to what.
type UpdateOptions struct {
	Root string // absolute repository root: relative repo paths are relative to it
	// Repos, when set, are the only repositories updated, each as its repo: is written.
	Repos []string
	// Freeze pins each rev to a commit id, the tag kept in a "# frozen:" comment.
	Freeze bool
	// BleedingEdge takes the head of each default branch instead of its newest tag.
	BleedingEdge bool
	// Jobs is how many repositories are fetched at once; 0 is one per CPU.
	Jobs int
	Env  []string // the environment git gets (nil: hookrun's)
}

// Update is what Autoupdate made of one remote repository.
type Update struct {
	Repo   *precommit.Repo
	Rev    string // the new rev (Repo.Rev when up to date)
	Frozen string // with Freeze, the tag Rev is the commit of
	// Err says why the repository is not updated: a *CannotUpdateError, or the fetch's
	// failure.
	Err error
}

// Changed reports whether the rev is to be rewritten.
func (u *Update) Changed() bool { return u.Err == nil && u.Rev != u.Repo.Rev }

// CannotUpdateError says the newest revision of a repository cannot be used: the
// config uses hooks its manifest no longer has, or it has no valid manifest.
type CannotUpdateError struct{ Msg string }

func (e *CannotUpdateError) Error() string { return e.Msg }

// Autoupdate finds the newest revision of every remote repository of c (or those in
// opt.Repos) as pre-commit's autoupdate does (gitrepo.Newest), and checks that the
// manifest there still has every hook the config uses. It returns one Update per
// repository, in config order; it runs nothing it fetched. An opt.Repos entry that is
// no repository of c is an error, and nothing is fetched.
func Autoupdate(ctx context.Context, c *precommit.Config, opt UpdateOptions) ([]Update, error) {
	var ups []Update
	for i := range c.Repos {
		r := &c.Repos[i]
		if r.Kind() == "remote" && (len(opt.Repos) == 0 || slices.Contains(opt.Repos, r.Repo)) {
			ups = append(ups, Update{Repo: r})
		}
	}
	var missing []string
	for _, want := range opt.Repos {
		if !slices.ContainsFunc(c.Repos, func(r precommit.Repo) bool { return r.Kind() == "remote" && r.Repo == want }) {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("repos (%s) were not found in %s", strings.Join(slices.Compact(missing), ", "), c.Path)
	}
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	_ = each(ctx, len(ups), jobs, func(ctx context.Context, i int) error {
		ups[i].Rev, ups[i].Frozen, ups[i].Err = newest(ctx, ups[i].Repo, opt)
		return nil // each repository's failure is its own
	})
	return ups, ctx.Err()
}

// newest is r's newest revision, checked against the hooks r's config uses.
func newest(ctx context.Context, r *precommit.Repo, opt UpdateOptions) (rev, frozen string, err error) {
	url := r.Repo
	if !strings.Contains(url, "://") && !strings.Contains(url, "@") && !filepath.IsAbs(url) {
		url = filepath.Join(opt.Root, url) // a path relative to the project
	}
	n, err := gitrepo.Newest(ctx, url, opt.Env, gitrepo.NewestOptions{Freeze: opt.Freeze, BleedingEdge: opt.BleedingEdge})
	if err != nil {
		return "", "", err
	}
	if n.Manifest == nil {
		return "", "", &CannotUpdateError{fmt.Sprintf("%s is not a file at %s", precommit.ManifestFileName, n.Rev)}
	}
	hs, _, err := precommit.ParseManifest(precommit.ManifestFileName, n.Manifest)
	if err != nil {
		return "", "", &CannotUpdateError{fmt.Sprintf("invalid %s at %s: %v", precommit.ManifestFileName, n.Rev, err)}
	}
	var gone []string
	for _, h := range r.Hooks {
		if !slices.ContainsFunc(hs, func(m precommit.HookConfig) bool { return m.ID == h.ID }) {
			gone = append(gone, h.ID)
		}
	}
	if len(gone) > 0 {
		slices.Sort(gone)
		return "", "", &CannotUpdateError{"Cannot update because the update target is missing these hooks: " +
			strings.Join(slices.Compact(gone), ", ")}
	}
	return n.Rev, n.Frozen, nil
}

// Line is what pre-commit's autoupdate prints for u, after "[repo] ", and whether it is
// a failure.
func (u *Update) Line() (string, bool) {
	switch {
	case u.Err != nil:
		return u.Err.Error(), true
	case u.Changed() && u.Frozen != "":
		return fmt.Sprintf("updating %s -> %s (frozen)", u.Repo.Rev, u.Frozen), false
	case u.Changed():
		return fmt.Sprintf("updating %s -> %s", u.Repo.Rev, u.Rev), false
	}
	return "already up to date!", false
}

// WriteUpdates rewrites the revs of the changed updates in the config file at path in
// place (precommit.RewriteRevs), checking that each still holds the rev Autoupdate read.
// The file is replaced by a renamed temporary file in its directory, never written
// through a symbolic link.
func WriteUpdates(path string, ups []Update) error {
	var edits []precommit.RevEdit
	for i := range ups {
		if ups[i].Changed() {
			edits = append(edits, precommit.RevEdit{Pos: ups[i].Repo.RevPos, Old: ups[i].Repo.Rev, Rev: ups[i].Rev, Frozen: ups[i].Frozen})
		}
	}
	if len(edits) == 0 {
		return nil
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (a symbolic link?): not rewritten", path)
	}
	data, err := config.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := precommit.RewriteRevs(data, edits)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, out, fi.Mode().Perm())
}
