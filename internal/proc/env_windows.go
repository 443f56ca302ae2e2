package proc

import "strings"

// Getenv returns the value of key in env (KEY=value entries, as a child process gets
// them): the last one wins; "" when it is not set. Names are case-insensitive on
// Windows, where the search path is usually "Path". (Entries that start with "=", the
// current directory of each drive, name nothing Getenv is asked for.)
func Getenv(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		k, v, ok := strings.Cut(env[i], "=")
		if ok && k != "" && strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}
