package hooks

import (
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/internal/pyregex"
)

// TestMatchAny pins the glob rules; changing one is a breaking change for users.
func TestMatchAny(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		pattern string
		path    string
		want    bool
	}{
		{"slashless glob matches at the root", "*.py", "a.py", true},
		{"slashless glob matches at any depth", "*.py", "src/pkg/a.py", true},
		{"slashless glob matches a directory name at any depth", "node_modules", "web/node_modules/x/index.js", true},
		{"slashless glob does not match part of a name", "*.py", "a.pyc", false},
		{"pattern with a slash is anchored at the root", "web/*.ts", "web/a.ts", true},
		{"anchored pattern does not match deeper", "web/*.ts", "web/src/a.ts", false},
		{"anchored pattern does not match elsewhere", "web/*.ts", "other/web/a.ts", false},
		{"double star spans zero directories", "web/**/*.ts", "web/a.ts", true},
		{"double star spans many directories", "web/**/*.ts", "web/a/b/c.ts", true},
		{"trailing double star matches everything below", "vendor/**", "vendor/x/y.go", true},
		{"trailing slash names a directory's contents", "vendor/", "vendor/x/y.go", true},
		{"matching is case-sensitive", "*.PY", "a.py", false},
		{"braces choose between alternatives", "*.{js,ts}", "src/a.ts", true},
		{"a leading dash in a name is just a character", "-*", "-rf.py", true},
		{"spaces in names match literally", "a b.py", "dir/a b.py", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := MatchAny([]string{tt.pattern}, tt.path); got != tt.want {
				t.Errorf("MatchAny(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	t.Parallel()
	py := &Hook{ID: "py", Stages: []Stage{PreCommit}, Match: Matcher{Files: []string{"*.py"}}, PassFiles: true}
	all := &Hook{ID: "all", Stages: []Stage{PreCommit}, PassFiles: true}
	push := &Hook{ID: "push", Stages: []Stage{PrePush}, PassFiles: true}
	sub := &Hook{ID: "sub", Stages: []Stage{PreCommit}, Root: "svc", PassFiles: true, Match: Matcher{Files: []string{"*.go"}}}
	always := &Hook{ID: "always", Stages: []Stage{PreCommit}, AlwaysRun: true, Match: Matcher{Files: []string{"*.rs"}}}
	tagged := &Hook{ID: "tagged", Stages: []Stage{PreCommit}, Match: Matcher{Types: []string{"python"}}}
	hs := []*Hook{py, all, push, sub, always, tagged}
	files := []string{"a.py", "svc/main.go", "vendor/v.py", "x.go", "z.py"}
	python := func(p string) bool { return strings.HasSuffix(p, ".py") }
	byPath := SelectOptions{Tags: func(p string, want []string) bool { return python(p) }}
	// By index: of the files given, before the global exclude drops vendor/v.py.
	byIndex := SelectOptions{TagsAt: func(i int, want []string) bool { return python(files[i]) }}
	for name, o := range map[string]SelectOptions{"Tags": byPath, "TagsAt": byIndex} {
		o.Stage, o.Exclude, o.Skipped = PreCommit, []string{"vendor/**"}, map[string]string{"all": "SKIP"}
		got := Select(hs, files, o)
		want := []struct {
			id, skip string
			files    []string
		}{
			{"py", "", []string{"a.py", "z.py"}},
			{"all", "skipped by SKIP", nil},
			{"sub", "", []string{"svc/main.go"}},
			{"always", "", nil},
			{"tagged", "", []string{"a.py", "z.py"}},
		}
		if len(got) != len(want) {
			t.Fatalf("%s: Select picked %d hooks, want %d: %+v", name, len(got), len(want), got)
		}
		for i, w := range want {
			g := got[i]
			if g.Hook.ID != w.id || g.Skip != w.skip || !slices.Equal(g.Files, w.files) {
				t.Errorf("%s: selection %d = {%s %q %q}, want {%s %q %q}", name, i, g.Hook.ID, g.Skip, g.Files, w.id, w.skip, w.files)
			}
		}
	}
}

func TestSelectByID(t *testing.T) {
	t.Parallel()
	manual := &Hook{ID: "manual", Stages: []Stage{Manual}, PassFiles: true}
	other := &Hook{ID: "other", Stages: []Stage{PreCommit}, PassFiles: true}
	got := Select([]*Hook{manual, other}, []string{"a"}, SelectOptions{Stage: PreCommit, IDs: []string{"manual"}})
	if len(got) != 1 || got[0].Hook != manual || !slices.Equal(got[0].Files, []string{"a"}) {
		t.Errorf("an id names a hook whatever its stage: got %+v", got)
	}
	got = Select([]*Hook{manual, other}, nil, SelectOptions{Stage: PreCommit})
	if len(got) != 1 || got[0].Skip != "no files to check" {
		t.Errorf("a hook with no files is skipped with a reason: got %+v", got)
	}
}

func TestRegexMatcher(t *testing.T) {
	t.Parallel()
	compile := func(p string) *pyregex.Regexp {
		re, err := pyregex.Compile(p, pyregex.Flags{})
		if err != nil {
			t.Fatal(err)
		}
		return re
	}
	m := Matcher{Regex: &RegexMatcher{
		Include: []*pyregex.Regexp{compile(`^src/`), compile(`\.py$`)},
		Exclude: []*pyregex.Regexp{compile(`^$`), compile(`_pb2\.py$`)},
	}}
	for path, want := range map[string]bool{
		"src/a.py": true, "a.py": false, "src/a.go": false, "src/a_pb2.py": false,
	} {
		if got := m.MatchPath(path); got != want {
			t.Errorf("MatchPath(%q) = %v, want %v", path, got, want)
		}
	}
	globbed := Matcher{Files: []string{"*.py"}, Regex: &RegexMatcher{Include: []*pyregex.Regexp{compile(`^src`)}}}
	if globbed.MatchPath("lib/a.py") || !globbed.MatchPath("src/a.py") {
		t.Error("globs and regexes must both pass")
	}
}

// TestSelectPassesSymlinksOnlyWhenAsked_issue12: a symbolic link (or a path below one) goes
// only to a hook whose types ask for links, so no fixer writes through one.
func TestSelectPassesSymlinksOnlyWhenAsked_issue12(t *testing.T) {
	t.Parallel()
	links := map[string]bool{"link.txt": true, "linkdir/x.txt": true}
	tests := []struct {
		name  string
		types []string
		want  []string
	}{
		{"a hook without types gets no links", nil, []string{"a.txt"}},
		{"a hook with an absent-tag term gets no links", []string{"!binary"}, []string{"a.txt"}},
		{"a hook asking for links gets them", []string{"symlink"}, []string{"link.txt", "linkdir/x.txt"}},
		{"a hook asking for links among alternatives gets them", []string{"file|symlink"}, []string{"a.txt", "link.txt", "linkdir/x.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &Hook{ID: "h", Stages: []Stage{PreCommit}, Match: Matcher{Types: tt.types}}
			sel := Select([]*Hook{h}, []string{"a.txt", "link.txt", "linkdir/x.txt"}, SelectOptions{
				Stage: PreCommit,
				// The tags of a link are only "symlink", as filetype gives them.
				Tags: func(p string, want []string) bool {
					for _, w := range want {
						switch {
						case w == "!binary":
						case w == "symlink" && links[p], w == "file|symlink":
						default:
							return false
						}
					}
					return true
				},
				Linked: func(p string) bool { return links[p] },
			})
			if got := sel[0].Files; !slices.Equal(got, tt.want) {
				t.Errorf("files = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSelectPreparesTags: Prepare gets, once and before any Tags, the paths Tags will be
// asked about (those a hook with types matches by path, each once, in order); the
// selection is the same as without it.
func TestSelectPreparesTags(t *testing.T) {
	t.Parallel()
	text := &Hook{ID: "text", Stages: []Stage{PreCommit}, Match: Matcher{Types: []string{"text"}, Exclude: []string{"b/**"}}}
	again := &Hook{ID: "again", Stages: []Stage{PreCommit}, Match: Matcher{Files: []string{"*.py"}, Types: []string{"python"}}}
	plain := &Hook{ID: "plain", Stages: []Stage{PreCommit}, PassFiles: true}
	skipped := &Hook{ID: "skipped", Stages: []Stage{PreCommit}, Match: Matcher{Types: []string{"rust"}}}
	files := []string{"a.md", "a.py", "b/c.py", "d.bin"}
	var prepared, asked []string
	calls := 0
	o := SelectOptions{
		Stage:   PreCommit,
		Skipped: map[string]string{"skipped": "SKIP"},
		Prepare: func(paths []string) {
			calls++
			if len(asked) > 0 {
				t.Error("Prepare called after Tags")
			}
			prepared = paths
		},
		Tags: func(p string, want []string) bool {
			asked = append(asked, p)
			return p != "d.bin"
		},
	}
	got := Select([]*Hook{text, again, plain, skipped}, files, o)
	if calls != 1 || !slices.Equal(prepared, []string{"a.md", "a.py", "b/c.py", "d.bin"}) {
		t.Errorf("Prepare called %d times with %q, want once with every path a hook with types matches", calls, prepared)
	}
	for _, p := range asked {
		if !slices.Contains(prepared, p) {
			t.Errorf("Tags asked about %s, which Prepare did not get", p)
		}
	}
	o.Prepare = nil
	want := Select([]*Hook{text, again, plain, skipped}, files, o)
	if len(got) != len(want) {
		t.Fatalf("with Prepare %d selections, without %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Hook != want[i].Hook || got[i].Skip != want[i].Skip || !slices.Equal(got[i].Files, want[i].Files) {
			t.Errorf("selection %d: with Prepare %+v, without %+v", i, got[i], want[i])
		}
	}
	if !slices.Equal(want[0].Files, []string{"a.md", "a.py"}) || !slices.Equal(want[1].Files, []string{"a.py", "b/c.py"}) || want[3].Skip != "skipped by SKIP" {
		t.Errorf("selection %+v", want)
	}
}

// TestSelectAsksEachFileOnce: hooks with the same types ask Tags about a file once, and
// Linked is asked once per file, however many hooks get it.
func TestSelectAsksEachFileOnce(t *testing.T) {
	t.Parallel()
	hook := func(id string, types ...string) *Hook {
		return &Hook{ID: id, Stages: []Stage{PreCommit}, PassFiles: true, Match: Matcher{Types: types}}
	}
	hs := []*Hook{hook("a", "text"), hook("b", "text"), hook("c", "python"), hook("d")}
	files := []string{"x.py", "y.md"}
	tagsAsked, linkedAsked := map[string]int{}, map[string]int{}
	got := Select(hs, files, SelectOptions{
		Stage: PreCommit,
		Tags: func(p string, want []string) bool {
			tagsAsked[p+" "+strings.Join(want, ",")]++
			return want[0] == "text" || p == "x.py"
		},
		Linked: func(p string) bool { linkedAsked[p]++; return false },
	})
	for q, n := range tagsAsked {
		if n != 1 {
			t.Errorf("Tags asked %q %d times, want once", q, n)
		}
	}
	if len(tagsAsked) != 4 {
		t.Errorf("Tags asked %v, want each file for text and for python", tagsAsked)
	}
	for p, n := range linkedAsked {
		if n != 1 {
			t.Errorf("Linked asked about %s %d times, want once", p, n)
		}
	}
	want := [][]string{files, files, {"x.py"}, files}
	for i, s := range got {
		if !slices.Equal(s.Files, want[i]) {
			t.Errorf("%s got %q, want %q", s.Hook.ID, s.Files, want[i])
		}
	}
}
