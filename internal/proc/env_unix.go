//go:build unix

package proc

import "strings"

// Getenv returns the value of key in env (KEY=value entries, as a child process gets
// them): the last one wins, as in the C library; "" when it is not set.
func Getenv(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], key+"="); ok {
			return v
		}
	}
	return ""
}
