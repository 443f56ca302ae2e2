// Package distpkg builds hookrun's packages for the Python and Node ecosystems from the
// release binaries: one wheel per platform carrying the binary as a script (the layout
// maturin's bin bindings give ruff and prek), and an npm package whose per-platform
// optional dependencies carry the binary (the layout of esbuild, biome and lefthook).
// It writes files only; `npm pack` turns the npm directories into tarballs
// (.ci/package-ecosystems).
package distpkg

import (
	"fmt"
	"strings"
)

// Platform is one target hookrun is released for, with its names in each ecosystem.
type Platform struct {
	GOOS, GOARCH string
	// WheelTags are the wheel's platform tags, most specific first; the binaries are
	// static (CGO off), so the oldest tag each index accepts fits.
	WheelTags []string
	// NodeOS and NodeCPU are process.platform and process.arch on this platform, and the
	// npm package's os and cpu fields.
	NodeOS, NodeCPU string
}

// Platforms are the six targets of a release, in the order packages list them.
var Platforms = []Platform{
	{GOOS: "linux", GOARCH: "amd64", WheelTags: []string{"manylinux_2_17_x86_64", "manylinux2014_x86_64"}, NodeOS: "linux", NodeCPU: "x64"},
	{GOOS: "linux", GOARCH: "arm64", WheelTags: []string{"manylinux_2_17_aarch64", "manylinux2014_aarch64"}, NodeOS: "linux", NodeCPU: "arm64"},
	// Go 1.26 runs on macOS 12 and later: its linker writes 12.0 as the binaries' minimum
	// (LC_BUILD_VERSION), and macOS will not start one on an older system, so a wheel
	// tagged for older ones would install a hookrun that cannot start. WriteWheel checks
	// the binary against the tag.
	{GOOS: "darwin", GOARCH: "amd64", WheelTags: []string{"macosx_12_0_x86_64"}, NodeOS: "darwin", NodeCPU: "x64"},
	{GOOS: "darwin", GOARCH: "arm64", WheelTags: []string{"macosx_12_0_arm64"}, NodeOS: "darwin", NodeCPU: "arm64"},
	{GOOS: "windows", GOARCH: "amd64", WheelTags: []string{"win_amd64"}, NodeOS: "win32", NodeCPU: "x64"},
	{GOOS: "windows", GOARCH: "arm64", WheelTags: []string{"win_arm64"}, NodeOS: "win32", NodeCPU: "arm64"},
}

// String is the platform as Go names it, "linux/amd64".
func (p Platform) String() string { return p.GOOS + "/" + p.GOARCH }

// Exe is the binary's file name: hookrun, or hookrun.exe on Windows.
func (p Platform) Exe() string {
	if p.GOOS == "windows" {
		return "hookrun.exe"
	}
	return "hookrun"
}

// NpmName is the name of the npm package that carries this platform's binary.
func (p Platform) NpmName() string { return "@hookrun/" + p.NodeOS + "-" + p.NodeCPU }

// LookupPlatform returns the platform Go calls goos/goarch.
func LookupPlatform(goos, goarch string) (Platform, error) {
	for _, p := range Platforms {
		if p.GOOS == goos && p.GOARCH == goarch {
			return p, nil
		}
	}
	names := make([]string, len(Platforms))
	for i, p := range Platforms {
		names[i] = p.String()
	}
	return Platform{}, fmt.Errorf("no release platform %s/%s (there are %s)", goos, goarch, strings.Join(names, ", "))
}
