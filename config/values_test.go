package config_test

import (
	"slices"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hookrun/hookrun/config"
)

func TestStringListUnmarshalYAML(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		yaml    string
		want    config.StringList
		wantErr string
	}{
		{name: "a scalar is a one-element list", yaml: "l: a", want: config.StringList{"a"}},
		{name: "a sequence is a list", yaml: "l: [a, b]", want: config.StringList{"a", "b"}},
		{name: "numbers are kept as written", yaml: "l: [01, 2.50]", want: config.StringList{"01", "2.50"}},
		{name: "an empty sequence is an empty list", yaml: "l: []", want: config.StringList{}},
		{
			name: "a mapping is an error", yaml: "l: {a: b}",
			wantErr: "line 1: must be a string or a list of strings, got a mapping",
		},
		{name: "a nested list is an error", yaml: "l:\n  - [a]", wantErr: "line 2: must be a string, got a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v struct{ L config.StringList }
			err := yaml.Unmarshal([]byte(tt.yaml), &v)
			checkUnmarshal(t, err, tt.wantErr)
			if tt.wantErr == "" && !slices.Equal(v.L, tt.want) {
				t.Errorf("got %q, want %q", v.L, tt.want)
			}
		})
	}
}

func TestDurationUnmarshalYAML(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		yaml    string
		want    time.Duration
		wantErr string
	}{
		{name: "seconds", yaml: "d: 30s", want: 30 * time.Second},
		{name: "minutes", yaml: "d: 5m", want: 5 * time.Minute},
		{name: "hours and minutes add up", yaml: "d: 1h30m", want: 90 * time.Minute},
		{
			name: "a bare number has no unit", yaml: "d: 30",
			wantErr: `line 1: needs a unit: write "30s" for seconds or "30m" for minutes`,
		},
		{
			name: "a bare zero has no unit either", yaml: "d: 0",
			wantErr: `line 1: needs a unit: write "0s" for seconds or "0m" for minutes`,
		},
		{
			name: "words are not a duration", yaml: "d: soon",
			wantErr: `line 1: must be a duration such as "30s", "5m" or "1h30m", got "soon"`,
		},
		{
			name: "a list is not a duration", yaml: "d: [1s]",
			wantErr: `line 1: must be a duration such as "30s" or "5m", got a list`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v struct{ D config.Duration }
			err := yaml.Unmarshal([]byte(tt.yaml), &v)
			checkUnmarshal(t, err, tt.wantErr)
			if tt.wantErr == "" && v.D.Duration != tt.want {
				t.Errorf("got %v, want %v", v.D.Duration, tt.want)
			}
		})
	}
}

func TestDurationRoundTrip(t *testing.T) {
	t.Parallel()
	in := struct{ D config.Duration }{config.Duration{90 * time.Minute}}
	data, err := yaml.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out struct{ D config.Duration }
	if err := yaml.Unmarshal(data, &out); err != nil {
		t.Fatalf("Unmarshal(%q): %v", data, err)
	}
	if out != in {
		t.Errorf("got %v, want %v (yaml %q)", out.D, in.D, data)
	}
}

func checkUnmarshal(t *testing.T, err error, wantErr string) {
	t.Helper()
	switch {
	case wantErr == "" && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case wantErr != "" && err == nil:
		t.Fatalf("no error, want %q", wantErr)
	case wantErr != "" && err.Error() != wantErr:
		t.Fatalf("error:\ngot  %s\nwant %s", err, wantErr)
	}
}
