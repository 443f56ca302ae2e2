#!/usr/bin/env bash
# The same tools by hand, side by side: hand.sh one (the staged files) or hand.sh all.
if [[ $1 == all ]]; then mapfile -t f < <(git ls-files -- 'aws_lambda_powertools/*.py')
else mapfile -t f < <(git diff --cached --name-only --diff-filter=d -- 'aws_lambda_powertools/*.py'); fi
((${#f[@]})) || exit 0
ruff check --no-fix "${f[@]}" & a=$!
black --check -q "${f[@]}" & b=$!
mypy "${f[@]}" & c=$!
rc=0; for p in $a $b $c; do wait $p || rc=1; done; exit $rc
