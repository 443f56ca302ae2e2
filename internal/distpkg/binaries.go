package distpkg

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// buildDir is a directory goreleaser v2 leaves a binary in: <build id>_<goos>_<goarch>,
// then the microarchitecture level it built for, if any (_v1 for amd64, _v8.0 for arm64).
var buildDir = regexp.MustCompile(`^.+_(linux|darwin|windows)_(amd64|arm64)(?:_v[0-9.]+)?$`)

// FindBinaries returns, by platform ("linux/amd64"), the path of each of platforms'
// hookrun binaries: the path in overrides when there is one, else the one binary
// goreleaser left in dist (dist/<build id>_<goos>_<goarch>[_<level>]/hookrun[.exe]).
// It names every platform whose binary is missing or ambiguous in one error.
func FindBinaries(dist string, platforms []Platform, overrides map[string]string) (map[string]string, error) {
	found := map[string][]string{}
	entries, err := os.ReadDir(dist)
	if err != nil {
		return nil, fmt.Errorf("read the release directory: %w", err)
	}
	for _, e := range entries {
		m := buildDir.FindStringSubmatch(e.Name())
		if !e.IsDir() || m == nil {
			continue
		}
		p, err := LookupPlatform(m[1], m[2])
		if err != nil {
			continue
		}
		bin := filepath.Join(dist, e.Name(), p.Exe())
		if info, err := os.Stat(bin); err == nil && info.Mode().IsRegular() {
			found[p.String()] = append(found[p.String()], bin)
		}
	}
	bins := map[string]string{}
	var problems []string
	for _, p := range platforms {
		if path, ok := overrides[p.String()]; ok {
			bins[p.String()] = path
			continue
		}
		switch paths := found[p.String()]; len(paths) {
		case 1:
			bins[p.String()] = paths[0]
		case 0:
			problems = append(problems, fmt.Sprintf("no %s binary: looked for %s; build it (GOOS=%s GOARCH=%s CGO_ENABLED=0 go build) or name it as %s=PATH",
				p, filepath.Join(dist, "*_"+p.GOOS+"_"+p.GOARCH+"*", p.Exe()), p.GOOS, p.GOARCH, p))
		default:
			problems = append(problems, fmt.Sprintf("more than one %s binary (%s): name the one to ship as %s=PATH",
				p, strings.Join(paths, ", "), p))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(overrides)) {
		if _, ok := bins[name]; !ok {
			problems = append(problems, fmt.Sprintf("%s=%s: not a platform of this release", name, overrides[name]))
		}
	}
	if problems != nil {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return bins, nil
}
