package main

import (
	"context"
	"io"

	"github.com/hookrun/hookrun/config/precommit"
)

// cmdSampleConfig prints a sample .pre-commit-config.yaml (pre-commit sample-config).
func cmdSampleConfig(_ context.Context, args []string, s stdio) int {
	if code, ok := parseFlags(newFlags("sample-config", "sample-config"), args, s); !ok {
		return code
	}
	_, _ = io.WriteString(s.out, precommit.SampleConfig) // a closed pipe is the reader's choice
	return exitOK
}
