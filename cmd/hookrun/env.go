package main

import (
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/engine"
	"github.com/hookrun/hookrun/internal/proc"
)

// environment is everything hookrun reads from its environment, read once by Main and
// passed down: no other code of hookrun's looks at os.Environ.
type environment struct {
	environ []string // the whole environment, as hooks and git inherit it
	// ci: CI is set to anything but "", "0" or "false": check mode, no hiding, no stash.
	ci bool
	// preCommit: PRE_COMMIT=1, hookrun runs inside pre-commit (or as a hook of a
	// pre-commit config run), which hid unstaged changes already.
	preCommit bool
	off       bool   // HOOKRUN=0 or false: skip every hook
	active    string // HOOKRUN_ACTIVE: the git dir of an outer run whose hook started this one
	legacy    string // HOOKRUN_LEGACY_HOOK: the hook the shim replaced, to run first
	fsync     bool   // HOOKRUN_FSYNC=1: make the stash durable against power loss
	github    bool   // GITHUB_ACTIONS=true: GitHub annotations by default
	// skipped maps the hook ids of HOOKRUN_SKIP and pre-commit's SKIP to the variable.
	skipped map[string]string
	// ciShard is the shard a CI's parallel job is, for --shard auto (engine.CIShard).
	ciShard    engine.Shard
	ciShardErr error
}

// readEnvironment decodes environ (KEY=value entries, as os.Environ gives them).
func readEnvironment(environ []string) *environment {
	get := func(k string) string { return proc.Getenv(environ, k) }
	ci, off := get("CI"), get("HOOKRUN")
	env := &environment{
		environ:   environ,
		ci:        ci != "" && ci != "0" && ci != "false",
		preCommit: get("PRE_COMMIT") == "1",
		off:       off == "0" || off == "false",
		active:    get("HOOKRUN_ACTIVE"),
		legacy:    get("HOOKRUN_LEGACY_HOOK"),
		fsync:     get("HOOKRUN_FSYNC") == "1",
		github:    get("GITHUB_ACTIONS") == "true",
		skipped:   hooks.SkippedIDs(get),
	}
	env.ciShard, env.ciShardErr = engine.CIShard(get)
	return env
}

// getenv looks a variable up in the environment Main read.
func (e *environment) getenv(key string) string { return proc.Getenv(e.environ, key) }
