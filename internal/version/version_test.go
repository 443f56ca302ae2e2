package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	t.Parallel()
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: at},
			{Key: "vcs.modified", Value: modified},
		}
	}
	tests := []struct {
		name   string
		linked Info
		bi     *debug.BuildInfo
		want   Info
	}{
		{
			name: "a binary without build info is dev, commit and date unknown",
			want: Info{Version: "dev", Commit: Unknown, Date: Unknown},
		},
		{
			name: "go install @v0.1.0 names the module version; the module proxy carries no vcs",
			bi:   &debug.BuildInfo{Main: debug.Module{Path: "github.com/hookrun/hookrun", Version: "v0.1.0"}},
			want: Info{Version: "v0.1.0", Commit: Unknown, Date: Unknown},
		},
		{
			name: "a build of a checkout without vcs stamping is (devel): dev",
			bi:   &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			want: Info{Version: "dev", Commit: Unknown, Date: Unknown},
		},
		{
			name: "a build in a git checkout names the commit, its time and uncommitted changes",
			bi: &debug.BuildInfo{
				Main:     debug.Module{Version: "v0.1.1-0.20261206114813-d03ea7bc8e8c+dirty"},
				Settings: vcs("d03ea7bc8e8c2fe5ce4dfb47dd7ab60b6b031a67", "2026-12-06T11:48:13Z", "true"),
			},
			want: Info{
				Version: "v0.1.1-0.20261206114813-d03ea7bc8e8c+dirty", Commit: "d03ea7bc8e8c2fe5ce4dfb47dd7ab60b6b031a67",
				Date: "2026-12-06T11:48:13Z", Modified: true,
			},
		},
		{
			name:   "a release build's linker flags win over the build info",
			linked: Info{Version: "v0.2.0", Commit: "aaaa", Date: "2026-12-07T00:00:00Z"},
			bi: &debug.BuildInfo{
				Main:     debug.Module{Version: "(devel)"},
				Settings: vcs("bbbb", "2026-12-06T00:00:00Z", "true"),
			},
			want: Info{Version: "v0.2.0", Commit: "aaaa", Date: "2026-12-07T00:00:00Z"},
		},
		{
			name:   "a linker flag left out falls back alone",
			linked: Info{Version: "v0.2.0"},
			bi:     &debug.BuildInfo{Settings: vcs("bbbb", "2026-12-06T00:00:00Z", "false")},
			want:   Info{Version: "v0.2.0", Commit: "bbbb", Date: "2026-12-06T00:00:00Z"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Resolve(tt.linked, tt.bi)
			got.Go = "" // the toolchain running the test
			if got != tt.want {
				t.Errorf("Resolve() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestStringNamesEachField(t *testing.T) {
	t.Parallel()
	got := Info{Version: "v0.1.0", Commit: "abc", Date: "2026-12-06T11:48:13Z", Modified: true, Go: "go1.26.8 linux/amd64"}.String()
	want := "hookrun v0.1.0\ncommit: abc (modified)\ndate:   2026-12-06T11:48:13Z\ngo:     go1.26.8 linux/amd64\n"
	if got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	if !strings.HasPrefix(got, "hookrun v0.1.0\n") {
		t.Errorf("the first line is not hookrun VERSION: %q", got)
	}
}
