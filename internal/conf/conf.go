package conf

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// Sentinels wrapped by the Err of every *Error, so that a package can
// export them as its own (sla.ErrUnknownField is ErrUnknownField).
var (
	// ErrSyntax reports text that is not YAML (or JSON).
	ErrSyntax = errors.New("not valid YAML")
	// ErrUnknownField reports a key the target struct does not have.
	ErrUnknownField = errors.New("unknown field")
	// ErrBadValue reports a value of the wrong kind (a list where text
	// belongs, "high" for a number), an empty file, a second document, a
	// key given twice, a tag outside the core schema ("!!binary"), a file
	// larger than MaxSize or aliases that stand for too much (see Parse).
	ErrBadValue = errors.New("bad value")
	// ErrDuplicateKey reports a key given twice in one mapping; it comes
	// with ErrBadValue.
	ErrDuplicateKey = errors.New("given twice")
	// ErrEmpty reports a file with no document (nothing, or only
	// comments); it comes with ErrBadValue.
	ErrEmpty = errors.New("empty file")
)

// Error is a mistake in a configuration file and where it is. Line and
// Column are 1-based; 0 when unknown (a syntax error whose message gives no
// line, a value built in Go). Path is the field's place relative to the
// node decoded: keys joined by dots, list positions in brackets, e.g.
// "targets[2].days"; "" for the node itself. Err is the cause; it wraps
// one of the package's sentinels, or is what a yaml.Unmarshaler returned.
type Error struct {
	Line, Column int
	Path         string
	Err          error
}

// Error returns "line L, column C: path: cause", leaving out what is
// unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if at := (Position{e.Line, e.Column}).String(); at != "" {
		b.WriteString(at + ": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Position is a place in a file: Line and Column are 1-based, 0 when
// unknown. Every package's file error prints its position with it, so
// that all of them say it the same way.
type Position struct {
	Line, Column int
}

// String returns "line L, column C", "line L" when the column is unknown,
// or "" when the line is.
func (p Position) String() string {
	switch {
	case p.Line <= 0:
		return ""
	case p.Column <= 0:
		return "line " + strconv.Itoa(p.Line)
	}
	return "line " + strconv.Itoa(p.Line) + ", column " + strconv.Itoa(p.Column)
}

// Suffix returns " (line L, column C)" for the end of a message, or ""
// when the line is unknown.
func (p Position) Suffix() string {
	if s := p.String(); s != "" {
		return " (" + s + ")"
	}
	return ""
}

// Split returns the path, position and cause of err when it is an *Error
// (or wraps one), so that a package can build its own error type from
// them; any other err is returned as the cause, with no path or position.
func Split(err error) (path string, at Position, cause error) {
	if ce, ok := errors.AsType[*Error](err); ok {
		return ce.Path, Position{ce.Line, ce.Column}, ce.Err
	}
	return "", Position{}, err
}

// MaxSize is the most bytes Parse reads: 16 MiB, hundreds of times the
// largest real configuration file. A longer input is refused unread past
// this many bytes.
const MaxSize = 16 << 20

// Limits on aliases: what the aliases of a document stand for, counted in
// full for every alias (an alias of a list of 900 names stands for 901
// nodes, however often it is used), may come to at most aliasRatio times
// the nodes the document has of its own, or aliasFloor in a smaller one.
// Decoding a document, or its items one at a time, then walks at most
// about aliasRatio+1 times its own nodes.
const (
	aliasRatio = 10
	aliasFloor = 10_000
)

// coreTags are the explicit tags a file may give: those of the YAML core
// schema. Untagged nodes may resolve to others too ("!!timestamp" for a
// plain date, "!!merge" for <<); those read as text or merge as usual.
var coreTags = map[string]bool{
	"!!str": true, "!!int": true, "!!float": true, "!!bool": true,
	"!!null": true, "!!map": true, "!!seq": true,
}

// Parse reads exactly one YAML document from r and returns its root node,
// never an alias. Errors are *Error values: ErrSyntax with the line when the
// parser gives one, ErrEmpty, or ErrBadValue for a second document, an
// input longer than MaxSize, an explicit tag other than the core schema's
// (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq: "!!binary" or
// "!custom" are refused, at the tagged node), an alias inside the node it
// names, or aliases that stand for more than ten times the document's
// own nodes (and more than 10,000), so that no file costs more than a few
// times its size to decode, even item by item. A read error is returned
// as it is.
func Parse(r io.Reader) (*yaml.Node, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, &Error{Err: fmt.Errorf("%w: larger than 16 MiB (%d bytes), the most a configuration file may be", ErrBadValue, MaxSize)}
	}
	return parseBytes(data)
}

func parseBytes(data []byte) (n *yaml.Node, err error) {
	defer func() {
		// The parser has panicked on hostile input in past releases.
		if r := recover(); r != nil {
			n, err = nil, &Error{Err: fmt.Errorf("%w: %v", ErrSyntax, r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, &Error{Err: fmt.Errorf("%w: %w", ErrBadValue, ErrEmpty)}
		}
		return nil, syntaxError(err)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); err {
	case io.EOF:
	case nil:
		return nil, &Error{Line: extra.Line, Column: extra.Column, Err: fmt.Errorf("%w: want one document, found a second", ErrBadValue)}
	default:
		return nil, syntaxError(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &Error{Err: fmt.Errorf("%w: %w", ErrBadValue, ErrEmpty)}
	}
	root := Resolve(doc.Content[0])
	own, err := vetTags(root)
	if err != nil {
		return nil, err
	}
	a := aliasBudget{limit: max(aliasFloor, aliasRatio*own), size: map[*yaml.Node]int{}}
	if _, err := a.expand(root); err != nil {
		return nil, err
	}
	return root, nil
}

// vetTags refuses an explicit tag on n or below it that is outside
// coreTags or does not fit its node, and returns the number of nodes of n,
// not following aliases.
func vetTags(n *yaml.Node) (int, error) {
	if n.Style&yaml.TaggedStyle != 0 {
		if why := tagProblem(n); why != "" {
			return 0, &Error{Line: n.Line, Column: n.Column, Err: fmt.Errorf("%w: tag %s %s", ErrBadValue, n.Tag, why)}
		}
	}
	count := 1
	for i, c := range n.Content {
		k, err := vetTags(c)
		if err != nil {
			return 0, within(n, i, err)
		}
		count += k
	}
	return count, nil
}

// tagProblem returns why the explicit tag of n is refused, or "".
func tagProblem(n *yaml.Node) string {
	tag := n.ShortTag()
	switch {
	case !coreTags[tag]:
		return "is not accepted (only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq); write the value itself"
	case tag == "!!map" && n.Kind != yaml.MappingNode,
		tag == "!!seq" && n.Kind != yaml.SequenceNode,
		tag != "!!map" && tag != "!!seq" && n.Kind != yaml.ScalarNode:
		return "does not fit " + Describe(n)
	case n.Kind == yaml.ScalarNode && tag != "!!str":
		var v any
		if n.Decode(&v) != nil {
			return "does not fit " + strconv.Quote(n.Value)
		}
	}
	return ""
}

// aliasBudget counts the nodes the aliases of a document stand for.
type aliasBudget struct {
	limit, used int
	size        map[*yaml.Node]int // anchored node: its nodes, aliases expanded
}

// expand returns the number of nodes of n with its aliases expanded,
// refusing when the aliases met so far stand for more than a.limit nodes.
// Every alias names a node before it, whose size is known then, unless it
// is inside that node.
func (a *aliasBudget) expand(n *yaml.Node) (int, error) {
	if n.Kind == yaml.AliasNode {
		s, ok := a.size[n.Alias]
		if !ok {
			return 0, &Error{Line: n.Line, Column: n.Column, Err: fmt.Errorf("%w: alias *%s is inside the node it names", ErrBadValue, n.Value)}
		}
		if a.used += s; a.used > a.limit {
			return 0, &Error{Line: n.Line, Column: n.Column, Err: fmt.Errorf(
				"%w: aliases stand for more than %d nodes (at most %d times the file's own, or %d); write the values out, or share less",
				ErrBadValue, a.limit, aliasRatio, aliasFloor)}
		}
		return s, nil
	}
	s := 1
	for i, c := range n.Content {
		k, err := a.expand(c)
		if err != nil {
			return 0, within(n, i, err)
		}
		s += k
	}
	if n.Anchor != "" {
		a.size[n] = s
	}
	return s, nil
}

// within puts err, an *Error found at child i of n, on n's path: under the
// key of a mapping (for a key too), or at the position in a list.
func within(n *yaml.Node, i int, err error) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	switch n.Kind {
	case yaml.SequenceNode:
		e.Path = JoinPath("["+strconv.Itoa(i)+"]", e.Path)
	case yaml.MappingNode:
		if k := Resolve(n.Content[i&^1]); k.Kind == yaml.ScalarNode {
			e.Path = JoinPath(k.Value, e.Path)
		}
	}
	return e
}

// syntaxError turns an error of the YAML parser, such as "yaml: line 3:
// did not find expected key", into an *Error with that line.
func syntaxError(err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, problem, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, problem
			}
		}
	}
	return &Error{Line: line, Err: fmt.Errorf("%w: %s", ErrSyntax, msg)}
}

// Decode reads one YAML (or JSON) document from r into v, a pointer, as
// DecodeNode does.
func Decode(r io.Reader, v any) error {
	n, err := Parse(r)
	if err != nil {
		return err
	}
	return DecodeNode(n, v)
}

// DecodeNode decodes n (a node Parse returned, or one inside it) into v, a
// pointer, strictly: every key of a mapping
// decoded into a struct must be a field of the struct (its yaml tag, or
// its name in lower case), no mapping may give a key twice, and every value
// must suit its field (a mapping for a struct or map, a list for a slice,
// a scalar of the right kind otherwise). Two conveniences hold for every
// file: a single scalar where a list of scalars belongs reads as a list of
// one ("tags: 井盖" is "tags: [井盖]"), and a quoted number where a number
// belongs reads as that number ("days: \"5\"" is "days: 5"); booleans
// and whole numbers stay strict otherwise (no "yes", no 2.5 for an int). A field of type yaml.Node takes
// anything and keeps its position, for decoding later. A type that
// implements yaml.Unmarshaler checks its own value; an error it returns
// becomes the Err of the *Error at its node. Null leaves a field zero, but
// is refused as an item of a list of scalars.
// The first mistake is returned as an *Error with the position and path of
// the offending key or value.
func DecodeNode(n *yaml.Node, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("conf: decode into %T, want a non-nil pointer", v)
	}
	if n == nil {
		return &Error{Err: fmt.Errorf("%w: %w", ErrBadValue, ErrEmpty)}
	}
	c := checker{seen: map[aliasVisit]bool{}}
	if err := c.check(n, rv.Type().Elem(), ""); err != nil {
		return err
	}
	if err := n.Decode(v); err != nil {
		// Not reached for the types check knows; kept as an error rather
		// than trusted.
		var ce *Error
		if errors.As(err, &ce) {
			return err
		}
		return &Error{Line: n.Line, Column: n.Column, Err: fmt.Errorf("%w: %v", ErrBadValue, err)}
	}
	return nil
}

// At returns an *Error for err found at path inside n after decoding (a
// value out of range, a name that does not resolve), placed at the node of
// path, or at the nearest enclosing node when path names a key that is not
// there. path uses the syntax of Error.Path.
func At(n *yaml.Node, path string, err error) *Error {
	at := Lookup(n, path)
	return &Error{Line: at.Line, Column: at.Column, Path: path, Err: err}
}

// Lookup returns the node at path inside n (keys joined by dots, list
// positions in brackets), or the deepest node on the way when the path
// leaves the document. For a key, the value's node is returned.
func Lookup(n *yaml.Node, path string) *yaml.Node {
	n = Resolve(n)
	for path != "" {
		var step string
		if strings.HasPrefix(path, "[") {
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return n
			}
			i, err := strconv.Atoi(path[1:end])
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return n
			}
			n, path = Resolve(n.Content[i]), strings.TrimPrefix(path[end+1:], ".")
			continue
		}
		step, path = path, ""
		if i := strings.IndexAny(step, ".["); i >= 0 {
			step, path = step[:i], strings.TrimPrefix(step[i:], ".")
		}
		v := Field(n, step)
		if v == nil {
			return n
		}
		n = v
	}
	return n
}

// Field returns the value of key in mapping n (the first, if given twice),
// or nil when n is not a mapping or has no such key. Use it to name an
// entry in errors before decoding it, e.g. by its "name".
func Field(n *yaml.Node, key string) *yaml.Node {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := Resolve(n.Content[i]); k.Kind == yaml.ScalarNode && k.Value == key {
			return Resolve(n.Content[i+1])
		}
	}
	return nil
}

// LoadFile opens the file at path and returns what parse makes of it. An
// error names the file: "path: cause", wrapping the cause.
func LoadFile[T any](path string, parse func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err // *fs.PathError names the file already
	}
	defer f.Close()
	v, err := parse(f)
	if err != nil {
		return v, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// Resolve follows aliases to the node they name; other nodes are returned
// as they are.
func Resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// aliasVisit is a node checked against a type; anchored nodes are checked
// once per type, so that aliases cannot make the check exponential.
type aliasVisit struct {
	n *yaml.Node
	t reflect.Type
}

type checker struct {
	seen map[aliasVisit]bool
}

var (
	nodeType            = reflect.TypeFor[yaml.Node]()
	durationType        = reflect.TypeFor[time.Duration]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	unmarshalerType     = reflect.TypeFor[yaml.Unmarshaler]()
)

func (c *checker) check(n *yaml.Node, t reflect.Type, path string) error {
	listOfOne(n, t)
	if n.Kind == yaml.AliasNode {
		n = Resolve(n)
		v := aliasVisit{n, t}
		if c.seen[v] {
			return nil
		}
		c.seen[v] = true
	}
	if t == nodeType {
		return nil
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		if err := n.Decode(reflect.New(t).Interface()); err != nil {
			var ce *Error
			if errors.As(err, &ce) {
				return &Error{Line: ce.Line, Column: ce.Column, Path: JoinPath(path, ce.Path), Err: ce.Err}
			}
			var te *yaml.TypeError
			if errors.As(err, &te) {
				err = fmt.Errorf("%w: want %s, got %s", ErrBadValue, want(t), Describe(n))
			}
			return &Error{Line: n.Line, Column: n.Column, Path: path, Err: err}
		}
		return nil
	}
	if isNull(n) {
		return nil
	}
	fail := func(err error) error { return &Error{Line: n.Line, Column: n.Column, Path: path, Err: err} }
	wrong := func() error { return fail(fmt.Errorf("%w: want %s, got %s", ErrBadValue, want(t), Describe(n))) }
	switch t.Kind() {
	case reflect.Pointer:
		return c.check(n, t.Elem(), path)
	case reflect.Interface:
		return nil
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return wrong()
		}
		return c.mapping(n, path, func(k, v *yaml.Node) error {
			f, ok := fieldOf(t, k)
			if !ok {
				return &Error{Line: k.Line, Column: k.Column, Path: JoinPath(path, k.Value), Err: unknownField(t, k)}
			}
			return c.check(v, f, JoinPath(path, k.Value))
		}, t)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return wrong()
		}
		return c.mapping(n, path, func(k, v *yaml.Node) error {
			if err := c.check(k, t.Key(), JoinPath(path, k.Value)); err != nil {
				return err
			}
			return c.check(v, t.Elem(), JoinPath(path, k.Value))
		}, nil)
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			return wrong()
		}
		if t.Kind() == reflect.Array && len(n.Content) > t.Len() {
			return fail(fmt.Errorf("%w: want at most %d items, got %d", ErrBadValue, t.Len(), len(n.Content)))
		}
		for i, item := range n.Content {
			if r := Resolve(item); isNull(r) && scalarKind(t.Elem()) {
				// A hole in a list of names is a slip, not an empty name.
				return &Error{Line: r.Line, Column: r.Column, Path: fmt.Sprintf("%s[%d]", path, i),
					Err: fmt.Errorf("%w: want %s in the list, got nothing", ErrBadValue, want(t.Elem()))}
			}
			if err := c.check(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	quotedNumber(n, t)
	if n.Kind != yaml.ScalarNode || !scalarFits(n, t) {
		return wrong()
	}
	if t.Kind() == reflect.String && n.ShortTag() != "!!binary" && !reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return nil // any other scalar reads as its text
	}
	if err := n.Decode(reflect.New(t).Interface()); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) && reflect.PointerTo(t).Implements(textUnmarshalerType) {
			// The type's own reason, such as the names it accepts.
			return fail(fmt.Errorf("%w: %w", ErrBadValue, err))
		}
		return wrong()
	}
	return nil
}

// listOfOne rewrites n, a scalar where a list of scalars of type t
// belongs, into a list holding that scalar, so that "any: 井盖" reads as
// "any: [井盖]". An anchored scalar is left alone, as its aliases may
// want it as it is.
func listOfOne(n *yaml.Node, t reflect.Type) {
	if t.Kind() != reflect.Slice || reflect.PointerTo(t).Implements(unmarshalerType) || !scalarKind(t.Elem()) {
		return
	}
	item := Resolve(n)
	if item == nil || item.Kind != yaml.ScalarNode || isNull(item) || item.ShortTag() == "!!binary" {
		return
	}
	if item == n {
		if n.Anchor != "" {
			return
		}
		cp := *n
		item = &cp
	}
	*n = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: item.Line, Column: item.Column, Content: []*yaml.Node{item}}
}

// scalarKind reports whether a value of type t is written as a scalar:
// text, a number or a boolean, but not bytes.
func scalarKind(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// quotedNumber retags n, quoted text such as "40" where a number of type t
// belongs, as the number it spells, so that it decodes as one. Text that
// spells no number is left for the check to refuse; durations are text
// already.
func quotedNumber(n *yaml.Node, t reflect.Type) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" || t == durationType ||
		reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return
	}
	s := strings.TrimSpace(n.Value)
	tag := "!!int"
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			return
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if _, err := strconv.ParseUint(s, 10, 64); err != nil {
			return
		}
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return
		}
		tag = "!!float"
	default:
		return
	}
	n.Tag, n.Value, n.Style = tag, s, 0
}

// scalarFits refuses what yaml.v3 would take loosely: a fraction for a
// whole number (it truncates) and yes, no, on or off for a boolean.
func scalarFits(n *yaml.Node, t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool:
		return n.ShortTag() == "!!bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.ShortTag() == "!!float" && t != durationType {
			f, err := strconv.ParseFloat(n.Value, 64)
			return err == nil && f == math.Trunc(f)
		}
	}
	return true
}

// mapping calls f for every key and value of mapping n, refusing a key
// given twice (a merge key too). Merge keys ("<<") of a struct's mapping
// are checked against the struct's type.
func (c *checker) mapping(n *yaml.Node, path string, f func(k, v *yaml.Node) error, merge reflect.Type) error {
	first := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := Resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return &Error{Line: k.Line, Column: k.Column, Path: path, Err: fmt.Errorf("%w: want a key, got %s", ErrBadValue, Describe(k))}
		}
		if line, dup := first[k.Value]; dup {
			return &Error{Line: k.Line, Column: k.Column, Path: JoinPath(path, k.Value),
				Err: fmt.Errorf("%w: %w, first on line %d", ErrBadValue, ErrDuplicateKey, line)}
		}
		first[k.Value] = k.Line
		if k.ShortTag() == "!!merge" && merge != nil {
			if err := c.merge(v, merge, path); err != nil {
				return err
			}
			continue
		}
		if err := f(k, v); err != nil {
			return err
		}
	}
	return nil
}

// merge checks the value of a merge key: a mapping or a list of mappings.
func (c *checker) merge(v *yaml.Node, t reflect.Type, path string) error {
	v = Resolve(v)
	if v.Kind == yaml.SequenceNode {
		for _, m := range v.Content {
			if err := c.check(m, t, path); err != nil {
				return err
			}
		}
		return nil
	}
	return c.check(v, t, path)
}

// structFields are the fields of a struct type by key, and the keys in
// order, for messages.
type structFields struct {
	byKey map[string]reflect.Type
	keys  []string
}

// fieldCache maps a struct type to its *structFields.
var fieldCache sync.Map

func fieldsOf(t reflect.Type) *structFields {
	if v, ok := fieldCache.Load(t); ok {
		return v.(*structFields)
	}
	sf := &structFields{byKey: map[string]reflect.Type{}}
	for _, f := range reflect.VisibleFields(t) {
		if name, ok := fieldName(f); ok {
			sf.byKey[name] = f.Type
			sf.keys = append(sf.keys, name)
		}
	}
	v, _ := fieldCache.LoadOrStore(t, sf)
	return v.(*structFields)
}

// fieldOf returns the type of the field of struct t that key k names, as
// yaml.v3 reads tags: the tag's name, or the field's name in lower case;
// "-" is skipped.
func fieldOf(t reflect.Type, k *yaml.Node) (reflect.Type, bool) {
	if k.ShortTag() != "!!str" {
		return nil, false
	}
	ft, ok := fieldsOf(t).byKey[k.Value]
	return ft, ok
}

func fieldName(f reflect.StructField) (string, bool) {
	if !f.IsExported() || f.Anonymous {
		return "", false
	}
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	switch name {
	case "-":
		return "", false
	case "":
		return strings.ToLower(f.Name), true
	}
	return name, true
}

// unknownField says that key k is not a field of t, listing the fields.
func unknownField(t reflect.Type, k *yaml.Node) error {
	list := strings.Join(fieldsOf(t).keys, ", ")
	if k.ShortTag() != "!!str" {
		return fmt.Errorf("%s as a key: %w (known: %s)", Describe(k), ErrUnknownField, list)
	}
	return fmt.Errorf("%w %q (known: %s)", ErrUnknownField, k.Value, list)
}

// JoinPath returns the path of key inside path, in the syntax of
// Error.Path: "a" and "b" give "a.b", "a" and "[2]" give "a[2]", and an
// empty side gives the other.
func JoinPath(path, key string) string {
	switch {
	case path == "":
		return key
	case key == "" || strings.HasPrefix(key, "["):
		return path + key
	}
	return path + "." + key
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// Describe names what n is, for messages: "a mapping", "a list",
// "nothing", "a boolean", "a number", or a scalar's text in quotes.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "a number"
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}

// want names what a value of type t is, for messages.
func want(t reflect.Type) string {
	if t == durationType {
		return "a duration such as \"30m\" or \"2h\""
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "text"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping"
	}
	return t.String()
}
