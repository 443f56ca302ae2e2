# Shared setup of the real-project benchmarks (pchooks.sh, realconfigs.sh, real.sh),
# sourced after they set root (the repository) and base (HOOKRUN_BENCH_DIR).

# log MSG...: a progress line on stderr.
log() { printf '==> %s\n' "$*" >&2; }

# bench_dirs NAME: sets cache (the absolute $base/NAME), bin and out (a results
# directory of its own, results/<UTC time>), and makes them and cache/home.
bench_dirs() {
	mkdir -p "$base/$1"
	cache=$(cd "$base/$1" && pwd)
	bin=$cache/bin out=$cache/results/$(date -u +%Y%m%dT%H%M%SZ)
	mkdir -p "$bin" "$out" "$cache/home"
}

# build_hookrun OUT: builds hookrun into OUT as the release does (.goreleaser.yaml): static
# (CGO_ENABLED=0), -trimpath, stripped. The archives, the Homebrew cask and the pip and npm
# packages all carry that binary. A plain `go build` with cgo on links net's C resolver
# dynamically, which costs about 1.5 ms of start-up on every run (measured with
# `hyperfine -N 'hookrun help'`), so timing it would time a binary no package ships.
build_hookrun() { (cd "$root" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$1" ./cmd/hookrun); }

# built_from: the commit hookrun is built from, and whether the work tree changes it.
built_from() {
	echo "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo ' with uncommitted changes')"
}

# stamped DIR INPUT...: true if DIR was installed from exactly these inputs.
stamped() { local d=$1; shift; [[ -d $d && "$(cat "$d/.stamp" 2>/dev/null)" == "$(cat "$@" | sha256sum | cut -d' ' -f1)" ]]; }
# stamp DIR INPUT...: records that DIR was installed from these inputs.
stamp() { local d=$1; shift; cat "$@" | sha256sum | cut -d' ' -f1 >"$d/.stamp"; }
