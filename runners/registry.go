// Package runners is hookrun's knowledge of the tools of its three ecosystems: the table
// of built-ins (registry.go), how changed files become invocations (Plan), where a tool
// is installed (Locate), running one invocation and judging it (Run), and the zero-config
// defaults (Detect, InitConfig). The tools themselves are declared in runners/golang,
// runners/python and runners/node; runners/command runs user-written commands.
//
// The order of use is: Lookup (config time) -> Plan (changed files) -> Locate (before
// any job starts, so a missing tool is reported up front) -> Run (per invocation).
package runners

import (
	"slices"

	"github.com/hookrun/hookrun/runners/golang"
	"github.com/hookrun/hookrun/runners/node"
	"github.com/hookrun/hookrun/runners/python"
	"github.com/hookrun/hookrun/runners/tool"
)

// Tool is a built-in's declaration; see runners/tool.
type Tool = tool.Tool

// Unit is a tool's unit of work; see runners/tool.
type Unit = tool.Unit

// The units of work, re-exported for callers of this package.
const (
	PerFile       = tool.PerFile
	PerPackageDir = tool.PerPackageDir
	PerProject    = tool.PerProject
	WholeProject  = tool.WholeProject
)

// builtins is the table of built-ins, in catalog order: Go, Python, Node. It is built
// once and never written to; Lookup hands out copies.
var builtins = slices.Concat(golang.Tools(), python.Tools(), node.Tools())

// Lookup returns a copy of the built-in named name, which the caller may change (to
// apply a user's args, files, exclude, root, serial) without affecting anyone else.
func Lookup(name string) (*Tool, bool) {
	for _, t := range builtins {
		if t.Name == name {
			return clone(t), true
		}
	}
	return nil, false
}

// Names lists the built-ins in catalog order.
func Names() []string {
	names := make([]string, len(builtins))
	for i, t := range builtins {
		names[i] = t.Name
	}
	return names
}

func clone(t *Tool) *Tool {
	c := *t
	c.Files = slices.Clone(t.Files)
	c.Exclude = slices.Clone(t.Exclude)
	c.Types = slices.Clone(t.Types)
	c.RootMarkers = slices.Clone(t.RootMarkers)
	c.Find = slices.Clone(t.Find)
	c.Check = slices.Clone(t.Check)
	c.Fix = slices.Clone(t.Fix)
	c.Version = slices.Clone(t.Version)
	return &c
}
