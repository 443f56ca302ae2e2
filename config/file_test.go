package config

import (
	"slices"
	"testing"
)

func TestGitStages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		stages [][]string
		want   []string
	}{
		{"no hooks still install pre-commit", nil, []string{"pre-commit"}},
		{"stages come in git's order, once each", [][]string{{"pre-push"}, {"commit-msg", "pre-push"}}, []string{"pre-commit", "commit-msg", "pre-push"}},
		{"manual is no git hook", [][]string{{"manual"}}, []string{"pre-commit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &File{}
			for _, st := range tt.stages {
				f.Hooks = append(f.Hooks, Hook{Stages: st})
			}
			if got := f.GitStages(); !slices.Equal(got, tt.want) {
				t.Errorf("GitStages() = %q, want %q", got, tt.want)
			}
		})
	}
}
