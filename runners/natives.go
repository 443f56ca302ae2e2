package runners

import (
	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/pchooks"
	"github.com/hookrun/hookrun/internal/pchooks/pcexec"
	"github.com/hookrun/hookrun/internal/pyregex"
)

// UseNatives makes every hook that uses a native pre-commit-hooks hook (`uses:
// trailing-whitespace`, or that id with no command) run it in-process with its args
// (pcexec.BuiltIn: a fix passes with its writes, check mode writes nothing),
// and gives it what pre-commit-hooks' manifest says of the hook (pchooks.ManifestYAML)
// where the config does not: its types, its files (a regular expression, as the
// manifest writes it), pass_files and always_run. hs and cfg.Hooks are in the same
// order; environ is the environment the hooks get. config.Parse has checked the args.
func UseNatives(cfg *config.File, hs []*hooks.Hook, environ []string) {
	for i, h := range hs {
		if !pchooks.Has(h.Uses) {
			continue
		}
		run, _, err := pcexec.BuiltIn(h.Uses, h.Args, environ)
		if err != nil {
			continue // config.Parse rejected these args
		}
		h.Builtin, h.Native = run, pcexec.Command(h.Uses, h.Args)
		h.CanFix, h.ReadsRepo = pchooks.Writes(h.Uses), pchooks.ReadsGit(h.Uses)
		h.ReportsWrites = pchooks.RecordsWrites(h.Uses)
		h.Warm = pcexec.Warm(h.Uses, h.Args, environ)
		m, ok := precommit.NativeManifest()[h.Uses]
		if !ok {
			continue
		}
		given := cfg.Hooks[i].KeyPos
		if _, ok := given["types"]; !ok {
			h.Match.Types = m.Types
		}
		if _, ok := given["files"]; !ok && m.Files != "" {
			if re, err := pyregex.Compile(m.Files, pyregex.Flags{}); err == nil {
				h.Match.Regex = &hooks.RegexMatcher{Include: []*pyregex.Regexp{re}}
			}
		}
		if _, ok := given["pass_files"]; !ok {
			h.PassFiles = m.PassFilenames
		}
		if _, ok := given["always_run"]; !ok {
			h.AlwaysRun = m.AlwaysRun
		}
	}
}
