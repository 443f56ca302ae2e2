package config

import "github.com/hookrun/hookrun/internal/shell"

// ignoredFilesMsg is the warning for a script that is given files and never reads them.
const ignoredFilesMsg = `warning: this script never reads the files it is given ("$@"); it runs once ` +
	`with them as arguments it ignores; use "$@" or set pass_files: false`

// Warnings returns what is likely wrong in a valid file but does not stop a run, each
// with its position and key path, its message starting with "warning: ". Today that is
// a run, check or fix script of several lines, in a hook that passes files, that never
// reads its positional parameters (see shell.IgnoresArgs): a one-line command gets "$@"
// appended, a script does not, so its files are silently dropped. A hook's index in the
// path is its place in the merged list, which is its place in hookrun.yaml unless the
// local file added it.
func Warnings(f *File) []*Error {
	var ws Errors
	for i := range f.Hooks {
		h := &f.Hooks[i]
		if h.Uses != "" || h.PassFiles != nil && !*h.PassFiles {
			continue
		}
		for _, k := range []struct{ key, cmd string }{{"run", h.Run}, {"check", h.Check}, {"fix", h.Fix}} {
			if k.cmd != "" && shell.IgnoresArgs(k.cmd) {
				ws = append(ws, &Error{
					Pos:  h.KeyPos[k.key],
					Path: JoinPath(IndexPath("hooks", i), k.key),
					Msg:  ignoredFilesMsg,
				})
			}
		}
	}
	sortErrors(ws)
	return ws
}
