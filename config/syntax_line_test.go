package config

import (
	"testing"
)

// The lines here are those PyYAML (libyaml, as pre-commit loads configs) names as the
// problem's, or, for an unclosed collection, as its start.
func TestSyntaxErrorLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		yaml     string
		wantLine int
		wantMsg  string
	}{
		{
			name:     "a key indented too little is found at its own line, not the mapping's",
			yaml:     "repos:\n- repo: local\n  hooks:\n  - id: x\n    name: x\n    language: system\n   entry: \"true\"\n",
			wantLine: 7, wantMsg: "did not find expected key",
		},
		{
			name:     "the same with CRLF line ends",
			yaml:     "repos:\r\n- repo: local\r\n  hooks:\r\n  - id: x\r\n   entry: y\r\n",
			wantLine: 5, wantMsg: "did not find expected key",
		},
		{
			name:     "a block error in a mapping that starts on line 1 is at its own line",
			yaml:     "a: 1\n- b\n",
			wantLine: 2, wantMsg: "did not find expected key",
		},
		{
			name:     "a list entry outdented into a mapping's key is at its own line",
			yaml:     "version: 1\nhooks:\n  - id: a\n    check: x\n   run: y\n",
			wantLine: 5, wantMsg: "did not find expected '-' indicator",
		},
		{
			name:     "a block error in the second document is at its own line",
			yaml:     "a: 1\n---\nb:\n  c: 1\n d: 2\n",
			wantLine: 5, wantMsg: "did not find expected key",
		},
		{
			name:     "an unclosed flow list is at the line of its bracket",
			yaml:     "x: 1\na: [b,\n c,\n d\ne: f\n",
			wantLine: 2, wantMsg: "did not find expected ',' or ']'",
		},
		{
			name:     "a scanner error keeps yaml.v3's line",
			yaml:     "a: b\n  c: d\n",
			wantLine: 2, wantMsg: "mapping values are not allowed in this context",
		},
		{
			name:     "a scanner error on line 1 is at line 1",
			yaml:     "a: @x\n",
			wantLine: 1, wantMsg: "found character that cannot start any token",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := []byte(tt.yaml)
			err := decodeAll(data)
			if err == nil {
				t.Fatal("yaml.v3 accepted the document")
			}
			line, msg := SyntaxErrorLine(data, err)
			if line != tt.wantLine || msg != tt.wantMsg {
				t.Errorf("got %d: %s\nwant %d: %s", line, msg, tt.wantLine, tt.wantMsg)
			}
		})
	}
}
