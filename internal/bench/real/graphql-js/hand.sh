#!/usr/bin/env bash
# The same tools by hand, side by side: hand.sh one (the staged files) or hand.sh all.
if [[ $1 == all ]]; then mapfile -t f < <(git ls-files -- 'src/*.ts')
else mapfile -t f < <(git diff --cached --name-only --diff-filter=d -- 'src/*.ts'); fi
((${#f[@]})) || exit 0
eslint "${f[@]}" & a=$!
prettier --list-different "${f[@]}" & b=$!
tsc -p tsconfig.json --noEmit & c=$!
rc=0; for p in $a $b $c; do wait $p || rc=1; done; exit $rc
