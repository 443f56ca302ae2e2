package cliflag

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"testing"
)

func newSet() *flag.FlagSet {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Bool("all", false, "every file")
	fs.Bool("a", false, "short for --all")
	fs.Int("jobs", -1, "parallel `N`")
	fs.String("stage", "pre-commit", "the `STAGE` to run")
	return fs
}

func TestPrintHelpShowsLongFlagsWithTheirShortForms(t *testing.T) {
	t.Parallel()
	fs := newSet()
	var out bytes.Buffer
	fs.SetOutput(&out)
	PrintHelp(fs)
	want := "  -a, --all          every file\n" +
		"      --jobs N       parallel N\n" +
		"      --stage STAGE  the STAGE to run (default pre-commit)\n"
	if got := out.String(); got != want {
		t.Errorf("help:\n%s\nwant:\n%s", got, want)
	}
}

func TestRewordSpellsFlagsWithTwoDashes(t *testing.T) {
	t.Parallel()
	fs := newSet()
	err := fs.Parse([]string{"--stag", "x"})
	suggest := func(name string, names []string) string {
		if name == "stag" {
			return "stage"
		}
		return ""
	}
	if got, want := Reword(fs, err, suggest), "unknown flag --stag; did you mean --stage?"; got != want {
		t.Errorf("Reword = %q, want %q", got, want)
	}
	if got, want := Reword(fs, errors.New("invalid value for flag -jobs"), suggest), "invalid value for flag --jobs"; got != want {
		t.Errorf("Reword = %q, want %q", got, want)
	}
}
