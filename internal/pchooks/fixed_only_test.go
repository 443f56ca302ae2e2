package pchooks

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFixedOnly pins which exits 1 are fixes only (Env.FixedOnly), and that a dry run
// (Env.DryRun) writes nothing yet exits and reports as the run that writes.
func TestFixedOnly(t *testing.T) {
	cases := []struct {
		id    string
		args  []string
		files map[string]string
		fixed bool // exit 1 and FixedOnly
	}{
		{"trailing-whitespace", nil, map[string]string{"a.txt": "a  \n"}, true},
		{"end-of-file-fixer", nil, map[string]string{"a.txt": "a"}, true},
		{"fix-byte-order-marker", nil, map[string]string{"a.txt": "\xef\xbb\xbfa\n"}, true},
		{"fix-byte-order-marker", nil, map[string]string{"a.txt": "\xef\xbb\xbf\xff\n"}, false},
		{"mixed-line-ending", nil, map[string]string{"a.txt": "a\r\nb\n"}, true},
		{"mixed-line-ending", []string{"--fix=no"}, map[string]string{"a.txt": "a\r\nb\n"}, false},
		{"requirements-txt-fixer", nil, map[string]string{"requirements.txt": "b\na\n"}, true},
		{"file-contents-sorter", nil, map[string]string{"a.txt": "b\na\n"}, true},
		{"pretty-format-json", []string{"--autofix"}, map[string]string{"a.json": `{"a":1}`}, true},
		{"pretty-format-json", []string{"--autofix"}, map[string]string{"a.json": `{"a":1}`, "b.json": `{"a":`}, false},
		{"pretty-format-json", nil, map[string]string{"a.json": `{"a":1}`}, false},
	}
	for _, c := range cases {
		for _, dry := range []bool{false, true} {
			dir := t.TempDir()
			var names []string
			for name, data := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
				names = append(names, name)
			}
			f, _, err := Lookup(c.id, c.args)
			if err != nil {
				t.Fatal(err)
			}
			var fixedOnly bool
			env := Env{Dir: dir, FixedOnly: &fixedOnly}
			wouldWrite := 0
			if dry {
				env.DryRun = func(string, []byte) { wouldWrite++ }
			}
			code, out := f(t.Context(), env, names)
			if code != 1 || fixedOnly != c.fixed {
				t.Errorf("%s %v %v (dry %v): exit %d, FixedOnly %v; want exit 1, %v\n%s", c.id, c.args, c.files, dry, code, fixedOnly, c.fixed, out)
			}
			if !dry {
				continue
			}
			for name, data := range c.files {
				if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != data {
					t.Errorf("%s (dry run): %s written: %q", c.id, name, got)
				}
			}
			if c.fixed && wouldWrite == 0 {
				t.Errorf("%s (dry run): DryRun heard of no file", c.id)
			}
		}
	}
}
