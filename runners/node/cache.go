package node

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/hookrun/hookrun/runners/tool"
)

// The Node tools' own caches, kept by hookrun in its cache directory (tool.Cache). Each
// cache is keyed by content (--cache-strategy content), never by mtime: hookrun's stash
// and fixers rewrite files within one second, with the same size.

// eslintCache turns on ESLint's result cache, from ESLint 8 on, unless the project lints
// with type information: a file's findings then depend on other files, which ESLint's
// cache does not track, so a cached pass could hide an error an edit elsewhere caused.
func eslintCache(p tool.CacheProject) []string {
	if p.Major() < 8 || typeAware(p) {
		return nil
	}
	return []string{"--cache", "--cache-location", p.File, "--cache-strategy", "content"}
}

// eslintConfigs are the config files ESLint reads, flat and legacy.
var eslintConfigs = []string{
	"eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts", "eslint.config.mts", "eslint.config.cts",
	".eslintrc", ".eslintrc.js", ".eslintrc.cjs", ".eslintrc.yaml", ".eslintrc.yml", ".eslintrc.json", "package.json",
}

// typeAwareRe finds typescript-eslint's type-information settings (parserOptions
// project or projectService) and its *TypeChecked shared configs, in any config syntax.
var typeAwareRe = tool.Regexp(`\bprojectService\b|["']?\bproject["']?\s*:|TypeChecked`)

// typeAware reports whether an ESLint config in p.Dir or a directory above it, up to
// the repository root, may lint with type information. A config that cannot be read
// (a FIFO, a huge file) counts as type-aware: without the cache ESLint is only slower.
func typeAware(p tool.CacheProject) bool {
	for dir := p.Dir; ; dir = path.Dir(dir) {
		for _, name := range eslintConfigs {
			b, err := p.Read(path.Join(dir, name))
			switch {
			case errors.Is(err, fs.ErrNotExist):
			case err != nil:
				return true
			case typeAwareRe().Match(b):
				return true
			}
		}
		if dir == "." {
			return false
		}
	}
}

// prettierCache turns on Prettier's formatted-file cache, from Prettier 3 on (2.7's
// first cache missed option changes).
func prettierCache(p tool.CacheProject) []string {
	if p.Major() < 3 {
		return nil
	}
	return []string{"--cache", "--cache-location", p.File, "--cache-strategy", "content"}
}

// tscCache makes tsc incremental with its build info in p.File, from TypeScript 4.0 on
// (the first to allow --incremental with --noEmit), unless the project decides itself:
// a tsconfig.json, or a config it extends, that sets incremental, composite or
// tsBuildInfoFile keeps its own setting. A config hookrun cannot read or follow counts
// as deciding.
func tscCache(p tool.CacheProject) []string {
	if p.Major() < 4 || tsconfigDecides(p.Read, path.Join(p.Dir, "tsconfig.json"), 0) {
		return nil
	}
	return []string{"--incremental", "--tsBuildInfoFile", p.File}
}

// tsconfigDecides reports whether the tsconfig at name (repo-relative), or one it
// extends, sets incremental, composite or tsBuildInfoFile, or cannot be read.
func tsconfigDecides(read func(string) ([]byte, error), name string, depth int) bool {
	if depth > 16 {
		return true // a cycle of extends
	}
	b, err := read(name)
	if err != nil {
		return true
	}
	var cfg struct {
		Extends         json.RawMessage            `json:"extends"`
		CompilerOptions map[string]json.RawMessage `json:"compilerOptions"`
	}
	if json.Unmarshal(stripJSONC(b), &cfg) != nil {
		return true
	}
	for _, k := range []string{"incremental", "composite", "tsBuildInfoFile"} {
		if _, ok := cfg.CompilerOptions[k]; ok {
			return true
		}
	}
	var parents []string
	if len(cfg.Extends) > 0 && json.Unmarshal(cfg.Extends, &parents) != nil {
		var one string
		if json.Unmarshal(cfg.Extends, &one) != nil {
			return true
		}
		parents = []string{one}
	}
	for _, ext := range parents {
		parent, ok := resolveExtends(read, path.Dir(name), ext)
		if !ok || tsconfigDecides(read, parent, depth+1) {
			return true
		}
	}
	return false
}

// resolveExtends finds the repo-relative file an `extends` of a tsconfig in dir names:
// a relative path, with ".json" added when it has none, or a package's file in a
// node_modules of dir or a directory above it inside the repository.
func resolveExtends(read func(string) ([]byte, error), dir, ext string) (string, bool) {
	var tries []string
	if strings.HasPrefix(ext, "./") || strings.HasPrefix(ext, "../") {
		tries = []string{path.Join(dir, ext)}
	} else {
		if path.IsAbs(ext) {
			return "", false // outside the repository: not followed
		}
		for d := dir; ; d = path.Dir(d) {
			tries = append(tries, path.Join(d, "node_modules", ext))
			if d == "." {
				break
			}
		}
	}
	for _, t := range tries {
		if strings.HasPrefix(t, "../") || t == ".." {
			return "", false
		}
		for _, name := range []string{t, t + ".json", path.Join(t, "tsconfig.json")} {
			if _, err := read(name); err == nil {
				return name, true
			}
		}
	}
	return "", false
}

// stripJSONC turns tsconfig's JSON with comments and trailing commas into JSON. An
// unterminated comment ends the text, which then fails to parse.
func stripJSONC(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			j := stringEnd(b, i)
			out = append(out, b[i:j]...)
			i = j - 1
		case c == '/' && i+1 < len(b) && (b[i+1] == '/' || b[i+1] == '*'):
			j := commentEnd(b, i)
			if j < 0 {
				return out
			}
			out = append(out, ' ')
			i = j - 1
		case c == '}' || c == ']':
			out = append(dropTrailingComma(out), c)
		default:
			out = append(out, c)
		}
	}
	return out
}

// stringEnd returns the index just past the JSON string that starts at b[i].
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

// commentEnd returns the index just past the comment that starts at b[i] (a line
// comment ends before its newline), or -1 for a block comment that never ends.
func commentEnd(b []byte, i int) int {
	if b[i+1] == '/' {
		if n := bytes.IndexByte(b[i:], '\n'); n >= 0 {
			return i + n
		}
		return len(b)
	}
	if n := bytes.Index(b[i+2:], []byte("*/")); n >= 0 {
		return i + 2 + n + 2
	}
	return -1
}

// dropTrailingComma removes a comma that ends out, but for white space.
func dropTrailingComma(out []byte) []byte {
	i := len(out) - 1
	for i >= 0 && strings.IndexByte(" \t\r\n", out[i]) >= 0 {
		i--
	}
	if i >= 0 && out[i] == ',' {
		return append(out[:i], out[i+1:]...)
	}
	return out
}
