package conf_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline/internal/conf"
)

type item struct {
	Name  string        `yaml:"name"`
	Count int           `yaml:"count"`
	On    bool          `yaml:"on"`
	Wait  time.Duration `yaml:"wait"`
	Tags  []string      `yaml:"tags"`
}

type file struct {
	Title string            `yaml:"title"`
	Items []item            `yaml:"items"`
	Units map[string]string `yaml:"units"`
	Extra *item             `yaml:"extra"`
	Raw   []yaml.Node       `yaml:"raw"`
}

// refusals are files with one mistake each; they also seed FuzzDecode.
var refusals = []struct {
	name      string
	in        string
	is        error
	line, col int
	path, msg string
}{
	{"empty", "", conf.ErrEmpty, 0, 0, "", "empty file"},
	{"only a comment", "# nothing\n", conf.ErrEmpty, 0, 0, "", "empty file"},
	{"syntax", "title: a\nitems: [\n", conf.ErrSyntax, 2, 0, "", "not valid YAML: did not find expected node content"},
	{"two documents", "title: a\n---\ntitle: b\n", conf.ErrBadValue, 2, 1, "", "want one document"},
	{"unknown key", "title: a\ncolour: red\n", conf.ErrUnknownField, 2, 1, "colour", `unknown field "colour" (known: title, items, units, extra, raw)`},
	{"unknown nested key", "items:\n  - name: a\n    size: 3\n", conf.ErrUnknownField, 3, 5, "items[0].size", `unknown field "size"`},
	{"number as a key", "1: x\n", conf.ErrUnknownField, 1, 1, "1", "a number as a key: unknown field"},
	{"duplicate key", "title: a\ntitle: b\n", conf.ErrDuplicateKey, 2, 1, "title", "bad value: given twice, first on line 1"},
	{"duplicate map key", "units:\n  a: x\n  a: y\n", conf.ErrDuplicateKey, 3, 3, "units.a", "given twice"},
	{"duplicate in flow", "extra: {name: a, name: b}\n", conf.ErrDuplicateKey, 1, 18, "extra.name", "given twice"},
	{"text for a number", "items:\n  - count: many\n", conf.ErrBadValue, 2, 12, "items[0].count", `want a whole number, got "many"`},
	{"fraction for a number", "items:\n  - count: 1.5\n", conf.ErrBadValue, 2, 12, "items[0].count", "want a whole number, got a number"},
	{"word for a boolean", "items:\n  - on: yes\n", conf.ErrBadValue, 2, 9, "items[0].on", `want true or false, got "yes"`},
	{"bad duration", "items:\n  - wait: 3d\n", conf.ErrBadValue, 2, 11, "items[0].wait", "want a duration"},
	{"list for text", "title: [a]\n", conf.ErrBadValue, 1, 8, "title", "want text, got a list"},
	{"text for a list", "items: a\n", conf.ErrBadValue, 1, 8, "items", `want a list, got "a"`},
	{"list for a mapping", "- a\n", conf.ErrBadValue, 1, 1, "", "want a mapping, got a list"},
	{"mapping in a list of text", "items:\n  - tags: [{a: 1}]\n", conf.ErrBadValue, 2, 12, "items[0].tags[0]", "want text, got a mapping"},
	{"mistake behind an alias", "extra: &x {count: x}\nitems: [*x]\n", conf.ErrBadValue, 1, 19, "extra.count", "want a whole number"},
	{"nothing in a list of text", "items:\n  - tags: [a, ~]\n", conf.ErrBadValue, 2, 15, "items[0].tags[1]", "want text in the list, got nothing"},
	{"list as a key", "units:\n  [a]: b\n", conf.ErrBadValue, 2, 3, "units", "want a key, got a list"},
}

func TestDecodeRefuses(t *testing.T) {
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			var f file
			err := conf.Decode(strings.NewReader(c.in), &f)
			var ce *conf.Error
			require.ErrorAs(t, err, &ce)
			assert.ErrorIs(t, err, c.is)
			assert.Equal(t, c.line, ce.Line, "line: %v", err)
			assert.Equal(t, c.col, ce.Column, "column: %v", err)
			assert.Equal(t, c.path, ce.Path, "%v", err)
			assert.Contains(t, err.Error(), c.msg)
		})
	}
}

func TestDecodeAccepts(t *testing.T) {
	in := `
title: t
base: &base
items:
  - &one {name: a, count: 2, on: true, wait: 90m, tags: [x, y]}
  - *one
  - name: b
units: {east: water}
extra: ~
raw: [1, {any: thing}]
`
	var f file
	err := conf.Decode(strings.NewReader(strings.Replace(in, "base: &base\n", "", 1)), &f)
	require.NoError(t, err)
	one := item{Name: "a", Count: 2, On: true, Wait: 90 * time.Minute, Tags: []string{"x", "y"}}
	assert.Equal(t, "t", f.Title)
	assert.Equal(t, []item{one, one, {Name: "b"}}, f.Items)
	assert.Equal(t, map[string]string{"east": "water"}, f.Units)
	assert.Nil(t, f.Extra)
	require.Len(t, f.Raw, 2)
	assert.Equal(t, 9, f.Raw[1].Line)
	assert.Equal(t, 10, f.Raw[1].Column, "kept positions")

	// JSON is YAML.
	var j file
	require.NoError(t, conf.Decode(strings.NewReader(`{"title": "t", "items": [{"name": "a", "count": 2}]}`), &j))
	assert.Equal(t, []item{{Name: "a", Count: 2}}, j.Items)
}

func TestMergeKeys(t *testing.T) {
	var f file
	require.NoError(t, conf.Decode(strings.NewReader("items:\n  - &a {name: a, count: 1}\n  - <<: *a\n    count: 2\n"), &f))
	assert.Equal(t, []item{{Name: "a", Count: 1}, {Name: "a", Count: 2}}, f.Items)
	err := conf.Decode(strings.NewReader("items:\n  - <<: {name: a, size: 1}\n"), &f)
	assert.ErrorIs(t, err, conf.ErrUnknownField)
}

// Aliases of aliases would take exponential time to walk one by one:
// Parse refuses them, even for a file kept as nodes, as the nodes could be
// decoded one at a time. Fewer are checked once per anchor.
func TestDecodeManyAliases(t *testing.T) {
	doc := func(levels int) string {
		var b strings.Builder
		b.WriteString("a0: &a0 [x, x]\n")
		for i := 1; i < levels; i++ {
			b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [*a" + itoa(i-1) + ", *a" + itoa(i-1) + "]\n")
		}
		return b.String()
	}
	var v map[string]any
	err := conf.Decode(strings.NewReader(doc(30)), &v)
	require.ErrorIs(t, err, conf.ErrBadValue)
	assert.ErrorContains(t, err, "aliases stand for more than 10000 nodes")
	var tree map[string][]yaml.Node
	require.ErrorIs(t, conf.Decode(strings.NewReader(doc(30)), &tree), conf.ErrBadValue)
	var lists map[string][]any
	require.NoError(t, conf.Decode(strings.NewReader(doc(6)), &lists))
	assert.Len(t, lists["a5"], 2)
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestAtAndLookup(t *testing.T) {
	n, err := conf.Parse(strings.NewReader("items:\n  - name: a\n    tags: [x, y]\n  - name: b\n"))
	require.NoError(t, err)
	e := conf.At(n, "items[0].tags[1]", errors.New("no such tag"))
	assert.Equal(t, &conf.Error{Line: 3, Column: 15, Path: "items[0].tags[1]", Err: e.Err}, e)
	assert.EqualError(t, e, "line 3, column 15: items[0].tags[1]: no such tag")
	// A missing key: the nearest enclosing node.
	assert.Equal(t, 4, conf.Lookup(n, "items[1].count").Line)
	assert.Equal(t, 2, conf.Lookup(n, "items[9]").Line, "the list")
	assert.Equal(t, "b", conf.Field(conf.Lookup(n, "items[1]"), "name").Value)
	assert.Nil(t, conf.Field(n, "title"))
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.yaml")
	require.NoError(t, os.WriteFile(path, []byte("title: a\ncolour: b\n"), 0o600))
	parse := func(r io.Reader) (*file, error) {
		var f file
		if err := conf.Decode(r, &f); err != nil {
			return nil, err
		}
		return &f, nil
	}
	_, err := conf.LoadFile(path, parse)
	var ce *conf.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 2, ce.Line)
	assert.True(t, strings.HasPrefix(err.Error(), path+": line 2, column 1: colour: unknown field"), err.Error())

	_, err = conf.LoadFile(filepath.Join(dir, "none.yaml"), parse)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestDecodeNeedsAPointer(t *testing.T) {
	n, err := conf.Parse(strings.NewReader("title: a\n"))
	require.NoError(t, err)
	assert.Error(t, conf.DecodeNode(n, file{}))
}

func FuzzDecode(f *testing.F) {
	for _, c := range refusals {
		f.Add(c.in)
	}
	f.Add("items:\n  - &one {name: a, count: 2, on: true, wait: 90m, tags: [x, y]}\n  - *one\n")
	f.Add("title: !!binary AAEC\nitems:\n  - <<: {name: a}\n    <<: {count: !!int 1}\n")
	f.Add("raw: &r [a, *r]\n")
	f.Fuzz(func(t *testing.T, in string) {
		var v file
		err := conf.Decode(strings.NewReader(in), &v)
		if err == nil {
			return
		}
		var ce *conf.Error
		if !errors.As(err, &ce) {
			t.Fatalf("%v is not a *conf.Error", err)
		}
		if !errors.Is(err, conf.ErrSyntax) && !errors.Is(err, conf.ErrBadValue) && !errors.Is(err, conf.ErrUnknownField) {
			t.Fatalf("%v wraps no sentinel", err)
		}
	})
}

// upper is text in capitals; it checks its own value.
type upper string

func (u *upper) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || strings.ToUpper(n.Value) != n.Value {
		return fmt.Errorf("%w: want capitals, got %s", conf.ErrBadValue, conf.Describe(n))
	}
	*u = upper(n.Value)
	return nil
}

// codes is a list of capitals that places a mistake at its item.
type codes []string

func (c *codes) UnmarshalYAML(n *yaml.Node) error {
	for i, item := range n.Content {
		if strings.ToUpper(item.Value) != item.Value {
			return &conf.Error{Line: item.Line, Column: item.Column, Path: fmt.Sprintf("[%d]", i), Err: conf.ErrBadValue}
		}
		*c = append(*c, item.Value)
	}
	return nil
}

func TestUnmarshalerErrorsArePlaced(t *testing.T) {
	type cfg struct {
		Code  upper  `yaml:"code"`
		Codes codes  `yaml:"codes"`
		Ptr   *upper `yaml:"ptr"`
	}
	var c cfg
	require.NoError(t, conf.Decode(strings.NewReader("code: AB\ncodes: [X, Y]\nptr: Z\n"), &c))
	assert.Equal(t, cfg{Code: "AB", Codes: codes{"X", "Y"}, Ptr: ptr(upper("Z"))}, c)

	for _, tc := range []struct {
		in, path  string
		line, col int
	}{
		{"code: ab\n", "code", 1, 7},
		{"codes:\n  - X\n  - y\n", "codes[1]", 3, 5},
		{"ptr: [Z]\n", "ptr", 1, 6},
	} {
		err := conf.Decode(strings.NewReader(tc.in), &cfg{})
		var ce *conf.Error
		require.ErrorAs(t, err, &ce, tc.in)
		assert.ErrorIs(t, err, conf.ErrBadValue)
		assert.Equal(t, &conf.Error{Line: tc.line, Column: tc.col, Path: tc.path, Err: ce.Err}, ce, tc.in)
	}
}

func ptr[T any](v T) *T { return &v }

// colour reads itself from text and says what it accepts.
type colour string

var errNoColour = errors.New("want red or blue")

func (c *colour) UnmarshalText(b []byte) error {
	if s := string(b); s == "red" || s == "blue" {
		*c = colour(s)
		return nil
	}
	return fmt.Errorf("colour %q: %w", b, errNoColour)
}

// A type that reads itself from text keeps its own reason, at its line.
func TestTextUnmarshalerReason(t *testing.T) {
	var v struct {
		Colour colour `yaml:"colour"`
	}
	require.NoError(t, conf.Decode(strings.NewReader("colour: red\n"), &v))
	assert.Equal(t, colour("red"), v.Colour)
	err := conf.Decode(strings.NewReader("\ncolour: green\n"), &v)
	var ce *conf.Error
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, errNoColour)
	assert.ErrorIs(t, err, conf.ErrBadValue)
	assert.Equal(t, 2, ce.Line)
	assert.Contains(t, err.Error(), `colour "green": want red or blue`)
	err = conf.Decode(strings.NewReader("colour: [red]\n"), &v)
	assert.ErrorContains(t, err, "want text, got a list")
}

// Every file shares two conveniences: one scalar where a list of scalars
// belongs, and a quoted number where a number belongs.
func TestDecodeConveniences(t *testing.T) {
	var f file
	require.NoError(t, conf.Decode(strings.NewReader("extra: {name: &t y}\nitems:\n  - {name: a, count: \" 40 \", tags: x}\n  - {count: \"-3\", tags: *t}\n"), &f))
	assert.Equal(t, []item{{Name: "a", Count: 40, Tags: []string{"x"}}, {Count: -3, Tags: []string{"y"}}}, f.Items)

	var g struct {
		Ratio float64 `yaml:"ratio"`
		Big   uint8   `yaml:"big"`
		On    bool    `yaml:"on"`
	}
	require.NoError(t, conf.Decode(strings.NewReader(`ratio: "0.5"`), &g))
	assert.Equal(t, 0.5, g.Ratio)
	for in, msg := range map[string]string{
		`big: "300"`:                   "want a whole number",
		`ratio: "NaN"`:                 "want a number",
		`on: "true"`:                   `want true or false, got "true"`,
		"items:\n  - count: \"1.5\"\n": `want a whole number, got "1.5"`,
		// An anchored scalar stays as it is, for its aliases.
		"items:\n  - {name: &t x, tags: *t}\n  - tags: &u x\n": `want a list, got "x"`,
	} {
		err := conf.Decode(strings.NewReader(in), &g)
		if strings.HasPrefix(in, "items") {
			err = conf.Decode(strings.NewReader(in), &f)
		}
		assert.ErrorIs(t, err, conf.ErrBadValue, in)
		assert.ErrorContains(t, err, msg, in)
	}
}

func TestPosition(t *testing.T) {
	assert.Equal(t, "line 3, column 7", conf.Position{Line: 3, Column: 7}.String())
	assert.Equal(t, "line 3", conf.Position{Line: 3}.String())
	assert.Empty(t, conf.Position{Column: 7}.String())
	assert.Equal(t, " (line 3, column 7)", conf.Position{Line: 3, Column: 7}.Suffix())
	assert.Empty(t, conf.Position{}.Suffix())
}

func TestJoinPath(t *testing.T) {
	for _, c := range [][3]string{
		{"", "a", "a"}, {"a", "", "a"}, {"a", "b", "a.b"}, {"a", "[2]", "a[2]"}, {"a[1]", "b.c", "a[1].b.c"},
	} {
		assert.Equal(t, c[2], conf.JoinPath(c[0], c[1]), "%q %q", c[0], c[1])
	}
}

func TestSplit(t *testing.T) {
	var f file
	err := conf.Decode(strings.NewReader("items:\n  - count: x\n"), &f)
	path, at, cause := conf.Split(fmt.Errorf("wrapped: %w", err))
	assert.Equal(t, "items[0].count", path)
	assert.Equal(t, conf.Position{Line: 2, Column: 12}, at)
	assert.ErrorIs(t, cause, conf.ErrBadValue)
	assert.NotContains(t, cause.Error(), "line")

	plain := errors.New("plain")
	path, at, cause = conf.Split(plain)
	assert.Empty(t, path)
	assert.Equal(t, conf.Position{}, at)
	assert.Same(t, plain, cause)
}
