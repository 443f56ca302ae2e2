package config_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookrun/hookrun/config"
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		yaml string
		want string // exact text of the error
	}{
		{
			name: "a misspelled key suggests the right one",
			yaml: "version: 1\nhooks:\n  - id: a\n    run: x\n    stage_fixd: true\n",
			want: `hookrun.yaml:5:5: hooks[0].stage_fixd: unknown key (did you mean "stage_fixed"?)`,
		},
		{
			name: "a key far from every known key gets no suggestion",
			yaml: "version: 1\nwhatever: 1\n",
			want: `hookrun.yaml:2:1: whatever: unknown key`,
		},
		{
			name: "a word where a number belongs is quoted back",
			yaml: "version: 1\njobs: many\n",
			want: `hookrun.yaml:2:7: jobs: must be a whole number, got "many"`,
		},
		{
			name: "a yaml 1.1 boolean word is not a boolean",
			yaml: "version: 1\nfail_fast: yes\n",
			want: `hookrun.yaml:2:12: fail_fast: must be true or false, got "yes"`,
		},
		{
			name: "a missing version says what to add",
			yaml: "jobs: 1\n",
			want: `hookrun.yaml:1:1: version: missing; add "version: 1" at the top`,
		},
		{
			name: "an empty file says how to start",
			yaml: "",
			want: `hookrun.yaml:1:1: empty config; start with version: 1`,
		},
		{
			name: "a document holding only null is empty",
			yaml: "~\n",
			want: `hookrun.yaml:1:1: empty config; start with version: 1`,
		},
		{
			name: "a hook with no command names the keys that give one",
			yaml: "version: 1\nhooks:\n  - id: a\n",
			want: `hookrun.yaml:3:5: hooks[0]: needs "run", "check" or "uses" (or an id that names a built-in, such as ruff)`,
		},
		{
			name: "a timeout without a unit shows how to write one",
			yaml: "version: 1\nhooks:\n  - id: a\n    run: x\n    timeout: 5\n",
			want: `hookrun.yaml:5:14: hooks[0].timeout: needs a unit: write "5s" for seconds or "5m" for minutes`,
		},
		{
			name: "a syntax error on the first line is on line 1",
			yaml: "a: b: c\n",
			want: `hookrun.yaml:1: invalid YAML: mapping values are not allowed in this context`,
		},
		{
			name: "invalid UTF-8 is reported where it is",
			yaml: "version: 1\nhooks: \xff\n",
			want: `hookrun.yaml:2:8: invalid UTF-8; save the file as UTF-8`,
		},
		{
			name: "a very long value is shortened in the message",
			yaml: "version: 1\njobs: " + strings.Repeat("x", 100) + "\n",
			want: `hookrun.yaml:2:7: jobs: must be a whole number, got "` + strings.Repeat("x", 40) + `..."`,
		},
		{
			name: "an alias resolving to the wrong shape is reported at the anchor",
			yaml: "version: 1\nexclude: &m {a: b}\nhooks:\n  - id: a\n    run: x\n    files: *m\n",
			want: "hookrun.yaml:2:10: exclude: must be a string or a list of strings, got a mapping\n" +
				"hookrun.yaml:2:10: hooks[0].files: must be a string or a list of strings, got a mapping",
		},
		{
			name: "a list that contains itself is not followed forever",
			yaml: "version: 1\nexclude: &l [*l]\n",
			want: `hookrun.yaml:2:10: exclude[0]: must be a string, got a list`,
		},
		{
			name: "a key that is not a string is rejected",
			yaml: "version: 1\n[a]: b\n",
			want: `hookrun.yaml:2:1: keys must be plain names, got a list`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := config.Parse("hookrun.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("Parse succeeded with %+v, want error %q", f, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\ngot  %s\nwant %s", got, tt.want)
			}
			if f != nil {
				t.Errorf("got a File with an error: %+v", f)
			}
		})
	}
}

func TestParseErrorsAreErrors(t *testing.T) {
	t.Parallel()
	_, err := config.Parse("x.yaml", []byte("version: 2\njobs: -1\n"))
	var es config.Errors
	if !errors.As(err, &es) {
		t.Fatalf("error %T is not config.Errors", err)
	}
	if len(es) != 2 {
		t.Fatalf("got %d errors, want 2: %v", len(es), err)
	}
	var first *config.Error
	if !errors.As(err, &first) {
		t.Fatalf("errors.As found no *config.Error in %v", err)
	}
	want := config.Error{
		Pos: config.Pos{File: "x.yaml", Line: 1, Col: 10}, Path: "version",
		Msg: "unsupported version 2; this hookrun reads version: 1",
	}
	if *first != want {
		t.Errorf("first error:\ngot  %+v\nwant %+v", *first, want)
	}
}

func TestParseValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		yaml  string // one hook's keys, indented by four spaces
		check func(h config.Hook) bool
	}{
		{
			"a hook without stages runs at pre-commit", "run: x",
			func(h config.Hook) bool { return slices.Equal(h.Stages, []string{"pre-commit"}) },
		},
		{
			"a single string is a one-element list", "run: x\n    files: '*.go'",
			func(h config.Hook) bool { return slices.Equal(h.Files, []string{"*.go"}) },
		},
		{
			"pass_files is unset unless given", "run: x",
			func(h config.Hook) bool { return h.PassFiles == nil },
		},
		{
			"pass_files false is kept", "run: x\n    pass_files: false",
			func(h config.Hook) bool { return h.PassFiles != nil && !*h.PassFiles },
		},
		{
			"a duration with two units adds them", "run: x\n    timeout: 1h30m",
			func(h config.Hook) bool { return h.Timeout.Duration == 90*time.Minute },
		},
		{
			"root is cleaned", "run: x\n    root: ./a//b/",
			func(h config.Hook) bool { return h.Root == "a/b" },
		},
		{
			"root dot is the repository root", "run: x\n    root: .",
			func(h config.Hook) bool { return h.Root == "" },
		},
		{
			"env numbers keep their spelling", "run: x\n    env: {N: 007, B: false}",
			func(h config.Hook) bool { return h.Env["N"] == "007" && h.Env["B"] == "false" },
		},
		{
			"a hook without a name has an empty name", "run: x",
			func(h config.Hook) bool { return h.Name == "" },
		},
		{
			"the hook position is its first key", "run: x",
			func(h config.Hook) bool { return h.Pos == config.Pos{File: "hookrun.yaml", Line: 3, Col: 5} },
		},
		{
			"each given key has a position", "run: x",
			func(h config.Hook) bool { return h.KeyPos["run"] == config.Pos{File: "hookrun.yaml", Line: 4, Col: 5} },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := "version: 1\nhooks:\n  - id: h\n    " + tt.yaml + "\n"
			f, err := config.Parse("hookrun.yaml", []byte(src))
			if err != nil {
				t.Fatalf("Parse:\n%v", err)
			}
			if !tt.check(f.Hooks[0]) {
				t.Errorf("hook does not match: %+v", f.Hooks[0])
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{
			"an error with a path names it after the position",
			&config.Error{Pos: config.Pos{File: "f", Line: 2, Col: 3}, Path: "jobs", Msg: "m"}, "f:2:3: jobs: m",
		},
		{
			"an error without a path has only the position",
			&config.Error{Pos: config.Pos{File: "f", Line: 2}, Msg: "m"}, "f:2: m",
		},
		{
			"errors are one per line, in order",
			config.Errors{{Pos: config.Pos{File: "f", Line: 1}, Msg: "a"}, {Pos: config.Pos{File: "f", Line: 2}, Msg: "b"}},
			"f:1: a\nf:2: b",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
