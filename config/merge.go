package config

import (
	"errors"
	"maps"
	"slices"
)

// clearedBy lists, for a command key given in a local hook, the base keys it replaces
// too: "run" excludes "check" and "fix", so a local "run" replaces a base "check", and
// the other way round.
var clearedBy = map[string][]string{
	"run":   {"check", "fix"},
	"check": {"run"},
	"fix":   {"run"},
}

// Merge returns base overridden by local, the per-developer file, without changing either.
// Top-level keys given in local replace base's ("exclude" as a whole). Local hooks are
// matched to base hooks by id: each key given in the local hook replaces the base hook's
// (see clearedBy for commands); a local hook with a new id is appended. Merged hooks are
// checked again for a way to run; the error is Errors.
func Merge(base, local *File) (*File, error) {
	if base == nil {
		return nil, errors.New("merge config: no base file")
	}
	out := cloneFile(base)
	if local == nil {
		return out, nil
	}
	for k, pos := range local.KeyPos {
		if f := fileKeys[k]; f.merge != nil {
			f.merge(out, local)
			out.KeyPos[k] = pos
		}
	}
	index := make(map[string]int, len(out.Hooks))
	for i, h := range out.Hooks {
		index[h.ID] = i
	}
	var errs Errors
	for j, lh := range local.Hooks {
		i, ok := index[lh.ID]
		if ok {
			mergeHook(&out.Hooks[i], &lh)
		} else {
			i = len(out.Hooks)
			out.Hooks = append(out.Hooks, cloneHook(lh))
		}
		errs = append(errs, commandMissing(&out.Hooks[i], IndexPath("hooks", j))...)
		errs = append(errs, versionWithoutUses(&out.Hooks[i], IndexPath("hooks", j))...)
		errs = append(errs, newOnlyWithoutTool(&out.Hooks[i], IndexPath("hooks", j))...)
		errs = append(errs, daemonWithoutServer(&out.Hooks[i], IndexPath("hooks", j))...)
	}
	if len(errs) > 0 {
		sortErrors(errs)
		return nil, errs
	}
	return out, nil
}

// mergeHook applies the keys given in src over dst.
func mergeHook(dst, src *Hook) {
	for k := range src.KeyPos {
		for _, c := range clearedBy[k] {
			if _, given := src.KeyPos[c]; !given {
				hookKeys[c].merge(dst, &Hook{})
				delete(dst.KeyPos, c)
			}
		}
	}
	for k, pos := range src.KeyPos {
		if f := hookKeys[k]; f.merge != nil {
			f.merge(dst, src)
			dst.KeyPos[k] = pos
		}
	}
}

func cloneFile(f *File) *File {
	out := *f
	out.Exclude = slices.Clone(f.Exclude)
	if f.Cache != nil {
		c := *f.Cache
		c.KeyPos = maps.Clone(c.KeyPos)
		out.Cache = &c
	}
	out.KeyPos = maps.Clone(f.KeyPos)
	if out.KeyPos == nil {
		out.KeyPos = map[string]Pos{}
	}
	out.Hooks = make([]Hook, len(f.Hooks))
	for i, h := range f.Hooks {
		out.Hooks[i] = cloneHook(h)
	}
	return &out
}

func cloneHook(h Hook) Hook {
	for _, l := range []*StringList{&h.Args, &h.Files, &h.Exclude, &h.Types, &h.Stages} {
		*l = slices.Clone(*l)
	}
	h.PassFiles = clonePtr(h.PassFiles)
	h.Env = maps.Clone(h.Env)
	h.KeyPos = maps.Clone(h.KeyPos)
	if h.KeyPos == nil {
		h.KeyPos = map[string]Pos{}
	}
	return h
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
