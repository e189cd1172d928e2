package classify

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline/internal/conf"
)

// fileNode is one class in a classification file.
type fileNode struct {
	Code     string      `yaml:"code"`
	Name     string      `yaml:"name"`
	NameEN   string      `yaml:"name_en"`
	Children []yaml.Node `yaml:"children"`
}

// Parse reads a classification in YAML (JSON reads as YAML too): a mapping
// with one key, "codes", a list of top-level classes, each a mapping of
// code, name (Chinese), name_en (English, optional) and children (a list of
// classes, optional):
//
//	codes:
//	  - code: "01"
//	    name: 城乡建设
//	    name_en: Urban and rural construction
//	    children:
//	      - code: "01.02"
//	        name: 市容环境
//	        children:
//	          - {code: "01.02.03", name: 噪音扰民, name_en: Noise nuisance}
//
// A top-level code has one segment and a child's code is its parent's and
// one more segment. Unknown keys, keys given twice, codes given twice and
// empty names are refused. Every error is a *ConfigError with the line and
// column of the mistake, matching ErrInvalid; an error reading r is
// returned as it is.
func Parse(r io.Reader) (*Tree, error) {
	root, err := conf.Parse(r)
	if err != nil {
		if _, ok := err.(*conf.Error); !ok {
			return nil, err
		}
		return nil, fileError(root, "", "", err)
	}
	var top struct {
		Codes []yaml.Node `yaml:"codes"`
	}
	if err := conf.DecodeNode(root, &top); err != nil {
		return nil, fileError(root, "", "", err)
	}
	if len(top.Codes) == 0 {
		return nil, fileError(root, "", "", &ConfigError{Field: "codes", Err: fmt.Errorf("%w: want a list of at least one class", ErrBadValue)})
	}
	var rd treeReader
	for i := range top.Codes {
		if err := rd.read(&top.Codes[i], fmt.Sprintf("codes[%d]", i), ""); err != nil {
			return nil, err
		}
	}
	t, bad, err := build(rd.nodes, func(i int) string { return fmt.Sprintf("line %d", rd.places[i].n.Line) })
	if err != nil {
		return nil, fileError(rd.places[bad].n, rd.places[bad].path, "", err)
	}
	return t, nil
}

// treeReader collects the nodes of a file in preorder, with their places.
type treeReader struct {
	nodes  []Node
	places []place
}

// place is where in the file a node is.
type place struct {
	n    *yaml.Node
	path string
}

// read decodes the class at n, at path in the file, whose parent has code
// parent ("" at the top level), and then its children.
func (rd *treeReader) read(n *yaml.Node, path string, parent Code) error {
	code := ""
	if c := conf.Field(n, "code"); c != nil && c.Kind == yaml.ScalarNode {
		code = c.Value
	}
	var fn fileNode
	if err := conf.DecodeNode(n, &fn); err != nil {
		return fileError(n, path, code, err)
	}
	node := Node{Code: Code(fn.Code), NameZH: fn.Name, NameEN: fn.NameEN}
	if err := node.Validate(); err != nil {
		return fileError(n, path, code, err)
	}
	switch {
	case parent == "" && node.Code.Depth() != 1:
		return fileError(n, path, code, &ConfigError{Field: "code", Err: fmt.Errorf("%w: a top-level code has one segment", ErrNotExtending)})
	case parent != "" && node.Code.Parent() != parent:
		return fileError(n, path, code, &ConfigError{Field: "code", Err: fmt.Errorf("%w %q", ErrNotExtending, parent)})
	}
	rd.nodes = append(rd.nodes, node)
	rd.places = append(rd.places, place{n, path})
	for i := range fn.Children {
		if err := rd.read(&fn.Children[i], fmt.Sprintf("%s.children[%d]", path, i), node.Code); err != nil {
			return err
		}
	}
	return nil
}

// LoadFile reads the classification file at path; see Parse. Errors start
// with the path.
func LoadFile(path string) (*Tree, error) { return conf.LoadFile(path, Parse) }

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the default classification as a file, in a new
// slice: a starting point for a town's own. Parsing it gives Default.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Default returns the default classification, written for a town like
// 清溪镇: eleven top-level domains (城乡建设 "01" to 其他 "11") with up to
// two levels below, two-digit segments, names in Chinese and English. The
// file is parsed once; the tree cannot be changed, so every call returns
// the same one.
func Default() *Tree { return defaultTree() }

var defaultTree = sync.OnceValue(func() *Tree {
	t, err := Parse(bytes.NewReader(defaultYAML))
	if err != nil {
		panic(err) // the file is embedded, and the tests load it
	}
	return t
})
