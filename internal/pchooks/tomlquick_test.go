package pchooks

import (
	"fmt"
	"testing"
	"unicode/utf8"
)

// TestTOMLQuickOnlyAccepts holds check-toml's fast path (a decode into no fields, for
// documents without dates, times or big numbers) to the full check: on the cases and
// many mutations of plain documents, wherever the fast path is taken and says yes, the
// full decode finds nothing wrong. (The differential tests hold both to tomllib.)
func TestTOMLQuickOnlyAccepts(t *testing.T) {
	t.Parallel()
	fullAccepts(t, "", tomlQuickAccepted(), 200, validTOMLFull)
}

// TestTOMLQuickMatchesPython holds the fast path to the pinned Python's tomllib: every
// document it accepts, tomllib reads.
func TestTOMLQuickMatchesPython(t *testing.T) {
	t.Parallel()
	pythonAccepts(t, "", "tomllib", tomlQuickAccepted(), "import tomllib", "tomllib.load(f)", "tomllib.TOMLDecodeError")
}

// tomlQuickAccepted is what the fast path accepts (UTF-8 documents that the lexer
// passes without asking for the full decode) of the cases, the seeds and many
// mutations of them.
func tomlQuickAccepted() []string {
	return quickAccepted(tomlCases, tomlQuickSeeds, 3000, "[]{}=,.\"'\\#\n 0_x+-:eu\x01\xff", nil, func(d string) bool {
		l := tomlLexer{data: []byte(d), line: 1}
		return utf8.ValidString(d) && l.lex() == nil && !l.full && tomlQuickOK([]byte(d))
	})
}

// tomlQuickSeeds are plain, valid documents the fast path takes.
var tomlQuickSeeds = []string{
	"[[package]]\nname = \"aws-cdk-lib\"\nversion = \"2.99.1\"\noptional = false\npython-versions = \">=3.8\"\n" +
		"files = [\n    {file = \"a-2.99.1.tar.gz\", hash = \"sha256:0123abcd\"},\n]\n\n[package.dependencies]\nx = {version = \">=1\", markers = \"extra == 'y'\"}\n" +
		"\n[package.extras]\ndev = [\"a (>=1)\", 'b']\n\n[metadata]\nlock-version = \"2.0\"\n",
	"[tool.x]\nn = 12\nf = 0.5\nh = 0xff\no = 0o17\nb = 0b11\nneg = -3_000\ninf = +inf\nok = true\ns = '''\nraw\n'''\nm = \"\"\"\nml \\\n  x\"\"\"\nt = [ [1, 2], [\"a\"], [] ]\nu = \"\\u00e9\\t\"\n",
	"a.b.c = 1\na.d = {e = [1, 2], f = {g = 'h'}}\n\"quoted key\" = 2\n[x.'y'.z]\nw = 3 # comment\n",
}

// poetryLock is a lock file of n packages, as poetry writes them.
func poetryLock(n int) []byte {
	var b []byte
	for i := range n {
		b = fmt.Appendf(b, "[[package]]\nname = \"pkg%d\"\nversion = \"1.%d.0\"\ndescription = \"a package\"\noptional = false\n"+
			"python-versions = \">=3.8\"\nfiles = [\n    {file = \"pkg%d-1.%d.0.tar.gz\", hash = \"sha256:%064x\"},\n]\n\n"+
			"[package.dependencies]\ndep = {version = \">=2\", markers = \"python_version < '3.11'\"}\n\n", i, i, i, i, i)
	}
	return append(b, "[metadata]\nlock-version = \"2.0\"\npython-versions = \"^3.8\"\n"...)
}

func TestCheckTOMLPlainDocumentBuildsNoValues(t *testing.T) { //nolint:paralleltest // AllocsPerRun counts the whole process's allocations
	data := poetryLock(200)
	allocs := testing.AllocsPerRun(3, func() {
		if err := validTOML10(data); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 500 {
		t.Errorf("checking a 200-package lock file made %v allocations: it built the values", allocs)
	}
}

func BenchmarkCheckTOMLLockFile(b *testing.B) {
	data := poetryLock(500)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := validTOML10(data); err != nil {
			b.Fatal(err)
		}
	}
}
