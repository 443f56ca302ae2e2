package main

import (
	"context"
	"fmt"

	"github.com/hookrun/hookrun/internal/hookrepos"
)

// cmdClean removes every cached hook repository and environment (pre-commit clean).
func cmdClean(_ context.Context, args []string, s stdio) int {
	if code, ok := parseFlags(newFlags("clean", "clean"), args, s); !ok {
		return code
	}
	dir, err := hookrepos.Clean(hookrepos.Options{Env: s.env.environ})
	if err != nil {
		s.errorf("clean: %v", err)
		return exitEnvironment
	}
	fmt.Fprintf(s.out, "Cleaned %s.\n", dir)
	return exitOK
}
