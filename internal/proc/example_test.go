package proc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/hookrun/hookrun/internal/proc"
)

// A tool whose stdout is a JSON report: the report is parsed whole, however long, while
// both streams are shown interleaved with bounded memory.
func ExampleCapture() {
	dir, _ := os.MkdirTemp("", "hookrun-output")
	defer func() { _ = os.RemoveAll(dir) }()
	shown := proc.NewCapture(proc.CaptureOptions{Dir: dir, Name: "lint"})
	report := proc.NewCapture(proc.CaptureOptions{Dir: dir, Name: "lint-stdout", Head: 16 << 20})
	defer func() { _ = report.Remove() }()
	_, err := proc.Run(context.Background(), proc.Cmd{
		Path:   "sh",
		Args:   []string{"-c", `echo '[{"line":3}]'; echo 'checked 1 file' >&2`},
		Stdout: io.MultiWriter(report, shown),
		Stderr: io.MultiWriter(io.Discard, shown),
	})
	_ = shown.Close()
	if err != nil {
		fmt.Println(err)
		return
	}
	raw, err := report.ReadAll()
	if err != nil {
		fmt.Println(err)
		return
	}
	var findings []struct{ Line int }
	_ = json.Unmarshal(raw, &findings)
	fmt.Println(findings, shown.Len(), shown.Truncated())
	// Output: [{3}] 28 false
}
