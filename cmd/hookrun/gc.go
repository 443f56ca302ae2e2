package main

import (
	"context"
	"fmt"

	"github.com/hookrun/hookrun/internal/hookrepos"
)

// cmdGC removes the cached hook repositories and environments that no pre-commit config
// run on this machine uses any more (pre-commit gc).
func cmdGC(_ context.Context, args []string, s stdio) int {
	if code, ok := parseFlags(newFlags("gc", "gc"), args, s); !ok {
		return code
	}
	c, err := hookrepos.GC(hookrepos.Options{Env: s.env.environ})
	fmt.Fprintln(s.out, c)
	if err != nil {
		s.errorf("gc: %v", err)
		return exitEnvironment
	}
	return exitOK
}
