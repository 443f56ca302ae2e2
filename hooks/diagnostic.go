package hooks

// Severity ranks a diagnostic.
type Severity int

// Severities, most severe first.
const (
	SevError Severity = iota
	SevWarning
	SevInfo
)

func (s Severity) String() string {
	return [...]string{"error", "warning", "info"}[s]
}

// Diagnostic is one finding of a tool, in one shape whatever the tool: positions are
// 1-based (0 means unknown) and the end is inclusive of the last column where known.
type Diagnostic struct {
	Path     string // repository-relative, slash-separated
	Line     int
	Col      int
	EndLine  int
	EndCol   int
	Rule     string // the tool's code: F401, SA4006, no-unused-vars
	Severity Severity
	Message  string
	Tool     string // the tool that reported it: ruff, eslint
}
