// Package filetype tags files the way hook configs select them (`types: [python]`), with
// the tags and the rules of pre-commit's identify library, so a .pre-commit-config.yaml
// selects the same files under hookrun: by file name and extension, by shebang for
// executables whose name says nothing, and by content (text or binary).
package filetype

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/internal/shell"
)

// Tags is a set of tags for one file.
type Tags map[string]bool

// HasAll reports whether every term in want holds. A term is a tag that must be present,
// "!tag" for a tag that must be absent, or "a|b|c" for a set of tags of which at least
// one must be present. Plain tags express hookrun's and pre-commit's `types`; the other
// two forms express pre-commit's `exclude_types` and `types_or`.
func (t Tags) HasAll(want []string) bool {
	for _, w := range want {
		if !t.holds(w) {
			return false
		}
	}
	return true
}

func (t Tags) holds(term string) bool {
	if tag, ok := strings.CutPrefix(term, "!"); ok {
		return !t[tag]
	}
	if !strings.Contains(term, "|") {
		return t[term]
	}
	for tag := range strings.SplitSeq(term, "|") {
		if t[tag] {
			return true
		}
	}
	return false
}

// Of returns the tags of the repo-relative, slash-separated path p under root, as
// identify's tags_from_path gives them. A path that does not exist has no tags.
func Of(root, p string) Tags {
	full := filepath.Join(root, filepath.FromSlash(p))
	fi, err := os.Lstat(full)
	if err != nil {
		return Tags{}
	}
	switch {
	case fi.IsDir():
		return Tags{"directory": true}
	case fi.Mode()&fs.ModeSymlink != 0:
		return Tags{"symlink": true}
	case fi.Mode()&fs.ModeSocket != 0:
		return Tags{"socket": true}
	}
	return fileTags(p, isExecutable(full, fi), func() []byte { return readHead(full) })
}

// fileTags returns the tags of p, a file that is neither a directory, a symbolic link
// nor a socket: by its name, and then by its head (the first headSize bytes of its
// content, or fewer if it has fewer), which head returns (called at most once, and only
// when the name does not tell).
func fileTags(p string, executable bool, head func() []byte) Tags {
	t := Tags{"file": true}
	if executable {
		t["executable"] = true
	} else {
		t["non-executable"] = true
	}
	named := addByName(t, path.Base(p))
	var h []byte
	read := false
	if !named && executable {
		h, read = head(), true
		for _, tag := range interpreterTagsOf(Shebang(h)) {
			t[tag] = true
		}
	}
	if !t["text"] && !t["binary"] {
		if !read {
			h = head()
		}
		if IsText(h) {
			t["text"] = true
		} else {
			t["binary"] = true
		}
	}
	return t
}

// ByName returns the tags a file's base name gives: a known name (or, failing that, the
// first dot-separated part of the name that is a known name, so Dockerfile.dev is a
// dockerfile), plus the tags of its extension (lower-cased). A name beginning with a dot
// has no extension unless it has another dot (.gitignore has none).
func ByName(base string) Tags {
	t := Tags{}
	addByName(t, base)
	return t
}

// addByName adds the tags ByName gives base to t, and reports whether there were any.
func addByName(t Tags, base string) bool {
	tables()
	named := false
	add := func(tags []string) {
		addAll(t, tags)
		named = named || len(tags) > 0
	}
	if tags, ok := names[base]; ok {
		add(tags)
	} else if strings.Contains(base, ".") {
		for part := range strings.SplitSeq(base, ".") {
			if tags, ok := names[part]; ok {
				add(tags)
				break
			}
		}
	}
	if ext := extension(base); ext != "" {
		if tags, ok := extensions[ext]; ok {
			add(tags)
		} else if tags, ok := binaryCheck[ext]; ok {
			add(tags)
		}
	}
	return named
}

// extension returns the lower-cased extension of base without its dot, as Python's
// os.path.splitext finds it: leading dots do not start an extension.
func extension(base string) string {
	trimmed := strings.TrimLeft(base, ".")
	i := strings.LastIndexByte(trimmed, '.')
	if i < 0 {
		return ""
	}
	return strings.ToLower(trimmed[i+1:])
}

// interpreterTagsOf returns the tags of a shebang's command: its program's base name,
// then that name with dotted suffixes removed (python3.12 -> python3) until one is known.
func interpreterTagsOf(cmd []string) []string {
	if len(cmd) == 0 {
		return nil
	}
	tables()
	name := cmd[0][strings.LastIndexByte(cmd[0], '/')+1:]
	for name != "" {
		if tags, ok := interpreters[name]; ok {
			return tags
		}
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			break
		}
		name = name[:i]
	}
	return nil
}

// Shebang returns the command of the "#!" line at the start of head, split like
// identify: the line must be printable ASCII, it is split with shell.Split (by white space
// if that fails), and a leading /usr/bin/env (or /usr/bin/env -S) is dropped. A nix-shell
// shebang names its interpreter on a following "#! ... -i NAME" line.
func Shebang(head []byte) []string {
	rest, ok := bytes.CutPrefix(head, []byte("#!"))
	if !ok {
		return nil
	}
	line, rest, _ := bytes.Cut(rest, []byte("\n"))
	cmd, ok := shebangWords(line)
	if !ok {
		return nil
	}
	switch {
	case len(cmd) >= 2 && cmd[0] == "/usr/bin/env" && cmd[1] == "-S":
		cmd = cmd[2:]
	case len(cmd) >= 1 && cmd[0] == "/usr/bin/env":
		cmd = cmd[1:]
	}
	if len(cmd) == 1 && cmd[0] == "nix-shell" {
		return nixInterpreter(rest, cmd)
	}
	return cmd
}

// nixInterpreter reads the "#!" lines after a nix-shell shebang for "-i NAME".
func nixInterpreter(rest []byte, cmd []string) []string {
	for {
		next, ok := bytes.CutPrefix(rest, []byte("#!"))
		if !ok {
			return cmd
		}
		var line []byte
		line, rest, _ = bytes.Cut(next, []byte("\n"))
		words, ok := shebangWords(line)
		if !ok {
			return cmd
		}
		for i := 0; i+1 < len(words); i++ {
			if words[i] == "-i" {
				cmd = []string{words[i+1]}
			}
		}
	}
}

func shebangWords(line []byte) ([]string, bool) {
	for _, c := range line {
		if c > 0x7e || c < 0x20 && !bytes.ContainsRune([]byte(" \t\n\r\v\f"), rune(c)) {
			return nil, false
		}
	}
	s := strings.TrimSpace(string(line))
	words, err := shell.Split(s)
	if err != nil {
		words = strings.Fields(s)
	}
	return words, true
}

func addAll(t Tags, tags []string) {
	for _, s := range tags {
		t[s] = true
	}
}

// headSize is how much of a file's start tells text from binary, and holds its shebang:
// what identify reads.
const headSize = 1024

// readHead returns the first headSize bytes of the file full (fewer if it has fewer,
// none if it cannot be read).
func readHead(full string) []byte {
	f, err := os.Open(full)
	if err != nil {
		return []byte{}
	}
	defer func() { _ = f.Close() }() // read-only: nothing to lose
	buf := make([]byte, headSize)
	n, _ := f.Read(buf) // a short or failed read tags by what was read
	return buf[:n]
}

// IsText follows identify: text is made of printable ASCII, the control characters
// BEL to CR and ESC, and bytes >= 0x80 (UTF-8 and legacy encodings); DEL is binary.
func IsText(b []byte) bool {
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

// The lookup tables, built once from the grouped tables in tables_identify.go.
var (
	tablesOnce   sync.Once
	extensions   map[string][]string
	binaryCheck  map[string][]string
	names        map[string][]string
	interpreters map[string][]string
	known        map[string]bool
)

// tagTable maps a space-separated set of tags to the space-separated keys that give it.
type tagTable map[string]string

func (tt tagTable) index() map[string][]string {
	m := map[string][]string{}
	for tags, keys := range tt {
		set := strings.Fields(tags)
		for _, k := range strings.Fields(keys) {
			m[k] = set
		}
	}
	return m
}

func tables() {
	tablesOnce.Do(func() {
		extensions = extensionTags.index()
		binaryCheck = binaryCheckTags.index()
		names = nameTags.index()
		interpreters = interpreterTags.index()
		known = map[string]bool{}
		for _, tt := range []tagTable{extensionTags, binaryCheckTags, nameTags, interpreterTags} {
			for tags := range tt {
				for _, tag := range strings.Fields(tags) {
					known[tag] = true
				}
			}
		}
		for _, tag := range []string{"file", "directory", "symlink", "socket", "executable", "non-executable", "text", "binary"} {
			known[tag] = true
		}
	})
}

// Known reports whether tag is one identify can give a file (pre-commit rejects types
// that are not).
func Known(tag string) bool {
	tables()
	return known[tag]
}

// All lists every known tag, sorted.
func All() []string {
	tables()
	return slices.Sorted(maps.Keys(known))
}
