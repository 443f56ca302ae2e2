// Package python declares the Python built-ins: ruff, ruff-format, black, isort, flake8,
// mypy, pylint and pyright. Command lines, exit codes and output formats follow
// ../shared/tools-catalog.md, checked against the versions pinned in
// testdata/tools/requirements.txt; each parser has captured-output tests.
package python

import (
	"strconv"
	"time"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/runners/tool"
)

var (
	pyFiles   = []string{"*.py", "*.pyi"}
	pyExclude = []string{".venv", "venv", "__pypackages__", "node_modules"}
	venvFirst = []tool.Source{tool.Venv, tool.Path}
)

// Tools returns the Python built-ins, in catalog order. Each call returns fresh values.
func Tools() []*tool.Tool {
	return []*tool.Tool{
		{
			Name: "ruff", Lang: "python", Files: pyFiles, Exclude: pyExclude, Unit: tool.PerFile,
			RootMarkers: []string{"pyproject.toml", "ruff.toml", ".ruff.toml"},
			Bin:         "ruff", Find: venvFirst, Install: "pip install ruff", Version: []string{"--version"},
			// --force-exclude applies the config's excludes to files named explicitly;
			// --no-fix keeps check mode read-only even when the config says fix = true.
			Check:   []string{"check", "--output-format=json", "--force-exclude", "--no-fix"},
			Fix:     []string{"check", "--fix", "--output-format=json", "--force-exclude"},
			Parse:   parseRuff,
			Verdict: tool.Codes{Errors: map[int]string{2: "configuration, command-line or internal error"}}.Verdict,
		},
		{
			Name: "ruff-format", Lang: "python", Files: pyFiles, Exclude: pyExclude, Unit: tool.PerFile,
			RootMarkers: []string{"pyproject.toml", "ruff.toml", ".ruff.toml"},
			Bin:         "ruff", Find: venvFirst, Install: "pip install ruff", Version: []string{"--version"},
			Check: []string{"format", "--check", "--output-format=json", "--force-exclude"},
			Fix:   []string{"format", "--force-exclude"},
			Parse: parseRuffFormat,
			// Exit 2 is a file that does not parse (a diagnostic) or a config error.
			Verdict: tool.Codes{Errors: map[int]string{2: "configuration error or a file that does not parse"}}.Verdict,
		},
		{
			Name: "black", Lang: "python", Files: pyFiles, Exclude: pyExclude, Unit: tool.PerFile,
			// black applies only its force-exclude to files named explicitly; hookrun's
			// own exclude does the rest.
			RootMarkers: []string{"pyproject.toml"},
			Bin:         "black", Find: venvFirst, Install: "pip install black", Version: []string{"--version"},
			Check: []string{"--check"}, Fix: []string{},
			Parse: parseBlack,
			Verdict: tool.Codes{
				Errors:  map[int]string{123: "internal error or a file that does not parse", 2: "bad path or configuration value"},
				Failure: "exited 1 without naming a file to reformat",
			}.Verdict,
		},
		{
			Name: "isort", Lang: "python", Files: pyFiles, Exclude: pyExclude, Unit: tool.PerFile,
			// isort reads one config, found from the first file's directory: one project
			// per run.
			RootMarkers: []string{".isort.cfg", "pyproject.toml", "setup.cfg", "tox.ini", ".editorconfig"},
			Bin:         "isort", Find: venvFirst, Install: "pip install isort", Version: []string{"--version-number"},
			// --filter-files applies the config's skip to files named explicitly.
			Check:   []string{"--check-only", "--filter-files"},
			Fix:     []string{"--filter-files"},
			Parse:   parseIsort,
			Verdict: tool.Codes{Failure: "failed without naming an unsorted file (a missing path or a config error)"}.Verdict,
		},
		{
			Name: "flake8", Lang: "python", Files: pyFiles, Exclude: pyExclude, Unit: tool.PerFile,
			// flake8 reads its config from the working directory upward.
			RootMarkers: []string{".flake8", "setup.cfg", "tox.ini"},
			Bin:         "flake8", Find: venvFirst, Install: "pip install flake8", Version: []string{"--version"},
			Check: []string{},
			Parse: parseFlake8,
			Verdict: tool.Codes{
				Errors:  map[int]string{2: "bad command-line option"},
				Failure: "failed without a finding (a config error: see its traceback)",
			}.Verdict,
		},
		{
			Name: "mypy", Lang: "python", Files: pyFiles, Exclude: pyExclude, Unit: tool.PerProject,
			RootMarkers: []string{"mypy.ini", ".mypy.ini", "pyproject.toml", "setup.cfg"},
			// Concurrent runs sharing a cache fail ("database is locked").
			Serial: true,
			Bin:    "mypy", Find: venvFirst, Install: "pip install mypy (into the project's virtual environment)",
			Version: []string{"--version"},
			Check:   []string{"-O", "json", "--no-error-summary"},
			// dmypy run starts the daemon if none answers at the status file, and
			// restarts it when the flags, the config's options, the mypy version or the
			// plugins changed; it runs the check with mypy's own flags (-O json too) and
			// exits as mypy does. Its "Daemon started" and the like are not mypy's
			// output: the parser passes over them, and they are not shown.
			Daemon: &tool.Daemon{
				Bin: "dmypy", Args: func(status string, idle time.Duration) []string {
					return []string{"--status-file", status, "run", "--timeout", strconv.Itoa(int(idle.Seconds())), "--"}
				}, Notices: []string{"Daemon started", "Daemon stopped", "Restarting: "},
				// dmypy's fine-grained mode can crash when the files a run names differ
				// from the last run's (KeyError in find_reachable_changed_modules, open
				// upstream: python/mypy#9366, #10047, #20279); the next run starts a fresh
				// daemon.
				Crashed: "Daemon crashed!",
			},
			Parse:   parseMypy,
			Verdict: verdictMypy,
		},
		{
			Name: "pylint", Lang: "python", Files: pyFiles, Exclude: pyExclude, Unit: tool.PerFile,
			RootMarkers: []string{"pylintrc", ".pylintrc", "pyproject.toml", "setup.cfg"},
			Bin:         "pylint", Find: venvFirst, Install: "pip install pylint (into the project's virtual environment)",
			Version: []string{"--version"},
			Check:   []string{"--output-format=json2"},
			Parse:   parsePylint,
			Verdict: verdictPylint,
		},
		{
			Name: "pyright", Lang: "python", Files: pyFiles, Exclude: pyExclude, Unit: tool.PerProject,
			RootMarkers: []string{"pyrightconfig.json", "pyproject.toml"},
			Bin:         "pyright", Find: []tool.Source{tool.NodeBin, tool.Venv, tool.Path},
			Install: "npm i -D pyright", Version: []string{"--version"},
			Check: []string{"--outputjson"},
			Parse: parsePyright,
			Verdict: tool.Codes{Errors: map[int]string{
				2: "fatal error", 3: "config file could not be parsed", 4: "bad command-line option or missing file",
			}}.Verdict,
		},
	}
}

var pySeverity = map[string]hooks.Severity{
	"error": hooks.SevError, "fatal": hooks.SevError,
	"warning": hooks.SevWarning,
	"note":    hooks.SevInfo, "information": hooks.SevInfo, "info": hooks.SevInfo,
}
