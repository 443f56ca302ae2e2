#!/usr/bin/env bash
# pre-commit-hooks benchmark: `run --all` of a dozen pre-commit/pre-commit-hooks hooks
# (internal/bench/pchooks/.pre-commit-config.yaml) on real projects, environments warm,
# side by side in one hyperfine invocation per round: hookrun (native hooks, result cache
# off and on), prek (its fast path: native hooks for that repository) and pre-commit.
#
#   internal/bench/pchooks.sh [--projects powertools,pylint,schemastore] [--rounds N] [--runs N] [--warmup N] [--config FILE]
#
# --config runs another pre-commit config in place of pchooks/.pre-commit-config.yaml (say,
# only the hooks that have a native version on the branch measured).
# Projects are cloned (read only) from local bare mirrors under ${HOOKRUN_BENCH_MIRRORS:-/work/.mirror}
# at pinned commits; pre-commit-hooks itself comes from the mirror of
# github.com/pre-commit/pre-commit-hooks through git's insteadOf, so nothing is fetched from
# the network but the peers from PyPI. Everything else lives under
# ${HOOKRUN_BENCH_DIR:-/tmp/hookrun-bench}/pchooks.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
base=${HOOKRUN_BENCH_DIR:-/tmp/hookrun-bench}
mirrors=${HOOKRUN_BENCH_MIRRORS:-/work/.mirror}

# pylint (pylint-dev/pylint, 4,293 files, mostly its functional test data) is the bigger
# project; SchemaStore (4,274 files) also works, but it holds pre-commit configs among its test
# fixtures (src/test/prek/...), which prek runs as workspace projects: not the same work.
projects=powertools
rounds=3 runs=5 warmup=2 config=$here/pchooks/.pre-commit-config.yaml
while (($#)); do
	case $1 in
	--projects) projects=$2; shift ;;
	--rounds) rounds=$2; shift ;;
	--runs) runs=$2; shift ;;
	--warmup) warmup=$2; shift ;;
	--config) config=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift ;;
	-h | --help) sed -n '2,17p' "$0"; exit 0 ;;
	*) echo "pchooks.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
IFS=, read -ra projects <<<"$projects"

# shellcheck source=internal/bench/common.sh
. "$here/common.sh"
bench_dirs pchooks

unset CI GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE PRE_COMMIT SKIP HOOKRUN HOOKRUN_ACTIVE HOOKRUN_SKIP VIRTUAL_ENV
export PRE_COMMIT_HOME=$cache/home/pre-commit PREK_HOME=$cache/home/prek
export XDG_CACHE_HOME=$cache/home/cache HOOKRUN_CACHE_DIR=$cache/home/cache/hookrun

pch=$mirrors/pre-commit+pre-commit-hooks/repo
[[ -d $pch ]] || { echo "pchooks.sh: no mirror of pre-commit/pre-commit-hooks at $pch" >&2; exit 1; }
log "building hookrun"
build_hookrun "$bin/hookrun"
built=$(built_from)
venv=$cache/venv
if [[ ! -x $venv/bin/prek ]] || ! stamped "$venv" "$here/requirements.txt"; then
	log "installing pre-commit and prek into $venv"
	rm -rf "$venv" && python3 -m venv "$venv"
	"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
	stamp "$venv" "$here/requirements.txt"
fi

# A private home whose git config points the GitHub URL of pre-commit-hooks at the mirror
# (a home, not GIT_CONFIG_GLOBAL: pre-commit drops GIT_* variables before it runs git).
export HOME=$cache/home GIT_CONFIG_NOSYSTEM=1
git config --global --replace-all url."file://$pch".insteadOf https://github.com/pre-commit/pre-commit-hooks
git config --global user.name bench
git config --global user.email bench@localhost

# project NAME: sets src and commit.
project() {
	case $1 in
	powertools) src=$mirrors/aws-powertools+powertools-lambda-python/repo commit=fa1c29f2d497a7c233f06eb69d0f7ee1b187a9e4 ;;
	schemastore) src=$mirrors/SchemaStore+schemastore/repo commit=3b6446ad8a077bac56f4a4796c0b7fd88927fc8e ;;
	pylint) src=$mirrors/pylint-dev+pylint/repo commit=3a99b2d728d0c8ff5267e0c38ebad4f5ba228dac ;;
	*) echo "pchooks.sh: unknown project $1" >&2; exit 2 ;;
	esac
}

# runner_cmd RUNNER: the command line timed (no shell involved).
runner_cmd() {
	case $1 in
	hookrun) echo "$bin/hookrun run --config .pre-commit-config.yaml --all --no-cache" ;;
	hookrun-cached) echo "$bin/hookrun run --config .pre-commit-config.yaml --all" ;;
	prek) echo "$venv/bin/prek run --all-files" ;;
	pre-commit) echo "$venv/bin/pre-commit run --all-files" ;;
	esac
}
runners=(hookrun hookrun-cached prek pre-commit)

for name in "${projects[@]}"; do
	src= commit=
	project "$name"
	dir=$cache/$name
	log "$name: cloning $commit from $src"
	rm -rf "$dir"
	git clone -q --no-checkout "$src" "$dir"
	(
		cd "$dir"
		# A mirror may lack its largest blobs: check out what is there, and commit the
		# absence of the rest (SchemaStore's mirror misses 5 of 4,274 files).
		git checkout -q -b bench "$commit" 2>/dev/null || git checkout -q -B bench "$commit" 2>/dev/null || true
		missing=$(git ls-files -d | wc -l)
		if ((missing > 0)); then
			git ls-files -d -z | xargs -0 git rm -q --cached --
			git commit -q -m "bench: $missing files whose blobs the mirror lacks"
		fi
		cp "$config" .pre-commit-config.yaml
		git add .pre-commit-config.yaml
		git commit -q -m "bench config"
		# Let the fixers fix the project once, and commit that: every timed run then reads
		# every file and writes none, the state CI sees on a project that uses these hooks.
		# pre-commit, the reference, twice: a fixer listed after another may fix again.
		"$venv/bin/pre-commit" run --all-files >"$out/$name-fixup.log" 2>&1 || true
		"$venv/bin/pre-commit" run --all-files >>"$out/$name-fixup.log" 2>&1 || true
		git add -A && git commit -q -m "bench: fixers applied" || true
		files=$(git ls-files | wc -l)
		echo "$name $commit $files" >>"$out/projects.txt"
		log "$name: $files files; warming every runner and checking exit statuses"
		for r in "${runners[@]}"; do
			read -ra argv <<<"$(runner_cmd "$r")"
			rc=0
			"${argv[@]}" >"$out/$name-check-$r.log" 2>&1 || rc=$?
			echo "$name $r $rc" >>"$out/exit.txt"
			log "  $r: exit $rc"
			git diff --quiet HEAD || { echo "pchooks.sh: $r changed the $name tree" >&2; git status --short | head >&2; exit 1; }
		done
		for ((round = 1; round <= rounds; round++)); do
			log "timing $name, round $round of $rounds"
			args=()
			for ((i = 0; i < ${#runners[@]}; i++)); do
				r=${runners[(i + round - 1) % ${#runners[@]}]}
				args+=(-n "$r" "$(runner_cmd "$r")")
			done
			hyperfine -N -i --style basic --warmup "$warmup" --runs "$runs" \
				--export-json "$out/$name-$round.json" "${args[@]}" >"$out/$name-$round.txt" 2>&1 ||
				{ cat "$out/$name-$round.txt" >&2; exit 1; }
		done
	)
done

python3 - "$out" "${projects[*]}" "$built" "$config" <<'PY' | tee "$out/results.md"
import json, glob, os, statistics, sys
out, projects, built, config = sys.argv[1], sys.argv[2].split(), sys.argv[3], sys.argv[4]
files = {l.split()[0]: l.split()[2] for l in open(os.path.join(out, "projects.txt"))}
exits = {}
for l in open(os.path.join(out, "exit.txt")):
    p, r, rc = l.split()
    exits[(p, r)] = rc
print(f"hookrun {built}; medians in ms over every timed run; load {open('/proc/loadavg').read().split()[0]}")
print(f"config {config}")
print()
print("| project | files | hookrun | hookrun (result cache) | prek | pre-commit | prek/hookrun | pre-commit/hookrun |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for p in projects:
    times = {}
    for f in glob.glob(os.path.join(out, f"{p}-*.json")):
        for r in json.load(open(f))["results"]:
            times.setdefault(r["command"], []).extend(r["times"])
    m = {k: statistics.median(v) * 1000 for k, v in times.items()}
    cell = lambda r: f"{m[r]:.0f} (exit {exits[(p, r)]})"
    print(f"| {p} | {files[p]} | {cell('hookrun')} | {cell('hookrun-cached')} | {cell('prek')} | {cell('pre-commit')} | {m['prek']/m['hookrun']:.2f} | {m['pre-commit']/m['hookrun']:.2f} |")
PY
