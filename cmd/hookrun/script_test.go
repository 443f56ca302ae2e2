package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/hookrun/hookrun/internal/cache/davtest"
)

var update = flag.Bool("update", false, "rewrite the scripts' expected output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"hookrun": func() {
			os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScript runs the CLI scripts in testdata/script: real git, hermetic, fake tools.
func TestScript(t *testing.T) {
	t.Parallel()
	testscript.Run(t, scriptParams("../../testdata/script"))
}

func scriptParams(dir string) testscript.Params {
	return testscript.Params{
		Dir:                 dir,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *update,
		Setup:               hermeticGit,
		Condition:           toolCondition,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"nginx": nginxCmd, "stop-daemons-at-end": stopDaemonsCmd,
		},
	}
}

// nginxCmd is `nginx start`: a WebDAV server for the shared result cache on a loopback
// port, stopped when the script ends. It sets CACHE_URL, CACHE_ROOT (where its entries
// are) and CACHE_PID (a script kills it with kill -9 $CACHE_PID). Scripts using it start
// with [!tool:nginx] skip.
func nginxCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 || args[0] != "start" {
		ts.Fatalf("usage: nginx start")
	}
	s, err := davtest.Start(ts.MkAbs(".nginx"))
	ts.Check(err)
	ts.Defer(s.Kill)
	ts.Setenv("CACHE_URL", s.URL)
	ts.Setenv("CACHE_ROOT", s.Root)
	ts.Setenv("CACHE_PID", strconv.Itoa(s.Pid()))
}

// stopDaemonsCmd is `stop-daemons-at-end`: when the script ends, passed or failed, every
// dmypy daemon whose status file is under the script's HOOKRUN_CACHE_DIR is stopped, so
// no test leaves a daemon behind (`daemon: true` starts one that outlives the run).
func stopDaemonsCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: stop-daemons-at-end")
	}
	cache := ts.Getenv("HOOKRUN_CACHE_DIR")
	ts.Defer(func() {
		status, _ := filepath.Glob(filepath.Join(cache, "tools", "*", "*-daemon", "*.json"))
		for _, f := range status {
			_ = exec.Command("dmypy", "--status-file", f, "stop").Run()
		}
	})
}

// hermeticGit gives every script its own git identity and config, fixed dates and no
// colours, so that scripts behave the same on every machine.
func hermeticGit(env *testscript.Env) error {
	home := filepath.Join(env.WorkDir, ".home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	gitconfig := filepath.Join(home, ".gitconfig")
	ignore := filepath.Join(home, ".gitignore")
	cfg := "[user]\n\tname = Hook Runner\n\temail = hookrun@example.com\n[init]\n\tdefaultBranch = main\n" +
		"[advice]\n\tdetachedHead = false\n[core]\n\texcludesFile = " + ignore + "\n"
	if err := os.WriteFile(gitconfig, []byte(cfg), 0o644); err != nil {
		return err
	}
	// The scripts' own scaffolding never shows up in git status.
	if err := os.WriteFile(ignore, []byte("/.home/\n/.cache/\n"), 0o644); err != nil {
		return err
	}
	// BINDIR is where testscript put the hookrun command (first on PATH): a script that
	// needs a PATH without the installed tools sets PATH=$BINDIR:/usr/bin:/bin.
	bindir, _, _ := strings.Cut(env.Getenv("PATH"), string(os.PathListSeparator))
	for k, v := range map[string]string{
		"BINDIR":              bindir,
		"HOME":                home,
		"GIT_CONFIG_GLOBAL":   gitconfig,
		"GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_DATE":     "2026-01-02T03:04:05Z",
		"GIT_COMMITTER_DATE":  "2026-01-02T03:04:05Z",
		"TZ":                  "UTC",
		"NO_COLOR":            "1",
		"CI":                  "",
		"HOOKRUN_CACHE_DIR":   filepath.Join(env.WorkDir, ".cache"),
	} {
		env.Setenv(k, v)
	}
	return nil
}

// toolCondition answers [tool:NAME]: whether NAME is on PATH. A tool that
// HOOKRUN_REQUIRE_TOOLS lists (or "all") must be there: its absence fails the script
// instead of skipping it, so CI cannot pass by not running real-tool scripts.
func toolCondition(cond string) (bool, error) {
	tool, ok := strings.CutPrefix(cond, "tool:")
	if !ok {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if _, err := exec.LookPath(tool); err == nil {
		return true, nil
	}
	if tool == "nginx" && davtest.Nginx() != "" { // Debian's is in /usr/sbin
		return true, nil
	}
	req := os.Getenv("HOOKRUN_REQUIRE_TOOLS")
	if req == "all" || slices.Contains(strings.Split(req, ","), tool) {
		return false, fmt.Errorf("%s is required (HOOKRUN_REQUIRE_TOOLS=%s) but not on PATH; run .ci/install-tools", tool, req)
	}
	return false, nil
}
