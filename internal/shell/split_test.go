package shell

import (
	"errors"
	"slices"
	"testing"
)

// TestSplit pins Python's shlex.split behaviour (checked against Python 3.11).
func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
		err      error
	}{
		{"words split at blanks", "a  b", []string{"a", "b"}, nil},
		{"double quotes group words", `a  "b c"`, []string{"a", "b c"}, nil},
		{"quoted parts join their word", `x'y z'w`, []string{"xy zw"}, nil},
		{"a backslash escapes a blank", `a\ b`, []string{"a b"}, nil},
		{`inside double quotes only " and \ are escaped`, `"a\"b\\c\$d"`, []string{`a"b\c\$d`}, nil},
		{"empty quotes are an empty word", `a "" b ''`, []string{"a", "", "b", ""}, nil},
		{"shell syntax means nothing", "$HOME `x` *.py", []string{"$HOME", "`x`", "*.py"}, nil},
		{"tabs and newlines separate", "tab\there\nnl", []string{"tab", "here", "nl"}, nil},
		{"an open quote is an error", `"abc`, nil, ErrNoClosingQuote},
		{"a trailing backslash is an error", `a\`, nil, ErrNoEscapedChar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Split(tt.in)
			if !errors.Is(err, tt.err) || !slices.Equal(got, tt.want) {
				t.Errorf("Split(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
