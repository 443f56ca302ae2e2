package precommittest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Outcome is what a run did, in the terms both tools share.
type Outcome struct {
	ExitCode int           `json:"exit_code"`
	Hooks    []HookOutcome `json:"hooks"`    // in run order, as printed
	Modified []string      `json:"modified"` // work-tree files whose content the run changed, sorted
	Index    []string      `json:"index"`    // `git ls-files -s` afterwards, one line per entry
	Status   []string      `json:"status"`   // `git status --porcelain` afterwards
}

// HookOutcome is one hook's line of the report.
type HookOutcome struct {
	ID     string `json:"id"`
	Status string `json:"status"` // passed, failed, skipped (SKIP) or no files
	// Modified is pre-commit's "files were modified by this hook".
	Modified bool `json:"modified,omitempty"`
	// Args are the sorted "arg: X" lines of the hook's output: what echo hooks were given.
	Args []string `json:"args,omitempty"`
}

// JSON renders o as the scenario's want section.
func (o *Outcome) JSON() []byte {
	b, _ := json.MarshalIndent(o, "", "  ") // plain data: cannot fail
	return append(b, '\n')
}

// ParseOutcome reads a want section.
func ParseOutcome(data []byte) (*Outcome, error) {
	var o Outcome
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, err //nolint:wrapcheck // the caller names the scenario
	}
	return &o, nil
}

// Expected is the Outcome hookrun must give: the recorded Want, or where pre-commit
// crashes (exit 3) and the scenario says what hookrun does instead, WantHookrun.
func (s *Scenario) Expected() (*Outcome, error) {
	want, err := ParseOutcome(s.Want)
	if err != nil || s.WantHookrun == nil {
		return want, err
	}
	if want.ExitCode != 3 {
		return nil, fmt.Errorf("want-hookrun is only for where pre-commit crashes (exit 3); it exits %d", want.ExitCode)
	}
	return ParseOutcome(s.WantHookrun)
}

// Snapshot is the content of every file in the work tree, to diff after a run.
type Snapshot map[string]string

// TakeSnapshot hashes every file of the work tree (outside .git).
func (p *Project) TakeSnapshot(tb testing.TB) Snapshot {
	tb.Helper()
	snap := Snapshot{}
	err := filepath.WalkDir(p.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(p.Dir, path)
		sum := sha256.Sum256(data)
		snap[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return snap
}

// Changed lists the files that differ between two snapshots (changed, added or removed).
func (s Snapshot) Changed(after Snapshot) []string {
	var out []string
	for f, sum := range after {
		if s[f] != sum {
			out = append(out, f)
		}
	}
	for f := range s {
		if _, ok := after[f]; !ok {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

// Finish fills in what git says after a run: the index and the status.
func (p *Project) Finish(tb testing.TB, o *Outcome, before Snapshot) {
	tb.Helper()
	o.Modified = append([]string{}, before.Changed(p.TakeSnapshot(tb))...)
	o.Index = lines(p.git(tb, "ls-files", "-s"))
	for i, l := range o.Index {
		// The config names the fixture repositories by their temporary paths, so its
		// blob differs on every run: keep its mode and stage only.
		if meta, name, ok := strings.Cut(l, "\t"); ok && name == ".pre-commit-config.yaml" {
			if mode, rest, ok := strings.Cut(meta, " "); ok {
				_, stage, _ := strings.Cut(rest, " ")
				o.Index[i] = mode + " CONFIG " + stage + "\t" + name
			}
		}
	}
	o.Status = lines(p.git(tb, "status", "--porcelain", "--untracked-files=all"))
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}
