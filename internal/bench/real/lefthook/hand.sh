#!/usr/bin/env bash
# The same tools by hand, side by side: hand.sh one (the staged files) or hand.sh all.
if [[ $1 == all ]]; then mapfile -t f < <(git ls-files -- '*.go')
else mapfile -t f < <(git diff --cached --name-only --diff-filter=d -- '*.go'); fi
((${#f[@]})) || exit 0
mapfile -t p < <(for x in "${f[@]}"; do dirname "$x"; done | sort -u | sed s,^,./,)
test -z "$(gofmt -l "${f[@]}")" & a=$!
go vet "${p[@]}" & b=$!
golangci-lint run "${p[@]}" & c=$!
rc=0; for x in $a $b $c; do wait $x || rc=1; done; exit $rc
