package distpkg

import (
	"bytes"
	"debug/macho"
	"fmt"
	"regexp"
	"strconv"
)

// lcBuildVersion is the Mach-O load command that holds a binary's minimum macOS version.
const lcBuildVersion macho.LoadCmd = 0x32

// macosTag reads the macOS version in a wheel's macosx_<major>_<minor>_<arch> tag.
var macosTag = regexp.MustCompile(`^macosx_(\d+)_(\d+)_`)

// checkMacOS fails when binary, a Mach-O file, needs a newer macOS than p's wheel tags
// promise (the wheel would install a hookrun that macOS refuses to start). A binary that
// is not Mach-O, or names no minimum, passes: there is nothing to hold the tag to.
func checkMacOS(p Platform, binary []byte) error {
	f, err := macho.NewFile(bytes.NewReader(binary))
	if err != nil {
		return nil //nolint:nilerr // not a Mach-O binary: no minimum to check
	}
	major, minor, ok := minimumMacOS(f)
	if !ok {
		return nil
	}
	for _, tag := range p.WheelTags {
		m := macosTag.FindStringSubmatch(tag)
		if m == nil {
			continue
		}
		tagMajor, _ := strconv.Atoi(m[1])
		tagMinor, _ := strconv.Atoi(m[2])
		if major > tagMajor || major == tagMajor && minor > tagMinor {
			return fmt.Errorf("the %s binary needs macOS %d.%d or later (LC_BUILD_VERSION) but its wheel's tag %s says %d.%d: raise the tag in Platforms",
				p, major, minor, tag, tagMajor, tagMinor)
		}
	}
	return nil
}

// minimumMacOS is the minimum macOS version in f's LC_BUILD_VERSION.
func minimumMacOS(f *macho.File) (major, minor int, ok bool) {
	for _, l := range f.Loads {
		raw := l.Raw()
		// cmd, cmdsize, platform, minos (xxxx.yy.zz nibbles: major<<16 | minor<<8 | patch)
		if len(raw) < 16 || macho.LoadCmd(f.ByteOrder.Uint32(raw)) != lcBuildVersion {
			continue
		}
		minos := f.ByteOrder.Uint32(raw[12:16])
		return int(minos >> 16), int(minos >> 8 & 0xff), true
	}
	return 0, 0, false
}
