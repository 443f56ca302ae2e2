#!/usr/bin/env bash
# Whole-run benchmark: hookrun against pre-commit, prek, lefthook and a zero-overhead floor,
# side by side in one hyperfine invocation per repository size and scenario.
# See internal/bench/README.md.
#
#   internal/bench/run.sh [--quick] [--sizes 50,2000,20000] [--scenarios one,thousand,all,partial]
#                         [--tools hookrun,pre-commit,prek,lefthook,floor]
#                         [--rounds N] [--runs N] [--warmup N]
#
# Everything it builds, installs or generates lives under ${HOOKRUN_BENCH_DIR:-/tmp/hookrun-bench}.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=internal/bench/common.sh
. "$here/common.sh" # build_hookrun
cache=${HOOKRUN_BENCH_DIR:-/tmp/hookrun-bench}

sizes=50,2000,20000
scenarios=one,thousand,all,partial
tools=hookrun,pre-commit,prek,lefthook,floor
rounds=3 # hyperfine invocations per case, each with the tools in a rotated order
runs=5   # timed runs of each tool per round
warmup=2 # warm-up runs of each tool per round
while (($#)); do
	case $1 in
	--quick) sizes=50,2000 rounds=1 ;;
	--sizes) sizes=$2; shift ;;
	--scenarios) scenarios=$2; shift ;;
	--tools) tools=$2; shift ;;
	--rounds) rounds=$2; shift ;;
	--runs) runs=$2; shift ;;
	--warmup) warmup=$2; shift ;;
	-h | --help) sed -n '2,10p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
IFS=, read -ra sizes <<<"$sizes"
IFS=, read -ra scenarios <<<"$scenarios"
IFS=, read -ra tools <<<"$tools"
has_tool() { [[ " ${tools[*]} " == *" $1 "* ]]; }

case $cache in *[[:space:]\'\"\\]*) echo "run.sh: HOOKRUN_BENCH_DIR must not contain spaces or quotes" >&2; exit 2 ;; esac
mkdir -p "$cache"/{bin,home,results,configs}
cache=$(cd "$cache" && pwd)
bin=$cache/bin
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=$cache/results/$stamp
mkdir -p "$out"

# The environment every tool runs in: no CI (hookrun renders plainly there), private homes
# for the tools' caches, nothing from an enclosing git hook.
unset CI GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE PRE_COMMIT SKIP LEFTHOOK LEFTHOOK_QUIET HOOKRUN HOOKRUN_ACTIVE HOOKRUN_SKIP
export PRE_COMMIT_HOME=$cache/home/pre-commit PREK_HOME=$cache/home/prek
export HOOKRUN_CACHE_DIR=$cache/home/hookrun-cache

# ---------------------------------------------------------------------------- build
log "building genrepo and floor"
(cd "$root" && go build -o "$bin/genrepo" ./internal/bench/genrepo && go build -o "$bin/floor" ./internal/bench/floor)
if has_tool hookrun; then
	log "building hookrun"
	build_hookrun "$bin/hookrun"
fi

# ---------------------------------------------------------------------------- peers
install_python_peers() {
	local venv=$cache/venv want
	want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
	if [[ -x $venv/bin/pre-commit && "$(cat "$venv/.stamp" 2>/dev/null)" == "$want" ]]; then return; fi
	log "installing pre-commit and prek into $venv"
	rm -rf "$venv"
	python3 -m venv "$venv"
	"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
	echo "$want" >"$venv/.stamp"
}
install_node_peers() {
	local dir=$cache/npm want
	want=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)
	if [[ -d $dir/node_modules && "$(cat "$dir/.stamp" 2>/dev/null)" == "$want" ]]; then return; fi
	log "installing lefthook into $dir"
	rm -rf "$dir" && mkdir -p "$dir"
	cp "$here/package.json" "$here/package-lock.json" "$dir/"
	# --ignore-scripts: lefthook's postinstall would install git hooks into whatever
	# repository npm runs in; the binary comes from its platform package.
	(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	echo "$want" >"$dir/.stamp"
}
if has_tool pre-commit || has_tool prek; then install_python_peers; fi
if has_tool lefthook; then
	install_node_peers
	# The platform binary, as lefthook's installed git hook calls it (not the node wrapper
	# in node_modules/.bin, which would add node's start-up to every run).
	lefthook=
	for f in "$cache"/npm/node_modules/lefthook-*/bin/lefthook; do [[ -x $f ]] && lefthook=$f && break; done
	[[ -n $lefthook ]] || { echo "run.sh: no lefthook platform binary under $cache/npm" >&2; exit 1; }
fi

# ---------------------------------------------------------------------------- configs
# write_configs DIR HOOK_SCRIPT: the same 5 hooks for every tool, each matching every
# file and running HOOK_SCRIPT (a sh script; the file names are its "$@") once per batch.
# With HOOK_SCRIPT=true the tools run `true` directly or through sh, as each one does.
write_configs() {
	local dir=$1 script=$2 i
	rm -rf "$dir" && mkdir -p "$dir"
	{
		echo "version: 1"
		echo "hooks:"
		for i in 1 2 3 4 5; do
			echo "  - id: noop$i"
			echo "    check: |-"
			echo "      ${script//@ID@/noop$i}"
		done
	} >"$dir/hookrun.yaml"
	# pre-commit and prek read the same file; prek runs hooks of equal priority
	# concurrently, pre-commit warns about the key it does not know and runs them in order.
	{
		echo "repos:"
		echo "  - repo: local"
		echo "    hooks:"
		for i in 1 2 3 4 5; do
			echo "      - id: noop$i"
			echo "        name: noop$i"
			if [[ $script == true ]]; then
				echo '        entry: "true"'
			else
				echo "        entry: |-"
				echo "          sh -c '${script//@ID@/noop$i}' sh"
			fi
			echo "        language: system"
			echo "        priority: 0"
		done
	} >"$dir/.pre-commit-config.yaml"
	{
		echo "pre-commit:"
		echo "  parallel: true"
		echo "  commands:"
		for i in 1 2 3 4 5; do
			echo "    noop$i:"
			echo "      run: |-"
			if [[ $script == true ]]; then
				echo "        true {staged_files}"
			else
				echo "        sh -c '${script//@ID@/noop$i}' sh {staged_files}"
			fi
		done
	} >"$dir/lefthook.yml"
}
# The check hook logs its id, its argument count and how many of its files still hold
# the unstaged line (a tool must hide unstaged changes from hooks in the partial case).
count_script() { echo "echo \"@ID@ \$# \$(grep -l \"BENCH[-]UNSTAGED\" \"\$@\" </dev/null | wc -l)\" >> $1"; }
write_configs "$cache/configs/bench" true
countlog=$cache/home/count.log
write_configs "$cache/configs/check" "$(count_script "$countlog")"

# ---------------------------------------------------------------------------- commands
# tool_cmd TOOL SCENARIO: the command line hyperfine times (no shell involved).
tool_cmd() {
	local all=
	[[ $2 == all ]] && all=1
	case $1 in
	hookrun) echo "$bin/hookrun run${all:+ --all}" ;;
	pre-commit) echo "$cache/venv/bin/pre-commit run${all:+ --all-files}" ;;
	prek) echo "$cache/venv/bin/prek run${all:+ --all-files}" ;;
	lefthook) echo "$lefthook run pre-commit --no-auto-install${all:+ --all-files}" ;;
	floor) echo "$bin/floor${all:+ -all}" ;;
	esac
}
# check_cmd TOOL SCENARIO: the same, for the counting configuration (the floor is told
# the counting script directly).
check_cmd() {
	if [[ $1 == floor ]]; then
		local script all=()
		script=$(count_script "$countlog")
		[[ $2 == all ]] && all=(-all)
		"$bin/floor" "${all[@]}" -- sh -c "${script//@ID@/floor}" sh
	else
		local argv
		read -ra argv <<<"$(tool_cmd "$1" "$2")"
		"${argv[@]}"
	fi
}
# prepare_cmd TOOL SCENARIO: run before every timed run; hookrun's caches (its cache dir
# and the result cache in the git dir) are emptied so every run does the work.
prepare_cmd() {
	local cmd="$bin/genrepo restore -dir . -scenario $2"
	[[ $1 == hookrun ]] && cmd+=" -clear $HOOKRUN_CACHE_DIR -clear .git/hookrun/cache"
	echo "$cmd"
}

# ---------------------------------------------------------------------------- check
# check_case SIZE SCENARIO: run each tool once on the counting repository; fail unless it
# exits 0, runs each hook on exactly the expected files, hides unstaged changes, and
# leaves the repository exactly as it found it.
check_case() {
	local size=$1 sc=$2 repo=$cache/repos/check-$1 tool want
	(
		cd "$repo"
		if [[ $sc == all ]]; then want=$(git ls-files | wc -l); else want=$(git diff --cached --name-only | wc -l); fi
		for tool in "${tools[@]}"; do
			"$bin/genrepo" restore -dir . -scenario "$sc"
			: >"$countlog"
			if ! check_cmd "$tool" "$sc" >"$out/check-$size-$sc-$tool.log" 2>&1; then
				echo "CHECK FAILED: $tool exited non-zero on $size/$sc; output:" >&2
				cat "$out/check-$size-$sc-$tool.log" >&2
				exit 1
			fi
			if ! "$bin/genrepo" verify -dir . -scenario "$sc"; then
				echo "CHECK FAILED: $tool left the $size/$sc repository changed" >&2
				exit 1
			fi
			awk -v tool="$tool" -v want="$want" -v sc="$sc" -v size="$size" '
				{ n[$1] += $2; u[$1] += $3 }
				END {
					bad = 0
					if (tool == "floor") { ids["floor"] = 5 * want } else { for (i = 1; i <= 5; i++) ids["noop" i] = want }
					for (id in ids) if (n[id] != ids[id]) { printf "CHECK FAILED: %s on %s/%s: hook %s got %d file arguments, want %d\n", tool, size, sc, id, n[id], ids[id] > "/dev/stderr"; bad = 1 }
					for (id in u) if (u[id] > 0 && tool != "floor") { printf "CHECK FAILED: %s on %s/%s: hook %s saw %d files with unstaged changes\n", tool, size, sc, id, u[id] > "/dev/stderr"; bad = 1 }
					exit bad
				}' "$countlog"
		done
	)
}

# ---------------------------------------------------------------------------- run
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for size in "${sizes[@]}"; do
	log "generating repositories of $size files"
	"$bin/genrepo" init -dir "$cache/repos/bench-$size" -files "$size" -configs "$cache/configs/bench"
	"$bin/genrepo" init -dir "$cache/repos/check-$size" -files "$size" -configs "$cache/configs/check"
	for sc in "${scenarios[@]}"; do
		"$bin/genrepo" stage -dir "$cache/repos/bench-$size" -scenario "$sc"
		"$bin/genrepo" stage -dir "$cache/repos/check-$size" -scenario "$sc"
		log "checking $size/$sc: exit status, files per hook, repository left as found"
		check_case "$size" "$sc"
		for ((round = 1; round <= rounds; round++)); do
			log "timing $size/$sc, round $round of $rounds"
			# Each round starts with a different tool, so a burst of load from elsewhere
			# on the machine does not always land on the same one.
			args=()
			for ((i = 0; i < ${#tools[@]}; i++)); do
				tool=${tools[(i + round - 1) % ${#tools[@]}]}
				args+=(-n "$tool" --prepare "$(prepare_cmd "$tool" "$sc")" "$(tool_cmd "$tool" "$sc")")
			done
			res=$out/$size-$sc-$round
			# Write back what building, generating and checking left dirty, so that the
			# flush does not land on whichever tool is timed first.
			sync
			(cd "$cache/repos/bench-$size" &&
				hyperfine -N --style basic --warmup "$warmup" --runs "$runs" \
					--export-json "$res.json" "${args[@]}") >"$res.txt" 2>&1 ||
				{ cat "$res.txt" >&2; exit 1; }
		done
		"$bin/genrepo" verify -dir "$cache/repos/bench-$size" -scenario "$sc"
	done
done

# ---------------------------------------------------------------------------- report
python3 - "$out" "${tools[*]}" "${sizes[*]}" "${scenarios[*]}" "$rounds" >"$out/results.md" <<'EOF'
import json, os, statistics, sys
out, tools, sizes, scenarios, rounds = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4].split(), int(sys.argv[5])
peers = [t for t in tools if t in ("pre-commit", "prek", "lefthook")]

def times(size, sc):
    """Every timed run of every round, in ms, per tool."""
    t = {}
    for r in range(1, rounds + 1):
        with open(os.path.join(out, f"{size}-{sc}-{r}.json")) as f:
            for res in json.load(f)["results"]:
                t.setdefault(res["command"], []).extend(x * 1000 for x in res["times"])
    return t

def table(title, stat):
    print(f"### {title}\n")
    head = ["files", "scenario"] + [f"{t} ms" for t in tools]
    if "hookrun" in tools and peers: head.append("hookrun / fastest peer")
    if "hookrun" in tools and "floor" in tools: head.append("hookrun / floor")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for size in sizes:
        for sc in scenarios:
            v = {k: stat(x) for k, x in times(size, sc).items()}
            row = [f"{int(size):,}", sc] + [f"{v[t]:.1f}" for t in tools]
            if "hookrun" in tools and peers:
                best = min(peers, key=lambda t: v[t])
                row.append(f"{v['hookrun'] / v[best]:.2f} ({best})")
            if "hookrun" in tools and "floor" in tools:
                row.append(f"{v['hookrun'] / v['floor']:.2f}")
            print("| " + " | ".join(row) + " |")
    print()

table("Median wall time", statistics.median)
table("Fastest run (least disturbed by other load)", min)
EOF
{
	echo "$rounds round(s) of $runs timed runs per tool, each after $warmup warm-up runs;"
	echo "$(nproc) CPUs, load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg);"
	echo "$(git --version); raw results: $out"
	echo "hookrun built from $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo ' with uncommitted changes');"
	has_tool pre-commit && echo "$("$cache/venv/bin/pre-commit" --version);"
	has_tool prek && echo "$("$cache/venv/bin/prek" --version);"
	has_tool lefthook && echo "lefthook $("$lefthook" version)."
} >>"$out/results.md"
cat "$out/results.md"
