package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// Dest is a machine report to write: its format, and the file it goes to ("" is stdout).
type Dest struct{ Format, File string }

// Dests are the machine reports a run writes: each of formats (--format) with the file
// of outputs (--output) in the same position, stdout past the last, plus github
// annotations on stdout inside GitHub Actions (github). Those come with any report
// written to a file (the README's workflow writes SARIF and still wants annotations),
// but not when github is asked for explicitly, nor when another report goes to stdout,
// which annotations mixed in would corrupt.
func Dests(formats, outputs []string, github bool) []Dest {
	var out []Dest
	auto := github
	for i, name := range formats {
		dest := ""
		if i < len(outputs) {
			dest = outputs[i]
		}
		out = append(out, Dest{name, dest})
		if name == "github" || dest == "" {
			auto = false
		}
	}
	if auto {
		out = append(out, Dest{"github", ""})
	}
	return out
}

// WriteAll renders run in the format of every dest and writes it to its file, or to
// stdout; it returns one error for each report that could not be written, and writes
// the others all the same.
func WriteAll(run Run, dests []Dest, stdout io.Writer) []error {
	var errs []error
	for _, d := range dests {
		var buf bytes.Buffer
		err := Write(d.Format, &buf, run)
		switch {
		case err != nil:
		case d.File == "":
			_, err = stdout.Write(buf.Bytes())
		default:
			err = os.WriteFile(d.File, buf.Bytes(), 0o644)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("write %s report: %w", d.Format, err))
		}
	}
	return errs
}
