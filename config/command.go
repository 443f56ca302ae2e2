package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/internal/pchooks"
)

// A hook runs one of three ways: "run" (a plain command), "check" with an optional "fix"
// (hookrun picks by mode), or "uses" (a built-in runner, optionally with a "fix" override).
// These checks read KeyPos rather than the values, so Merge can run them on merged hooks.

// commandConflict reports "run" given together with "check" or "fix".
func commandConflict(h *Hook, path string) Errors {
	runPos, hasRun := h.KeyPos["run"]
	if !hasRun {
		return nil
	}
	var with []string
	for _, k := range []string{"check", "fix"} {
		if p, ok := h.KeyPos[k]; ok {
			with = append(with, fmt.Sprintf("%q (line %d)", k, p.Line))
		}
	}
	if len(with) == 0 {
		return nil
	}
	return Errors{{
		Pos:  runPos,
		Path: JoinPath(path, "run"),
		Msg: fmt.Sprintf(`cannot be combined with %s; use "run" alone, or "check" with an optional "fix"`,
			strings.Join(with, " and ")),
	}}
}

// commandMissing reports a hook with nothing to run, and a "fix" with nothing to check.
func commandMissing(h *Hook, path string) Errors {
	_, hasRun := h.KeyPos["run"]
	_, hasCheck := h.KeyPos["check"]
	_, hasUses := h.KeyPos["uses"]
	fixPos, hasFix := h.KeyPos["fix"]
	switch {
	case hasFix && !hasCheck && !hasRun && !hasUses:
		return Errors{{
			Pos:  fixPos,
			Path: JoinPath(path, "fix"),
			Msg:  `needs a "check" beside it; add the command that reports problems without changing files`,
		}}
	case needsCommand(h):
		msg := `needs "run", "check" or "uses" (or an id that names a built-in, such as ruff)`
		if b := nearBuiltin(h.ID); b != "" {
			msg = fmt.Sprintf(`needs "run", "check" or "uses"; did you mean the built-in %q (id: %s)?`, b, b)
		}
		return Errors{{Pos: h.Pos, Path: path, Msg: msg}}
	}
	return nil
}

// writesWithoutRun reports "writes" on a hook without "run": a "check" never writes and a
// "fix" always may, so only "run" leaves the question open.
func writesWithoutRun(h *Hook, path string) Errors {
	pos, has := h.KeyPos["writes"]
	if _, hasRun := h.KeyPos["run"]; !has || hasRun {
		return nil
	}
	return Errors{{
		Pos:  pos,
		Path: JoinPath(path, "writes"),
		Msg:  `applies only beside "run"; a "check" never writes and a "fix" may, so remove it`,
	}}
}

// newOnlyWithoutTool reports "new_only: true" on a hook whose check is not a built-in
// tool's: only a built-in's output is parsed into findings with a file and a line, so
// on a command it could hold no line and would pass or fail exactly as without it.
func newOnlyWithoutTool(h *Hook, path string) Errors {
	pos, has := h.KeyPos["new_only"]
	if !has || !h.NewOnly {
		return nil
	}
	_, hasUses := h.KeyPos["uses"]
	builtin := hasUses && !checkCommand(h)
	msg := `needs a built-in tool ("uses") that checks by itself: a "run" or "check" command's ` +
		`output has no findings with a file and line to compare with the change`
	switch {
	case builtin && !pchooks.Has(h.Uses):
		return nil
	case builtin:
		msg = fmt.Sprintf("%s reports no findings with a file and line to compare with the change; remove it", h.Uses)
	}
	return Errors{{Pos: pos, Path: JoinPath(path, "new_only"), Msg: msg}}
}

// checkCommand reports whether h has a "check" or "run" command, which checks in place
// of its built-in's own check.
func checkCommand(h *Hook) bool {
	_, hasCheck := h.KeyPos["check"]
	_, hasRun := h.KeyPos["run"]
	return hasCheck || hasRun
}

// needsCommand reports whether h lacks any way to run.
func needsCommand(h *Hook) bool {
	for _, k := range []string{"run", "check", "uses"} {
		if _, ok := h.KeyPos[k]; ok {
			return false
		}
	}
	return true
}

// nearBuiltin is the built-in (a tool or a native hook) an id with nothing to run most
// likely meant: the same name but for case, or one edit or one swap of neighbouring
// letters away ("blakc") in a name of four letters or more. Stricter than suggest, which
// would offer pylint for a hook named lint.
func nearBuiltin(id string) string {
	in := normalize(id)
	for _, b := range slices.Concat(BuiltinNames, NativeNames()) {
		if strings.EqualFold(id, b) || len(id) >= 4 && (distance(in, normalize(b)) == 1 || swapped(in, normalize(b))) {
			return b
		}
	}
	return ""
}

// swapped reports whether a is b with two neighbouring letters swapped.
func swapped(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}
