package distpkg

import (
	"fmt"
	"regexp"
	"strings"
)

// semver is a semantic version, as npm requires and goreleaser writes (a tag without its
// v, or a snapshot's "0.1.1-SNAPSHOT-abc1234").
var semver = regexp.MustCompile(`^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$`)

// pyPre maps a semver pre-release such as "rc.1" or "beta2" to PEP 440's "rc1", "b2".
var pyPre = regexp.MustCompile(`^(alpha|a|beta|b|rc)\.?(\d+)$`)

// NpmVersion is version (a leading v dropped) as npm takes it: a semantic version.
func NpmVersion(version string) (string, error) {
	v := strings.TrimPrefix(version, "v")
	if !semver.MatchString(v) {
		return "", fmt.Errorf("version %q is not a semantic version such as 1.2.3 or 1.2.3-rc.1", version)
	}
	return v, nil
}

// PythonVersion is version (a semantic version, leading v dropped) in PEP 440's
// normalized form, which names the wheel: 1.2.3 stays, 1.2.3-rc.1 is 1.2.3rc1 (so are
// alpha and beta, as a and b), and any other pre-release or build, such as a
// snapshot's 1.2.3-SNAPSHOT-abc1234, is a development release with a local label,
// 1.2.3.dev0+snapshot.abc1234, which pip installs from a file and no index accepts.
func PythonVersion(version string) (string, error) {
	v, err := NpmVersion(version)
	if err != nil {
		return "", err
	}
	m := semver.FindStringSubmatch(v)
	release, pre, build := m[1]+"."+m[2]+"."+m[3], strings.ToLower(m[4]), strings.ToLower(m[5])
	local := build
	if pre != "" {
		if p := pyPre.FindStringSubmatch(pre); p != nil {
			release += map[string]string{"alpha": "a", "a": "a", "beta": "b", "b": "b", "rc": "rc"}[p[1]] + p[2]
		} else {
			release += ".dev0"
			local = strings.Trim(pre+"."+build, ".")
		}
	}
	if local == "" {
		return release, nil
	}
	return release + "+" + pyLocal(local), nil
}

// pyLocal is a local version label in PEP 440's normalized form: segments of letters and
// digits joined by dots, numeric segments without leading zeros.
func pyLocal(label string) string {
	segs := strings.FieldsFunc(label, func(r rune) bool { return r == '.' || r == '-' })
	for i, s := range segs {
		if strings.Trim(s, "0123456789") == "" {
			if s = strings.TrimLeft(s, "0"); s == "" {
				s = "0"
			}
			segs[i] = s
		}
	}
	return strings.Join(segs, ".")
}
