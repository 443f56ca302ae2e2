// Package version says which hookrun this is: the version, commit and date that a
// release build sets with -ldflags, else what the Go toolchain recorded in the binary's
// build info (the module version of `go install ...@vX.Y.Z`, the vcs.revision and
// vcs.time of a build in a git checkout).
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Release builds set these (.goreleaser.yaml):
//
//	-X github.com/hookrun/hookrun/internal/version.version=v0.1.0
//	-X github.com/hookrun/hookrun/internal/version.commit=<full hash>
//	-X github.com/hookrun/hookrun/internal/version.date=<RFC 3339>
//
// Each one left empty falls back to the build info.
var (
	version string
	commit  string
	date    string
)

// Unknown is what Info holds for a field neither the linker flags nor the build info gave.
const Unknown = "unknown"

// Info is which hookrun this binary is.
type Info struct {
	Version  string // "v0.1.0"; "dev" for a build that names no version
	Commit   string // the full commit hash, or Unknown
	Date     string // the commit's (or the release build's) time, RFC 3339, or Unknown
	Modified bool   // built from a work tree with uncommitted changes
	Go       string // the toolchain and platform: "go1.26.8 linux/amd64"
}

// Get returns this binary's Info: the linker flags first, then the build info.
func Get() Info {
	bi, _ := debug.ReadBuildInfo() // nil without build info: Resolve falls back to dev
	return Resolve(Info{Version: version, Commit: commit, Date: date}, bi)
}

// Version is this binary's version alone, as reports name it ("v0.1.0", or "dev").
func Version() string { return Get().Version }

// Resolve fills what linked (the -X values; empty when unset) leaves empty from bi,
// which may be nil, and then with "dev" and Unknown.
func Resolve(linked Info, bi *debug.BuildInfo) Info {
	in := Info{Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		in.Go = bi.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
		// "(devel)" is what a build of a checkout without vcs stamping records.
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			in.Version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				in.Commit = s.Value
			case "vcs.time":
				in.Date = s.Value
			case "vcs.modified":
				in.Modified = s.Value == "true"
			}
		}
	}
	in.Version = first(linked.Version, in.Version, "dev")
	in.Commit = first(linked.Commit, in.Commit, Unknown)
	in.Date = first(linked.Date, in.Date, Unknown)
	if linked.Commit != "" {
		in.Modified = false // a release build says which commit; the linker flags win whole
	}
	return in
}

// String is what `hookrun version` prints: the version, then one line each for the
// commit, the date and the toolchain.
func (in Info) String() string {
	c := in.Commit
	if in.Modified {
		c += " (modified)"
	}
	return fmt.Sprintf("hookrun %s\ncommit: %s\ndate:   %s\ngo:     %s\n", in.Version, c, in.Date, in.Go)
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
