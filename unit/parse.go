package unit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"go.yaml.in/yaml/v3"
)

// file is the YAML form of a directory.
type file struct {
	Fallback string     `yaml:"fallback"`
	Units    []fileUnit `yaml:"units"`
}

type fileUnit struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Kind    string   `yaml:"kind"`
	Regions []string `yaml:"regions"`
	Active  *bool    `yaml:"active"` // true when left out
}

// Parse reads a directory from YAML (see the package documentation for the
// form): a fallback and a list of units, each with an id, a name, a kind
// (English key or Chinese name), regions and, optionally, active (true when
// left out). Unknown or repeated keys, repeated ids and invalid units are
// refused. Errors wrap ErrInvalid and give the line of the unit at fault
// when there is one.
func Parse(r io.Reader) (*Directory, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("unit: %w", err)
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("unit: %w: %w", ErrInvalid, err)
	}
	lines := unitLines(data)
	units := make([]Unit, len(f.Units))
	seen := make(map[string]int, len(f.Units))
	for i, fu := range f.Units {
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		fail := func(err error) error { return fmt.Errorf("unit: line %d: %w", line, err) }
		k, err := ParseKind(fu.Kind)
		if err != nil && fu.Kind != "" {
			return nil, fail(fmt.Errorf("unit %q: %w", fu.ID, kindError(fu.Kind)))
		}
		u := Unit{ID: fu.ID, Name: fu.Name, Kind: k, Regions: fu.Regions, Active: fu.Active == nil || *fu.Active}
		if err := u.Validate(); err != nil {
			return nil, fail(err)
		}
		if at, dup := seen[u.ID]; dup {
			return nil, fail(fmt.Errorf("unit %q: id given twice, first at line %d: %w", u.ID, at, ErrInvalid))
		}
		seen[u.ID] = line
		units[i] = u
	}
	d, err := New(units, f.Fallback)
	if err != nil {
		return nil, fmt.Errorf("unit: %w", err)
	}
	return d, nil
}

// unitLines returns the line of each item of the units list, in order.
func unitLines(data []byte) []int {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "units" {
			var lines []int
			for _, n := range root.Content[i+1].Content {
				lines = append(lines, n.Line)
			}
			return lines
		}
	}
	return nil
}

// LoadFile reads a directory from the YAML file at path (see Parse).
// Errors name the file.
func LoadFile(path string) (*Directory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}
