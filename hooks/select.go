package hooks

import (
	"slices"
	"strings"
)

// TagsFunc returns whether the repo-relative path p has every tag in want.
type TagsFunc func(p string, want []string) bool

// Selection is a hook picked for a run with the files it gets (repo-relative, sorted).
// Skip, when set, says why the hook does not run.
type Selection struct {
	Hook  *Hook
	Files []string
	Skip  string
}

// SelectOptions narrows which hooks run.
type SelectOptions struct {
	Stage   Stage
	IDs     []string          // run only these hooks (empty: all)
	Skipped map[string]string // id or alias -> the variable naming it (HOOKRUN_SKIP, SKIP)
	Exclude []string          // global excludes
	Tags    TagsFunc
	// TagsAt, when set, answers as Tags does for files[i], i an index into the files
	// given to Select: the caller may keep tags by index rather than look each path up.
	TagsAt func(i int, want []string) bool
	// Linked reports whether the repo-relative path p is a symbolic link, or lies below
	// one, in the work tree. Such a path goes only to a hook whose types ask for symlinks
	// (pre-commit's implicit `types: [file]` never does): a fixer given one would write
	// through it, out of the repository. Nil: no path is.
	Linked func(p string) bool
	// Prepare, when set, is called once before any call of Tags with every path Tags
	// will be asked about (each once, in the order of files), so that the caller may
	// work out their tags together (say, in parallel).
	Prepare func(paths []string)
}

// Select picks the hooks of a stage and the files each one gets, in config order.
// files must be sorted; each hook's Files keep that order.
func Select(hs []*Hook, files []string, o SelectOptions) []Selection {
	files, given := o.kept(files)
	tags := o.tagsOf(files, given)
	var out []Selection
	var picked [][]int                // by path: the files each hook of out that runs matches
	typed := make([]bool, len(files)) // the files Tags will be asked about
	for _, h := range hs {
		if !o.picks(h) {
			continue
		}
		s := Selection{Hook: h}
		by := o.Skipped[h.ID]
		if by == "" && h.Alias != "" {
			by = o.Skipped[h.Alias]
		}
		var byPath []int
		if by != "" {
			s.Skip = "skipped by " + by
		} else {
			var mark []bool
			if len(h.Match.Types) > 0 && tags != nil {
				mark = typed
			}
			byPath = filesByPath(h, files, mark)
		}
		out = append(out, s)
		picked = append(picked, byPath)
	}
	o.prepare(files, typed)
	a := answers{files: files, tags: tags, isLinked: o.Linked, has: map[string][]told{}, linked: make([]told, len(files))}
	for i := range out {
		s := &out[i]
		if s.Skip != "" {
			continue
		}
		s.Files = a.filesFor(s.Hook, picked[i])
		if len(s.Files) == 0 && !s.Hook.AlwaysRun {
			s.Skip = "no files to check"
		}
	}
	return out
}

// kept is files without those the global excludes name, and the index in files of each
// kept one (nil when all are kept).
func (o *SelectOptions) kept(files []string) ([]string, []int) {
	if len(o.Exclude) == 0 {
		return files, nil
	}
	kept := make([]string, 0, len(files))
	var given []int
	for i, f := range files {
		if !MatchAny(o.Exclude, f) {
			kept = append(kept, f)
			given = append(given, i)
		}
	}
	return kept, given
}

// tagsOf is the question Tags, or TagsAt when set, answers for files[i], files being
// those kept of the ones given to Select (given: the index of each among those, nil
// when all were kept). Nil when neither is set.
func (o *SelectOptions) tagsOf(files []string, given []int) func(i int, want []string) bool {
	switch {
	case o.TagsAt != nil && given != nil:
		return func(i int, want []string) bool { return o.TagsAt(given[i], want) }
	case o.TagsAt != nil:
		return o.TagsAt
	case o.Tags != nil:
		return func(i int, want []string) bool { return o.Tags(files[i], want) }
	}
	return nil
}

// prepare calls Prepare, if set, with the files[i] whose typed[i] is set, if any.
func (o *SelectOptions) prepare(files []string, typed []bool) {
	if o.Prepare == nil {
		return
	}
	var paths []string
	for i, f := range files {
		if typed[i] {
			paths = append(paths, f)
		}
	}
	if len(paths) > 0 {
		o.Prepare(paths)
	}
}

// filesByPath returns the indexes in files of those h matches by path (its root, files
// and exclude), and sets mark[i] (when mark is not nil) for each.
func filesByPath(h *Hook, files []string, mark []bool) []int {
	var out []int
	prefix := ""
	if h.Root != "" {
		prefix = h.Root + "/"
	}
	for i, f := range files {
		rel, ok := strings.CutPrefix(f, prefix)
		if ok && h.Match.MatchPath(rel) {
			out = append(out, i)
			if mark != nil {
				mark[i] = true
			}
		}
	}
	return out
}

// answers keeps, per file of a selection, what Tags and Linked said of it, so that the
// dozen hooks that ask the same of the same files (types: [text], say) ask each once.
type answers struct {
	files    []string
	tags     func(i int, want []string) bool // SelectOptions.tagsOf
	isLinked func(p string) bool             // SelectOptions.Linked
	has      map[string][]told               // by the hook's types, joined: whether files[i] has them
	linked   []told
}

// told is what a question about a file was answered, once asked.
type told uint8

const (
	notAsked told = iota
	toldYes
	toldNo
)

// filesFor returns those of files[idx...] (which h matches by path) that have h's types
// and are no symbolic link unless h takes them.
func (a *answers) filesFor(h *Hook, idx []int) []string {
	var has []told
	if len(h.Match.Types) > 0 {
		if a.tags == nil {
			return nil
		}
		key := strings.Join(h.Match.Types, "\x00")
		if has = a.has[key]; has == nil {
			has = make([]told, len(a.files))
			a.has[key] = has
		}
	}
	linked := a.linked
	if a.isLinked == nil || TakesSymlinks(h.Match.Types) {
		linked = nil
	}
	out := make([]string, 0, len(idx))
	for _, i := range idx {
		f := a.files[i]
		if has != nil && !ask(&has[i], func() bool { return a.tags(i, h.Match.Types) }) {
			continue
		}
		if linked != nil && ask(&linked[i], func() bool { return a.isLinked(f) }) {
			continue
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ask returns *v, working it out with f the first time.
func ask(v *told, f func() bool) bool {
	if *v == notAsked {
		*v = toldNo
		if f() {
			*v = toldYes
		}
	}
	return *v == toldYes
}

// TakesSymlinks reports whether types (tag terms, see Matcher.Types) ask for symbolic
// links: a term names the symlink tag, alone or among alternatives (`a|symlink`).
func TakesSymlinks(types []string) bool {
	for _, t := range types {
		if slices.Contains(strings.Split(t, "|"), "symlink") {
			return true
		}
	}
	return false
}

// picks reports whether h runs: named by id or alias, or, when no hook is named, in the stage.
func (o *SelectOptions) picks(h *Hook) bool {
	if len(o.IDs) == 0 {
		return h.HasStage(o.Stage)
	}
	return slices.Contains(o.IDs, h.ID) || h.Alias != "" && slices.Contains(o.IDs, h.Alias)
}

// SkipVars are the variables that skip hooks by id or alias: hookrun's, then pre-commit's.
var SkipVars = []string{"HOOKRUN_SKIP", "SKIP"}

// SkippedIDs reads SkipVars (comma-separated ids or aliases) through getenv, which
// returns a variable's value ("" when unset), mapping each id to the variable that names
// it, so that a skip says which one did.
func SkippedIDs(getenv func(key string) string) map[string]string {
	m := map[string]string{}
	for _, name := range SkipVars {
		for _, id := range strings.Split(getenv(name), ",") {
			if id = strings.TrimSpace(id); id != "" && m[id] == "" {
				m[id] = name
			}
		}
	}
	return m
}
