package runners

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/hookrun/hookrun/internal/safefile"
	"github.com/hookrun/hookrun/runners/tool"
)

// This file finds a located tool's version without starting any program
// (LocateOptions.NoExec): from the files its package manager left beside it. Every file
// is read with safefile.Read, so a metadata path that is a FIFO or a device cannot hang
// a read-only command.

// unknownVersion is the version of a tool whose metadata says nothing.
const unknownVersion = "unknown"

// maxMetadataSize bounds a metadata file read (METADATA, package.json, VERSION).
const maxMetadataSize = 1 << 20

// maxBinarySize bounds a Go binary read for its build info.
const maxBinarySize = 512 << 20

// staticVersion is exe's version as its package metadata records it (metadataVersion),
// else "unknown".
func (l *locator) staticVersion(exe Exe) string {
	if v := l.metadataVersion(exe); v != "" {
		return v
	}
	return unknownVersion
}

// metadataVersion is exe's version as its package metadata records it: go.mod for a
// `go tool`, the toolchain's VERSION file, a Go binary's build info, a Python
// distribution's METADATA in the venv whose bin holds it, or the package.json of the
// node package its node_modules/.bin link points into; else "".
func (l *locator) metadataVersion(exe Exe) string {
	bin := exe.Argv[0]
	var v string
	switch {
	case exe.Source == tool.GoTool:
		mod, _ := l.goMod() // found by goTool just before
		v = requiredVersion(mod, l.t.GoPkg)
	case exe.Source == tool.Toolchain:
		v = toolchainVersion(bin)
	case l.t.GoPkg != "":
		v = goBinaryVersion(bin)
	default:
		v = pythonDistVersion(bin, l.t.Bin)
		if v == "" {
			v = nodePackageVersion(bin)
		}
	}
	return v
}

// staticGoroot is the GOROOT of the go on PATH, from where its binary lies
// (GOROOT/bin/go), for finding gofmt without `go env GOROOT`.
func (l *locator) staticGoroot() string {
	goExe, ok := lookPath("go", l.env)
	if !ok {
		return ""
	}
	if p, err := filepath.EvalSymlinks(goExe); err == nil {
		goExe = p
	}
	return filepath.Dir(filepath.Dir(goExe))
}

// toolchainVersion reads GOROOT/VERSION ("go1.26.8" on its first line) for go or gofmt
// at GOROOT/bin.
func toolchainVersion(bin string) string {
	if p, err := filepath.EvalSymlinks(bin); err == nil {
		bin = p
	}
	data, err := safefile.Read(filepath.Join(filepath.Dir(filepath.Dir(bin)), "VERSION"), maxMetadataSize)
	if err != nil {
		return ""
	}
	first, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimPrefix(strings.TrimSpace(first), "go")
}

// goBinaryVersion is the main module's version in a Go binary's build info, read from
// the file (debug/buildinfo parses it; nothing runs).
func goBinaryVersion(bin string) string {
	fi, err := os.Stat(bin)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxBinarySize {
		return ""
	}
	info, err := buildinfo.ReadFile(bin)
	if err != nil || info.Main.Version == "(devel)" { // a local build says nothing of which
		return ""
	}
	return info.Main.Version
}

// pythonDistVersion finds the distribution that provides name in the venv whose bin
// directory holds bin (BIN/../lib/python*/site-packages/*.dist-info): the one named
// like it, else one whose entry_points.txt declares it as a console script. It returns
// the Version of its METADATA, or "".
func pythonDistVersion(bin, name string) string {
	venv := filepath.Dir(filepath.Dir(bin))
	infos, _ := filepath.Glob(filepath.Join(venv, "lib", "python*", "site-packages", "*.dist-info"))
	want := distName(name)
	for _, d := range infos {
		dist, _, _ := strings.Cut(strings.TrimSuffix(filepath.Base(d), ".dist-info"), "-")
		if distName(dist) == want {
			return metadataVersion(d)
		}
	}
	for _, d := range infos {
		if declaresScript(filepath.Join(d, "entry_points.txt"), name) {
			return metadataVersion(d)
		}
	}
	return ""
}

// distName normalises a distribution name as PEP 503 does: case and runs of "-", "_"
// and "." do not matter.
func distName(s string) string {
	s = strings.ToLower(s)
	return strings.NewReplacer("-", "_", ".", "_").Replace(s)
}

// metadataVersion is the Version header of a dist-info directory's METADATA.
func metadataVersion(dir string) string {
	data, err := safefile.Read(filepath.Join(dir, "METADATA"), maxMetadataSize)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" { // the headers end at the first blank line
			break
		}
		if v, ok := strings.CutPrefix(line, "Version:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// declaresScript reports whether an entry_points.txt lists name under console_scripts.
func declaresScript(path, name string) bool {
	data, err := safefile.Read(path, maxMetadataSize)
	if err != nil {
		return false
	}
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[]")
			continue
		}
		key, _, ok := strings.Cut(line, "=")
		if ok && section == "console_scripts" && strings.TrimSpace(key) == name {
			return true
		}
	}
	return false
}

// nodePackageVersion is the version in the package.json of the package bin belongs to:
// node_modules/.bin/NAME links into node_modules/PKG/... (or node_modules/@SCOPE/PKG/...),
// so the package is the directory right below node_modules on the way up from the
// link's target. A binary in no node_modules has no package here: the package.json of
// a project it lies in is not its own.
func nodePackageVersion(bin string) string {
	target, err := filepath.EvalSymlinks(bin)
	if err != nil {
		return ""
	}
	prev := ""
	for d := filepath.Dir(target); ; prev, d = d, filepath.Dir(d) {
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		if filepath.Base(parent) != "node_modules" {
			continue
		}
		pkg := d
		if strings.HasPrefix(filepath.Base(d), "@") {
			if prev == "" {
				return ""
			}
			pkg = prev
		}
		data, err := safefile.Read(filepath.Join(pkg, "package.json"), maxMetadataSize)
		if err != nil {
			return ""
		}
		var meta struct {
			Version string `json:"version"`
		}
		if json.Unmarshal(data, &meta) != nil {
			return ""
		}
		return meta.Version
	}
}
