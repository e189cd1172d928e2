package classify

import (
	"errors"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline/internal/conf"
)

// Sentinels of the file loader, shared with the library's other
// configuration files.
var (
	ErrUnknownField = conf.ErrUnknownField // a key the file format does not have
	ErrBadValue     = conf.ErrBadValue     // a value of the wrong kind, a key given twice, an empty file
)

// ConfigError is a mistake in a classification or a reason list, built in
// Go or read from a file. Code is the code of the node or reason at fault
// ("" when there is none); Field is the place of the mistake in the file's
// terms, such as "codes[0].children[2].name" or "cancel[1].code" (for New,
// "nodes[i].code"); Line and Column place it in the file (1-based; 0 when
// built in Go, or for a file error without a position). It matches
// ErrInvalid and its cause under errors.Is.
type ConfigError struct {
	Code   string
	Field  string
	Line   int
	Column int
	Err    error
}

// Error returns e.g. `classify: "01.02": codes[0].children[1].code: does
// not extend its parent's code "03" (line 9, column 13)`, leaving out the
// parts that are empty.
func (e *ConfigError) Error() string {
	msg := "classify: "
	if e.Code != "" {
		msg += strconv.Quote(e.Code) + ": "
	}
	if e.Field != "" {
		msg += e.Field + ": "
	}
	if e.Err != nil {
		msg += e.Err.Error()
	}
	return msg + conf.Position{Line: e.Line, Column: e.Column}.Suffix()
}

// Unwrap returns the cause and ErrInvalid.
func (e *ConfigError) Unwrap() []error { return []error{e.Err, ErrInvalid} }

// inNode returns err with its Field placed inside prefix.
func inNode(err error, prefix string) error {
	if ce, ok := errors.AsType[*ConfigError](err); ok {
		out := *ce
		out.Field = conf.JoinPath(prefix, ce.Field)
		return &out
	}
	return err
}

// fileError turns err, met at path inside the file node n, into a
// *ConfigError with the position of that place. An *conf.Error (from
// decoding n) keeps its own position and gives its path inside n; a
// *ConfigError (from validating what n holds) gives its Field inside n.
func fileError(n *yaml.Node, path, code string, err error) *ConfigError {
	if _, ok := errors.AsType[*conf.Error](err); ok {
		sub, at, cause := conf.Split(err)
		return &ConfigError{Code: code, Field: conf.JoinPath(path, sub), Line: at.Line, Column: at.Column, Err: cause}
	}
	field, cause := "", err
	if ce, ok := errors.AsType[*ConfigError](err); ok {
		if ce.Code != "" {
			code = ce.Code
		}
		field, cause = ce.Field, ce.Err
	}
	out := &ConfigError{Code: code, Field: conf.JoinPath(path, field), Err: cause}
	if at := conf.Lookup(n, field); at != nil {
		out.Line, out.Column = at.Line, at.Column
	}
	return out
}
