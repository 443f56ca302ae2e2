package hooks

import (
	"github.com/hookrun/hookrun/config"
)

// Resolve turns a parsed config into hooks, in config order. config.Parse has already
// validated every value, so Resolve only applies defaults.
func Resolve(f *config.File) []*Hook {
	hs := make([]*Hook, 0, len(f.Hooks))
	for i := range f.Hooks {
		hs = append(hs, resolveHook(&f.Hooks[i]))
	}
	return hs
}

// NoDaemons runs every hook's tool itself, not through its daemon (Daemon): for a run
// whose machine will not run hookrun again soon, such as a CI job, where a daemon would
// only start cold and be left behind.
func NoDaemons(hs []*Hook) {
	for _, h := range hs {
		h.Daemon = false
	}
}

func resolveHook(c *config.Hook) *Hook {
	h := &Hook{
		ID:         c.ID,
		Name:       c.Name,
		CheckCmd:   c.Check,
		FixCmd:     c.Fix,
		PassFiles:  c.PassFiles == nil || *c.PassFiles,
		AlwaysRun:  c.AlwaysRun,
		Serial:     c.Serial,
		Root:       c.Root,
		Env:        c.Env,
		Timeout:    c.Timeout.Duration,
		StageFixed: c.StageFixed,
		NewOnly:    c.NewOnly,
		FailFast:   c.FailFast,
		Pos:        c.Pos,
		Uses:       c.Uses,
		Args:       c.Args,
		Match: Matcher{
			Files:   c.Files,
			Exclude: c.Exclude,
			Types:   c.Types,
		},
	}
	h.ToolVersion = c.Version
	h.Daemon = c.Daemon
	if h.Name == "" {
		h.Name = h.ID
	}
	if c.Run != "" {
		h.CheckCmd, h.FixCmd = c.Run, c.Run
		if c.Writes != nil && !*c.Writes { // a check in both modes: it runs beside fixers
			h.FixCmd = ""
		}
	}
	h.Stages = []Stage{PreCommit}
	if len(c.Stages) > 0 {
		h.Stages = make([]Stage, len(c.Stages))
		for i, s := range c.Stages {
			h.Stages[i] = Stage(s)
		}
	}
	return h
}
