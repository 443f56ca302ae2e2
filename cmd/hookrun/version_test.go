package main

import (
	"debug/buildinfo"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/internal/version"
)

// buildVersioned builds this package into a temporary directory with the extra go build
// flags and returns the binary's path.
func buildVersioned(t *testing.T, flags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hookrun")
	args := append(append([]string{"build", "-o", bin}, flags...), ".")
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin
}

func runVersion(t *testing.T, bin string) string {
	t.Helper()
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("hookrun version: %v\n%s", err, out)
	}
	return string(out)
}

// TestVersionFromLinkerFlags: a release build (.goreleaser.yaml) sets the version,
// commit and date with -X, and `hookrun version` prints them (issue 14).
func TestVersionFromLinkerFlags(t *testing.T) {
	t.Parallel()
	const pkg = "github.com/hookrun/hookrun/internal/version."
	bin := buildVersioned(t, "-ldflags", "-X "+pkg+"version=v9.8.7 -X "+pkg+"commit=0123456789abcdef -X "+pkg+"date=2026-12-06T12:00:00Z")
	got := runVersion(t, bin)
	for _, want := range []string{"hookrun v9.8.7\n", "commit: 0123456789abcdef\n", "date:   2026-12-06T12:00:00Z\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("hookrun version lacks %q:\n%s", want, got)
		}
	}
}

// TestVersionFromBuildInfo: a build without linker flags prints what the toolchain
// recorded in the binary, and in a git checkout that is the commit it was built from.
func TestVersionFromBuildInfo(t *testing.T) {
	t.Parallel()
	// -buildvcs=auto: stamp the commit where there is one, whatever GOFLAGS says.
	bin := buildVersioned(t, "-buildvcs=auto")
	bi, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	got := runVersion(t, bin)
	if want := version.Resolve(version.Info{}, bi).String(); got != want {
		t.Errorf("hookrun version =\n%s\nwant what its build info says:\n%s", got, want)
	}
	info := version.Resolve(version.Info{}, bi)
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if info.Commit == version.Unknown || err != nil {
		// go stamps no vcs in a linked worktree (.git is a file) or outside git.
		t.Logf("no vcs stamp here (git rev-parse: %v); checked the build info fallback only", err)
		return
	}
	if want := strings.TrimSpace(string(head)); info.Commit != want {
		t.Errorf("commit %s, want HEAD %s", info.Commit, want)
	}
	if info.Version == "dev" {
		t.Errorf("a stamped build names a pseudo-version, got dev:\n%s", got)
	}
}
