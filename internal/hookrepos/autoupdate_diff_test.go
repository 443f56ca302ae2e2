package hookrepos

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/precommittest"
	"github.com/hookrun/hookrun/internal/proc"
)

// TestAutoupdateMatchesPreCommit runs the pinned pre-commit's autoupdate and hookrun's on
// copies of one config over local bare repositories (file:// URLs, no network), flag by
// flag, and expects the same file, byte for byte, and the same lines printed.
func TestAutoupdateMatchesPreCommit(t *testing.T) {
	t.Parallel()
	pc := precommittest.PreCommit(t)
	work := t.TempDir()
	env := append(os.Environ(), "HOME="+work, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+filepath.Join(work, "gitconfig"),
		"PRE_COMMIT_HOME="+filepath.Join(work, "pc-home"), "GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z")
	writeFile(t, filepath.Join(work, "gitconfig"), "[user]\n\tname = t\n\temail = t@example.com\n[init]\n\tdefaultBranch = main\n")
	run := func(dir, prog string, args ...string) (int, string) {
		t.Helper()
		res, err := proc.Run(t.Context(), proc.Cmd{Path: prog, Args: args, Dir: dir, Env: env, CombineOutput: true})
		if err != nil {
			t.Fatal(err)
		}
		return res.ExitCode, string(res.Stdout)
	}
	git := func(dir string, args ...string) {
		t.Helper()
		if code, out := run(dir, "git", args...); code != 0 {
			t.Fatalf("git %s: %s", strings.Join(args, " "), out)
		}
	}
	manifest := "- id: hello\n  name: hello\n  entry: echo\n  language: system\n"
	for _, r := range []struct{ name, second string }{{"a", manifest}, {"b", strings.ReplaceAll(manifest, "hello", "renamed")}} {
		src := filepath.Join(work, r.name)
		git(work, "init", "-q", src)
		writeFile(t, filepath.Join(src, precommit.ManifestFileName), manifest)
		git(src, "add", "-A")
		git(src, "commit", "-q", "-m", "one")
		git(src, "tag", "v1.0.0")
		writeFile(t, filepath.Join(src, precommit.ManifestFileName), r.second)
		git(src, "commit", "-q", "--allow-empty", "-am", "two")
		git(src, "tag", "v1.1.0")
		git(src, "tag", "stable")
		git(src, "commit", "-q", "--allow-empty", "-m", "three")
		git(work, "clone", "-q", "--bare", src, src+".git")
	}
	config := "# hooks\nrepos:\n- repo: file://" + work + "/a.git\n  rev: 'v1.0.0'   # pinned\n  hooks:\n  - id: hello\n" +
		"-   repo: file://" + work + "/b.git\n    rev: v1.0.0\n    hooks: [{id: hello}]\n"
	for _, flags := range [][]string{nil, {"--freeze"}, {"--bleeding-edge"}} {
		t.Run(strings.Join(append([]string{"autoupdate"}, flags...), " "), func(t *testing.T) {
			pcDir, hrDir := filepath.Join(work, "pc"+strings.Join(flags, "")), filepath.Join(work, "hr"+strings.Join(flags, ""))
			for _, d := range []string{pcDir, hrDir} {
				git(work, "init", "-q", d)
				writeFile(t, filepath.Join(d, precommit.FileName), config)
			}
			wantCode, wantOut := run(pcDir, pc, append([]string{"autoupdate"}, flags...)...)

			c, _, err := precommit.Parse(precommit.FileName, []byte(config))
			if err != nil {
				t.Fatal(err)
			}
			ups, err := Autoupdate(t.Context(), c, UpdateOptions{
				Root: hrDir, Env: env, Jobs: 1,
				Freeze: slices.Contains(flags, "--freeze"), BleedingEdge: slices.Contains(flags, "--bleeding-edge"),
			})
			if err != nil {
				t.Fatal(err)
			}
			gotCode, gotLines := 0, []string{}
			for _, u := range ups {
				line, failed := u.Line()
				if failed {
					gotCode = 1
				}
				gotLines = append(gotLines, "["+u.Repo.Repo+"] "+line)
			}
			if err := WriteUpdates(filepath.Join(hrDir, precommit.FileName), ups); err != nil {
				t.Fatal(err)
			}
			want, got := readFile(t, filepath.Join(pcDir, precommit.FileName)), readFile(t, filepath.Join(hrDir, precommit.FileName))
			if got != want {
				t.Errorf("config after hookrun:\n%s\nafter pre-commit:\n%s", got, want)
			}
			wantLines := strings.Split(strings.TrimSpace(wantOut), "\n")
			slices.Sort(wantLines) // pre-commit prints as the fetches finish
			slices.Sort(gotLines)
			if gotCode != wantCode || !slices.Equal(gotLines, wantLines) {
				t.Errorf("hookrun: exit %d\n%s\npre-commit: exit %d\n%s", gotCode, strings.Join(gotLines, "\n"), wantCode, strings.Join(wantLines, "\n"))
			}
		})
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
