package gitrepo

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const chgZero = "0000000000000000000000000000000000000000"

func TestParsePushLines(t *testing.T) {
	t.Parallel()
	a, b := strings.Repeat("a", 40), strings.Repeat("b", 40)
	tests := []struct {
		name    string
		in      string
		want    []PushRange
		wantErr string
	}{
		{name: "empty input pushes nothing", in: ""},
		{
			name: "one update line",
			in:   "refs/heads/main " + a + " refs/heads/main " + b + "\n",
			want: []PushRange{{"refs/heads/main", a, "refs/heads/main", b}},
		},
		{
			name: "several lines, a deletion, CRLF and blank lines",
			in:   "refs/heads/x " + a + " refs/heads/y " + chgZero + "\r\n\n(delete) " + chgZero + " refs/heads/old " + b,
			want: []PushRange{{"refs/heads/x", a, "refs/heads/y", chgZero}, {"(delete)", chgZero, "refs/heads/old", b}},
		},
		{
			name: "SHA-256 object names are accepted",
			in:   "refs/heads/main " + strings.Repeat("c", 64) + " refs/heads/main " + strings.Repeat("0", 64),
			want: []PushRange{{"refs/heads/main", strings.Repeat("c", 64), "refs/heads/main", strings.Repeat("0", 64)}},
		},
		{name: "three fields is an error", in: "refs/heads/main " + a + " refs/heads/main", wantErr: "line 1"},
		{name: "a short object name is an error", in: "\nrefs/heads/main abc refs/heads/main " + b, wantErr: "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParsePushLines([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// chgPushed is chgBaseRepo with a bare remote "origin" that has main.
func chgPushed(t *testing.T) *chgRepo {
	t.Helper()
	c := chgBaseRepo(t)
	remote := filepath.Join(chgRealDir(t), "remote.git")
	c.git("init", "-q", "--bare", remote)
	c.git("remote", "add", "origin", remote)
	c.git("push", "-q", "-u", "origin", "main")
	return c
}

func TestPushScope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// setup returns what git would give the hook on stdin and the scope wanted.
		setup     func(c *chgRepo) ([]PushRange, Scope)
		wantFiles []string // from Changes on the returned scope; nil means nothing to check
	}{
		{
			name: "an update of a pushed branch checks the new commits",
			setup: func(c *chgRepo) ([]PushRange, Scope) {
				remote := c.rev("origin/main")
				c.write("a.txt", "changed")
				c.write("n.txt", "new")
				c.commitAll("update")
				return []PushRange{{"refs/heads/main", c.rev("HEAD"), "refs/heads/main", remote}},
					Scope{Kind: Range, From: remote, To: c.rev("HEAD")}
			},
			wantFiles: []string{"a.txt", "n.txt"},
		},
		{
			name: "a new branch checks the commits the remote lacks",
			setup: func(c *chgRepo) ([]PushRange, Scope) {
				c.git("checkout", "-q", "-b", "feat")
				c.write("f1.txt", "1")
				c.commitAll("f1")
				c.write("f2.txt", "2")
				c.commitAll("f2")
				return []PushRange{{"refs/heads/feat", c.rev("HEAD"), "refs/heads/feat", chgZero}},
					Scope{Kind: Range, From: c.rev("HEAD~1") + "^", To: c.rev("HEAD")}
			},
			wantFiles: []string{"f1.txt", "f2.txt"},
		},
		{
			name: "a new branch without new commits has nothing to check",
			setup: func(c *chgRepo) ([]PushRange, Scope) {
				c.git("checkout", "-q", "-b", "feat")
				return []PushRange{{"refs/heads/feat", c.rev("HEAD"), "refs/heads/feat", chgZero}}, Scope{}
			},
		},
		{
			name: "a force push checks what changed since the histories forked",
			setup: func(c *chgRepo) ([]PushRange, Scope) {
				c.write("x.txt", "x")
				c.commitAll("x")
				c.git("push", "-q", "origin", "main")
				remote := c.rev("origin/main")
				c.git("reset", "-q", "--hard", "HEAD~1")
				c.write("y.txt", "y")
				c.commitAll("y")
				return []PushRange{{"refs/heads/main", c.rev("HEAD"), "refs/heads/main", remote}},
					Scope{Kind: Range, From: remote, To: c.rev("HEAD")}
			},
			wantFiles: []string{"y.txt"},
		},
		{
			name: "a remote commit we do not have falls back to the commits the remote lacks",
			setup: func(c *chgRepo) ([]PushRange, Scope) {
				c.write("n.txt", "new")
				c.commitAll("n")
				return []PushRange{{"refs/heads/main", c.rev("HEAD"), "refs/heads/main", strings.Repeat("1", 40)}},
					Scope{Kind: Range, From: c.rev("HEAD") + "^", To: c.rev("HEAD")}
			},
			wantFiles: []string{"n.txt"},
		},
		{
			name: "a deletion has nothing to check",
			setup: func(c *chgRepo) ([]PushRange, Scope) {
				return []PushRange{{"(delete)", chgZero, "refs/heads/old", c.rev("HEAD")}}, Scope{}
			},
		},
		{
			name: "a first push from a root commit checks every file of the pushed tree",
			setup: func(c *chgRepo) ([]PushRange, Scope) {
				c.git("checkout", "-q", "--orphan", "other")
				c.git("rm", "-q", "-r", "--cached", ".")
				c.write("o.txt", "o")
				c.git("add", "o.txt")
				c.git("commit", "-q", "-m", "root")
				c.write("dir/p.txt", "p")
				c.commitAll("second")
				return []PushRange{{"refs/heads/other", c.rev("HEAD"), "refs/heads/other", chgZero}},
					Scope{Kind: Files, Files: []string{"a.txt", "b.txt", "dir/c.txt", "dir/d.txt", "dir/p.txt", "o.txt"}}
			},
			wantFiles: []string{"a.txt", "b.txt", "dir/c.txt", "dir/d.txt", "dir/p.txt", "o.txt"},
		},
		{
			name: "several refs check the union of their files",
			setup: func(c *chgRepo) ([]PushRange, Scope) {
				remote := c.rev("origin/main")
				c.write("m.txt", "m")
				c.commitAll("m")
				main := c.rev("HEAD")
				c.git("checkout", "-q", "-b", "feat")
				c.write("f.txt", "f")
				c.commitAll("f")
				return []PushRange{
						{"refs/heads/main", main, "refs/heads/main", remote},
						{"refs/heads/feat", c.rev("HEAD"), "refs/heads/feat", chgZero},
						{"refs/heads/main", main, "refs/heads/also-main", remote},
						{"(delete)", chgZero, "refs/heads/old", remote},
					},
					Scope{Kind: Files, Files: []string{"f.txt", "m.txt"}}
			},
			wantFiles: []string{"f.txt", "m.txt"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := chgPushed(t)
			ranges, want := tt.setup(c)
			r := c.open()
			got, ok, err := r.PushScope(t.Context(), "origin", ranges)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (tt.wantFiles != nil) || !sameScope(got, want) {
				t.Fatalf("got %+v, %v; want %+v, %v", got, ok, want, tt.wantFiles != nil)
			}
			if !ok {
				return
			}
			files, err := r.Changes(t.Context(), got)
			if err != nil {
				t.Fatal(err)
			}
			chgCompare(t, files, tt.wantFiles)
		})
	}
}
