package precommit

import "github.com/hookrun/hookrun/config"

// InstallStages are the git hooks `hookrun install` puts in place for c: those of
// default_install_hook_types that hookrun installs (pre-commit when none is), and apart
// the others, which it leaves alone.
func (c *Config) InstallStages() (stages, others []string) {
	for _, st := range c.DefaultInstallHookTypes {
		if config.IsGitHook(st) {
			stages = append(stages, st)
		} else {
			others = append(others, st)
		}
	}
	if len(stages) == 0 {
		stages = []string{"pre-commit"}
	}
	return stages, others
}
