package sched

import (
	"sort"

	"github.com/hookrun/hookrun/hooks"
)

// DefaultArgLimit is the argv bytes a batch may take where nothing better is known (Split
// given no limit, and the cap on systems other than Linux): 128 KiB, the smallest ARG_MAX
// Linux has allowed and the cap pre-commit uses.
const DefaultArgLimit = 128 << 10

// minArgLimit is the least ArgLimit returns however large the environment is (POSIX
// guarantees 4096 bytes of ARG_MAX).
const minArgLimit = 4 << 10

// argHeadroom is kept free for what the kernel adds beyond argv and envp (pre-commit
// keeps the same 2048 bytes).
const argHeadroom = 2048

// minBatch is the fewest files worth a process of their own: starting a tool costs more
// than checking a handful of files, so a hook with few files is not spread over slots.
const minBatch = 4

// pointerSize is what each argv or envp entry costs beside its bytes.
const pointerSize = 8

// ArgLimit returns the argv bytes a child may use when its environment is env: the
// system's ARG_MAX less env and some headroom, clamped to [4 KiB, argCap]. Where ARG_MAX
// is well above the cap (Linux, 2 MiB with the usual 8 MiB stack), the cap alone decides,
// so batches, and the result cache's keys, do not depend on the environment's size.
func ArgLimit(env []string) int {
	limit := sysArgMax() - argHeadroom - ArgSize(env)
	return min(max(limit, minArgLimit), argCap)
}

// ArgSize returns the bytes args take in an argv or envp array: each string, its NUL
// and its pointer. A caller subtracts its command's ArgSize from the limit it gives Split.
func ArgSize(args []string) int {
	n := 0
	for _, a := range args {
		n += argCost(a)
	}
	return n
}

func argCost(a string) int { return len(a) + 1 + pointerSize }

// Split divides the files a hook gets (sorted) into batches, one job each. Every file is
// in exactly one batch and batches keep the input order, so the result depends only on
// the arguments. A hook that takes no files, or an empty file list, gets exactly one
// batch holding all files. A Serial hook's files are cut only where they exceed argLimit
// (its batches then run one after another, as pre-commit runs a require_serial hook's).
// Otherwise files are spread over at most slots
// batches of near-equal size, none smaller than 4 files unless the hook has fewer, and a
// batch whose ArgSize exceeds argLimit (<= 0 means DefaultArgLimit) is cut further; a
// single file longer than the limit goes alone in its batch and the OS reports E2BIG.
// The batches share the input's backing array but have their capacity capped, so an
// append to one batch cannot overwrite the next.
func Split(h *hooks.Hook, files []string, slots, argLimit int) [][]string {
	if !h.PassFiles || len(files) == 0 {
		return [][]string{files}
	}
	if argLimit <= 0 {
		argLimit = DefaultArgLimit
	}
	if h.Serial {
		return fitArgs(nil, files, argLimit)
	}
	var out [][]string
	for _, part := range partition(files, slots) {
		out = fitArgs(out, part, argLimit)
	}
	return out
}

// partition cuts files into min(slots, len/minBatch) contiguous parts (at least one)
// whose sizes differ by at most one, the larger ones first.
func partition(files []string, slots int) [][]string {
	k := max(min(slots, len(files)/minBatch), 1)
	size, extra := len(files)/k, len(files)%k
	parts := make([][]string, 0, k)
	start := 0
	for i := range k {
		end := start + size
		if i < extra {
			end++
		}
		parts = append(parts, files[start:end:end])
		start = end
	}
	return parts
}

// fitArgs appends part to out cut into runs whose ArgSize stays within limit.
func fitArgs(out [][]string, part []string, limit int) [][]string {
	start, size := 0, 0
	for i, f := range part {
		c := argCost(f)
		if i > start && size+c > limit {
			out = append(out, part[start:i:i])
			start, size = i, 0
		}
		size += c
	}
	return append(out, part[start:len(part):len(part)])
}

// Bounds cuts files (sorted) into at most parts contiguous runs of near-equal size and
// returns the first file of each run but the first: cut points that SplitAt applies to
// any sorted file list. Hooks whose files are cut at the same points get batches that
// pair up (batch k of one hook shares files only with batch k of another), so a plan
// that orders two hooks of the same files orders only their batches that pair up, and
// the rest overlap: the hooks run as pipelines. None for fewer than two parts' worth of
// files (minBatch each).
func Bounds(files []string, parts int) []string {
	var out []string
	for i, p := range partition(files, parts) {
		if i > 0 {
			out = append(out, p[0])
		}
	}
	return out
}

// SplitAt cuts files (sorted) before each of bounds (sorted, from Bounds) and drops the
// empty runs: every file is in exactly one batch, in order.
func SplitAt(files []string, bounds []string) [][]string {
	var out [][]string
	start := 0
	for _, b := range bounds {
		end := start + sort.SearchStrings(files[start:], b)
		if end > start {
			out = append(out, files[start:end:end])
		}
		start = end
	}
	if start < len(files) || len(out) == 0 {
		out = append(out, files[start:len(files):len(files)])
	}
	return out
}
