package config

import (
	"maps"
	"slices"

	"gopkg.in/yaml.v3"
)

// This file is the schema: one entry per key, saying how to decode it and how a local file
// overrides it. Unknown-key suggestions come from these tables too.

// fileKeys are the top-level keys of hookrun.yaml.
var fileKeys = map[string]field[File]{
	"version": {decode: decodeVersion},
	"jobs": {
		decode: decodeJobs,
		merge:  func(dst, src *File) { dst.Jobs = src.Jobs },
	},
	"fail_fast": {
		decode: func(d *decoder, f *File, v *yaml.Node, p string) { f.FailFast = d.boolean(v, p) },
		merge:  func(dst, src *File) { dst.FailFast = src.FailFast },
	},
	"exclude": {
		decode: func(d *decoder, f *File, v *yaml.Node, p string) { f.Exclude = d.globs(v, p) },
		merge:  func(dst, src *File) { dst.Exclude = slices.Clone(src.Exclude) },
	},
	"cache": {decode: decodeCache, merge: mergeCache},
	"hooks": {decode: decodeHooks}, // merged by id in Merge
}

// hookKeys are the keys of one item of "hooks".
var hookKeys = map[string]field[Hook]{
	"id":          {decode: func(d *decoder, h *Hook, v *yaml.Node, p string) { h.ID = d.id(v, p) }},
	"name":        strField(func(h *Hook) *string { return &h.Name }, (*decoder).str),
	"check":       strField(func(h *Hook) *string { return &h.Check }, (*decoder).nonEmpty),
	"fix":         strField(func(h *Hook) *string { return &h.Fix }, (*decoder).nonEmpty),
	"run":         strField(func(h *Hook) *string { return &h.Run }, (*decoder).nonEmpty),
	"uses":        strField(func(h *Hook) *string { return &h.Uses }, (*decoder).uses),
	"root":        strField(func(h *Hook) *string { return &h.Root }, (*decoder).root),
	"version":     strField(func(h *Hook) *string { return &h.Version }, (*decoder).toolVersion),
	"args":        listField(func(h *Hook) *StringList { return &h.Args }, (*decoder).list),
	"files":       listField(func(h *Hook) *StringList { return &h.Files }, (*decoder).globs),
	"exclude":     listField(func(h *Hook) *StringList { return &h.Exclude }, (*decoder).globs),
	"types":       listField(func(h *Hook) *StringList { return &h.Types }, (*decoder).types),
	"stages":      listField(func(h *Hook) *StringList { return &h.Stages }, (*decoder).stages),
	"always_run":  boolField(func(h *Hook) *bool { return &h.AlwaysRun }),
	"serial":      boolField(func(h *Hook) *bool { return &h.Serial }),
	"stage_fixed": boolField(func(h *Hook) *bool { return &h.StageFixed }),
	"fail_fast":   boolField(func(h *Hook) *bool { return &h.FailFast }),
	"new_only":    boolField(func(h *Hook) *bool { return &h.NewOnly }),
	"daemon":      boolField(func(h *Hook) *bool { return &h.Daemon }),
	"pass_files": {
		decode: func(d *decoder, h *Hook, v *yaml.Node, p string) { b := d.boolean(v, p); h.PassFiles = &b },
		merge:  func(dst, src *Hook) { dst.PassFiles = clonePtr(src.PassFiles) },
	},
	"writes": {
		decode: func(d *decoder, h *Hook, v *yaml.Node, p string) { b := d.boolean(v, p); h.Writes = &b },
		merge:  func(dst, src *Hook) { dst.Writes = clonePtr(src.Writes) },
	},
	"env": {
		decode: func(d *decoder, h *Hook, v *yaml.Node, p string) { h.Env = d.env(v, p) },
		merge:  func(dst, src *Hook) { dst.Env = maps.Clone(src.Env) },
	},
	"timeout": {
		decode: func(d *decoder, h *Hook, v *yaml.Node, p string) { h.Timeout = d.timeout(v, p) },
		merge:  func(dst, src *Hook) { dst.Timeout = src.Timeout },
	},
}

func strField(at func(*Hook) *string, dec func(*decoder, *yaml.Node, string) string) field[Hook] {
	return field[Hook]{
		decode: func(d *decoder, h *Hook, v *yaml.Node, p string) { *at(h) = dec(d, v, p) },
		merge:  func(dst, src *Hook) { *at(dst) = *at(src) },
	}
}

func listField(at func(*Hook) *StringList, dec func(*decoder, *yaml.Node, string) StringList) field[Hook] {
	return field[Hook]{
		decode: func(d *decoder, h *Hook, v *yaml.Node, p string) { *at(h) = dec(d, v, p) },
		merge:  func(dst, src *Hook) { *at(dst) = slices.Clone(*at(src)) },
	}
}

func boolField(at func(*Hook) *bool) field[Hook] {
	return field[Hook]{
		decode: func(d *decoder, h *Hook, v *yaml.Node, p string) { *at(h) = d.boolean(v, p) },
		merge:  func(dst, src *Hook) { *at(dst) = *at(src) },
	}
}

// fileKeyHint suggests a top-level key, or points a hook key written at the top level
// (usually an indentation slip) to where it belongs.
func fileKeyHint(name string) string {
	if h := hint(name, slices.Sorted(maps.Keys(fileKeys))); h != "" {
		return h
	}
	if _, ok := hookKeys[name]; ok {
		return `; it is a hook key: indent it under an item of "hooks"`
	}
	return ""
}

// hookKeyHint suggests a hook key.
func hookKeyHint(name string) string {
	return hint(name, slices.Sorted(maps.Keys(hookKeys)))
}
