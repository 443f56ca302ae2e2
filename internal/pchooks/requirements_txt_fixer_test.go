package pchooks

import "testing"

func TestRequirementsTxtFixerMatchesPython(t *testing.T) {
	files := edgeFiles()
	for name, s := range map[string]string{
		"req-basic.txt":      "requests\nDjango==4.0\nattrs>=21\n",
		"req-comments.txt":   "# top\n\nzope\n# for a\na==1\nb  # trailing\n# end\n",
		"req-top-only.txt":   "# top comment\nb\na\n",
		"req-dups.txt":       "a==1\nb\na==1\n# c\nb\n",
		"req-pkg.txt":        "pkg-resources==0.0.0\nb\na\npkg_resources==0.0.0\n",
		"req-egg.txt":        "git+https://x/y#egg=zed\n-e git+https://x/a.git#egg=alpha\nm\n",
		"req-cont.txt":       "b \\\n  --hash=sha256:1\na\n",
		"req-nofinal.txt":    "b\na",
		"req-markers.txt":    "b; python_version<'3'\na ; sys_platform=='x'\nA~=1\n",
		"req-crlf.txt":       "b\r\na\r\n",
		"req-options.txt":    "-r other.txt\n--index-url x\nb\n",
		"req-blank.txt":      "\n\n  \n",
		"req-sorted.txt":     "a\nb\n",
		"req-lead-space.txt": " b\n a\n",
		"req-one-space.txt":  "# c\n\n b\n",
		"req-same-name.txt":  "a==2\n# why\na==1\n",
	} {
		files[name] = s
	}
	diffTest(t, "requirements-txt-fixer", "requirements-txt-fixer", []diffCase{
		{Name: "edge files", Files: files},
		{Name: "random", Files: randomFiles(9, 60)},
		{Name: "random 2", Files: randomFiles(10, 60)},
	})
}
