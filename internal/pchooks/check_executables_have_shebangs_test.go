package pchooks

import (
	"testing"
)

// shebangFiles are the shapes a script's start takes.
func shebangFiles() map[string]string {
	return map[string]string{
		"ok.sh":        "#!/bin/sh\necho\n",
		"bom.sh":       "\ufeff#!/bin/sh\n",
		"space.sh":     " #!/bin/sh\n",
		"hash-only.sh": "#",
		"bang.sh":      "#!",
		"empty.sh":     "",
		"none.py":      "print(1)\n",
		"crlf.sh":      "#!/bin/sh\r\n",
		"binary.bin":   "\x00\x01#!",
		"has space.sh": "echo\n",
		"it's.sh":      "echo\n",
	}
}

func allShebangFiles() []string { return caseFiles(diffCase{Files: shebangFiles()}) }

func TestCheckExecutablesHaveShebangsMatchesPython(t *testing.T) {
	t.Parallel()
	files := shebangFiles()
	all := allShebangFiles()
	var cases []diffCase
	for _, p := range all {
		cases = append(cases,
			diffCase{Name: "outside git " + p, Files: map[string]string{p: files[p]}, Exec: []string{p}},
			diffCase{Name: "in git " + p, Files: map[string]string{p: files[p]}, Exec: []string{p}, Git: true},
		)
	}
	fileModeFalse := func(t *testing.T, dir string) {
		t.Helper()
		git(t, dir, "config", "core.fileMode", "false")
		git(t, dir, "update-index", "--chmod=+x", "ok.sh", "none.py", "empty.sh")
		git(t, dir, "update-index", "--chmod=-x", "space.sh")
	}
	cases = append(cases,
		diffCase{Name: "core.fileMode false reads the index", Files: files, Exec: []string{"space.sh"}, Git: true, Setup: fileModeFalse},
		diffCase{Name: "core.fileMode false, untracked files skipped", Files: files, Setup: func(t *testing.T, dir string) {
			t.Helper()
			git(t, dir, "init", "-q")
			git(t, dir, "config", "core.fileMode", "false")
		}},
		diffCase{Name: "a symlink to a script", Files: map[string]string{"a.sh": "#!/bin/sh\n"}, Links: map[string]string{"l.sh": "a.sh"}, Exec: []string{"a.sh"}},
		diffCase{Name: "a broken symlink crashes", Files: map[string]string{"a.sh": "#!/bin/sh\n"}, Links: map[string]string{"l.sh": "gone"}},
		diffCase{Name: "no files", Files: files, Pass: []string{}},
	)
	diffTest(t, "check-executables-have-shebangs", "check-executables-have-shebangs", cases)
}

func TestCheckShebangScriptsAreExecutableMatchesPython(t *testing.T) {
	t.Parallel()
	files := shebangFiles()
	var cases []diffCase
	for _, p := range allShebangFiles() {
		cases = append(cases,
			diffCase{Name: "executable " + p, Files: map[string]string{p: files[p]}, Exec: []string{p}, Git: true},
			diffCase{Name: "not executable " + p, Files: map[string]string{p: files[p]}, Git: true},
		)
	}
	cases = append(cases,
		diffCase{Name: "all together", Files: files, Exec: []string{"ok.sh", "none.py"}, Git: true},
		diffCase{Name: "index mode wins over the file's", Files: files, Exec: []string{"ok.sh"}, Git: true, Setup: func(t *testing.T, dir string) {
			t.Helper()
			git(t, dir, "update-index", "--chmod=-x", "ok.sh")
			git(t, dir, "update-index", "--chmod=+x", "crlf.sh")
		}},
		diffCase{Name: "untracked files are skipped", Files: files, Setup: func(t *testing.T, dir string) {
			t.Helper()
			git(t, dir, "init", "-q")
		}},
		diffCase{Name: "outside a repository git fails", Files: map[string]string{"a.sh": "#!/bin/sh\n"}},
		diffCase{
			Name: "a staged file deleted from the work tree crashes", Files: map[string]string{"a.sh": "#!/bin/sh\n", "b.sh": "#!/bin/sh\n"}, Git: true,
			Setup: func(t *testing.T, dir string) {
				t.Helper()
				removeFile(t, dir, "a.sh")
			},
		},
	)
	diffTest(t, "check-shebang-scripts-are-executable", "check-shebang-scripts-are-executable", cases)
}
