package hookrepos

import (
	"fmt"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/pchooks"
	"github.com/hookrun/hookrun/internal/pchooks/pcexec"
)

// nativeHooks gives, parallel to rs, the native version of each hook of
// pre-commit-hooks that runs in-process (precommit.NativeHook: its id has one that takes
// its args); nil for the others, which run their command. Such a hook gets no
// environment, and a repo of nothing else is not cloned (fetch).
func nativeHooks(c *precommit.Config, rs []precommit.Resolved, environ []string) ([]*precommit.Native, error) {
	out := make([]*precommit.Native, 0, len(rs))
	for i := range c.Repos { // Resolve keeps config order: repo by repo, hook by hook
		r := &c.Repos[i]
		for j := range r.Hooks {
			h := &r.Hooks[j]
			if !precommit.NativeHook(r, h) {
				out = append(out, nil)
				continue
			}
			run, _, err := pcexec.Native(h.ID, h.Args, environ)
			if err != nil { // NativeHook said it takes these args
				return nil, fmt.Errorf("%s: hook %s: %w", h.Pos, h.ID, err)
			}
			out = append(out, &precommit.Native{
				Run: run, Command: pcexec.Command(h.ID, h.Args),
				Writes: pchooks.Writes(h.ID), ReadsRepo: pchooks.ReadsGit(h.ID),
				ReportsWrites: pchooks.RecordsWrites(h.ID), Warm: pcexec.Warm(h.ID, h.Args, environ),
			})
		}
	}
	if len(out) != len(rs) {
		return nil, fmt.Errorf("hooks of %s: %d configured, %d resolved", c.Path, len(out), len(rs))
	}
	return out, nil
}
