package hooks

import "slices"

// HasID reports whether a hook of hs has id as its id or its alias.
func HasID(hs []*Hook, id string) bool {
	return slices.ContainsFunc(hs, func(h *Hook) bool { return h.ID == id || h.Alias == id })
}
