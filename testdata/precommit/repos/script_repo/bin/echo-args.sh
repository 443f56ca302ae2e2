#!/bin/sh
# Prints each argument on its own line and passes.
for a in "$@"; do echo "arg: $a"; done
echo "echo-args saw $# argument(s)"
