// Command mkpackages writes hookrun's Python wheels and npm package directories from the six
// release binaries: .ci/package-ecosystems runs it, then `npm pack` on each directory.
//
//	mkpackages -dist DIST -version VERSION -npm-stage DIR [GOOS/GOARCH=BINARY ...]
//
// The binaries are the ones goreleaser left in DIST unless named; the wheels go to
// DIST/python, one directory per npm package to DIR (hookrun first), whose paths it
// prints one a line.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hookrun/hookrun/internal/distpkg"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mkpackages:", err)
		os.Exit(1) //nolint:forbidigo // a release tool's main, not hookrun's: the rule is for hookrun's commands
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("mkpackages", flag.ContinueOnError)
	dist := fs.String("dist", "dist", "the release directory goreleaser wrote")
	version := fs.String("version", "", "the release version (1.2.3, v1.2.3 or a snapshot's 1.2.3-SNAPSHOT-abc1234)")
	stage := fs.String("npm-stage", "", "where to write the npm package directories")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *version == "" || *stage == "" {
		return fmt.Errorf("-version and -npm-stage are required")
	}
	overrides := map[string]string{}
	for _, a := range fs.Args() {
		name, path, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("%q: want GOOS/GOARCH=BINARY", a)
		}
		overrides[name] = path
	}
	bins, err := distpkg.FindBinaries(*dist, distpkg.Platforms, overrides)
	if err != nil {
		return err
	}
	wheels := filepath.Join(*dist, "python")
	if err := os.MkdirAll(wheels, 0o755); err != nil {
		return err
	}
	if err := distpkg.NpmMain(filepath.Join(*stage, "hookrun"), *version); err != nil {
		return fmt.Errorf("npm package hookrun: %w", err)
	}
	fmt.Println(filepath.Join(*stage, "hookrun"))
	for _, p := range distpkg.Platforms {
		bin := bins[p.String()]
		if _, err := distpkg.WriteWheel(wheels, *version, p, bin); err != nil {
			return fmt.Errorf("%s wheel: %w", p, err)
		}
		dir := filepath.Join(*stage, p.NodeOS+"-"+p.NodeCPU)
		if err := distpkg.NpmPlatform(dir, *version, p, bin); err != nil {
			return fmt.Errorf("npm package %s: %w", p.NpmName(), err)
		}
		fmt.Println(dir)
	}
	return nil
}
