package classify

import (
	"errors"
	"strconv"
	"strings"
)

// Errors callers branch on with errors.Is.
var (
	// ErrInvalidCode: a code is not digits in dot-separated segments
	// (see [Code]). The error is a *CodeError naming the code.
	ErrInvalidCode = errors.New("malformed code")
	// ErrUnknownCode: a well-formed code that the classification does not
	// have. The error is a *CodeError naming the code.
	ErrUnknownCode = errors.New("not in the classification")
)

// Limits on the form of a [Code].
const (
	MaxDepth      = 6 // the most segments a code has
	MaxSegmentLen = 4 // the most digits a segment has
)

// Code names a class of request (诉求分类) by its place in a [Tree]: one
// segment of 1 to MaxSegmentLen ASCII digits per level, joined by dots, at
// most MaxDepth levels, such as "01.02.03" (城乡建设 > 市容环境 > 噪音扰民).
// A child's code is its parent's code, a dot and one more segment, so the
// code alone tells its ancestors and the subtrees it is in, without the
// tree. Codes are compared as written: "1" and "01" are different codes.
// Giving every segment of a level the same width ("01" to "12") makes codes
// sort in the order of the tree. The zero value, "", is no code and is not
// valid.
type Code string

// ParseCode returns s, without surrounding spaces, as a Code when it is
// well formed; otherwise a *CodeError wrapping ErrInvalidCode.
func ParseCode(s string) (Code, error) {
	c := Code(strings.TrimSpace(s))
	if !c.Valid() {
		return "", &CodeError{Code: s, Err: ErrInvalidCode}
	}
	return c, nil
}

// Valid reports whether c is well formed: 1 to MaxDepth segments of 1 to
// MaxSegmentLen ASCII digits, joined by single dots.
func (c Code) Valid() bool {
	if c == "" {
		return false
	}
	depth, seg := 1, 0
	for i := 0; i < len(c); i++ {
		switch b := c[i]; {
		case b >= '0' && b <= '9':
			seg++
			if seg > MaxSegmentLen {
				return false
			}
		case b == '.' && seg > 0 && depth < MaxDepth:
			depth, seg = depth+1, 0
		default:
			return false
		}
	}
	return seg > 0
}

// String returns c as it is.
func (c Code) String() string { return string(c) }

// Depth is the number of segments of c: 1 for a top-level class, 0 for the
// empty code. It counts dots and does not check that c is well formed.
func (c Code) Depth() int {
	if c == "" {
		return 0
	}
	return strings.Count(string(c), ".") + 1
}

// Parent returns c without its last segment ("01.02" for "01.02.03"), or
// "" for a top-level code or the empty code.
func (c Code) Parent() Code {
	if i := strings.LastIndexByte(string(c), '.'); i >= 0 {
		return c[:i]
	}
	return ""
}

// Ancestor returns the first depth segments of c, the class that contains
// c at that level: "01" for Ancestor(1) of "01.02.03". Lists and
// assessments group by it. It returns c when c has no more than depth
// segments, and "" when depth is less than 1.
func (c Code) Ancestor(depth int) Code {
	if depth < 1 {
		return ""
	}
	for i := 0; i < len(c); i++ {
		if c[i] == '.' {
			if depth--; depth == 0 {
				return c[:i]
			}
		}
	}
	return c
}

// Within reports whether c is subtree itself or one of its descendants, by
// whole segments: "01.02.03" is within "01.02" and "01.02.03", while
// "03.10" is not within "03.1". It is false when either code is empty. It
// needs no tree; see [Tree.Within] to require that both codes exist.
func (c Code) Within(subtree Code) bool {
	if c == "" || subtree == "" {
		return false
	}
	return c == subtree || len(c) > len(subtree) && c[len(subtree)] == '.' && c[:len(subtree)] == subtree
}

// UnmarshalText decodes a code that [ParseCode] accepts, and "" as the
// zero value (no code).
func (c *Code) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = ""
		return nil
	}
	v, err := ParseCode(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// CodeError reports a code that is malformed or not in the classification.
// It matches its cause, ErrInvalidCode or ErrUnknownCode.
type CodeError struct {
	Code string // the code as given
	Err  error
}

// Error names the code and the cause: `classify: code "01.99": not in the
// classification`.
func (e *CodeError) Error() string {
	return "classify: code " + strconv.Quote(e.Code) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *CodeError) Unwrap() error { return e.Err }
