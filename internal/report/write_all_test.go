package report

import (
	"slices"
	"testing"
)

func TestDests(t *testing.T) {
	for _, tc := range []struct {
		name             string
		formats, outputs []string
		github           bool
		want             []Dest
	}{
		{name: "outside GitHub", formats: []string{"json"}, want: []Dest{{"json", ""}}},
		{name: "annotations on stdout", github: true, want: []Dest{{"github", ""}}},
		{
			name: "beside a file", formats: []string{"sarif"}, outputs: []string{"r.sarif"}, github: true,
			want: []Dest{{"sarif", "r.sarif"}, {"github", ""}},
		},
		{name: "not beside stdout", formats: []string{"junit"}, github: true, want: []Dest{{"junit", ""}}},
		{name: "asked for", formats: []string{"github"}, outputs: []string{"a.txt"}, github: true, want: []Dest{{"github", "a.txt"}}},
	} {
		if got := Dests(tc.formats, tc.outputs, tc.github); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Dests = %v, want %v", tc.name, got, tc.want)
		}
	}
}
