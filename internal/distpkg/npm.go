package distpkg

import (
	"bytes"
	_ "embed" // the launcher script
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// launcher is the main npm package's bin script; its table of platform packages is
// filled in from Platforms.
//
//go:embed launcher.js
var launcher string

// launcherMarker is where the table of platform packages goes into launcher.
const launcherMarker = "/* PLATFORM PACKAGES */ {}"

const (
	npmDescription = "A fast, parallel git hook runner and lint orchestrator"
	npmRepository  = "git+https://github.com/hookrun/hookrun.git"
)

// packageJSON is the part of npm's package.json that hookrun's packages use.
type packageJSON struct {
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	Description          string            `json:"description"`
	Repository           map[string]string `json:"repository"`
	Homepage             string            `json:"homepage"`
	Bin                  map[string]string `json:"bin,omitempty"`
	OptionalDependencies map[string]string `json:"optionalDependencies,omitempty"`
	OS                   []string          `json:"os,omitempty"`
	CPU                  []string          `json:"cpu,omitempty"`
	Engines              map[string]string `json:"engines,omitempty"`
	PreferUnplugged      bool              `json:"preferUnplugged,omitempty"`
	PublishConfig        map[string]string `json:"publishConfig,omitempty"`
}

// NpmMain writes the main npm package, hookrun, into dir (a directory for `npm pack`):
// its package.json names every platform package, at the same version, as an optional
// dependency, and its one bin, hookrun, is the launcher that runs the binary of the
// platform package npm installed. It has no install script.
func NpmMain(dir, version string) error {
	v, err := NpmVersion(version)
	if err != nil {
		return err
	}
	deps := make(map[string]string, len(Platforms))
	table := make(map[string]string, len(Platforms))
	for _, p := range Platforms {
		deps[p.NpmName()] = v
		table[p.NodeOS+" "+p.NodeCPU] = p.NpmName()
	}
	tableJSON, err := json.Marshal(table)
	if err != nil {
		return err
	}
	if strings.Count(launcher, launcherMarker) != 1 {
		return fmt.Errorf("launcher.js: want one %q, the place of the platform table", launcherMarker)
	}
	script := strings.Replace(launcher, launcherMarker, string(tableJSON), 1)
	pkg := basePackage("hookrun", v)
	pkg.Bin = map[string]string{"hookrun": "bin/hookrun.js"}
	pkg.OptionalDependencies = deps
	pkg.Engines = map[string]string{"node": ">=14"}
	return writePackage(dir, pkg, map[string]fileData{
		"bin/hookrun.js": {[]byte(script), 0o755},
		"README.md":      {npmReadme("hookrun", "It installs the `hookrun` command; npm picks the binary for your platform from hookrun's optional dependencies."), 0o644},
	})
}

// NpmPlatform writes the npm package that carries p's binary (read from bin) into dir:
// its os and cpu fields let npm install it only on p, and the binary is at
// bin/hookrun[.exe], where the launcher looks. It declares no bin of its own, so the
// launcher is the only hookrun npm links.
func NpmPlatform(dir, version string, p Platform, bin string) error {
	v, err := NpmVersion(version)
	if err != nil {
		return err
	}
	binary, err := os.ReadFile(bin)
	if err != nil {
		return fmt.Errorf("read the %s binary: %w", p, err)
	}
	pkg := basePackage(p.NpmName(), v)
	pkg.Description = "The " + p.String() + " binary of hookrun (install hookrun, not this)"
	pkg.OS, pkg.CPU = []string{p.NodeOS}, []string{p.NodeCPU}
	pkg.PreferUnplugged = true // Yarn PnP: a binary must be on disk to run
	pkg.PublishConfig = map[string]string{"access": "public"}
	return writePackage(dir, pkg, map[string]fileData{
		"bin/" + p.Exe(): {binary, 0o755},
		"README.md":      {npmReadme(p.NpmName(), "It holds the "+p.String()+" binary of hookrun; install `hookrun`, which depends on it."), 0o644},
	})
}

func basePackage(name, version string) packageJSON {
	return packageJSON{
		Name: name, Version: version, Description: npmDescription,
		Repository: map[string]string{"type": "git", "url": npmRepository},
		Homepage:   "https://github.com/hookrun/hookrun",
	}
}

func npmReadme(name, what string) []byte {
	return []byte("# " + name + "\n\n" + npmDescription + ". " + what + "\n\nSee https://github.com/hookrun/hookrun.\n")
}

// fileData is a file's content and mode.
type fileData struct {
	data []byte
	mode os.FileMode
}

func writePackage(dir string, pkg packageJSON, files map[string]fileData) error {
	var manifest bytes.Buffer
	enc := json.NewEncoder(&manifest)
	enc.SetEscapeHTML(false) // ">=14", not "\u003e=14"
	enc.SetIndent("", "  ")
	if err := enc.Encode(pkg); err != nil {
		return err
	}
	files["package.json"] = fileData{manifest.Bytes(), 0o644}
	for name, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.data, f.mode); err != nil {
			return err
		}
		// WriteFile's mode passes through the umask; the binary must stay executable.
		if err := os.Chmod(path, f.mode); err != nil {
			return err
		}
	}
	return nil
}
