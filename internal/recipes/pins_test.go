package recipes

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const changelogPath = "../../CHANGELOG.md"

// releaseHeadingRE is a released version's heading in CHANGELOG.md: "## [0.1.0] - 2026-12-06".
var releaseHeadingRE = regexp.MustCompile(`(?m)^## \[(\d+\.\d+\.\d+)\]`)

// pinREs find where the README names a version of hookrun; the first group is the version,
// with or without its leading v.
var pinREs = []*regexp.Regexp{
	regexp.MustCompile(`\bHOOKRUN_VERSION:\s*([^\s,}]+)`),
	regexp.MustCompile(`github\.com/hookrun/hookrun/cmd/hookrun@([^\s"'$]\S*)`),
	regexp.MustCompile(`hookrun/releases/download/([^/\s]+)/`),
	regexp.MustCompile(`\bhookrun_(\d[^_\s]*)_[a-z]+_[a-z0-9]+\.(?:tar\.gz|zip)`),
}

var (
	// hookrunRepoRE starts the entry of a .pre-commit-config.yaml snippet for hookrun,
	// whose rev: is a pin; anyRepoRE starts the next entry, whose rev: is not.
	hookrunRepoRE = regexp.MustCompile(`repo:\s*https://github\.com/hookrun/hookrun/?\s*$`)
	anyRepoRE     = regexp.MustCompile(`repo:`)
	revRE         = regexp.MustCompile(`^\s*rev:\s*(\S+)`)
)

// latestRelease is the newest version CHANGELOG.md has a section for.
func latestRelease(changelog string) (string, error) {
	m := releaseHeadingRE.FindStringSubmatch(changelog)
	if m == nil {
		return "", fmt.Errorf("no released version (a heading like ## [0.1.0]) in %s", changelogPath)
	}
	return m[1], nil
}

// checkPins returns, for each line of readme that names a hookrun version other than
// vWant (or installs @latest), a problem naming the line.
func checkPins(readme, want string) []string {
	var problems []string
	inHookrun := false // in pre-commit's entry for hookrun's repository
	for i, line := range strings.Split(readme, "\n") {
		if anyRepoRE.MatchString(line) {
			inHookrun = hookrunRepoRE.MatchString(line)
		}
		res := pinREs
		if inHookrun {
			res = append(slices.Clip(pinREs), revRE)
		}
		if strings.Contains(line, "hookrun/cmd/hookrun@latest") {
			problems = append(problems, fmt.Sprintf("README.md:%d: installs @latest, not v%s", i+1, want))
		}
		for _, re := range res {
			for _, m := range re.FindAllStringSubmatch(line, -1) {
				if strings.TrimPrefix(m[1], "v") != want {
					problems = append(problems, fmt.Sprintf("README.md:%d: names %s, not the latest release v%s: %s", i+1, m[1], want, strings.TrimSpace(line)))
				}
			}
		}
	}
	return problems
}

// TestREADMEPinsTheLatestRelease: every version of hookrun the README names (install
// commands, archive names, the CI recipes' HOOKRUN_VERSION, pre-commit's rev) is the newest
// release in CHANGELOG.md, so each snippet works when copied (issue 14).
func TestREADMEPinsTheLatestRelease(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	changelog, err := os.ReadFile(changelogPath)
	if err != nil {
		t.Fatal(err)
	}
	want, err := latestRelease(string(changelog))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range checkPins(string(readme), want) {
		t.Error(p)
	}
	if !strings.Contains(string(readme), "hookrun/cmd/hookrun@v"+want) {
		t.Errorf("README.md has no go install ...@v%s", want)
	}
}

func TestCheckPins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, line string
		problems   int
	}{
		{"go install at the release", "go install github.com/hookrun/hookrun/cmd/hookrun@v0.1.0", 0},
		{"go install at @latest", "go install github.com/hookrun/hookrun/cmd/hookrun@latest", 2},
		{"go install at an older release", "go install github.com/hookrun/hookrun/cmd/hookrun@v0.0.9", 1},
		{"go install at the recipes' variable", `go install "github.com/hookrun/hookrun/cmd/hookrun@${HOOKRUN_VERSION}"`, 0},
		{"a recipe's variable at the release", "  variables: {GIT_DEPTH: 0, HOOKRUN_VERSION: v0.1.0}", 0},
		{"a recipe's variable at another release", "  HOOKRUN_VERSION: v0.2.0", 1},
		{"pre-commit's rev for hookrun at the release", "- repo: https://github.com/hookrun/hookrun\n  rev: v0.1.0   # a tag\n  hooks:", 0},
		{"pre-commit's rev for hookrun at another release", "- repo: https://github.com/hookrun/hookrun\n  rev: v0.0.1   # a tag\n  hooks:", 1},
		{"pre-commit's rev for another repository", "- repo: https://github.com/hookrun/hookrun\n  rev: v0.1.0\n- repo: https://github.com/psf/black\n  rev: 24.1.0", 0},
		{"an archive of the release", "curl -LO https://github.com/hookrun/hookrun/releases/download/v0.1.0/hookrun_0.1.0_linux_amd64.tar.gz", 0},
		{"an archive of another release", "tar -xzf hookrun_0.2.0_darwin_arm64.tar.gz hookrun", 1},
		{"a download of another release", "curl -LO https://github.com/hookrun/hookrun/releases/download/v0.2.0/checksums.txt", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := checkPins(tt.line, "0.1.0"); len(got) != tt.problems {
				t.Errorf("checkPins(%q) = %q, want %d problems", tt.line, got, tt.problems)
			}
		})
	}
}

func TestLatestReleaseSkipsUnreleased(t *testing.T) {
	t.Parallel()
	got, err := latestRelease("# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2027-01-01\n\n## [0.1.0] - 2026-12-06\n")
	if err != nil || got != "0.2.0" {
		t.Errorf("latestRelease = %q, %v; want 0.2.0", got, err)
	}
}
