// Command hookrun is a fast, parallel git hook runner and lint orchestrator.
package main

import (
	"context"
	"os"
)

func main() { os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
