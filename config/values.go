package config

import (
	"fmt"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// StringList is a YAML string or list of strings: `files: "*.go"` and
// `files: ["*.go", "*.mod"]` both decode to a list.
type StringList []string

// UnmarshalYAML decodes a scalar into a one-element list and a sequence of scalars into
// a list; anything else is an error naming the line.
func (l *StringList) UnmarshalYAML(value *yaml.Node) error {
	d := &decoder{}
	list := d.list(value, "")
	if err := d.firstError(); err != nil {
		return err
	}
	*l = list
	return nil
}

// Duration is a YAML duration with a unit, such as "30s", "5m" or "1h30m". A bare number
// is an error: "30" could mean seconds or minutes.
type Duration struct{ time.Duration }

// UnmarshalYAML decodes a duration string; see Duration.
func (dur *Duration) UnmarshalYAML(value *yaml.Node) error {
	d := &decoder{}
	v := d.duration(value, "")
	if err := d.firstError(); err != nil {
		return err
	}
	*dur = v
	return nil
}

// MarshalText writes the duration as time.Duration.String does ("5m0s"), which
// UnmarshalYAML reads back.
func (dur Duration) MarshalText() ([]byte, error) {
	return []byte(dur.String()), nil
}

// duration decodes a Duration; see the type for the format.
func (d *decoder) duration(n *yaml.Node, path string) Duration {
	n = Unalias(n)
	if n.Kind != yaml.ScalarNode || isNull(n) {
		d.Errorf(n, path, `must be a duration such as "30s" or "5m", got %s`, describe(n))
		return Duration{}
	}
	if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
		d.Errorf(n, path, `needs a unit: write "%ss" for seconds or "%sm" for minutes`, n.Value, n.Value)
		return Duration{}
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		d.Errorf(n, path, `must be a duration such as "30s", "5m" or "1h30m", got %s`, describe(n))
		return Duration{}
	}
	return Duration{v}
}

// firstError turns the first error of a decoder without a file name into a plain error,
// for the UnmarshalYAML methods, which report one problem as yaml.v3 does.
func (d *decoder) firstError() error {
	if len(d.Errs) == 0 {
		return nil
	}
	e := d.Errs[0]
	return fmt.Errorf("line %d: %s", e.Pos.Line, e.Msg)
}
