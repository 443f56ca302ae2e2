#!/bin/sh
# Appends a line to every file it is given that does not already end with it, and
# exits 0 all the same: a fixer whose changes alone must fail the hook.
for f in "$@"; do
  last=$(tail -n 1 "$f")
  [ "$last" = "# checked" ] || printf '# checked\n' >>"$f"
done
