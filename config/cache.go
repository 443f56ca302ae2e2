package config

import (
	"maps"
	"net/url"
	"slices"

	"gopkg.in/yaml.v3"
)

// Cache is the top-level "cache" mapping: the shared result cache (internal/cache's
// Remote). A local file overrides it key by key, so a laptop's hookrun.local.yaml can
// say remote_write: false without repeating the URL.
type Cache struct {
	Remote string // base URL of a Bazel HTTP remote cache (http or https); "" = none
	// RemoteWrite makes runs put their passes; read-only otherwise (the default), so
	// only what is configured to (CI on the main branch) fills the team's cache.
	RemoteWrite bool
	// RemoteHeaderEnv names the environment variable holding one "Name: value" header
	// line sent with every request (Authorization: Bearer ...); the secret stays out of
	// the file.
	RemoteHeaderEnv string
	KeyPos          map[string]Pos `json:"-"` // position of each key that was given
}

// cacheKeys are the keys of "cache".
var cacheKeys = map[string]field[Cache]{
	"remote": {
		decode: func(d *decoder, c *Cache, v *yaml.Node, p string) { c.Remote = d.remoteURL(v, p) },
		merge:  func(dst, src *Cache) { dst.Remote = src.Remote },
	},
	"remote_write": {
		decode: func(d *decoder, c *Cache, v *yaml.Node, p string) { c.RemoteWrite = d.boolean(v, p) },
		merge:  func(dst, src *Cache) { dst.RemoteWrite = src.RemoteWrite },
	},
	"remote_header_env": {
		decode: func(d *decoder, c *Cache, v *yaml.Node, p string) { c.RemoteHeaderEnv = d.envName(v, p) },
		merge:  func(dst, src *Cache) { dst.RemoteHeaderEnv = src.RemoteHeaderEnv },
	},
}

func decodeCache(d *decoder, f *File, v *yaml.Node, p string) {
	n, ok := d.mapping(v, p, "a mapping (remote, remote_write, remote_header_env)")
	if !ok {
		return
	}
	f.Cache = &Cache{}
	f.Cache.KeyPos = decodeFields(d, n, p, cacheKeys, f.Cache, func(name string) string {
		return hint(name, slices.Sorted(maps.Keys(cacheKeys)))
	})
}

// mergeCache applies the keys a local file gives.
func mergeCache(dst, src *File) {
	if src.Cache == nil {
		return
	}
	if dst.Cache == nil {
		dst.Cache = &Cache{}
	}
	if dst.Cache.KeyPos == nil {
		dst.Cache.KeyPos = map[string]Pos{}
	}
	for k, pos := range src.Cache.KeyPos {
		cacheKeys[k].merge(dst.Cache, src.Cache)
		dst.Cache.KeyPos[k] = pos
	}
}

// remoteURL decodes the shared cache's base URL: http or https, with a host.
func (d *decoder) remoteURL(n *yaml.Node, p string) string {
	s := d.str(n, p)
	if d.failedAt(n, s) {
		return ""
	}
	if msg := RemoteURLProblem(s); msg != "" {
		d.Errorf(n, p, "%s", msg)
		return ""
	}
	return s
}

// RemoteURLProblem says what is wrong with s as the shared cache's URL, or "".
func RemoteURLProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "must be an http:// or https:// URL of a Bazel HTTP remote cache, such as http://cache.internal:8080, got " + quote(s)
	case u.User != nil:
		return "must not hold a password; put the header in the variable remote_header_env names"
	case u.RawQuery != "" || u.Fragment != "":
		return "must not have a query or fragment, got " + quote(s)
	}
	return ""
}

// envName decodes the name of an environment variable.
func (d *decoder) envName(n *yaml.Node, p string) string {
	s := d.str(n, p)
	if d.failedAt(n, s) {
		return ""
	}
	if !validEnvName(s) {
		d.Errorf(n, p, "invalid variable name %s; use letters, digits and \"_\", not starting with a digit", quote(s))
		return ""
	}
	return s
}

// failedAt says str already reported n (not a string, or null).
func (d *decoder) failedAt(n *yaml.Node, s string) bool {
	n = Unalias(n)
	return n.Kind != yaml.ScalarNode || isNull(n) || CheckNUL(s) != ""
}
