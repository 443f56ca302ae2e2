package proc

import "testing"

// TestGetenvIgnoresCaseOnWindows: Windows names its search path "Path"; PATH finds it,
// the last entry wins, and a drive's "=C:" entry is never a match. (Built for Windows by
// .ci/cross-windows; it runs only there.)
func TestGetenvIgnoresCaseOnWindows(t *testing.T) {
	t.Parallel()
	env := []string{`=C:=C:\repo`, `Path=C:\a`, `path=C:\b`, `HOME=x`}
	if got := Getenv(env, "PATH"); got != `C:\b` {
		t.Errorf("Getenv(PATH) = %q, want %q", got, `C:\b`)
	}
	if got := Getenv(env, "C:"); got != "" {
		t.Errorf("Getenv(C:) = %q, want nothing", got)
	}
}
