package config

import "strings"

// maxTypo is the largest edit distance at which a name still counts as a misspelling.
const maxTypo = 2

// minPrefix is the shortest shared prefix that counts as a truncated or extended name
// ("pass" for "pass_files", "exclude_globs" for "exclude").
const minPrefix = 3

// suggest returns the candidate the user most likely meant by s, or "" if none is close:
// within maxTypo edits (ignoring case and "-" versus "_"), or one a prefix of the other.
// Ties go to the earlier candidate.
func suggest(s string, candidates []string) string {
	in := normalize(s)
	best, bestDist := "", -1
	for _, c := range candidates {
		cn := normalize(c)
		dist := distance(in, cn)
		typo := dist <= maxTypo && dist < len(in)
		if !typo && !sharePrefix(in, cn) {
			continue
		}
		if bestDist < 0 || dist < bestDist {
			best, bestDist = c, dist
		}
	}
	return best
}

// Suggest returns the candidate the user most likely meant by s, or "" if none is close;
// the CLI uses it for flags and commands, with the rules the config's keys follow.
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

// hint formats suggest's answer as a message suffix, or "" when there is none.
func hint(s string, candidates []string) string {
	if c := suggest(s, candidates); c != "" {
		return ` (did you mean "` + c + `"?)`
	}
	return ""
}

func normalize(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "-", "_")
}

func sharePrefix(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= minPrefix && strings.HasPrefix(b, a)
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
