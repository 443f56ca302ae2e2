package report

import "fmt"

// ColorMode is the value of --color.
type ColorMode string

// The values --color takes.
const (
	ColorAuto   ColorMode = "auto"   // colour on a terminal unless NO_COLOR is set or TERM=dumb
	ColorAlways ColorMode = "always" // colour even in a pipe, and despite NO_COLOR
	ColorNever  ColorMode = "never"
)

// ParseColorMode reads a --color value; "" means auto.
func ParseColorMode(s string) (ColorMode, error) {
	switch m := ColorMode(s); m {
	case "":
		return ColorAuto, nil
	case ColorAuto, ColorAlways, ColorNever:
		return m, nil
	}
	return "", fmt.Errorf("--color=%s: want auto, always or never", s)
}

// Enabled decides whether to print colour. terminal says whether the output is a
// terminal; getenv reads the environment (os.Getenv). In auto mode a NO_COLOR that is
// set and not empty (no-color.org) or TERM=dumb turns colour off; an explicit
// --color=always wins over both.
func (m ColorMode) Enabled(terminal bool, getenv func(string) string) bool {
	switch m {
	case ColorAlways:
		return true
	case ColorNever:
		return false
	}
	return terminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}
