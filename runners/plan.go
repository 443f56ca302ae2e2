package runners

import (
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Invocation is one run of a tool: where it runs and what it is given.
type Invocation struct {
	Tool *Tool
	// Dir is the working directory, repo-relative ("." is the root): the project root
	// found from the tool's markers, or the tool's fixed Root.
	Dir string
	// Files are the changed files (repo-relative, sorted) this run covers: for PerFile
	// and PerProject tools exactly the ones in Args. Deleted files are never in it.
	Files []string
	// Args are the targets relative to Dir: files (PerFile, PerProject), package
	// directories like "./a" (PerPackageDir), or nothing (WholeProject). For PerFile
	// tools Args[i] names Files[i], so a batch is any range of both.
	Args []string
	// Cache is the absolute path, less the extension, of the file this run's tool keeps
	// its own cache in (Tool.Cache), under hookrun's cache directory; "" runs the tool
	// without hookrun's cache.
	Cache string
	// Lead are arguments before the tool's own flags: its daemon client's, when the
	// hook runs the tool through its daemon (Tool.UseDaemon).
	Lead []string
}

// Covers reports whether the repo-relative path p is one of the invocation's changed
// files: project-wide tools (tsc, mypy) report on files beyond those.
func (inv *Invocation) Covers(p string) bool {
	_, ok := slices.BinarySearch(inv.Files, p)
	return ok
}

// Plan groups changed files (repo-relative, slash-separated, already matched against the
// tool's globs) into invocations, one per project root, sorted by Dir. fsys is the
// repository (os.DirFS(root)): it tells which files still exist and where the root
// markers are. Deleted files are dropped, and so are files a NeedMarker tool finds no
// marker for; an invocation is never empty (no tool ever falls back to scanning
// everything or reading stdin), except that a WholeProject tool runs for a project
// whose only change was a deletion. A PerPackageDir tool gets the directories of the
// changed .go files that still hold a .go file, all of one module in one invocation.
func Plan(t *Tool, fsys fs.FS, files []string) []Invocation {
	p := planner{t: t, fsys: fsys, markers: map[string]bool{}, goDirs: map[string]bool{}, groups: map[string]*Invocation{}}
	for _, f := range files {
		p.add(f)
	}
	return p.result()
}

type planner struct {
	t       *Tool
	fsys    fs.FS
	markers map[string]bool // "dir/marker" -> exists
	goDirs  map[string]bool // package dir -> holds a .go file
	groups  map[string]*Invocation
}

func (p *planner) add(f string) {
	exists := isFile(p.fsys, f)
	if !exists && p.t.Unit != WholeProject && p.t.Unit != PerPackageDir {
		return
	}
	dir, ok := p.root(path.Dir(f))
	if !ok {
		return
	}
	g := p.group(dir)
	if exists {
		g.Files = append(g.Files, f)
	}
	if pkg := path.Dir(f); p.t.Unit == PerPackageDir && p.hasGoFiles(pkg) {
		g.Args = append(g.Args, packageArg(relTo(dir, pkg)))
	}
}

func (p *planner) group(dir string) *Invocation {
	g := p.groups[dir]
	if g == nil {
		g = &Invocation{Tool: p.t, Dir: dir}
		p.groups[dir] = g
	}
	return g
}

// root is the working directory for files in dir: the tool's fixed Root, else the
// nearest directory at or above dir holding a marker, else the repository root (or
// nothing, for a NeedMarker tool).
func (p *planner) root(dir string) (string, bool) {
	if p.t.Root != "" {
		root := path.Clean(p.t.Root)
		return root, root == "." || dir == root || strings.HasPrefix(dir, root+"/")
	}
	for d := dir; ; d = path.Dir(d) {
		for _, m := range p.t.RootMarkers {
			if p.hasMarker(d, m) {
				return d, true
			}
		}
		if d == "." || d == "/" {
			return ".", !p.t.NeedMarker
		}
	}
}

func (p *planner) hasMarker(dir, marker string) bool {
	key := path.Join(dir, marker)
	found, seen := p.markers[key]
	if !seen {
		found = isFile(p.fsys, key)
		p.markers[key] = found
	}
	return found
}

func (p *planner) result() []Invocation {
	out := make([]Invocation, 0, len(p.groups))
	for _, g := range p.groups {
		slices.Sort(g.Files)
		g.Files = slices.Compact(g.Files)
		if p.t.Unit == PerPackageDir {
			slices.Sort(g.Args)
			g.Args = slices.Compact(g.Args)
		} else {
			g.Args = nil
			for _, f := range g.Files {
				if p.t.Unit != WholeProject {
					g.Args = append(g.Args, target(relTo(g.Dir, f)))
				}
			}
		}
		if len(g.Args) == 0 && p.t.Unit != WholeProject {
			continue
		}
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b Invocation) int { return strings.Compare(a.Dir, b.Dir) })
	return out
}

// relTo is p relative to dir; p is inside dir (dir is "." or an ancestor of p).
func relTo(dir, p string) string {
	if dir == "." {
		return p
	}
	if p == dir {
		return "."
	}
	return strings.TrimPrefix(p, dir+"/")
}

// target makes a file argument that no tool can take for a flag.
func target(rel string) string {
	if strings.HasPrefix(rel, "-") {
		return "./" + rel
	}
	return rel
}

// packageArg is a Go package pattern for a directory relative to the module root.
func packageArg(rel string) string {
	if rel == "." {
		return "."
	}
	return "./" + rel
}

func isFile(fsys fs.FS, name string) bool {
	fi, err := fs.Stat(fsys, name)
	return err == nil && !fi.IsDir()
}

// hasGoFiles reports whether dir still holds a .go file: go vet and staticcheck fail on
// a directory that is gone or empty.
func (p *planner) hasGoFiles(dir string) bool {
	has, seen := p.goDirs[dir]
	if !seen {
		entries, _ := fs.ReadDir(p.fsys, dir) // a missing dir has no entries
		has = slices.ContainsFunc(entries, func(e fs.DirEntry) bool {
			return !e.IsDir() && strings.HasSuffix(e.Name(), ".go")
		})
		p.goDirs[dir] = has
	}
	return has
}
