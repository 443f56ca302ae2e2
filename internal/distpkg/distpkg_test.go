package distpkg

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"debug/macho"
	"encoding/base64"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, npm, py string
	}{
		{"a release keeps its numbers", "1.2.3", "1.2.3", "1.2.3"},
		{"a tag's v is dropped", "v0.1.0", "0.1.0", "0.1.0"},
		{"a release candidate is PEP 440's rc", "1.2.3-rc.1", "1.2.3-rc.1", "1.2.3rc1"},
		{"alpha and beta are a and b", "1.2.3-beta2", "1.2.3-beta2", "1.2.3b2"},
		{"a snapshot is a dev release with a local label", "0.1.1-SNAPSHOT-abc1234", "0.1.1-SNAPSHOT-abc1234", "0.1.1.dev0+snapshot.abc1234"},
		{"numeric local segments lose leading zeros", "0.1.1-next-0012", "0.1.1-next-0012", "0.1.1.dev0+next.12"},
		{"build metadata is the local label", "1.0.0+linux.2", "1.0.0+linux.2", "1.0.0+linux.2"},
	}
	for _, tt := range tests {
		npm, err := NpmVersion(tt.in)
		if err != nil || npm != tt.npm {
			t.Errorf("%s: NpmVersion(%q) = %q, %v; want %q", tt.name, tt.in, npm, err, tt.npm)
		}
		py, err := PythonVersion(tt.in)
		if err != nil || py != tt.py {
			t.Errorf("%s: PythonVersion(%q) = %q, %v; want %q", tt.name, tt.in, py, err, tt.py)
		}
	}
	for _, bad := range []string{"", "dev", "1.2", "1.2.3.4", "1.2.3-"} {
		if _, err := PythonVersion(bad); err == nil {
			t.Errorf("PythonVersion(%q): no error", bad)
		}
	}
}

// TestWheelLayout reads a wheel back as an installer would: the binary is the one
// executable script, RECORD lists every other file with its digest and size, and the
// WHEEL tags are the file name's.
func TestWheelLayout(t *testing.T) {
	t.Parallel()
	p, err := LookupPlatform("linux", "arm64")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "hookrun")
	writeFile(t, bin, "\x7fELF binary")
	dir := t.TempDir()
	path, err := WriteWheel(dir, "v1.2.3", p, bin)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := filepath.Base(path), "hookrun-1.2.3-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.whl"; got != want {
		t.Errorf("wheel name %s, want %s", got, want)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close() //nolint:errcheck // read-only
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		files[f.Name] = readZipFile(t, f)
		exec := f.Mode()&0o111 != 0
		if want := f.Name == "hookrun-1.2.3.data/scripts/hookrun"; exec != want {
			t.Errorf("%s: mode %v", f.Name, f.Mode())
		}
	}
	want := []string{
		"hookrun-1.2.3.data/scripts/hookrun",
		"hookrun-1.2.3.dist-info/METADATA",
		"hookrun-1.2.3.dist-info/WHEEL",
		"hookrun-1.2.3.dist-info/RECORD",
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("entries %q, want %q", names, want)
	}
	rows, err := csv.NewReader(bytes.NewReader(files[want[3]])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || strings.Join(rows[3], ",") != want[3]+",," {
		t.Fatalf("RECORD:\n%s", files[want[3]])
	}
	for i, row := range rows[:3] {
		sum := sha256.Sum256(files[want[i]])
		if row[0] != want[i] || row[1] != "sha256="+base64.RawURLEncoding.EncodeToString(sum[:]) || row[2] != itoa(len(files[want[i]])) {
			t.Errorf("RECORD row %q does not match %s", row, want[i])
		}
	}
	for _, line := range []string{"Root-Is-Purelib: false", "Tag: py3-none-manylinux_2_17_aarch64", "Tag: py3-none-manylinux2014_aarch64"} {
		if !strings.Contains(string(files[want[2]]), line+"\n") {
			t.Errorf("WHEEL lacks %q:\n%s", line, files[want[2]])
		}
	}
	for _, line := range []string{"Name: hookrun", "Version: 1.2.3"} {
		if !strings.Contains(string(files[want[1]]), line+"\n") {
			t.Errorf("METADATA lacks %q:\n%s", line, files[want[1]])
		}
	}
	again, err := WriteWheel(t.TempDir(), "v1.2.3", p, bin)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := mustRead(t, path), mustRead(t, again); !bytes.Equal(a, b) {
		t.Error("two builds of one wheel differ")
	}
}

// TestWheelRefusesABinaryNewerThanItsTag reads the minimum macOS a darwin binary names:
// a wheel tagged for older systems would install a hookrun that macOS will not start.
func TestWheelRefusesABinaryNewerThanItsTag(t *testing.T) {
	t.Parallel()
	p, err := LookupPlatform("darwin", "arm64")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name         string
		major, minor uint32
		wantErr      string
	}{
		{"a binary for the tag's macOS fits", 12, 0, ""},
		{"a binary for an older macOS fits", 11, 0, ""},
		{"a binary for a newer macOS does not", 13, 1, "the darwin/arm64 binary needs macOS 13.1 or later (LC_BUILD_VERSION) but its wheel's tag macosx_12_0_arm64 says 12.0"},
	} {
		bin := filepath.Join(t.TempDir(), "hookrun")
		if err := os.WriteFile(bin, machoWithMinimum(macho.CpuArm64, tt.major, tt.minor), 0o755); err != nil {
			t.Fatal(err)
		}
		_, err := WriteWheel(t.TempDir(), "1.0.0", p, bin)
		if got := fmt.Sprint(err); tt.wantErr == "" && err != nil || tt.wantErr != "" && !strings.Contains(got, tt.wantErr) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestFindBinaries(t *testing.T) {
	t.Parallel()
	dist := t.TempDir()
	for _, f := range []string{
		"hookrun_linux_amd64_v1/hookrun", "hookrun_linux_arm64_v8.0/hookrun",
		"hookrun_darwin_amd64_v1/hookrun", "hookrun_darwin_arm64_v8.0/hookrun",
		"hookrun_windows_amd64_v1/hookrun.exe",
		"hookrun_windows_arm64_v8.0/hookrun", // the wrong name: no .exe
		"other_windows_arm64/hookrun.exe",
		"hookrun_linux_amd64_v1/hookrun.exe", // not a linux binary's name
	} {
		writeFile(t, filepath.Join(dist, f), "bin")
	}
	got, err := FindBinaries(dist, Platforms, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"linux/amd64": "hookrun_linux_amd64_v1/hookrun", "darwin/arm64": "hookrun_darwin_arm64_v8.0/hookrun",
		"windows/amd64": "hookrun_windows_amd64_v1/hookrun.exe", "windows/arm64": "other_windows_arm64/hookrun.exe",
	} {
		if got[name] != filepath.Join(dist, want) {
			t.Errorf("%s: %s, want %s", name, got[name], want)
		}
	}

	writeFile(t, filepath.Join(dist, "again_darwin_amd64/hookrun"), "bin")
	if rmErr := os.RemoveAll(filepath.Join(dist, "other_windows_arm64")); rmErr != nil {
		t.Fatal(rmErr)
	}
	_, err = FindBinaries(dist, Platforms, map[string]string{"windows/amd64": "/x/hookrun.exe", "plan9/amd64": "/x/h"})
	for _, want := range []string{
		"more than one darwin/amd64 binary",
		"no windows/arm64 binary: looked for " + filepath.Join(dist, "*_windows_arm64*", "hookrun.exe"),
		"name it as windows/arm64=PATH",
		"plan9/amd64=/x/h: not a platform of this release",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to say %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "windows/amd64 binary") {
		t.Errorf("an override still reported missing: %v", err)
	}
}

// TestNpmPackages checks the manifests npm reads: every platform package is an optional
// dependency at the release's version, and each platform package is limited to its os
// and cpu and holds an executable binary.
func TestNpmPackages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := NpmMain(filepath.Join(dir, "hookrun"), "v0.2.0"); err != nil {
		t.Fatal(err)
	}
	main := string(mustRead(t, filepath.Join(dir, "hookrun", "package.json")))
	script := string(mustRead(t, filepath.Join(dir, "hookrun", "bin", "hookrun.js")))
	for _, p := range Platforms {
		if want := `"` + p.NpmName() + `": "0.2.0"`; !strings.Contains(main, want) {
			t.Errorf("package.json lacks %s:\n%s", want, main)
		}
		if want := `"` + p.NodeOS + " " + p.NodeCPU + `":"` + p.NpmName() + `"`; !strings.Contains(script, want) {
			t.Errorf("the launcher's table lacks %s", want)
		}
	}
	if !strings.Contains(main, `"node": ">=14"`) {
		t.Errorf("package.json escapes its engines:\n%s", main)
	}
	for _, bad := range []string{"scripts", "install"} {
		if strings.Contains(main, bad) {
			t.Errorf("package.json has %q:\n%s", bad, main)
		}
	}
	p, err := LookupPlatform("windows", "arm64")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "hookrun.exe")
	writeFile(t, bin, "MZ")
	if err := NpmPlatform(filepath.Join(dir, "plat"), "0.2.0", p, bin); err != nil {
		t.Fatal(err)
	}
	manifest := string(mustRead(t, filepath.Join(dir, "plat", "package.json")))
	for _, want := range []string{`"name": "@hookrun/win32-arm64"`, `"os": [` + "\n    \"win32\"", `"cpu": [` + "\n    \"arm64\""} {
		if !strings.Contains(manifest, want) {
			t.Errorf("package.json lacks %s:\n%s", want, manifest)
		}
	}
	if strings.Contains(manifest, `"bin"`) {
		t.Errorf("a platform package declares a bin:\n%s", manifest)
	}
	if info, err := os.Stat(filepath.Join(dir, "plat", "bin", "hookrun.exe")); err != nil || info.Mode()&0o111 == 0 {
		t.Errorf("the binary is not executable: %v %v", info, err)
	}
}

func readZipFile(t *testing.T, f *zip.File) []byte {
	t.Helper()
	r, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close() //nolint:errcheck // read-only
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// machoWithMinimum is a minimal 64-bit Mach-O executable whose LC_BUILD_VERSION names
// macOS major.minor: what the tests check checkMacOS with.
func machoWithMinimum(cpu macho.Cpu, major, minor uint32) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	for _, v := range []uint32{macho.Magic64, uint32(cpu), 0, uint32(macho.TypeExec), 1, 24, 0, 0} {
		b.Write(le.AppendUint32(nil, v))
	}
	for _, v := range []uint32{uint32(lcBuildVersion), 24, 1, major<<16 | minor<<8, major<<16 | minor<<8, 0} {
		b.Write(le.AppendUint32(nil, v))
	}
	return b.Bytes()
}
