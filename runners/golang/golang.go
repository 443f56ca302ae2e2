// Package golang declares the Go built-ins: gofmt, goimports, go-vet, staticcheck,
// golangci-lint, golangci-lint-fmt and go-mod-tidy. Command lines, exit codes and output
// formats follow ../shared/tools-catalog.md; each parser has captured-output tests.
package golang

import (
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/runners/tool"
)

// Package paths of the Go tools that a go.mod `tool` line or go install provides.
const (
	goimportsPkg     = "golang.org/x/tools/cmd/goimports"
	staticcheckPkg   = "honnef.co/go/tools/cmd/staticcheck"
	golangciLintPkg  = "github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
	installGo        = "install Go from https://go.dev/dl (it ships gofmt and go vet)"
	goToolInstallFmt = "go get -tool "
)

var (
	goFiles    = []string{"*.go"}
	goExclude  = []string{"vendor", "testdata"}
	modMarkers = []string{"go.mod"}
	goTools    = []tool.Source{tool.GoTool, tool.GoBin, tool.Path}
	toolchain  = []tool.Source{tool.Toolchain}
)

// Tools returns the Go built-ins, in catalog order. Each call returns fresh values.
func Tools() []*tool.Tool {
	return []*tool.Tool{
		{
			Name: "gofmt", Lang: "go", Files: goFiles, Exclude: goExclude, Unit: tool.PerFile,
			RootMarkers: modMarkers, Bin: "gofmt", Find: toolchain, Install: installGo,
			// gofmt -l exits 0 even when it lists files: the listed files are the findings.
			Check: []string{"-l"}, Fix: []string{"-w"},
			Parse:   parseFormatter("gofmt", "not formatted: run gofmt -w"),
			Verdict: tool.Codes{Errors: map[int]string{2: "could not read or parse a file"}}.Verdict,
		},
		{
			Name: "goimports", Lang: "go", Files: goFiles, Exclude: goExclude, Unit: tool.PerFile,
			RootMarkers: modMarkers, Bin: "goimports", GoPkg: goimportsPkg, Find: goTools,
			Install: goToolInstallFmt + goimportsPkg + "@latest",
			// goimports exits 0 with or without differences; only errors give 2.
			Check: []string{"-l"}, Fix: []string{"-w"},
			Parse:   parseFormatter("goimports", "imports or formatting differ: run goimports -w"),
			Verdict: tool.Codes{Errors: map[int]string{2: "could not read or parse a file"}}.Verdict,
		},
		{
			Name: "go-vet", Lang: "go", Files: goFiles, Exclude: goExclude, Unit: tool.PerPackageDir,
			RootMarkers: modMarkers, Bin: "go", Find: toolchain, Install: installGo,
			// -json exits 0 with findings, so exit 1 means go vet itself failed
			// (a package that does not load); its compile errors are parsed from stderr.
			// No fix: `go vet -fix` (Go 1.26) silently drops the findings it cannot fix,
			// and ignores -fix when given -json.
			Check:   []string{"vet", "-json"},
			Parse:   parseVet,
			Verdict: tool.Codes{Findings: []int{}, Errors: map[int]string{1: "go vet failed"}}.Verdict,
		},
		{
			Name: "staticcheck", Lang: "go", Files: goFiles, Exclude: goExclude, Unit: tool.PerPackageDir,
			RootMarkers: modMarkers, Bin: "staticcheck", GoPkg: staticcheckPkg, Find: goTools,
			Install: goToolInstallFmt + staticcheckPkg + "@latest",
			Check:   []string{"-f", "json"}, Version: []string{"-version"},
			Parse:   parseStaticcheck,
			Verdict: tool.Codes{Errors: map[int]string{2: "bad flag or output format"}}.Verdict,
		},
		{
			Name: "golangci-lint", Lang: "go", Files: goFiles, Exclude: goExclude, Unit: tool.PerPackageDir,
			RootMarkers: modMarkers, Bin: "golangci-lint", GoPkg: golangciLintPkg, Find: goTools,
			Install: goToolInstallFmt + golangciLintPkg + "@latest",
			// golangci-lint locks $TMPDIR/golangci-lint.lock: a second run fails after 5 s.
			Serial: true,
			// Without --show-stats=false a text summary follows the JSON on stdout.
			Check:   []string{"run", "--output.json.path=stdout", "--show-stats=false"},
			Fix:     []string{"run", "--fix", "--output.json.path=stdout", "--show-stats=false"},
			Version: []string{"version", "--short"},
			// Its own mode sees what hookrun's filter cannot: a type error the change
			// causes on a line it did not touch.
			NewFrom: func(rev string) []string { return []string{"--new-from-rev=" + rev} },
			Parse:   parseGolangciLint,
			Verdict: verdictGolangciLint,
		},
		{
			Name: "golangci-lint-fmt", Lang: "go", Files: goFiles, Exclude: goExclude, Unit: tool.PerFile,
			RootMarkers: modMarkers, Bin: "golangci-lint", GoPkg: golangciLintPkg, Find: goTools,
			Install: goToolInstallFmt + golangciLintPkg + "@latest",
			Check:   []string{"fmt", "--diff"}, Fix: []string{"fmt"},
			Version: []string{"version", "--short"},
			Parse:   parseGolangciFmt,
			// A syntax error is only logged, with exit 0: the parsed error fails the run.
			Verdict: tool.Codes{Errors: map[int]string{3: "failure (bad config or missing file)"}}.Verdict,
		},
		{
			Name: "go-mod-tidy", Lang: "go", Files: []string{"go.mod", "go.sum", "*.go"}, Exclude: goExclude,
			Unit: tool.WholeProject, RootMarkers: modMarkers, NeedMarker: true,
			Bin: "go", Find: toolchain, Install: installGo,
			Check: []string{"mod", "tidy", "-diff"}, Fix: []string{"mod", "tidy"},
			Parse: parseTidy,
			// Exit 1 is a diff on stdout or an error on stderr (broken go.mod, network).
			Verdict: tool.Codes{Failure: "go mod tidy failed"}.Verdict,
		},
	}
}

// error severity for every Go finding unless the tool says otherwise.
var goSeverity = map[string]hooks.Severity{"error": hooks.SevError, "warning": hooks.SevWarning, "ignored": hooks.SevInfo}
