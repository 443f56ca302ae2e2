package config

import (
	"slices"
	"testing"
)

func TestWarnings(t *testing.T) {
	t.Parallel()
	const msg = `warning: this script never reads the files it is given ("$@"); it runs once ` +
		`with them as arguments it ignores; use "$@" or set pass_files: false`
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{
			name: "a multi-line run script that never reads its files is pointed at",
			yaml: "version: 1\nhooks:\n  - id: a\n    run: |\n      cd web\n      npm test\n",
			want: []string{"hookrun.yaml:4:5: hooks[0].run: " + msg},
		},
		{
			name: "check and fix scripts are each pointed at",
			yaml: "version: 1\nhooks:\n  - id: a\n    check: |\n      set -e\n      lint\n    fix: |\n      set -e\n      fmt\n",
			want: []string{"hookrun.yaml:4:5: hooks[0].check: " + msg, "hookrun.yaml:7:5: hooks[0].fix: " + msg},
		},
		{
			name: "an inner shell's $@ in single quotes is not a read",
			yaml: "version: 1\nhooks:\n  - id: a\n    run: lint\n  - id: b\n    run: |\n      set -e\n      sh -c 'echo \"$@\"' --\n",
			want: []string{"hookrun.yaml:6:5: hooks[1].run: " + msg},
		},
		{
			name: "a script that reads $@ is fine",
			yaml: "version: 1\nhooks:\n  - id: a\n    run: |\n      set -e\n      lint \"$@\"\n",
		},
		{
			name: "a script of a hook that passes no files is fine",
			yaml: "version: 1\nhooks:\n  - id: a\n    pass_files: false\n    run: |\n      cd web\n      npm test\n",
		},
		{
			name: "a one-line command gets the files appended, so it is fine",
			yaml: "version: 1\nhooks:\n  - id: a\n    run: sh -c 'echo \"$@\"' --\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := Parse("hookrun.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range Warnings(f) {
				got = append(got, w.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Warnings() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
