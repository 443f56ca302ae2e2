#!/usr/bin/env bash
# Real-project benchmark: hookrun's built-ins, hookrun on an equivalent .pre-commit-config.yaml,
# prek, pre-commit, lefthook and the same tools started by hand side by side, on public projects
# at pinned commits with pinned tools. See internal/bench/README.md ("Real projects").
#
#   internal/bench/real.sh [--projects powertools,graphql-js,lefthook] [--scenarios one,all]
#                          [--runners hand,hookrun,hookrun-pc,prek,pre-commit,lefthook]
#                          [--rounds N] [--runs N] [--warmup N] [--all-rounds N]
#
# Everything it clones, installs or writes lives under ${HOOKRUN_BENCH_DIR:-/tmp/hookrun-bench}/real.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
base=${HOOKRUN_BENCH_DIR:-/tmp/hookrun-bench}

projects=powertools,graphql-js,lefthook
scenarios=one,all
runners=hand,hookrun,hookrun-pc,prek,pre-commit,lefthook
rounds=3     # hyperfine invocations per project for the one-file commit, runners rotated
runs=5       # timed runs per runner per round
warmup=2     # warm-up runs per runner per round
all_rounds=1 # cold-then-unchanged pairs per runner for --all
while (($#)); do
	case $1 in
	--projects) projects=$2; shift ;;
	--scenarios) scenarios=$2; shift ;;
	--runners) runners=$2; shift ;;
	--rounds) rounds=$2; shift ;;
	--runs) runs=$2; shift ;;
	--warmup) warmup=$2; shift ;;
	--all-rounds) all_rounds=$2; shift ;;
	-h | --help) sed -n '2,10p' "$0"; exit 0 ;;
	*) echo "real.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
IFS=, read -ra projects <<<"$projects"
IFS=, read -ra scenarios <<<"$scenarios"
IFS=, read -ra runners <<<"$runners"
has() { [[ " ${scenarios[*]} " == *" $1 "* ]]; }

case $base in *[[:space:]\'\"\\]*) echo "real.sh: HOOKRUN_BENCH_DIR must not contain spaces or quotes" >&2; exit 2 ;; esac
# shellcheck source=internal/bench/common.sh
. "$here/common.sh"
bench_dirs real

unset CI GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE PRE_COMMIT SKIP LEFTHOOK LEFTHOOK_QUIET HOOKRUN HOOKRUN_ACTIVE HOOKRUN_SKIP VIRTUAL_ENV
# Every tool's cache under one directory, so "cold" can empty them all: black's, ruff's
# user cache, Go's build cache (go vet's results), golangci-lint's, and hookrun's.
export XDG_CACHE_HOME=$cache/home/cache
export HOOKRUN_CACHE_DIR=$XDG_CACHE_HOME/hookrun
export GOCACHE=$XDG_CACHE_HOME/go-build GOLANGCI_LINT_CACHE=$XDG_CACHE_HOME/golangci-lint
export GOFLAGS=-modcacherw
export PRE_COMMIT_HOME=$cache/home/pre-commit PREK_HOME=$cache/home/prek

# ---------------------------------------------------------------------------- tools
log "building hookrun and golangci-lint (go.mod's tool line)"
build_hookrun "$bin/hookrun"
(cd "$root" && go build -o "$bin/" github.com/golangci/golangci-lint/v2/cmd/golangci-lint)
built=$(built_from)

venv=$cache/venv
if ! stamped "$venv" "$here/requirements.txt" "$here/real/requirements.txt"; then
	log "installing ruff, black, mypy, pre-commit and prek into $venv"
	rm -rf "$venv" && python3 -m venv "$venv"
	"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt" -r "$here/real/requirements.txt"
	stamp "$venv" "$here/requirements.txt" "$here/real/requirements.txt"
fi
if ! stamped "$cache/npm" "$here/package.json" "$here/package-lock.json"; then
	log "installing lefthook into $cache/npm"
	rm -rf "$cache/npm" && mkdir -p "$cache/npm"
	cp "$here/package.json" "$here/package-lock.json" "$cache/npm/"
	(cd "$cache/npm" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	stamp "$cache/npm" "$here/package.json" "$here/package-lock.json"
fi
lefthook=
for f in "$cache"/npm/node_modules/lefthook-*/bin/lefthook; do [[ -x $f ]] && lefthook=$f && break; done
[[ -n $lefthook ]] || { echo "real.sh: no lefthook platform binary under $cache/npm" >&2; exit 1; }
export PATH=$venv/bin:$bin:$PATH

# ---------------------------------------------------------------------------- projects
# prepare_project NAME: clone the project from its local bare mirror (read only) at the
# pinned commit into $cache/NAME, and commit the bench's configs on a branch "bench" there
# (pre-commit refuses an uncommitted config). The mirror is never written to.
prepare_project() {
	local name=$1 dir=$cache/$1 conf=$here/real/$1
	# shellcheck source=/dev/null
	(
		src= commit= remove=()
		setup() { :; }
		. "$conf/project.sh"
		want=$(cat "$conf"/* "$conf"/.pre-commit-config.yaml | sha256sum | cut -d' ' -f1)
		if [[ -d $dir/.git && "$(git -C "$dir" config hookrun-bench.stamp)" == "$want" ]]; then
			git -C "$dir" reset -q --hard bench
			return
		fi
		log "cloning $name at $commit from $src"
		rm -rf "$dir"
		git clone -q --no-checkout "$src" "$dir"
		cd "$dir"
		git checkout -q -b bench "$commit"
		((${#remove[@]} == 0)) || git rm -q -- "${remove[@]}"
		cp "$conf/hookrun.yaml" "$conf/.pre-commit-config.yaml" "$conf/lefthook.yml" .
		cp "$conf/hand.sh" .bench-hand.sh
		git add hookrun.yaml .pre-commit-config.yaml lefthook.yml .bench-hand.sh
		git -c user.name=bench -c user.email=bench@localhost commit -q -m "hookrun bench configs"
		log "setting up $name"
		setup
		git config hookrun-bench.stamp "$want"
	)
}

# runner_cmd RUNNER SCENARIO PROJECT_DIR: the command line timed (no shell involved).
runner_cmd() {
	local all= dir=$3
	[[ $2 == all ]] && all=1
	case $1 in
	hand) echo "bash $dir/.bench-hand.sh $2" ;;
	hookrun) echo "$bin/hookrun run${all:+ --all --check}" ;;
	hookrun-pc) echo "$bin/hookrun run --config .pre-commit-config.yaml${all:+ --all}" ;;
	prek) echo "$venv/bin/prek run${all:+ --all-files}" ;;
	pre-commit) echo "$venv/bin/pre-commit run${all:+ --all-files}" ;;
	lefthook) echo "$lefthook run pre-commit --no-auto-install${all:+ --all-files}" ;;
	esac
}

# The edit of a one-file commit: the file as committed plus one comment line that differs on
# every run (so no cache of results can answer for a commit it has not seen), staged.
cat >"$bin/bench-edit" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
comment=//
[[ $1 == *.py ]] && comment='#'
git show "HEAD:$1" >"$1"
# gofmt wants a blank line between a closing brace and a comment after it.
[[ $1 == *.go ]] && echo >>"$1"
printf '%s Bench edit %s.\n' "$comment" "$(date +%s%N)" >>"$1"
git add -- "$1"
EOF
chmod +x "$bin/bench-edit"

# clear_caches: every tool cache of the project and of the tools ("cold").
clear_caches() {
	local c
	rm -rf "$XDG_CACHE_HOME"
	for c in "${caches[@]}"; do rm -rf "${c:?}"; done
	rm -rf "$(git rev-parse --git-common-dir)"/hookrun*
}

# run_once RUNNER SCENARIO LOG: run it once, print "exit-status milliseconds".
run_once() {
	local argv t0 t1 rc=0
	read -ra argv <<<"$(runner_cmd "$1" "$2" "$PWD")"
	t0=$(date +%s%N)
	"${argv[@]}" >"$3" 2>&1 || rc=$?
	t1=$(date +%s%N)
	echo "$rc $(((t1 - t0) / 1000))" | awk '{ printf "%d %.1f\n", $1, $2 / 1000 }'
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for name in "${projects[@]}"; do
	prepare_project "$name"
	(
		caches=() edit=
		setup() { :; }
		# shellcheck source=/dev/null
		. "$here/real/$name/project.sh"
		cd "$cache/$name"
		export PATH=$PWD/node_modules/.bin:$PATH

		if has one; then
			# Check: every runner once on the edit; its exit status must be the tools' own.
			bench-edit() { "$bin/bench-edit" "$edit"; }
			log "$name/one: warming the caches and checking exit statuses"
			for r in "${runners[@]}"; do
				bench-edit
				read -r rc ms < <(run_once "$r" one "$out/check-$name-one-$r.log")
				echo "$name one $r $rc" >>"$out/exit.txt"
				log "  $r: exit $rc, ${ms} ms"
			done
			for ((round = 1; round <= rounds; round++)); do
				log "timing $name/one, round $round of $rounds"
				args=()
				for ((i = 0; i < ${#runners[@]}; i++)); do
					r=${runners[(i + round - 1) % ${#runners[@]}]}
					args+=(-n "$r" --prepare "$bin/bench-edit $edit" "$(runner_cmd "$r" one "$PWD")")
				done
				sync
				res=$out/$name-one-$round
				hyperfine -N -i --style basic --warmup "$warmup" --runs "$runs" \
					--export-json "$res.json" "${args[@]}" >"$res.txt" 2>&1 ||
					{ cat "$res.txt" >&2; exit 1; }
			done
			git reset -q --hard bench
		fi

		if has all; then
			# Per runner: every cache emptied, then --all (cold), then --all again (unchanged).
			for ((round = 1; round <= all_rounds; round++)); do
				for ((i = 0; i < ${#runners[@]}; i++)); do
					r=${runners[(i + round - 1) % ${#runners[@]}]}
					git reset -q --hard bench
					clear_caches
					sync
					read -r rc1 ms1 < <(run_once "$r" all "$out/$name-all-$r-$round-cold.log")
					read -r rc2 ms2 < <(run_once "$r" all "$out/$name-all-$r-$round-unchanged.log")
					echo "$name all $r $rc1 $rc2" >>"$out/exit.txt"
					echo "{\"project\":\"$name\",\"runner\":\"$r\",\"round\":$round,\"cold\":$ms1,\"unchanged\":$ms2,\"exit\":[$rc1,$rc2]}" >>"$out/all.jsonl"
					log "$name/all $r: cold ${ms1} ms (exit $rc1), unchanged ${ms2} ms (exit $rc2)"
					git diff --quiet HEAD || { echo "real.sh: $r changed the $name tree under --all" >&2; git status --short >&2; exit 1; }
				done
			done
		fi
	)
done

# ---------------------------------------------------------------------------- report
python3 - "$out" "${runners[*]}" "${projects[*]}" "${scenarios[*]}" "$rounds" >"$out/results.md" <<'EOF'
import json, os, statistics, sys
out, runners, projects, scenarios, rounds = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4].split(), int(sys.argv[5])
peers = [r for r in runners if r in ("prek", "pre-commit", "lefthook")]
exits = {}
for line in open(os.path.join(out, "exit.txt")):
    f = line.split()
    exits.setdefault((f[0], f[1]), {})[f[2]] = " ".join(f[3:])

def ratios(v):
    cells = []
    if "hookrun" in v and "hand" in v: cells.append(f"{v['hookrun'] / v['hand']:.2f}")
    if "hookrun" in v and peers:
        best = min(peers, key=lambda r: v[r])
        cells.append(f"{v['hookrun'] / v[best]:.2f} ({best})")
    return cells

head = ["project", "scenario"] + [f"{r}" for r in runners] + ["hookrun / hand", "hookrun / fastest peer"]
if "one" in scenarios:
    print("### One-file commit, caches warm: median ms\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for p in projects:
        t = {}
        for r in range(1, rounds + 1):
            with open(os.path.join(out, f"{p}-one-{r}.json")) as f:
                for res in json.load(f)["results"]:
                    t.setdefault(res["command"], []).extend(x * 1000 for x in res["times"])
        v = {k: statistics.median(x) for k, x in t.items()}
        print("| " + " | ".join([p, "one"] + [f"{v[r]:,.0f}" for r in runners] + ratios(v)) + " |")
    print()
if "all" in scenarios:
    rows = [json.loads(l) for l in open(os.path.join(out, "all.jsonl"))]
    print("### `--all`: cold (every cache emptied), then unchanged: median ms\n")
    print("| " + " | ".join(head + ["hookrun cold / unchanged"]) + " |")
    print("|" + "---|" * (len(head) + 1))
    for p in projects:
        for kind in ("cold", "unchanged"):
            v = {r: statistics.median(x[kind] for x in rows if x["project"] == p and x["runner"] == r) for r in runners}
            extra = [""]
            if kind == "unchanged" and "hookrun" in v:
                cold = statistics.median(x["cold"] for x in rows if x["project"] == p and x["runner"] == "hookrun")
                extra = [f"{cold / v['hookrun']:.1f}×"]
            print("| " + " | ".join([p, kind] + [f"{v[r]:,.0f}" for r in runners] + ratios(v) + extra) + " |")
    print()
print("Exit statuses (each runner must exit as the tools by hand do):\n")
for (p, sc), e in exits.items():
    same = all(x == e.get("hand", x) for x in e.values())
    print(f"- {p} {sc}: " + ", ".join(f"{r} {s}" for r, s in e.items()) + ("" if same else "  **MISMATCH**"))
print()
EOF
{
	! has one || echo "One-file commit: $rounds round(s) of $runs timed runs per runner after $warmup warm-up runs."
	! has all || echo "--all: $all_rounds cold-then-unchanged pair(s) per runner."
	echo "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d);"
	echo "$(git --version), $(go version | cut -d' ' -f3), node $(node --version), $("$venv/bin/python" --version); raw results: $out"
	echo "hookrun built from $built;"
	echo "$("$venv/bin/prek" --version), $("$venv/bin/pre-commit" --version), lefthook $("$lefthook" version);"
	echo "$("$venv/bin/ruff" --version), $("$venv/bin/black" --version | head -1), $("$venv/bin/mypy" --version), $("$bin/golangci-lint" version --short 2>/dev/null || true)."
} >>"$out/results.md"
cat "$out/results.md"
