#!/usr/bin/env bash
# Shared result cache benchmark: a fresh clone runs `hookrun --all` (ruff and black) on an
# N-file Python repository, without a shared cache and with a warm one (nginx with WebDAV
# PUT on a loopback port, filled by one writing run first). See internal/bench/README.md
# ("Shared cache").
#
#   internal/bench/remote.sh [--files 2000] [--runs 5]
#
# Everything it builds and writes lives under ${HOOKRUN_BENCH_DIR:-/tmp/hookrun-bench}/remote.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=internal/bench/common.sh
. "$here/common.sh" # build_hookrun
files=2000
runs=5
while (($#)); do
	case $1 in
	--files) files=$2; shift ;;
	--runs) runs=$2; shift ;;
	-h | --help) sed -n '2,8p' "$0"; exit 0 ;;
	*) echo "remote.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
base=${HOOKRUN_BENCH_DIR:-/tmp/hookrun-bench}/remote
case $base in *[[:space:]\'\"\\]*) echo "remote.sh: HOOKRUN_BENCH_DIR must not contain spaces or quotes" >&2; exit 2 ;; esac
for t in ruff black hyperfine git go; do
	command -v "$t" >/dev/null || { echo "remote.sh: $t not on PATH (. ~/.cache/hookrun-tools/env; apt-get install hyperfine)" >&2; exit 2; }
done
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $nginx ]] || { echo "remote.sh: nginx not found (apt-get install nginx)" >&2; exit 2; }

unset CI GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE PRE_COMMIT HOOKRUN_ACTIVE HOOKRUN_SKIP HOOKRUN_REMOTE_CACHE HOOKRUN_REMOTE_CACHE_WRITE
rm -rf "$base"
mkdir -p "$base/bin" "$base/nginx/data" "$base/nginx/tmp" "$base/cfg"
# The tools' own caches live under one directory that every timed run starts without:
# black's user cache; ruff's is in the (fresh) clone.
export XDG_CACHE_HOME=$base/xdg HOOKRUN_CACHE_DIR=$base/xdg/hookrun

log "building hookrun and genrepo"
build_hookrun "$base/bin/hookrun"
(cd "$root" && go build -o "$base/bin/genrepo" ./internal/bench/genrepo)
printf 'version: 1\nhooks:\n  - id: ruff\n  - id: black\n' >"$base/cfg/hookrun.yaml"
log "generating a $files-file Python repository"
"$base/bin/genrepo" init -dir "$base/origin" -files "$files" -lang py -configs "$base/cfg"

# One nginx process (no master, no daemon), everything under $base/nginx.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=""
((EUID == 0)) && user="user root;"
cat >"$base/nginx/nginx.conf" <<CONF
$user
daemon off;
master_process off;
worker_processes 1;
pid $base/nginx/nginx.pid;
error_log $base/nginx/error.log;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $base/nginx/tmp/body;
	proxy_temp_path $base/nginx/tmp/proxy;
	fastcgi_temp_path $base/nginx/tmp/fastcgi;
	uwsgi_temp_path $base/nginx/tmp/uwsgi;
	scgi_temp_path $base/nginx/tmp/scgi;
	server {
		listen 127.0.0.1:$port;
		root $base/nginx/data;
		location / { dav_methods PUT; create_full_put_path on; }
	}
}
CONF
"$nginx" -p "$base/nginx" -c "$base/nginx/nginx.conf" -e "$base/nginx/error.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
url=http://127.0.0.1:$port
for _ in $(seq 100); do
	python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.1)" 2>/dev/null && break
	sleep 0.05
done

log "filling the shared cache from a writing clone (CI on main)"
git clone -q "$base/origin" "$base/ci"
(cd "$base/ci" && HOOKRUN_REMOTE_CACHE=$url HOOKRUN_REMOTE_CACHE_WRITE=1 "$base/bin/hookrun" --all)
log "shared cache: $(find "$base/nginx/data/ac" -type f | wc -l) action results, $(du -sh "$base/nginx/data" | cut -f1)"

# Each timed run starts in a fresh clone with no local cache and no tool cache.
prepare="rm -rf '$base/clone' '$base/xdg' && git clone -q '$base/origin' '$base/clone'"
out=$base/results
mkdir -p "$out"
hyperfine --style basic --runs "$runs" --warmup 1 --prepare "$prepare" \
	--export-json "$out/remote.json" --export-markdown "$out/remote.md" \
	-n "fresh clone, no shared cache" "cd '$base/clone' && '$base/bin/hookrun' --all" \
	-n "fresh clone, warm shared cache" "cd '$base/clone' && HOOKRUN_REMOTE_CACHE=$url '$base/bin/hookrun' --all"
# The warm run must have been answered by the cache, not have run the tools.
rm -rf "$base/clone" "$base/xdg" && git clone -q "$base/origin" "$base/clone"
(cd "$base/clone" && HOOKRUN_REMOTE_CACHE=$url "$base/bin/hookrun" --all 2>&1 | tee "$out/warm.txt")
grep -q 'ruff .*cached remotely' "$out/warm.txt" && grep -q 'black .*cached remotely' "$out/warm.txt" ||
	{ echo "remote.sh: the warm run was not answered by the shared cache" >&2; exit 1; }
{
	cat "$out/remote.md"
	echo
	echo "files: $files; load average: $(cut -d' ' -f1-3 /proc/loadavg); nproc: $(nproc); commit: $(git -C "$root" rev-parse --short HEAD)"
	echo "ruff: $(ruff --version); black: $(black --version | head -1)"
} | tee "$out/results.md"
