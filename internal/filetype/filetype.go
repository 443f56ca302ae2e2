// Package filetype tags files the way hook configs select them (`types: [python]`): by
// name and extension, by shebang for extensionless executables, and by content
// (text or binary), using the tag names of pre-commit's identify library.
package filetype

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Tags is a set of tags for one file.
type Tags map[string]bool

// HasAll reports whether every tag in want is present.
func (t Tags) HasAll(want []string) bool {
	for _, w := range want {
		if !t[w] {
			return false
		}
	}
	return true
}

// Of returns the tags of the repo-relative, slash-separated path p under root.
// A file that cannot be read gets only the tags its name gives.
func Of(root, p string) Tags {
	full := filepath.Join(root, filepath.FromSlash(p))
	t := Tags{}
	fi, err := os.Lstat(full)
	if err != nil {
		return t
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		t["symlink"] = true
		return t
	case fi.IsDir():
		t["directory"] = true
		return t
	}
	t["file"] = true
	executable := fi.Mode().Perm()&0o111 != 0
	if executable {
		t["executable"] = true
	} else {
		t["non-executable"] = true
	}
	named := addNameTags(t, path.Base(p))
	head := readHead(full)
	if !named && executable {
		addShebangTags(t, head)
	}
	if !t["text"] && !t["binary"] {
		if isText(head) {
			t["text"] = true
		} else {
			t["binary"] = true
		}
	}
	return t
}

func addNameTags(t Tags, base string) bool {
	found := false
	if tags, ok := names[base]; ok {
		found = true
		addAll(t, tags)
	}
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		if tags, ok := extensions[strings.ToLower(base[i+1:])]; ok {
			found = true
			addAll(t, tags)
		}
	}
	return found
}

func addShebangTags(t Tags, head []byte) {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	rest, ok := bytes.CutPrefix(line, []byte("#!"))
	if !ok {
		return
	}
	fields := strings.Fields(string(rest))
	if len(fields) == 0 {
		return
	}
	interp := path.Base(fields[0])
	if interp == "env" {
		fields = fields[1:]
		for len(fields) > 0 && strings.HasPrefix(fields[0], "-") {
			fields = fields[1:]
		}
		if len(fields) == 0 {
			return
		}
		interp = path.Base(fields[0])
	}
	// python3.11 -> python3.11, python3, python: the first known wins.
	for name := interp; name != ""; {
		if tags, ok := interpreters[name]; ok {
			addAll(t, tags)
			return
		}
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			break
		}
		name = name[:i]
	}
}

func addAll(t Tags, tags []string) {
	for _, s := range tags {
		t[s] = true
	}
}

func readHead(full string) []byte {
	f, err := os.Open(full)
	if err != nil {
		return nil
	}
	defer func() { _ = f.Close() }() // read-only: nothing to lose
	buf := make([]byte, 1024)
	n, _ := f.Read(buf) // a short or failed read tags by what was read
	return buf[:n]
}

// isText follows identify: text is made of printable ASCII, the usual control
// characters, and bytes >= 0x80 (UTF-8 and legacy encodings).
func isText(b []byte) bool {
	for _, c := range b {
		switch {
		case c >= 0x20 && c != 0x7f:
		case c >= 7 && c <= 13, c == 27:
		default:
			return false
		}
	}
	return true
}
