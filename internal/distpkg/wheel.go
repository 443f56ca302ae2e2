package distpkg

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// wheelTime is every wheel entry's modification time, so the same binary and version make
// the same wheel byte for byte (zip cannot store a time before 1980).
var wheelTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// pySummary is the one line PyPI shows under the name.
const pySummary = "A fast, parallel git hook runner and lint orchestrator"

// wheelFile is one entry of a wheel.
type wheelFile struct {
	name string
	data []byte
	mode os.FileMode
}

// WheelName is the file name of hookrun's wheel for p at pyVersion (a PythonVersion):
// the tags say any Python 3 (the wheel holds no Python code) and no ABI.
func WheelName(pyVersion string, p Platform) string {
	return "hookrun-" + pyVersion + "-py3-none-" + strings.Join(p.WheelTags, ".") + ".whl"
}

// WriteWheel writes hookrun's wheel for p into dir, carrying the binary at bin, and
// returns its path. The binary is the wheel's one script
// (hookrun-VERSION.data/scripts/hookrun[.exe]), which installers copy as is, executable,
// into the environment's bin (Scripts on Windows): no Python runs when hookrun does.
func WriteWheel(dir, version string, p Platform, bin string) (string, error) {
	pyVersion, err := PythonVersion(version)
	if err != nil {
		return "", err
	}
	binary, err := os.ReadFile(bin)
	if err != nil {
		return "", fmt.Errorf("read the %s binary: %w", p, err)
	}
	if err := checkMacOS(p, binary); err != nil {
		return "", err
	}
	path := filepath.Join(dir, WheelName(pyVersion, p))
	var buf bytes.Buffer
	if err := writeWheel(&buf, pyVersion, p, binary); err != nil {
		return "", fmt.Errorf("build %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return "", fmt.Errorf("write the wheel: %w", err)
	}
	return path, nil
}

// writeWheel writes the wheel's zip: the script, then the .dist-info, RECORD last (the
// order the wheel specification recommends, so an installer can read metadata last).
func writeWheel(w io.Writer, pyVersion string, p Platform, binary []byte) error {
	distInfo := "hookrun-" + pyVersion + ".dist-info/"
	files := []wheelFile{
		{"hookrun-" + pyVersion + ".data/scripts/" + p.Exe(), binary, 0o755},
		{distInfo + "METADATA", pyMetadata(pyVersion), 0o644},
		{distInfo + "WHEEL", wheelMetadata(p), 0o644},
	}
	files = append(files, wheelFile{distInfo + "RECORD", record(files, distInfo+"RECORD"), 0o644})
	zw := zip.NewWriter(w)
	for _, f := range files {
		hdr := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: wheelTime}
		hdr.SetMode(f.mode)
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// pyMetadata is the core metadata (METADATA) of hookrun's wheel at pyVersion.
func pyMetadata(pyVersion string) []byte {
	return []byte("Metadata-Version: 2.1\n" +
		"Name: hookrun\n" +
		"Version: " + pyVersion + "\n" +
		"Summary: " + pySummary + "\n" +
		"Project-URL: Source, https://github.com/hookrun/hookrun\n" +
		"Classifier: Environment :: Console\n" +
		"Classifier: Topic :: Software Development :: Quality Assurance\n" +
		"Description-Content-Type: text/markdown\n" +
		"\n" +
		"# hookrun\n\n" + pySummary + ". This package installs the `hookrun` binary;\n" +
		"see https://github.com/hookrun/hookrun for how to use it.\n")
}

// wheelMetadata is the WHEEL file: not purelib (the binary is platform-specific), one
// Tag line per platform tag.
func wheelMetadata(p Platform) []byte {
	var b strings.Builder
	b.WriteString("Wheel-Version: 1.0\nGenerator: hookrun distpkg\nRoot-Is-Purelib: false\n")
	for _, tag := range p.WheelTags {
		b.WriteString("Tag: py3-none-" + tag + "\n")
	}
	return []byte(b.String())
}

// record is the RECORD file listing files: each path with its sha256 (urlsafe base64,
// unpadded) and size, then RECORD itself with neither.
func record(files []wheelFile, self string) []byte {
	var b strings.Builder
	for _, f := range files {
		sum := sha256.Sum256(f.data)
		fmt.Fprintf(&b, "%s,sha256=%s,%d\n", f.name, base64.RawURLEncoding.EncodeToString(sum[:]), len(f.data))
	}
	b.WriteString(self + ",,\n")
	return []byte(b.String())
}
