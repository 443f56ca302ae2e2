package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/engine"
)

// cmdList prints the hooks of the config with their stages, and the files each would get
// in the run the same flags would start.
func cmdList(ctx context.Context, args []string, s stdio) int {
	req, code, ok := parseRunRequest("list", "list [ID...] [run's file flags]", args, s)
	if !ok {
		return code
	}
	repo, proj, code := openProject(ctx, &req, s)
	if proj == nil {
		return code
	}
	cfg, hs := proj.cfg, proj.hooks
	files, v, err := engine.List(ctx, repo, req.files(), false)
	if err != nil {
		s.errorf("%v", err)
		return exitCode(v)
	}
	_, sel := selectHooks(ctx, false, repo, cfg, hs, files, req, s)
	picked := map[*hooks.Hook]hooks.Selection{}
	for _, sl := range sel {
		picked[sl.Hook] = sl
	}
	for _, h := range hs {
		sl, ok := picked[h]
		if !ok && len(req.ids) > 0 {
			continue // `hookrun list ID...` lists those hooks only
		}
		stages := make([]string, len(h.Stages))
		for i, st := range h.Stages {
			stages[i] = string(st)
		}
		pos := h.Pos
		pos.File = displayName(pos.File, repo.Root)
		fmt.Fprintf(s.out, "%s\t%s\t%s\n", h.ID, strings.Join(stages, ","), pos)
		switch {
		case proj.unknown[h] != "":
			fmt.Fprintf(s.out, "\t(%s)\n", proj.unknown[h])
			continue
		case !ok:
			fmt.Fprintf(s.out, "\t(not in stage %s)\n", req.stage)
		case sl.Skip != "":
			fmt.Fprintf(s.out, "\t(%s)\n", sl.Skip)
		}
		for _, file := range sl.Files {
			fmt.Fprintf(s.out, "\t%s\n", file)
		}
	}
	return exitOK
}
