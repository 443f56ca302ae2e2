package precommit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hookrun/hookrun/internal/proc"
)

// pygrepFiles are the files of the pygrep cases; the wanted outputs are what pre-commit
// 4.7.0's pygrep printed for them.
var pygrepFiles = map[string]string{
	"a.txt": "hello TODO world\nok\n",
	"b.txt": "line1\nfoo\nbar baz\n",
	"c.bin": "\xff\xfeTODO\r\n",
}

func TestPygrep(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, data := range pygrepFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := []string{"a.txt", "b.txt", "c.bin"}
	tests := []struct {
		name, entry string
		args        []string
		code        int
		out         string
	}{
		{"lines that match are printed without their line ending", "TODO", nil, 1, "a.txt:1:hello TODO world\nc.bin:1:\xff\xfeTODO\n"},
		{"ignore case", "todo", []string{"-i"}, 1, "a.txt:1:hello TODO world\nc.bin:1:\xff\xfeTODO\n"},
		{"multiline prints the whole first line and the matched rest", `foo\nbar`, []string{"--multiline"}, 1, "b.txt:2:foo\nbar\n"},
		{"negate prints the files without a match", "foo", []string{"--negate"}, 1, "a.txt\nc.bin\n"},
		{"negate multiline", `o\nb`, []string{"--negate", "--multiline"}, 1, "a.txt\nc.bin\n"},
		{"no match passes", "absent", nil, 0, ""},
		{"a pattern may end a line", `world$`, nil, 1, "a.txt:1:hello TODO world\n"},
		{"abbreviated flags work", "TODO", []string{"--neg"}, 1, "b.txt\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := pygrepBuiltin(tt.entry, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			code, out := b(t.Context(), dir, files)
			if code != tt.code || string(out) != tt.out {
				t.Errorf("pygrep %v %q = %d %q, want %d %q", tt.args, tt.entry, code, out, tt.code, tt.out)
			}
		})
	}
	if _, err := pygrepBuiltin("x", []string{"--whole"}); err == nil {
		t.Error("an unknown pygrep flag was accepted")
	}
}

func TestFailBuiltin(t *testing.T) {
	t.Parallel()
	code, out := failBuiltin("do not commit these")(t.Context(), "", []string{"a.txt", "b.txt"})
	if want := "do not commit these\n\na.txt\nb.txt\n"; code != 1 || string(out) != want {
		t.Errorf("fail = %d %q, want 1 %q", code, out, want)
	}
}

func TestPyRepr(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`^nomatch/`: `'^nomatch/'`, `a\.b`: `'a\\.b'`, `it's`: `"it's"`, `'"`: `'\'"'`, "a\nb": `'a\nb'`,
	} {
		if got := pyRepr(in); got != want {
			t.Errorf("pyRepr(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestShellCommand runs each command line with sh, files appended as the runner does,
// and checks the program sees exactly the words, then the files.
func TestShellCommand(t *testing.T) {
	t.Parallel()
	files := []string{"a b.py", "-rf", "$(x)"}
	tests := []struct {
		name  string
		words []string
		plain bool
	}{
		{"plain words stay plain", []string{"printf", "%s\\n", "--x=1"}, false},
		{"a quote in a word", []string{"printf", "%s\\n", "it's"}, false},
		{"a dollar one in a word is not the files", []string{"printf", "%s\\n", "$1", "${@}"}, false},
		{"an empty word", []string{"printf", "%s\\n", ""}, false},
		{"plain command", []string{"echo", "--flag", "a=b"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			line := shellCommand(tt.words)
			if got := line == joinSpace(tt.words); got != tt.plain {
				t.Errorf("shellCommand(%q) = %q, plain %v, want %v", tt.words, line, got, tt.plain)
			}
			script := line
			if tt.plain {
				script += ` "$@"`
			}
			res, err := proc.Run(t.Context(), proc.Cmd{Path: "sh", Args: append([]string{"-c", script, "id"}, files...)})
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			for _, w := range append(append([]string{}, tt.words[2:]...), files...) {
				want += w + "\n"
			}
			if tt.words[0] == "printf" && string(res.Stdout) != want {
				t.Errorf("sh -c %q printed %q, want %q", script, res.Stdout, want)
			}
		})
	}
}

func joinSpace(ws []string) string {
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += " "
		}
		s += w
	}
	return s
}
