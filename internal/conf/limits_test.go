package conf_test

import (
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline/internal/conf"
)

// Tags other than the core schema's are refused where they stand: they
// would turn base64 into text ("!!binary"), or be dropped silently.
func TestTagsRefused(t *testing.T) {
	for _, c := range []struct {
		in        string
		line, col int
		path, tag string
	}{
		{"title: !!binary 5Z+O566h5YiG5bGA\n", 1, 8, "title", "!!binary"},
		{"title: !whatever hello\n", 1, 8, "title", "!whatever"},
		{"items:\n  - name: !!binary AAEC\n", 2, 11, "items[0].name", "!!binary"},
		{"items:\n  - tags: [a, !x b]\n", 2, 15, "items[0].tags[1]", "!x"},
		{"extra: !thing {name: a}\n", 1, 8, "extra", "!thing"},
		{"items: !!set {a: ~}\n", 1, 8, "items", "!!set"},
		{"!x title: a\n", 1, 1, "title", "!x"},
		{"title: !!timestamp 2024-01-02\n", 1, 8, "title", "!!timestamp"},
		{"%TAG !e! tag:example.com,2000:\n---\ntitle: !e!x a\n", 3, 8, "title", "tag:example.com,2000:x"},
		// Core tags that do not fit their node.
		{"items:\n  - name: !!int abc\n", 2, 11, "items[0].name", `!!int does not fit "abc"`},
		{"title: !!bool x\n", 1, 8, "title", `!!bool does not fit "x"`},
		{"title: !!map x\n", 1, 8, "title", `!!map does not fit "x"`},
		{"items: !!map [a]\n", 1, 8, "items", "!!map does not fit a list"},
		{"extra: !!str {name: a}\n", 1, 8, "extra", "!!str does not fit a mapping"},
		// In a field kept as a node, for decoding later.
		{"raw: [1, {a: !!binary AAEC}]\n", 1, 14, "raw[1].a", "!!binary"},
	} {
		var f file
		err := conf.Decode(strings.NewReader(c.in), &f)
		var ce *conf.Error
		require.ErrorAs(t, err, &ce, c.in)
		assert.ErrorIs(t, err, conf.ErrBadValue, c.in)
		assert.Equal(t, c.line, ce.Line, "line: %v", err)
		assert.Equal(t, c.col, ce.Column, "column: %v", err)
		assert.Equal(t, c.path, ce.Path, "%v", err)
		assert.Contains(t, err.Error(), "tag "+c.tag, c.in)
	}

	// The core schema's own tags, and the implicit ones, are accepted.
	var f file
	require.NoError(t, conf.Decode(strings.NewReader(
		"!!map\ntitle: !!str 12\nitems: !!seq\n  - {name: !!str a, count: !!int 3, on: !!bool true, wait: ~, tags: !!null \"\"}\n"+
			"units: {!!str a: b, c: 2024-01-02}\nextra: !!null\n"), &f))
	assert.Equal(t, "12", f.Title)
	assert.Equal(t, []item{{Name: "a", Count: 3, On: true}}, f.Items)
	assert.Equal(t, map[string]string{"a": "b", "c": "2024-01-02"}, f.Units)
	var g struct {
		Ratio float64 `yaml:"ratio"`
	}
	require.NoError(t, conf.Decode(strings.NewReader("ratio: !!float 0.5\n"), &g))
	assert.Equal(t, 0.5, g.Ratio)
	require.NoError(t, conf.Decode(strings.NewReader("items:\n  - &a {name: a}\n  - <<: *a\n    count: 2\n"), &f))
}

// A merge key given twice is refused at the second, like any other key.
func TestDuplicateMergeKey(t *testing.T) {
	var f file
	err := conf.Decode(strings.NewReader("items:\n  - name: a\n    <<: {count: 1}\n    <<: {on: true}\n"), &f)
	var ce *conf.Error
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, conf.ErrDuplicateKey)
	assert.Equal(t, conf.Position{Line: 4, Column: 5}, conf.Position{Line: ce.Line, Column: ce.Column}, "%v", err)
	assert.Equal(t, "items[0].<<", ce.Path)
	assert.Contains(t, err.Error(), "given twice, first on line 3")
}

// comments reads as endless lines of comment.
type comments struct{ n int }

func (c *comments) Read(p []byte) (int, error) {
	for i := range p {
		if c.n++; c.n%64 == 0 {
			p[i] = '\n'
		} else {
			p[i] = '#'
		}
	}
	return len(p), nil
}

func TestParseSizeLimit(t *testing.T) {
	_, err := conf.Parse(io.LimitReader(&comments{}, conf.MaxSize+1))
	var ce *conf.Error
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, conf.ErrBadValue)
	assert.Contains(t, err.Error(), "larger than 16 MiB")
}

// aliasFile is a list of n anchored names and then m items that each
// alias the list.
func aliasFile(n, m int) string {
	var b strings.Builder
	b.WriteString("extra:\n  tags: &all [")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("r" + strconv.Itoa(i))
	}
	b.WriteString("]\nitems:\n")
	for i := range m {
		b.WriteString("  - {name: i" + strconv.Itoa(i) + ", tags: *all}\n")
	}
	return b.String()
}

// Aliases may not stand for many times more nodes than the file has: the
// items of a list are decoded one at a time, each with its own yaml.v3
// alias count, so that otherwise a small file could cost minutes.
func TestParseAliasBudget(t *testing.T) {
	in := aliasFile(900, 5000) // about 150 KB standing for 4.5 million nodes
	_, err := conf.Parse(strings.NewReader(in))
	var ce *conf.Error
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, conf.ErrBadValue)
	assert.Contains(t, err.Error(), "aliases")
	assert.Positive(t, ce.Line)
	assert.Regexp(t, `^items\[\d+\]\.tags$`, ce.Path)

	// Reuse within reason is fine.
	n, err := conf.Parse(strings.NewReader(aliasFile(50, 100)))
	require.NoError(t, err)
	var f file
	require.NoError(t, conf.DecodeNode(n, &f))
	require.Len(t, f.Items, 100)
	assert.Len(t, f.Items[99].Tags, 50)

	// An alias inside the node it names.
	_, err = conf.Parse(strings.NewReader("raw: &r [a, *r]\n"))
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, conf.ErrBadValue)
	assert.Equal(t, conf.Position{Line: 1, Column: 13}, conf.Position{Line: ce.Line, Column: ce.Column}, "%v", err)
}
