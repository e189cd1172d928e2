package classify

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
)

// Errors about a classification or a reason list, matched with errors.Is.
// Every such error is a *ConfigError and also matches ErrInvalid.
var (
	ErrInvalid       = errors.New("invalid classification")            // any mistake in a tree or reason list
	ErrDuplicateCode = errors.New("code given twice")                  // two nodes, or two reasons of a kind, with one code
	ErrNotExtending  = errors.New("does not extend its parent's code") // a child's code is not its parent's and one segment
	ErrNoParent      = errors.New("parent not in the tree")            // a node given to New whose parent code is missing
	ErrBadName       = errors.New("bad name")                          // a name that is empty, too long or has control characters
)

// MaxNameLen is the most characters (runes) a name of a node or reason may
// have.
const MaxNameLen = 100

// Node is one class of a [Tree]: its code and its names. The zero value
// has no code and is refused by Validate. The tree's shape lives in the
// codes, so a Node holds no links; ask the Tree for parents and children.
type Node struct {
	Code   Code
	NameZH string // the name in Chinese, such as "噪音扰民"; required
	NameEN string // the name in English, such as "Noise nuisance"; optional
}

// Name returns n's name in the language best matching t: NameZH for any
// Chinese tag, NameEN for the others, or NameZH when NameEN is empty.
func (n Node) Name(t language.Tag) string { return i18n.Pick(n.NameZH, n.NameEN, t) }

// Validate reports the first problem with n: a malformed code, or a name
// that is empty (NameZH only), longer than MaxNameLen, not UTF-8, or has
// surrounding spaces or control characters. The error is a *ConfigError
// naming the code and the field.
func (n Node) Validate() error {
	if !n.Code.Valid() {
		return &ConfigError{Code: string(n.Code), Field: "code", Err: ErrInvalidCode}
	}
	if why := checkName(n.NameZH, true); why != "" {
		return &ConfigError{Code: string(n.Code), Field: "name", Err: fmt.Errorf("%w: %s", ErrBadName, why)}
	}
	if why := checkName(n.NameEN, false); why != "" {
		return &ConfigError{Code: string(n.Code), Field: "name_en", Err: fmt.Errorf("%w: %s", ErrBadName, why)}
	}
	return nil
}

// checkName returns why s is not an acceptable name, or "". An empty s is
// acceptable unless required.
func checkName(s string, required bool) string {
	switch {
	case s == "":
		if required {
			return "empty"
		}
	case !utf8.ValidString(s):
		return "not valid UTF-8"
	case strings.TrimSpace(s) != s:
		return "surrounding spaces"
	case utf8.RuneCountInString(s) > MaxNameLen:
		return fmt.Sprintf("longer than %d characters", MaxNameLen)
	case strings.ContainsFunc(s, unicode.IsControl):
		return "contains control characters"
	}
	return ""
}

// Tree is a request classification (诉求分类): top-level classes, each with
// children, to at most MaxDepth levels. Build it with [New], [Parse],
// [LoadFile] or [Default]. It cannot be changed once built (every method
// returns copies), so it is safe for concurrent use and may be shared.
// The zero value, and a nil *Tree, is an empty classification: it knows no
// code, and Check refuses every code.
type Tree struct {
	nodes []entry        // in preorder: each node before its children, siblings in the order given
	index map[Code]int32 // code -> position in nodes
	roots []int32
}

// entry is a node and its place in the tree.
type entry struct {
	Node
	parent   int32 // position of the parent, -1 for a top-level node
	end      int32 // one past the position of the last descendant
	children []int32
}

// New builds a tree from nodes: top-level nodes and the children of each
// node in the order given, parents anywhere in the list. Every node must
// pass Validate, no code may be given twice, and the parent code of every
// node below the top level must be in the list; no nodes give an empty
// tree, like the zero Tree. Errors are *ConfigError
// values naming the node, with Field "nodes[i]" for the i-th node, that
// match ErrInvalid and the cause.
func New(nodes []Node) (*Tree, error) {
	t, bad, err := build(nodes, func(i int) string { return fmt.Sprintf("nodes[%d]", i) })
	if err != nil {
		return nil, inNode(err, fmt.Sprintf("nodes[%d]", bad))
	}
	return t, nil
}

// build makes a tree of nodes. On failure it returns the position of the
// node at fault and a *ConfigError whose Field is inside that node; where
// names a node's place for the message about a code given twice.
func build(nodes []Node, where func(i int) string) (*Tree, int, error) {
	index := make(map[Code]int, len(nodes))
	for i, n := range nodes {
		if err := n.Validate(); err != nil {
			return nil, i, err
		}
		if j, dup := index[n.Code]; dup {
			return nil, i, &ConfigError{Code: string(n.Code), Field: "code", Err: fmt.Errorf("%w, first at %s", ErrDuplicateCode, where(j))}
		}
		index[n.Code] = i
	}
	kids := make([][]int, len(nodes))
	var roots []int
	for i, n := range nodes {
		p := n.Code.Parent()
		if p == "" {
			roots = append(roots, i)
			continue
		}
		j, ok := index[p]
		if !ok {
			return nil, i, &ConfigError{Code: string(n.Code), Field: "code", Err: fmt.Errorf("%w: no node %q", ErrNoParent, p)}
		}
		kids[j] = append(kids[j], i)
	}
	t := &Tree{nodes: make([]entry, 0, len(nodes)), index: make(map[Code]int32, len(nodes))}
	var add func(i int, parent int32) int32
	add = func(i int, parent int32) int32 {
		at := int32(len(t.nodes))
		t.nodes = append(t.nodes, entry{Node: nodes[i], parent: parent})
		t.index[nodes[i].Code] = at
		var children []int32
		for _, k := range kids[i] {
			children = append(children, add(k, at))
		}
		t.nodes[at].children = children
		t.nodes[at].end = int32(len(t.nodes))
		return at
	}
	for _, r := range roots {
		t.roots = append(t.roots, add(r, -1))
	}
	return t, 0, nil
}

// Len is the number of nodes.
func (t *Tree) Len() int {
	if t == nil {
		return 0
	}
	return len(t.nodes)
}

// find returns the position of code, or -1. It does not allocate.
func (t *Tree) find(code Code) int32 {
	if t == nil {
		return -1
	}
	if i, ok := t.index[code]; ok {
		return i
	}
	return -1
}

// Lookup returns the node of code and true, or the zero Node and false
// when the tree has no such code. It does not allocate.
func (t *Tree) Lookup(code Code) (Node, bool) {
	i := t.find(code)
	if i < 0 {
		return Node{}, false
	}
	return t.nodes[i].Node, true
}

// Check returns nil when the tree has code; otherwise a *CodeError wrapping
// ErrInvalidCode for a malformed code or ErrUnknownCode for a well-formed
// code the tree lacks.
func (t *Tree) Check(code Code) error {
	switch {
	case t.find(code) >= 0:
		return nil
	case !code.Valid():
		return &CodeError{Code: string(code), Err: ErrInvalidCode}
	}
	return &CodeError{Code: string(code), Err: ErrUnknownCode}
}

// Parent returns the parent of the node of code and true, or false when
// code is a top-level node or not in the tree.
func (t *Tree) Parent(code Code) (Node, bool) {
	i := t.find(code)
	if i < 0 || t.nodes[i].parent < 0 {
		return Node{}, false
	}
	return t.nodes[t.nodes[i].parent].Node, true
}

// Roots returns the top-level nodes in order, in a new slice.
func (t *Tree) Roots() []Node {
	if t == nil {
		return nil
	}
	return t.collect(t.roots)
}

// Children returns the children of the node of code in order, in a new
// slice; nil for a leaf or a code not in the tree.
func (t *Tree) Children(code Code) []Node {
	i := t.find(code)
	if i < 0 {
		return nil
	}
	return t.collect(t.nodes[i].children)
}

func (t *Tree) collect(at []int32) []Node {
	if len(at) == 0 {
		return nil
	}
	out := make([]Node, len(at))
	for k, i := range at {
		out[k] = t.nodes[i].Node
	}
	return out
}

// Path returns the nodes from the top level down to the node of code, in a
// new slice: 城乡建设, 市容环境, 噪音扰民 for "01.02.03" in the default
// tree. It is nil when code is not in the tree.
func (t *Tree) Path(code Code) []Node {
	i := t.find(code)
	if i < 0 {
		return nil
	}
	out := make([]Node, code.Depth())
	for k := len(out) - 1; k >= 0; k-- {
		out[k] = t.nodes[i].Node
		i = t.nodes[i].parent
	}
	return out
}

// PathName returns the names of Path(code) in the language best matching
// t, joined by " > ": "城乡建设 > 市容环境 > 噪音扰民". It is "" when code is
// not in the tree.
func (t *Tree) PathName(code Code, tag language.Tag) string {
	var b strings.Builder
	for k, n := range t.Path(code) {
		if k > 0 {
			b.WriteString(" > ")
		}
		b.WriteString(n.Name(tag))
	}
	return b.String()
}

// Within reports whether code is in the subtree rooted at subtree: both
// are in the tree and code is subtree itself or one of its descendants.
// "03.10" is not within "03.1". It does not allocate; see [Code.Within]
// for the same test without a tree.
func (t *Tree) Within(code, subtree Code) bool {
	i, j := t.find(code), t.find(subtree)
	return i >= 0 && j >= 0 && j <= i && i < t.nodes[j].end
}

// Walk calls yield for every node, each before its children, siblings in
// order, and stops when yield returns false. It is an iterator:
//
//	for n := range tree.Walk { ... }
func (t *Tree) Walk(yield func(Node) bool) {
	if t == nil {
		return
	}
	for i := range t.nodes {
		if !yield(t.nodes[i].Node) {
			return
		}
	}
}

// Leaves returns the nodes without children, in the order of Walk, in a
// new slice.
func (t *Tree) Leaves() []Node {
	if t == nil {
		return nil
	}
	var out []Node
	for i := range t.nodes {
		if len(t.nodes[i].children) == 0 {
			out = append(out, t.nodes[i].Node)
		}
	}
	return out
}
