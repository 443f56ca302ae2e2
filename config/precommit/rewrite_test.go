package precommit

import (
	"strings"
	"testing"
)

func TestRewriteRevs(t *testing.T) {
	t.Parallel()
	const repo, hooks = "repos:\n- repo: https://example.com/r\n", "  hooks: [{id: a}]\n"
	for _, c := range []struct {
		name, before, in, after, rev, frozen, want string
	}{
		{"a plain rev keeps its comment", repo, "  rev: v1.0.0  # pinned\n", hooks, "v2.0.0", "", "  rev: v2.0.0  # pinned\n"},
		{"quotes are kept", repo, "  rev: 'v1.0.0'\n", hooks, "v2.0.0", "", "  rev: 'v2.0.0'\n"},
		{"double quotes are kept", repo, "  rev: \"v1\" # x\n", hooks, "v2", "", "  rev: \"v2\" # x\n"},
		{"CRLF stays", repo, "  rev: v1\r\n", hooks, "v2", "", "  rev: v2\r\n"},
		{"freezing writes the tag as a comment", repo, "  rev: v1 # old\n", hooks, "abc123", "v2", "  rev: abc123  # frozen: v2\n"},
		{"unfreezing drops the old frozen comment", repo, "  rev: abc  # frozen: v1\n", hooks, "v2", "", "  rev: v2\n"},
		{"a number-like tag is quoted", repo, "  rev: v1\n", hooks, "1.10", "", "  rev: '1.10'\n"},
		{"a flow mapping keeps the rest", "repos:\n", "- {repo: x, rev: v1, hooks: [{id: a}]}\n", "", "v2", "", "- {repo: x, rev: v2, hooks: [{id: a}]}\n"},
		{"no final newline", repo + hooks, "  rev: v1", "", "v2", "", "  rev: v2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			data := c.before + c.in + c.after
			cfg, _, err := Parse(FileName, []byte(data))
			if err != nil {
				t.Fatal(err)
			}
			got, err := RewriteRevs([]byte(data), []RevEdit{{Pos: cfg.Repos[0].RevPos, Old: cfg.Repos[0].Rev, Rev: c.rev, Frozen: c.frozen}})
			if err != nil {
				t.Fatal(err)
			}
			if want := c.before + c.want + c.after; string(got) != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestRewriteRevsRefusesAChangedFile(t *testing.T) {
	t.Parallel()
	data := "repos:\n- repo: x\n  rev: v1\n  hooks: [{id: a}]\n"
	cfg, _, err := Parse(FileName, []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(data, "v1", "v9", 1)
	if _, err := RewriteRevs([]byte(changed), []RevEdit{{Pos: cfg.Repos[0].RevPos, Old: "v1", Rev: "v2"}}); err == nil {
		t.Error("RewriteRevs replaced a rev that is no longer the one read")
	}
}
