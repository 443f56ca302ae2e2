#!/usr/bin/env bash
# Real-world configs, differentially: for each project's own .pre-commit-config.yaml
# (internal/bench/realconfigs/<project>.yaml, verbatim, source named in its first line),
# run `pre-commit run` and `hookrun run --config .pre-commit-config.yaml` on identical
# copies of a test repository (a staged change with an unstaged edit on top; then again
# with --all-files / --all; then --all on the tree as the fixers leave it, committed) and
# compare exit code, per-hook status, work tree and index.
#
#   internal/bench/realconfigs.sh [--projects pytest,pip,...] [--modes staged,all,clean]
#
# A verification tool, like the benchmarks: it never runs in CI. Every hook repository
# comes from a local mirror under ${HOOKRUN_BENCH_MIRRORS:-/work/.mirror}/OWNER+NAME
# through git's url.<mirror>.insteadOf in a private HOME (pre-commit drops GIT_*
# variables); a repository with no mirror, or whose mirror lacks the rev, gets a stub
# (its hooks skipped on both sides).
# Environments come from PyPI/npm. Needs pre-commit 4.7.0 on PATH
# (`. ~/.cache/hookrun-tools/env`). Work lives under
# ${HOOKRUN_BENCH_DIR:-/tmp/hookrun-bench}/realconfigs; results/<time>/results.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
base=${HOOKRUN_BENCH_DIR:-/tmp/hookrun-bench}
mirrors=${HOOKRUN_BENCH_MIRRORS:-/work/.mirror}

projects=pytest,pip,black,mypy,poetry,cookiecutter-django,keda,streamlit
modes=staged,all,clean
while (($#)); do
	case $1 in
	--projects) projects=$2; shift ;;
	--modes) modes=$2; shift ;;
	-h | --help) sed -n '2,16p' "$0"; exit 0 ;;
	*) echo "realconfigs.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
IFS=, read -ra projects <<<"$projects"
IFS=, read -ra modes <<<"$modes"

precommit=$(command -v pre-commit) || { echo "realconfigs.sh: no pre-commit on PATH" >&2; exit 1; }
[[ $("$precommit" --version) == "pre-commit 4.7.0" ]] || { echo "realconfigs.sh: want pre-commit 4.7.0, have $("$precommit" --version)" >&2; exit 1; }
pcpython=$(head -1 "$precommit" | sed 's/^#!//')

# shellcheck source=internal/bench/common.sh
. "$here/common.sh"
bench_dirs realconfigs
mkdir -p "$cache/stubs"

unset CI GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE PRE_COMMIT SKIP HOOKRUN HOOKRUN_ACTIVE HOOKRUN_SKIP VIRTUAL_ENV
export PRE_COMMIT_HOME=$cache/home/pre-commit XDG_CACHE_HOME=$cache/home/cache HOOKRUN_CACHE_DIR=$cache/home/cache/hookrun
log "building hookrun"
build_hookrun "$bin/hookrun"
built=$(built_from)
# Configs name interpreters (default_language_version python3.13, "3.10"): under pyenv,
# make every installed version findable by name, the current one first.
if command -v pyenv >/dev/null && [[ -z ${PYENV_VERSION:-} ]]; then
	cur=$(pyenv version-name)
	PYENV_VERSION=$(pyenv versions --bare | grep -vxF "$cur" | sort -rV | paste -sd: -)
	export PYENV_VERSION=$cur${PYENV_VERSION:+:$PYENV_VERSION}
fi
# Go keeps its caches where they were (they default to under HOME).
export GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE) GOPATH=$(go env GOPATH)
# A home per invocation (its .gitconfig holds the insteadOf rules), so runs may overlap.
export HOME=$out/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name realconfigs
git config --global user.email realconfigs@localhost
git config --global init.defaultBranch main


# skips PROJECT: hooks skipped on both sides, and why (needs what this machine lacks).
skips() {
	case $1 in
	keda) echo "golangci-lint" ;; # a local golang hook whose entry is a golangci-lint binary on PATH (none here)
	# gitlab.com/bmares/check-json5: no mirror (a stub); local node hooks without
	# additional_dependencies: pre-commit 4.7.0 crashes on them (exit 3; a scenario covers it)
	streamlit) echo "check-json5,prettier-app,prettier-lib,prettier-connection,prettier-utils,prettier-yaml,prettier-vscode-devcontainer-json" ;;
	datadog-agent) echo "shellcheck" ;; # jumanjihouse's script hook runs a shellcheck binary (none here)
	superset) echo "type-checking-frontend,helm-docs" ;; # as above; helm-docs: a golang hook built from source
	*) echo "" ;;
	esac
}

# mirror URL: the local mirror of a hook repository URL, or nothing.
mirror() {
	local u=${1%/} slug d
	u=${u%.git}
	slug=${u#*github.com/}
	# Renamed repositories (GitHub redirects) and GitLab copies of GitHub projects.
	case $u in
	*gitlab.com/pycqa/flake8) slug=PyCQA/flake8 ;;
	esac
	slug=${slug/charliermarsh\/ruff-pre-commit/astral-sh/ruff-pre-commit}
	slug=${slug/timothycrosley\/isort/PyCQA/isort}
	[[ $slug == "$u" ]] && return 0
	for d in "$mirrors"/*+*/; do
		d=${d%/}
		if [[ $(tr A-Z a-z <<<"${d##*/}") == $(tr A-Z a-z <<<"${slug/\//+}") ]]; then
			[[ -d $d/repo/.git ]] && echo "$d/repo/.git" || echo "$d/repo"
			return 0
		fi
	done
}

# stub URL REV IDS...: a local repository standing in for an unreachable one, tagged REV,
# whose hooks fail if ever run (they are skipped).
stub() {
	local url=$1 rev=$2 dir
	shift 2
	dir=$cache/stubs/$(tr -c 'A-Za-z0-9\n' _ <<<"$url")
	rm -rf "$dir" && git init -q "$dir"
	for id in "$@"; do
		printf -- '- id: %s\n  name: %s\n  entry: no mirror of %s\n  language: python\n  files: ""\n' "$id" "$id" "$url"
	done >"$dir/.pre-commit-hooks.yaml"
	# The same commit every time: pre-commit and hookrun cache clones by URL and rev.
	git -C "$dir" add -A
	GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z git -C "$dir" commit -q -m stub
	git -C "$dir" tag "$rev"
	echo "$dir"
}

# synth DIR PROJECT: a small repository with files of the kinds the configs check, each
# with findings, committed; then a staged change and an unstaged edit on top.
synth() {
	local d=$1
	rm -rf "$d" && git init -q "$d" && cd "$d"
	mkdir -p src/pkg testing docs news changelog scripts/assets .github tools
	cp "$here/realconfigs/$2.yaml" .pre-commit-config.yaml
	cat >src/pkg/__init__.py <<-'EOF'
		"""Package."""
		import os
		import sys


		def main(argv=None):
		    return 0
	EOF
	cat >src/pkg/core.py <<-'EOF'
		# -*- coding: utf-8 -*-
		import json, os
		from typing import List


		def load(path):   
		    # type: (str) -> List[str]
		    x = dict()
		    unused = 1
		    with open(path) as f :
		        return json.load( f )
		def helper( a,b ):
		    return a+b
	EOF
	printf 'import pdb\n\n\ndef f():\n    pdb.set_trace()\n    return eval("1")\n' >src/pkg/debug.py
	printf 'import logging\n\nlog = logging.getLogger()\nlog.warn("old")\nimport py\n\np = py.path.local(".")\n' >testing/test_old.py
	printf 'from typing import List\ndef f(x: List[int]) -> None: ...\n' >src/pkg/stub.pyi
	printf 'def ok():\n    return 1\n' >src/pkg/clean.py
	printf 'name: demo\nitems:\n  - a\n  - b   \n' >config.yaml
	printf 'key: [unclosed\n' >.github/broken.yml
	printf '{"b": 1, "a": [1,2,3]}' >data.json
	printf '{\n  "name": "x",\n  "list": [\n    1,\n    2\n  ]\n}\n' >pretty.json
	printf '[project]\nname = "demo"\nversion = "0.1"\ndependencies = ["b", "a"]\n' >pyproject.toml
	printf '[metadata]\nname = demo\n\n[options]\npackages = find:\n' >setup.cfg
	printf '<root><a>1</a></root>\n' >data.xml
	printf '# Demo\n\nSome text with `single` backticks.   \n\n## Usage\n\nRun it.\n' >README.md
	printf 'Demo\n====\n\nUse `code` here.\n' >README.rst
	printf 'This is a whitelist of things.\n' >docs/guide.md
	printf 'Bad fragment\n' >news/badname.txt
	printf 'Good fragment\n' >news/1234.bugfix.rst
	printf 'Bad changelog\n' >changelog/oops.rst
	printf 'package main\n\nimport "fmt"\n\nfunc main() {\nfmt.Println("x")\n}\n' >main.go
	printf 'Copyright (c) Demo\n' >scripts/assets/license-template.txt
	printf 'const a = 1;\nconsole.log( a )\n' >app.js
	printf '#!/bin/sh\necho hi\n' >tools/run.sh
	printf 'line one\r\nline two\n' >mixed.txt
	# Paths the bigger configs select by.
	mkdir -p homeassistant pandas/core pandas/tests pandas/_libs tests helm/demo
	printf 'from typing import List\n\n\ndef f(x):  # type: (int) -> List[int]\n    return [x] if x.__class__ else []\n' >homeassistant/core.py
	cp homeassistant/core.py pandas/core/frame.py
	printf 'import pytest\n\n\ndef test_x():\n    pytest.xfail("no")\n    return ValueError\n' >pandas/tests/test_x.py
	printf 'cdef int f(int x):\n    return <int>x\n' >pandas/_libs/lib.pyx
	printf 'int main(void){return 0;}\n' >pandas/_libs/m.c
	printf 'skips: []\n' >tests/bandit.yaml
	printf 'apiVersion: v2\nname: demo\n' >helm/demo/Chart.yaml
	git add -A && git commit -q -m base
	# The change under test: staged edits (findings included) and an unstaged edit on top.
	printf 'def added( x ):\n    return x   \n' >>src/pkg/clean.py
	printf 'extra:   true\n' >>config.yaml
	printf '{"z": 0, "y": 1}\n' >new.json
	printf 'New doc   \n' >docs/new.md
	printf 'import os\nimport pdb\n' >src/pkg/new.py
	git add -A
	printf '# unstaged edit\n' >>src/pkg/clean.py
	cd - >/dev/null
}

# compare.py: both outcomes as JSON lines, then same/different.
cat >"$cache/compare.py" <<'PY'
import json, os, re, subprocess, sys, yaml

# Tool caches (their content varies from run to run) are not part of the result.
CACHES = {".git", ".ruff_cache", ".mypy_cache", ".pytest_cache", "__pycache__"}
CACHE_PATHS = ("node_modules/.cache/",)  # prettier 4's cache: named by what it was given, in what batches

def snapshot(d):
    tree = {}
    for top, dirs, files in os.walk(d):
        dirs[:] = [x for x in dirs if x not in CACHES]
        for f in files:
            p = os.path.join(top, f)
            rel = os.path.relpath(p, d)
            tree[rel] = os.readlink(p) if os.path.islink(p) else open(p, "rb").read().hex()[:64] + str(os.path.getsize(p))
    git = lambda *a: subprocess.run(["git", "-C", d, *a], capture_output=True, text=True).stdout.splitlines()
    return {"tree": tree, "index": git("ls-files", "-s"), "status": git("status", "--porcelain")}

def names(cfg_path, mirror_of):
    cfg = yaml.safe_load(open(cfg_path))
    out = {}
    for r in cfg.get("repos", []):
        manifest = {}
        if r["repo"] not in ("local", "meta"):
            m = mirror_of.get(r["repo"])
            if m:
                data = subprocess.run(["git", "-C", m, "show", f'{r["rev"]}:.pre-commit-hooks.yaml'], capture_output=True, text=True).stdout
                for h in yaml.safe_load(data) or []:
                    manifest[h["id"]] = h.get("name", h["id"])
        if r["repo"] == "meta":
            manifest = {"check-hooks-apply": "Check hooks apply to the repository", "check-useless-excludes": "Check for useless excludes", "identity": "identity"}
        for h in r["hooks"]:
            out[h.get("name") or manifest.get(h["id"], h["id"])] = h["id"]
    return out

STATUS = re.compile(r"^(.*?)\.*(\(no files to check\)Skipped|Passed|Failed|Skipped)$")

def precommit_hooks(log, nm):
    hs = []
    for line in open(log, errors="replace").read().splitlines():
        m = STATUS.match(line)
        if m and not line.startswith("- "):
            st = {"Passed": "passed", "Failed": "failed", "Skipped": "skipped", "(no files to check)Skipped": "no files"}[m.group(2)]
            hs.append([nm.get(m.group(1).strip(), m.group(1).strip()), st, False])
        elif hs and line.startswith("- hook id: "):
            hs[-1][0] = line[len("- hook id: "):]
        elif hs and line == "- files were modified by this hook":
            hs[-1][2] = True
    return hs

def hookrun_hooks(report):
    try:
        rep = json.load(open(report))
    except (OSError, ValueError):
        return []
    st = {"passed": "passed", "failed": "failed", "modified": "failed", "skipped": "skipped", "no_files": "no files"}
    return [[h["id"], st.get(h["status"], h["status"]), bool(h.get("modified"))] for h in rep.get("hooks", [])]

cmd, *a = sys.argv[1:]
if cmd == "snapshot":
    json.dump(snapshot(a[0]), open(a[1], "w"))
elif cmd == "compare":
    project, mode, run, cfg, mirror_json = a
    mirror_of = json.load(open(mirror_json))
    nm = names(cfg, mirror_of)
    pc = {"exit": int(open(f"{run}/pc.rc").read()), "hooks": precommit_hooks(f"{run}/pc.log", nm), **json.load(open(f"{run}/pc.snap"))}
    hr = {"exit": int(open(f"{run}/hr.rc").read()), "hooks": hookrun_hooks(f"{run}/hr.json"), **json.load(open(f"{run}/hr.snap"))}
    diffs = []
    if pc["exit"] == 1 and hr["exit"] == 2 and not pc["hooks"]:
        hr["exit"] = 1  # a config error: hookrun's usage code, by design
    if pc["exit"] != hr["exit"]:
        diffs.append(f"exit: pre-commit {pc['exit']}, hookrun {hr['exit']}")
    if pc["hooks"] != hr["hooks"]:
        if sorted(map(tuple, pc["hooks"])) == sorted(map(tuple, hr["hooks"])):
            diffs.append("hook order differs (same statuses)")
        else:
            p = {}
            for h in pc["hooks"]: p.setdefault(h[0], []).append(tuple(h[1:]))
            r = {}
            for h in hr["hooks"]: r.setdefault(h[0], []).append(tuple(h[1:]))
            for k in sorted(set(p) | set(r)):
                if p.get(k) != r.get(k):
                    diffs.append(f"hook {k}: pre-commit {p.get(k)}, hookrun {r.get(k)}")
    for side in (pc, hr):
        side["tree"] = {f: h for f, h in side["tree"].items() if not f.startswith(CACHE_PATHS)}
    for k in ("tree", "index", "status"):
        if pc[k] != hr[k]:
            if k == "tree":
                ch = sorted(f for f in set(pc[k]) | set(hr[k]) if pc[k].get(f) != hr[k].get(f))
                diffs.append(f"work tree differs: {', '.join(ch)}")
            else:
                diffs.append(f"{k} differs: pre-commit {sorted(set(pc[k]) - set(hr[k]))} hookrun {sorted(set(hr[k]) - set(pc[k]))}")
    hooks = len(pc["hooks"]) or len(hr["hooks"])
    print(json.dumps({"project": project, "mode": mode, "hooks": hooks, "pc_exit": pc["exit"], "hr_exit": hr["exit"], "same": not diffs, "diffs": diffs}))
PY

for name in "${projects[@]}"; do
	cfg=$here/realconfigs/$name.yaml
	[[ -f $cfg ]] || { echo "realconfigs.sh: no config $cfg" >&2; exit 2; }
	# Point every hook repository at its mirror (or a stub), in the private HOME.
	echo '{}' >"$out/$name-mirrors.json"
	stubbed=
	while IFS=$'\t' read -r url rev ids; do
		m=$(mirror "$url")
		if [[ -z $m ]] || ! git -C "$m" rev-parse -q --verify "$rev^{commit}" >/dev/null; then
			why="no mirror of $url"
			[[ -n $m ]] && why="the mirror of $url lacks $rev"
			log "$name: $why: a stub stands in (its hooks are skipped)"
			read -ra idv <<<"$ids"
			m=$(stub "$url" "$rev" "${idv[@]}")
			stubbed+=,${ids// /,}
		fi
		git config --global --replace-all "url.file://$m.insteadOf" "$url"
		"$pcpython" -c 'import json,sys; d=json.load(open(sys.argv[1])); d[sys.argv[2]]=sys.argv[3]; json.dump(d,open(sys.argv[1],"w"))' "$out/$name-mirrors.json" "$url" "$m"
	done < <("$pcpython" -c '
import sys, yaml
for r in yaml.safe_load(open(sys.argv[1]))["repos"]:
    if r["repo"] not in ("local", "meta"):
        print(r["repo"], r["rev"], " ".join(h["id"] for h in r["hooks"]), sep="\t")' "$cfg")
	skip=$(skips "$name")$stubbed
	skip=${skip#,}
	synth "$cache/$name/base" "$name"
	for mode in "${modes[@]}"; do
		run=$out/$name-$mode
		mkdir -p "$run"
		pcargs=() hrargs=() from=base
		[[ $mode != staged ]] && pcargs=(--all-files) hrargs=(--all)
		if [[ $mode == clean ]]; then
			# The tree as the fixers leave it, committed: what most runs in CI see.
			from=clean
			rm -rf "$cache/$name/clean" && cp -a "$cache/$name/base" "$cache/$name/clean"
			(
				cd "$cache/$name/clean" && git add -A -- . ':(exclude)node_modules'
				for _ in 1 2; do SKIP=$skip "$precommit" run --all-files >/dev/null 2>&1 || true; done
				git add -A -- . ':(exclude)node_modules' && git commit -qm fixed --no-verify
			)
		fi
		for side in pc hr; do
			rm -rf "$cache/$name/$side" && cp -a "$cache/$name/$from" "$cache/$name/$side"
		done
		log "$name ($mode): pre-commit"
		rc=0
		(cd "$cache/$name/pc" && SKIP=$skip timeout 1800 "$precommit" run --verbose --color never "${pcargs[@]}") >"$run/pc.log" 2>&1 || rc=$?
		echo "$rc" >"$run/pc.rc"
		log "$name ($mode): hookrun"
		rc=0
		(cd "$cache/$name/hr" && SKIP=$skip timeout 1800 "$bin/hookrun" run --config .pre-commit-config.yaml --format json --output "$run/hr.json" "${hrargs[@]}") >"$run/hr.log" 2>&1 || rc=$?
		echo "$rc" >"$run/hr.rc"
		for side in pc hr; do "$pcpython" "$cache/compare.py" snapshot "$cache/$name/$side" "$run/$side.snap"; done
		"$pcpython" "$cache/compare.py" compare "$name" "$mode" "$run" "$cfg" "$out/$name-mirrors.json" | tee -a "$out/results.jsonl"
	done
	# Leave the insteadOf rules of this project behind: the next one sets its own.
	git config --global --get-regexp '^url\.' | cut -d' ' -f1 | sort -u | while read -r k; do git config --global --unset-all "$k"; done
done

"$pcpython" - "$out" "$built" "$0" <<'PY' | tee "$out/results.md"
import json, sys
out, built, prog = sys.argv[1:]
rows = [json.loads(l) for l in open(f"{out}/results.jsonl")]
print(f"hookrun {built} against pre-commit 4.7.0; logs in {out}")
print()
print("| project | mode | hooks | pre-commit exit | hookrun exit | result | reproduce |")
print("|---|---|---:|---:|---:|---|---|")
for r in rows:
    res = "same" if r["same"] else "different: " + "; ".join(r["diffs"])
    print(f"| {r['project']} | {r['mode']} | {r['hooks']} | {r['pc_exit']} | {r['hr_exit']} | {res} | `{prog} --projects {r['project']} --modes {r['mode']}` |")
PY
