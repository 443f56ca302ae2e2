package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// TestTraceOfARealRun runs hookrun with --trace on a commit with unstaged work and reads
// the file as a trace viewer would: valid JSON, a traceEvents array whose every event
// has name, ph, ts, pid and tid, slices with non-negative durations that never overlap
// on a track, one slice per job naming its hook, batch, file count and status, and
// hookrun's own phases (issue 11).
func TestTraceOfARealRun(t *testing.T) {
	t.Parallel()
	bin := buildHookrun(t)
	dir := t.TempDir()
	env := killEnv(dir)
	run := func(name string, args ...string) {
		t.Helper()
		c := exec.Command(name, args...)
		c.Dir, c.Env = dir, env
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("git", "init", "-q")
	run("git", "config", "user.email", "t@example.com")
	run("git", "config", "user.name", "t")
	write("hookrun.yaml", "version: 1\nhooks:\n"+
		"  - id: slow\n    files: ['*.txt']\n    check: 'sleep 0.1; true'\n"+
		"  - id: quick\n    files: ['*.txt']\n    check: 'true'\n"+
		"  - id: whole\n    pass_files: false\n    check: 'true'\n")
	for i := range 40 {
		write(fmt.Sprintf("f%02d.txt", i), "a\n")
	}
	run("git", "add", "-A")
	run("git", "commit", "-qm", "init")
	for i := range 40 {
		write(fmt.Sprintf("f%02d.txt", i), "b\n")
	}
	run("git", "add", "-A")
	write("f00.txt", "unstaged\n")

	trace := filepath.Join(t.TempDir(), "traces", "run.json")
	c := exec.Command(bin, "run", "--jobs", "8", "--trace", trace)
	c.Dir, c.Env = dir, env
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("hookrun run --trace: %v\n%s", err, out)
	}
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	ss := checkTraceEvents(t, data)
	checkTraceJobs(t, ss, map[string]int{"slow": 40, "quick": 40, "whole": 40})
	// No "listing files": a commit that hides unstaged work takes its files from the
	// stash's git status (engine.stagedFromStash).
	for _, phase := range []string{"hiding unstaged changes", "locating tools", "running hooks", "restoring unstaged changes"} {
		if !containsSlice(ss, phase, "hookrun") {
			t.Errorf("no slice for the phase %q", phase)
		}
	}
	if containsSlice(ss, "listing files", "hookrun") {
		t.Error("a slice for listing files, which the stash's status did")
	}
}

// traceSlice is a complete event ("X") as a trace viewer reads it.
type traceSlice struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat"`
	Ts   float64        `json:"ts"`
	Dur  float64        `json:"dur"`
	Tid  int            `json:"tid"`
	Args map[string]any `json:"args"`
}

// checkTraceEvents checks the shape of every event and returns the slices.
func checkTraceEvents(t *testing.T, data []byte) []traceSlice {
	t.Helper()
	var file struct {
		TraceEvents []map[string]any `json:"traceEvents"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("the trace is not JSON: %v\n%s", err, data)
	}
	if file.TraceEvents == nil {
		t.Fatalf("no traceEvents array:\n%s", data)
	}
	var out []traceSlice
	for i, ev := range file.TraceEvents {
		for _, key := range []string{"name", "ph", "ts", "pid", "tid"} {
			if _, ok := ev[key]; !ok {
				t.Errorf("event %d has no %q: %v", i, key, ev)
			}
		}
		if ev["ph"] != "X" {
			continue
		}
		raw, _ := json.Marshal(ev)
		var s traceSlice
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if _, ok := ev["dur"].(float64); !ok || s.Dur < 0 || s.Ts < 0 {
			t.Errorf("slice %d: ts %v, dur %v; want both numbers >= 0", i, ev["ts"], ev["dur"])
		}
		out = append(out, s)
	}
	// Slices on one track nest or follow each other; these never nest.
	for i, a := range out {
		for _, b := range out[i+1:] {
			if a.Tid == b.Tid && a.Cat == "hook" && b.Cat == "hook" && a.Ts < b.Ts+b.Dur && b.Ts < a.Ts+a.Dur {
				t.Errorf("jobs %s and %s overlap on track %d", a.Name, b.Name, a.Tid)
			}
		}
	}
	return out
}

// checkTraceJobs checks there is one slice per job: each hook's batches numbered from 0,
// once each, their files adding up to the hook's, every one passed.
func checkTraceJobs(t *testing.T, ss []traceSlice, files map[string]int) {
	t.Helper()
	batches := map[string][]int{}
	got := map[string]int{}
	for _, s := range ss {
		if s.Cat != "hook" {
			continue
		}
		if s.Tid < 1 {
			t.Errorf("job %s on track %d, want a slot's (from 1)", s.Name, s.Tid)
		}
		if s.Args["status"] != "passed" {
			t.Errorf("job %s: status %v, want passed", s.Name, s.Args["status"])
		}
		n, _ := s.Args["files"].(float64)
		b, _ := s.Args["batch"].(float64)
		got[s.Name] += int(n)
		batches[s.Name] = append(batches[s.Name], int(b))
	}
	for hook, want := range files {
		bs := batches[hook]
		slices.Sort(bs)
		for i, b := range bs {
			if b != i {
				t.Errorf("%s: batches %v, want each of 0..%d once", hook, bs, len(bs)-1)
				break
			}
		}
		if got[hook] != want {
			t.Errorf("%s: the slices hold %d files, want %d", hook, got[hook], want)
		}
	}
	if len(batches["slow"]) < 2 {
		t.Errorf("slow ran in %d batches, want the run to split it", len(batches["slow"]))
	}
}

func containsSlice(ss []traceSlice, name, cat string) bool {
	for _, s := range ss {
		if s.Name == name && s.Cat == cat {
			return true
		}
	}
	return false
}
